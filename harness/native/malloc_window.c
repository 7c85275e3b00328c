// The window's switches and figures (part of the malloc counter, see
// malloc_counter.c). alloc_tracker (tracker_native_window.cc) opens, suspends,
// resumes and stops counting through the alloc_counter_native_* functions,
// found with dlsym(RTLD_DEFAULT, ...); JS ends the window once it has read the
// figures (endWindow in malloc_counter.c).
#include "malloc_counter.h"

atomic_bool counting;
atomic_bool tracking_frees;
atomic_uint_fast64_t total_allocations;
atomic_uint_fast64_t total_allocated_bytes;
atomic_uint_fast64_t remaining_allocations;
atomic_uint_fast64_t untracked_allocations;

void count_block(void* pointer, size_t size) {
  atomic_fetch_add_explicit(&total_allocations, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&total_allocated_bytes, size, memory_order_relaxed);
  remember((uintptr_t)pointer);
}

/** Opens a window: zeroes the figures and the table, starts counting. */
EXPORT void alloc_counter_native_begin_window(void) {
  atomic_store(&counting, 0);
  atomic_store(&tracking_frees, 0);
  table_reset();
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
