/**
 * The company fundamentals schema: one table (`COMPANY_FIELDS`) declares every field once —
 * its name (as PIVOT.COMPANY accepts it, as PIVOT.COMPANIES heads its column and as a feed's
 * column is named), its unit and its allowed range.
 *
 * Every value is cited: it carries the https URL of the document it was read from (a 10-Q,
 * 10-K or company release, or a write-up of one, which the document text then says) and the
 * date the figure is as of (the balance-sheet date, or the date an operating figure was
 * stated). A value no source gives is absent, never 0 and never estimated.
 *
 * The bundled dataset (at build time and at load) and a firm's feed rows are checked by the
 * same `validateCitedValue` / `validateCompanyRecord`, so the rules cannot drift apart.
 *
 * Units: money in USD (not thousands), shares as a count, MW of power capacity, EH/s of
 * installed hashrate, J/TH of fleet efficiency, USD per kWh of power cost. Dates are ISO
 * (YYYY-MM-DD).
 */
import { safeHttpsUrl, unsafeLinkReason } from "../deals/links";
import type { RowIssue } from "../deals/schema";

export type { RowIssue };

export type CompanyFieldName =
  | "shares_outstanding"
  | "shares_diluted"
  | "cash_usd"
  | "debt_usd"
  | "convertible_debt_usd"
  | "btc_held"
  | "energized_mw"
  | "pipeline_mw"
  | "installed_eh_s"
  | "fleet_j_th"
  | "power_usd_kwh"
  | "period_end";

export interface CompanyField {
  readonly name: CompanyFieldName;
  readonly kind: "number" | "date";
  readonly unit: string;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** One line for the docs and messages. */
  readonly description: string;
}

/** Every company field, in the column order of PIVOT.COMPANIES. */
export const COMPANY_FIELDS: readonly CompanyField[] = [
  {
    name: "shares_outstanding",
    kind: "number",
    unit: "shares",
    min: 1,
    max: 1e11,
    description: "Common shares outstanding (all classes), as the cover page or release states",
  },
  {
    name: "shares_diluted",
    kind: "number",
    unit: "shares",
    min: 1,
    max: 1e11,
    description: "Fully diluted share count, where the company states one",
  },
  { name: "cash_usd", kind: "number", unit: "USD", min: 0, max: 1e12, description: "Cash and cash equivalents" },
  {
    name: "debt_usd",
    kind: "number",
    unit: "USD",
    min: 0,
    max: 1e12,
    description: "Total debt, convertible notes included (principal where stated)",
  },
  {
    name: "convertible_debt_usd",
    kind: "number",
    unit: "USD",
    min: 0,
    max: 1e12,
    description: "Convertible notes outstanding (principal where stated)",
  },
  { name: "btc_held", kind: "number", unit: "BTC", min: 0, max: 2.1e7, description: "Bitcoin held (incl. pledged)" },
  { name: "energized_mw", kind: "number", unit: "MW", min: 0, max: 1e5, description: "Energized power capacity" },
  {
    name: "pipeline_mw",
    kind: "number",
    unit: "MW",
    min: 0,
    max: 1e6,
    description: "Power capacity in development or secured, beyond energized",
  },
  {
    name: "installed_eh_s",
    kind: "number",
    unit: "EH/s",
    min: 0,
    max: 1e4,
    description: "Installed self-mining hashrate",
  },
  {
    name: "fleet_j_th",
    kind: "number",
    unit: "J/TH",
    min: 5,
    max: 200,
    description: "Fleet efficiency of the self-mining fleet",
  },
  {
    name: "power_usd_kwh",
    kind: "number",
    unit: "USD/kWh",
    min: 0,
    max: 1,
    description: "All-in power cost of self-mining",
  },
  {
    name: "period_end",
    kind: "date",
    unit: "date",
    description: "End of the reporting period of the latest balance sheet used",
  },
];

export const COMPANY_FIELD_NAMES: readonly CompanyFieldName[] = COMPANY_FIELDS.map((f) => f.name);

/** What `field.xxx` may ask of a value besides the value itself. */
export const VALUE_ATTRIBUTES = ["source", "as_of", "document"] as const;
export type ValueAttribute = (typeof VALUE_ATTRIBUTES)[number];

const BY_NAME = new Map<string, CompanyField>(COMPANY_FIELDS.map((f) => [f.name, f]));

/** The field named `name` (any case, spaces or dashes for underscores), or undefined. */
export function companyFieldByName(name: string): CompanyField | undefined {
  return BY_NAME.get(
    name
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, "_"),
  );
}

/** One cited value. */
export interface CitedValue {
  readonly value: number | string;
  /** https URL of the document the value was read from. */
  readonly source: string;
  /** ISO date the value is as of. */
  readonly asOf: string;
  /** The document in words (form, period, filing date; "news write-up" when not primary). */
  readonly document?: string;
}

