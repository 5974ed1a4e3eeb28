/**
 * The deal schema: one table (`DEAL_FIELDS`) declares every field of a deal once — its key in
 * code and JSON, the column header PIVOT.DEALS shows (which is also the field name
 * PIVOT.DEAL accepts and a CSV feed may use), its kind, its allowed range and its unit.
 * Validation of the bundled dataset (at build time and at load) and of a firm's feed rows
 * both go through `validateDealRecord`, so the rules cannot drift apart.
 *
 * Conventions:
 * - Money in USD, capacity in MW of critical IT load, rent in USD per kW per month, margins
 *   and escalators as fractions (0.85 = 85%).
 * - Absent means "not stated by the source": a field is left out, never set to 0.
 * - Dates stay as the source gives them: ISO (2025-12-17, 2026-09) where exact, text where
 *   vague ("Q2 2027", "2H 2026", "~2024-12"). A full ISO date must be a real calendar date.
 * - `verified` is false when any figure of the deal comes from a secondary write-up (news)
 *   rather than the company's release or SEC filing; `unverified` names exactly those figures.
 * - Structure: `ownershipShare` is the company's share of a joint venture, (0, 1], absent = 1
 *   (figures are the JV's, 100%). An expansion or amendment is its own row with `parentId`
 *   and `relation`: "expansion" adds to the parent, "restatement" (an amended and restated
 *   lease) replaces the parent's figures. query.ts turns these into attributable totals.
 * - Text is kept verbatim (a tenant named `=HYPERLINK(...)` stays that text): turning it into
 *   safe cell content is the workbook writer's job, not the schema's. Only control characters
 *   other than tab and line feed are removed.
 */

import {
  DEAL_FIELDS,
  TEXT_MAX,
  type DealField,
  type DealType,
  type MarginBasis,
  type Relation,
  type ValueBasis,
} from "./fields";

export {
  DEAL_FIELDS,
  DEAL_TYPES,
  MARGIN_BASES,
  RELATIONS,
  VALUE_BASES,
  type DealField,
  type DealType,
  type DisplayFormat,
  type Kind,
  type MarginBasis,
  type Relation,
  type ValueBasis,
} from "./fields";

export interface Deal {
  /** Stable slug, e.g. "HUT-RIVERBEND-2025". Matched case-insensitively. */
  readonly id: string;
  readonly company: string;
  readonly ticker: string;
  readonly tenant: string;
  readonly backstop?: string;
  /** Amount the backstop guarantees, USD. */
  readonly backstopUsd?: number;
  readonly dealType: DealType;
  /** The company's share of a joint venture, (0, 1]; absent = 1 (wholly owned). */
  readonly ownershipShare?: number;
  /** The id of the deal this row expands or restates. */
  readonly parentId?: string;
  /** "expansion" adds to the parent; "restatement" replaces the parent's figures. */
  readonly relation?: Relation;
  /** Headline contract value over the initial term, USD. */
  readonly contractValueUsd?: number;
  /** Where the contract value comes from (absent: not classified). */
  readonly valueBasis?: ValueBasis;
  readonly termYears?: number;
  /** Critical IT load, MW. */
  readonly criticalItMw?: number;
  /** Rent stated by the source (not implied), USD per kW per month. */
  readonly statedRentUsdPerKwMonth?: number;
  readonly site?: string;
  /** ISO date or the source's text. */
  readonly announced?: string;
  /** ISO date or the source's text. */
  readonly start?: string;
  /** When rent (or service revenue) starts: ISO date or the source's words ("Q2 2027"). */
  readonly rentStart?: string;
  /** Total value including renewal options, USD. */
  readonly renewalValueUsd?: number;
  /** Renewal options as stated, e.g. "3x5y". */
  readonly renewalOptions?: string;
  /** Number of renewal options (3 in "3x5y"). */
  readonly renewalCount?: number;
  /** Length of each renewal option, years (5 in "3x5y"). */
  readonly renewalYears?: number;
  readonly capexUsdPerMwLow?: number;
  readonly capexUsdPerMwHigh?: number;
  readonly marginBasis?: MarginBasis;
  /** Stated margin (NOI or EBITDA, per `marginBasis`), low end, fraction. */
  readonly marginLow?: number;
  readonly marginHigh?: number;
  /** Stated annual rent escalator, fraction. */
  readonly escalator?: number;
  readonly pue?: number;
  readonly financing?: string;
  readonly notes?: string;
  /** The value and term cell of the source table, verbatim ("$6.7B, 10y (to $16B)"). */
  readonly valueTermAsStated?: string;
  /** The MW cell of the source table, verbatim ("~360", "25 (to 200)"). */
  readonly mwAsStated?: string;
  /** Citation as text (publication, filing number, date). */
  readonly source: string;
  /** An https link to the source page, where one is known. */
  readonly sourceUrl?: string;
  /** False when any figure of the deal is unverified. */
  readonly verified: boolean;
  /** Which figures are unverified. */
  readonly unverified?: string;
}

