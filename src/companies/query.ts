/**
 * Lookups over the current company list for PIVOT.COMPANY/COMPANIES and the task pane.
 * Failures are `ModelError("na")` with a message that says what is valid.
 */
import { ModelError } from "../core/errors";
import {
  COMPANY_FIELDS,
  COMPANY_FIELD_NAMES,
  VALUE_ATTRIBUTES,
  companyFieldByName,
  type Company,
  type CompanyField,
  type ValueAttribute,
} from "./schema";
import { companyStore } from "./store";

export type CompanyCell = string | number;

function knownTickers(list: readonly Company[]): string {
  return list.map((c) => c.ticker).join(", ");
}

/** The company with this ticker (any case), or #N/A naming it and listing the known tickers. */
export function findCompany(ticker: string, byTicker: ReadonlyMap<string, Company> = companyStore().byTicker): Company {
  const c = byTicker.get(ticker.trim().toUpperCase());
  if (c === undefined) {
    throw new ModelError(
      "na",
      `ticker "${ticker.trim().slice(0, 20)}" is not in the company data. Known tickers: ${knownTickers([...byTicker.values()])}.`,
    );
  }
  return c;
}

export interface FieldRef {
  readonly field: CompanyField;
  readonly attribute?: ValueAttribute;
}

const FIELD_CACHE = new Map<string, FieldRef>();

/** Parses "cash_usd", "cash_usd.source", "Cash USD.as_of" (any case), or #N/A listing the valid names. */
export function resolveFieldRef(text: string): FieldRef {
  const cached = FIELD_CACHE.get(text);
  if (cached !== undefined) return cached;
  const trimmed = text.trim();
  const dot = trimmed.lastIndexOf(".");
  const attr =
    dot >= 0
      ? trimmed
          .slice(dot + 1)
          .trim()
          .toLowerCase()
      : "";
  const isAttr = (VALUE_ATTRIBUTES as readonly string[]).includes(attr);
  const field = companyFieldByName(isAttr ? trimmed.slice(0, dot) : trimmed);
  if (field === undefined) {
    throw new ModelError(
      "na",
      `field "${trimmed.slice(0, 60)}" is not a company field. Fields: ${COMPANY_FIELD_NAMES.join(", ")}; add .source, .as_of or .document for the citation (e.g. "cash_usd.source").`,
    );
  }
  const ref: FieldRef = isAttr ? { field, attribute: attr as ValueAttribute } : { field };
  if (FIELD_CACHE.size < 1000) FIELD_CACHE.set(text, ref);
  return ref;
}

/**
 * One field of one company, or its citation (`.source`: the URL, `.as_of`: the ISO date the
 * value is as of, `.document`: the document in words). #N/A for an unknown ticker, an unknown
 * field, or a value the sources do not give.
 */
export function companyValue(ticker: string, fieldText: string): CompanyCell {
  const { field, attribute } = resolveFieldRef(fieldText);
  const company = findCompany(ticker);
  const v = company.values[field.name];
  if (v === undefined) {
    throw new ModelError(
      "na",
      `${field.name} of ${company.ticker} is not disclosed in the sources PivotLens holds; type your own value in the cell (or give it in your firm's company feed).`,
    );
  }
  switch (attribute) {
    case undefined:
      return v.value;
    case "source":
      return v.source;
    case "as_of":
      return v.asOf;
    case "document":
      return v.document ?? v.source;
  }
}

/**
 * The company table: header row ("ticker", "name", then the fields), one row per company.
 * `fields` (comma or space separated names, "cash_usd.source" allowed) picks the columns;
 * omitted, every field. An undisclosed value is "" (the cell is blank, not zero).
 */
export function companiesTable(fields?: string): CompanyCell[][] {
  const refs: FieldRef[] =
    fields === undefined || fields.trim() === ""
      ? COMPANY_FIELDS.map((field) => ({ field }))
      : fields
          .split(/[,;\s]+/)
          .filter((s) => s !== "")
          .map(resolveFieldRef);
  const header: CompanyCell[] = [
    "ticker",
    "name",
    ...refs.map((r) => (r.attribute ? `${r.field.name}.${r.attribute}` : r.field.name)),
  ];
  const rows = companyStore().current.map((c): CompanyCell[] => [
    c.ticker,
    c.name,
    ...refs.map((r) => {
      const v = c.values[r.field.name];
      if (v === undefined) return "";
      if (r.attribute === "source") return v.source;
      if (r.attribute === "as_of") return v.asOf;
      if (r.attribute === "document") return v.document ?? v.source;
      return v.value;
    }),
  ]);
  if (rows.length === 0) throw new ModelError("na", "the company list is empty.");
  return [header, ...rows];
}
