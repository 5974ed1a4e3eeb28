/**
 * Company fundamentals custom functions (thin adapters over src/companies). They read the
 * shared company store (`globalThis[Symbol.for("pivotlens.companies")]`, see
 * src/companies/store.ts): the bundled, sourced dataset plus the firm's company feed the task
 * pane loaded. Parameters are typed `any` so the adapter, not Excel, writes the error message.
 */

import { companiesTable, companyValue, type CompanyCell } from "../companies/query";
import { companyStore, type CompanyStoreState } from "../companies/store";
import { defineFunction } from "./adapter/define";
import { optText, text, type TextArgSpec } from "./adapter/spec";

function reqText(name: string): TextArgSpec & { readonly optional: false } {
  return { ...text(name), optional: false };
}

export const company = defineFunction({
  id: "COMPANY",
  args: [reqText("ticker"), reqText("field")] as const,
  compute: (ticker: string, field: string): CompanyCell => companyValue(ticker, field),
});

export const companies = defineFunction({
  id: "COMPANIES",
  args: [optText("fields")] as const,
  compute: (fields: string | undefined): CompanyCell[][] => companiesTable(fields),
});

/**
 * One sourced fundamental of a covered miner (bundled from its latest 10-Q, 10-K or release, or from your firm's company feed once loaded), or where that figure came from.
 * field is one of shares_outstanding, shares_diluted, cash_usd, debt_usd (convertibles included), convertible_debt_usd, btc_held, energized_mw, pipeline_mw, installed_eh_s, fleet_j_th, power_usd_kwh, period_end (any case). Add .source for the document's URL, .as_of for the ISO date the value is as of, or .document for the document in words.
 * Units: USD (not thousands), shares as a count, BTC, MW of power, EH/s, J/TH, USD per kWh; period_end and .as_of are ISO date text.
 * Errors: #N/A for an unknown ticker (the message lists the known tickers), an unknown field (lists the fields), or a value the sources do not disclose (type your own value in the cell instead). Never an estimate.
 * Source: each value's own document (SEC filing or company release; a news write-up says so in .document), as PIVOT.COMPANY(ticker, "field.source") shows.
 * Example: =PIVOT.COMPANY("HUT", "btc_held") returns 16331
 * Example: =PIVOT.COMPANY("RIOT", "shares_outstanding") returns 371807186 (cover page of the Q3 2025 10-Q; "shares_outstanding.as_of" gives the text 2025-10-29)
 * @customfunction COMPANY
 * @helpurl https://localhost:3000/help.html#COMPANY
 * @param {any} ticker Ticker, e.g. "HUT" (any case).
 * @param {any} field Field name, e.g. "cash_usd", optionally with .source, .as_of or .document.
 * @returns {any} The value (a number, or ISO date text), or the citation text.
 */
export function COMPANY(ticker: any, field: any): any {
  const t = scalarText(ticker);
  const f = scalarText(field);
  if (t === undefined || f === undefined) return company.invoke(ticker, field);
  // A sheet asks the same (ticker, field) pairs on every recalculation, and many answers are
  // #N/A (undisclosed); building and throwing those errors costs microseconds each. Answers,
  // errors included, are kept until the company list changes (store revision).
  const store = companyStore();
  if (answers.store !== store || answers.revision !== store.revision) {
    answers.map.clear();
    answers.store = store;
    answers.revision = store.revision;
  }
  const key = `${t}\u0000${f}`;
  if (answers.map.has(key)) return answers.map.get(key);
  const result = company.invoke(ticker, field);
  if (answers.map.size >= MAX_ANSWERS) answers.map.clear();
  answers.map.set(key, result);
  return result;
}

const MAX_ANSWERS = 20_000;
const answers: { store: CompanyStoreState | undefined; revision: number; map: Map<string, unknown> } = {
  store: undefined,
  revision: -1,
  map: new Map(),
};

/** The text of a text argument or of a 1×1 range holding text; undefined otherwise. */
function scalarText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.length === 1 && Array.isArray(v[0]) && v[0].length === 1 && typeof v[0][0] === "string")
    return v[0][0];
  return undefined;
}

/**
 * The sourced company fundamentals table, spilled with its header row: ticker, name, then one column per field (or the fields you list).
 * fields, optional, is a comma-separated list of field names as PIVOT.COMPANY takes them (e.g. "cash_usd, cash_usd.as_of, btc_held"); omitted, every field: shares_outstanding, shares_diluted, cash_usd, debt_usd, convertible_debt_usd, btc_held, energized_mw, pipeline_mw, installed_eh_s, fleet_j_th, power_usd_kwh, period_end.
 * Units as in PIVOT.COMPANY. A value the sources do not disclose is an empty text "" (blank, never zero).
 * Errors: #N/A for an unknown field name (the message lists the fields).
 * Source: the bundled dataset (each value cites its filing or release) with your firm's company feed, once loaded, applied field by field.
 * Example: =PIVOT.COMPANIES("btc_held, btc_held.as_of") spills a 14 × 4 table: the header row ticker, name, btc_held, btc_held.as_of and one row per covered company (HUT: 16331, 2026-03-31).
 * @customfunction COMPANIES
 * @helpurl https://localhost:3000/help.html#COMPANIES
 * @param {any} [fields] Comma-separated field names (any case; .source, .as_of, .document allowed). Omitted: every field.
 * @returns {any[][]} The company table, header row first.
 */
export function COMPANIES(fields?: any): any[][] {
  const result = companies.invoke(fields);
  return Array.isArray(result) ? result : [[result]];
}
