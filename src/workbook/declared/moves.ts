/**
 * Blocks that move (sheet.ts `moves: true`), pure: no Excel here. Such a block is laid out in
 * declaration order on every write (rows under its header row, columns side by side from the
 * sheet's anchor column), so a row or column can change place between two writes: Comps lays
 * its company columns out in the selection's order and its deal rows in the deal list's.
 *
 * The memory keeps the block's layout as last written (memory.ts: row keys with their key
 * texts, column keys with their headers, in order). On a rewrite, with the header row found by
 * its text as for any block:
 *   1. the old layout is checked against the sheet: each old column's header and each old
 *      row's key text must still be where the add-in wrote them, else nothing is written (rows
 *      or columns were inserted, deleted or edited inside the block);
 *   2. each target cell is compared, for the reconcile (reconcile.ts), with the cell where its
 *      row and column were last time (its source), not with whatever now sits at its new place;
 *   3. a cell the user changed moves with its row and column: written at the new place as a
 *      copy would write it (its relative references shifted, its number format with it), and
 *      reported as kept;
 *   4. an old cell no target lands on is cleared when it held the add-in's content or content
 *      that moved away, and left as it is (reported) when it is the user's in a row or column no
 *      longer written; a target landing on such a user cell, or on a non-empty cell outside the
 *      old block (where the block grows), stops the write with a message, nothing written.
 * Without a remembered layout (a block never written, or written by an older version) the
 * block's cells are compared in place, like any block's.
 *
 * A stacking block (sheet.ts `stacks`) also moves its header row: laid out right after the
 * block above, it follows that block growing or shrinking (Revenue mix: sector totals,
 * companies, company-years). Stacking blocks move into each other's old places, so each plan
 * sees every moving block's targets and old cells (SheetMoves): an old cell another block now
 * writes is not cleared, a block may grow into another's old place, and a user's cell in a row
 * no longer written stops the write wherever any block would land on it. A cleared cell loses
 * its format and style too, and a written cell of a moving block gets its own style or a plain
 * one (writer.ts), so no header's bold or input's blue stays behind where rows moved.
 */
import { cell as a1Cell, columnIndex, columnLetters, shiftFormulaRows } from "../a1";
import type { BlockLayout, Layouts } from "./memory";
import { fingerprint, readBackForm, type CellRead } from "./reconcile";
import {
  blockOf,
  cellAt,
  LayoutProblem,
  type Block,
  type BuiltRow,
  type Placement,
  type SheetDecl,
  type SheetRead,
} from "./sheet";

export interface Pos {
  readonly row: number;
  readonly col: number;
}

const key = (row: number, col: number): string => `${row}:${col}`;
const sameKey = (a: CellRead, b: string): boolean => String(a).trim().toLowerCase() === b.trim().toLowerCase();
const cellId = (b: Block, rowKey: string, colKey: string): string => `${b.id}/${rowKey}/${colKey}`;
const headerId = (b: Block, colKey: string): string => `${b.id}/#header/${colKey}`;

/** The layout to remember for a moving block as written now. */
export function layoutOf(b: Block, rows: readonly BuiltRow[]): BlockLayout {
  return { rows: rows.map((r) => [r.key, r.findText]), cols: b.columns.map((c) => [c.key, c.header]) };
}

/** Where a moving block's rows and columns were at the last write, checked against the sheet. */
export interface OldBlock {
  readonly block: Block;
  readonly layout: BlockLayout;
  readonly headerRow: number;
  readonly left: number;
  readonly rowAt: ReadonlyMap<string, number>;
  readonly colAt: ReadonlyMap<string, number>;
}

