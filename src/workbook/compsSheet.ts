/**
 * The Comps sheet: one column per company, every number a live formula.
 *
 * Layout (column A labels, column B the default assumptions, one column per company after):
 * - Assumptions. Each company cell starts as =$B$n (follows the default) until the analyst
 *   types over it. Hashprice comes from =PIVOT.MARKET("hashprice_usd_ph_day"). The mining
 *   horizon defaults to the company's MW-weighted lease term, so mining and leasing are
 *   compared over the same years.
 * - Contracted HPC: lease MW, lease contract value, other contracts (GPU cloud service and
 *   other), MW-weighted rent, lease NPV (sum over the company's leases), NPV per MW,
 *   mining NPV per MW (PIVOT.MINING_NPV_PER_MW), pivot break-even rent
 *   (PIVOT.PIVOT_BREAKEVEN_RENT), the HPC-to-mining value ratio, and a count of the
 *   company's deals PIVOT.DEAL no longer knows.
 * - Your inputs (EV, shares, net debt, BTC held): styled as inputs, never pre-filled.
 * - Derived: BTC price (PIVOT.MARKET), value per share = (lease NPV + BTC held × BTC price −
 *   net debt) ÷ shares (blank until shares, net debt and BTC held are filled), EV per
 *   contracted MW, lease NPV ÷ EV.
 * - Chart data and a clustered column chart: HPC lease NPV per MW against mining NPV per MW,
 *   by company.
 * - Deal detail: one row per deal, reading the deal with PIVOT.DEAL (so the sheet does not
 *   depend on the Deals sheet) and valuing it with HPC_IMPLIED_RENT / HPC_LEASE_NPV over its
 *   company's assumptions. The rows above sum it with SUMIFS by ticker.
 *
 * Rebuild: the analyst's cells (inputs, and any assumption typed over) stay with their
 * company; a company dropped from the selection keeps its column when it holds the analyst's
 * cells. Cells the sheet would grow into must be empty. Syncs: 2 on first build, 3 after.
 */
import type { Deal } from "../deals/schema";
import { cell, columnLetters, parseAddress } from "./a1";
import { asText, type CellInput } from "./cells";
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

export const COMPS_SHEET = "Comps";
export const COMPS_CHART = "PivotLens value per MW";
const RANGE_MARKER = "PIVOT__COMPS_RANGE";

const USD = '"$"#,##0';
const RENT = '"$"#,##0.00';
const PCT = "0.0%";

type RowKind = "title" | "note" | "blank" | "section" | "header" | "ticker" | "assumption" | "metric" | "input";

interface RowSpec {
  readonly key: string;
  readonly kind: RowKind;
  readonly label: string;
  readonly format?: string;
  /** Default of column B for assumption rows: a number or a formula. */
  readonly base?: number | string;
}

