// --profile DIR: per identifier, the files to look at the reported run with
// other tools:
//   <identifier>.heapsnapshot     the heap snapshot with its allocation trace
//                                 (Chrome DevTools, Memory tab, Load)
//   <identifier>.heapprofile      the same run's allocations as a sampling heap
//                                 profile of one sample per allocation (Memory tab, Load),
//                                 from its counting profile
//   <identifier>.allocations.svg  the allocation flame graph of the call tree
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttributedTrace, TraceFunction, WorkloadTraceNode } from '../figures/heap-snapshot.js';
import { allocationFlameGraphSvg } from './flamegraph.js';
import type { CallTreeNode } from './sites.js';

export interface ProfileSettings {
  dir: string;
  /** Only identifiers that failed (--profile-failing). */
  failingOnly: boolean;
}

export interface ProfiledRun {
  snapshotPath: string | null;
  trace: AttributedTrace;
  callTree: CallTreeNode[];
  totalCount: number;
  totalBytes: number;
}

export function writeProfile(dir: string, identifier: string, run: ProfiledRun): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  if (run.snapshotPath !== null) {
    const snapshot = join(dir, `${identifier}.heapsnapshot`);
    copyFileSync(run.snapshotPath, snapshot);
    written.push(snapshot);
  }
  const heapProfile = join(dir, `${identifier}.heapprofile`);
  writeFileSync(heapProfile, JSON.stringify(devToolsHeapProfile(run.trace)));
  written.push(heapProfile);
  const flameGraph = join(dir, `${identifier}.allocations.svg`);
  writeFileSync(
    flameGraph,
    allocationFlameGraphSvg(`${identifier}: allocations by call path`, run.callTree, run.totalCount, run.totalBytes),
  );
  written.push(flameGraph);
  return written;
}

interface DevToolsProfileNode {
  callFrame: { functionName: string; scriptId: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  id: number;
  children: DevToolsProfileNode[];
}

/**
 * The workload's call tree in the format of DevTools' sampling heap profile
 * (HeapProfiler.SamplingHeapProfile; 0-based positions, -1 when unknown), with
 * one sample per node that allocated, carrying all its bytes.
 */
export function devToolsHeapProfile(trace: AttributedTrace): {
  head: DevToolsProfileNode;
  samples: { size: number; nodeId: number; ordinal: number }[];
} {
  const samples: { size: number; nodeId: number; ordinal: number }[] = [];
  let nextId = 1;
  const convert = (
    fn: TraceFunction | undefined,
    selfSize: number,
    children: WorkloadTraceNode[],
  ): DevToolsProfileNode => {
    const id = nextId++;
    if (selfSize > 0) samples.push({ size: selfSize, nodeId: id, ordinal: samples.length + 1 });
    return {
      callFrame: {
        functionName: fn?.name ?? '(root)',
        scriptId: '0',
        url: fn?.scriptName ?? '',
        lineNumber: (fn?.line ?? 0) - 1,
        columnNumber: (fn?.column ?? 0) - 1,
      },
      selfSize,
      id,
      children: children.map((child) => convert(trace.functions[child.functionIndex], child.size, child.children)),
    };
  };
  const [only] = trace.roots;
  const rootFunction = only === undefined ? undefined : trace.functions[only.functionIndex];
  const head =
    trace.roots.length === 1 && only !== undefined && rootFunction?.name === '(root)'
      ? convert(rootFunction, only.size, only.children)
      : convert(undefined, 0, trace.roots);
  return { head, samples };
}
