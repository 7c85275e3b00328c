// --heaptrack FILE: SwiftNIO's "disable hooking and run under heaptrack"
// workflow in one flag. The test file runs once, without counting (-n mode:
// no V8 tracking, no malloc interposer), under Debian's heaptrack, which
// records every malloc with its stack; then heaptrack_print's top allocation
// sites are printed, and the data file is kept for heaptrack_gui.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { UsageError } from '../errors.js';
import { findInPath } from '../project/find-program.js';
import { type ChildSettings, childRunSpec } from './child-config.js';
import { runChild } from './run-child.js';

export interface HeaptrackOptions {
  file: string;
  /** Where the data file is written and kept (-t). */
  outDir: string;
  /** Scratch folder of this run (the child's work dir). */
  workDir: string;
  /** What the child gets: not counting (child-config.ts). */
  child: ChildSettings;
  /** How many allocation sites to print. */
  top: number;
}

function findProgram(name: string): string {
  const found = findInPath(name, process.env.PATH);
  if (found === null)
    throw new UsageError(`--heaptrack: ${name} is not installed (Debian: apt-get install -y heaptrack)`);
  return found;
}

/** Runs the file under heaptrack and prints its top allocation sites; returns the exit code. */
export async function runUnderHeaptrack(options: HeaptrackOptions): Promise<number> {
  const heaptrack = findProgram('heaptrack');
  const heaptrackPrint = findProgram('heaptrack_print');
  const stem = `heaptrack.alloc-counter.${process.pid}`;
  const outcome = await runChild({
    ...childRunSpec(options.file, options.child, options.workDir),
    wrapper: [heaptrack, '-o', join(options.outDir, stem)],
  });
  if (outcome.output !== '') process.stdout.write(outcome.output.replace(/^/gm, '| ').replace(/\| $/, ''));
  if (outcome.failure !== null) {
    console.log(`FAILED: ${options.file}: ${outcome.failure.kind}: ${outcome.failure.message}`);
    return 1;
  }
  const data = readdirSync(options.outDir).find((name) => name.startsWith(stem));
  if (data === undefined) {
    console.log(`FAILED: heaptrack wrote no data file ${join(options.outDir, stem)}.*`);
    return 1;
  }
  const dataPath = join(options.outDir, data);
  const printed = await execa(
    heaptrackPrint,
    [
      '-f',
      dataPath,
      '--print-allocators',
      '1',
      '--print-peaks',
      '0',
      '--print-temporary',
      '0',
      '--print-leaks',
      '0',
      '-n',
      String(options.top),
      '-s',
      '3',
    ],
    { reject: false, all: true },
  );
  console.log(String(printed.all ?? ''));
  console.log(`alloc-counter: heaptrack data kept in ${dataPath} (open it with heaptrack_gui, or heaptrack_print -f)`);
  return printed.exitCode === 0 ? 0 : 1;
}
