/**
 * Sheets declared as data. A sheet is a list of blocks stacked from its anchor (the cell its
 * hidden marker name PIVOT__SHEET_<ROLE> points at); a block is a table to fill in: its
 * columns, each with a header, a number format, a style, an owner and a cell template, and
 * its rows, each with a key. Adding a column is one entry in a block's `columns`.
 *
 *   const QUOTES = block<Quote>({
 *     id: "quotes", header: true, gapBefore: 1,
 *     rowKey: (q) => q.ticker,
 *     columns: [
 *       { key: "ticker", header: "Ticker", cell: (q) => asText(q.ticker) },
 *       { key: "ev", header: "EV USD", format: USD_M_BN, cell: (q) => formula(`=PIVOT.DEAL("${q.id}","value_usd")`) },
 *       { key: "multiple", header: "Multiple", owner: "user input", cell: () => formula("=PIVOT_DEALS_MULTIPLE") },
 *     ],
 *   });
 *   const SHEET: SheetDecl<readonly Quote[]> = { role: "COMPS", baseName: "Comps", comment: "…",
 *     blocks: [{ block: QUOTES, rows: (quotes) => quotes }] };
 *
 * How a block is found again on a rewrite (by names, never by positions): a block with a
 * header row is found by its first column's header text, at or below where the block before
 * it ended; each column by its header in that row, so columns the user inserted between
 * the add-in's are skipped; each row by its key text in the key column (the first column),
 * so inserted rows are skipped too. A block without a header row (a title, a one-row
 * snapshot) is found by its rows' key texts; its columns sit where the columns of the block
 * named in `columnsOf` are (so a column inserted through the sheet is skipped there too), or
 * side by side from the key column. The owner "user input" marks a cell the user is meant to
 * change (an assumption pre-filled with a formula): the add-in writes it only while the user
 * has not changed it, like every cell (see reconcile.ts), and never re-formats it once the
 * user has.
 *
 * A block with `moves: true` is laid out in declaration order on every write instead (its
 * rows, then its columns, side by side from its header row): a row or column that was
 * elsewhere last time moves to its place, the cells the user changed in it moving with it
 * (moves.ts). Comps does this: its company columns follow the selection, its deal rows the
 * deal list.
 *
 * A block with `table` is an Excel table (ListObject) instead: its header row is the table's,
 * its rows the table's data body, in the order of the input, each found again by its key
 * wherever it now is in the body, with the user's columns right of the table moving with
 * their row (see table.ts). Its cells may depend on their row (`at.ref("Term years")` is the
 * A1 reference of that column on the row), so relative formulas read their own row.
 */
import type { CellInput } from "../cells";
import type { SheetRole } from "../sheets";
import type { ChartDecl } from "./charts";
import { readBackForm, type CellRead, type TargetCell } from "./reconcile";
import type { TableDecl } from "./table";

export type Owner = "add-in" | "user input";

/** Cell styles the writer applies (with the number format), for the cells it writes. */
export interface CellStyle {
  readonly bold?: boolean;
  /** Font colour, "#0000FF" (blue for inputs, by the modelling convention). */
  readonly fontColor?: string;
  readonly fill?: string;
}

/** Where a cell of a table block is: its sheet row, and the A1 reference of any column (by key) on that row. */
export interface RowAt {
  readonly row: number;
  readonly ref: (columnKey: string) => string;
}

/** Outside table blocks cells do not depend on their position. */
const NO_POSITION: RowAt = {
  row: -1,
  ref: (key) => {
    throw new Error(`internal error: a cell refers to column ${key} by position outside a table block`);
  },
};

export interface ColumnDecl<R> {
  /** Stable identity (memory and lookups); never shown. */
  readonly key: string;
  readonly header: string;
  /** Excel number format of the column's cells (default General). */
  readonly format?: string | ((row: R) => string);
  /** The cells' style: one for the column, or one per row (undefined: none). */
  readonly style?: CellStyle | ((row: R) => CellStyle | undefined);
  readonly owner?: Owner;
  /** The cell: a formula template over the row (and, in a table block, its position), or an escaped value (cells.ts). */
  readonly cell: (row: R, at: RowAt) => CellInput;
  /** An https address the cell links to (hyperlink with the address as screen tip), or undefined for no link. */
  readonly link?: (row: R) => string | undefined;
  /**
   * The column is filled by the spill of a dynamic-array formula in a column to its left
   * (=PIVOT.MARKET_HISTORY spills two columns): the writer keeps its place in the layout but
   * never writes, formats or remembers its cells (Excel refuses a write into a spill, and a
   * value typed there would block it). Its `cell` is not used. Never the key (first) column.
   */
  readonly spilled?: boolean;
}

