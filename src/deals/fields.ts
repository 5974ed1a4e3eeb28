/**
 * The declared deal fields: one table (`DEAL_FIELDS`) gives every field of a deal once, with its
 * key in code and JSON, the column header PIVOT.DEALS shows (also the field name PIVOT.DEAL
 * accepts and a CSV feed may use), its kind, its allowed range and its unit. The record
 * validation in schema.ts reads only this table. Conventions are in schema.ts.
 */
import type { DealKey } from "./schema";

/** "GPU cloud service": the company sells compute (GPUs included): revenue, not rent. */
export const DEAL_TYPES = ["lease", "colocation", "GPU cloud service", "other"] as const;
export type DealType = (typeof DEAL_TYPES)[number];

export const MARGIN_BASES = ["NOI", "EBITDA"] as const;
export type MarginBasis = (typeof MARGIN_BASES)[number];

/** How a row relates to its parent (`parentId`). */
export const RELATIONS = ["expansion", "restatement"] as const;
export type Relation = (typeof RELATIONS)[number];

/**
 * Where the contract value comes from: "stated" by the source; "derived from annual revenue"
 * (an annual figure × the term, e.g. Galaxy's "> $1B average annual revenue" × 15 years);
 * "derived from stated totals" (a stated new total less the parent's stated figure);
 * "estimate" (the source's own approximation, not a contract figure).
 */
export const VALUE_BASES = ["stated", "derived from annual revenue", "derived from stated totals", "estimate"] as const;
export type ValueBasis = (typeof VALUE_BASES)[number];

export type Kind = "id" | "text" | "number" | "enum" | "bool" | "url" | "dateText";

/** How a column is formatted on the Deals sheet. */
export type DisplayFormat = "text" | "usd" | "usdRent" | "mw" | "years" | "percent" | "ratio" | "date" | "bool";

export interface DealField {
  readonly key: DealKey;
  /** Column header of PIVOT.DEALS and the Deals sheet; the field name PIVOT.DEAL accepts. */
  readonly header: string;
  readonly kind: Kind;
  readonly required: boolean;
  readonly unit?: string;
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  readonly oneOf?: readonly string[];
  readonly maxLength?: number;
  /** Text fields: the value must match, else `patternText` explains what is allowed. */
  readonly pattern?: RegExp;
  readonly patternText?: string;
  /** Numbers: must be a whole number. */
  readonly integer?: boolean;
  readonly display: DisplayFormat;
  /** One-line description for docs and the task pane. */
  readonly description: string;
}

export const TEXT_MAX = 1000;

