// --junit FILE: the run as JUnit XML, which CI systems (GitLab, Jenkins,
// Azure, test-reporter actions) show as tests: one <testsuite> per test file,
// one <testcase> per identifier, a <failure> for a figure over its limit, an
// <error> for a file that crashed, <skipped/> for what -n did not count.
import { writeFileAtomically } from '../../atomic-write.js';
import type { JsonReport } from '../json.js';
import { fileFailures, identifierOutcomes } from '../outcomes.js';
import { fileErrorCase, identifierCase } from './testcases.js';
import { element, renderXml, type XmlElement } from './xml.js';

interface Totals {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

const totalsAttributes = (totals: Totals): XmlElement['attributes'] => ({
  ...totals,
  time: totals.time.toFixed(3),
});

function fileSuite(report: JsonReport, file: JsonReport['files'][number]): { suite: XmlElement; totals: Totals } {
  const outcomes = identifierOutcomes({ ...report, files: [file] });
  const failure = fileFailures({ ...report, files: [file] });
  const totals: Totals = {
    tests: outcomes.length + failure.length,
    failures: outcomes.filter((o) => o.status === 'failed').length,
    errors: failure.length,
    skipped: outcomes.filter((o) => o.status === 'skipped').length,
    time: file.durationMs / 1000,
  };
  const suite = element('testsuite', { name: file.file, ...totalsAttributes(totals), timestamp: report.startedAt }, [
    ...failure.map(fileErrorCase),
    ...outcomes.map(identifierCase),
  ]);
  return { suite, totals };
}

/** The whole document. */
export function buildJunitXml(report: JsonReport): string {
  const suites = report.files.map((file) => fileSuite(report, file));
  const totals: Totals = { tests: 0, failures: 0, errors: 0, skipped: 0, time: report.wallTimeMs / 1000 };
  for (const { totals: t } of suites) {
    totals.tests += t.tests;
    totals.failures += t.failures;
    totals.errors += t.errors;
    totals.skipped += t.skipped;
  }
  const root = element(
    'testsuites',
    { name: 'alloc-counter', ...totalsAttributes(totals), timestamp: report.startedAt },
    suites.map((s) => s.suite),
  );
  return renderXml(root);
}

/** Written atomically, so that a CI step reading it never sees half a document. */
export function writeJunitReport(path: string, report: JsonReport): void {
  writeFileAtomically(path, buildJunitXml(report));
}
