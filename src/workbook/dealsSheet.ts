/**
 * The Deals sheet: an assumptions block and an Excel table of the deals, with data columns
 * (number formats for USD, MW, %, dates; the source as a hyperlink) and the derived columns
 * declared in dealsColumns.ts (attributable MW and value, months to each deal's own rent
 * start, rent, escalator, NOI margin and capex used, annual revenue, lease NPV and NPV per MW,
 * each with its formula documented there). A restated deal is marked replaced in Status and
 * "Counted in totals" FALSE, and its attributable cells are blank.
 *
 * Blank by design: a deal without the inputs a formula needs (IREN/NVIDIA has no MW; a GPU
 * cloud service is not a lease) shows an empty cell (the formula returns ""), never 0 and
 * never an error that would break a SUM. The assumptions are workbook names on cells of the
 * assumptions block (blue), so formulas read `PIVOT_DEALS_DISCOUNT_RATE` rather than $B$4.
 *
 * Reload (same deals or a new list) updates the table in place in three syncs:
 * 1. find the add-in's sheet, table and names; 2. read the table (and the rows below it);
 * 3. write. Rows follow their deal id; columns the user added to the right of the add-in's
 * keep their content (moved with their deal's row; relative row references in their
 * formulas shifted as Excel shifts a copied formula); a row whose deal left the list is
 * kept, marked in Status, when the user's columns hold something typed in it (a typed value,
 * or a formula other than the column's calculated formula). The assumption
 * values the user edited are never rewritten. A first load creates the sheet in two syncs.
 * Deal rows are the table's data body (its header and Total Row are not): when the user has
 * turned the Total Row on, the write hides it and shows it again below the new last deal
 * (Excel keeps what the user put in it), all within sync 3.
 */
import type { Deal } from "../deals/schema";
import { cell, parseAddress, shiftFormulaRows } from "./a1";
import { asText, type CellInput } from "./cells";
import {
  COL,
  DEALS_ASSUMPTIONS,
  DEALS_TABLE,
  DEALS_TABLE_HEADERS,
  DEALS_SHEET,
  dealFormulaCells,
  dealRowCells,
  KEPT_STATUS,
  N_DATA,
  N_OWN,
  ownColumnFormats,
  STATUS_HEADER,
  TABLE_HEADER_ROW,
} from "./dealsColumns";
import { writeAssumptionNames, writeFixedBlock } from "./dealsLayout";
import { reconcileDeals, type DealsCellsPlan } from "./dealsReconcile";
import { queueMemory, queueSaveMemory, readMemory } from "./declared/memory";
import { WorkbookError } from "./errors";
import { runBatch } from "./run";
import {
  freeSheetName,
  isOwnComment,
  queueCreateSheet,
  queueSheetLookup,
  readSheetLookup,
  type SheetLookup,
  absoluteRef,
  showWritten,
} from "./sheets";
import type { LoadDealsOptions, LoadDealsResult } from "./dealsTypes";

export type { LoadDealsOptions, LoadDealsResult } from "./dealsTypes";

interface OldTable {
  readonly headerRow: number;
  readonly col0: number;
  /** Body rows. */
  readonly rows: number;
  readonly cols: number;
  readonly formulas: unknown[][];
  readonly values: unknown[][];
}

function isEmptyCell(v: unknown): boolean {
  return v === "" || v === null || v === undefined;
}

/** A constant read back from a cell, as input that writes the same constant. */
function constantCell(v: unknown): CellInput {
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") return asText(v);
  return "";
}

/** A user cell moved from `fromRow` to `toRow`: formulas shifted, constants re-escaped. */
function movedUserCell(formulaCell: unknown, valueCell: unknown, fromRow: number, toRow: number): CellInput {
  const isFormula = typeof formulaCell === "string" && formulaCell.startsWith("=") && formulaCell !== valueCell;
  if (isFormula) return shiftFormulaRows(formulaCell as string, toRow - fromRow);
  return constantCell(valueCell);
}

interface RowPlan {
  readonly deal?: Deal;
  /** Old body row index (0-based) this row takes the user's cells (and, if kept, data) from. */
  readonly from?: number;
}

