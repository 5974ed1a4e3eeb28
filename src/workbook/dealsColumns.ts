/**
 * The Deals sheet's columns, declared once: every add-in column of the deals table (the deal
 * fields of src/deals/schema.ts, then the formula columns, then Status) with its header,
 * number format and cell template. A new deal field is one entry in DEAL_FIELDS (header,
 * display format); a new derived column (a formula, or a value derived from the deal) is one
 * entry in DERIVED_COLUMNS, whose formulas name other columns by header. DEALS_COLUMNS turns
 * them into the deals table block's column declarations (declared/sheet.ts), which the shared
 * writer places, reconciles and formats.
 */
import { DEAL_FIELDS, type Deal, type DealField, type DisplayFormat } from "../deals/schema";
import { columnLetters } from "./a1";
import { asText, isoDaySerial, type CellInput } from "./cells";
import { parseRentStart } from "../core/revenueSchedule";
import { serialFromUtcDate } from "../core/excelDate";
import { impliedRentMeaning } from "../deals/query";
import type { ColumnDecl } from "./declared/sheet";
import type { CellRead } from "./declared/reconcile";

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

/**
 * Zero-based row of the table header on a sheet the add-in created: the two title lines,
 * the assumptions' header and rows, a gap (dealsLayout.ts). It may move when the user inserts
 * rows above.
 */
export const TABLE_HEADER_ROW = 2 + 1 + DEALS_ASSUMPTIONS.length + 1;

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
const ID_COL = DEAL_FIELDS.findIndex((f) => f.key === "id");

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

/** A row of the deals table: a deal (and the id of the deal restating it), or a row kept for the user's work. */
export interface DealRow {
  readonly deal?: Deal;
  readonly restatedBy?: string;
  /** A row whose deal left the list, kept because the user's columns hold their work: its cells as read (Range.values). */
  readonly kept?: readonly CellRead[];
}

/** A kept row's data cell: the constant it held, written back as the same constant. */
function keptCell(v: CellRead | undefined): CellInput {
  return typeof v === "string" ? asText(v) : (v ?? "");
}

/**
 * Every add-in column of the deals table, declared once (declared/sheet.ts ColumnDecl): the
 * deal fields (DEAL_FIELDS: header and display format; the source links to its URL), the
 * derived columns (DERIVED_COLUMNS) and Status. Column keys are the headers.
 */
export const DEALS_COLUMNS: readonly ColumnDecl<DealRow>[] = [
  ...DEAL_FIELDS.map((f, i): ColumnDecl<DealRow> => ({
    key: f.header,
    header: f.header,
    format: NUMBER_FORMATS[f.display],
    cell: (r) => (r.deal !== undefined ? dataCell(f, r.deal[f.key]) : keptCell(r.kept?.[i])),
    ...(f.key === "source" ? { link: (r: DealRow) => r.deal?.sourceUrl } : {}),
  })),
  ...DERIVED_COLUMNS.map((c): ColumnDecl<DealRow> => ({
    key: c.header,
    header: c.header,
    format: c.format,
    cell: (r, at) => c.cell({ deal: r.deal, restatedBy: r.restatedBy, ref: at.ref }),
  })),
  {
    key: STATUS_HEADER,
    header: STATUS_HEADER,
    cell: (r) =>
      r.kept !== undefined
        ? asText(KEPT_STATUS)
        : r.restatedBy === undefined
          ? ""
          : asText(replacedStatus(r.restatedBy)),
  },
];

/** The table rows of a deal list, in its order; a restated deal knows the deal that restates it. */
export function dealRows(deals: readonly Deal[]): DealRow[] {
  const restatedBy = new Map<string, string>();
  for (const d of deals)
    if (d.relation === "restatement" && d.parentId !== undefined) restatedBy.set(d.parentId.toUpperCase(), d.id);
  return deals.map((deal) => {
    const by = restatedBy.get(deal.id.toUpperCase());
    return by === undefined ? { deal } : { deal, restatedBy: by };
  });
}

/** A deal row's key: its id, upper-cased (ids compare case-insensitively). */
export function dealRowKey(r: DealRow): string {
  return (r.deal?.id ?? String(r.kept?.[ID_COL] ?? "")).toUpperCase();
}

/** Column letter of an add-in column in a table starting at `col0` (for tests and docs). */
export function dealsColumnLetter(header: string, col0 = 0): string {
  const i = DEALS_TABLE_HEADERS.findIndex((h) => h.toLowerCase() === header.toLowerCase());
  if (i < 0) throw new Error(`no Deals column ${header}`);
  return columnLetters(col0 + i);
}