/** The fixed part of the sheet, top to bottom (zero-based row = index). */
export const COMPS_ROWS: readonly RowSpec[] = [
  { key: "title", kind: "title", label: "PivotLens comps: value per MW, mining vs HPC" },
  {
    key: "note",
    kind: "note",
    label:
      "Every number is a formula. Column B holds the default assumptions; a company's cell follows it until you type over it. Blue cells are yours.",
  },
  { key: "blank1", kind: "blank", label: "" },
  { key: "company", kind: "header", label: "Company" },
  { key: "ticker", kind: "ticker", label: "Ticker" },
  { key: "assumptions", kind: "section", label: "Assumptions" },
  { key: "discount", kind: "assumption", label: "Discount rate (effective annual)", format: PCT, base: 0.08 },
  { key: "noi", kind: "assumption", label: "NOI margin (where a deal states none)", format: PCT, base: 0.85 },
  {
    key: "escalator",
    kind: "assumption",
    label: "Rent escalator (stated rents without one; break-even)",
    format: PCT,
    base: 0.03,
  },
  {
    key: "capex",
    kind: "assumption",
    label: "HPC capex USD/MW (where a deal states none; break-even)",
    format: USD,
    base: 9_500_000,
  },
  { key: "build", kind: "assumption", label: "Build months before rent", format: "0", base: 0 },
  { key: "power", kind: "assumption", label: "Power price USD/kWh", format: "0.000", base: 0.05 },
  { key: "efficiency", kind: "assumption", label: "Fleet efficiency J/TH", format: "0.0", base: 20 },
  {
    key: "hashprice",
    kind: "assumption",
    label: "Hashprice USD/PH/day",
    format: RENT,
    base: '=PIVOT.MARKET("hashprice_usd_ph_day")',
  },
  { key: "growth", kind: "assumption", label: "Hashprice growth per year", format: PCT, base: 0 },
  { key: "uptime", kind: "assumption", label: "Mining uptime", format: PCT, base: 1 },
  { key: "poolFee", kind: "assumption", label: "Pool fee", format: PCT, base: 0.02 },
  {
    key: "horizon",
    kind: "assumption",
    label: "Mining horizon years (company: its MW-weighted lease term)",
    format: "0.0",
    base: 10,
  },
  { key: "blank2", kind: "blank", label: "" },
  { key: "hpc", kind: "section", label: "Contracted HPC" },
  { key: "mw", kind: "metric", label: "Contracted MW (leases)", format: "#,##0.0" },
  { key: "value", kind: "metric", label: "Contract value USD (leases)", format: USD },
  { key: "other", kind: "metric", label: "Other contracts USD (GPU cloud service, other)", format: USD },
  { key: "rent", kind: "metric", label: "MW-weighted rent USD/kW/month", format: RENT },
  { key: "npv", kind: "metric", label: "Lease NPV USD (sum of the company's leases, net of capex)", format: USD },
  { key: "npvPerMw", kind: "metric", label: "HPC lease NPV per MW USD", format: USD },
  { key: "miningPerMw", kind: "metric", label: "Mining NPV per MW USD", format: USD },
  { key: "breakeven", kind: "metric", label: "Pivot break-even rent USD/kW/month", format: RENT },
  { key: "ratio", kind: "metric", label: "HPC-to-mining value ratio (per MW)", format: "0.00" },
  { key: "missing", kind: "metric", label: "Deals PIVOT.DEAL no longer finds", format: "0" },
  { key: "blank3", kind: "blank", label: "" },
  { key: "yours", kind: "section", label: "Your inputs (from your terminal; never pre-filled)" },
  { key: "ev", kind: "input", label: "Enterprise value USD", format: USD },
  { key: "shares", kind: "input", label: "Shares outstanding", format: "#,##0" },
  { key: "netDebt", kind: "input", label: "Net debt USD", format: USD },
  { key: "btcHeld", kind: "input", label: "BTC held", format: "#,##0.00" },
  { key: "blank4", kind: "blank", label: "" },
  { key: "derived", kind: "section", label: "Derived" },
  {
    key: "btcPrice",
    kind: "assumption",
    label: "BTC price USD",
    format: '"$"#,##0.00',
    base: '=PIVOT.MARKET("btc_usd")',
  },
  {
    key: "perShare",
    kind: "metric",
    label: "Value per share USD ((lease NPV + BTC held × BTC price − net debt) ÷ shares)",
    format: '"$"#,##0.00',
  },
  { key: "evPerMw", kind: "metric", label: "EV per contracted MW USD", format: USD },
  { key: "npvToEv", kind: "metric", label: "Lease NPV ÷ EV", format: "0.00" },
  { key: "blank5", kind: "blank", label: "" },
  { key: "chart", kind: "section", label: "Chart data: value per MW, USD" },
  { key: "chartHeader", kind: "metric", label: "" },
  { key: "chartHpc", kind: "metric", label: "HPC lease NPV per MW", format: USD },
  { key: "chartMining", kind: "metric", label: "Mining NPV per MW", format: USD },
  { key: "blank6", kind: "blank", label: "" },
  {
    key: "detail",
    kind: "section",
    label: "Deal detail: each deal read with PIVOT.DEAL and valued over its company's assumptions",
  },
];