/** The old layout at the header row found now; throws LayoutProblem when the sheet no longer matches it. */
export function findOld(b: Block, place: Placement, layout: BlockLayout, read: SheetRead): OldBlock {
  const hr = place.foundHeaderRow ?? place.headerRow;
  if (hr === undefined) throw new Error(`internal error: moving block ${b.id} has no header row`);
  const left = place.cols[0];
  layout.cols.forEach(([, header], j) => {
    if (!sameKey(cellAt(read, hr, left + j), header))
      throw new LayoutProblem(
        `the header "${header}" of the ${b.id} block is no longer in ${a1Cell(hr, left + j)} (columns were inserted, deleted or edited inside it)`,
      );
  });
  const keyKey = b.columns[b.keyIndex].key;
  const kj = layout.cols.findIndex(([k]) => k === keyKey);
  if (kj < 0)
    throw new LayoutProblem(`the ${b.id} block was written without its "${b.columns[b.keyIndex].header}" column`);
  layout.rows.forEach(([, text], i) => {
    if (!sameKey(cellAt(read, hr + 1 + i, left + kj), text))
      throw new LayoutProblem(
        `${a1Cell(hr + 1 + i, left + kj)} should read "${text}" (rows were inserted, deleted or edited inside the ${b.id} block)`,
      );
  });
  return {
    block: b,
    layout,
    headerRow: hr,
    left,
    rowAt: new Map(layout.rows.map(([k], i) => [k, hr + 1 + i])),
    colAt: new Map(layout.cols.map(([k], j) => [k, left + j])),
  };
}

/** Is the content of an old cell the user's (differs from what the add-in remembers writing there)? */
function isUsers(content: CellRead, last: string | undefined): boolean {
  return content !== "" && (last === undefined || fingerprint(content) !== last);
}

/** The old cells (not headers) holding the user's content, column by column in the old order: row and column key, the column's header. */
export function userCellsOf(
  old: OldBlock,
  read: SheetRead,
  memory: Readonly<Record<string, string>>,
): { row: string; column: string; header: string }[] {
  const out: { row: string; column: string; header: string }[] = [];
  for (const [ck, header] of old.layout.cols) {
    const c = old.colAt.get(ck) as number;
    for (const [rk, r] of old.rowAt)
      if (isUsers(cellAt(read, r, c), memory[cellId(old.block, rk, ck)])) out.push({ row: rk, column: ck, header });
  }
  return out;
}

export interface MovePlan {
  /** Positions ("row:col") of every target cell of the block. */
  readonly targets: ReadonlySet<string>;
  /** Source of each target cell that existed last time, by target position ("row:col"). */
  readonly sources: ReadonlyMap<string, Pos>;
  /** Old cells no target overwrites, to clear (content, format, style): the add-in's, empty, or content that moved away. */
  readonly clear: readonly Pos[];
  /** Old cells holding the user's content in a row or column no longer written: left as they are. */
  readonly left: readonly Pos[];
}

/** Positions ("row:col") of a moving block's target cells at its placement: header row, then rows. */
export function moveTargets(b: Block, rows: readonly BuiltRow[], place: Placement): Set<string> {
  const out = new Set<string>();
  const hr = place.headerRow as number;
  b.columns.forEach((_, j) => out.add(key(hr, place.cols[j])));
  for (const row of rows) {
    const r = place.rows.get(row.key) as number;
    b.columns.forEach((_, j) => out.add(key(r, place.cols[j])));
  }
  return out;
}

/** Positions ("row:col") of a moving block's cells as last written: header row, then rows. */
export function oldCells(old: OldBlock): Set<string> {
  const out = new Set<string>();
  for (const r of [old.headerRow, ...old.rowAt.values()]) for (const c of old.colAt.values()) out.add(key(r, c));
  return out;
}

/** Every moving block's targets and old cells on the sheet (stacking blocks move into each other's old places). */
export interface SheetMoves {
  readonly targets: ReadonlySet<string>;
  readonly old: ReadonlySet<string>;
}

/**
 * Plans a moving block's rewrite against its old layout (see the module comment). Throws
 * LayoutProblem where a target would land on the user's content. `sheet` holds every moving
 * block's targets and old cells: an old cell another block now writes is not cleared (and
 * stops the write when it is the user's in a row no longer written), and a block may grow into
 * the old place of another (whose plan moves or clears what was there).
 */
