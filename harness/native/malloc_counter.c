// Native (malloc-family) allocation counter for alloc-counter's child process.
//
// One shared library, two roles:
//  - preloaded with LD_PRELOAD, it interposes malloc, calloc, realloc, free,
//    posix_memalign, aligned_alloc, memalign, valloc and pvalloc for every
//    thread, forwarding to the real ones found with dlsym(RTLD_NEXT, ...);
//  - `require`d as an N-API module (dlopen returns the preloaded copy), it
//    lets JS read the counters.
//
// A measurement window has two switches (malloc_window.c):
//  - counting: new blocks are counted (calls, requested bytes) and their
//    pointers recorded in a table (malloc_table.c). alloc_tracker
//    (tracker_native_window.cc) turns it on as a native window opens and off
//    as it closes, in C++, before any JS of the harness runs; its own C++
//    bookkeeping in between is suspended (alloc_counter_native_*, found with
//    dlsym).
//  - tracking frees: every free removes its pointer from the table. It stays on
//    after counting stops, through a GC and until JS has read the figures, so
//    remaining = blocks allocated in the window and not freed by then. Frees
//    of older memory find nothing and cannot hide a new leak.
//
// The library's files: malloc_real.c (the real allocator), malloc_interpose.c
// (the interposed functions), malloc_window.c (the window's switches and
// figures), malloc_table.c (the pointer table), and this one, the N-API module
// through which JS reads the figures. ARCHITECTURE.md, "Native counting", has
// the measured facts behind them.
#define _GNU_SOURCE
#include <dlfcn.h>

#include <node_api.h>

#include "malloc_counter.h"

// ---- the N-API module --------------------------------------------------------

static napi_value throw_error(napi_env env, const char* message) {
  napi_throw_error(env, NULL, message);
  return NULL;
}

// read(Float64Array(4)): fills [total, bytes, remaining, untracked] in place,
// so reading allocates nothing.
static napi_value read_counters(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1) {
    return throw_error(env, "malloc_counter: read(Float64Array(4))");
  }
  napi_typedarray_type type;
  size_t length;
  void* data;
  if (napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL) != napi_ok ||
      type != napi_float64_array || length < 4) {
    return throw_error(env, "malloc_counter: read(Float64Array(4))");
  }
  double* out = data;
  out[0] = (double)atomic_load(&total_allocations);
  out[1] = (double)atomic_load(&total_allocated_bytes);
  out[2] = (double)atomic_load(&remaining_allocations);
  out[3] = (double)atomic_load(&untracked_allocations);
  return NULL;
}

static napi_value end_window(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  alloc_counter_native_end_window();
  return NULL;
}

// isInterposing(): true when the process's calls to malloc reach this copy,
// that is when the library was preloaded rather than only loaded by require.
// The probe calls malloc the way the executable does (its canonical address:
// for a non-PIE node that is the executable's PLT entry).
static napi_value is_interposing(napi_env env, napi_callback_info info) {
  (void)info;
  malloc_fn process_malloc = (malloc_fn)dlsym(RTLD_DEFAULT, "malloc");
  free_fn process_free = (free_fn)dlsym(RTLD_DEFAULT, "free");
  int reached = 0;
  if (process_malloc != NULL && process_free != NULL) {
    atomic_store(&probe_hits, 0);
    atomic_store(&probing, 1);
    void* volatile block = process_malloc(24);
    atomic_store(&probing, 0);
    process_free(block);
    reached = atomic_load(&probe_hits) > 0;
  }
  napi_value result;
  napi_get_boolean(env, reached, &result);
  return result;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor properties[] = {
      {"read", NULL, read_counters, NULL, NULL, NULL, napi_default, NULL},
      {"endWindow", NULL, end_window, NULL, NULL, NULL, napi_default, NULL},
      {"isInterposing", NULL, is_interposing, NULL, NULL, NULL, napi_default, NULL},
  };
  if (napi_define_properties(env, exports, sizeof properties / sizeof properties[0], properties) != napi_ok) {
    return NULL;
  }
  return exports;
}