const ROW: Readonly<Record<string, number>> = Object.fromEntries(COMPS_ROWS.map((r, i) => [r.key, i]));
const DETAIL_HEADER_ROW = COMPS_ROWS.length;
/** The chart's series, in order: rows of the chart data block. */
const CHART_SERIES = ["chartHpc", "chartMining"] as const;
const DETAIL_FIRST_ROW = DETAIL_HEADER_ROW + 1;
const FIRST_COMPANY_COL = 2;

/** Deal detail columns. */
export const DETAIL_HEADERS = [
  "Ticker",
  "Deal ID",
  "Type",
  "MW",
  "Value USD",
  "Term years",
  "Stated rent USD/kW/month",
  "Stated escalator",
  "Margin low",
  "Margin high",
  "Capex USD/MW low",
  "Capex USD/MW high",
  "Rent used USD/kW/month",
  "Escalator used",
  "NOI margin used",
  "Capex USD/MW used",
  "Lease NPV USD",
  "In deal list",
  "Lease MW",
  "Rent × MW",
  "Term × MW",
] as const;
const D = Object.fromEntries(DETAIL_HEADERS.map((h, i) => [h, i])) as Record<(typeof DETAIL_HEADERS)[number], number>;
/** PIVOT.DEAL field read by each detail column. */
const DETAIL_FIELDS: Partial<Record<(typeof DETAIL_HEADERS)[number], string>> = {
  Type: "Type",
  MW: "MW",
  "Value USD": "Value USD",
  "Term years": "Term years",
  "Stated rent USD/kW/month": "Stated rent USD/kW/month",
  "Stated escalator": "Escalator",
  "Margin low": "Margin low",
  "Margin high": "Margin high",
  "Capex USD/MW low": "Capex USD/MW low",
  "Capex USD/MW high": "Capex USD/MW high",
};
const DETAIL_FORMATS: Record<(typeof DETAIL_HEADERS)[number], string> = {
  Ticker: "General",
  "Deal ID": "General",
  Type: "General",
  MW: "#,##0.0",
  "Value USD": USD,
  "Term years": "0.0",
  "Stated rent USD/kW/month": RENT,
  "Stated escalator": PCT,
  "Margin low": PCT,
  "Margin high": PCT,
  "Capex USD/MW low": USD,
  "Capex USD/MW high": USD,
  "Rent used USD/kW/month": RENT,
  "Escalator used": PCT,
  "NOI margin used": PCT,
  "Capex USD/MW used": USD,
  "Lease NPV USD": USD,
  "In deal list": "General",
  "Lease MW": "#,##0.0",
  "Rent × MW": "#,##0",
  "Term × MW": "#,##0",
};

export interface CompanyColumn {
  readonly ticker: string;
  readonly company: string;
}

/** Absolute column range of the detail block: $A$51:$A$66 (one empty row when there are no deals). */
function detailRange(column: number, count: number): string {
  const first = DETAIL_FIRST_ROW;
  const last = DETAIL_FIRST_ROW + Math.max(count, 1) - 1;
  return `${cell(first, column, true)}:${cell(last, column, true)}`;
}

