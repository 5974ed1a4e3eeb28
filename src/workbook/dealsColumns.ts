/**
 * The Deals sheet's columns, declared once: every add-in column of the deals table (the deal
 * fields of src/deals/schema.ts, then the formula columns, then Status) with its header,
 * number format and cell template. A new deal field is one entry in DEAL_FIELDS (header,
 * display format); a new derived column (a formula, or a value derived from the deal) is one
 * entry in DERIVED_COLUMNS, whose formulas name other columns by header.
 */
import { DEAL_FIELDS, type Deal, type DealField, type DisplayFormat } from "../deals/schema";
import { cell, columnLetters } from "./a1";
import { asText, isoDaySerial, type CellInput } from "./cells";
import { parseRentStart } from "../core/revenueSchedule";
import { serialFromUtcDate } from "../core/excelDate";
import { impliedRentMeaning } from "../deals/query";

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
    label: "Months to rent start where the deal states none",
    value: 0,
    format: "0",
    note: "Used only for a deal whose Rent start and Start name no year. Otherwise each lease is valued from its own rent start (Months to rent start; type over a cell to override one deal).",
  },
  {
    name: "PIVOT_DEALS_VALUATION_DATE",
    label: "Valuation date (capex at this date)",
    value: serialFromUtcDate(2026, 12, 1),
    format: NUMBER_FORMATS.date,
    note: "Months to rent start count from this month to the deal's rent-start month: Rent start, else Start; a quarter is its middle month (Q2 = May), a half the month at its midpoint (2H = October), a bare year July.",
  },
];

/** Zero-based rows of the sheet layout (the table header row may move if the user inserts rows above). */
export const TITLE_ROW = 0;
export const ASSUMPTIONS_HEADER_ROW = 2;
export const FIRST_ASSUMPTION_ROW = 3;
export const TABLE_HEADER_ROW = FIRST_ASSUMPTION_ROW + DEALS_ASSUMPTIONS.length + 1;

/** What a derived column's cell sees: the deal (absent on a kept row) and its row's references. */
export interface RowContext {
  readonly deal?: Deal;
  /** Id of the row that restates this deal (it is then replaced and counted nowhere). */
  readonly restatedBy?: string;
  /** A1 reference of the add-in column `header` on this row. */
  readonly ref: (header: string) => string;
}

/**
 * A column after the data columns: its header, number format and cell. Adding a column (data
 * derived from the deal, or a formula) is one entry here; formulas refer to other columns by
 * header, with relative references only, so Excel sees one calculated column per formula.
 */
export interface DerivedColumn {
  readonly header: string;
  readonly format: string;
  readonly cell: (x: RowContext) => CellInput;
}

const headerOf = (key: DealField["key"]): string => {
  const f = DEAL_FIELDS.find((d) => d.key === key);
  if (f === undefined) throw new Error(`internal error: no deal field ${key}`);
  return f.header;
};
const H = {
  type: headerOf("dealType"),
  share: headerOf("ownershipShare"),
  value: headerOf("contractValueUsd"),
  term: headerOf("termYears"),
  mw: headerOf("criticalItMw"),
  statedRent: headerOf("statedRentUsdPerKwMonth"),
  escalator: headerOf("escalator"),
  marginLow: headerOf("marginLow"),
  marginHigh: headerOf("marginHigh"),
  capexLow: headerOf("capexUsdPerMwLow"),
  capexHigh: headerOf("capexUsdPerMwHigh"),
};

/** The rent-start month of a deal (Rent start, else Start; conventions of parseRentStart), as a date serial. */
function rentStartSerial(deal: Deal | undefined): CellInput {
  const m = parseRentStart(deal?.rentStart) ?? parseRentStart(deal?.start);
  return m === undefined ? "" : serialFromUtcDate(m.year, m.month, 1);
}

