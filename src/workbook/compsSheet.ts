/**
 * The Comps sheet: one column per company, every number a live formula; the sum of the parts
 * per diluted share, the credit rows and two charts. The rows are declared in compsRows.ts,
 * their formula templates in compsFormulas.ts, the deal detail in compsDetail.ts; this module
 * lays them out and writes them.
 *
 * Rebuild: the analyst's cells (inputs, and any assumption or metric typed over) stay with
 * their company and are reported ("kept your value in Comps!C31"); a company dropped from the
 * selection keeps its column when it holds the analyst's cells. Cells the sheet would grow into
 * must be empty. The charts are updated in place. Syncs: 2 on first build, 3 after.
 */
import { companyStore } from "../companies/store";
import { effectiveDeals } from "../deals/query";
import type { Deal } from "../deals/schema";
import { cell, columnLetters, parseAddress } from "./a1";
import { asText, type CellInput } from "./cells";
import { D, DETAIL_FIRST_ROW, DETAIL_FORMATS, DETAIL_HEADER_ROW, DETAIL_HEADERS, detailRowCells } from "./compsDetail";
import { baseCell, defaultCompanyCell } from "./compsFormulas";
import { COMPS_CHARTS, COMPS_ROWS, FIRST_COMPANY_COL, ROW, SCENARIOS } from "./compsRows";
import { WorkbookError } from "./errors";
import { runBatch, type ExcelRun } from "./run";
import {
  absoluteRef,
  freeSheetName,
  isOwnComment,
  queueCreateSheet,
  queueSheetLookup,
  readSheetLookup,
} from "./sheets";

export { COMPS_ROWS } from "./compsRows";
export { DETAIL_HEADERS } from "./compsDetail";
export { defaultCompanyCell } from "./compsFormulas";
export const COMPS_SHEET = "Comps";
/** The first chart's name (value by part); all charts are in COMPS_CHART_NAMES. */
export const COMPS_CHART = COMPS_CHARTS[0].name;
export const COMPS_CHART_NAMES: readonly string[] = COMPS_CHARTS.map((c) => c.name);
const RANGE_MARKER = "PIVOT__COMPS_RANGE";

export interface CompanyColumn {
  readonly ticker: string;
  readonly company: string;
}

export interface CompsLayout {
  readonly cells: CellInput[][];
  readonly formats: string[][];
  readonly rows: number;
  readonly cols: number;
  readonly companies: readonly CompanyColumn[];
  readonly detailCount: number;
  /** Addresses of the cells holding the analyst's kept content ("C31"). */
  readonly kept: readonly string[];
}

/** Rows whose cells (column B and company columns) the analyst may type over and keep. */
const KEEPABLE = new Set(
  COMPS_ROWS.filter(
    (r) => r.kind === "assumption" || r.kind === "input" || r.kind === "metric" || r.kind === "scenario",
  ).map((r) => r.key),
);

/**
 * The whole Comps block. `kept(key, ticker)` returns the analyst's content for a cell of
 * row `key` in the company's column (column B when `ticker` is undefined), if any (from the
 * previous build), else undefined.
 */
