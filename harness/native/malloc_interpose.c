// The interposed allocation functions (part of the malloc counter, see
// malloc_counter.c): each forwards to the real one (malloc_real.c) and, while
// the window counts, counts the new block and remembers its pointer
// (malloc_window.c, malloc_table.c); free forgets it while frees are tracked.
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "malloc_counter.h"

atomic_int probing;
atomic_int probe_hits;

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
