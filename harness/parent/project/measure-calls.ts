// Where a test file calls measure() for an identifier, read from its source:
// JUnit's file/line and GitHub's annotations point there. Read by the parent,
// not taken from a stack in the child: anything the child does before its
// windows can move their figures (capturing one structured stack frame there
// moved six identifiers of the suite by 16 bytes to 10 allocations), and a
// location is not worth a figure.
//
// A file may call measure() more than once, with names built from the one
// run() receives (`identifier + '_kept'`, `${name}_from_fresh_buffer`): the
// call is the one whose literal parts all occur, in order, in the identifier,
// the longest such match; a call whose first argument has none (measure(identifier, ...))
// matches any identifier, as the fallback.
import { readFileSync } from 'node:fs';

export interface MeasureCall {
  /** 1-based, of the source as written (.ts, not what tsx compiled). */
  line: number;
  column: number;
  /** The string pieces of its first argument, in order. */
  literals: string[];
}

const CALL = /\bmeasure\s*\(/g;
const LITERAL = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g;

/** Comments blanked out (same length, newlines kept), so positions stay and commented calls are not found. */
function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, (comment) => comment.replace(/[^\n]/g, ' '));
}

/** The text of the first argument: up to the first comma or closing parenthesis outside brackets and strings. */
function firstArgument(source: string, from: number): string {
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const char = source[i]!;
    if (char === "'" || char === '"' || char === '`') {
      const end = source.indexOf(char, i + 1);
      if (end < 0) return source.slice(from);
      i = end;
    } else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char) && depth > 0) depth--;
    else if ((char === ',' || char === ')') && depth === 0) return source.slice(from, i);
  }
  return source.slice(from);
}

function literalsOf(argument: string): string[] {
  const pieces: string[] = [];
  for (const match of argument.matchAll(LITERAL)) {
    const text = match[1] ?? match[2] ?? match[3] ?? '';
    pieces.push(...text.split(/\$\{[^}]*\}/).filter((piece) => piece !== ''));
  }
  return pieces;
}

export function measureCalls(source: string): MeasureCall[] {
  const code = withoutComments(source);
  const calls: MeasureCall[] = [];
  for (const match of code.matchAll(CALL)) {
    const before = code.slice(0, match.index);
    const line = before.split('\n').length;
    const column = match.index - before.lastIndexOf('\n');
    calls.push({ line, column, literals: literalsOf(firstArgument(code, match.index + match[0].length)) });
  }
  return calls;
}

/** How much of the identifier the call's literals spell, in order; -1 when one is missing. */
function matchLength(call: MeasureCall, identifier: string): number {
  let at = 0;
  for (const literal of call.literals) {
    const found = identifier.indexOf(literal, at);
    if (found < 0) return -1;
    at = found + literal.length;
  }
  return call.literals.reduce((sum, literal) => sum + literal.length, 0);
}

/** The call that measures `identifier`, or undefined when the file calls measure() nowhere it can see. */
export function measureCallFor(calls: MeasureCall[], identifier: string): MeasureCall | undefined {
  let best: MeasureCall | undefined;
  let bestLength = -1;
  for (const call of calls) {
    const length = matchLength(call, identifier);
    if (length > bestLength) [best, bestLength] = [call, length];
  }
  return best;
}

/** measureCalls of a file; [] when it cannot be read (the run reports that on its own). */
export function measureCallsOfFile(path: string): MeasureCall[] {
  try {
    return measureCalls(readFileSync(path, 'utf8'));
  } catch {
    return [];
  }
}