export function planMoves(
  old: OldBlock,
  rows: readonly BuiltRow[],
  place: Placement,
  read: SheetRead,
  memory: Readonly<Record<string, string>>,
  sheet?: SheetMoves,
): MovePlan {
  const b = old.block;
  const sources = new Map<string, Pos>();
  const targetIds = new Set<string>();
  const targetAt = moveTargets(b, rows, place);
  const hr = place.headerRow ?? old.headerRow;
  b.columns.forEach((c, j) => {
    targetIds.add(headerId(b, c.key));
    const oc = old.colAt.get(c.key);
    if (oc !== undefined) sources.set(key(hr, place.cols[j]), { row: old.headerRow, col: oc });
  });
  for (const row of rows) {
    const r = place.rows.get(row.key) as number;
    const or = old.rowAt.get(row.key);
    b.columns.forEach((c, j) => {
      targetIds.add(cellId(b, row.key, c.key));
      const oc = old.colAt.get(c.key);
      if (or !== undefined && oc !== undefined) sources.set(key(r, place.cols[j]), { row: or, col: oc });
    });
  }
  const written = sheet?.targets ?? targetAt;
  const oldRows: [string | undefined, number][] = [[undefined, old.headerRow], ...old.rowAt];
  const inOld = new Set<string>();
  const clear: Pos[] = [];
  const left: Pos[] = [];
  for (const [rk, r] of oldRows)
    for (const [ck] of old.layout.cols) {
      const c = old.colAt.get(ck) as number;
      inOld.add(key(r, c));
      const id = rk === undefined ? headerId(b, ck) : cellId(b, rk, ck);
      const content = cellAt(read, r, c);
      const stays = targetIds.has(id);
      const users = isUsers(content, memory[id]);
      if (written.has(key(r, c))) {
        if (!stays && users)
          throw new LayoutProblem(
            `${a1Cell(r, c)} holds your content in a row or column the add-in no longer writes, where it now writes other cells; move that content, then write again`,
          );
        continue;
      }
      // An empty cell is cleared too (its format and style were the add-in's, where nothing is now written).
      if (stays || !users) clear.push({ row: r, col: c });
      else left.push({ row: r, col: c });
    }
  for (const at of targetAt) {
    if (inOld.has(at) || sheet?.old.has(at)) continue;
    const [r, c] = at.split(":").map(Number);
    if (cellAt(read, r, c) !== "")
      throw new LayoutProblem(
        `${a1Cell(r, c)} holds content the add-in did not write, where the ${b.id} block grows; move that content, then write again`,
      );
  }
  return { targets: targetAt, sources, clear, left };
}

/** The remembered layouts to save: each moving block's layout now. */
export function layoutsOf(built: readonly { block: Block; rows: BuiltRow[] }[]): Layouts {
  return Object.fromEntries(built.filter((b) => b.block.moves).map((b) => [b.block.id, layoutOf(b.block, b.rows)]));
}

/**
 * The memory and layouts the writer keeps after writing `input` with `decl`: for a sheet an
 * older version wrote without them (the writer's `prior` hook rebuilds what that write was).
 */
export function memoryAfter<I>(decl: SheetDecl<I>, input: I): { memory: Record<string, string>; layouts: Layouts } {
  const memory: Record<string, string> = {};
  const built = decl.blocks.map((sb) => {
    const b = blockOf(sb, input);
    const rows = b.build(sb.rows(input));
    if (b.header) for (const c of b.columns) memory[headerId(b, c.key)] = fingerprint(c.header);
    for (const row of rows)
      row.cells.forEach((x, j) => (memory[cellId(b, row.key, b.columns[j].key)] = fingerprint(readBackForm(x.next))));
    return { block: b, rows };
  });
  return { memory, layouts: layoutsOf(built) };
}

/**
 * A formula as a copy from `delta` rows and columns away writes it: relative references move
 * (C8 → E10 for 2 and 2), absolute parts stay ($B$8, C$5 keeps its row); text in quotes, quoted
 * sheet names and structured references are left alone; a reference moved off the sheet is #REF!.
 */
export function shiftFormula(formula: string, deltaRows: number, deltaCols: number): string {
  return shiftFormulaRows(shiftFormulaColumns(formula, deltaCols), deltaRows);
}

/** Moves relative column references by `delta` (see shiftFormula). */
export function shiftFormulaColumns(formula: string, delta: number): string {
  if (delta === 0 || !formula.startsWith("=")) return formula;
  return formula.replace(
    /("(?:[^"]|"")*")|('(?:[^']|'')*'!)|(\[[^\]]*\])|(?<![A-Za-z0-9_.$])(\$?)([A-Za-z]{1,3})(\$?\d+)(?![A-Za-z0-9_.(])/g,
    (m, str, sheetQ, struct, colAbs: string, letters: string, rowPart: string) => {
      if (str !== undefined || sheetQ !== undefined || struct !== undefined) return m;
      if (colAbs === "$") return m;
      const idx = columnIndex(letters) + delta;
      return idx < 0 ? "#REF!" : `${columnLetters(idx)}${rowPart}`;
    },
  );
}
