/**
 * The Comps sheet: one column per company, every number a live formula; the sum of the parts
 * per diluted share, the credit rows and two charts. The rows are declared in compsRows.ts,
 * their formula templates in compsFormulas.ts, the deal detail in compsDetail.ts, the sheet's
 * blocks and charts in compsDecl.ts; the shared declared writer (declared/writer.ts) writes it.
 *
 * Rebuild (at most 3 syncs, 2 on a new sheet): the company columns follow the selection, the
 * analyst's cells (inputs, and any assumption or metric typed over) moving with their company,
 * kept with their formats and reported ("Kept your value in Comps!C31"); a company dropped from
 * the selection keeps its column while it holds the analyst's cells (the writer's `revise`
 * hook). Cells the sheet grows into must be empty. The charts are found by name and updated in
 * place. This module adds what is Comps' own: resolving the selection, the scenario selector's
 * drop-down (a data-validation list, ExcelApi 1.8), and the check that the blocks are where the
 * position-based formula templates need them.
 */
import { companyStore } from "../companies/store";
import { effectiveDeals } from "../deals/query";
import type { Deal } from "../deals/schema";
import { COMPS_DECL, companyKey, type CompanyColumn, type CompsInput } from "./compsDecl";
import { D, DETAIL_FIRST_ROW, DETAIL_HEADER_ROW } from "./compsDetail";
import { COMPS_CHARTS, COMPS_ROWS, FIRST_COMPANY_COL, ROW, SCENARIOS } from "./compsRows";
import { memoryAfter } from "./declared/moves";
import { cellAt, LayoutProblem, type Placement, type SheetRead } from "./declared/sheet";
import { writeDeclaredSheet, type UserCell } from "./declared/writer";
import { WorkbookError } from "./errors";
import type { ExcelRun } from "./run";
import { isOwnComment } from "./sheets";

export { COMPS_ROWS } from "./compsRows";
export { DETAIL_HEADERS } from "./compsDetail";
export { defaultCompanyCell } from "./compsFormulas";
export { shiftFormulaColumns } from "./declared/moves";
export type { CompanyColumn } from "./compsDecl";
export const COMPS_SHEET = "Comps";
/** The first chart's name (value by part); all charts are in COMPS_CHART_NAMES. */
export const COMPS_CHART = COMPS_CHARTS[0].name;
export const COMPS_CHART_NAMES: readonly string[] = COMPS_CHARTS.map((c) => c.name);
/** The range marker name earlier versions kept; removed on a rebuild (the writer's memory replaces it). */
const OLD_RANGE_MARKER = "PIVOT__COMPS_RANGE";

export interface BuildCompsOptions {
  readonly run?: ExcelRun;
  readonly sheetName?: string;
}

export interface BuildCompsResult {
  readonly sheetName: string;
  readonly created: boolean;
  readonly renamedBecause?: string;
  /** Companies in column order (selected, then any kept for the analyst's cells). */
  readonly companies: readonly CompanyColumn[];
  /** Tickers kept although not selected, because their column holds the analyst's cells. */
  readonly keptCompanies: readonly string[];
  readonly address: string;
  readonly chartName: string;
  /** Every chart of the sheet (value by part; rent vs break-even). */
  readonly chartNames: readonly string[];
  /** Cells the analyst had changed, kept as they were ("Comps!C31"). */
  readonly kept: readonly string[];
  readonly notices: readonly string[];
}

/** Resolves the selection (tickers or names, any case) against the deals; throws WorkbookError("input"). */
export function resolveCompanies(
  selection: readonly string[],
  deals: readonly Deal[],
  fundamentals: readonly { ticker: string; name: string }[] = companyStore().current,
): CompanyColumn[] {
  if (selection.length === 0)
    throw new WorkbookError(
      "input",
      "No company is selected.",
      "Pick at least one company in the Comps panel, then build again.",
    );
  const out: CompanyColumn[] = [];
  for (const s of selection) {
    const want = s.trim().toLowerCase();
    // A company with deals, or one the company data covers (its column then has no contracted HPC).
    const d =
      deals.find((x) => x.ticker.toLowerCase() === want || x.company.toLowerCase() === want) ??
      fundamentals
        .filter((x) => x.ticker.toLowerCase() === want || x.name.toLowerCase() === want)
        .map((x) => ({ ticker: x.ticker, company: x.name }))[0];
    if (d === undefined) {
      const known = [...new Set([...deals.map((x) => x.ticker), ...fundamentals.map((x) => x.ticker)])].join(", ");
      throw new WorkbookError(
        "input",
        `"${s}" is not a company in the deal list or the company data (${known}).`,
        "Pick companies from the list in the Comps panel, then build again.",
      );
    }
    if (!out.some((c) => c.ticker.toUpperCase() === d.ticker.toUpperCase()))
      out.push({ ticker: d.ticker, company: d.company });
  }
  return out;
}

/** The input for these company columns: their effective deals (a restated parent replaced), in company order. */
function inputOf(companies: readonly CompanyColumn[], deals: readonly Deal[]): CompsInput {
  const effective = effectiveDeals(deals);
  return {
    companies,
    deals: companies.flatMap((c) => effective.filter((d) => d.ticker.toUpperCase() === c.ticker.toUpperCase())),
  };
}

/** Companies of the last build, not selected now, whose columns hold any of the analyst's cells (in their old order). */
function companiesToKeep(input: CompsInput, userCells: readonly UserCell[] | undefined): CompanyColumn[] {
  const selected = new Set(input.companies.map((c) => companyKey(c.ticker).toUpperCase()));
  const out: CompanyColumn[] = [];
  for (const u of userCells ?? []) {
    if (!u.column.startsWith("co:") || selected.has(u.column.toUpperCase())) continue;
    if (!out.some((c) => companyKey(c.ticker) === u.column)) out.push({ ticker: u.column.slice(3), company: u.header });
  }
  return out;
}

