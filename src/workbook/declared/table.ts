/**
 * Table blocks of a declared sheet: a block whose rows are an Excel table's (ListObject's)
 * data body. What the shared writer (writer.ts) does for such a block, on top of what it does
 * for every block:
 *
 *   - the table is found through the sheet's hidden marker name, whose comment records the
 *     table's name ("PivotLens Deals sheet; table=PivotLensDeals"); a table the user renamed
 *     is found as the table on the sheet whose header starts with the block's first headers
 *     (the marker then records the new name). No extra sync: every table's range is read in
 *     the writer's read sync;
 *   - the block's columns are the table's first columns, in order; the user's columns right
 *     of them are kept and their cells move with their row (formulas shifted as Excel shifts
 *     a copied formula, number formats with them); a new row gets each user column's
 *     calculated formula (the one most rows share), as Excel fills a table column;
 *   - rows follow the input's order and are found again by key wherever they are in the body,
 *     so a cell the user changed is compared with, kept and carried from its row's old place
 *     (reconcile.ts, row-free: formulas compare as if in row 0); a row whose key left the
 *     input is kept (rebuilt by `keptRow`) when the user's columns hold their work in it
 *     (a typed value, or a formula other than the column's calculated formula);
 *   - the table grows only into empty rows (else nothing is written) and, when it shrinks,
 *     the rows it leaves are cleared; a Total Row the user turned on is hidden for the write
 *     and shown again below the new last row (Excel keeps what is in it);
 *   - a sheet that lost its table gets it again where it was, if that area is empty.
 */
import { cell, parseAddress, shiftFormulaRows } from "../a1";
import { asText, type CellInput } from "../cells";
import { WorkbookError } from "../errors";
import type { Block, BuiltRow, Placement, SheetRead, StyledTarget } from "./sheet";
import { fingerprint, rowFreeForm, type CellRead, type PlannedCell } from "./reconcile";

export interface TableDecl<R> {
  /** The table's preferred name ("PivotLensDeals"; "PivotLensDeals2" when that is taken). */
  readonly name: string;
  /** Excel table style of a new table. */
  readonly style?: string;
  /** Wrap the text of the header row of a new table (long headers). */
  readonly wrapHeader?: boolean;
  /** How messages call the table ("deal table") and its rows ("deals"), and how to write again ("load the deals again"). */
  readonly noun: string;
  readonly rowsNoun: string;
  readonly again: string;
  /** A row whose key left the input, kept for the user's work: built from its block cells as read (Range.values). */
  readonly keptRow: (values: readonly CellRead[]) => R;
}

/** The loads of sync 1: every table's and workbook name's name (where the table is; a free name for a new one). */
export interface TableLookup {
  readonly tables: Excel.TableCollection;
  readonly names: Excel.NamedItemCollection;
}

export function queueTableLookup(context: Excel.RequestContext): TableLookup {
  return { tables: context.workbook.tables.load("items/name"), names: context.workbook.names.load("items/name") };
}

/** The loads of the read sync: each table's range, data body size and Total Row. */
export interface TableReads {
  readonly lookup: TableLookup;
  readonly items: readonly { table: Excel.Table; range: Excel.Range; body: Excel.Range }[];
}

export function queueTableReads(lookup: TableLookup): TableReads {
  return {
    lookup,
    items: lookup.tables.items.map((table) => {
      table.load("name,showTotals");
      return {
        table,
        range: table.getRange().load("address"),
        body: table.getDataBodyRange().load("rowCount"),
      };
    }),
  };
}

/** The table name a marker comment records ("…; table=PivotLensDeals"). */
export function tableNameFrom(comment: string): string | undefined {
  const m = /table=([A-Za-z_\\][A-Za-z0-9_.\\]*)/.exec(comment);
  return m ? m[1] : undefined;
}

/** One row of the table after the write. */
export interface TableRow {
  readonly key: string;
  readonly source: unknown;
  /** Body index (0-based) of the row's old place, if it had one. */
  readonly from?: number;
  /** A row kept for the user's work although its key left the input: its changed cells stay the user's. */
  readonly kept?: boolean;
}

