// Every figure of an identifier as JUnit properties: the figure, its limit,
// where the limit came from, the difference and the verdict. The same pairs go
// into <system-out> as [[PROPERTY|name=value]] lines, which Jenkins reads
// where it drops <properties> (unless keepProperties is set).
import { deltaOf, type ReportIdentifier, type ReportVerdict } from '../outcomes.js';

export type Property = [name: string, value: string];

const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));

function verdictProperties(verdict: ReportVerdict): Property[] {
  const { metric, limit } = verdict;
  const properties: Property[] = [[`${metric}.status`, verdict.status]];
  if (limit === null) return properties;
  properties.push([`${metric}.limit`, String(limit.value)], [`${metric}.limit_source`, limit.source]);
  const delta = deltaOf(verdict);
  if (delta !== null) {
    properties.push([`${metric}.delta`, signed(delta.delta)]);
    if (delta.percent !== null) properties.push([`${metric}.delta_percent`, signed(Number(delta.percent.toFixed(2)))]);
  }
  return properties;
}

/** A load test's figures (medians), each with its limits and verdicts: `latency_p99_us.max_limit`. */
function loadProperties(id: ReportIdentifier): Property[] {
  if (id.load == null) return [];
  const load = id.load;
  return Object.entries(load.figures).flatMap(([metric, value]) => {
    const properties: Property[] = [[metric, value == null ? 'unavailable' : String(value)]];
    for (const verdict of load.verdicts.filter((v) => v.metric === metric)) {
      properties.push(
        [`${metric}.${verdict.bound}_limit`, String(verdict.limit.value)],
        [`${metric}.${verdict.bound}_limit_source`, verdict.limit.source],
        [`${metric}.${verdict.bound}_status`, verdict.status],
      );
    }
    return properties;
  });
}

/** In the order of the report's figures (a load test's first); none for an identifier that was not counted. */
export function figureProperties(id: ReportIdentifier): Property[] {
  if (id.figures === null) return loadProperties(id);
  return [...loadProperties(id), ...countProperties(id, id.figures)];
}

function countProperties(id: ReportIdentifier, figures: NonNullable<ReportIdentifier['figures']>): Property[] {
  return Object.entries(figures).flatMap(([metric, value]) => {
    const verdict = id.verdicts.find((v) => v.metric === metric);
    const figure: Property = [metric, value === null ? 'unavailable' : String(value)];
    return [figure, ...(verdict === undefined ? [] : verdictProperties(verdict))];
  });
}

/** Jenkins' form, one per line. A value holding `]]` or a newline could not be read back, so those are replaced. */
export function propertyLines(properties: Property[]): string {
  const safe = (text: string): string => text.replace(/\]\]/g, '] ]').replace(/[\r\n]+/g, ' ');
  return properties.map(([name, value]) => `[[PROPERTY|${safe(name)}=${safe(value)}]]`).join('\n');
}
