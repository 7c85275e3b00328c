// The `diagnostics` of each identifier in the --json report (report/json.ts):
// where the reported run's allocations come from and what stayed alive.
//
//   run            the measured run described: the one with the fewest total_allocations
//   sites          every allocation site (function, script, line, column) with the
//                  count and bytes allocated there, most first; never pruned, so that
//                  --compare-to sees every change. callPath: the heaviest call path that
//                  reaches the site, outermost first, at most 4 frames; only for the
//                  15 sites with the most allocations ([] for the others).
//   callTree       the call tree (V8's allocation trace without the harness's frames).
//                  Pruned: a subtree is kept when its totalCount is at least
//                  pruneBelow = max(1, ceil(0.5% of the run's total_allocations));
//                  the others are summed into their parent's otherCount/otherBytes
//                  (the cut top-level subtrees into callTree.otherCount/otherBytes).
//   remaining      the objects still alive after GC, grouped by constructor (objects)
//                  or node type, with up to 3 allocation sites each and, when the
//                  identifier failed or --explain was given, one shortest retainer path
//                  from the GC roots (weak edges skipped); null otherwise.
// script is relative to the package root for the package's own files; line and
// column are 1-based (0: unknown) and refer to the TypeScript source of .ts files.
import { z } from 'zod';
import type { PrunedCallTreeNode } from './sites.js';

const siteLocationShape = {
  function: z.string(),
  script: z.string(),
  line: z.number().int(),
  column: z.number().int(),
};

const callTreeNodeSchema: z.ZodType<PrunedCallTreeNode> = z.lazy(() =>
  z.strictObject({
    ...siteLocationShape,
    selfCount: z.number(),
    selfBytes: z.number(),
    totalCount: z.number(),
    totalBytes: z.number(),
    otherCount: z.number(),
    otherBytes: z.number(),
    children: z.array(callTreeNodeSchema),
  }),
);

const retainerPathSchema = z.strictObject({
  root: z.strictObject({ node: z.string(), nodeType: z.string(), nodeId: z.number() }),
  steps: z.array(
    z.strictObject({
      edge: z.string(),
      edgeType: z.string(),
      node: z.string(),
      nodeType: z.string(),
      nodeId: z.number(),
      selfSize: z.number(),
    }),
  ),
});

export const identifierDiagnosticsSchema = z.strictObject({
  run: z.number().int(),
  totalCount: z.number(),
  totalBytes: z.number(),
  sites: z.array(
    z.strictObject({ ...siteLocationShape, count: z.number(), bytes: z.number(), callPath: z.array(z.string()) }),
  ),
  callTree: z.strictObject({
    pruneBelow: z.number(),
    roots: z.array(callTreeNodeSchema),
    otherCount: z.number(),
    otherBytes: z.number(),
  }),
  remaining: z.array(
    z.strictObject({
      group: z.string(),
      count: z.number(),
      bytes: z.number(),
      sites: z.array(z.strictObject({ ...siteLocationShape, count: z.number() })),
      retainerPath: retainerPathSchema.nullable(),
    }),
  ),
});
export type IdentifierDiagnostics = z.infer<typeof identifierDiagnosticsSchema>;
