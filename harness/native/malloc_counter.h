// What the files of the malloc counter share (the library is described in
// malloc_counter.c and in ARCHITECTURE.md, "Native counting"). Everything
// declared here is hidden: the library exports only the interposed functions,
// the alloc_counter_native_* window switches and its N-API module.
#ifndef ALLOC_COUNTER_MALLOC_COUNTER_H_
#define ALLOC_COUNTER_MALLOC_COUNTER_H_

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))

#pragma GCC visibility push(hidden)

// ---- malloc_real.c: the real allocator ----------------------------------------

typedef void* (*malloc_fn)(size_t);
typedef void* (*calloc_fn)(size_t, size_t);
typedef void* (*realloc_fn)(void*, size_t);
typedef void (*free_fn)(void*);
typedef int (*posix_memalign_fn)(void**, size_t, size_t);
typedef void* (*aligned_alloc_fn)(size_t, size_t);
typedef void* (*valloc_fn)(size_t);

extern malloc_fn real_malloc;
extern calloc_fn real_calloc;
extern realloc_fn real_realloc;
extern free_fn real_free;
extern posix_memalign_fn real_posix_memalign;
extern aligned_alloc_fn real_aligned_alloc;
extern aligned_alloc_fn real_memalign;
extern valloc_fn real_valloc;
extern valloc_fn real_pvalloc;

void resolve_real_functions(void);

#define ENSURE_RESOLVED() \
  do {                    \
    if (__builtin_expect(real_malloc == NULL, 0)) resolve_real_functions(); \
  } while (0)

// dlsym allocates (its error buffer) before the real functions are known:
// those few blocks come from a static buffer, are never freed, and never counted.
#define BOOTSTRAP_BYTES (64 * 1024)
#define BOOTSTRAP_HEADER 16
extern unsigned char bootstrap_buffer[BOOTSTRAP_BYTES];

void* bootstrap_alloc(size_t size);

static inline int is_bootstrap(const void* pointer) {
  const unsigned char* p = pointer;
  return p >= bootstrap_buffer && p < bootstrap_buffer + BOOTSTRAP_BYTES;
}

// ---- malloc_window.c: the window's switches and figures ------------------------

extern atomic_bool counting;
extern atomic_bool tracking_frees;
extern atomic_uint_fast64_t total_allocations;
extern atomic_uint_fast64_t total_allocated_bytes;
extern atomic_uint_fast64_t remaining_allocations;
extern atomic_uint_fast64_t untracked_allocations;

static inline int is_counting(void) { return atomic_load_explicit(&counting, memory_order_relaxed); }
static inline int is_tracking_frees(void) { return atomic_load_explicit(&tracking_frees, memory_order_relaxed); }

/** Counts a new block of the window (a call, its requested bytes) and remembers its pointer. */
void count_block(void* pointer, size_t size);

// ---- malloc_table.c: the window's pointers -------------------------------------

/** Records a block of the window (remaining + 1), or counts it untracked when the table is full. */
void remember(uintptr_t pointer);
/** Removes pointer from the table; 1 when it was there (a block of the window). */
int forget(uintptr_t pointer);
/** Empties the table for a new window. */
void table_reset(void);

// ---- malloc_interpose.c: isInterposing's probe ---------------------------------

// Set while isInterposing (malloc_counter.c) calls malloc; malloc counts its calls then.
extern atomic_int probing;
extern atomic_int probe_hits;

#pragma GCC visibility pop

// ---- malloc_window.c: called by alloc_tracker (dlsym(RTLD_DEFAULT, ...)) --------

EXPORT void alloc_counter_native_begin_window(void);
EXPORT void alloc_counter_native_suspend(void);
EXPORT void alloc_counter_native_resume(void);
EXPORT void alloc_counter_native_end_window(void);

#endif  // ALLOC_COUNTER_MALLOC_COUNTER_H_