/** The rent formula, or why a contract has no rent (a GPU-cloud contract sells compute, not space). */
function rentCell(x: RowContext): CellInput {
  const meaning = x.deal === undefined ? undefined : impliedRentMeaning(x.deal);
  if (meaning !== undefined && !meaning.meaningful && x.deal?.dealType !== "lease") return asText(meaning.reason);
  const [v, t, m, sr] = [x.ref(H.value), x.ref(H.term), x.ref(H.mw), x.ref(H.statedRent)];
  return `=IF(AND(ISNUMBER(${v}),ISNUMBER(${t}),ISNUMBER(${m})),PIVOT.HPC_IMPLIED_RENT(${v},${t},${m}),IF(ISNUMBER(${sr}),${sr},""))`;
}

const share = (x: RowContext): string => `IF(ISNUMBER(${x.ref(H.share)}),${x.ref(H.share)},1)`;
const counted = (x: RowContext): string => x.ref("Counted in totals");

export const DERIVED_COLUMNS: readonly DerivedColumn[] = [
  {
    header: "Counted in totals",
    format: "General",
    // FALSE for a restated parent (replaced) and for a kept row whose deal left the list.
    cell: (x) => x.deal !== undefined && x.restatedBy === undefined,
  },
  {
    header: "Attributable MW",
    format: NUMBER_FORMATS.mw,
    cell: (x) => `=IF(AND(${counted(x)},ISNUMBER(${x.ref(H.mw)})),${x.ref(H.mw)}*${share(x)},"")`,
  },
  {
    header: "Attributable value USD",
    format: NUMBER_FORMATS.usd,
    cell: (x) => `=IF(AND(${counted(x)},ISNUMBER(${x.ref(H.value)})),${x.ref(H.value)}*${share(x)},"")`,
  },
  { header: "Rent start month used", format: "yyyy-mm", cell: (x) => rentStartSerial(x.deal) },
  {
    header: "Months to rent start",
    format: "0",
    cell: (x) => {
      const s = x.ref("Rent start month used");
      return `=IF(ISNUMBER(${s}),MAX(0,(YEAR(${s})-YEAR(PIVOT_DEALS_VALUATION_DATE))*12+MONTH(${s})-MONTH(PIVOT_DEALS_VALUATION_DATE)),PIVOT_DEALS_BUILD_MONTHS)`;
    },
  },
  { header: "Rent used USD/kW/month", format: NUMBER_FORMATS.usdRent, cell: rentCell },
  {
    header: "Escalator used",
    format: NUMBER_FORMATS.percent,
    cell: (x) => {
      const [v, t, m, e] = [x.ref(H.value), x.ref(H.term), x.ref(H.mw), x.ref(H.escalator)];
      return `=IF(AND(ISNUMBER(${v}),ISNUMBER(${t}),ISNUMBER(${m})),0,IF(ISNUMBER(${e}),${e},PIVOT_DEALS_ESCALATOR))`;
    },
  },
  {
    header: "NOI margin used",
    format: NUMBER_FORMATS.percent,
    cell: (x) => {
      const [lo, hi] = [x.ref(H.marginLow), x.ref(H.marginHigh)];
      return `=IF(COUNT(${lo},${hi})>0,AVERAGE(${lo},${hi}),PIVOT_DEALS_NOI_MARGIN)`;
    },
  },
  {
    header: "Capex USD/MW used",
    format: NUMBER_FORMATS.usd,
    cell: (x) => {
      const [lo, hi] = [x.ref(H.capexLow), x.ref(H.capexHigh)];
      return `=IF(COUNT(${lo},${hi})>0,AVERAGE(${lo},${hi}),PIVOT_DEALS_CAPEX_USD_PER_MW)`;
    },
  },
  {
    header: "Annual revenue USD",
    format: NUMBER_FORMATS.usd,
    cell: (x) => {
      // Rent × attributable MW; a contract with no rent (GPU cloud) earns its attributable value ÷ term.
      const [rent, am, av, t] = ["Rent used USD/kW/month", "Attributable MW", "Attributable value USD", H.term].map(
        x.ref,
      );
      return `=IF(AND(ISNUMBER(${rent}),ISNUMBER(${am})),PIVOT.HPC_REVENUE_PER_MW(${rent})*${am},IF(AND(ISNUMBER(${av}),ISNUMBER(${t})),${av}/${t},""))`;
    },
  },
  {
    header: "Lease NPV USD",
    format: NUMBER_FORMATS.usd,
    cell: (x) => {
      const [ty, rent, am, t] = [
        x.ref(H.type),
        x.ref("Rent used USD/kW/month"),
        x.ref("Attributable MW"),
        x.ref(H.term),
      ];
      const used = ["Escalator used", "NOI margin used", "Capex USD/MW used", "Months to rent start"].map(x.ref);
      return `=IF(AND(${ty}="lease",ISNUMBER(${rent}),ISNUMBER(${am}),ISNUMBER(${t})),PIVOT.HPC_LEASE_NPV(${am},${rent},${t},PIVOT_DEALS_DISCOUNT_RATE,${used.join(",")}),"")`;
    },
  },
  {
    header: "NPV per MW USD",
    format: NUMBER_FORMATS.usd,
    cell: (x) => {
      const [npv, am] = [x.ref("Lease NPV USD"), x.ref("Attributable MW")];
      return `=IF(ISNUMBER(${npv}),${npv}/${am},"")`;
    },
  },
];
export const FORMULA_HEADERS: readonly string[] = DERIVED_COLUMNS.map((c) => c.header);
export const STATUS_HEADER = "Status";
export const KEPT_STATUS = "not in the loaded deal list: kept because your columns hold content";

