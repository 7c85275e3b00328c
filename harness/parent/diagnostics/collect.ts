// Per identifier: reads each measured run's files once (snapshot counting: its
// heap snapshot; sampling counting: its two profiles), takes its figures, and
// keeps what the diagnostics need of the run that is reported (the one with the
// fewest total allocations). With a heap snapshot, remaining objects are grouped
// by type with retainer paths; without one (sampling counting, unless --explain,
// --profile or --keep-snapshots, or the second run of a failing file), by site.
import { statSync } from 'node:fs';
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

/**
 * A parsed snapshot at least this large (its file, in bytes) is not held from
 * its run's addRun to finish(): the reported run's snapshot is read again
 * there, so that reading the next run's never holds two (ARCHITECTURE.md,
 * "Reading snapshots": one 395 MB snapshot is about 520 MB parsed).
 */
export const HOLD_PARSED_SNAPSHOT_BELOW_BYTES = 64 * 1024 * 1024;

interface ReportedRun {
  index: number;
  files: RunFiles;
  /** The parsed snapshot when small enough to hold (else read again in finish()); null without one. */
  snapshot: HeapSnapshot | null;
  trace: AttributedTrace;
  figures: JsHeapFigures;
  callTree: CallTreeNode[];
  remainingBySite: RemainingGroup[] | null;
}

export class IdentifierDiagnosticsCollector {
  private reported: ReportedRun | null = null;

  constructor(
    private readonly identifier: string,
    private readonly isHarnessScript: (scriptName: string) => boolean,
    private readonly locator: SourceLocator,
    private readonly settings: DiagnosticsSettings,
    private readonly fileSize: (path: string) => number = (path) => statSync(path).size,
  ) {}

  /** Figures of one measured run; the run is kept when it is the reported one so far. */
  addRun(index: number, files: RunFiles): JsHeapFigures {
    const run = files.totals !== null && files.remaining !== null ? this.sampledRun(files) : this.snapshotRun(files);
    if (this.reported === null || run.figures.total_allocations < this.reported.figures.total_allocations) {
      const hold = run.snapshot !== null && this.fileSize(files.snapshot!) < HOLD_PARSED_SNAPSHOT_BELOW_BYTES;
      this.reported = {
        index,
        files,
        snapshot: hold ? run.snapshot : null,
        trace: run.trace,
        figures: run.figures,
        callTree: callTreeOf(run.trace, this.locator),
        remainingBySite: run.remainingBySite,
      };
    }
    return run.figures;
  }

  /** The reported run's snapshot (held, or read again), its graph and its remaining groups. */
  private remainingOf(run: ReportedRun): { graph: HeapGraph | null; remaining: RemainingGroup[] } {
    const snapshot = run.snapshot ?? (run.files.snapshot === null ? null : readHeapSnapshot(run.files.snapshot));
    if (snapshot === null) return { graph: null, remaining: run.remainingBySite ?? [] };
    const graph = new HeapGraph(snapshot);
    // Snapshot counting: the trace is this snapshot's; sampling counting: the snapshot has its own.
    const sampled = run.files.totals !== null && run.files.remaining !== null;
    const snapshotTrace = sampled ? attributeTrace(snapshot, this.isHarnessScript) : run.trace;
    return { graph, remaining: remainingGroups(snapshot, graph, snapshotTrace, this.locator) };
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
    const { graph, remaining } = this.remainingOf(run);
    const shown = remaining.slice(0, GROUPS_WITH_PATHS);
    const paths =
      graph !== null && (failed || this.settings.explain)
        ? shortestRetainerPaths(
            graph,
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
      remaining: remaining.map(({ sampleNode, ...group }) => ({
        ...group,
        retainerPath: paths.get(sampleNode) ?? null,
      })),
    };
    const profile = this.settings.profile;
    if (profile !== null && (failed || !profile.failingOnly)) {
      writeProfile(profile.dir, this.identifier, {
        snapshotPath: run.files.snapshot,
        trace: run.trace,
        callTree: run.callTree,
        totalCount: run.trace.totalCount,
        totalBytes: run.trace.totalBytes,
      });
    }
    return diagnostics;
  }
}
