// Reading the two --json reports that `compare` puts side by side.
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { UsageError } from '../errors.js';
import { type JsonReport, jsonReportSchema } from '../report/json.js';

/** `$.files[0].identifiers[2].figures`: the field a person looks for in the file. */
function fieldOf(issue: z.core.$ZodIssue): string {
  if (issue.path.length === 0) return '(top level)';
  const steps = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`));
  return `$${steps.join('')}`;
}

/** A report written by --json (schema version 1 or 2); exit 2 (UsageError) naming the file otherwise. */
export function loadReport(path: string): JsonReport {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${path}: not a readable JSON file: ${(error as Error).message.split('\n')[0]}`);
  }
  const parsed = jsonReportSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `${path}: not an alloc-counter --json report at ${fieldOf(issue)}: ${issue.message.split('\n')[0]}; write it with --json FILE`,
    );
  }
  return parsed.data;
}
