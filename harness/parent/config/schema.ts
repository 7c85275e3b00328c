// What a project's alloc-counter configuration may say, validated with zod;
// every path in it is relative to the project's root. The command line wins
// over it, option by option.
import { z } from 'zod';
import { headroomSchema } from '../limits/baselines.js';

const count = (minimum: number) => z.number().int().min(minimum);

export const configSchema = z.strictObject({
  /** Test folders, files or globs (`perf/`, `bench/**\/test_*.ts`). */
  tests: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  /** The baselines file; default alloc-counter.baselines.json in the project. */
  baselines: z.string().min(1).optional(),
  runs: count(1).optional(),
  warmup: count(0).optional(),
  jobs: count(1).optional(),
  /** Seconds per test file. */
  timeout: count(1).optional(),
  tolerance: z
    .strictObject({
      /** A count is an improvement when more than this many percent... */
      percent: z.number().min(0).optional(),
      /** ...and more than this many below its limit. */
      minimum: count(0).optional(),
      /** Remaining allocations may exceed their limit by this many. */
      remaining: count(0).optional(),
    })
    .optional(),
  /** How limits are raised over figures (as `"headroom"` in a baselines file, which wins). */
  headroom: headroomSchema.optional(),
});

export type Config = z.infer<typeof configSchema>;

/** One line for the first problem: `FILE: at runs: Too small: expected number to be >=1`. */
export function configProblem(source: string, error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
  let detail = issue.message;
  if (issue.code === 'unrecognized_keys') {
    detail += ` (known: ${Object.keys(configSchema.shape).join(', ')})`;
  }
  return `${source}: at ${where}: ${detail}`;
}
