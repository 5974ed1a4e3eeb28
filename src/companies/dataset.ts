/**
 * The bundled company dataset (bundled-companies.json) and its check. The same
 * `validateCompanyDataset` runs at build time (scripts/validate-companies.ts, which fails the
 * build on any issue) and when the bundle loads (a bad value is then left out and reported,
 * so one defect cannot take PIVOT.COMPANY down for every company).
 *
 * File shape: `{ "about": text, "companies": [ { "ticker", "name", "values": { field:
 * { "value", "source", "as_of", "document", "quote" } } } ] }`. `quote` is the sentence or
 * table line of the document the figure was read from; it is kept for review and not loaded.
 */
import bundled from "./bundled-companies.json";
import {
  COMPANY_FIELD_NAMES,
  companyFieldByName,
  parseName,
  parseTicker,
  validateCitedValue,
  type CitedValue,
  type Company,
  type CompanyFieldName,
  type RowIssue,
} from "./schema";

export interface CompanyDatasetResult {
  readonly companies: readonly Company[];
  readonly issues: readonly RowIssue[];
}

const VALUE_KEYS = new Set(["value", "source", "as_of", "document", "quote"]);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Validates the nested dataset form; companies with a bad ticker or name are left out, bad values are left out. */
export function validateCompanyDataset(data: unknown): CompanyDatasetResult {
  const issues: RowIssue[] = [];
  const err = (row: number, field: string, message: string, id?: string): void => {
    issues.push({ line: 0, row, field, message, severity: "error", ...(id ? { id } : {}) });
  };
  if (!isObject(data) || !Array.isArray(data.companies)) {
    err(0, "(file)", 'must be an object with a "companies" list.');
    return { companies: [], issues };
  }
  const companies: Company[] = [];
  const seen = new Map<string, number>();
  data.companies.forEach((rec: unknown, i: number) => {
    const row = i + 1;
    if (!isObject(rec)) return err(row, "(row)", "each company must be an object.");
    const t = parseTicker(rec.ticker);
    if (!t.ok) return err(row, "ticker", t.message);
    const ticker = t.ticker;
    const first = seen.get(ticker);
    if (first !== undefined) return err(row, "ticker", `duplicates the ticker of row ${first}.`, ticker);
    const n = parseName(rec.name);
    if (!n.ok) return err(row, "name", n.message, ticker);
    for (const key of Object.keys(rec)) {
      if (!["ticker", "name", "values"].includes(key))
        err(row, key, "is not a company key (ticker, name, values).", ticker);
    }
    const values: Partial<Record<CompanyFieldName, CitedValue>> = {};
    if (!isObject(rec.values)) {
      err(row, "values", "must be an object of cited values.", ticker);
    } else {
      for (const [name, raw] of Object.entries(rec.values)) {
        const f = companyFieldByName(name);
        if (f === undefined || f.name !== name) {
          err(row, name, `is not a company field. Fields: ${COMPANY_FIELD_NAMES.join(", ")}.`, ticker);
          continue;
        }
        if (!isObject(raw)) {
          err(row, name, 'must be an object {"value", "source", "as_of", "document"}.', ticker);
          continue;
        }
        for (const k of Object.keys(raw))
          if (!VALUE_KEYS.has(k)) err(row, `${name}.${k}`, "is not a value key.", ticker);
        const v = validateCitedValue(f, {
          value: raw.value,
          source: raw.source,
          asOf: raw.as_of,
          document: raw.document,
        });
        if (!v.ok) {
          for (const p of v.problems) err(row, p.field, p.message, ticker);
          continue;
        }
        values[f.name] = v.value;
      }
    }
    seen.set(ticker, row);
    companies.push({ ticker, name: n.name, values });
  });
  return { companies, issues };
}

/** What the bundled file says about itself (sources policy, date compiled). */
export const BUNDLED_COMPANIES_ABOUT: string = (bundled as { about?: string }).about ?? "";

let cache: CompanyDatasetResult | undefined;

/** The bundled companies, validated once per bundle. */
export function bundledCompanies(): CompanyDatasetResult {
  cache ??= validateCompanyDataset(bundled);
  return cache;
}