export interface BlockDecl<R> {
  readonly id: string;
  /** A header row with the columns' headers (bold) above the rows. */
  readonly header: boolean;
  readonly columns: readonly ColumnDecl<R>[];
  /** The row's stable key (default: its key column's text). */
  readonly rowKey?: (row: R) => string;
  /** Without a header row: the block whose columns this block's columns line up with. */
  readonly columnsOf?: string;
  /** Style of every cell of the block's rows (e.g. a bold title), under the column's. */
  readonly rowStyle?: CellStyle;
  /** The column whose text finds a row again (default the first). */
  readonly keyColumn?: string;
  /** Laid out in declaration order on every write, rows and columns moving there (see the module comment). */
  readonly moves?: boolean;
  /**
   * With `moves`: the header row too is laid out in declaration order (right after the block
   * above and its gap), so the block follows the blocks above it as they grow or shrink; its
   * old place is found by its header text at or below where the block above ended last time.
   * Every block below a stacking block stacks too.
   */
  readonly stacks?: boolean;
  /** The block is an Excel table (see table.ts); its rows are keyed by `rowKey`. */
  readonly table?: TableDecl<R>;
}

/** A block with its row type erased: what the writer works on. */
export interface Block {
  readonly id: string;
  readonly header: boolean;
  readonly columnsOf?: string;
  readonly columns: readonly {
    readonly key: string;
    readonly header: string;
    readonly owner: Owner;
    readonly spilled?: boolean;
  }[];
  readonly headerStyle: CellStyle;
  /** Index of the column whose text finds a row (BlockDecl.keyColumn). */
  readonly keyIndex: number;
  readonly moves: boolean;
  readonly stacks: boolean;
  readonly table?: TableDecl<unknown>;
  build(rows: readonly unknown[]): BuiltRow[];
  /** The cells of one row at a position (table blocks: built after placement). */
  cellsAt(row: unknown, at: RowAt): BuiltCell[];
}

export interface BuiltCell {
  readonly next: CellInput;
  readonly format?: string;
  readonly style?: CellStyle;
  /** Hyperlink address (the column has links: undefined clears a stale one). */
  readonly link?: string;
  readonly linked?: boolean;
}

export interface BuiltRow {
  readonly key: string;
  /** The key column's text, by which the row is found again. */
  readonly findText: string;
  /** Empty for a table block, whose cells depend on where the row lands (see `cellsAt`). */
  readonly cells: readonly BuiltCell[];
  /** The declared row it was built from. */
  readonly source: unknown;
}

/** Declares a block (typed by its row), erased for the writer. */
export function block<R>(decl: BlockDecl<R>): Block {
  const keyIndex = decl.keyColumn === undefined ? 0 : decl.columns.findIndex((c) => c.key === decl.keyColumn);
  if (keyIndex < 0) throw new Error(`internal error: block ${decl.id} has no key column ${decl.keyColumn}`);
  if (decl.moves && !decl.header) throw new Error(`internal error: moving block ${decl.id} needs a header row`);
  if (decl.stacks && !decl.moves) throw new Error(`internal error: stacking block ${decl.id} must move`);
  if (decl.table !== undefined && (!decl.header || decl.rowKey === undefined))
    throw new Error(`internal error: table block ${decl.id} needs a header row and a rowKey`);
  const cellsAt = (row: R, at: RowAt): BuiltCell[] =>
    decl.columns.map((c) => {
      const url = c.link?.(row);
      return {
        next: c.cell(row, at),
        format: typeof c.format === "function" ? c.format(row) : c.format,
        style: (typeof c.style === "function" ? c.style(row) : c.style) ?? decl.rowStyle,
        ...(c.link !== undefined ? { linked: true, ...(url !== undefined ? { link: url } : {}) } : {}),
      };
    });
  return {
    id: decl.id,
    header: decl.header,
    columnsOf: decl.columnsOf,
    columns: decl.columns.map((c) => ({
      key: c.key,
      header: c.header,
      owner: c.owner ?? "add-in",
      ...(c.spilled === true ? { spilled: true } : {}),
    })),
    headerStyle: { bold: true },
    keyIndex,
    moves: decl.moves ?? false,
    stacks: decl.stacks ?? false,
    table: decl.table as TableDecl<unknown> | undefined,
    build(rows) {
      return (rows as readonly R[]).map((row) => {
        if (decl.table !== undefined) {
          const key = (decl.rowKey as (r: R) => string)(row);
          return { key, findText: key, cells: [], source: row };
        }
        const cells = cellsAt(row, NO_POSITION);
        const findText = String(readBackForm(cells[keyIndex].next));
        return { key: decl.rowKey ? decl.rowKey(row) : findText, findText, cells, source: row };
      });
    },
    cellsAt: (row, at) => cellsAt(row as R, at),
  };
}

