// Per identifier: reads each measured run's files once (snapshot counting: its
// heap snapshot; sampling counting: its two profiles), takes its figures, and
// keeps what the diagnostics need of the run that is reported (the one with the
// fewest total allocations). With a heap snapshot, remaining objects are grouped
// by type with retainer paths; without one (sampling counting, unless --explain,
// --profile or --keep-snapshots, or the second run of a failing file), by site.
import { attributeProfile, readCountingProfile } from '../figures/counting-profile.js';
import {
  type AttributedTrace,
  attributeTrace,
  figuresOfTrace,
  type HeapSnapshot,
  type JsHeapFigures,
  readHeapSnapshot,
} from '../figures/heap-snapshot.js';
import { HeapGraph } from './heap-graph.js';
import type { SourceLocator } from './locations.js';
import { type ProfileSettings, writeProfile } from './profile.js';
import { type RemainingGroup, remainingBySite, remainingGroups } from './remaining.js';
import { shortestRetainerPaths } from './retainers.js';
import type { IdentifierDiagnostics } from './schema.js';
import { type CallTreeNode, callTreeOf, flattenSites, pruneCallTree } from './sites.js';

/** Remaining groups that get a retainer path (and are shown). */
export const GROUPS_WITH_PATHS = 10;

export interface DiagnosticsSettings {
  explain: boolean;
  profile: ProfileSettings | null;
}

/** A measured run's files, as the child named them (protocol.ts). */
export interface RunFiles {
  totals: string | null;
  remaining: string | null;
  snapshot: string | null;
}

interface CountedRun {
  trace: AttributedTrace;
  figures: JsHeapFigures;
  /** Snapshot counting: the parsed snapshot, kept for the diagnostics of the reported run. */
  snapshot: HeapSnapshot | null;
  remainingBySite: RemainingGroup[] | null;
}

interface ReportedRun {
  index: number;
  snapshotPath: string | null;
  /** Holds the parsed snapshot until finish(); null without a snapshot. */
  graph: HeapGraph | null;
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
  addRun(index: number, files: RunFiles): JsHeapFigures {
    const run = files.totals !== null && files.remaining !== null ? this.sampledRun(files) : this.snapshotRun(files);
    if (this.reported === null || run.figures.total_allocations < this.reported.figures.total_allocations) {
      const snapshot = run.snapshot ?? (files.snapshot === null ? null : readHeapSnapshot(files.snapshot));
      let remaining = run.remainingBySite;
      let graph: HeapGraph | null = null;
      if (snapshot !== null) {
        graph = new HeapGraph(snapshot);
        const snapshotTrace = run.snapshot === null ? attributeTrace(snapshot, this.isHarnessScript) : run.trace;
        remaining = remainingGroups(snapshot, graph, snapshotTrace, this.locator);
      }
      this.reported = {
        index,
        snapshotPath: files.snapshot,
        graph,
        trace: run.trace,
        figures: run.figures,
        callTree: callTreeOf(run.trace, this.locator),
        remaining: remaining ?? [],
      };
    }
    return run.figures;
  }

  /** Sampling counting: figures from the two profiles; remaining grouped by site until a snapshot says more. */
  private sampledRun(files: RunFiles): CountedRun {
    const trace = attributeProfile(readCountingProfile(files.totals!), this.isHarnessScript);
    const left = attributeProfile(readCountingProfile(files.remaining!), this.isHarnessScript);
    const figures: JsHeapFigures = {
      total_allocations: trace.totalCount,
      total_allocated_bytes: trace.totalBytes,
      remaining_allocations: left.totalCount,
    };
    return { trace, figures, snapshot: null, remainingBySite: remainingBySite(left, this.locator) };
  }

  /** Snapshot counting: figures from the snapshot's allocation trace and live nodes. */
  private snapshotRun(files: RunFiles): CountedRun {
    if (files.snapshot === null) throw new Error('a measured run with neither profiles nor a snapshot');
    const snapshot = readHeapSnapshot(files.snapshot);
    const trace = attributeTrace(snapshot, this.isHarnessScript);
    return { trace, figures: figuresOfTrace(snapshot, trace), snapshot, remainingBySite: null };
  }

  /**
   * The diagnostics of the reported run; with retainer paths when the
   * identifier failed or --explain was given. Writes the profile files when
   * asked to, then lets go of the parsed snapshot.
   */
  finish(failed: boolean): IdentifierDiagnostics | null {
    const run = this.reported;
    if (run === null) return null;
    this.reported = null;
    const shown = run.remaining.slice(0, GROUPS_WITH_PATHS);
    const paths =
      run.graph !== null && (failed || this.settings.explain)
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
        trace: run.trace,
        callTree: run.callTree,
        totalCount: run.trace.totalCount,
        totalBytes: run.trace.totalBytes,
      });
    }
    return diagnostics;
  }
}