/** The default content of a company cell (or of column B when `col` is 1) in row `key`. */
export function defaultCompanyCell(key: string, col: number, detailCount: number): CellInput {
  const spec = COMPS_ROWS[ROW[key]];
  const x = (k: string): string => cell(ROW[k], col);
  const T = `${cell(ROW.ticker, col, false).replace(/(\d+)$/, "$$$1")}`; // C$5: the company's ticker cell
  const det = (h: (typeof DETAIL_HEADERS)[number]): string => detailRange(D[h], detailCount);
  const byTicker = (h: (typeof DETAIL_HEADERS)[number]): string => `SUMIFS(${det(h)},${det("Ticker")},${T})`;
  const leaseMw = byTicker("Lease MW");
  if (col === 1) {
    if (spec.kind === "assumption") return spec.base ?? "";
    return "";
  }
  switch (spec.kind) {
    case "assumption":
      if (key === "horizon") return `=IF(${leaseMw}>0,${byTicker("Term × MW")}/${leaseMw},$B$${ROW.horizon + 1})`;
      return `=$B$${ROW[key] + 1}`;
    case "input":
      return "";
    case "metric":
      break;
    default:
      return "";
  }
  switch (key) {
    case "mw":
      return `=SUMIFS(${det("MW")},${det("Ticker")},${T},${det("Type")},"lease")`;
    case "value":
      return `=SUMIFS(${det("Value USD")},${det("Ticker")},${T},${det("Type")},"lease")`;
    case "other":
      return `=SUMIFS(${det("Value USD")},${det("Ticker")},${T},${det("Type")},"<>lease")`;
    case "rent":
      return `=IF(${leaseMw}>0,${byTicker("Rent × MW")}/${leaseMw},"")`;
    case "npv":
      return `=IF(${leaseMw}>0,${byTicker("Lease NPV USD")},"")`;
    case "npvPerMw":
      return `=IF(${leaseMw}>0,${byTicker("Lease NPV USD")}/${leaseMw},"")`;
    case "miningPerMw":
      return `=PIVOT.MINING_NPV_PER_MW(${x("efficiency")},${x("power")},${x("horizon")},${x("discount")},${x("hashprice")},${x("growth")},${x("uptime")},${x("poolFee")})`;
    case "breakeven":
      return `=PIVOT.PIVOT_BREAKEVEN_RENT(${x("efficiency")},${x("power")},${x("capex")},${x("horizon")},${x("discount")},${x("noi")},${x("hashprice")},${x("growth")},${x("build")},${x("escalator")},${x("uptime")},${x("poolFee")})`;
    case "ratio":
      return `=IF(AND(ISNUMBER(${x("npvPerMw")}),ISNUMBER(${x("miningPerMw")}),N(${x("miningPerMw")})>0),${x("npvPerMw")}/${x("miningPerMw")},"")`;
    case "missing":
      return `=COUNTIFS(${det("Ticker")},${T},${det("In deal list")},"missing")`;
    case "perShare":
      return `=IF(AND(ISNUMBER(${x("shares")}),N(${x("shares")})>0,ISNUMBER(${x("netDebt")}),ISNUMBER(${x("btcHeld")})),(IF(ISNUMBER(${x("npv")}),${x("npv")},0)+${x("btcHeld")}*${x("btcPrice")}-${x("netDebt")})/${x("shares")},"")`;
    case "evPerMw":
      return `=IF(AND(ISNUMBER(${x("ev")}),N(${x("mw")})>0),${x("ev")}/${x("mw")},"")`;
    case "npvToEv":
      return `=IF(AND(ISNUMBER(${x("ev")}),N(${x("ev")})>0,ISNUMBER(${x("npv")})),${x("npv")}/${x("ev")},"")`;
    case "chartHeader":
      return `=${T}`;
    case "chartHpc":
      return `=${x("npvPerMw")}`;
    case "chartMining":
      return `=${x("miningPerMw")}`;
    default:
      throw new Error(`internal error: no formula for comps row ${key}`);
  }
}

