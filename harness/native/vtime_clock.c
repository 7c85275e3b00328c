// Virtual time, the clock: for the process's main thread, every clock libuv,
// V8 and Node read (clock_gettime's REALTIME, MONOTONIC, BOOTTIME, their
// COARSE variants, gettimeofday, time) answers from one counter that moves
// only with what the thread does:
//  - each fine read moves it by VTIME_TICK_NS (so a busy-wait on Date.now()
//    or performance.now() ends after as many reads as its duration needs);
//  - a COARSE read moves nothing: libuv's loop time reads CLOCK_MONOTONIC_COARSE
//    once per loop turn (clock_getres below makes it choose that clock on
//    every machine), and turns depend on how the kernel batches events;
//  - a wait that ends with nothing ready moves it by the wait's timeout
//    (vtime_wait.c), so timers fire when due in virtual time.
// Both clocks start at the real time when the library loads, rounded down to
// a whole second, so that millisecond phases (the HTTP Date header's cache
// timer, uv_now's ms) are the same in every process. CLOCK_MONOTONIC_RAW stays
// real: no JS-visible clock comes from it, and abseil's CPU-frequency
// calibration times the machine with it (see vtime_measuring_raw). Other threads (libuv's
// thread pool, V8's platform workers, worker_threads) keep real time: their
// reads must not move the main thread's clock, and their own loops must wait
// in real time. ARCHITECTURE.md, "Virtual time".
#include "vtime.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

clock_gettime_fn vtime_real_clock_gettime;
typedef int (*clock_getres_fn)(clockid_t, struct timespec*);
static clock_getres_fn real_clock_getres;

static pthread_t main_thread;
static int initialised;
// Virtual ns since the library loaded; read and written by the main thread only.
static int64_t elapsed_ns;
static int64_t monotonic_start_ns;
static int64_t realtime_start_ns;
static int64_t boottime_start_ns;
static int64_t tai_start_ns;
// Real-rate mode (vtime_set_real_rate): while on, elapsed_ns follows the real
// monotonic clock from where virtual time stood when it was switched on.
static int real_rate;
static int64_t real_rate_since_ns;     // real CLOCK_MONOTONIC when switched on
static int64_t real_rate_elapsed_ns;   // elapsed_ns then

#define NS_PER_SEC 1000000000LL

static void resolve_clock_functions(void) {
  if (vtime_real_clock_gettime == NULL) vtime_real_clock_gettime = (clock_gettime_fn)dlsym(RTLD_NEXT, "clock_gettime");
  if (real_clock_getres == NULL) real_clock_getres = (clock_getres_fn)dlsym(RTLD_NEXT, "clock_getres");
}