/** Where the table is and what the write does to it. */
export interface TablePlan {
  readonly blockId: string;
  readonly decl: TableDecl<unknown>;
  readonly name: string;
  /** The table is there (else it is created with the sheet, or recreated). */
  readonly exists: boolean;
  /** Found under a name other than the marker's. */
  readonly renamed: boolean;
  readonly headerRow: number;
  readonly col0: number;
  /** The block's columns; the table's columns (the user's included). */
  readonly own: number;
  readonly width: number;
  readonly userHeaders: readonly string[];
  readonly oldRows: number;
  readonly totals: boolean;
  readonly rows: readonly TableRow[];
  readonly keptRows: number;
}

const isEmpty = (v: unknown): boolean => v === "" || v === null || v === undefined;

function at(grid: readonly (readonly CellRead[])[] | undefined, read: SheetRead, row: number, col: number): CellRead {
  return grid?.[row - read.top]?.[col - read.left] ?? "";
}

/** The user's cell (sheet row `row`) as it reads: formula text only for a real formula (text starting "=" is a constant). */
function formulaOf(read: SheetRead, row: number, col: number): string | undefined {
  const f = at(read.formulas, read, row, col);
  if (typeof f !== "string" || !f.startsWith("=") || f === at(read.values, read, row, col)) return undefined;
  return f;
}

/** A constant read back from a cell, as input that writes the same constant. */
function constantCell(v: CellRead): CellInput {
  return typeof v === "string" ? asText(v) : v;
}

/** A cell moved from sheet row `fromRow` to `toRow`: formulas shifted, constants re-escaped. */
function movedCell(read: SheetRead, fromRow: number, col: number, toRow: number): CellInput {
  const f = formulaOf(read, fromRow, col);
  return f !== undefined ? shiftFormulaRows(f, toRow - fromRow) : constantCell(at(read.values, read, fromRow, col));
}

