/**
 * The Deals sheet's columns, declared once: every add-in column of the deals table (the deal
 * fields of src/deals/schema.ts, then the formula columns, then Status) with its header,
 * number format and cell template. A new deal field is one entry in DEAL_FIELDS (header,
 * display format); a new formula column is one entry in FORMULA_COLUMNS.
 */
import { DEAL_FIELDS, type Deal, type DealField, type DisplayFormat } from "../deals/schema";
import { cell, columnLetters } from "./a1";
import { asText, isoDaySerial, type CellInput } from "./cells";

export const DEALS_SHEET = "Deals";
export const DEALS_TABLE = "PivotLensDeals";

export const NUMBER_FORMATS: Readonly<Record<DisplayFormat, string>> = {
  text: "General",
  bool: "General",
  usd: '"$"#,##0',
  usdRent: '"$"#,##0.00',
  mw: "#,##0.0",
  years: "0.0",
  percent: "0.0%",
  ratio: "0.00",
  date: "yyyy-mm-dd",
};

export interface Assumption {
  /** Workbook name of the assumption's cell. */
  readonly name: string;
  readonly label: string;
  readonly value: number;
  readonly format: string;
  readonly note: string;
}

/** The Deals sheet's assumptions, in sheet order. Defaults are editable starting points. */
export const DEALS_ASSUMPTIONS: readonly Assumption[] = [
  {
    name: "PIVOT_DEALS_DISCOUNT_RATE",
    label: "Discount rate (effective annual)",
    value: 0.08,
    format: NUMBER_FORMATS.percent,
    note: "Reflects the tenant's or backstop's credit; secured notes of Cipher and TeraWulf pay 7.1-7.75%.",
  },
  {
    name: "PIVOT_DEALS_NOI_MARGIN",
    label: "NOI margin where the deal states none",
    value: 0.85,
    format: NUMBER_FORMATS.percent,
    note: "80-90% on modified-gross and triple-net leases. A stated NOI (or EBITDA, gross lease) margin, mid of its range, comes first.",
  },
  {
    name: "PIVOT_DEALS_CAPEX_USD_PER_MW",
    label: "Build capex USD/MW where the deal states none",
    value: 9_500_000,
    format: NUMBER_FORMATS.usd,
    note: "$8-11M per MW for miners' new HPC builds (mid). A stated capex, mid of its range, comes first. Lease NPV is net of capex.",
  },
  {
    name: "PIVOT_DEALS_ESCALATOR",
    label: "Escalator on a stated rent where the deal states none",
    value: 0.03,
    format: NUMBER_FORMATS.percent,
    note: "About 3%/yr. Implied rents (value ÷ term) already average the escalators, so they get 0.",
  },
  {
    name: "PIVOT_DEALS_BUILD_MONTHS",
    label: "Months from valuation date to rent start",
    value: 0,
    format: "0",
    note: "0 values each lease at its rent start (capex at t = 0).",
  },
];

/** Zero-based rows of the sheet layout (the table header row may move if the user inserts rows above). */
export const TITLE_ROW = 0;
export const ASSUMPTIONS_HEADER_ROW = 2;
export const FIRST_ASSUMPTION_ROW = 3;
export const TABLE_HEADER_ROW = FIRST_ASSUMPTION_ROW + DEALS_ASSUMPTIONS.length + 1;

/** The formula columns, after the data columns. */
export const FORMULA_HEADERS = [
  "Rent used USD/kW/month",
  "Escalator used",
  "NOI margin used",
  "Capex USD/MW used",
  "Annual revenue USD",
  "Lease NPV USD",
  "NPV per MW USD",
] as const;
export const FORMULA_FORMATS = [
  NUMBER_FORMATS.usdRent,
  NUMBER_FORMATS.percent,
  NUMBER_FORMATS.percent,
  NUMBER_FORMATS.usd,
  NUMBER_FORMATS.usd,
  NUMBER_FORMATS.usd,
  NUMBER_FORMATS.usd,
];
export const STATUS_HEADER = "Status";
export const KEPT_STATUS = "not in the loaded deal list: kept because your columns hold content";

/** Every column the add-in owns, in order: data, formulas, status. */
export const DEALS_TABLE_HEADERS: readonly string[] = [
  ...DEAL_FIELDS.map((f) => f.header),
  ...FORMULA_HEADERS,
  STATUS_HEADER,
];
export const N_DATA = DEAL_FIELDS.length;
export const N_OWN = DEALS_TABLE_HEADERS.length;

