// The window's pointer table (part of the malloc counter, see malloc_counter.c):
// every block allocated while counting is remembered by address, and a free
// forgets it, so remaining = blocks of the window not freed yet, whatever
// older memory the window frees.
//
// A fixed open-addressing hash set of pointers in an mmap'd region (the hooks
// never call malloc), updated with compare-and-swap only. Freed entries become
// tombstones; when live entries plus tombstones reach half the slots, further
// window blocks are counted but not recorded ("untracked"), and JS reports
// remaining as a lower bound with a warning.
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>

#include "malloc_counter.h"

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

void remember(uintptr_t pointer) {
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

int forget(uintptr_t pointer) {
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

void table_reset(void) {
  if (table != NULL && atomic_load(&table_used) > 0) {
    // Gives the touched pages back; they read as zero (EMPTY) again.
    madvise((void*)table, table_slots * sizeof(uintptr_t), MADV_DONTNEED);
  }
  atomic_store(&table_used, 0);
}

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