/** The formula templates address cells by position: each block must be where the declaration puts it. */
function checkPlaces(places: ReadonlyMap<string, Placement>): void {
  const comps = places.get("comps");
  const detail = places.get("detail");
  if (comps?.headerRow !== ROW.company || comps.cols[0] !== 0 || detail?.headerRow !== DETAIL_HEADER_ROW)
    throw new LayoutProblem(
      "the comps block has moved (rows or columns were inserted or deleted above or left of it, or inside it), and its formulas need it where it was written",
    );
}

/**
 * What an earlier version's build wrote on a Comps sheet it left without the writer's memory:
 * rebuilt from its companies (the name and ticker rows) and its deal ids (the detail rows), so
 * the first rebuild moves its columns and rows as any other; undefined when the sheet does not
 * read as such a build (its cells are then compared in place).
 */
function priorBuild(read: SheetRead): ReturnType<typeof memoryAfter<CompsInput>> | undefined {
  if (cellAt(read, ROW.company, 0) !== COMPS_ROWS[ROW.company].label) return undefined;
  const companies: CompanyColumn[] = [];
  for (let c = FIRST_COMPANY_COL; ; c++) {
    const ticker = cellAt(read, ROW.ticker, c);
    if (typeof ticker !== "string" || ticker === "") break;
    companies.push({ ticker, company: String(cellAt(read, ROW.company, c)) });
  }
  // Only a deal's id and ticker enter what the detail row held (compsDetail.ts detailRowCells).
  const deals: Deal[] = [];
  for (let r = DETAIL_FIRST_ROW; ; r++) {
    const id = cellAt(read, r, D["Deal ID"]);
    if (typeof id !== "string" || id === "") break;
    deals.push({ id, ticker: String(cellAt(read, r, D.Ticker)) } as Deal);
  }
  const tickers = new Set(companies.map((c) => c.ticker.toUpperCase()));
  if (companies.length === 0 || deals.some((d) => !tickers.has(d.ticker.toUpperCase()))) return undefined;
  return memoryAfter(COMPS_DECL, { companies, deals });
}

/**
 * Builds (or rebuilds) the Comps sheet for `companies` (tickers or names) over `deals` (the
 * current deal list). Throws WorkbookError.
 */
export async function buildComps(
  companies: readonly string[],
  deals: readonly Deal[],
  options: BuildCompsOptions = {},
): Promise<BuildCompsResult> {
  const selected = resolveCompanies(companies, deals);
  let keptCompanies: CompanyColumn[] = [];
  let written: readonly CompanyColumn[] = selected;
  const r = await writeDeclaredSheet(
    COMPS_DECL,
    inputOf(selected, deals),
    { run: options.run, what: "Building the comps", sheetName: options.sheetName ?? COMPS_SHEET },
    {
      prepare: (context) => context.workbook.names.getItemOrNullObject(OLD_RANGE_MARKER).load("comment"),
      revise: (input, userCells) => {
        keptCompanies = companiesToKeep(input, userCells.get("comps"));
        if (keptCompanies.length === 0) return input;
        written = [...input.companies, ...keptCompanies];
        return inputOf(written, deals);
      },
      check: checkPlaces,
      prior: priorBuild,
      finish: (context, at, oldMarker) => {
        // The selector: a drop-down of the scenarios, reapplied so a rebuild restores it.
        const row = at.places.get("comps")?.rows.get("scenario");
        const col = at.places.get("comps")?.cols[1];
        if (row === undefined || col === undefined) throw new Error("internal error: no scenario selector placed");
        const selector = at.sheet.getRangeByIndexes(row, col, 1, 1);
        selector.dataValidation.clear();
        selector.dataValidation.rule = { list: { inCellDropDown: true, source: SCENARIOS.join(",") } };
        if (!oldMarker.isNullObject && isOwnComment(oldMarker.comment))
          context.workbook.names.getItem(OLD_RANGE_MARKER).delete();
      },
    },
  );
  const notices: string[] = [];
  if (r.renamedBecause) notices.push(r.renamedBecause);
  if (r.kept.length > 0)
    notices.push(
      `Kept your value in ${r.kept.slice(0, 8).join(", ")}${r.kept.length > 8 ? ` and ${r.kept.length - 8} more cells` : ""}.`,
    );
  if (keptCompanies.length > 0)
    notices.push(
      `Kept ${keptCompanies.map((c) => c.ticker).join(", ")} although not selected: their columns hold cells you changed (inputs, assumptions or overrides). Clear those cells to drop them.`,
    );
  return {
    sheetName: r.sheetName,
    created: r.created,
    ...(r.renamedBecause ? { renamedBecause: r.renamedBecause } : {}),
    companies: written,
    keptCompanies: keptCompanies.map((c) => c.ticker),
    address: r.address,
    chartName: COMPS_CHART,
    chartNames: COMPS_CHART_NAMES,
    kept: r.kept,
    notices,
  };
}

/** Zero-based row of a Comps row key (for tests and the task pane). */
export function compsRow(key: string): number {
  const r = ROW[key];
  if (r === undefined) throw new Error(`no comps row ${key}`);
  return r;
}

export const COMPS_DETAIL_FIRST_ROW = DETAIL_FIRST_ROW;
export const COMPS_FIRST_COMPANY_COL = FIRST_COMPANY_COL;