export function compsLayout(
  companies: readonly CompanyColumn[],
  deals: readonly Deal[],
  kept: (key: string, ticker: string | undefined) => CellInput | undefined = () => undefined,
): CompsLayout {
  const cols = Math.max(FIRST_COMPANY_COL + companies.length, DETAIL_HEADERS.length);
  const detail = deals;
  const rows = DETAIL_FIRST_ROW + detail.length;
  const cells: CellInput[][] = Array.from({ length: rows }, () => new Array<CellInput>(cols).fill(""));
  const formats: string[][] = Array.from({ length: rows }, () => new Array<string>(cols).fill("General"));
  const keptAt: string[] = [];
  COMPS_ROWS.forEach((spec, r) => {
    cells[r][0] = asText(spec.label);
    if (spec.kind === "header") {
      cells[r][1] = asText("Defaults");
      companies.forEach((c, k) => (cells[r][FIRST_COMPANY_COL + k] = asText(c.company)));
      return;
    }
    if (spec.kind === "ticker") {
      companies.forEach((c, k) => (cells[r][FIRST_COMPANY_COL + k] = asText(c.ticker)));
      return;
    }
    if (!KEEPABLE.has(spec.key)) return;
    // The chart's source starts in column B: series names there, tickers in the header row.
    const own = (ticker: string | undefined, col: number): CellInput | undefined => {
      const k = kept(spec.key, ticker);
      if (k !== undefined) keptAt.push(cell(r, col));
      return k;
    };
    cells[r][1] = own(undefined, 1) ?? baseCell(spec.key, detail.length);
    if (spec.kind === "assumption" || spec.kind === "scenario") formats[r][1] = spec.format ?? "General";
    companies.forEach((c, k) => {
      const col = FIRST_COMPANY_COL + k;
      cells[r][col] = own(c.ticker, col) ?? defaultCompanyCell(spec.key, col, detail.length);
      formats[r][col] = spec.format ?? "General";
    });
  });
  DETAIL_HEADERS.forEach((h, c) => (cells[DETAIL_HEADER_ROW][c] = asText(h)));
  const colOf = new Map(companies.map((c, k) => [c.ticker.toUpperCase(), FIRST_COMPANY_COL + k]));
  detail.forEach((deal, i) => {
    const row = DETAIL_FIRST_ROW + i;
    const companyCol = colOf.get(deal.ticker.toUpperCase());
    if (companyCol === undefined) throw new Error(`internal error: deal ${deal.id} has no company column`);
    cells[row] = [
      ...detailRowCells(deal, row, companyCol),
      ...new Array<CellInput>(cols - DETAIL_HEADERS.length).fill(""),
    ];
    formats[row] = [
      ...DETAIL_HEADERS.map((h) => DETAIL_FORMATS[h]),
      ...new Array<string>(cols - DETAIL_HEADERS.length).fill("General"),
    ];
  });
  return { cells, formats, rows, cols, companies, detailCount: detail.length, kept: keptAt };
}

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

/** A cell read back, as input that writes the same content. */
function contentOf(formula: unknown, value: unknown): CellInput {
  if (typeof formula === "string" && formula.startsWith("=") && formula !== value) return formula;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string") return asText(value);
  return "";
}