function planRows(
  deals: readonly Deal[],
  old: OldTable | undefined,
  userCols: number,
): { plan: RowPlan[]; kept: number } {
  const plan: RowPlan[] = [];
  const byId = new Map<string, number>();
  const used = new Set<number>();
  if (old !== undefined) {
    for (let j = 0; j < old.rows; j++) {
      const id = old.values[1 + j][COL.id];
      const key = typeof id === "string" ? id.toUpperCase() : "";
      if (key !== "" && !byId.has(key)) byId.set(key, j);
    }
  }
  for (const deal of deals) {
    const from = byId.get(deal.id.toUpperCase());
    if (from !== undefined) used.add(from);
    plan.push({ deal, from });
  }
  let kept = 0;
  if (old !== undefined && userCols > 0) {
    const calculated = calculatedColumns(old, userCols);
    for (let j = 0; j < old.rows; j++) {
      if (used.has(j)) continue;
      if (holdsUserWork(old, j, userCols, calculated)) {
        plan.push({ from: j });
        kept++;
      }
    }
  }
  return { plan, kept };
}

/** A user cell's formula, moved as if it sat in sheet row 0 (so equal formulas compare equal), or undefined. */
function normalizedFormula(old: OldTable, j: number, c: number): string | undefined {
  const f = old.formulas[1 + j]?.[N_OWN + c];
  if (typeof f !== "string" || !f.startsWith("=") || f === old.values[1 + j]?.[N_OWN + c]) return undefined;
  return shiftFormulaRows(f, -(old.headerRow + 1 + j));
}

/**
 * For each user column, its calculated-column formula: the formula most of its rows share
 * (moved to sheet row 0), or undefined when no formula is shared by more than half the rows.
 */
