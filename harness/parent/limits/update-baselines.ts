// --update-baselines: rewrite the limits of the identifiers measured in this
// run, for the running Node major, keeping every other key as it was.
import { closeSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { isAdvisoryMetric, isExactMetric, limitName, METRIC_NAMES, type MetricName } from '../../metrics.js';
import { temporaryPathOf } from '../atomic-write.js';
import { UsageError } from '../errors.js';
import { processIsAlive } from '../process-alive.js';
import type { FileResult } from '../run/suite.js';
import {
  type Baselines,
  DEFAULT_HEADROOM,
  limitForFigure,
  type RuntimeBaselines,
  readBaselines,
  writeBaselinesAtomically,
} from './baselines.js';
import { percentChange } from './check.js';

export interface LimitChange {
  name: string;
  metric: MetricName;
  old: number | undefined;
  new: number;
}

/**
 * Takes `<baselines>.lock` (O_EXCL), so that two updates at once cannot both
 * rewrite the file and lose each other's keys: the second one refuses.
 * A lock left by a process that no longer runs (kill -9) is taken over.
 */
export function lockBaselines(path: string): () => void {
  const lockPath = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          unlinkSync(lockPath);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = NaN;
      try {
        holder = Number(readFileSync(lockPath, 'utf8').trim());
      } catch {
        // Vanished in between: try again.
      }
      if (Number.isInteger(holder) && holder > 0 && processIsAlive(holder)) {
        throw new UsageError(
          `${lockPath}: another --update-baselines (pid ${holder}) is updating ${path}; wait for it to finish`,
        );
      }
      process.stderr.write(`alloc-counter: removing a stale lock ${lockPath} (pid ${holder} is not running)\n`);
      // A holder killed while writing leaves its temp file; the file itself is whole (atomic-write.ts).
      if (Number.isInteger(holder) && holder > 0) rmSync(temporaryPathOf(path, holder), { force: true });
      try {
        unlinkSync(lockPath);
      } catch {
        // Someone else took it over first; the next attempt tells.
      }
    }
  }
  throw new UsageError(`${lockPath}: cannot take the lock`);
}

/**
 * The new baselines, and the list of limits that change. `results` may hold
 * the same identifier several times (one per process, --processes N): its
 * limit comes from the highest figure, and an exact metric that differed
 * between processes also records the lowest (see `lowest` in baselines.ts).
 */
export function planUpdate(
  baselines: Baselines,
  key: string,
  runtime: { node: string; v8: string },
  results: FileResult[],
  now: Date,
): { next: Baselines; changes: LimitChange[]; unchanged: number } {
  const headroom = baselines.headroom ?? DEFAULT_HEADROOM;
  const previous = baselines.runtimes[key];
  const limits: RuntimeBaselines['limits'] = structuredClone(previous?.limits ?? {});
  const lowest: RuntimeBaselines['limits'] = structuredClone(previous?.lowest ?? {});
  // identifier name -> metric -> figures seen (one per process)
  const seen = new Map<string, Map<MetricName, number[]>>();
  for (const result of results) {
    for (const id of result.identifiers) {
      if (id.figures === null) continue;
      const name = limitName(id.identifier);
      const metrics = seen.get(name) ?? new Map<MetricName, number[]>();
      seen.set(name, metrics);
      for (const metric of METRIC_NAMES) {
        const figure = id.figures[metric];
        if (figure === null) continue; // not measured here (native counting unavailable): keep the old limit
        if (isAdvisoryMetric(metric)) continue; // limits of advisory metrics are set by hand, if at all
        metrics.set(metric, [...(metrics.get(metric) ?? []), figure]);
      }
    }
  }
  const changes: LimitChange[] = [];
  let unchanged = 0;
  let lowestChanged = false;
  for (const [name, metrics] of seen) {
    const entry = { ...(limits[name] ?? {}) };
    const entryLowest = { ...(lowest[name] ?? {}) };
    for (const [metric, figures] of metrics) {
      const value = limitForFigure(Math.max(...figures), metric, headroom);
      const low = Math.min(...figures);
      if (isExactMetric(metric) && low < Math.max(...figures)) {
        if (entryLowest[metric] !== low) lowestChanged = true;
        entryLowest[metric] = low;
      } else if (entryLowest[metric] !== undefined) {
        lowestChanged = true;
        delete entryLowest[metric];
      }
      if (entry[metric] === value) {
        unchanged++;
        continue;
      }
      changes.push({ name, metric, old: entry[metric], new: value });
      entry[metric] = value;
    }
    limits[name] = entry;
    if (Object.keys(entryLowest).length > 0) lowest[name] = entryLowest;
    else delete lowest[name];
  }
  const next: Baselines = structuredClone(baselines);
  if (changes.length > 0 || lowestChanged) {
    next.runtimes[key] = {
      node: runtime.node,
      v8: runtime.v8,
      updatedAt: now.toISOString(),
      limits,
      ...(Object.keys(lowest).length > 0 ? { lowest } : {}),
    };
  }
  return { next, changes, unchanged };
}

export function formatChanges(changes: LimitChange[], unchanged: number, label: string, key: string): string {
  const lines = [`${label} ${key}: ${changes.length} limits change, ${unchanged} unchanged`];
  const width = Math.max(0, ...changes.map((c) => c.name.length + c.metric.length + 1));
  for (const change of changes) {
    const old = change.old === undefined ? '-' : String(change.old);
    const delta = change.old === undefined || change.old === 0 ? 'new' : percentChange(change.old, change.new);
    lines.push(
      `  ${`${change.name}.${change.metric}`.padEnd(width)}  ${old.padStart(10)} -> ${String(change.new).padEnd(10)} (${delta})`,
    );
  }
  return lines.join('\n');
}

/**
 * Runs under the lock, after the tests: re-reads the file (another writer may
 * have changed it since the run started, before our lock), plans, prints,
 * writes atomically. Nothing is written when any file failed to run.
 */
export function applyUpdate(args: {
  path: string;
  label: string;
  key: string;
  runtime: { node: string; v8: string };
  results: FileResult[];
  log: (line: string) => void;
}): number {
  const failed = args.results.filter((r) => r.failure !== null);
  if (failed.length > 0) {
    args.log(
      `alloc-counter: ${args.label} not updated: ${failed.length} test files failed to run (${failed.map((r) => r.displayName).join(', ')})`,
    );
    return 1;
  }
  const current = readBaselines(args.path);
  const { next, changes, unchanged } = planUpdate(current, args.key, args.runtime, args.results, new Date());
  args.log(formatChanges(changes, unchanged, args.label, args.key));
  if (JSON.stringify(next) === JSON.stringify(current)) {
    args.log(`alloc-counter: ${args.label} unchanged`);
    return 0;
  }
  writeBaselinesAtomically(args.path, next);
  args.log(`alloc-counter: wrote ${args.label} (${args.key}); review it with: git diff ${args.label}`);
  return 0;
}