function sameContent(a: CellInput, b: CellInput): boolean {
  return (
    a === b ||
    (typeof a === "string" &&
      typeof b === "string" &&
      a.replace(/^'/, "") === b.replace(/^'/, "") &&
      !a.startsWith("=") &&
      !b.startsWith("="))
  );
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
  const base = options.sheetName ?? COMPS_SHEET;
  return runBatch(options.run, "Building the comps", async (context) => {
    // ---- sync 1: the add-in's sheet and the range it wrote last time ----
    const lookup = queueSheetLookup(context, "COMPS");
    const rangeMarker = context.workbook.names.getItemOrNullObject(RANGE_MARKER);
    rangeMarker.load("formula,comment");
    await context.sync();
    const found = readSheetLookup(lookup);
    const created = found.ownSheet === undefined;
    const sheetName = found.ownSheet ?? freeSheetName(base, found.sheetNames);

    let columns = selected;
    let keptCompanies: string[] = [];
    let kept: (key: string, ticker: string | undefined) => CellInput | undefined = () => undefined;
    let oldRect: ReturnType<typeof parseAddress> | undefined;
    let chartsThere = new Set<string>();
    let sheet: Excel.Worksheet;

    if (created) {
      context.application.suspendApiCalculationUntilNextSync();
      sheet = queueCreateSheet(context, "COMPS", sheetName, found, "Comps sheet");
    } else {
      // ---- sync 2: the previous block, the area the new block needs, our chart ----
      sheet = context.workbook.worksheets.getItem(sheetName);
      const previousAddress =
        !rangeMarker.isNullObject &&
        isOwnComment(rangeMarker.comment) &&
        typeof rangeMarker.formula === "string" &&
        !rangeMarker.formula.includes("#REF!")
          ? rangeMarker.formula.replace(/^=/, "")
          : undefined;
      oldRect = previousAddress !== undefined ? parseAddress(previousAddress) : undefined;
      const old =
        oldRect !== undefined
          ? sheet.getRangeByIndexes(oldRect.row, oldRect.col, oldRect.rows, oldRect.cols)
          : undefined;
      old?.load("formulas,values");
      // The most the new block can cover: every deal's detail row, and a column for each
      // selected company plus each company of the previous build (kept for the analyst's cells).
      const maxRows = Math.max(DETAIL_FIRST_ROW + deals.length, oldRect ? oldRect.row + oldRect.rows : 0);
      const maxCols = Math.max(DETAIL_HEADERS.length, FIRST_COMPANY_COL + selected.length + (oldRect?.cols ?? 0));
      const area = sheet.getRangeByIndexes(0, 0, maxRows, maxCols);
      area.load("formulas");
      const charts = sheet.charts.load("items/name");
      await context.sync();

      if (old !== undefined && oldRect !== undefined) {
        const f = old.formulas as unknown[][];
        const v = old.values as unknown[][];
        if (oldRect.row !== 0 || oldRect.col !== 0) {
          throw new WorkbookError(
            "layout",
            `The comps block on "${sheetName}" has moved (rows or columns were inserted above or left of it).`,
            `Rename the sheet "${sheetName}" to keep it as it is, then build again to get a fresh Comps sheet.`,
          );
        }
        COMPS_ROWS.forEach((spec, r) => {
          const label = String(v[r]?.[0] ?? "");
          if (label !== spec.label) {
            throw new WorkbookError(
              "layout",
              `Row ${r + 1} of "${sheetName}" should be "${spec.label}" but is "${label}": rows of the comps were inserted, deleted or edited.`,
              `Rename the sheet "${sheetName}" to keep it as it is, then build again to get a fresh Comps sheet.`,
            );
          }
        });
        // What the add-in wrote last time, rebuilt from the old companies and detail rows.
        const oldTickers: string[] = [];
        for (let c = FIRST_COMPANY_COL; c < oldRect.cols; c++) {
          const t = v[ROW.ticker]?.[c];
          if (typeof t === "string" && t !== "") oldTickers.push(t);
        }
        const oldCompanies = oldTickers.map((t, k) => ({
          ticker: t,
          company: String(v[ROW.company][FIRST_COMPANY_COL + k] ?? t),
        }));
        const oldDeals: Deal[] = [];
        for (let r = DETAIL_FIRST_ROW; r < oldRect.rows; r++) {
          oldDeals.push({ ticker: String(v[r][D.Ticker]), id: String(v[r][D["Deal ID"]]) } as Deal);
        }
        let previous: CompsLayout;
        try {
          previous = compsLayout(oldCompanies, oldDeals);
        } catch {
          throw new WorkbookError(
            "layout",
            `The deal detail rows on "${sheetName}" were edited: their tickers no longer match the company columns.`,
            `Rename the sheet "${sheetName}" to keep it as it is, then build again to get a fresh Comps sheet.`,
          );
        }
        // Every cell that differs from what the add-in wrote is the analyst's: in an
        // assumption, input or metric row of column B or a company column it is kept (and
        // moves with its company); anywhere else in the block the build stops rather than
        // overwrite it.
        const own = new Map<string, CellInput>();
        for (let r = 0; r < oldRect.rows; r++) {
          for (let c = 0; c < oldRect.cols; c++) {
            const content = contentOf(f[r]?.[c], v[r]?.[c]);
            if (sameContent(content, previous.cells[r]?.[c] ?? "")) continue;
            const spec = COMPS_ROWS[r];
            const keepable =
              spec !== undefined &&
              KEEPABLE.has(spec.key) &&
              (c === 1 || (c >= FIRST_COMPANY_COL && c < FIRST_COMPANY_COL + oldTickers.length));
            if (!keepable) {
              throw new WorkbookError(
                "layout",
                `${cell(r, c)} on "${sheetName}" holds content the comps did not write, inside the area they use.`,
                `Move that content outside the comps (below the deal detail or right of it), then build again.`,
              );
            }
            own.set(`${spec.key}|${c === 1 ? "" : oldTickers[c - FIRST_COMPANY_COL].toUpperCase()}`, content);
          }
        }
        // Companies dropped from the selection keep their column when it holds the analyst's cells.
        const selectedSet = new Set(selected.map((c) => c.ticker.toUpperCase()));
        const extra = oldCompanies.filter(
          (c) =>
            !selectedSet.has(c.ticker.toUpperCase()) &&
            [...own.keys()].some((key) => key.endsWith(`|${c.ticker.toUpperCase()}`)),
        );
        keptCompanies = extra.map((c) => c.ticker);
        columns = [...selected, ...extra];
        const newColOf = new Map(columns.map((c, k) => [c.ticker.toUpperCase(), FIRST_COMPANY_COL + k]));
        const oldColOf = new Map(oldTickers.map((t, k) => [t.toUpperCase(), FIRST_COMPANY_COL + k]));
        kept = (key, ticker) => {
          const content = own.get(`${key}|${ticker?.toUpperCase() ?? ""}`);
          if (content === undefined || ticker === undefined || typeof content !== "string" || !content.startsWith("="))
            return content;
          // The analyst's own formula moves with its company's column: shift like a copy would.
          const from = oldColOf.get(ticker.toUpperCase()) as number;
          const to = newColOf.get(ticker.toUpperCase()) as number;
          return shiftFormulaColumns(content, to - from);
        };
      }
      const layoutCheck = compsLayout(columns, dealsOf(columns, deals), kept);
      // Cells the new block grows into (outside the previous block) must be empty.
      const areaFormulas = area.formulas as unknown[][];
      for (let r = 0; r < layoutCheck.rows; r++) {
        for (let c = 0; c < layoutCheck.cols; c++) {
          const inOld = oldRect !== undefined && r < oldRect.rows && c < oldRect.cols;
          if (inOld) continue;
          const x = areaFormulas[r]?.[c];
          if (x !== "" && x !== null && x !== undefined) {
            throw new WorkbookError(
              "layout",
              `The comps need ${cell(r, c)} on "${sheetName}", which holds other content.`,
              `Move that content (the comps grow down and to the right as companies and deals are added), then build again.`,
            );
          }
        }
      }
      context.application.suspendApiCalculationUntilNextSync();
      chartsThere = new Set(charts.items.map((ch) => ch.name));
      // Contents only: the formats the user gave cells of the block stay (the add-in's cells get theirs again below).
      if (oldRect !== undefined)
        sheet.getRangeByIndexes(oldRect.row, oldRect.col, oldRect.rows, oldRect.cols).clear("Contents");
    }

    // ---- last sync: write the block, styles, the range marker and the chart ----
    const layout = compsLayout(columns, dealsOf(columns, deals), kept);
    const block = sheet.getRangeByIndexes(0, 0, layout.rows, layout.cols);
    block.formulas = layout.cells;
    block.numberFormat = layout.formats;
    styleBlock(sheet, layout);
    if (!rangeMarker.isNullObject) context.workbook.names.getItem(RANGE_MARKER).delete();
    const marker = context.workbook.names.add(RANGE_MARKER, block, "PivotLens: the range the Comps build wrote last");
    marker.visible = false;
    for (const spec of COMPS_CHARTS) {
      const categories = sheet.getRangeByIndexes(ROW[spec.header], FIRST_COMPANY_COL, 1, columns.length);
      if (chartsThere.has(spec.name)) {
        // Updated in place (series values, names and categories): the user's chart formatting,
        // size, position and title stay.
        const chart = sheet.charts.getItem(spec.name);
        spec.series.forEach((key, i) => {
          const s = chart.series.getItemAt(i);
          s.name = COMPS_ROWS[ROW[key]].label;
          s.setValues(sheet.getRangeByIndexes(ROW[key], FIRST_COMPANY_COL, 1, columns.length));
          s.setXAxisValues(categories);
        });
      } else {
        const source = sheet.getRangeByIndexes(ROW[spec.header], 1, 1 + spec.series.length, 1 + columns.length);
        const chart = sheet.charts.add(spec.type as Excel.ChartType, source, "Rows");
        chart.name = spec.name;
        chart.title.text = spec.title;
        const k = COMPS_CHARTS.indexOf(spec);
        chart.setPosition(
          cell(ROW.company + 16 * k, layout.cols + 1),
          cell(ROW.company + 16 * k + 14, layout.cols + 8),
        );
      }
    }
    sheet.activate();
    block.select();
    await context.sync();

    const notices: string[] = [];
    const renamed =
      created && sheetName !== base
        ? `A sheet named "${base}" already exists and was not created by PivotLens, so the comps went to "${sheetName}".`
        : undefined;
    if (renamed) notices.push(renamed);
    if (layout.kept.length > 0)
      notices.push(
        `Kept your value in ${layout.kept
          .slice(0, 8)
          .map((a) => `${sheetName}!${a}`)
          .join(", ")}${layout.kept.length > 8 ? ` and ${layout.kept.length - 8} more cells` : ""}.`,
      );
    if (keptCompanies.length > 0)
      notices.push(
        `Kept ${keptCompanies.join(", ")} although not selected: their columns hold your inputs or assumptions. Clear those cells to drop them.`,
      );
    return {
      sheetName,
      created,
      ...(renamed ? { renamedBecause: renamed } : {}),
      companies: columns,
      keptCompanies,
      address: absoluteRef(sheetName, 0, 0, layout.rows, layout.cols).slice(1).replace(/\$/g, ""),
      chartName: COMPS_CHART,
      chartNames: COMPS_CHART_NAMES,
      kept: layout.kept.map((a) => `${sheetName}!${a}`),
      notices,
    };
  });
}