function freeTableName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`.toLowerCase())) return `${base}${i}`;
}

interface Found {
  readonly name: string;
  readonly renamed: boolean;
  readonly address: string;
  readonly bodyRows: number;
  readonly totals: boolean;
}

/** The block's table among those read: by the marker's name, else the one on the sheet whose header starts with the block's. */
function findTable(
  b: Block,
  reads: TableReads,
  read: SheetRead,
  sheetName: string,
  markerComment: string,
): Found | undefined {
  const items = reads.items.map((x) => ({
    name: x.table.name,
    address: x.range.address,
    bodyRows: x.body.rowCount,
    totals: x.table.showTotals,
  }));
  const known = tableNameFrom(markerComment);
  const byName = items.find((x) => known !== undefined && x.name.toLowerCase() === known.toLowerCase());
  if (byName !== undefined) return { ...byName, renamed: false };
  const onSheet = items.find((x) => {
    const a = parseAddress(x.address);
    if ((a.sheet ?? "").toLowerCase() !== sheetName.toLowerCase()) return false;
    return b.columns
      .slice(0, 3)
      .every((c, i) => String(at(read.formulas, read, a.row, a.col + i)).toLowerCase() === c.header.toLowerCase());
  });
  return onSheet === undefined ? undefined : { ...onSheet, renamed: true };
}

/**
 * For each user column, its calculated-column formula: the formula most of its rows share
 * (moved to sheet row 0), or undefined when no formula is shared by more than half the rows.
 */
function calculatedColumns(
  read: SheetRead,
  t: { headerRow: number; col0: number; own: number; width: number; oldRows: number },
): (string | undefined)[] {
  return Array.from({ length: t.width - t.own }, (_, c) => {
    const counts = new Map<string, number>();
    for (let j = 0; j < t.oldRows; j++) {
      const row = t.headerRow + 1 + j;
      const f = formulaOf(read, row, t.col0 + t.own + c);
      if (f !== undefined) {
        const n = shiftFormulaRows(f, -row);
        counts.set(n, (counts.get(n) ?? 0) + 1);
      }
    }
    let best: string | undefined;
    let n = 0;
    for (const [f, k] of counts) if (k > n) [best, n] = [f, k];
    return n * 2 > t.oldRows ? best : undefined;
  });
}

/** Does old body row `j` hold the user's work in their columns (a typed value, or a formula other than the column's calculated one)? */
function holdsUserWork(
  read: SheetRead,
  t: { headerRow: number; col0: number; own: number; width: number },
  j: number,
  calculated: readonly (string | undefined)[],
): boolean {
  const row = t.headerRow + 1 + j;
  for (let c = 0; c < t.width - t.own; c++) {
    const col = t.col0 + t.own + c;
    if (isEmpty(at(read.formulas, read, row, col))) continue;
    const f = formulaOf(read, row, col);
    if (f === undefined || shiftFormulaRows(f, -row) !== calculated[c]) return true;
  }
  return false;
}

export interface TablePlaceInput {
  readonly sheetName: string;
  /** Undefined when the writer creates the sheet. */
  readonly read: SheetRead | undefined;
  readonly reads: TableReads | undefined;
  readonly lookup: TableLookup;
  readonly markerComment: string;
  readonly anchorCol: number;
  /** What the add-in last wrote (memory.ts): a row whose add-in cells the user changed is the user's work too. */
  readonly memory?: Readonly<Record<string, string>>;
}

/** Places a table block (see the module comment); throws WorkbookError when it cannot be written in place. */
export function planTable(
  b: Block,
  built: readonly BuiltRow[],
  freshStart: number,
  x: TablePlaceInput,
): { plan: TablePlan; place: Placement } {
  const decl = b.table as TableDecl<unknown>;
  const own = b.columns.length;
  const { read, sheetName } = x;
  const found =
    read === undefined || x.reads === undefined ? undefined : findTable(b, x.reads, read, sheetName, x.markerComment);
  let plan: TablePlan;
  if (found === undefined) {
    if (read !== undefined) {
      // The sheet is the add-in's but its table is gone: recreated where it was, if that area is empty.
      for (let r = freshStart; r <= freshStart + built.length; r++)
        for (let c = x.anchorCol; c < x.anchorCol + own; c++)
          if (!isEmpty(at(read.formulas, read, r, c)))
            throw new WorkbookError(
              "layout",
              `The add-in's ${decl.noun} on "${sheetName}" is gone and ${cell(r, c)} now holds other content.`,
              `Move that content, or delete or rename the sheet "${sheetName}", then ${decl.again}.`,
            );
    }
    const taken = new Set([...x.lookup.tables.items, ...x.lookup.names.items].map((t) => t.name.toLowerCase()));
    plan = {
      blockId: b.id,
      decl,
      name: freeTableName(decl.name, taken),
      exists: false,
      renamed: false,
      headerRow: freshStart,
      col0: x.anchorCol,
      own,
      width: own,
      userHeaders: [],
      oldRows: 0,
      totals: false,
      rows: built.map((r) => ({ key: r.key, source: r.source })),
      keptRows: 0,
    };
  } else {
    plan = planExisting(b, built, found, read as SheetRead, sheetName, x.memory);
  }
  const rowsAt = new Map(plan.rows.map((r, i) => [r.key, plan.headerRow + 1 + i]));
  const end = plan.headerRow + 1 + plan.rows.length + (plan.totals ? 1 : 0);
  const cols = b.columns.map((_, i) => plan.col0 + i);
  return { plan, place: { headerRow: plan.headerRow, cols, rows: rowsAt, end } };
}

