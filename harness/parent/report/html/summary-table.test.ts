import { describe, expect, it } from 'vitest';
import { sampleReport } from './fixtures/report.js';
import { renderSummaryTable } from './summary-table.js';

describe('renderSummaryTable', () => {
  it('gives a file that failed before any identifier a row with its one-line failure', () => {
    const report = sampleReport();
    report.files[1]!.identifiers = [];
    const table = renderSummaryTable(report);
    expect(table).toContain('<span class="badge fail">timeout</span>');
    expect(table).toContain('<td colspan="6" class="failure-cell">timed out after 60 s</td>');
  });

  it('sorts statuses worst first, and figures by their value', () => {
    const table = renderSummaryTable(sampleReport());
    expect(table).toContain('<td data-sort="0"><span class="badge fail">fail</span></td>');
    expect(table).toContain('<td data-sort="4"><span class="badge pass">pass</span></td>');
    expect(table).toContain('<td class="num status-pass" data-sort="1845"');
  });
});