function calculatedColumns(old: OldTable, userCols: number): (string | undefined)[] {
  return Array.from({ length: userCols }, (_, c) => {
    const counts = new Map<string, number>();
    for (let j = 0; j < old.rows; j++) {
      const f = normalizedFormula(old, j, c);
      if (f !== undefined) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
    let best: string | undefined;
    let n = 0;
    for (const [f, k] of counts) if (k > n) [best, n] = [f, k];
    return n * 2 > old.rows ? best : undefined;
  });
}

/**
 * Does a row hold something the user wrote in their columns? A typed value does; a formula
 * does unless it is the column's calculated formula (the same formula in every row, which
 * Excel fills into each row of a table column and which says nothing about this deal).
 */
function holdsUserWork(
  old: OldTable,
  j: number,
  userCols: number,
  calculated: readonly (string | undefined)[],
): boolean {
  for (let c = 0; c < userCols; c++) {
    const f = old.formulas[1 + j][N_OWN + c];
    if (isEmptyCell(f)) continue;
    const normalized = normalizedFormula(old, j, c);
    if (normalized === undefined || normalized !== calculated[c]) return true;
  }
  return false;
}

function checkDeals(deals: readonly Deal[]): void {
  if (deals.length === 0) {
    throw new WorkbookError(
      "input",
      "There are no deals to load.",
      "Clear the filters in the Deals panel (or load a deal feed) and try again.",
    );
  }
  const seen = new Set<string>();
  for (const d of deals) {
    const key = d.id.toUpperCase();
    if (seen.has(key))
      throw new WorkbookError(
        "input",
        `Deal ${d.id} appears twice in the list to load.`,
        "Remove the duplicate from the deal feed and load again.",
      );
    seen.add(key);
  }
}

function tableNameFrom(comment: string): string | undefined {
  const m = /table=([A-Za-z_\\][A-Za-z0-9_.\\]*)/.exec(comment);
  return m ? m[1] : undefined;
}

function freeTableName(taken: ReadonlySet<string>): string {
  if (!taken.has(DEALS_TABLE.toLowerCase())) return DEALS_TABLE;
  for (let i = 2; ; i++) if (!taken.has(`${DEALS_TABLE}${i}`.toLowerCase())) return `${DEALS_TABLE}${i}`;
}

/**
 * Writes `deals` to the add-in's Deals table (creating the sheet on first use). Constant
 * syncs whatever the row count: 2 on first load, 3 on reload. Throws WorkbookError.
 */
export async function loadDeals(deals: readonly Deal[], options: LoadDealsOptions = {}): Promise<LoadDealsResult> {
  checkDeals(deals);
  const base = options.sheetName ?? DEALS_SHEET;
  return runBatch(options.run, "Loading the deals", async (context) => {
    // ---- sync 1: where is the add-in's sheet, table, and are the assumption names free? ----
    const lookup = queueSheetLookup(context, "DEALS");
    const memorySetting = queueMemory(context, "DEALS");
    const tables = context.workbook.tables.load("items/name");
    const names = context.workbook.names.load("items/name");
    const assumptionNames = DEALS_ASSUMPTIONS.map((a) => {
      const n = context.workbook.names.getItemOrNullObject(a.name);
      n.load("formula,comment");
      return n;
    });
    await context.sync();
    const found: SheetLookup = readSheetLookup(lookup);
    const tableNames = new Set(tables.items.map((t) => t.name.toLowerCase()));
    const workbookNames = new Set(names.items.map((n) => n.name.toLowerCase()));
    for (const [i, n] of assumptionNames.entries()) {
      if (!n.isNullObject && !isOwnComment(n.comment)) {
        throw new WorkbookError(
          "layout",
          `The workbook already has a name ${DEALS_ASSUMPTIONS[i].name} that PivotLens did not create; the Deals formulas need it.`,
          "Rename or delete that name (Formulas › Name Manager), then load the deals again.",
        );
      }
    }

    const ownSheet = found.ownSheet;
    let knownTable = ownSheet !== undefined ? tableNameFrom(found.markerComment) : undefined;
    let tableExists = knownTable !== undefined && tableNames.has(knownTable.toLowerCase());

    if (ownSheet === undefined) {
      // ---- first load: a new sheet (never a sheet the add-in did not create) ----
      const sheetName = freeSheetName(base, found.sheetNames);
      const tableName = freeTableName(new Set([...tableNames, ...workbookNames]));
      context.application.suspendApiCalculationUntilNextSync();
      const sheet = queueCreateSheet(context, "DEALS", sheetName, found, `Deals sheet; table=${tableName}`);
      writeFixedBlock(sheet, true);
      writeAssumptionNames(context, sheet, sheetName, TABLE_HEADER_ROW, assumptionNames, true);
      const plan = deals.map((deal) => ({ deal }));
      const cells = reconciled(sheetName, plan, undefined, TABLE_HEADER_ROW, 0, {});
      queueSaveMemory(context, "DEALS", cells.memory);
      writeTable(sheet, {
        headerRow: TABLE_HEADER_ROW,
        col0: 0,
        oldRows: 0,
        userCols: 0,
        plan,
        old: undefined,
        writeUser: false,
        own: cells.own,
      });
      const table = sheet.tables.add(sheet.getRangeByIndexes(TABLE_HEADER_ROW, 0, deals.length + 1, N_OWN), true);
      table.name = tableName;
      table.style = "TableStyleLight9";
      sheet.getRangeByIndexes(TABLE_HEADER_ROW, 0, 1, N_OWN).format.wrapText = true;
      showWritten(sheet, TABLE_HEADER_ROW, 0, deals.length + 1, N_OWN);
      await context.sync();
      const renamed =
        sheetName !== base
          ? `A sheet named "${base}" already exists and was not created by PivotLens, so the deals went to "${sheetName}".`
          : undefined;
      return {
        sheetName,
        tableName,
        created: true,
        ...(renamed ? { renamedBecause: renamed } : {}),
        address: absoluteRef(sheetName, TABLE_HEADER_ROW, 0, deals.length + 1, N_OWN)
          .slice(1)
          .replace(/\$/g, ""),
        dealCount: deals.length,
        keptRows: 0,
        userColumns: [],
        notices: renamed ? [renamed] : [],
      };
    }

    const sheet = context.workbook.worksheets.getItem(ownSheet);
    let renamedTable: string | undefined;
    if (!tableExists) {
      // The table is found through the sheet (its hidden marker name), not its name: the user
      // may have renamed it. The add-in's table is the one on its sheet whose header starts
      // with the add-in's first columns. (One extra sync, once: the marker then records the new name.)
      const onSheet = sheet.tables.load("items/name");
      await context.sync();
      const heads = onSheet.items.map((tb) => tb.getHeaderRowRange().load("values"));
      await context.sync();
      const i = heads.findIndex((hr) =>
        DEALS_TABLE_HEADERS.slice(0, 3).every(
          (x, c) => String(hr.values[0]?.[c] ?? "").toLowerCase() === x.toLowerCase(),
        ),
      );
      if (i >= 0) {
        knownTable = onSheet.items[i].name;
        tableExists = true;
        renamedTable = knownTable;
        context.workbook.names.getItem("PIVOT__SHEET_DEALS").comment = `PivotLens Deals sheet; table=${knownTable}`;
      }
    }
    if (!tableExists) {
      // The sheet is ours but its table is gone: recreate it where it was, if that area is empty.
      const area = sheet.getRangeByIndexes(TABLE_HEADER_ROW, 0, deals.length + 1, N_OWN).getUsedRangeOrNullObject(true);
      area.load("address");
      await context.sync();
      if (!area.isNullObject) {
        throw new WorkbookError(
          "layout",
          `The add-in's deal table on "${ownSheet}" is gone and ${area.address} now holds other content.`,
          `Move that content, or delete or rename the sheet "${ownSheet}", then load the deals again.`,
        );
      }
      const tableName = freeTableName(new Set([...tableNames, ...workbookNames]));
      context.application.suspendApiCalculationUntilNextSync();
      writeFixedBlock(sheet, false);
      writeAssumptionNames(context, sheet, ownSheet, TABLE_HEADER_ROW, assumptionNames, false);
      const plan = deals.map((deal) => ({ deal }));
      const cells = reconciled(ownSheet, plan, undefined, TABLE_HEADER_ROW, 0, {});
      queueSaveMemory(context, "DEALS", cells.memory);
      writeTable(sheet, {
        headerRow: TABLE_HEADER_ROW,
        col0: 0,
        oldRows: 0,
        userCols: 0,
        plan,
        old: undefined,
        writeUser: false,
        own: cells.own,
      });
      const table = sheet.tables.add(sheet.getRangeByIndexes(TABLE_HEADER_ROW, 0, deals.length + 1, N_OWN), true);
      table.name = tableName;
      table.style = "TableStyleLight9";
      context.workbook.names.getItem("PIVOT__SHEET_DEALS").comment = `PivotLens Deals sheet; table=${tableName}`;
      showWritten(sheet, TABLE_HEADER_ROW, 0, deals.length + 1, N_OWN);
      await context.sync();
      return {
        sheetName: ownSheet,
        tableName,
        created: false,
        address: absoluteRef(ownSheet, TABLE_HEADER_ROW, 0, deals.length + 1, N_OWN)
          .slice(1)
          .replace(/\$/g, ""),
        dealCount: deals.length,
        keptRows: 0,
        userColumns: [],
        notices: [`The deal table on "${ownSheet}" was missing and has been recreated.`],
      };
    }

    // ---- reload: sync 2 reads the table and the rows below it ----
    const tableName = knownTable as string;
    const table = context.workbook.tables.getItem(tableName);
    table.load("showTotals");
    const tableRange = table.getRange();
    tableRange.load("address");
    const headerRange = table.getHeaderRowRange();
    headerRange.load("address");
    const bodyRange = table.getDataBodyRange();
    bodyRange.load("rowCount");
    const extended = tableRange.getResizedRange(deals.length, 0);
    extended.load("formulas,values");
    await context.sync();
    const addr = parseAddress(headerRange.address);
    const whole = parseAddress(tableRange.address);
    // The Total Row (when shown) is the table's last row: not a deal row.
    const totals = table.showTotals;
    const oldRows = bodyRange.rowCount;
    if (whole.rows !== 1 + oldRows + (totals ? 1 : 0)) {
      throw new WorkbookError(
        "layout",
        `The table ${tableName} at ${tableRange.address} does not have one header row${totals ? ", its data rows and a Total Row" : " and its data rows"}, so the add-in cannot tell which rows are deals.`,
        `Turn the table's Header Row back on (Table Design), or rename the sheet "${ownSheet}" to keep it as it is and load again to get a fresh Deals sheet.`,
      );
    }
    if (addr.sheet !== undefined && addr.sheet.toLowerCase() !== ownSheet.toLowerCase()) {
      throw new WorkbookError(
        "layout",
        `The table ${tableName} is no longer on "${ownSheet}".`,
        `Move the table back, or rename it, then load the deals again.`,
      );
    }
    const formulas = extended.formulas as unknown[][];
    const values = extended.values as unknown[][];
    const header = (values[0] ?? []).map((h) => String(h));
    for (let c = 0; c < N_OWN; c++) {
      if ((header[c] ?? "").toLowerCase() !== DEALS_TABLE_HEADERS[c].toLowerCase()) {
        throw new WorkbookError(
          "layout",
          `Column ${c + 1} of the table ${tableName} should be "${DEALS_TABLE_HEADERS[c]}" but is "${header[c] ?? ""}": its columns were moved, renamed or deleted.`,
          `Put your own columns to the right of the add-in's (after "${STATUS_HEADER}"), or rename the sheet "${ownSheet}" to keep it as it is and load again to get a fresh Deals sheet.`,
        );
      }
    }
    const old: OldTable = { headerRow: addr.row, col0: addr.col, rows: oldRows, cols: addr.cols, formulas, values };
    const userCols = addr.cols - N_OWN;
    const { plan, kept } = planRows(deals, old, userCols);
    const newRows = plan.length;
    if (newRows > oldRows) {
      // The rows the table grows into must be empty: never overwrite the user's cells. They
      // start below the Total Row, which moves down with the table.
      const below = totals ? 1 : 0;
      for (let j = oldRows; j < newRows; j++) {
        const line = formulas[1 + below + j] ?? [];
        const c = line.findIndex((v) => !isEmptyCell(v));
        if (c >= 0) {
          throw new WorkbookError(
            "layout",
            `The table ${tableName} needs ${newRows - oldRows} more rows, but ${cell(addr.row + 1 + below + j, addr.col + c)} on "${ownSheet}" below it is not empty.`,
            `Move the content below the table further down (or to another sheet), then load the deals again.`,
          );
        }
      }
    }
    const moved = plan.some((p, i) => p.from !== undefined && p.from !== i) || plan.length !== oldRows;
    const writeUser = userCols > 0 && moved;

    // ---- sync 3: write ----
    context.application.suspendApiCalculationUntilNextSync();
    writeAssumptionNames(context, sheet, ownSheet, addr.row, assumptionNames, false);
    // Excel's Total Row is hidden for the write (the cells below move up with it, and Excel
    // keeps its formulas) and shown again after, below the new last deal: the table then grows
    // or shrinks by its data rows only, and no deal lands in the Total Row.
    if (totals) table.showTotals = false;
    if (newRows !== oldRows) {
      table.resize(sheet.getRangeByIndexes(addr.row, addr.col, newRows + 1, addr.cols));
    }
    const cells = reconciled(ownSheet, plan, old, addr.row, addr.col, readMemory(memorySetting));
    queueSaveMemory(context, "DEALS", cells.memory);
    writeTable(sheet, { headerRow: addr.row, col0: addr.col, oldRows, userCols, plan, old, writeUser, own: cells.own });
    if (newRows < oldRows) {
      // Rows that left the table held only the add-in's cells or content now moved up.
      sheet.getRangeByIndexes(addr.row + 1 + newRows, addr.col, oldRows - newRows, addr.cols).clear("Contents");
      sheet.getRangeByIndexes(addr.row + 1 + newRows, addr.col + COL.source, oldRows - newRows, 1).clear("Hyperlinks");
    }
    if (totals) table.showTotals = true;
    showWritten(sheet, addr.row, addr.col, newRows + 1, addr.cols);
    await context.sync();
    const notices: string[] = cells.kept.map((k) => `Kept your value in ${k}.`);
    if (renamedTable !== undefined) notices.push(`Found the deal table under its new name ${renamedTable}.`);
    if (kept > 0)
      notices.push(
        `${kept} row(s) whose deal is no longer in the list were kept because your columns hold content in them (Status says so).`,
      );
    return {
      sheetName: ownSheet,
      tableName,
      created: false,
      dealCount: deals.length,
      keptRows: kept,
      userColumns: header.slice(N_OWN, addr.cols),
      keptCells: cells.kept,
      notices,
      address: absoluteRef(ownSheet, addr.row, addr.col, newRows + 1, addr.cols)
        .slice(1)
        .replace(/\$/g, ""),
    };
  });
}

interface TablePlan {
  readonly headerRow: number;
  readonly col0: number;
  readonly oldRows: number;
  readonly userCols: number;
  readonly plan: readonly RowPlan[];
  readonly old: OldTable | undefined;
  /** Rewrite the user's columns (their rows moved). */
  readonly writeUser: boolean;
  /** The add-in's cells of each body row, after the reconcile. */
  readonly own: CellInput[][];
}

/** The add-in's cells of each body row: a deal's row, or a kept row's data as last written. */
function ownRowsOf(
  plan: readonly RowPlan[],
  old: OldTable | undefined,
  headerRow: number,
  col0: number,
): CellInput[][] {
  const restatedBy = new Map<string, string>();
  for (const p of plan) {
    const d = p.deal;
    if (d?.relation === "restatement" && d.parentId !== undefined) restatedBy.set(d.parentId.toUpperCase(), d.id);
  }
  return plan.map((p, i) => {
    const row = headerRow + 1 + i;
    if (p.deal !== undefined) return dealRowCells(p.deal, row, col0, restatedBy.get(p.deal.id.toUpperCase()));
    // A kept row: its data as last written, formulas for its new row, and the status.
    const from = p.from as number;
    const data = (old as OldTable).values[1 + from].slice(0, N_DATA).map(constantCell);
    return [...data, ...dealFormulaCells(row, col0), asText(KEPT_STATUS)];
  });
}

/**
 * The rows to write after the reconcile (a user's change to an add-in cell kept), with the
 * memory to save and the kept cells' addresses.
 */
function reconciled(
  sheetName: string,
  plan: readonly RowPlan[],
  old: OldTable | undefined,
  headerRow: number,
  col0: number,
  memory: Readonly<Record<string, string>>,
): DealsCellsPlan {
  const own = ownRowsOf(plan, old, headerRow, col0);
  const rows = plan.map((p) => ({
    id: p.deal?.id ?? String((old as OldTable).values[1 + (p.from as number)][COL.id]),
    from: p.from,
  }));
  return reconcileDeals(sheetName, headerRow, col0, own, rows, old, memory);
}

/** Header (first load), the add-in's block, number formats, hyperlinks and, when rows moved, the user's block. */
function writeTable(sheet: Excel.Worksheet, t: TablePlan): void {
  const { headerRow, col0, plan, old } = t;
  const rows = plan.length;
  if (old === undefined) {
    const header = sheet.getRangeByIndexes(headerRow, col0, 1, N_OWN);
    header.values = [DEALS_TABLE_HEADERS.map(asText)];
    header.format.font.bold = true;
  }
  const own = t.own;
  const body = sheet.getRangeByIndexes(headerRow + 1, col0, rows, N_OWN);
  body.formulas = own;
  const formats = ownColumnFormats();
  body.numberFormat = Array.from({ length: rows }, () => formats);

  if (t.writeUser && old !== undefined) {
    // A new row gets each user column's calculated formula, as Excel fills a table column.
    const calculated = calculatedColumns(old, t.userCols);
    const user: CellInput[][] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const from = plan[i].from;
      const line: CellInput[] = new Array(t.userCols);
      for (let c = 0; c < t.userCols; c++) {
        const calc = calculated[c];
        line[c] =
          from !== undefined
            ? movedUserCell(
                old.formulas[1 + from][N_OWN + c],
                old.values[1 + from][N_OWN + c],
                headerRow + 1 + from,
                headerRow + 1 + i,
              )
            : calc !== undefined
              ? shiftFormulaRows(calc, headerRow + 1 + i)
              : "";
      }
      user[i] = line;
    }
    sheet.getRangeByIndexes(headerRow + 1, col0 + N_OWN, rows, t.userCols).formulas = user;
  }

  // Source links: cleared on the whole column, then set where a deal has an https URL.
  sheet.getRangeByIndexes(headerRow + 1, col0 + COL.source, Math.max(rows, t.oldRows), 1).clear("Hyperlinks");
  for (let i = 0; i < rows; i++) {
    const url = plan[i].deal?.sourceUrl;
    if (url === undefined) continue;
    sheet.getRangeByIndexes(headerRow + 1 + i, col0 + COL.source, 1, 1).hyperlink = { address: url, screenTip: url };
  }
}

/** Zero-based sheet row of the table header on a sheet the add-in created. */
export const DEALS_TABLE_HEADER_ROW = TABLE_HEADER_ROW;

export {
  DEALS_ASSUMPTIONS,
  DEALS_SHEET,
  DEALS_TABLE,
  DEALS_TABLE_HEADERS,
  FORMULA_HEADERS,
  NUMBER_FORMATS,
  STATUS_HEADER,
  dealsColumnLetter,
  type Assumption,
} from "./dealsColumns";
