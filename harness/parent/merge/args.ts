// Command-line options of `merge-reports REPORT.json... [--json OUT.json] [--junit OUT.xml] [--html OUT.html]`.

import { parseCommandFlags } from '../cli/command.js';
import { path } from '../cli/values.js';
import { UsageError } from '../errors.js';
import type { MergeTargets } from './outputs.js';

export interface MergeOptions {
  help: boolean;
  inputs: string[];
  targets: MergeTargets;
}

/** `runner`: the command as the user types it (project/project.ts). */
export const mergeUsage = (runner: string): string => `Usage: ${runner} merge-reports REPORT.json... [--json OUT.json]

Joins the --json reports of the shards of one run (--shard 1/n ... n/n, on as many machines) into
the report of the whole run: every file once, in order of its name; the counts and the exit code
recomputed as a run computes them; the earliest start, the longest wall time.

Refused (exit 2, naming the reports): a report that does not parse, one of a run interrupted by
SIGINT or SIGTERM (it lacks the files that did not finish), reports of different Node
releases or report versions, of different -n, --runs, --warmup, --allow-missing or
--allow-improvements, a file in two reports, and, when every report is a shard, shards of
different splits, a shard given twice or one missing.

Options:
      --json FILE            write the merged report (as --json writes a run's)
      --junit FILE           the merged run as JUnit XML (as --junit writes a run's)
      --html FILE            the merged run as one HTML page (as --html writes a run's)
  -h, --help                 this text

Exit codes: the merged run's: 0 within limits; 1 a failure in any report; 3 improvements only
            (unless the runs had --allow-improvements); 2 bad usage or reports that do not merge.`;

function parseFlags(argv: string[]) {
  return parseCommandFlags('merge-reports', argv, {
    json: { type: 'string' },
    junit: { type: 'string' },
    html: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
}

/** argv: the arguments after `merge-reports`. */
export function parseMergeOptions(argv: string[]): MergeOptions {
  const { values, positionals } = parseFlags(argv);
  const help = values.help ?? false;
  if (!help && positionals.length === 0) {
    throw new UsageError('expected the reports to merge, written by --json (see merge-reports --help)');
  }
  const twice = positionals.find((input, i) => positionals.indexOf(input) !== i);
  if (twice !== undefined) throw new UsageError(`${twice} is given twice: give each report once`);
  return {
    help,
    inputs: positionals,
    targets: {
      json: values.json === undefined ? null : path(values.json, '--json'),
      junit: values.junit === undefined ? null : path(values.junit, '--junit'),
      html: values.html === undefined ? null : path(values.html, '--html'),
    },
  };
}
