// The "why" under an identifier that failed (or any, with --explain): its top
// allocation sites, and what stayed alive, where it was allocated and what
// holds it, as memlab prints retainer paths.

import { GROUPS_WITH_PATHS } from './collect.js';
import { siteLabel } from './locations.js';
import type { IdentifierDiagnostics } from './schema.js';
import { TOP_SITES } from './sites.js';

/** memlab's names for edge kinds: a context edge is a closure variable. */
const EDGE_KIND: Record<string, string> = { context: 'variable' };

export function formatExplanation(identifier: string, diagnostics: IdentifierDiagnostics): string[] {
  const lines = [
    `-- why ${identifier} (measured run ${diagnostics.run}: ${diagnostics.totalCount} allocations, ${diagnostics.totalBytes} bytes)`,
  ];
  const top = diagnostics.sites.slice(0, TOP_SITES);
  if (top.length > 0) {
    lines.push(`   top allocation sites (of ${diagnostics.sites.length}): count, bytes, site, call path`);
    const countWidth = Math.max(...top.map((s) => String(s.count).length));
    const bytesWidth = Math.max(...top.map((s) => String(s.bytes).length));
    for (const site of top) {
      const path = site.callPath.length > 1 ? `  <- ${site.callPath.slice(0, -1).reverse().join(' <- ')}` : '';
      lines.push(
        `   ${String(site.count).padStart(countWidth)} ${String(site.bytes).padStart(bytesWidth)} B  ${siteLabel(site)}${path}`,
      );
    }
  }
  const remaining = diagnostics.remaining.reduce((sum, g) => sum + g.count, 0);
  if (remaining > 0) {
    lines.push(`   remaining after GC: ${remaining} objects in ${diagnostics.remaining.length} groups`);
    for (const group of diagnostics.remaining.slice(0, GROUPS_WITH_PATHS)) {
      const sites = group.sites.map((s) => `${siteLabel(s)} x${s.count}`).join(', ');
      lines.push(`   ${group.count} x ${group.group} (${group.bytes} bytes), allocated at ${sites}`);
      const path = group.retainerPath;
      if (path === null) continue;
      lines.push(`      retained by: [${path.root.node}] (${path.root.nodeType}) @${path.root.nodeId}`);
      for (const step of path.steps) {
        const kind = EDGE_KIND[step.edgeType] ?? step.edgeType;
        lines.push(
          `        --${step.edge} (${kind})--> [${step.node}] (${step.nodeType}) @${step.nodeId} [${step.selfSize} bytes]`,
        );
      }
    }
    if (diagnostics.remaining.length > GROUPS_WITH_PATHS) {
      lines.push(`   ... ${diagnostics.remaining.length - GROUPS_WITH_PATHS} more groups in the --json report`);
    }
  }
  return lines;
}
