// Native (malloc-family) allocation counter for alloc-counter's child process.
//
// One shared library, two roles:
//  - preloaded with LD_PRELOAD, it interposes malloc, calloc, realloc, free,
//    posix_memalign, aligned_alloc, memalign, valloc and pvalloc for every
//    thread, forwarding to the real ones found with dlsym(RTLD_NEXT, ...);
//  - `require`d as an N-API module (dlopen returns the preloaded copy), it
//    lets JS read the counters.
//
// A measurement window has two switches:
//  - counting: new blocks are counted (calls, requested bytes) and their
//    pointers recorded in a table. alloc_tracker.cc turns it on right after
//    V8's tracking starts and off before the heap snapshot, whose own mallocs
//    must not count (alloc_counter_native_* below, found with dlsym).
//  - tracking frees: every free removes its pointer from the table. It stays on
//    after counting stops, through the snapshot's GC and until JS has read the
//    figures, so remaining = blocks allocated in the window and not freed by
//    then. Frees of older memory find nothing and cannot hide a new leak.
//
// The table is a fixed open-addressing hash set of pointers in an mmap'd
// region (the hooks never call malloc), updated with compare-and-swap only.
// Freed entries become tombstones; when live entries plus tombstones reach half
// the slots, further window blocks are counted but not recorded ("untracked"),
// and JS reports remaining as a lower bound with a warning.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <node_api.h>

#define EXPORT __attribute__((visibility("default")))

// ---- the real allocator ---------------------------------------------------

typedef void* (*malloc_fn)(size_t);
typedef void* (*calloc_fn)(size_t, size_t);
typedef void* (*realloc_fn)(void*, size_t);
typedef void (*free_fn)(void*);
typedef int (*posix_memalign_fn)(void**, size_t, size_t);
typedef void* (*aligned_alloc_fn)(size_t, size_t);
typedef void* (*valloc_fn)(size_t);

static malloc_fn real_malloc;
static calloc_fn real_calloc;
static realloc_fn real_realloc;
static free_fn real_free;
static posix_memalign_fn real_posix_memalign;
static aligned_alloc_fn real_aligned_alloc;
static aligned_alloc_fn real_memalign;
static valloc_fn real_valloc;
static valloc_fn real_pvalloc;

// dlsym allocates (its error buffer) before the real functions are known:
// those few blocks come from here, are never freed, and never counted.
#define BOOTSTRAP_BYTES (64 * 1024)
#define BOOTSTRAP_HEADER 16
static _Alignas(16) unsigned char bootstrap_buffer[BOOTSTRAP_BYTES];
static atomic_size_t bootstrap_used;

static void* bootstrap_alloc(size_t size) {
  size_t rounded = (size + BOOTSTRAP_HEADER + 15) & ~(size_t)15;
  size_t offset = atomic_fetch_add(&bootstrap_used, rounded);
  if (offset + rounded > BOOTSTRAP_BYTES) return NULL;
  unsigned char* block = bootstrap_buffer + offset;
  memcpy(block, &size, sizeof size);  // the size, for realloc
  return block + BOOTSTRAP_HEADER;    // zero-filled: the buffer is static and never reused
}

static int is_bootstrap(const void* pointer) {
  const unsigned char* p = pointer;
  return p >= bootstrap_buffer && p < bootstrap_buffer + BOOTSTRAP_BYTES;
}

static atomic_int resolving;

static void resolve_real_functions(void) {
  if (atomic_exchange(&resolving, 1)) return;  // dlsym's own allocations: bootstrap buffer
  real_free = (free_fn)dlsym(RTLD_NEXT, "free");
  real_calloc = (calloc_fn)dlsym(RTLD_NEXT, "calloc");
  real_realloc = (realloc_fn)dlsym(RTLD_NEXT, "realloc");
  real_posix_memalign = (posix_memalign_fn)dlsym(RTLD_NEXT, "posix_memalign");
  real_aligned_alloc = (aligned_alloc_fn)dlsym(RTLD_NEXT, "aligned_alloc");
  real_memalign = (aligned_alloc_fn)dlsym(RTLD_NEXT, "memalign");
  real_valloc = (valloc_fn)dlsym(RTLD_NEXT, "valloc");
  real_pvalloc = (valloc_fn)dlsym(RTLD_NEXT, "pvalloc");
  real_malloc = (malloc_fn)dlsym(RTLD_NEXT, "malloc");  // last: it marks "resolved"
}

#define ENSURE_RESOLVED() \
  do {                    \
    if (__builtin_expect(real_malloc == NULL, 0)) resolve_real_functions(); \
  } while (0)

// ---- the window ------------------------------------------------------------

