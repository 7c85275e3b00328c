// --html FILE: the --json report as one self-contained page (no network, no
// dependencies): header, failures, a sortable summary table, and per file and
// identifier a chart of figures against limits and an allocation icicle,
// differential against a comparison report when one is given.
import { writeFileAtomically } from '../../atomic-write.js';
import type { JsonReport } from '../json.js';
import { renderFailures } from './failures.js';
import { renderFileSection } from './file-section.js';
import { renderHeader } from './header.js';
import type { IcicleDataSink } from './identifier-section.js';
import { renderPage } from './page.js';
import { renderSummaryTable } from './summary-table.js';

function titleOf(report: JsonReport): string {
  const { passed, failed } = report.summary;
  return `alloc-counter: ${passed} passed, ${failed} failed (${report.startedAt})`;
}

/** comparison: the report --compare-to points at, for the figures' base marks and the differential icicles. */
export function renderHtmlReport(report: JsonReport, comparison: JsonReport | null): string {
  const icicles: IcicleDataSink = new Map();
  const files = report.files.map((file, index) => renderFileSection(file, index, comparison, icicles));
  return renderPage({
    title: titleOf(report),
    body: [
      renderHeader(report, comparison),
      renderFailures(report),
      renderSummaryTable(report),
      '<div class="toolbar"><h2>Files</h2><button type="button" data-open="all">open all</button><button type="button" data-open="none">close all</button></div>',
      ...files,
      '<footer>Written by alloc-counter --html. Self-contained: open it from disk, nothing is fetched.</footer>',
    ],
    data: { icicles: Object.fromEntries(icicles) },
  });
}

/** Written atomically, like the --json report. */
export function writeHtmlReport(path: string, report: JsonReport, comparison: JsonReport | null): void {
  writeFileAtomically(path, renderHtmlReport(report, comparison));
}
