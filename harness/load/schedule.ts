// The open-loop schedule: message j of a run is due at t0 + j * interval, so
// that every connection sends at its rate (connection j % senders, its
// (j / senders)-th message) whatever the replies do. Latency is measured
// from these intended times (wrk2's correction for coordinated omission).
export interface Schedule {
  /** ms (performance.now()) of message 0. */
  t0: number;
  /** ms between consecutive messages over all senders. */
  intervalMs: number;
  /** Messages in the run, warm-up included. */
  total: number;
  /** The first message of the measured period. */
  firstMeasured: number;
}

export function makeSchedule(
  t0: number,
  senders: number,
  ratePerSender: number,
  warmupMs: number,
  durationMs: number,
): Schedule {
  const perMs = (senders * ratePerSender) / 1000;
  return {
    t0,
    intervalMs: 1 / perMs,
    total: Math.floor((warmupMs + durationMs) * perMs),
    firstMeasured: Math.ceil(warmupMs * perMs),
  };
}

export function intendedAt(schedule: Schedule, j: number): number {
  return schedule.t0 + j * schedule.intervalMs;
}

/** Messages due at `now`, up to the end of the run. */
export function dueBy(schedule: Schedule, now: number): number {
  return Math.min(schedule.total, Math.floor((now - schedule.t0) / schedule.intervalMs) + 1);
}
