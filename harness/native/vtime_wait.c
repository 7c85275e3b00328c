// Virtual time, the waits: when the main thread waited for its timeout with
// nothing ready, virtual time moves by that timeout, so the timer libuv was
// waiting for is due when the loop reads the clock again. A wait that ends
// early (an event, a signal) moves nothing: how long it really took is the
// kernel's timing, which virtual time leaves out. The wait itself stays real
// (the kernel's timeout is the one asked for), so I/O from other threads and
// processes arrives as it would. Timed waits on an absolute deadline
// (condition variables, semaphores, clock_nanosleep) get their deadline
// moved from virtual to real time. A sleep right after a read of the real
// CLOCK_MONOTONIC_RAW moves nothing: that is code timing the machine (abseil's
// CPU-frequency calibration, run on the main thread the first time one of
// V8's mutexes is contended, a moment that depends on other threads). Other
// threads are passed through.
// ARCHITECTURE.md, "Virtual time".
#include <dlfcn.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "vtime.h"

typedef int (*epoll_wait_fn)(int, struct epoll_event*, int, int);
typedef int (*epoll_pwait_fn)(int, struct epoll_event*, int, int, const sigset_t*);
typedef int (*epoll_pwait2_fn)(int, struct epoll_event*, int, const struct timespec*, const sigset_t*);
typedef int (*poll_fn)(struct pollfd*, nfds_t, int);
typedef int (*ppoll_fn)(struct pollfd*, nfds_t, const struct timespec*, const sigset_t*);
typedef int (*nanosleep_fn)(const struct timespec*, struct timespec*);
typedef int (*clock_nanosleep_fn)(clockid_t, int, const struct timespec*, struct timespec*);
typedef int (*usleep_fn)(useconds_t);
typedef int (*cond_timedwait_fn)(pthread_cond_t*, pthread_mutex_t*, const struct timespec*);
typedef int (*cond_clockwait_fn)(pthread_cond_t*, pthread_mutex_t*, clockid_t, const struct timespec*);
typedef int (*sem_timedwait_fn)(sem_t*, const struct timespec*);

static epoll_wait_fn real_epoll_wait;
static epoll_pwait_fn real_epoll_pwait;
static epoll_pwait2_fn real_epoll_pwait2;
static poll_fn real_poll;
static ppoll_fn real_ppoll;
static nanosleep_fn real_nanosleep;
static clock_nanosleep_fn real_clock_nanosleep;
static usleep_fn real_usleep;
static cond_timedwait_fn real_cond_timedwait;
static cond_clockwait_fn real_cond_clockwait;
static sem_timedwait_fn real_sem_timedwait;

void vtime_resolve_wait_functions(void) {
  real_epoll_wait = (epoll_wait_fn)dlsym(RTLD_NEXT, "epoll_wait");
  real_epoll_pwait = (epoll_pwait_fn)dlsym(RTLD_NEXT, "epoll_pwait");
  real_epoll_pwait2 = (epoll_pwait2_fn)dlsym(RTLD_NEXT, "epoll_pwait2");
  real_poll = (poll_fn)dlsym(RTLD_NEXT, "poll");
  real_ppoll = (ppoll_fn)dlsym(RTLD_NEXT, "ppoll");
  real_nanosleep = (nanosleep_fn)dlsym(RTLD_NEXT, "nanosleep");
  real_clock_nanosleep = (clock_nanosleep_fn)dlsym(RTLD_NEXT, "clock_nanosleep");
  real_usleep = (usleep_fn)dlsym(RTLD_NEXT, "usleep");
  real_cond_timedwait = (cond_timedwait_fn)dlsym(RTLD_NEXT, "pthread_cond_timedwait");
  real_cond_clockwait = (cond_clockwait_fn)dlsym(RTLD_NEXT, "pthread_cond_clockwait");
  real_sem_timedwait = (sem_timedwait_fn)dlsym(RTLD_NEXT, "sem_timedwait");
}

#define NS_PER_SEC 1000000000LL
#define NS_PER_MS 1000000LL

static int64_t timespec_ns(const struct timespec* ts) {
  return (int64_t)ts->tv_sec * NS_PER_SEC + ts->tv_nsec;
}

static struct timespec ns_timespec(int64_t ns) {
  struct timespec ts = {.tv_sec = ns / NS_PER_SEC, .tv_nsec = ns % NS_PER_SEC};
  return ts;
}

// After a sleep of `ns` that ran to its end: moves virtual time, unless the
// thread was timing the machine against CLOCK_MONOTONIC_RAW.
static void slept(int64_t ns) {
  if (!vtime_measuring_raw()) vtime_advance_ns(ns);
}

// After a wait of `timeout_ns` (negative: none) that returned `ready`.
static void waited(int ready, int64_t timeout_ns) {
  if (ready == 0 && timeout_ns > 0) vtime_advance_ns(timeout_ns);
}

VTIME_EXPORT int epoll_wait(int epfd, struct epoll_event* events, int maxevents, int timeout) {
  int ready = real_epoll_wait(epfd, events, maxevents, timeout);
  if (vtime_on_main_thread()) waited(ready, timeout * NS_PER_MS);
  return ready;
}

