/**
 * The Comps sheet's rows, declared as data, top to bottom (zero-based row = index): each row's
 * key, kind (which decides its owner and style), label (column A, by which a rebuild checks
 * the layout), number format and, for assumption rows, column B's default. The formula
 * templates of the company cells are in compsFormulas.ts; the deal detail below the rows in
 * compsDetail.ts.
 *
 * Owners: "assumption" and "input" rows are the analyst's to change (blue; inputs on a yellow
 * fill): their cells start as formulas (column B's default, or PIVOT.COMPANY) and a cell the
 * analyst typed over is kept on a rebuild. "metric" rows are the add-in's formulas (a value
 * typed over one is kept too, and reported).
 */

export type RowKind =
  | "title"
  | "note"
  | "blank"
  | "section"
  | "header"
  | "ticker"
  | "assumption"
  | "metric"
  | "input"
  /** Column B only: the scenario selector and the Bear, Base and Bull values (the analyst's). */
  | "scenario";

export interface RowSpec {
  readonly key: string;
  readonly kind: RowKind;
  readonly label: string;
  readonly format?: string;
  /** Default of column B for assumption rows: a number or a formula. */
  readonly base?: number | string;
}

export const USD = '"$"#,##0';
export const RENT = '"$"#,##0.00';
export const PCT = "0.0%";
const MW = "#,##0.0";

/** The scenarios of the selector (a data-validation list), in order. */
export const SCENARIOS = ["Bear", "Base", "Bull"] as const;
export type Scenario = (typeof SCENARIOS)[number];

/**
 * The assumptions that follow the selected scenario, with their Bear, Base and Bull defaults:
 * the analyst's inputs, not sourced facts. Base is the single default PivotLens always had;
 * Bear and Bull are round, visible starting points to type over (BTC price: 70% and 130% of
 * the market price).
 */
export const SCENARIO_PARAMS: readonly {
  key: string;
  label: string;
  format: string;
  values: Readonly<Record<Scenario, number | string>>;
}[] = [
  {
    key: "btcPrice",
    label: "BTC price USD",
    format: RENT,
    values: {
      Bear: '=0.7*PIVOT.MARKET("btc_usd")',
      Base: '=PIVOT.MARKET("btc_usd")',
      Bull: '=1.3*PIVOT.MARKET("btc_usd")',
    },
  },
  { key: "growth", label: "Hashprice growth per year", format: PCT, values: { Bear: -0.1, Base: 0, Bull: 0.05 } },
  { key: "discount", label: "Discount rate", format: PCT, values: { Bear: 0.1, Base: 0.08, Bull: 0.07 } },
  { key: "noi", label: "NOI margin", format: PCT, values: { Bear: 0.8, Base: 0.85, Bull: 0.9 } },
  {
    key: "capex",
    label: "HPC capex USD/MW",
    format: USD,
    values: { Bear: 11_000_000, Base: 9_500_000, Bull: 8_500_000 },
  },
];