/** Every deal field, in the column order of PIVOT.DEALS and the Deals sheet. */
export const DEAL_FIELDS: readonly DealField[] = [
  {
    key: "id",
    header: "ID",
    kind: "id",
    required: true,
    maxLength: 64,
    display: "text",
    description: "Stable deal id",
  },
  {
    key: "company",
    header: "Company",
    kind: "text",
    required: true,
    maxLength: 200,
    display: "text",
    description: "Company name",
  },
  {
    key: "ticker",
    header: "Ticker",
    kind: "text",
    required: true,
    maxLength: 12,
    // Tickers are matched in SUMIFS criteria on the Comps sheet: no operators or wildcards.
    pattern: /^[A-Za-z0-9][A-Za-z0-9.-]*$/,
    patternText: 'letters, digits, "." and "-", starting with a letter or digit',
    display: "text",
    description: "Ticker",
  },
  {
    key: "tenant",
    header: "Tenant",
    kind: "text",
    required: true,
    maxLength: 300,
    display: "text",
    description: "Tenant or customer",
  },
  {
    key: "backstop",
    header: "Backstop",
    kind: "text",
    required: false,
    maxLength: 300,
    display: "text",
    description: "Who guarantees the tenant's payments",
  },
  {
    key: "backstopUsd",
    header: "Backstop USD",
    kind: "number",
    required: false,
    unit: "USD",
    min: 0,
    minExclusive: true,
    display: "usd",
    description: "Amount guaranteed by the backstop",
  },
  {
    key: "dealType",
    header: "Type",
    kind: "enum",
    required: true,
    oneOf: DEAL_TYPES,
    display: "text",
    description: "lease, colocation, GPU cloud service (revenue, not rent) or other",
  },
  {
    key: "ownershipShare",
    header: "Ownership share",
    kind: "number",
    required: false,
    unit: "fraction (0.51 = 51%)",
    min: 0,
    minExclusive: true,
    max: 1,
    display: "percent",
    description: "The company's share of a joint venture; empty = 100% (the figures are the JV's)",
  },
  {
    key: "parentId",
    header: "Parent ID",
    kind: "id",
    required: false,
    maxLength: 64,
    display: "text",
    description: "The deal this row expands or restates",
  },
  {
    key: "relation",
    header: "Relation",
    kind: "enum",
    required: false,
    oneOf: RELATIONS,
    display: "text",
    description: "expansion (adds to the parent) or restatement (replaces the parent's figures)",
  },
  {
    key: "contractValueUsd",
    header: "Value USD",
    kind: "number",
    required: false,
    unit: "USD",
    min: 0,
    minExclusive: true,
    display: "usd",
    description: "Headline contract value over the initial term",
  },
  {
    key: "valueBasis",
    header: "Value basis",
    kind: "enum",
    required: false,
    oneOf: VALUE_BASES,
    display: "text",
    description: "stated, derived from annual revenue, derived from stated totals, or estimate",
  },
  {
    key: "termYears",
    header: "Term years",
    kind: "number",
    required: false,
    unit: "years",
    min: 0,
    minExclusive: true,
    max: 100,
    display: "years",
    description: "Initial term",
  },
  {
    key: "criticalItMw",
    header: "MW",
    kind: "number",
    required: false,
    unit: "MW of critical IT",
    min: 0,
    minExclusive: true,
    max: 100000,
    display: "mw",
    description: "Critical IT load",
  },
  {
    key: "statedRentUsdPerKwMonth",
    header: "Stated rent USD/kW/month",
    kind: "number",
    required: false,
    unit: "USD per kW per month",
    min: 0,
    minExclusive: true,
    max: 100000,
    display: "usdRent",
    description: "Rent as stated by the source (not implied)",
  },
  { key: "site", header: "Site", kind: "text", required: false, maxLength: 300, display: "text", description: "Site" },
  {
    key: "announced",
    header: "Announced",
    kind: "dateText",
    required: false,
    maxLength: 100,
    display: "date",
    description: "Announcement date (ISO) or the source's text",
  },
  {
    key: "start",
    header: "Start",
    kind: "dateText",
    required: false,
    maxLength: 100,
    display: "date",
    description: "Start of service (ISO) or the source's text",
  },
  {
    key: "rentStart",
    header: "Rent start",
    kind: "dateText",
    required: false,
    maxLength: 100,
    display: "date",
    description: "When rent or service revenue starts (ISO) or the source's words",
  },
  {
    key: "renewalValueUsd",
    header: "Value with renewals USD",
    kind: "number",
    required: false,
    unit: "USD",
    min: 0,
    minExclusive: true,
    display: "usd",
    description: "Total value including renewal options",
  },
  {
    key: "renewalOptions",
    header: "Renewal options",
    kind: "text",
    required: false,
    maxLength: 200,
    display: "text",
    description: "Renewal options as stated",
  },
  {
    key: "renewalCount",
    header: "Renewal count",
    kind: "number",
    required: false,
    unit: "options",
    min: 1,
    max: 20,
    integer: true,
    display: "ratio",
    description: "Number of renewal options (3 in 3x5y)",
  },
  {
    key: "renewalYears",
    header: "Renewal years",
    kind: "number",
    required: false,
    unit: "years per option",
    min: 0,
    minExclusive: true,
    max: 50,
    display: "years",
    description: "Length of each renewal option (5 in 3x5y)",
  },
  {
    key: "capexUsdPerMwLow",
    header: "Capex USD/MW low",
    kind: "number",
    required: false,
    unit: "USD per MW",
    min: 0,
    minExclusive: true,
    display: "usd",
    description: "Stated build capex per MW, low end",
  },
  {
    key: "capexUsdPerMwHigh",
    header: "Capex USD/MW high",
    kind: "number",
    required: false,
    unit: "USD per MW",
    min: 0,
    minExclusive: true,
    display: "usd",
    description: "Stated build capex per MW, high end",
  },
  {
    key: "marginBasis",
    header: "Margin basis",
    kind: "enum",
    required: false,
    oneOf: MARGIN_BASES,
    display: "text",
    description: "NOI or EBITDA",
  },
  {
    key: "marginLow",
    header: "Margin low",
    kind: "number",
    required: false,
    unit: "fraction (0.85 = 85%)",
    min: 0,
    minExclusive: true,
    max: 1,
    display: "percent",
    description: "Stated margin, low end",
  },
  {
    key: "marginHigh",
    header: "Margin high",
    kind: "number",
    required: false,
    unit: "fraction (0.85 = 85%)",
    min: 0,
    minExclusive: true,
    max: 1,
    display: "percent",
    description: "Stated margin, high end",
  },
  {
    key: "escalator",
    header: "Escalator",
    kind: "number",
    required: false,
    unit: "fraction per year",
    min: -1,
    minExclusive: true,
    max: 1,
    display: "percent",
    description: "Stated annual rent escalator",
  },
  {
    key: "pue",
    header: "PUE",
    kind: "number",
    required: false,
    unit: "ratio",
    min: 1,
    max: 5,
    display: "ratio",
    description: "Stated power usage effectiveness",
  },
  {
    key: "financing",
    header: "Financing",
    kind: "text",
    required: false,
    maxLength: TEXT_MAX,
    display: "text",
    description: "Stated financing",
  },
  {
    key: "notes",
    header: "Notes",
    kind: "text",
    required: false,
    maxLength: TEXT_MAX,
    display: "text",
    description: "Notes, as the source table gives them",
  },
  {
    key: "valueTermAsStated",
    header: "Value and term as stated",
    kind: "text",
    required: false,
    maxLength: 300,
    display: "text",
    description: "The source's value and term text, verbatim",
  },
  {
    key: "mwAsStated",
    header: "MW as stated",
    kind: "text",
    required: false,
    maxLength: 100,
    display: "text",
    description: "The source's MW text, verbatim",
  },
  {
    key: "source",
    header: "Source",
    kind: "text",
    required: true,
    maxLength: 500,
    display: "text",
    description: "Citation",
  },
  {
    key: "sourceUrl",
    header: "Source URL",
    kind: "url",
    required: false,
    maxLength: 2000,
    display: "text",
    description: "https link to the source",
  },
  {
    key: "verified",
    header: "Verified",
    kind: "bool",
    required: true,
    display: "bool",
    description: "FALSE when any figure is unverified (u)",
  },
  {
    key: "unverified",
    header: "Unverified figures",
    kind: "text",
    required: false,
    maxLength: 500,
    display: "text",
    description: "Which figures are unverified",
  },
];