export type DealKey = keyof Deal;

/** The column headers of PIVOT.DEALS, in order. */
export const DEAL_HEADERS: readonly string[] = DEAL_FIELDS.map((f) => f.header);

const BY_NAME = new Map<string, DealField>();
for (const f of DEAL_FIELDS) {
  BY_NAME.set(normalizeName(f.header), f);
  BY_NAME.set(normalizeName(f.key), f);
}

/** Lower case, trimmed, inner whitespace collapsed: "  Term   Years " → "term years". */
export function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}

/** The field whose header (or code key) matches `name`, case-insensitively. */
export function fieldByName(name: string): DealField | undefined {
  return BY_NAME.get(normalizeName(name));
}

export function fieldByKey(key: DealKey): DealField {
  const f = DEAL_FIELDS.find((x) => x.key === key);
  if (f === undefined) throw new Error(`internal error: no deal field ${String(key)}`);
  return f;
}

/** One problem in one row of a dataset or feed. */
export interface RowIssue {
  /** 1-based line in the source text where the row starts (0 when not from a text file). */
  readonly line: number;
  /** 1-based position of the row among the data rows. */
  readonly row: number;
  /** The column header of the field at fault, or "(row)" for a problem with the whole row. */
  readonly field: string;
  readonly message: string;
  /** The row's id when it has one. */
  readonly id?: string;
  /** "error": the row was rejected. "warning": the row loaded (an unknown column was ignored). */
  readonly severity: "error" | "warning";
}

export type CellInput = unknown;

// Control characters other than tab (09) and line feed (0a), plus DEL and C1.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

function show(v: unknown): string {
  if (typeof v === "string") {
    const s = v.length > 40 ? `${v.slice(0, 40)}…` : v;
    return `"${s.replace(CONTROL, " ")}"`;
  }
  if (typeof v === "object") return Array.isArray(v) ? "a list" : "an object";
  return String(v);
}

function describeRange(f: DealField): string {
  const parts: string[] = [];
  if (f.min !== undefined) parts.push(f.minExclusive ? `> ${f.min}` : `≥ ${f.min}`);
  if (f.max !== undefined) parts.push(f.maxExclusive ? `< ${f.max}` : `≤ ${f.max}`);
  const range = parts.length > 0 ? ` ${parts.join(" and ")}` : "";
  return `${f.integer ? "a whole number" : "a number"}${range}${f.unit ? ` (${f.unit})` : ""}`;
}

/** Is this a real calendar day? (UTC, no time zone involved.) */
function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

class FieldError extends Error {}