/** The effective deals (a restated parent replaced) of the given companies, in company order then list order. */
function dealsOf(companies: readonly CompanyColumn[], deals: readonly Deal[]): Deal[] {
  const effective = effectiveDeals(deals);
  return companies.flatMap((c) => effective.filter((d) => d.ticker.toUpperCase() === c.ticker.toUpperCase()));
}

/** Moves relative column references by `delta` (an analyst's formula moving with its company's column). */
export function shiftFormulaColumns(formula: string, delta: number): string {
  if (delta === 0 || !formula.startsWith("=")) return formula;
  return formula.replace(
    /("(?:[^"]|"")*")|('(?:[^']|'')*'!)|(\[[^\]]*\])|(?<![A-Za-z0-9_.$])(\$?)([A-Za-z]{1,3})(\$?\d+)(?![A-Za-z0-9_.(])/g,
    (m, str, sheetQ, struct, colAbs: string, letters: string, rowPart: string) => {
      if (str !== undefined || sheetQ !== undefined || struct !== undefined) return m;
      if (colAbs === "$") return m;
      const idx = columnIndexOf(letters) + delta;
      return idx < 0 ? "#REF!" : `${columnLetters(idx)}${rowPart}`;
    },
  );
}

function columnIndexOf(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  return col - 1;
}

