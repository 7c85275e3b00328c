#!/usr/bin/env node
// Kept for old command lines: the check is the runner's `--repeat N` now.
//
//   node scripts/check-determinism.mjs [--processes N] [runner options...] [test files...]
//   = ./run-alloc-counter-tests.sh --repeat N [runner options...] [test files...]
//
// Exit 0 when every figure agrees across the N processes (native totals that
// spread are printed, not failed), 1 when a JS figure differs or a file failed,
// 2 on bad usage (the rule: harness/parent/determinism/).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
let processes = '10';
const at = args.indexOf('--processes');
if (at >= 0) [, processes] = args.splice(at, 2);
if (args.some((arg) => arg.startsWith('--native-tolerance'))) {
  console.error(
    'check-determinism: --native-tolerance and --native-tolerance-min are gone: native counts agree within 1% or 32 (harness/parent/determinism/agreement.ts)',
  );
  process.exit(2);
}
const run = spawnSync(join(root, 'run-alloc-counter-tests.sh'), ['--repeat', String(processes), ...args], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