static atomic_bool counting;
static atomic_bool tracking_frees;
static atomic_uint_fast64_t total_allocations;
static atomic_uint_fast64_t total_allocated_bytes;
static atomic_uint_fast64_t remaining_allocations;
static atomic_uint_fast64_t untracked_allocations;

// 2^22 slots (32 MiB of address space, touched only where used) by default;
// ALLOC_COUNTER_NATIVE_TABLE_BITS (10 to 28) changes it, e.g. to test overflow.
#define DEFAULT_TABLE_BITS 22
#define EMPTY ((uintptr_t)0)
#define TOMBSTONE ((uintptr_t)1)

static _Atomic(uintptr_t)* table;  // NULL when mmap failed: every block is untracked
static unsigned table_bits = DEFAULT_TABLE_BITS;
static size_t table_slots;
static size_t table_max_used;      // half the slots: probe chains stay short
static atomic_size_t table_used;   // live entries + tombstones

static size_t slot_of(uintptr_t pointer) {
  return (size_t)(((uint64_t)(pointer >> 4) * 0x9E3779B97F4A7C15ull) >> (64 - table_bits));
}

static void remember(uintptr_t pointer) {
  if (table == NULL || atomic_load_explicit(&table_used, memory_order_relaxed) >= table_max_used) {
    atomic_fetch_add_explicit(&untracked_allocations, 1, memory_order_relaxed);
    return;
  }
  size_t slot = slot_of(pointer);
  for (size_t probe = 0; probe < table_slots; probe++, slot = (slot + 1) & (table_slots - 1)) {
    uintptr_t seen = atomic_load_explicit(&table[slot], memory_order_relaxed);
    if (seen != EMPTY && seen != TOMBSTONE) continue;
    if (atomic_compare_exchange_strong(&table[slot], &seen, pointer)) {
      if (seen == EMPTY) atomic_fetch_add_explicit(&table_used, 1, memory_order_relaxed);
      atomic_fetch_add_explicit(&remaining_allocations, 1, memory_order_relaxed);
      return;
    }
  }
  atomic_fetch_add_explicit(&untracked_allocations, 1, memory_order_relaxed);
}

/** Removes pointer from the table; 1 when it was there (a block of the window). */
static int forget(uintptr_t pointer) {
  if (table == NULL || atomic_load_explicit(&remaining_allocations, memory_order_relaxed) == 0) return 0;
  size_t slot = slot_of(pointer);
  for (size_t probe = 0; probe < table_slots; probe++, slot = (slot + 1) & (table_slots - 1)) {
    uintptr_t seen = atomic_load_explicit(&table[slot], memory_order_relaxed);
    if (seen == EMPTY) return 0;
    if (seen != pointer) continue;
    // A live block is in the table at most once and only its owner frees it.
    if (atomic_compare_exchange_strong(&table[slot], &seen, TOMBSTONE)) {
      atomic_fetch_sub_explicit(&remaining_allocations, 1, memory_order_relaxed);
      return 1;
    }
    return 0;
  }
  return 0;
}

static void count_block(void* pointer, size_t size) {
  atomic_fetch_add_explicit(&total_allocations, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&total_allocated_bytes, size, memory_order_relaxed);
  remember((uintptr_t)pointer);
}

// isInterposing's probe (below): set while it calls malloc.
static atomic_int probing;
static atomic_int probe_hits;

static inline int is_counting(void) { return atomic_load_explicit(&counting, memory_order_relaxed); }
static inline int is_tracking_frees(void) { return atomic_load_explicit(&tracking_frees, memory_order_relaxed); }

