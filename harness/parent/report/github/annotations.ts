// Error annotations for a run's failures, shown by GitHub on the pull
// request's diff at the test's measure() call: the files that crashed first,
// then the identifiers furthest over their limits. GitHub shows at most 10
// error annotations of a step, so 10 are printed and one notice counts the rest.
import type { JsonReport } from '../json.js';
import {
  type FileFailure,
  failureLineInFile,
  failureLines,
  fileFailureLine,
  fileFailures,
  type IdentifierOutcome,
  identifierOutcomes,
  worstPercentOver,
} from '../outcomes.js';
import { workflowCommand } from './commands.js';

export const MAX_ERROR_ANNOTATIONS = 10;
/** Stack lines shown with a file's failure: enough to find the throw. */
const STACK_LINES = 10;

export interface AnnotationOptions {
  /** A report path (relative to the package root) as GitHub needs it (relative to the workspace). */
  pathOf?: (file: string) => string;
}

function fileError(failure: FileFailure, pathOf: (file: string) => string): string {
  const stack = failure.failure.stack?.split('\n').slice(0, STACK_LINES).join('\n');
  const message =
    stack === undefined ? fileFailureLine(failure.failure) : `${fileFailureLine(failure.failure)}\n${stack}`;
  return workflowCommand(
    'error',
    {
      file: pathOf(failure.file),
      line: failureLineInFile(failure),
      title: `alloc-counter: ${failure.file}: ${failure.failure.kind}`,
    },
    message,
  );
}

function identifierError(outcome: IdentifierOutcome, pathOf: (file: string) => string): string {
  const site = outcome.id.measureSite;
  return workflowCommand(
    'error',
    { file: pathOf(site?.file ?? outcome.file), line: site?.line, title: `alloc-counter: ${outcome.id.identifier}` },
    failureLines(outcome).join('\n'),
  );
}

/** Furthest over first; a comparison, not a subtraction, since two figures over a limit of 0 are both Infinity. */
function byWorstFirst(a: IdentifierOutcome, b: IdentifierOutcome): number {
  const [x, y] = [worstPercentOver(a), worstPercentOver(b)];
  return x === y ? 0 : x > y ? -1 : 1;
}

/** The command lines to print: at most MAX_ERROR_ANNOTATIONS errors, then a notice if some were left out. */
export function annotationLines(report: JsonReport, options: AnnotationOptions = {}): string[] {
  const pathOf = options.pathOf ?? ((file: string) => file);
  const failed = identifierOutcomes(report)
    .filter((o) => o.status === 'failed')
    .sort(byWorstFirst);
  const errors = [
    ...fileFailures(report).map((f) => fileError(f, pathOf)),
    ...failed.map((o) => identifierError(o, pathOf)),
  ];
  const lines = errors.slice(0, MAX_ERROR_ANNOTATIONS);
  const rest = errors.length - lines.length;
  if (rest > 0) {
    lines.push(
      workflowCommand(
        'notice',
        {},
        `alloc-counter: ${rest} more failures are not annotated (GitHub shows ${MAX_ERROR_ANNOTATIONS} per step): see the job summary`,
      ),
    );
  }
  return lines;
}