VTIME_EXPORT int epoll_pwait(int epfd, struct epoll_event* events, int maxevents, int timeout, const sigset_t* mask) {
  int ready = real_epoll_pwait(epfd, events, maxevents, timeout, mask);
  if (vtime_on_main_thread()) waited(ready, timeout * NS_PER_MS);
  return ready;
}

VTIME_EXPORT int epoll_pwait2(int epfd, struct epoll_event* events, int maxevents, const struct timespec* timeout,
                              const sigset_t* mask) {
  if (real_epoll_pwait2 == NULL) {
    errno = ENOSYS;
    return -1;
  }
  int ready = real_epoll_pwait2(epfd, events, maxevents, timeout, mask);
  if (vtime_on_main_thread() && timeout != NULL) waited(ready, timespec_ns(timeout));
  return ready;
}

VTIME_EXPORT int poll(struct pollfd* fds, nfds_t count, int timeout) {
  int ready = real_poll(fds, count, timeout);
  if (vtime_on_main_thread()) waited(ready, timeout * NS_PER_MS);
  return ready;
}

VTIME_EXPORT int ppoll(struct pollfd* fds, nfds_t count, const struct timespec* timeout, const sigset_t* mask) {
  int ready = real_ppoll(fds, count, timeout, mask);
  if (vtime_on_main_thread() && timeout != NULL) waited(ready, timespec_ns(timeout));
  return ready;
}

VTIME_EXPORT int nanosleep(const struct timespec* request, struct timespec* remaining) {
  int result = real_nanosleep(request, remaining);
  if (vtime_on_main_thread() && result == 0) slept(timespec_ns(request));
  return result;
}

VTIME_EXPORT int usleep(useconds_t microseconds) {
  int result = real_usleep(microseconds);
  if (vtime_on_main_thread() && result == 0) slept((int64_t)microseconds * 1000);
  return result;
}

// How long until a virtual deadline on `clock`, or -1 when the clock is not virtual.
static int64_t until_ns(clockid_t clock, const struct timespec* deadline) {
  int64_t now = vtime_now_ns(clock, 0);
  if (now < 0) return -1;
  int64_t left = timespec_ns(deadline) - now;
  return left > 0 ? left : 0;
}

static struct timespec real_deadline(clockid_t clock, int64_t left_ns) {
  return ns_timespec(vtime_real_ns(clock) + left_ns);
}

VTIME_EXPORT int clock_nanosleep(clockid_t clock, int flags, const struct timespec* request,
                                 struct timespec* remaining) {
  if (!vtime_on_main_thread()) return real_clock_nanosleep(clock, flags, request, remaining);
  if (!(flags & TIMER_ABSTIME)) {
    int result = real_clock_nanosleep(clock, flags, request, remaining);
    if (result == 0 && vtime_now_ns(clock, 0) >= 0) slept(timespec_ns(request));
    return result;
  }
  int64_t left = until_ns(clock, request);
  if (left < 0) return real_clock_nanosleep(clock, flags, request, remaining);
  struct timespec deadline = real_deadline(clock, left);
  int result = real_clock_nanosleep(clock, flags, &deadline, remaining);
  if (result == 0) vtime_advance_ns(left);
  return result;
}

// glibc keeps a condition variable's clock in bit 1 of __wrefs (pthread_cond_common.c).
static clockid_t cond_clock(const pthread_cond_t* cond) {
  return (cond->__data.__wrefs & 2) ? CLOCK_MONOTONIC : CLOCK_REALTIME;
}

static int clockwait(pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock, const struct timespec* abstime,
                     int explicit_clock) {
  int64_t left = vtime_on_main_thread() ? until_ns(clock, abstime) : -1;
  struct timespec deadline = left < 0 ? *abstime : real_deadline(clock, left);
  int result = explicit_clock ? real_cond_clockwait(cond, mutex, clock, &deadline)
                              : real_cond_timedwait(cond, mutex, &deadline);
  if (left >= 0 && result == ETIMEDOUT) vtime_advance_ns(left);
  return result;
}

// V8's condition variables (Atomics.wait with a timeout, its platform's waits) and libuv's uv_cond_timedwait.
VTIME_EXPORT int pthread_cond_timedwait(pthread_cond_t* cond, pthread_mutex_t* mutex, const struct timespec* abstime) {
  return clockwait(cond, mutex, cond_clock(cond), abstime, 0);
}

VTIME_EXPORT int pthread_cond_clockwait(pthread_cond_t* cond, pthread_mutex_t* mutex, clockid_t clock,
                                        const struct timespec* abstime) {
  return clockwait(cond, mutex, clock, abstime, 1);
}

VTIME_EXPORT int sem_timedwait(sem_t* sem, const struct timespec* abstime) {
  int64_t left = vtime_on_main_thread() ? until_ns(CLOCK_REALTIME, abstime) : -1;
  struct timespec deadline = left < 0 ? *abstime : real_deadline(CLOCK_REALTIME, left);
  int result = real_sem_timedwait(sem, &deadline);
  if (left >= 0 && result == -1 && errno == ETIMEDOUT) vtime_advance_ns(left);
  return result;
}
