// The real allocator, found with dlsym(RTLD_NEXT, ...) the first time any
// interposed function runs, and the static buffer that serves dlsym's own
// allocations until then (part of the malloc counter, see malloc_counter.c).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

#include "malloc_counter.h"

malloc_fn real_malloc;
calloc_fn real_calloc;
realloc_fn real_realloc;
free_fn real_free;
posix_memalign_fn real_posix_memalign;
aligned_alloc_fn real_aligned_alloc;
aligned_alloc_fn real_memalign;
valloc_fn real_valloc;
valloc_fn real_pvalloc;

// dlsym allocates (its error buffer) before the real functions are known:
// those few blocks come from here, are never freed, and never counted.
_Alignas(16) unsigned char bootstrap_buffer[BOOTSTRAP_BYTES];
static atomic_size_t bootstrap_used;

void* bootstrap_alloc(size_t size) {
  size_t rounded = (size + BOOTSTRAP_HEADER + 15) & ~(size_t)15;
  size_t offset = atomic_fetch_add(&bootstrap_used, rounded);
  if (offset + rounded > BOOTSTRAP_BYTES) return NULL;
  unsigned char* block = bootstrap_buffer + offset;
  memcpy(block, &size, sizeof size);  // the size, for realloc
  return block + BOOTSTRAP_HEADER;    // zero-filled: the buffer is static and never reused
}

static atomic_int resolving;

void resolve_real_functions(void) {
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
