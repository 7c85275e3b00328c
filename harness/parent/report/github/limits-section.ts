// The summary's block for a run that ended in exit 3: the lowered limits to
// commit, as baselines.json entries and env vars (new-limits.ts).
import { escapeMarkdown as md } from '../../compare/escape.js';
import type { JsonReport } from '../json.js';
import type { Section } from './fit.js';
import { newLimits } from './new-limits.js';

/** A code fence longer than any run of backticks in `text`, so that the text cannot close it. */
function fenceFor(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(longest + 1);
}

function baselinesLines(limits: ReturnType<typeof newLimits>): string[] {
  if (limits.baselines === null) return [];
  const json = JSON.stringify(limits.baselines, null, 2);
  const fence = fenceFor(json);
  const lines = ['Lower these limits in baselines.json (the entries to change, at their place in the file):', ''];
  lines.push(`${fence}json`, json, fence, '');
  if (limits.dropLowest.length > 0) {
    const names = limits.dropLowest.map(md).join(', ');
    lines.push(`and delete their \`lowest\` entries, which no longer apply: ${names}.`, '');
  }
  if (!limits.headroomFromReport) {
    lines.push('_The report does not say which headroom the run used: these use the default one._', '');
  }
  return lines;
}

/** `command`: the runner as the user types it (project/project.ts). */
export function limitsSection(report: JsonReport, command: string): Section {
  const limits = newLimits(report);
  const env = limits.env.map(([variable, value]) => `- lower ${md(variable)} to ${value}`);
  return {
    head: [
      '#### Limits to commit',
      '',
      ...baselinesLines(limits),
      ...(env.length > 0 ? ['Lower these limits set in the environment:', '', ...env, ''] : []),
      `Or run \`${command} --update-baselines\` on the files, with the same Node.`,
      '',
    ],
    rows: [],
    tail: [],
    omitted: () =>
      "_The limits to commit were left out (GitHub's 1 MiB limit for a summary): run `--update-baselines` on the improved files._",
  };
}