function parseNumber(f: DealField, raw: unknown): number {
  let x: number;
  if (typeof raw === "number") {
    x = raw;
  } else if (typeof raw === "string") {
    let s = raw.trim().replace(/,/g, "");
    let scale = 1;
    if (s.endsWith("%")) {
      if (f.display !== "percent")
        throw new FieldError(
          `must be ${describeRange(f)}; got ${show(raw)} (a percentage is allowed only for margins and escalators).`,
        );
      s = s.slice(0, -1).trim();
      scale = 0.01;
    }
    if (!NUMBER_TEXT.test(s)) throw new FieldError(`must be ${describeRange(f)}; got ${show(raw)}.`);
    x = Number(s) * scale;
  } else {
    throw new FieldError(`must be ${describeRange(f)}; got ${show(raw)}.`);
  }
  if (!Number.isFinite(x)) throw new FieldError(`must be ${describeRange(f)}; got ${show(raw)}.`);
  const below = f.min !== undefined && (f.minExclusive ? x <= f.min : x < f.min);
  const above = f.max !== undefined && (f.maxExclusive ? x >= f.max : x > f.max);
  if (below || above || (f.integer === true && !Number.isInteger(x)))
    throw new FieldError(`must be ${describeRange(f)}; got ${x}.`);
  return x;
}

function parseText(f: DealField, raw: unknown): string {
  if (typeof raw !== "string" && typeof raw !== "number") throw new FieldError(`must be text; got ${show(raw)}.`);
  const s = String(raw).replace(CONTROL, " ").trim();
  const max = f.maxLength ?? TEXT_MAX;
  if (s.length > max) throw new FieldError(`is ${s.length} characters long; the limit is ${max}.`);
  if (f.pattern !== undefined && !f.pattern.test(s))
    throw new FieldError(`must hold only ${f.patternText ?? "allowed characters"}; got ${show(raw)}.`);
  return s;
}

function parseField(f: DealField, raw: unknown): string | number | boolean {
  switch (f.kind) {
    case "number":
      return parseNumber(f, raw);
    case "text":
      return parseText(f, raw);
    case "id": {
      const s = parseText(f, raw);
      if (!ID_PATTERN.test(s)) {
        throw new FieldError(
          `must start with a letter or digit and hold only letters, digits, ".", "_" and "-"; got ${show(raw)}.`,
        );
      }
      return s;
    }
    case "enum": {
      const s = parseText(f, raw);
      const options = f.oneOf ?? [];
      const match = options.find((o) => o.toLowerCase() === s.toLowerCase());
      if (match === undefined)
        throw new FieldError(`must be one of ${options.map((o) => `"${o}"`).join(", ")}; got ${show(raw)}.`);
      return match;
    }
    case "bool": {
      if (typeof raw === "boolean") return raw;
      const s = typeof raw === "string" ? raw.trim().toLowerCase() : typeof raw === "number" ? String(raw) : "";
      if (["true", "yes", "1", "y"].includes(s)) return true;
      if (["false", "no", "0", "n"].includes(s)) return false;
      throw new FieldError(`must be TRUE or FALSE; got ${show(raw)}.`);
    }
    case "url": {
      const s = parseText(f, raw);
      let url: URL;
      try {
        url = new URL(s);
      } catch {
        throw new FieldError(`must be an https URL; got ${show(raw)}.`);
      }
      if (url.protocol !== "https:") throw new FieldError(`must be an https URL; got ${show(raw)}.`);
      return url.href;
    }
    case "dateText": {
      const s = parseText(f, raw);
      const day = ISO_DATE.exec(s);
      if (day && !isCalendarDate(Number(day[1]), Number(day[2]), Number(day[3]))) {
        throw new FieldError(`${show(raw)} is not a calendar date (YYYY-MM-DD).`);
      }
      const month = ISO_MONTH.exec(s);
      if (month && (Number(month[2]) < 1 || Number(month[2]) > 12)) {
        throw new FieldError(`${show(raw)} is not a valid month (YYYY-MM).`);
      }
      return s;
    }
  }
}

export interface RecordContext {
  readonly line: number;
  readonly row: number;
}

export type RecordResult =
  | { readonly ok: true; readonly deal: Deal; readonly unknownNames: readonly string[] }
  | { readonly ok: false; readonly issues: readonly RowIssue[]; readonly unknownNames: readonly string[] };

/**
 * Validates one record: an object whose keys are field keys or column headers (any case).
 * Keys that name no field are ignored and returned in `unknownNames` (the dataset check
 * reports each one once, so a misspelt column does not vanish silently).
 * Returns the deal, or every issue found in the row.
 */