function styleBlock(sheet: Excel.Worksheet, layout: CompsLayout): void {
  const cols = layout.cols;
  sheet.getRangeByIndexes(0, 0, 1, 1).format.font.bold = true;
  for (const [r, spec] of COMPS_ROWS.entries()) {
    if (spec.kind === "section" || spec.kind === "header" || spec.kind === "ticker")
      sheet.getRangeByIndexes(r, 0, 1, cols).format.font.bold = true;
  }
  const firstAssumption = ROW.discount;
  const lastAssumption = ROW.btcPrice;
  const editable = sheet.getRangeByIndexes(
    firstAssumption,
    1,
    lastAssumption - firstAssumption + 1,
    1 + layout.companies.length,
  );
  editable.format.font.color = "#0000FF";
  const inputs = sheet.getRangeByIndexes(
    ROW.shares,
    FIRST_COMPANY_COL,
    ROW.sharePrice - ROW.shares + 1,
    Math.max(layout.companies.length, 1),
  );
  inputs.format.fill.color = "#FFF2CC";
  inputs.format.font.color = "#0000FF";
  sheet.getRangeByIndexes(DETAIL_HEADER_ROW, 0, 1, DETAIL_HEADERS.length).format.font.bold = true;
  for (const [r, spec] of COMPS_ROWS.entries())
    if (spec.kind === "scenario") sheet.getRangeByIndexes(r, 1, 1, 1).format.font.color = "#0000FF";
  // The selector: a drop-down of the scenarios (ExcelApi 1.8), on the input fill.
  const selector = sheet.getRangeByIndexes(ROW.scenario, 1, 1, 1);
  selector.format.fill.color = "#FFF2CC";
  selector.dataValidation.clear();
  selector.dataValidation.rule = { list: { inCellDropDown: true, source: SCENARIOS.join(",") } };
}

/** Zero-based row of a Comps row key (for tests and the task pane). */
export function compsRow(key: string): number {
  const r = ROW[key];
  if (r === undefined) throw new Error(`no comps row ${key}`);
  return r;
}

export const COMPS_DETAIL_FIRST_ROW = DETAIL_FIRST_ROW;
export const COMPS_FIRST_COMPANY_COL = FIRST_COMPANY_COL;
