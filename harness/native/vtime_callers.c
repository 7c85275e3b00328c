// Virtual time, whose reads move the clock: only the program's. Two kinds of
// read on the main thread are bookkeeping whose number depends on timing, not
// on the program, so they see virtual time without moving it:
//  - V8's: v8::base::TimeTicks::Now() and node::NodePlatform::
//    MonotonicallyIncreasingTime() (the GC tracer's scopes, the heap, the
//    scavenger's job task, run by the main thread or found done);
//  - libuv's loop-idle metrics (Node turns on UV_METRICS_IDLE_TIME): two reads
//    each time a turn found nothing ready and blocked, which at start-up
//    depends on when the thread pool's reads and the parent's messages land.
// The program's reads (Date, performance.now(), hrtime, llhttp's message
// start) still move it. ARCHITECTURE.md, "Virtual time".
#include "vtime.h"

#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>

struct code_range {
  uintptr_t start;
  uintptr_t end;
};

static struct code_range time_ticks_now;
static struct code_range platform_monotonic_time;
static struct code_range uv_run_loop;

// The bytes of an exported function of the executable; empty where there is none (not Node).
static struct code_range exported_function(const char* name) {
  struct code_range range = {0, 0};
  void* address = dlsym(RTLD_DEFAULT, name);
  Dl_info info;
  const ElfW(Sym)* symbol = NULL;
  if (address == NULL || dladdr1(address, &info, (void**)&symbol, RTLD_DL_SYMENT) == 0 || symbol == NULL) return range;
  range.start = (uintptr_t)address;
  range.end = range.start + symbol->st_size;
  return range;
}

static int within(struct code_range range, void* address) {
  return (uintptr_t)address >= range.start && (uintptr_t)address < range.end;
}

void vtime_resolve_callers(void) {
  time_ticks_now = exported_function("_ZN2v84base9TimeTicks3NowEv");
  platform_monotonic_time = exported_function("_ZN4node12NodePlatform27MonotonicallyIncreasingTimeEv");
  uv_run_loop = exported_function("uv_run");
  // The first backtrace() loads libgcc's unwinder (dlopen, malloc): here, not mid-run.
  void* frames[2];
  if (platform_monotonic_time.start != 0) backtrace(frames, 2);
}

int vtime_read_is_bookkeeping(void* caller) {
  if (within(time_ticks_now, caller)) return 1;
  if (platform_monotonic_time.start == 0) return 0;
  // Both other paths go through libuv's uv_hrtime(), which the program's hrtime and
  // performance.now() share: told apart by what called it. libuv's metrics are read by
  // uv_run itself, a few frames up; the program's reads are many frames (its JS) deeper.
  void* frames[8];
  int count = backtrace(frames, 8);
  for (int i = 1; i < count; i++) {
    if (within(platform_monotonic_time, frames[i]) || within(uv_run_loop, frames[i])) return 1;
  }
  return 0;
}
