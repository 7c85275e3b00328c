// Command-line options of `compare BASE.json HEAD.json`.

import { parseCommandFlags } from '../cli/command.js';
import { UsageError } from '../errors.js';
import { type CompareRules, DEFAULT_COMPARE_RULES } from './rules.js';

export interface CompareOptions {
  help: boolean;
  basePath: string;
  headPath: string;
  markdown: boolean;
  allowNodeMismatch: boolean;
  rules: CompareRules;
}

/** `runner`: the command as the user types it (project/project.ts). */
export const compareUsage = (runner: string): string => `Usage: ${runner} compare BASE.json HEAD.json [options]

Compares two reports written by --json (say main and a pull request): every identifier's
figures on both sides, the change and its percentage, and the allocation sites that moved.

A rise is a regression when it is beyond the limits' tolerance: any rise of leaked_fds and
leaked_handles, a rise of remaining_allocations by more than 4, a rise of total_allocations and
total_allocated_bytes by more than 0.1%, of total_native_allocations by more than 25% (and 50).
A fall beyond the same amount is an improvement. Native bytes and native remaining blocks are
advisory: shown, never a regression.

Options:
      --markdown             GitHub-flavoured Markdown, for a pull-request comment
      --tolerance PCT        replaces the headroom percentage of every counted metric
      --remaining-tolerance N  remaining_allocations may move by N (default 4)
      --allow-node-mismatch  compare reports of two Node majors (refused otherwise)
  -h, --help                 this text

Exit codes: 0 no regression nor improvement; 1 a regression; 2 bad usage or a malformed report;
            3 improvements only.`;

function parseFlags(argv: string[]) {
  return parseCommandFlags('compare', argv, {
    markdown: { type: 'boolean' },
    tolerance: { type: 'string' },
    'remaining-tolerance': { type: 'string' },
    'allow-node-mismatch': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
}

function tolerancePercent(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const value = Number(raw.replace(/%$/, ''));
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) {
    throw new UsageError(`--tolerance ${JSON.stringify(raw)}: expected a percentage >= 0, such as 2 or 2%`);
  }
  return value;
}

function remainingTolerance(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_COMPARE_RULES.remainingTolerance;
  if (!/^[0-9]+$/.test(raw)) {
    throw new UsageError(`--remaining-tolerance ${JSON.stringify(raw)}: expected an integer >= 0`);
  }
  return Number(raw);
}

/** argv: the arguments after `compare`. */
export function parseCompareOptions(argv: string[]): CompareOptions {
  const { values, positionals } = parseFlags(argv);
  const help = values.help ?? false;
  if (!help && positionals.length !== 2) {
    throw new UsageError(
      `expected two reports written by --json, BASE.json and HEAD.json; got ${positionals.length} (see compare --help)`,
    );
  }
  return {
    help,
    basePath: positionals[0] ?? '',
    headPath: positionals[1] ?? '',
    markdown: values.markdown ?? false,
    allowNodeMismatch: values['allow-node-mismatch'] ?? false,
    rules: {
      tolerancePercent: tolerancePercent(values.tolerance),
      remainingTolerance: remainingTolerance(values['remaining-tolerance']),
    },
  };
}