/** One deal-detail row: zero-based sheet row `row`, its company in column `companyCol`. */
export function detailRowCells(deal: Deal, row: number, companyCol: number): CellInput[] {
  const c = (h: (typeof DETAIL_HEADERS)[number]): string => cell(row, D[h]);
  const a = (key: string): string => cell(ROW[key], companyCol, true);
  const id = c("Deal ID");
  const out: CellInput[] = new Array(DETAIL_HEADERS.length);
  out[D.Ticker] = asText(deal.ticker);
  out[D["Deal ID"]] = asText(deal.id);
  for (const [h, field] of Object.entries(DETAIL_FIELDS) as [(typeof DETAIL_HEADERS)[number], string][]) {
    // "Not stated" is #N/A from PIVOT.DEAL: blank here, so SUMIFS skips it. An unknown id shows in "In deal list".
    out[D[h]] = `=IFNA(PIVOT.DEAL(${id},"${field}"),"")`;
  }
  const [v, t, m, sr] = [c("Value USD"), c("Term years"), c("MW"), c("Stated rent USD/kW/month")];
  const has3 = `AND(ISNUMBER(${v}),ISNUMBER(${t}),ISNUMBER(${m}))`;
  const rent = c("Rent used USD/kW/month");
  const npv = c("Lease NPV USD");
  out[D["Rent used USD/kW/month"]] = `=IF(${has3},PIVOT.HPC_IMPLIED_RENT(${v},${t},${m}),IF(ISNUMBER(${sr}),${sr},""))`;
  out[D["Escalator used"]] =
    `=IF(${has3},0,IF(ISNUMBER(${c("Stated escalator")}),${c("Stated escalator")},${a("escalator")}))`;
  out[D["NOI margin used"]] =
    `=IF(COUNT(${c("Margin low")},${c("Margin high")})>0,AVERAGE(${c("Margin low")},${c("Margin high")}),${a("noi")})`;
  out[D["Capex USD/MW used"]] =
    `=IF(COUNT(${c("Capex USD/MW low")},${c("Capex USD/MW high")})>0,AVERAGE(${c("Capex USD/MW low")},${c("Capex USD/MW high")}),${a("capex")})`;
  out[D["Lease NPV USD"]] =
    `=IF(AND(${c("Type")}="lease",ISNUMBER(${rent}),ISNUMBER(${m}),ISNUMBER(${t})),` +
    `PIVOT.HPC_LEASE_NPV(${m},${rent},${t},${a("discount")},${c("Escalator used")},${c("NOI margin used")},${c("Capex USD/MW used")},${a("build")}),"")`;
  out[D["In deal list"]] = `=IF(ISNA(PIVOT.DEAL(${id},"ID")),"missing","ok")`;
  out[D["Lease MW"]] = `=IF(ISNUMBER(${npv}),${m},"")`;
  out[D["Rent × MW"]] = `=IF(ISNUMBER(${npv}),${rent}*${m},"")`;
  out[D["Term × MW"]] = `=IF(ISNUMBER(${npv}),${t}*${m},"")`;
  return out;
}

export interface CompsLayout {
  readonly cells: CellInput[][];
  readonly formats: string[][];
  readonly rows: number;
  readonly cols: number;
  readonly companies: readonly CompanyColumn[];
  readonly detailCount: number;
}

/** Rows whose cells (column B and company columns) the analyst may type over and keep. */
const KEEPABLE = new Set(
  COMPS_ROWS.filter((r) => r.kind === "assumption" || r.kind === "input" || r.kind === "metric").map((r) => r.key),
);