export function validateDealRecord(record: unknown, ctx: RecordContext): RecordResult {
  const issues: RowIssue[] = [];
  const unknownNames: string[] = [];
  const at = (field: string, message: string, id?: string): RowIssue => ({
    line: ctx.line,
    row: ctx.row,
    field,
    message,
    severity: "error",
    ...(id ? { id } : {}),
  });
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return {
      ok: false,
      issues: [at("(row)", `each deal must be an object with named fields; got ${show(record)}.`)],
      unknownNames,
    };
  }
  const values = new Map<DealField, unknown>();
  for (const [name, value] of Object.entries(record as Record<string, unknown>)) {
    const f = fieldByName(name);
    if (f === undefined) {
      unknownNames.push(name);
      continue;
    }
    if (values.has(f)) {
      issues.push(at(f.header, `is given twice (as "${name}" and another spelling).`));
      continue;
    }
    values.set(f, value);
  }
  const rawId = values.get(fieldByKey("id"));
  const id = typeof rawId === "string" && rawId.trim() !== "" ? rawId.trim() : undefined;
  const out: Record<string, string | number | boolean> = {};
  for (const f of DEAL_FIELDS) {
    const raw = values.get(f);
    if (isBlank(raw)) {
      if (f.required) issues.push(at(f.header, "is required and is empty.", id));
      continue;
    }
    try {
      out[f.key] = parseField(f, raw);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      issues.push(at(f.header, e.message, id));
    }
  }
  // Cross-field rules.
  const n = (k: DealKey): number | undefined => (typeof out[k] === "number" ? (out[k] as number) : undefined);
  const capLo = n("capexUsdPerMwLow");
  const capHi = n("capexUsdPerMwHigh");
  if (capLo !== undefined && capHi !== undefined && capHi < capLo) {
    issues.push(at(fieldByKey("capexUsdPerMwHigh").header, `(${capHi}) is below Capex USD/MW low (${capLo}).`, id));
  }
  const mLo = n("marginLow");
  const mHi = n("marginHigh");
  if (mLo !== undefined && mHi !== undefined && mHi < mLo) {
    issues.push(at(fieldByKey("marginHigh").header, `(${mHi}) is below Margin low (${mLo}).`, id));
  }
  if ((mLo !== undefined || mHi !== undefined) && out.marginBasis === undefined) {
    issues.push(at(fieldByKey("marginBasis").header, 'is required when a margin is given ("NOI" or "EBITDA").', id));
  }
  const value = n("contractValueUsd");
  const renewal = n("renewalValueUsd");
  if (value !== undefined && renewal !== undefined && renewal < value) {
    issues.push(
      at(
        fieldByKey("renewalValueUsd").header,
        `(${renewal}) is below the contract value (${value}); it includes the initial term.`,
        id,
      ),
    );
  }
  const header = (k: DealKey): string => fieldByKey(k).header;
  const given = (k: DealKey): boolean => !isBlank(values.get(fieldByKey(k)));
  if (given("parentId") && !given("relation")) {
    issues.push(at(header("relation"), 'is required when Parent ID is given ("expansion" or "restatement").', id));
  }
  if (given("relation") && !given("parentId")) {
    issues.push(at(header("parentId"), "is required when Relation is given: the id of the deal this row changes.", id));
  }
  if (typeof out.parentId === "string" && id !== undefined && out.parentId.toUpperCase() === id.toUpperCase()) {
    issues.push(at(header("parentId"), "names the row itself; it must be another deal's id.", id));
  }
  if (given("renewalCount") !== given("renewalYears")) {
    const missing = given("renewalCount") ? "renewalYears" : "renewalCount";
    issues.push(
      at(header(missing), "is required when the other renewal field is given (count × years, e.g. 3 × 5).", id),
    );
  }
  if (issues.length > 0) return { ok: false, issues, unknownNames };
  return { ok: true, deal: out as unknown as Deal, unknownNames };
}

/** The value of a field of a deal (undefined when not stated). */
export function dealValue(deal: Deal, key: DealKey): string | number | boolean | undefined {
  return deal[key];
}
