// Virtual time, whose reads move the clock: V8 reads the time for its own
// bookkeeping (the GC tracer's scopes, the heap's timers, the compiler) through
// v8::base::TimeTicks::Now() or node::NodePlatform::MonotonicallyIncreasingTime().
// How many such reads a GC makes depends on how its work was split (whether the
// main thread ran the scavenger's job task or found it done), which differs
// between processes with the same figures; so those reads see virtual time but
// do not move it. The program's own reads (Date, performance.now(), hrtime,
// libuv's timers) still move it. ARCHITECTURE.md, "Virtual time".
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
  // The first backtrace() loads libgcc's unwinder (dlopen, malloc): here, not mid-run.
  void* frames[2];
  if (platform_monotonic_time.start != 0) backtrace(frames, 2);
}

int vtime_read_by_v8(void* caller) {
  if (within(time_ticks_now, caller)) return 1;
  if (platform_monotonic_time.start == 0) return 0;
  // The platform's clock is libuv's uv_hrtime(), which the program's hrtime and performance.now() share.
  void* frames[6];
  int count = backtrace(frames, 6);
  for (int i = 1; i < count; i++) {
    if (within(platform_monotonic_time, frames[i])) return 1;
  }
  return 0;
}
