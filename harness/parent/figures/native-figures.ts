// Native figures on the parent side: one run's figures from the child's
// message, and the warnings an identifier's native figures need.
import type { NativeMetricName } from '../../metrics.js';
import type { NativeRun } from '../../protocol.js';
import type { Verdict } from '../limits/check.js';

export function nativeRunFigures(native: NativeRun | null): Record<NativeMetricName, number | null> {
  const available = native?.available ? native : null;
  return {
    total_native_allocations: available?.total_native_allocations ?? null,
    total_native_allocated_bytes: available?.total_native_allocated_bytes ?? null,
    remaining_native_allocations: available?.remaining_native_allocations ?? null,
  };
}

/** What an identifier's report says about its native figures. */
export interface NativeNote {
  /** Why native figures are missing, or null when they were measured. */
  unavailable: string | null;
  /** The largest number of window blocks a measured run could not track (remaining is then a lower bound). */
  untrackedBlocks: number;
}

export function nativeNote(runs: (NativeRun | null)[]): NativeNote {
  const missing = runs.find((run): run is Extract<NativeRun, { available: false }> => run !== null && !run.available);
  const untrackedBlocks = Math.max(0, ...runs.map((run) => (run?.available ? run.untrackedBlocks : 0)));
  return { unavailable: missing?.reason ?? null, untrackedBlocks };
}

/** Warning lines for the text report; limits that could not be checked are named. */
export function nativeWarnings(identifier: string, note: NativeNote, verdicts: Verdict[]): string[] {
  const warnings: string[] = [];
  if (note.unavailable !== null) {
    const skipped = verdicts.filter((v) => v.status === 'unavailable' && v.limit !== null).map((v) => v.limit!.source);
    const limits = skipped.length > 0 ? `; limits not checked: ${skipped.join(', ')}` : '';
    warnings.push(`warning: ${identifier}: native figures unavailable: ${note.unavailable}${limits}`);
  }
  if (note.untrackedBlocks > 0) {
    warnings.push(
      `warning: ${identifier}.remaining_native_allocations: ${note.untrackedBlocks} blocks of the window did not fit the pointer table; the figure is a lower bound`,
    );
  }
  return warnings;
}
