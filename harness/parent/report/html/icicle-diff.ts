// The head's call tree against the base's: each head cell matched to the base
// node at the same call path (function, script and line of every frame; failing
// that, named functions by script and name, as --compare-to matches sites), and
// coloured by how its own allocations changed: red grew, blue shrank, grey same.
import type { IdentifierDiagnostics } from '../../diagnostics/schema.js';
import { type IcicleCell, layoutIcicle, ownCount } from './icicle-layout.js';

export interface CellChange {
  /** exact: same path; moved: matched with lines ignored; new: not in the base. */
  match: 'exact' | 'moved' | 'new';
  baseOwn: number;
  baseTotal: number;
  ownChange: number;
  totalChange: number;
}

export interface TreeDiff {
  changes: CellChange[];
  /** The base's call paths that the head no longer has, and their own allocations. */
  gonePaths: number;
  goneCount: number;
}

interface Match {
  other: IcicleCell;
  exact: boolean;
}

/** Exact paths first, so that a loose match never takes a base node that another cell has exactly. */
function matchCells(head: IcicleCell[], baseCells: IcicleCell[]): Map<IcicleCell, Match> {
  const matches = new Map<IcicleCell, Match>();
  const used = new Set<IcicleCell>();
  const pass = (byKey: Map<string, IcicleCell>, key: (cell: IcicleCell) => string, exact: boolean): void => {
    for (const cell of head) {
      const other = matches.has(cell) ? undefined : byKey.get(key(cell));
      if (other === undefined || used.has(other)) continue;
      matches.set(cell, { other, exact });
      used.add(other);
    }
  };
  pass(new Map(baseCells.map((cell) => [cell.pathKey, cell])), (cell) => cell.pathKey, true);
  const unused = baseCells.filter((cell) => !used.has(cell));
  pass(new Map(unused.map((cell) => [cell.looseKey, cell])), (cell) => cell.looseKey, false);
  return matches;
}

export function diffIcicle(head: IcicleCell[], base: IdentifierDiagnostics): TreeDiff {
  const baseCells = layoutIcicle(base);
  const matches = matchCells(head, baseCells);
  const used = new Set([...matches.values()].map((match) => match.other));
  const gone = baseCells.filter((cell) => !used.has(cell));
  return {
    changes: head.map((cell) => changeOf(cell, matches.get(cell))),
    gonePaths: gone.length,
    goneCount: gone.reduce((total, cell) => total + ownCount(cell.node), 0),
  };
}

function changeOf(cell: IcicleCell, match: Match | undefined): CellChange {
  const own = ownCount(cell.node);
  if (match === undefined) {
    return { match: 'new', baseOwn: 0, baseTotal: 0, ownChange: own, totalChange: cell.node.totalCount };
  }
  const baseOwn = ownCount(match.other.node);
  return {
    match: match.exact ? 'exact' : 'moved',
    baseOwn,
    baseTotal: match.other.node.totalCount,
    ownChange: own - baseOwn,
    totalChange: cell.node.totalCount - match.other.node.totalCount,
  };
}

const NEUTRAL = 'hsl(0, 0%, 80%)';

/**
 * Colour by the change of the cell's own allocations, relative to the largest
 * change in the tree; the square root keeps a change of a few allocations
 * visible beside one of thousands.
 */
export function changeColour(change: CellChange, largestChange: number): string {
  if (change.ownChange === 0 || largestChange === 0) return NEUTRAL;
  const strength = Math.sqrt(Math.min(1, Math.abs(change.ownChange) / largestChange));
  const lightness = Math.round(86 - 36 * strength);
  return change.ownChange > 0 ? `hsl(0, 80%, ${lightness}%)` : `hsl(212, 75%, ${lightness}%)`;
}

export function largestChange(changes: CellChange[]): number {
  return changes.reduce((largest, change) => Math.max(largest, Math.abs(change.ownChange)), 0);
}
