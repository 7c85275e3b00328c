// A Markdown document of sections that must fit a size in bytes (GitHub
// refuses a job summary over 1 MiB). When it does not, whole sections are cut
// in a given order, or the rows at the end of a table, each replaced by one
// line that says what was left out.

export interface Section {
  /** Lines before the rows: a heading, a table's header. */
  head: string[];
  rows: string[];
  /** Lines after the rows. */
  tail: string[];
  /** What replaces `count` rows left out; `whole`: the section went, heading and all. */
  omitted: (count: number, whole: boolean) => string;
}

/** How a section gives way: all at once, or rows from the end (then all at once if none fits). */
export interface Cut {
  section: Section;
  rows: boolean;
}

const bytesOf = (lines: string[]): number => lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);

export function renderSections(sections: Section[]): string {
  return sections.flatMap((s) => [...s.head, ...s.rows, ...s.tail]).join('\n');
}

function sizeOf(sections: Section[]): number {
  return sections.reduce((sum, s) => sum + bytesOf(s.head) + bytesOf(s.rows) + bytesOf(s.tail), 0);
}

/** The section reduced to the line saying it was left out. */
function dropWhole(section: Section): void {
  const count = section.rows.length;
  section.head = [section.omitted(count, true), ''];
  section.rows = [];
  section.tail = [];
}

/** Drops rows from the end until `excess` bytes (and the note that replaces them) are gone; false if all would go. */
function dropRows(section: Section, excess: number): boolean {
  const total = section.rows.length;
  let kept = total;
  let freed = 0;
  const noteBytes = (): number => bytesOf([section.omitted(total - kept, false), '']);
  while (kept > 0 && freed - noteBytes() < excess) freed += bytesOf([section.rows[--kept]!]);
  if (kept === 0) return false;
  const note = section.omitted(total - kept, false);
  section.rows = section.rows.slice(0, kept);
  section.tail = [...section.tail, note, ''];
  return true;
}

/**
 * The sections as one document of at most `budget` bytes (UTF-8, with the
 * final newline), cutting in the order given. The sections are changed.
 */
export function fitSections(sections: Section[], cuts: Cut[], budget: number): string {
  for (const cut of cuts) {
    const excess = sizeOf(sections) - budget;
    if (excess <= 0) break;
    if (cut.section.rows.length === 0 && cut.section.head.length === 0) continue;
    if (!cut.rows || !dropRows(cut.section, excess)) dropWhole(cut.section);
  }
  return truncateBytes(`${renderSections(sections)}\n`, budget);
}

/** The last resort, should the uncut sections alone be too big: whole lines up to `budget` bytes. */
function truncateBytes(text: string, budget: number): string {
  if (Buffer.byteLength(text) <= budget) return text;
  const lines = text.split('\n');
  let size = 0;
  let count = 0;
  while (count < lines.length && size + Buffer.byteLength(lines[count]!) + 1 <= budget) {
    size += Buffer.byteLength(lines[count]!) + 1;
    count++;
  }
  return count === 0 ? '' : `${lines.slice(0, count).join('\n')}\n`;
}