/** The fixed part of the sheet, top to bottom (zero-based row = index). */
export const COMPS_ROWS: readonly RowSpec[] = [
  { key: "title", kind: "title", label: "PivotLens comps: sum of the parts per share, mining vs HPC" },
  {
    key: "note",
    kind: "note",
    label:
      "Every number is a formula. Column B holds the default assumptions (analyst inputs, not sourced facts); a company's cell follows it until you type over it. Blue cells are yours; yellow ones are pre-filled from PIVOT.COMPANY and yours to overwrite.",
  },
  { key: "blank1", kind: "blank", label: "" },
  { key: "company", kind: "header", label: "Company" },
  { key: "ticker", kind: "ticker", label: "Ticker" },
  { key: "assumptions", kind: "section", label: "Assumptions" },
  {
    key: "scenario",
    kind: "scenario",
    label:
      "Scenario: Bear, Base or Bull (pick in column B): the discount rate, NOI margin, capex/MW, hashprice growth and BTC price follow it",
    base: "Base",
  },
  { key: "discount", kind: "assumption", label: "Discount rate (effective annual)", format: PCT },
  { key: "noi", kind: "assumption", label: "NOI margin (where a deal states none)", format: PCT },
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
  },
  { key: "build", kind: "assumption", label: "Build months before rent", format: "0", base: 0 },
  {
    key: "power",
    kind: "assumption",
    label: "Power price USD/kWh",
    format: "0.000",
    base: 0.05,
  },
  {
    key: "efficiency",
    kind: "assumption",
    label: "Fleet efficiency J/TH",
    format: "0.0",
    base: 20,
  },
  {
    key: "hashprice",
    kind: "assumption",
    label: "Hashprice USD/PH/day",
    format: RENT,
    base: '=PIVOT.MARKET("hashprice_usd_ph_day")',
  },
  { key: "growth", kind: "assumption", label: "Hashprice growth per year", format: PCT },
  { key: "uptime", kind: "assumption", label: "Mining uptime", format: PCT, base: 1 },
  { key: "poolFee", kind: "assumption", label: "Pool fee", format: PCT, base: 0.02 },
  {
    key: "horizon",
    kind: "assumption",
    label: "Mining horizon years (company: its MW-weighted lease term)",
    format: "0.0",
    base: 10,
  },
  { key: "ltc", kind: "assumption", label: "Loan to cost (credit rows)", format: PCT, base: 0.7 },
  {
    key: "debtRate",
    kind: "assumption",
    label: "Debt rate, nominal annual compounded monthly (credit rows)",
    format: PCT,
    base: 0.08,
  },
  { key: "btcPrice", kind: "assumption", label: "BTC price USD", format: RENT },
  {
    key: "fleetUsed",
    kind: "metric",
    label:
      "Fleet efficiency and power price used: the company's own (fundamentals below), column B's where it discloses none",
  },
  { key: "blank2", kind: "blank", label: "" },
  {
    key: "scenarios",
    kind: "section",
    label:
      "Scenario values: analyst inputs, not sourced facts (Base is the default above; type your own Bear and Bull)",
  },
  ...SCENARIO_PARAMS.flatMap((p) =>
    SCENARIOS.map((sc): RowSpec => ({
      key: `${p.key}${sc}`,
      kind: "scenario",
      label: `${p.label}: ${sc}`,
      format: p.format,
      base: p.values[sc],
    })),
  ),
  { key: "blank2b", kind: "blank", label: "" },
  {
    key: "fundamentals",
    kind: "section",
    label: "Company fundamentals (pre-filled from PIVOT.COMPANY with their sources; type over any of them)",
  },
  {
    key: "shares",
    kind: "input",
    label: "Diluted shares (shares outstanding where diluted is undisclosed)",
    format: "#,##0",
  },
  { key: "cash", kind: "input", label: "Cash USD", format: USD },
  { key: "debt", kind: "input", label: "Debt USD (convertibles included)", format: USD },
  { key: "btcHeld", kind: "input", label: "BTC held", format: "#,##0.00" },
  { key: "energizedMw", kind: "input", label: "Energized MW", format: MW },
  { key: "fleetJTh", kind: "input", label: "Fleet efficiency J/TH, disclosed", format: "0.0" },
  { key: "powerUsdKwh", kind: "input", label: "Power cost USD/kWh, disclosed", format: "0.000" },
  { key: "sharePrice", kind: "input", label: "Share price USD (yours, from your terminal)", format: RENT },
  { key: "blank3", kind: "blank", label: "" },
  {
    key: "hpc",
    kind: "section",
    label: "Contracted HPC, attributable (MW × ownership share, value × share; a restated deal replaces its parent)",
  },
  { key: "mw", kind: "metric", label: "Contracted MW (leases and colocation)", format: MW },
  { key: "value", kind: "metric", label: "Contract value USD (leases and colocation)", format: USD },
  { key: "other", kind: "metric", label: "GPU cloud service and other contracts USD (revenue, not rent)", format: USD },
  {
    key: "gpuNote",
    kind: "note",
    label:
      "GPU cloud service contracts sell compute, GPUs included: they are revenue, not rent, so they stay out of the rent, $/kW/month and lease NPV rows.",
  },
  { key: "rent", kind: "metric", label: "MW-weighted rent USD/kW/month", format: RENT },
  { key: "npv", kind: "metric", label: "Lease NPV USD (sum of the company's leases, net of capex)", format: USD },
  { key: "npvPerMw", kind: "metric", label: "HPC lease NPV per MW USD", format: USD },
  { key: "miningPerMw", kind: "metric", label: "Mining NPV per MW USD", format: USD },
  {
    key: "floorMonth",
    kind: "metric",
    label: "Mining switches off from month (margin ≤ 0; later months add no mining value)",
    format: "0",
  },
  { key: "breakeven", kind: "metric", label: "Pivot break-even rent USD/kW/month", format: RENT },
  { key: "rentToBreakeven", kind: "metric", label: "Contracted rent ÷ break-even rent", format: "0.00" },
  { key: "ratio", kind: "metric", label: "HPC-to-mining value ratio (per MW)", format: "0.00" },
  { key: "missing", kind: "metric", label: "Deals PIVOT.DEAL no longer finds", format: "0" },
  { key: "blank4", kind: "blank", label: "" },
  { key: "credit", kind: "section", label: "Credit (at the loan to cost and debt rate above)" },
  { key: "backstop", kind: "metric", label: "Backstop USD, attributable", format: USD },
  {
    key: "coverage",
    kind: "metric",
    label: "Backstop coverage (backstop ÷ PV of the rent of the leases with a backstop)",
    format: "0.00",
  },
  { key: "dscr", kind: "metric", label: "Minimum DSCR over the company's leases", format: "0.00" },
  { key: "blank5", kind: "blank", label: "" },
  { key: "sotp", kind: "section", label: "Sum of the parts USD" },
  { key: "hpcValue", kind: "metric", label: "HPC: attributable lease NPV, net of capex", format: USD },
  { key: "miningMw", kind: "metric", label: "Mining MW: energized MW not committed to HPC", format: MW },
  { key: "miningValue", kind: "metric", label: "Mining: mining MW × mining NPV per MW", format: USD },
  { key: "btcValue", kind: "metric", label: "BTC: BTC held × BTC price", format: USD },
  { key: "netDebt", kind: "metric", label: "Net debt (debt − cash)", format: USD },
  { key: "equity", kind: "metric", label: "Equity value (HPC + mining + BTC − net debt)", format: USD },
  { key: "perShare", kind: "metric", label: "Value per diluted share USD", format: RENT },
  { key: "upside", kind: "metric", label: "Implied upside against your share price", format: PCT },
  { key: "marketEv", kind: "metric", label: "EV USD (your share price × diluted shares + net debt)", format: USD },
  { key: "evPerMw", kind: "metric", label: "EV per contracted MW USD", format: USD },
  { key: "evPerEnergizedMw", kind: "metric", label: "EV per energized MW USD", format: USD },
  { key: "blank6", kind: "blank", label: "" },
  { key: "chart", kind: "section", label: "Chart data: value by part, USD per diluted share" },
  { key: "chartHeader", kind: "metric", label: "" },
  { key: "chartHpc", kind: "metric", label: "HPC lease NPV", format: RENT },
  { key: "chartMining", kind: "metric", label: "Mining", format: RENT },
  { key: "chartBtc", kind: "metric", label: "BTC held", format: RENT },
  { key: "chartDebt", kind: "metric", label: "Minus net debt", format: RENT },
  { key: "chartRentHeader", kind: "metric", label: "" },
  { key: "chartRent", kind: "metric", label: "Contracted rent USD/kW/month", format: RENT },
  { key: "chartBreakeven", kind: "metric", label: "Pivot break-even rent USD/kW/month", format: RENT },
  { key: "blank7", kind: "blank", label: "" },
  {
    key: "detail",
    kind: "section",
    label: "Deal detail: each deal read with PIVOT.DEAL and valued over its company's assumptions",
  },
];

export const ROW: Readonly<Record<string, number>> = Object.fromEntries(COMPS_ROWS.map((r, i) => [r.key, i]));

/** The charts: name, type, title and the rows of their series (the row above the first holds the tickers). */
export const COMPS_CHARTS = [
  {
    name: "PivotLens value by part",
    type: "ColumnStacked",
    title: "Value by part, USD per diluted share",
    header: "chartHeader",
    series: ["chartHpc", "chartMining", "chartBtc", "chartDebt"],
  },
  {
    name: "PivotLens rent vs break-even",
    type: "ColumnClustered",
    title: "Contracted rent vs pivot break-even rent, USD/kW/month",
    header: "chartRentHeader",
    series: ["chartRent", "chartBreakeven"],
  },
] as const;

export const FIRST_COMPANY_COL = 2;
