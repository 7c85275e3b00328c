// Per identifier: reads each measured run's snapshot once, takes its figures,
// and keeps what the diagnostics need of the run that is reported (the one with
// the fewest total allocations). Retainer paths, which need a search of the
// whole heap graph, are computed only when they will be shown.
import { rmSync } from 'node:fs';
import {
  type AttributedTrace,
  attributeTrace,
  figuresOfTrace,
  type JsHeapFigures,
  readHeapSnapshot,
} from '../figures/heap-snapshot.js';
import { HeapGraph } from './heap-graph.js';
import type { SourceLocator } from './locations.js';
import { type ProfileSettings, writeProfile } from './profile.js';
import { type RemainingGroup, remainingGroups } from './remaining.js';
import { shortestRetainerPaths } from './retainers.js';
import type { IdentifierDiagnostics } from './schema.js';
import { type CallTreeNode, callTreeOf, flattenSites, pruneCallTree } from './sites.js';

/** Remaining groups that get a retainer path (and are shown). */
export const GROUPS_WITH_PATHS = 10;

export interface DiagnosticsSettings {
  explain: boolean;
  profile: ProfileSettings | null;
}

interface ReportedRun {
  index: number;
  snapshotPath: string;
  /** Holds the parsed snapshot until finish(). */
  graph: HeapGraph;
  trace: AttributedTrace;
  figures: JsHeapFigures;
  callTree: CallTreeNode[];
  remaining: RemainingGroup[];
}

export class IdentifierDiagnosticsCollector {
  private reported: ReportedRun | null = null;

  constructor(
    private readonly identifier: string,
    private readonly isHarnessScript: (scriptName: string) => boolean,
    private readonly locator: SourceLocator,
    private readonly settings: DiagnosticsSettings,
  ) {}

  /** Figures of one measured run; the run is kept when it is the reported one so far. */
  addRun(index: number, snapshotPath: string): JsHeapFigures {
    const snapshot = readHeapSnapshot(snapshotPath);
    const trace = attributeTrace(snapshot, this.isHarnessScript);
    const figures = figuresOfTrace(snapshot, trace);
    if (this.reported === null || figures.total_allocations < this.reported.figures.total_allocations) {
      const graph = new HeapGraph(snapshot);
      this.reported = {
        index,
        snapshotPath,
        graph,
        trace,
        figures,
        callTree: callTreeOf(trace, this.locator),
        remaining: remainingGroups(snapshot, graph, trace, this.locator),
      };
    }
    return figures;
  }

  /**
   * The diagnostics of the reported run; with retainer paths when the
   * identifier failed or --explain was given. Writes the profile files when
   * asked to, then lets go of the parsed snapshot.
   */
  finish(failed: boolean, heapProfilePath: (snapshotPath: string) => string): IdentifierDiagnostics | null {
    const run = this.reported;
    if (run === null) return null;
    this.reported = null;
    const shown = run.remaining.slice(0, GROUPS_WITH_PATHS);
    const paths =
      failed || this.settings.explain
        ? shortestRetainerPaths(
            run.graph,
            shown.map((g) => g.sampleNode),
          )
        : new Map<number, null>();
    const pruned = pruneCallTree(run.callTree, run.trace.totalCount);
    const diagnostics: IdentifierDiagnostics = {
      run: run.index,
      totalCount: run.trace.totalCount,
      totalBytes: run.trace.totalBytes,
      sites: flattenSites(run.callTree),
      callTree: pruned,
      remaining: run.remaining.map(({ sampleNode, ...group }) => ({
        ...group,
        retainerPath: paths.get(sampleNode) ?? null,
      })),
    };
    const profile = this.settings.profile;
    if (profile !== null && (failed || !profile.failingOnly)) {
      writeProfile(profile.dir, this.identifier, {
        snapshotPath: run.snapshotPath,
        heapProfilePath: heapProfilePath(run.snapshotPath),
        callTree: run.callTree,
        totalCount: run.trace.totalCount,
        totalBytes: run.trace.totalBytes,
      });
    }
    return diagnostics;
  }
}

/** Heap profiles the child wrote next to the snapshots (with --profile); removed with them. */
export function removeHeapProfiles(snapshotPaths: string[], heapProfilePath: (snapshotPath: string) => string): void {
  for (const path of snapshotPaths) rmSync(heapProfilePath(path), { force: true });
}