__attribute__((constructor)) static void initialise(void) {
  ENSURE_RESOLVED();
  const char* bits = getenv("ALLOC_COUNTER_NATIVE_TABLE_BITS");  // getenv does not allocate
  if (bits != NULL) {
    unsigned value = 0;
    for (const char* c = bits; *c >= '0' && *c <= '9'; c++) value = value * 10 + (unsigned)(*c - '0');
    if (value >= 10 && value <= 28) table_bits = value;
  }
  table_slots = (size_t)1 << table_bits;
  table_max_used = table_slots / 2;
  void* region = mmap(NULL, table_slots * sizeof(uintptr_t), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  table = region == MAP_FAILED ? NULL : (_Atomic(uintptr_t)*)region;
}

// Called by alloc_tracker.cc (found with dlsym(RTLD_DEFAULT, ...)).

/** Opens a window: zeroes the figures and the table, starts counting. */
EXPORT void alloc_counter_native_begin_window(void) {
  atomic_store(&counting, 0);
  atomic_store(&tracking_frees, 0);
  if (table != NULL && atomic_load(&table_used) > 0) {
    // Gives the touched pages back; they read as zero (EMPTY) again.
    madvise((void*)table, table_slots * sizeof(uintptr_t), MADV_DONTNEED);
  }
  atomic_store(&table_used, 0);
  atomic_store(&total_allocations, 0);
  atomic_store(&total_allocated_bytes, 0);
  atomic_store(&remaining_allocations, 0);
  atomic_store(&untracked_allocations, 0);
  atomic_store(&tracking_frees, 1);
  atomic_store(&counting, 1);
}

/** Stops counting new blocks; frees keep being tracked until end_window. */
EXPORT void alloc_counter_native_suspend(void) { atomic_store(&counting, 0); }

/** Counts again after a suspend (the harness's own C++ bookkeeping in between is left out). */
EXPORT void alloc_counter_native_resume(void) {
  if (atomic_load(&tracking_frees)) atomic_store(&counting, 1);
}

/** Closes the window for good: the figures stay readable until the next begin. */
EXPORT void alloc_counter_native_end_window(void) {
  atomic_store(&counting, 0);
  atomic_store(&tracking_frees, 0);
}

// ---- the interposed functions ----------------------------------------------

EXPORT void* malloc(size_t size) {
  ENSURE_RESOLVED();
  if (real_malloc == NULL) return bootstrap_alloc(size);
  if (__builtin_expect(atomic_load_explicit(&probing, memory_order_relaxed), 0)) {
    atomic_fetch_add(&probe_hits, 1);
  }
  void* pointer = real_malloc(size);
  if (pointer != NULL && is_counting()) count_block(pointer, size);
  return pointer;
}

EXPORT void* calloc(size_t count, size_t size) {
  ENSURE_RESOLVED();
  size_t bytes;
  if (__builtin_mul_overflow(count, size, &bytes)) bytes = SIZE_MAX;
  if (real_calloc == NULL) return bytes == SIZE_MAX ? NULL : bootstrap_alloc(bytes);
  void* pointer = real_calloc(count, size);
  if (pointer != NULL && is_counting()) count_block(pointer, bytes);
  return pointer;
}

EXPORT void free(void* pointer) {
  if (pointer == NULL || is_bootstrap(pointer)) return;
  ENSURE_RESOLVED();
  // Forget before the real free: once freed, another thread may get the same address.
  if (is_tracking_frees()) forget((uintptr_t)pointer);
  real_free(pointer);
}

// realloc counts as a free plus a malloc. A window block that moves after the
// window stopped counting stays the same block: it remains recorded.
EXPORT void* realloc(void* pointer, size_t size) {
  if (pointer == NULL) return malloc(size);
  if (is_bootstrap(pointer)) {
    size_t old_size;
    memcpy(&old_size, (unsigned char*)pointer - BOOTSTRAP_HEADER, sizeof old_size);
    void* moved = malloc(size);
    if (moved != NULL) memcpy(moved, pointer, old_size < size ? old_size : size);
    return moved;
  }
  ENSURE_RESOLVED();
  int was_window_block = is_tracking_frees() && forget((uintptr_t)pointer);
  void* moved = real_realloc(pointer, size);
  if (moved == NULL) {
    // size 0 freed the block; otherwise the old block is still there.
    if (size != 0 && was_window_block) remember((uintptr_t)pointer);
    return NULL;
  }
  if (is_counting()) count_block(moved, size);
  else if (was_window_block) remember((uintptr_t)moved);
  return moved;
}

EXPORT int posix_memalign(void** out, size_t alignment, size_t size) {
  ENSURE_RESOLVED();
  int error = real_posix_memalign(out, alignment, size);
  if (error == 0 && *out != NULL && is_counting()) count_block(*out, size);
  return error;
}

EXPORT void* aligned_alloc(size_t alignment, size_t size) {
  ENSURE_RESOLVED();
  void* pointer = real_aligned_alloc(alignment, size);
  if (pointer != NULL && is_counting()) count_block(pointer, size);
  return pointer;
}

EXPORT void* memalign(size_t alignment, size_t size) {
  ENSURE_RESOLVED();
  void* pointer = real_memalign(alignment, size);
  if (pointer != NULL && is_counting()) count_block(pointer, size);
  return pointer;
}

EXPORT void* valloc(size_t size) {
  ENSURE_RESOLVED();
  void* pointer = real_valloc(size);
  if (pointer != NULL && is_counting()) count_block(pointer, size);
  return pointer;
}

EXPORT void* pvalloc(size_t size) {
  ENSURE_RESOLVED();
  void* pointer = real_pvalloc(size);
  if (pointer != NULL && is_counting()) count_block(pointer, size);
  return pointer;
}

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
