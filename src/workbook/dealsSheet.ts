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
 * The sheet is declared (DEALS_SHEET_DECL, dealsLayout.ts) and written by the shared writer
 * (declared/writer.ts, declared/table.ts): two syncs on first load, three on reload, whatever
 * the row count. Rows follow their deal id; a cell of the add-in's columns the user changed
 * (a corrected tenant, a note, an overridden escalator or formula) is kept, moved with its
 * deal, never re-formatted or re-linked, and reported; the user's columns right of the table
 * move with their deal's row; a row whose deal left the list is kept, marked in Status, when
 * the user's columns hold their work in it; a Total Row the user turned on stays below the
 * last deal. The assumption values the user edited are kept.
 */
import type { Deal } from "../deals/schema";
import { DEALS_SHEET_DECL, checkAssumptionNames, loadAssumptionNames, writeAssumptionNames } from "./dealsLayout";
import { writeDeclaredSheet } from "./declared/writer";
import { WorkbookError } from "./errors";
import type { LoadDealsOptions, LoadDealsResult } from "./dealsTypes";

export type { LoadDealsOptions, LoadDealsResult } from "./dealsTypes";

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

/**
 * Writes `deals` to the add-in's Deals table (creating the sheet on first use). Constant
 * syncs whatever the row count: 2 on first load, 3 on reload. Throws WorkbookError.
 */
export async function loadDeals(deals: readonly Deal[], options: LoadDealsOptions = {}): Promise<LoadDealsResult> {
  checkDeals(deals);
  const r = await writeDeclaredSheet(
    DEALS_SHEET_DECL,
    deals,
    { run: options.run, sheetName: options.sheetName, what: "Loading the deals" },
    {
      prepare: loadAssumptionNames,
      checkPrepared: checkAssumptionNames,
      finish: writeAssumptionNames,
    },
  );
  const table = r.table;
  if (table === undefined) throw new Error("internal error: the Deals sheet has no table block");
  const notices = [...r.notices];
  if (table.keptRows > 0)
    notices.push(
      `${table.keptRows} row(s) whose deal is no longer in the list were kept because your columns hold content in them (Status says so).`,
    );
  return {
    sheetName: r.sheetName,
    tableName: table.name,
    created: r.created,
    ...(r.renamedBecause ? { renamedBecause: r.renamedBecause } : {}),
    dealCount: deals.length,
    keptRows: table.keptRows,
    userColumns: table.userColumns,
    ...(r.created ? {} : { keptCells: r.kept }),
    notices,
    address: r.address,
  };
}

/** Zero-based sheet row of the table header on a sheet the add-in created. */
export { TABLE_HEADER_ROW as DEALS_TABLE_HEADER_ROW } from "./dealsColumns";

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
