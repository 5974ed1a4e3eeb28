/**
 * Lookups over the current deal list, shared by PIVOT.DEAL/DEALS and the task pane.
 * Failures are `ModelError("na")` with a message that says what is valid.
 */
import { ModelError } from "../core/errors";
import { DEAL_FIELDS, DEAL_HEADERS, fieldByName, type Deal, type DealField } from "./schema";
import { currentDeals } from "./store";

/** A cell of PIVOT.DEALS: "" where a field is not stated. */
export type DealCell = string | number | boolean;

export function findDeal(id: string, deals: readonly Deal[] = currentDeals()): Deal | undefined {
  const wanted = id.trim().toUpperCase();
  return deals.find((d) => d.id.toUpperCase() === wanted);
}

function listIds(deals: readonly Deal[]): string {
  const ids = deals.map((d) => d.id);
  return ids.length <= 20
    ? ids.join(", ")
    : `${ids.slice(0, 20).join(", ")}, … (${ids.length} in all; PIVOT.DEALS() lists them)`;
}

export function validFieldsText(): string {
  return DEAL_HEADERS.join(", ");
}

/** The field named `name` (a PIVOT.DEALS header, any case), or #N/A listing the valid fields. */
export function resolveField(name: string): DealField {
  const f = fieldByName(name);
  if (f === undefined) {
    throw new ModelError("na", `field "${name.slice(0, 60)}" is not a deal field. Valid fields: ${validFieldsText()}.`);
  }
  return f;
}

/**
 * One field of one deal. #N/A when the id is unknown (message lists the ids and the valid
 * fields), when the field is unknown (lists the valid fields), or when the source does not
 * state that field for this deal (a blank would read as zero in arithmetic).
 */
export function dealField(id: string, fieldName: string, deals: readonly Deal[] = currentDeals()): DealCell {
  const f = resolveField(fieldName);
  const deal = findDeal(id, deals);
  if (deal === undefined) {
    throw new ModelError(
      "na",
      `deal_id "${id.slice(0, 64)}" is not in the deal list. Ids: ${listIds(deals)}. Valid fields: ${validFieldsText()}.`,
    );
  }
  const value = deal[f.key];
  if (value === undefined) {
    throw new ModelError("na", `${f.header} is not stated for ${deal.id} (the source does not give it).`);
  }
  return value;
}

/** Does `filter` (ticker or company name, any case) select this deal? */
export function matchesCompany(deal: Deal, filter: string): boolean {
  const f = filter.trim().toLowerCase();
  return deal.ticker.toLowerCase() === f || deal.company.toLowerCase() === f;
}

/** The distinct companies, in list order: ticker and name. */
export function companies(deals: readonly Deal[] = currentDeals()): { ticker: string; company: string }[] {
  const seen = new Map<string, { ticker: string; company: string }>();
  for (const d of deals) {
    const key = d.ticker.toUpperCase();
    if (!seen.has(key)) seen.set(key, { ticker: d.ticker, company: d.company });
  }
  return [...seen.values()];
}

/** One row of PIVOT.DEALS for a deal, in DEAL_FIELDS order. */
export function dealRow(deal: Deal): DealCell[] {
  return DEAL_FIELDS.map((f) => deal[f.key] ?? "");
}

/**
 * The deal table with its header row; `company` filters by ticker or name (any case).
 * #N/A when the filter matches nothing (the message lists the companies).
 */
export function dealsTable(company?: string, deals: readonly Deal[] = currentDeals()): DealCell[][] {
  const selected =
    company === undefined || company.trim() === "" ? deals : deals.filter((d) => matchesCompany(d, company));
  if (selected.length === 0) {
    if (company !== undefined && company.trim() !== "") {
      const list = companies(deals)
        .map((c) => `${c.ticker} (${c.company})`)
        .join(", ");
      throw new ModelError(
        "na",
        `company "${company.slice(0, 60)}" has no deals. Companies (ticker or name): ${list}.`,
      );
    }
    throw new ModelError("na", "the deal list is empty.");
  }
  return [[...DEAL_HEADERS], ...selected.map(dealRow)];
}