/** One block of a sheet declaration: the block, its rows from the writer's input, and the empty rows before it. */
export interface SheetBlock<I> {
  /** The block, or a function giving it from the input (columns generated from it, e.g. one per company). */
  readonly block: Block | ((input: I) => Block);
  readonly rows: (input: I) => readonly unknown[];
  /** Empty rows between the block before and this one on a fresh sheet. */
  readonly gapBefore?: number;
}

export interface SheetDecl<I> {
  readonly role: SheetRole;
  /** The sheet's title when the add-in creates it ("Inputs"; "Inputs (PivotLens)" when taken). */
  readonly baseName: string;
  /** Text of the hidden marker name's comment, after "PivotLens". */
  readonly comment: string;
  readonly blocks: readonly SheetBlock<I>[];
  /** Charts over the blocks' cells (charts.ts), updated in place on a rewrite. */
  readonly charts?: (input: I) => readonly ChartDecl[];
  /** The block whose range the write selects and reports as `address` (default: all the written cells). */
  readonly select?: string;
}

/** Where a block's cells are on the sheet now (zero-based). */
export interface Placement {
  readonly headerRow: number | undefined;
  /** A stacking block rewritten: where its header row was found (its old layout's), headerRow being where it goes now. */
  readonly foundHeaderRow?: number;
  /** Sheet column of each declared column, in declaration order. */
  readonly cols: readonly number[];
  /** Sheet row of each built row, by key. */
  readonly rows: ReadonlyMap<string, number>;
  /** First row after the block. */
  readonly end: number;
}

/** The block of a sheet block, for this input. */
export function blockOf<I>(b: SheetBlock<I>, input: I): Block {
  return typeof b.block === "function" ? b.block(input) : b.block;
}

/** The sheet as sync 1 read it: Range.formulas of its used range, and where that range starts. */
export interface SheetRead {
  readonly top: number;
  readonly left: number;
  readonly formulas: readonly (readonly CellRead[])[];
  /** Range.values and Range.numberFormat of the same range (read for sheets with a table block). */
  readonly values?: readonly (readonly CellRead[])[];
  readonly formats?: readonly (readonly string[])[];
}

export function cellAt(read: SheetRead, row: number, col: number): CellRead {
  return read.formulas[row - read.top]?.[col - read.left] ?? "";
}

/** A block cannot be found again (its header was changed or deleted): nothing is written. */
export class LayoutProblem extends Error {}

const sameText = (a: CellRead, b: string): boolean =>
  typeof a === "string" && a.trim().toLowerCase() === b.trim().toLowerCase();

function findRow(read: SheetRead, col: number, text: string, from: number): number | undefined {
  const last = read.top + read.formulas.length;
  for (let r = Math.max(from, read.top); r < last; r++) if (sameText(cellAt(read, r, col), text)) return r;
  return undefined;
}

/**
 * Places every block of a sheet. `read` is undefined on a fresh sheet (blocks stacked from
 * the anchor, columns side by side). `written` tells whether a block was ever written (has
 * memory): a block never written is placed fresh after the one before it. `rememberedRows`
 * gives the number of rows of a moving block's remembered layout (stacking blocks: see
 * BlockDecl.stacks; one without a remembered layout is found in place like any block).
 */