function dataCol(key: DealField["key"]): number {
  const i = DEAL_FIELDS.findIndex((f) => f.key === key);
  if (i < 0) throw new Error(`internal error: no deal field ${key}`);
  return i;
}
export const COL = {
  id: dataCol("id"),
  type: dataCol("dealType"),
  value: dataCol("contractValueUsd"),
  term: dataCol("termYears"),
  mw: dataCol("criticalItMw"),
  statedRent: dataCol("statedRentUsdPerKwMonth"),
  escalator: dataCol("escalator"),
  marginLow: dataCol("marginLow"),
  marginHigh: dataCol("marginHigh"),
  capexLow: dataCol("capexUsdPerMwLow"),
  capexHigh: dataCol("capexUsdPerMwHigh"),
  source: dataCol("source"),
  sourceUrl: dataCol("sourceUrl"),
  rent: N_DATA,
  escUsed: N_DATA + 1,
  noiUsed: N_DATA + 2,
  capexUsed: N_DATA + 3,
  revenue: N_DATA + 4,
  npv: N_DATA + 5,
  npvPerMw: N_DATA + 6,
  status: N_DATA + 7,
};

/** The cell a deal field goes into: numbers and booleans as they are, ISO days as dates, text escaped. */
export function dataCell(field: DealField, value: Deal[keyof Deal] | undefined): CellInput {
  if (value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (field.display === "date") return isoDaySerial(value) ?? asText(value);
  return asText(value);
}

/**
 * The formula cells of one table row. `row` is the zero-based sheet row, `col0` the table's
 * first column. Relative references only, so Excel sees one calculated column per formula.
 */
export function dealFormulaCells(row: number, col0: number): string[] {
  const r = (c: number): string => cell(row, col0 + c);
  const [v, t, m, sr, e, ty] = [r(COL.value), r(COL.term), r(COL.mw), r(COL.statedRent), r(COL.escalator), r(COL.type)];
  const has3 = `AND(ISNUMBER(${v}),ISNUMBER(${t}),ISNUMBER(${m}))`;
  const rent = r(COL.rent);
  const npv = r(COL.npv);
  return [
    `=IF(${has3},PIVOT.HPC_IMPLIED_RENT(${v},${t},${m}),IF(ISNUMBER(${sr}),${sr},""))`,
    `=IF(${has3},0,IF(ISNUMBER(${e}),${e},PIVOT_DEALS_ESCALATOR))`,
    `=IF(COUNT(${r(COL.marginLow)},${r(COL.marginHigh)})>0,AVERAGE(${r(COL.marginLow)},${r(COL.marginHigh)}),PIVOT_DEALS_NOI_MARGIN)`,
    `=IF(COUNT(${r(COL.capexLow)},${r(COL.capexHigh)})>0,AVERAGE(${r(COL.capexLow)},${r(COL.capexHigh)}),PIVOT_DEALS_CAPEX_USD_PER_MW)`,
    `=IF(AND(ISNUMBER(${rent}),ISNUMBER(${m})),PIVOT.HPC_REVENUE_PER_MW(${rent})*${m},"")`,
    `=IF(AND(${ty}="lease",ISNUMBER(${rent}),ISNUMBER(${m}),ISNUMBER(${t})),PIVOT.HPC_LEASE_NPV(${m},${rent},${t},PIVOT_DEALS_DISCOUNT_RATE,${r(COL.escUsed)},${r(COL.noiUsed)},${r(COL.capexUsed)},PIVOT_DEALS_BUILD_MONTHS),"")`,
    `=IF(ISNUMBER(${npv}),${npv}/${m},"")`,
  ];
}

/** One table row of the add-in's columns for a deal. */
export function dealRowCells(deal: Deal, row: number, col0: number): CellInput[] {
  return [...DEAL_FIELDS.map((f) => dataCell(f, deal[f.key])), ...dealFormulaCells(row, col0), ""];
}

/** The number formats of the add-in's columns (one row; repeated for every table row). */
export function ownColumnFormats(): string[] {
  return [...DEAL_FIELDS.map((f) => NUMBER_FORMATS[f.display]), ...FORMULA_FORMATS, "General"];
}

/** Column letter of an add-in column in a table starting at `col0` (for tests and docs). */
export function dealsColumnLetter(header: string, col0 = 0): string {
  const i = DEALS_TABLE_HEADERS.findIndex((h) => h.toLowerCase() === header.toLowerCase());
  if (i < 0) throw new Error(`no Deals column ${header}`);
  return columnLetters(col0 + i);
}