int64_t vtime_real_ns(clockid_t clock) {
  struct timespec ts;
  if (vtime_real_clock_gettime == NULL) resolve_clock_functions();
  if (vtime_real_clock_gettime(clock, &ts) != 0) return 0;
  return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static int64_t whole_second(int64_t ns) {
  return ns - ns % NS_PER_SEC;
}

// Removes this library from LD_PRELOAD, in place (no allocation this early),
// so that processes a test starts run in real time.
static void leave_ld_preload(void) {
  Dl_info info;
  if (dladdr((void*)&leave_ld_preload, &info) == 0 || info.dli_fname == NULL) return;
  char* value = getenv("LD_PRELOAD");
  if (value == NULL) return;
  size_t own = strlen(info.dli_fname);
  char* out = value;
  for (char* entry = value; *entry != '\0';) {
    size_t length = strcspn(entry, ": ");
    int ours = length == own && strncmp(entry, info.dli_fname, own) == 0;
    if (!ours && length > 0) {
      if (out != value) *out++ = ':';
      memmove(out, entry, length);
      out += length;
    }
    entry += length;
    if (*entry != '\0') entry++;
  }
  *out = '\0';
  if (*value == '\0') unsetenv("LD_PRELOAD");  // shifts environ, allocates nothing
}

__attribute__((constructor)) static void vtime_init(void) {
  resolve_clock_functions();
  vtime_resolve_wait_functions();
  vtime_resolve_callers();
  vtime_resolve_bind();
  monotonic_start_ns = whole_second(vtime_real_ns(CLOCK_MONOTONIC));
  realtime_start_ns = whole_second(vtime_real_ns(CLOCK_REALTIME));
  boottime_start_ns = whole_second(vtime_real_ns(CLOCK_BOOTTIME));
  tai_start_ns = whole_second(vtime_real_ns(CLOCK_TAI));
  leave_ld_preload();
  main_thread = pthread_self();
  initialised = 1;
}

int vtime_on_main_thread(void) {
  return initialised && pthread_equal(pthread_self(), main_thread);
}

static int64_t clock_start(clockid_t clock) {
  switch (clock) {
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_COARSE:
      return monotonic_start_ns;
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
      return realtime_start_ns;
    case CLOCK_BOOTTIME:
      return boottime_start_ns;
    case CLOCK_TAI:
      return tai_start_ns;
    default:
      return -1;
  }
}

int64_t vtime_now_ns(clockid_t clock, int tick) {
  int64_t start = clock_start(clock);
  if (start < 0) return -1;
  if (real_rate) {
    int64_t now = real_rate_elapsed_ns + (vtime_real_ns(CLOCK_MONOTONIC) - real_rate_since_ns);
    if (now > elapsed_ns) elapsed_ns = now;
  } else if (tick) {
    elapsed_ns += VTIME_TICK_NS;
  }
  return start + elapsed_ns;
}

void vtime_advance_ns(int64_t ns) {
  if (ns > 0 && !real_rate) elapsed_ns += ns;
}

// vtime_set_real_rate(1): from now on the clocks move at the real rate, on from
// where virtual time stands (never backwards); (0): back to virtual time, on
// from where the real rate left it. For a load test's orchestration in the
// child (measureLoad), whose waits and deadlines are about the other
// processes' real time. Called through the addon (alloc_tracker.cc,
// setRealRateTime), main thread only; returns the previous mode.
VTIME_EXPORT int vtime_set_real_rate(int on) {
  int previous = real_rate;
  if (!vtime_on_main_thread()) return previous;
  if (on && !real_rate) {
    real_rate_since_ns = vtime_real_ns(CLOCK_MONOTONIC);
    real_rate_elapsed_ns = elapsed_ns;
  }
  if (!on && real_rate) vtime_now_ns(CLOCK_MONOTONIC, 0);  // elapsed_ns catches up first
  real_rate = on != 0;
  return previous;
}

// 1 while the main thread's latest clock read was CLOCK_MONOTONIC_RAW; main thread only.
static int raw_read_last;

int vtime_measuring_raw(void) {
  return raw_read_last;
}

static int is_coarse(clockid_t clock) {
  return clock == CLOCK_MONOTONIC_COARSE || clock == CLOCK_REALTIME_COARSE;
}

// Whether a main-thread read of `clock` by `caller` moves virtual time: fine
// clocks do, except V8's and libuv's bookkeeping (vtime_callers.c).
static int read_ticks(clockid_t clock, void* caller) {
  if (is_coarse(clock)) return 0;
  return clock != CLOCK_MONOTONIC || !vtime_read_is_bookkeeping(caller);
}

VTIME_EXPORT int clock_gettime(clockid_t clock, struct timespec* ts) {
  if (vtime_on_main_thread()) {
    if (clock == CLOCK_MONOTONIC_RAW) raw_read_last = 1;
    int64_t now = vtime_now_ns(clock, read_ticks(clock, __builtin_return_address(0)));
    if (now >= 0) {
      raw_read_last = 0;
      ts->tv_sec = now / NS_PER_SEC;
      ts->tv_nsec = now % NS_PER_SEC;
      return 0;
    }
  }
  if (vtime_real_clock_gettime == NULL) resolve_clock_functions();
  return vtime_real_clock_gettime(clock, ts);
}

// libuv takes CLOCK_MONOTONIC_COARSE for its loop time only where its
// resolution is 1 ms or finer (HZ >= 1000); with virtual time every machine
// gets it, so the loop's per-turn read never moves the clock.
VTIME_EXPORT int clock_getres(clockid_t clock, struct timespec* res) {
  if (initialised && is_coarse(clock) && res != NULL) {
    res->tv_sec = 0;
    res->tv_nsec = 1000000;
    return 0;
  }
  if (real_clock_getres == NULL) resolve_clock_functions();
  return real_clock_getres(clock, res);
}

// V8's Date.now() and Node's platform clock come through gettimeofday.
VTIME_EXPORT int gettimeofday(struct timeval* restrict tv, void* restrict tz) {
  struct timespec ts;
  int result = clock_gettime(CLOCK_REALTIME, &ts);
  if (tz != NULL) memset(tz, 0, sizeof(struct timezone));
  if (result == 0) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = ts.tv_nsec / 1000;
  }
  return result;
}

VTIME_EXPORT time_t time(time_t* out) {
  struct timespec ts;
  if (clock_gettime(CLOCK_REALTIME, &ts) != 0) return (time_t)-1;
  if (out != NULL) *out = ts.tv_sec;
  return ts.tv_sec;
}