/** Column B's content in a row, before any analyst override. */
function baseCell(spec: RowSpec, detailCount: number): CellInput {
  if (spec.kind === "assumption") return defaultCompanyCell(spec.key, 1, detailCount);
  if (spec.key === "chartHpc" || spec.key === "chartMining") return asText(spec.label); // the chart's series names
  return "";
}

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
    cells[r][1] = kept(spec.key, undefined) ?? baseCell(spec, detail.length);
    if (spec.kind === "assumption") formats[r][1] = spec.format ?? "General";
    companies.forEach((c, k) => {
      const col = FIRST_COMPANY_COL + k;
      cells[r][col] = kept(spec.key, c.ticker) ?? defaultCompanyCell(spec.key, col, detail.length);
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
  return { cells, formats, rows, cols, companies, detailCount: detail.length };
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
  readonly notices: readonly string[];
}

/** Resolves the selection (tickers or names, any case) against the deals; throws WorkbookError("input"). */
export function resolveCompanies(selection: readonly string[], deals: readonly Deal[]): CompanyColumn[] {
  if (selection.length === 0)
    throw new WorkbookError(
      "input",
      "No company is selected.",
      "Pick at least one company in the Comps panel, then build again.",
    );
  const out: CompanyColumn[] = [];
  for (const s of selection) {
    const want = s.trim().toLowerCase();
    const d = deals.find((x) => x.ticker.toLowerCase() === want || x.company.toLowerCase() === want);
    if (d === undefined) {
      const known = [...new Set(deals.map((x) => x.ticker))].join(", ");
      throw new WorkbookError(
        "input",
        `"${s}" is not a company in the deal list (${known}).`,
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
    let chartExists = false;
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
      chartExists = charts.items.some((ch) => ch.name === COMPS_CHART);
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
    if (chartExists) {
      // Updated in place (series values, names and categories): the user's chart formatting,
      // size, position and title stay.
      const chart = sheet.charts.getItem(COMPS_CHART);
      const categories = sheet.getRangeByIndexes(ROW.chartHeader, 2, 1, columns.length);
      CHART_SERIES.forEach((key, i) => {
        const s = chart.series.getItemAt(i);
        s.name = COMPS_ROWS[ROW[key]].label;
        s.setValues(sheet.getRangeByIndexes(ROW[key], 2, 1, columns.length));
        s.setXAxisValues(categories);
      });
    } else {
      const chartSource = sheet.getRangeByIndexes(ROW.chartHeader, 1, 3, 1 + columns.length);
      const chart = sheet.charts.add("ColumnClustered", chartSource, "Rows");
      chart.name = COMPS_CHART;
      chart.title.text = "Value per MW: HPC lease vs mining (USD)";
      chart.setPosition(cell(ROW.company, layout.cols + 1), cell(ROW.mw, layout.cols + 8));
    }
    await context.sync();

    const notices: string[] = [];
    const renamed =
      created && sheetName !== base
        ? `A sheet named "${base}" already exists and was not created by PivotLens, so the comps went to "${sheetName}".`
        : undefined;
    if (renamed) notices.push(renamed);
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
      address: absoluteRef(sheetName, 0, 0, layout.rows, layout.cols).slice(1),
      chartName: COMPS_CHART,
      notices,
    };
  });
}

/** The deals of the given companies, in company order then list order. */
function dealsOf(companies: readonly CompanyColumn[], deals: readonly Deal[]): Deal[] {
  return companies.flatMap((c) => deals.filter((d) => d.ticker.toUpperCase() === c.ticker.toUpperCase()));
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
  const lastAssumption = ROW.horizon;
  const editable = sheet.getRangeByIndexes(
    firstAssumption,
    1,
    lastAssumption - firstAssumption + 1,
    1 + layout.companies.length,
  );
  editable.format.font.color = "#0000FF";
  const inputs = sheet.getRangeByIndexes(
    ROW.ev,
    FIRST_COMPANY_COL,
    ROW.btcHeld - ROW.ev + 1,
    Math.max(layout.companies.length, 1),
  );
  inputs.format.fill.color = "#FFF2CC";
  inputs.format.font.color = "#0000FF";
  sheet.getRangeByIndexes(DETAIL_HEADER_ROW, 0, 1, DETAIL_HEADERS.length).format.font.bold = true;
}

/** Zero-based row of a Comps row key (for tests and the task pane). */
export function compsRow(key: string): number {
  const r = ROW[key];
  if (r === undefined) throw new Error(`no comps row ${key}`);
  return r;
}

export const COMPS_DETAIL_FIRST_ROW = DETAIL_FIRST_ROW;
export const COMPS_FIRST_COMPANY_COL = FIRST_COMPANY_COL;
