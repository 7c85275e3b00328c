// The README table's making: what is normalised, how cells are escaped, how a section is found,
// and that a changed row is told apart from a merely re-padded one.
import { describe, expect, it } from 'vitest';
import { BEGIN, END, normalise, rowsIn, sectionIn, sectionOf, tableOf, unpadded, withSection } from './markdown.js';

const counts = { tried: 1, handled: 1, notTried: 0, processesLeft: 0, baselinesCorrupted: 0 };

describe('normalise', () => {
  it('replaces folders, work folders, pids, snapshot pids, the Node major and parser positions', () => {
    const line =
      '/tmp/x/case-1/b.json: node-24 pid 4242 .alloc_counter_a1B2c3/t.4242.run0.heapsnapshot at position 3 (line 1 column 4)';
    expect(normalise(line, [['/tmp/x/case-1', 'DIR']])).toBe(
      'DIR/b.json: node-MAJOR pid PID .alloc_counter_XXXXXX/t.PID.run0.heapsnapshot at position 3',
    );
  });
});

describe('tableOf', () => {
  it('pads columns as the formatter does and escapes pipes in cells', () => {
    const table = tableOf([
      { name: 'a `x|y` case', exit: 2, line: 'alloc-counter: a|b' },
      { name: 'killed', exit: 'SIGKILL', line: 'has `ticks`' },
    ]);
    expect(table.split('\n')).toEqual([
      '| case          | exit             | line that names it    |',
      '| ------------- | ---------------- | --------------------- |',
      '| a `x\\|y` case | 2                | `alloc-counter: a\\|b` |',
      '| killed        | killed (SIGKILL) | `` has `ticks` ``     |',
    ]);
  });
});

describe('the README section', () => {
  const section = sectionOf([{ name: 'empty `baselines.json`', exit: 2, line: 'alloc-counter: x' }], counts);
  const readme = `# T\n\ntext\n\n${BEGIN}\nold table\n${END}\n\nmore\n`;

  it('is found between the markers and replaced whole, the rest kept', () => {
    const written = withSection(readme, section);
    expect(sectionIn(written)).toBe(section);
    expect(written.startsWith('# T\n\ntext\n\n')).toBe(true);
    expect(written.endsWith('\n\nmore\n')).toBe(true);
    expect(section).toContain('Cases tried: 1, handled: 1, not tried: 0; processes left: 0; baselines corrupted: 0.');
  });

  it('is null without markers, and replacing it then throws', () => {
    expect(sectionIn('# no table')).toBeNull();
    expect(() => withSection('# no table', section)).toThrow(/no <!-- fault-table:begin/);
  });

  it('tells a changed row from one padded for wider columns', () => {
    const wider = sectionOf(
      [
        { name: 'empty `baselines.json`', exit: 2, line: 'alloc-counter: x' },
        { name: 'a much longer case name than the other', exit: 1, line: 'FAILED: y' },
      ],
      counts,
    );
    const changed = sectionOf([{ name: 'empty `baselines.json`', exit: 2, line: 'alloc-counter: z' }], counts);
    const row = (text: string) => rowsIn(text).get('empty `baselines.json`');
    expect(row(wider)).toBe(row(section));
    expect(row(changed)).not.toBe(row(section));
    expect(unpadded('| a   | 2    |')).toBe('| a | 2 |');
  });
});