/** Every column the add-in owns, in order: data, derived, status. */
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
  source: dataCol("source"),
  sourceUrl: dataCol("sourceUrl"),
  status: N_OWN - 1,
};

/** The cell a deal field goes into: numbers and booleans as they are, ISO days as dates, text escaped. */
export function dataCell(field: DealField, value: Deal[keyof Deal] | undefined): CellInput {
  if (value === undefined) return "";
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (field.display === "date") return isoDaySerial(value) ?? asText(value);
  return asText(value);
}

/** The status text of a restated (replaced) deal. */
export function replacedStatus(restatedBy: string): string {
  return `replaced: restated by ${restatedBy}; not counted in any total`;
}

/**
 * The derived cells of one table row. `row` is the zero-based sheet row, `col0` the table's
 * first column.
 */
export function dealFormulaCells(row: number, col0: number, deal?: Deal, restatedBy?: string): CellInput[] {
  const ref = (header: string): string => {
    const i = DEALS_TABLE_HEADERS.indexOf(header);
    if (i < 0) throw new Error(`internal error: no Deals column ${header}`);
    return cell(row, col0 + i);
  };
  const x: RowContext = { deal, restatedBy, ref };
  return DERIVED_COLUMNS.map((c) => c.cell(x));
}

/** One table row of the add-in's columns for a deal; `restatedBy` marks a replaced deal. */
export function dealRowCells(deal: Deal, row: number, col0: number, restatedBy?: string): CellInput[] {
  return [
    ...DEAL_FIELDS.map((f) => dataCell(f, deal[f.key])),
    ...dealFormulaCells(row, col0, deal, restatedBy),
    restatedBy === undefined ? "" : asText(replacedStatus(restatedBy)),
  ];
}

/** The number formats of the add-in's columns (one row; repeated for every table row). */
export function ownColumnFormats(): string[] {
  return [...DEAL_FIELDS.map((f) => NUMBER_FORMATS[f.display]), ...DERIVED_COLUMNS.map((c) => c.format), "General"];
}

/** Column letter of an add-in column in a table starting at `col0` (for tests and docs). */
export function dealsColumnLetter(header: string, col0 = 0): string {
  const i = DEALS_TABLE_HEADERS.findIndex((h) => h.toLowerCase() === header.toLowerCase());
  if (i < 0) throw new Error(`no Deals column ${header}`);
  return columnLetters(col0 + i);
}