function planExisting(
  b: Block,
  built: readonly BuiltRow[],
  found: Found,
  read: SheetRead,
  sheetName: string,
  memory: Readonly<Record<string, string>> | undefined,
): TablePlan {
  const decl = b.table as TableDecl<unknown>;
  const own = b.columns.length;
  const a = parseAddress(found.address);
  const fix = `rename the sheet "${sheetName}" to keep it as it is and ${decl.again} to get a fresh sheet`;
  if (a.rows !== 1 + found.bodyRows + (found.totals ? 1 : 0))
    throw new WorkbookError(
      "layout",
      `The table ${found.name} at ${found.address} does not have one header row${found.totals ? ", its data rows and a Total Row" : " and its data rows"}, so the add-in cannot tell which rows are ${decl.rowsNoun}.`,
      `Turn the table's Header Row back on (Table Design), or ${fix}.`,
    );
  if (a.sheet !== undefined && a.sheet.toLowerCase() !== sheetName.toLowerCase())
    throw new WorkbookError(
      "layout",
      `The table ${found.name} is no longer on "${sheetName}".`,
      `Move the table back, or rename it, then ${decl.again}.`,
    );
  const headerRow = a.row;
  const col0 = a.col;
  const header = (c: number): string => String(at(read.values ?? read.formulas, read, headerRow, col0 + c));
  b.columns.forEach((c, i) => {
    if (i >= a.cols || header(i).toLowerCase() !== c.header.toLowerCase())
      throw new WorkbookError(
        "layout",
        `Column ${i + 1} of the table ${found.name} should be "${c.header}" but is "${i < a.cols ? header(i) : ""}": its columns were moved, renamed or deleted.`,
        `Put your own columns to the right of the add-in's (after "${b.columns[own - 1].header}"), or ${fix}.`,
      );
  });
  const oldRows = found.bodyRows;
  const shape = { headerRow, col0, own, width: a.cols, oldRows };
  const keyOf = (j: number): string =>
    String(at(read.values ?? read.formulas, read, headerRow + 1 + j, col0)).toUpperCase();
  const byKey = new Map<string, number>();
  for (let j = 0; j < oldRows; j++) {
    const k = keyOf(j);
    if (k !== "" && !byKey.has(k)) byKey.set(k, j);
  }
  const used = new Set<number>();
  const rows: TableRow[] = built.map((r) => {
    const from = byKey.get(r.key.toUpperCase());
    if (from !== undefined) used.add(from);
    return { key: r.key, source: r.source, ...(from !== undefined ? { from } : {}) };
  });
  let keptRows = 0;
  // A row of the add-in's columns the user changed since the add-in wrote it (a corrected
  // tenant, a note, an overridden escalator): compared with the memory, row-free like the writer.
  const changedOwnCells = (j: number): boolean => {
    if (memory === undefined) return false;
    const row = headerRow + 1 + j;
    const rawKey = String(at(read.values ?? read.formulas, read, row, col0));
    for (let c = 0; c < own; c++) {
      const last = memory[`${b.id}/${rawKey}/${b.columns[c].key}`];
      if (last === undefined) continue;
      if (fingerprint(rowFreeForm(at(read.formulas, read, row, col0 + c), row)) !== last) return true;
    }
    return false;
  };
  {
    const calculated = a.cols > own ? calculatedColumns(read, shape) : [];
    for (let j = 0; j < oldRows; j++) {
      if (used.has(j)) continue;
      if (!(a.cols > own && holdsUserWork(read, shape, j, calculated)) && !changedOwnCells(j)) continue;
      const row = headerRow + 1 + j;
      const values = b.columns.map((_, c) => at(read.values, read, row, col0 + c));
      const [kept] = b.build([decl.keptRow(values)]);
      rows.push({ key: kept.key, source: kept.source, from: j, kept: true });
      keptRows++;
    }
  }
  if (rows.length > oldRows) {
    // The rows the table grows into (below its Total Row, which moves down with it) must be empty.
    const below = found.totals ? 1 : 0;
    for (let j = oldRows; j < rows.length; j++)
      for (let c = 0; c < a.cols; c++) {
        const r = headerRow + 1 + below + j;
        if (!isEmpty(at(read.formulas, read, r, col0 + c)))
          throw new WorkbookError(
            "layout",
            `The table ${found.name} needs ${rows.length - oldRows} more rows, but ${cell(r, col0 + c)} on "${sheetName}" below it is not empty.`,
            `Move the content below the table further down (or to another sheet), then ${decl.again}.`,
          );
      }
  }
  return {
    blockId: b.id,
    decl,
    name: found.name,
    exists: true,
    renamed: found.renamed,
    headerRow,
    col0,
    own,
    width: a.cols,
    userHeaders: Array.from({ length: a.cols - own }, (_, c) => header(own + c)),
    oldRows,
    totals: found.totals,
    rows,
    keptRows,
  };
}

/** The target cells of a table block: its header (a new table only) and every body row at its new place. */
export function tableTargets(b: Block, t: TablePlan): StyledTarget[] {
  const out: StyledTarget[] = [];
  const colOf = new Map(b.columns.map((c, i) => [c.key, t.col0 + i]));
  if (!t.exists)
    b.columns.forEach((c, i) =>
      out.push({
        row: t.headerRow,
        col: t.col0 + i,
        id: `${b.id}/#header/${c.key}`,
        next: asText(c.header),
        format: "General",
        style: b.headerStyle,
        readFrom: null,
      }),
    );
  t.rows.forEach((r, i) => {
    const row = t.headerRow + 1 + i;
    const ref = (key: string): string => {
      const col = colOf.get(key);
      if (col === undefined) throw new Error(`internal error: no column ${key} in block ${b.id}`);
      return cell(row, col);
    };
    b.cellsAt(r.source, { row, ref }).forEach((c, k) =>
      out.push({
        row,
        col: t.col0 + k,
        id: `${b.id}/${r.key}/${b.columns[k].key}`,
        next: c.next,
        format: c.format ?? "General",
        style: c.style,
        ...(c.linked ? { linked: true, link: c.link } : {}),
        rowFree: true,
        ...(r.kept ? { sticky: true } : {}),
        readFrom: t.exists && r.from !== undefined ? { row: t.headerRow + 1 + r.from, col: t.col0 + k } : null,
      }),
    );
  });
  return out;
}

