// Fault injection, one case a row (fault-table/): bad input, bad test files, crashing children,
// signals and kill -9 of the runner, concurrent updates, a full disk. Each row gives the exit and
// the line that names the fault. README.md's "Faults and bad input" table is made from this run:
// the test fails when the README's differs; ALLOC_COUNTER_UPDATE_README=1 writes it instead.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultCase, NotTried, Tried } from './fault-table/case.js';
import { inputCases } from './fault-table/input-cases.js';
import {
  type Counts,
  normalise,
  rowsIn,
  sectionIn,
  sectionOf,
  type TableRow,
  withSection,
} from './fault-table/markdown.js';
import { leftAfter, MARKER } from './fault-table/processes.js';
import { runnerCases } from './fault-table/runner-cases.js';
import { packageRoot } from './parent/project/paths.js';

const cases: FaultCase[] = [...inputCases, ...runnerCases];
/** Cases at once: two cores, and each case is a runner and its child or two. */
const AT_ONCE = 3;
// Long cases first, so that the short ones fill in around them.
const LONG = /SIGINT|SIGTERM|SIGKILL|hangs|floods|huge|unknown keys|large|two `--update/;

const readmePath = join(packageRoot, 'README.md');
let root = '';
const outcomes = new Map<FaultCase, Tried | NotTried>();
let processesLeft: number[] = [];

async function tryCase(faultCase: FaultCase): Promise<void> {
  const dir = join(root, `case-${cases.indexOf(faultCase)}`);
  mkdirSync(dir);
  try {
    outcomes.set(faultCase, await faultCase.run({ dir, env: { [MARKER]: `${dir}/` } }));
  } catch (error) {
    outcomes.set(faultCase, { exit: 'none', line: '', problems: [`the case threw: ${(error as Error).stack}`] });
  }
}

async function tryAll(): Promise<void> {
  // run-alloc-counter-tests.sh rebuilds dist/ when a harness source is newer: once, before
  // runners start at once and one runs a dist/ another is rewriting.
  await execa(join(packageRoot, 'run-alloc-counter-tests.sh'), ['--help'], { cwd: packageRoot });
  const queue = [...cases.filter((c) => LONG.test(c.name)), ...cases.filter((c) => !LONG.test(c.name))];
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) await tryCase(next);
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
  processesLeft = await leftAfter(5000, `${root}/`);
}

const isTried = (outcome: Tried | NotTried | undefined): outcome is Tried =>
  outcome !== undefined && !('notTried' in outcome);

/** The line as the table shows it: the case's folder and the table's as DIR, however they are reached; paths in the package relative. */
function shown(faultCase: FaultCase, line: string): string {
  const dir = join(root, `case-${cases.indexOf(faultCase)}`);
  const asDir = [dir, relative(packageRoot, dir), root, relative(packageRoot, root)].map(
    (from) => [from, 'DIR'] as const,
  );
  return normalise(line, [...asDir, [`${packageRoot}/`, '']]);
}

function handled(faultCase: FaultCase): boolean {
  const outcome = outcomes.get(faultCase);
  return (
    isTried(outcome) &&
    outcome.exit === faultCase.exit &&
    faultCase.line.test(shown(faultCase, outcome.line)) &&
    outcome.problems.length === 0
  );
}

describe('faults and bad input', () => {
  beforeAll(async () => {
    // Under the package, so that `import 'alloc-counter'` in the cases' test files resolves to it.
    root = mkdtempSync(join(packageRoot, '.fault-table-'));
    await tryAll();
  }, 600_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.for(cases.map((c) => [c.name, c] as const))('%s', ([, faultCase], context) => {
    const outcome = outcomes.get(faultCase);
    if (outcome !== undefined && 'notTried' in outcome) {
      context.skip(`not tried: ${outcome.notTried}`);
      return;
    }
    expect(outcome).toBeDefined();
    const tried = outcome as Tried;
    expect(tried.problems).toEqual([]);
    expect(shown(faultCase, tried.line)).toMatch(faultCase.line);
    expect(tried.exit).toBe(faultCase.exit);
    expect(tried.baselines ?? 'intact').toBe('intact');
  });

  it('leaves no process of ours', () => {
    expect(processesLeft).toEqual([]);
  });

  it("matches README.md's table (ALLOC_COUNTER_UPDATE_README=1 rewrites it)", () => {
    const rows: TableRow[] = cases.map((c) => {
      const outcome = outcomes.get(c);
      return isTried(outcome)
        ? { name: c.name, exit: outcome.exit, line: shown(c, outcome.line) }
        : {
            name: c.name,
            exit: c.exit,
            line: `(not tried: ${(outcome as NotTried | undefined)?.notTried ?? 'no outcome'})`,
          };
    });
    const tried = cases.filter((c) => isTried(outcomes.get(c)));
    const counts: Counts = {
      tried: tried.length,
      handled: tried.filter(handled).length,
      notTried: cases.length - tried.length,
      processesLeft: processesLeft.length,
      baselinesCorrupted: tried.filter((c) => (outcomes.get(c) as Tried).baselines === 'corrupted').length,
    };
    const generated = sectionOf(rows, counts);
    const readme = readFileSync(readmePath, 'utf8');
    if (process.env.ALLOC_COUNTER_UPDATE_README === '1') {
      // The README shows a run where every case was tried and handled, or none.
      expect(counts).toMatchObject({ notTried: 0, handled: cases.length, processesLeft: 0, baselinesCorrupted: 0 });
      writeFileSync(readmePath, withSection(readme, generated));
      return;
    }
    const current = sectionIn(readme);
    expect(current, 'README.md has no fault-table section').not.toBeNull();
    if (counts.notTried === 0) {
      expect(current).toBe(generated);
      return;
    }
    // Cases this machine cannot try (no mount): the others' rows must still match.
    const [written, made] = [rowsIn(current!), rowsIn(generated)];
    const name = (c: FaultCase) => c.name.replace(/\|/g, '\\|');
    const differing = tried.filter((c) => written.get(name(c)) !== made.get(name(c)));
    expect(differing.map((c) => [written.get(name(c)), made.get(name(c))])).toEqual([]);
  });
});
