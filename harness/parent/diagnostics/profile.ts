// --profile DIR: per identifier, the files to look at the reported run with
// other tools:
//   <identifier>.heapsnapshot     the heap snapshot with its allocation trace
//                                 (Chrome DevTools, Memory tab, Load)
//   <identifier>.heapprofile      V8's sampling heap profile of the same run
//                                 (Memory tab, Load; written by the child's addon)
//   <identifier>.allocations.svg  the allocation flame graph of the call tree
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocationFlameGraphSvg } from './flamegraph.js';
import type { CallTreeNode } from './sites.js';

/** Where the child writes a run's sampling heap profile (the same rule is in child/measure.ts). */
export function heapProfilePathFor(snapshotPath: string): string {
  return snapshotPath.replace(/\.heapsnapshot$/, '') + '.heapprofile';
}

export interface ProfileSettings {
  dir: string;
  /** Only identifiers that failed (--profile-failing). */
  failingOnly: boolean;
}

export interface ProfiledRun {
  snapshotPath: string;
  heapProfilePath: string;
  callTree: CallTreeNode[];
  totalCount: number;
  totalBytes: number;
}

export function writeProfile(dir: string, identifier: string, run: ProfiledRun): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  const snapshot = join(dir, `${identifier}.heapsnapshot`);
  copyFileSync(run.snapshotPath, snapshot);
  written.push(snapshot);
  if (existsSync(run.heapProfilePath)) {
    const heapProfile = join(dir, `${identifier}.heapprofile`);
    copyFileSync(run.heapProfilePath, heapProfile);
    written.push(heapProfile);
  }
  const flameGraph = join(dir, `${identifier}.allocations.svg`);
  writeFileSync(
    flameGraph,
    allocationFlameGraphSvg(`${identifier}: allocations by call path`, run.callTree, run.totalCount, run.totalBytes),
  );
  written.push(flameGraph);
  return written;
}