export interface Company {
  /** Upper case, e.g. "HUT". */
  readonly ticker: string;
  readonly name: string;
  readonly values: Readonly<Partial<Record<CompanyFieldName, CitedValue>>>;
}

export const TICKER_PATTERN = /^[A-Z0-9][A-Z0-9.-]{0,11}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

function show(v: unknown): string {
  if (typeof v === "string") return `"${(v.length > 40 ? `${v.slice(0, 40)}…` : v).replace(CONTROL, " ")}"`;
  if (typeof v === "object" && v !== null) return Array.isArray(v) ? "a list" : "an object";
  return String(v);
}

/** A real calendar day, YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export function describeField(f: CompanyField): string {
  if (f.kind === "date") return "an ISO date (YYYY-MM-DD)";
  const range =
    f.min !== undefined && f.max !== undefined
      ? ` from ${f.min} to ${f.max}`
      : f.min !== undefined
        ? ` ≥ ${f.min}`
        : "";
  return `a number${range} (${f.unit})`;
}

/** Parses the value of field `f` (a number, or number text with thousands commas). Returns an error message or the value. */
export function parseFieldValue(
  f: CompanyField,
  raw: unknown,
): { ok: true; value: number | string } | { ok: false; message: string } {
  if (f.kind === "date") {
    const s = typeof raw === "string" ? raw.trim() : "";
    return isIsoDate(s)
      ? { ok: true, value: s }
      : { ok: false, message: `must be ${describeField(f)}; got ${show(raw)}.` };
  }
  let x: number;
  if (typeof raw === "number") x = raw;
  else if (typeof raw === "string" && NUMBER_TEXT.test(raw.trim().replace(/,/g, "")))
    x = Number(raw.trim().replace(/,/g, ""));
  else return { ok: false, message: `must be ${describeField(f)}; got ${show(raw)}.` };
  if (!Number.isFinite(x) || (f.min !== undefined && x < f.min) || (f.max !== undefined && x > f.max))
    return { ok: false, message: `must be ${describeField(f)}; got ${show(raw)}.` };
  return { ok: true, value: x };
}

export interface ValueInput {
  readonly value: unknown;
  readonly source: unknown;
  readonly asOf: unknown;
  readonly document?: unknown;
}

/**
 * Checks one cited value: the value in its field's range, `source` a safe https link
 * (`safeHttpsUrl`), `asOf` a calendar date. Returns the value or the messages, each naming
 * the part at fault ("cash_usd", "cash_usd.source", "cash_usd.as_of").
 */
export function validateCitedValue(
  f: CompanyField,
  input: ValueInput,
): { ok: true; value: CitedValue } | { ok: false; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const parsed = parseFieldValue(f, input.value);
  if (!parsed.ok) problems.push({ field: f.name, message: parsed.message });
  const source = safeHttpsUrl(input.source);
  if (source === undefined)
    problems.push({
      field: `${f.name}.source`,
      message: `${unsafeLinkReason(input.source) ?? "must be an absolute https URL"}; got ${show(input.source)}.`,
    });
  const asOf = typeof input.asOf === "string" ? input.asOf.trim() : "";
  if (!isIsoDate(asOf))
    problems.push({ field: `${f.name}.as_of`, message: `must be an ISO date (YYYY-MM-DD); got ${show(input.asOf)}.` });
  let document: string | undefined;
  if (input.document !== undefined && input.document !== null && input.document !== "") {
    if (typeof input.document !== "string" || input.document.length > 300)
      problems.push({
        field: `${f.name}.document`,
        message: `must be text of at most 300 characters; got ${show(input.document)}.`,
      });
    else document = input.document.replace(CONTROL, " ").trim();
  }
  if (problems.length > 0 || !parsed.ok || source === undefined) return { ok: false, problems };
  return { ok: true, value: { value: parsed.value, source, asOf, ...(document ? { document } : {}) } };
}

/** Upper-cased ticker, or an error message. */
export function parseTicker(raw: unknown): { ok: true; ticker: string } | { ok: false; message: string } {
  const s = typeof raw === "string" ? raw.trim().toUpperCase() : "";
  if (TICKER_PATTERN.test(s)) return { ok: true, ticker: s };
  return {
    ok: false,
    message: `must be a ticker of letters, digits, "." and "-" (at most 12); got ${show(raw)}.`,
  };
}

/** Company name text: at most 200 characters, control characters removed. */
export function parseName(raw: unknown): { ok: true; name: string } | { ok: false; message: string } {
  if (typeof raw !== "string" || raw.trim() === "" || raw.length > 200)
    return { ok: false, message: `must be text of 1 to 200 characters; got ${show(raw)}.` };
  return { ok: true, name: raw.replace(CONTROL, " ").trim() };
}