/** A kept cell whose row moved is carried: the user's content (and number format) written at the row's new place. */
export function carryKept(cells: readonly PlannedCell[], read: SheetRead | undefined): PlannedCell[] {
  return cells.map((c) => {
    const from = c.readFrom;
    if (c.decision !== "kept" || read === undefined || from === undefined || from === null || from.row === c.row)
      return c;
    const format = at(read.formats, read, from.row, from.col);
    return {
      ...c,
      carried: true,
      next: movedCell(read, from.row, from.col, c.row),
      format: String(format || "General"),
    };
  });
}

/** Queued before the cells: the Total Row hidden, the table resized to its new rows. */
export function queueTableBefore(sheet: Excel.Worksheet, table: Excel.Table | undefined, t: TablePlan): void {
  if (!t.exists || table === undefined) return;
  if (t.totals) table.showTotals = false;
  if (t.rows.length !== t.oldRows)
    table.resize(sheet.getRangeByIndexes(t.headerRow, t.col0, t.rows.length + 1, t.width));
}

/** Queued after the cells: the user's columns moved with their rows, rows left cleared, the table created or its Total Row shown. */
export function queueTableAfter(
  sheet: Excel.Worksheet,
  table: Excel.Table | undefined,
  t: TablePlan,
  read: SheetRead | undefined,
): Excel.Table | undefined {
  const n = t.rows.length;
  const userCols = t.width - t.own;
  const moved = t.rows.some((r, i) => r.from !== i) || n !== t.oldRows;
  if (t.exists && read !== undefined && userCols > 0 && moved) {
    const calculated = calculatedColumns(read, t);
    const formulas: CellInput[][] = [];
    const formats: string[][] = [];
    t.rows.forEach((r, i) => {
      const row = t.headerRow + 1 + i;
      const line: CellInput[] = [];
      const fmt: string[] = [];
      for (let c = 0; c < userCols; c++) {
        const col = t.col0 + t.own + c;
        if (r.from !== undefined) {
          const fromRow = t.headerRow + 1 + r.from;
          line.push(movedCell(read, fromRow, col, row));
          fmt.push(String(at(read.formats, read, fromRow, col) || "General"));
        } else {
          const calc = calculated[c];
          line.push(calc !== undefined ? shiftFormulaRows(calc, row) : "");
          // A new row takes the format of the row above, as Excel extends a table column.
          fmt.push(i > 0 ? formats[i - 1][c] : String(at(read.formats, read, t.headerRow + 1, col) || "General"));
        }
      }
      formulas.push(line);
      formats.push(fmt);
    });
    const range = sheet.getRangeByIndexes(t.headerRow + 1, t.col0 + t.own, n, userCols);
    range.formulas = formulas;
    range.numberFormat = formats;
  }
  if (t.exists && n < t.oldRows) {
    // Rows that left the table held only the add-in's cells or content now moved up.
    const left = sheet.getRangeByIndexes(t.headerRow + 1 + n, t.col0, t.oldRows - n, t.width);
    left.clear("Contents");
    left.clear("Hyperlinks");
  }
  if (!t.exists) {
    const created = sheet.tables.add(sheet.getRangeByIndexes(t.headerRow, t.col0, n + 1, t.own), true);
    created.name = t.name;
    if (t.decl.style !== undefined) created.style = t.decl.style;
    if (t.decl.wrapHeader) sheet.getRangeByIndexes(t.headerRow, t.col0, 1, t.own).format.wrapText = true;
    return created;
  }
  if (t.totals && table !== undefined) table.showTotals = true;
  return table;
}

/** The table's range after the write, header and data rows (not the Total Row). */
export function tableBox(t: TablePlan): { row: number; col: number; rows: number; cols: number } {
  return { row: t.headerRow, col: t.col0, rows: t.rows.length + 1, cols: t.width };
}
