// Virtual time for alloc-counter's child (LD_PRELOAD): shared declarations of
// vtime_clock.c (the clock and the calls that read it) and vtime_wait.c (the
// calls that wait). ARCHITECTURE.md, "Virtual time", has the design and why.
#ifndef ALLOC_COUNTER_VTIME_H
#define ALLOC_COUNTER_VTIME_H

#define _GNU_SOURCE
#include <stdint.h>
#include <time.h>

#define VTIME_EXPORT __attribute__((visibility("default")))

// How far each read of a fine clock by the main thread moves virtual time.
#define VTIME_TICK_NS 1000

typedef int (*clock_gettime_fn)(clockid_t, struct timespec*);
extern clock_gettime_fn vtime_real_clock_gettime;

// 1 on the process's main thread (the one that runs the event loop) once the
// library is initialised; other threads keep real time.
int vtime_on_main_thread(void);

// Virtual time of a clock the library virtualises, as ns; -1 for clocks it
// does not (CPU-time clocks, CLOCK_MONOTONIC_RAW). tick: advance by VTIME_TICK_NS first.
int64_t vtime_now_ns(clockid_t clock, int tick);

// 1 when the main thread's latest clock read was the real CLOCK_MONOTONIC_RAW:
// a sleep then is the program timing the machine (abseil's CPU-frequency
// calibration), and moves no virtual time. ARCHITECTURE.md, "Virtual time".
int vtime_measuring_raw(void);

// 1 when a CLOCK_MONOTONIC read whose caller is `caller` is V8's or libuv's
// bookkeeping (vtime_callers.c): it sees virtual time without moving it.
int vtime_read_is_bookkeeping(void* caller);
void vtime_resolve_callers(void);

// Moves virtual time forward: the main thread waited `ns` with nothing ready.
void vtime_advance_ns(int64_t ns);

// The real clock, as ns.
int64_t vtime_real_ns(clockid_t clock);

void vtime_resolve_wait_functions(void);

// fixed_ports.c: the real bind, and this child's lane (ALLOC_COUNTER_PORT_LANE).
void vtime_resolve_bind(void);

#endif