export function placeBlocks(
  blocks: readonly { block: Block; rows: BuiltRow[]; gapBefore: number }[],
  anchor: { row: number; col: number },
  read: SheetRead | undefined,
  written: (blockId: string) => boolean,
  placeTable?: (b: Block, rows: BuiltRow[], freshStart: number) => Placement,
  rememberedRows: (blockId: string) => number | undefined = () => undefined,
): Map<string, Placement> {
  const out = new Map<string, Placement>();
  let cursor = anchor.row;
  // Where the block above ended at the last write (differs from `cursor` below a stacking block that grew or shrank).
  let oldCursor = anchor.row;
  let stacked: string | undefined;
  for (const { block: b, rows, gapBefore } of blocks) {
    if (b.table !== undefined) {
      if (placeTable === undefined) throw new Error(`internal error: table block ${b.id} without a table placer`);
      const p = placeTable(b, rows, cursor + gapBefore);
      out.set(b.id, p);
      cursor = p.end;
      oldCursor = p.end;
      continue;
    }
    const start = cursor + (read === undefined ? gapBefore : 0);
    const freshStart = cursor + gapBefore;
    let headerRow: number | undefined;
    let cols: number[];
    const existing = read !== undefined && written(b.id);
    if (stacked !== undefined && !b.stacks)
      throw new Error(`internal error: block ${b.id} is below the stacking block ${stacked} but does not stack`);
    if (b.stacks) stacked = b.id;
    const oldRows = b.stacks && existing ? rememberedRows(b.id) : undefined;
    let foundHeaderRow: number | undefined;
    if (b.header) {
      if (oldRows !== undefined) {
        foundHeaderRow = findRow(read as SheetRead, anchor.col, b.columns[0].header, oldCursor);
        headerRow = foundHeaderRow === undefined ? undefined : freshStart;
      } else headerRow = existing ? findRow(read, anchor.col, b.columns[0].header, start) : freshStart;
      if (headerRow === undefined)
        throw new LayoutProblem(
          `the header "${b.columns[0].header}" of the ${b.id} block is no longer in its first column`,
        );
      const hr = headerRow;
      cols = b.columns.map((c, i) => {
        if (!existing || b.moves) return anchor.col + i;
        const width = read.left + (read.formulas[0]?.length ?? 0);
        for (let col = anchor.col; col < width; col++) if (sameText(cellAt(read, hr, col), c.header)) return col;
        throw new LayoutProblem(`the column "${c.header}" of the ${b.id} block has no header in row ${hr + 1}`);
      });
    } else {
      const ref = b.columnsOf === undefined ? undefined : out.get(b.columnsOf);
      cols = b.columns.map((_, i) => anchor.col + i);
      if (b.columnsOf !== undefined) {
        // lined up with a block placed later: placed in a second pass below
        cols = ref?.cols.slice(0, b.columns.length) ?? cols;
      }
    }
    const rowsAt = new Map<string, number>();
    let next = headerRow === undefined ? (existing ? start : freshStart) : headerRow + 1;
    for (const row of rows) {
      const found = existing && !b.moves ? findRow(read, cols[b.keyIndex], row.findText, next) : undefined;
      const at = found ?? next;
      rowsAt.set(row.key, at);
      next = at + 1;
    }
    out.set(b.id, {
      headerRow,
      ...(foundHeaderRow !== undefined ? { foundHeaderRow } : {}),
      cols,
      rows: rowsAt,
      end: next,
    });
    if (foundHeaderRow !== undefined) oldCursor = foundHeaderRow + 1 + (oldRows as number);
    else if (existing || !b.stacks) oldCursor = next;
    cursor = next;
  }
  // Blocks lined up with a later block take its columns now.
  for (const { block: b } of blocks) {
    if (b.columnsOf === undefined) continue;
    const ref = out.get(b.columnsOf);
    const p = out.get(b.id);
    if (ref === undefined || p === undefined)
      throw new Error(`internal error: ${b.id} lines up with unknown ${b.columnsOf}`);
    out.set(b.id, { ...p, cols: ref.cols.slice(0, b.columns.length) });
  }
  return out;
}

/** A target cell with what the writer applies besides its content. */
export type StyledTarget = TargetCell & { style?: CellStyle; linked?: boolean; link?: string };

/** The target cells of every block, at their placements: header cells, then rows. */
export function targetsOf(
  blocks: readonly { block: Block; rows: BuiltRow[] }[],
  places: ReadonlyMap<string, Placement>,
): StyledTarget[] {
  const out: StyledTarget[] = [];
  for (const { block: b, rows } of blocks) {
    if (b.table !== undefined) continue; // table.ts targets its own cells
    const p = places.get(b.id);
    if (p === undefined) throw new Error(`internal error: block ${b.id} not placed`);
    if (p.headerRow !== undefined) {
      const hr = p.headerRow;
      b.columns.forEach((c, i) =>
        out.push({
          row: hr,
          col: p.cols[i],
          id: `${b.id}/#header/${c.key}`,
          next: `'${c.header}`,
          format: "General",
          style: b.headerStyle,
        }),
      );
    }
    for (const row of rows) {
      const r = p.rows.get(row.key);
      if (r === undefined) throw new Error(`internal error: row ${row.key} not placed`);
      row.cells.forEach((cell, i) => {
        if (b.columns[i].spilled === true) return; // the spill's cells: never the writer's
        out.push({
          row: r,
          col: p.cols[i],
          id: `${b.id}/${row.key}/${b.columns[i].key}`,
          next: cell.next,
          format: cell.format ?? "General",
          style: cell.style,
          ...(cell.linked ? { linked: true, link: cell.link } : {}),
        });
      });
    }
  }
  return out;
}
