// The <testcase> elements: one per identifier, at its measure() call, and
// one per test file that crashed, timed out, threw or broke the protocol.
import {
  type FileFailure,
  failureLineInFile,
  failureLines,
  fileFailureLine,
  type IdentifierOutcome,
  identifierSeconds,
  oneLine,
  outputTail,
  type ReportIdentifier,
} from '../outcomes.js';
import { figureProperties, propertyLines } from './properties.js';
import { element, type XmlElement } from './xml.js';

/** Sites listed under a failure: enough to see where the allocations are. */
const SITES_SHOWN = 5;
/** Name of the testcase that stands for a whole file that failed. */
export const FILE_CASE_NAME = '(file)';

const seconds = (value: number): string => value.toFixed(3);

function siteLine(site: NonNullable<ReportIdentifier['diagnostics']>['sites'][number]): string {
  const name = site.function === '' ? '(anonymous)' : site.function;
  // V8's own frames (built-ins, (root)) have no script.
  const where = site.script === '' ? '' : `${site.script}:${site.line} `;
  return `  ${site.count} allocations, ${site.bytes} bytes: ${where}${name}`;
}

function sitesBlock(id: ReportIdentifier): string[] {
  const sites = id.diagnostics?.sites ?? [];
  if (sites.length === 0) return [];
  const lines = sites.slice(0, SITES_SHOWN).map(siteLine);
  return ['', `Top allocation sites (measured run ${id.diagnostics!.run}):`, ...lines];
}

function failureElement(outcome: IdentifierOutcome): XmlElement {
  const lines = failureLines(outcome);
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more)` : '';
  const type = outcome.over.length > 0 ? 'limit' : 'missing-limit';
  const body = [...lines, ...sitesBlock(outcome.id)].join('\n');
  return element('failure', { message: oneLine(`${lines[0]}${more}`), type }, [body]);
}

function verdictElement(outcome: IdentifierOutcome): XmlElement[] {
  if (outcome.status === 'skipped') return [element('skipped', { message: 'not counted (-n)' })];
  if (outcome.status === 'failed') return [failureElement(outcome)];
  return [];
}

export function identifierCase(outcome: IdentifierOutcome): XmlElement {
  const { id } = outcome;
  const properties = figureProperties(id);
  const children = [
    ...(properties.length === 0
      ? []
      : [
          element(
            'properties',
            {},
            properties.map(([name, value]) => element('property', { name, value })),
          ),
        ]),
    ...verdictElement(outcome),
    ...(properties.length === 0 ? [] : [element('system-out', {}, [propertyLines(properties)])]),
  ];
  return element(
    'testcase',
    {
      classname: outcome.file,
      name: id.identifier,
      file: id.measureSite?.file ?? outcome.file,
      line: id.measureSite?.line,
      time: seconds(identifierSeconds(id)),
    },
    children,
  );
}

export function fileErrorCase(fileFailure: FileFailure): XmlElement {
  const { file, failure, output, durationMs } = fileFailure;
  const body = [failure.stack ?? failure.message];
  if (output.trim() !== '') body.push('', 'Output (last lines):', outputTail(output));
  const line = failureLineInFile(fileFailure);
  return element('testcase', { classname: file, name: FILE_CASE_NAME, file, line, time: seconds(durationMs / 1000) }, [
    element('error', { message: fileFailureLine(failure), type: failure.kind }, [body.join('\n')]),
  ]);
}
