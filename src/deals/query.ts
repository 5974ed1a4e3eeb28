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

/** The company's share of a deal: `ownershipShare`, or 1 when absent (wholly owned). */
export function ownershipShareOf(deal: Deal): number {
  return deal.ownershipShare ?? 1;
}

/**
 * Critical IT MW attributable to the company: MW × ownership share. Undefined when the
 * source states no MW. Example: TeraWulf's Abernathy JV, 168 MW at 50.1%, is 84.168 MW.
 */
export function attributableMw(deal: Deal): number | undefined {
  return deal.criticalItMw === undefined ? undefined : deal.criticalItMw * ownershipShareOf(deal);
}

/**
 * Contract value attributable to the company, USD: value × ownership share. Undefined when
 * the source states no value. Example: Abernathy, $9.5B at 50.1%, is $4.7595B.
 */
export function attributableValueUsd(deal: Deal): number | undefined {
  return deal.contractValueUsd === undefined ? undefined : deal.contractValueUsd * ownershipShareOf(deal);
}

/**
 * The deals that count, each once: a deal restated by another row (an amended and restated
 * lease, `relation: "restatement"`) is replaced by its restatement, in the restatement's
 * place in the list order of the parent; expansions stay beside their parents (they add).
 * A restatement of a restatement replaces both. A row whose parent is not in `deals` stands
 * on its own.
 */
export function effectiveDeals(deals: readonly Deal[] = currentDeals()): Deal[] {
  const restated = new Set<string>();
  for (const d of deals) {
    if (d.relation === "restatement" && d.parentId !== undefined) restated.add(d.parentId.toUpperCase());
  }
  return deals.filter((d) => !restated.has(d.id.toUpperCase()));
}

/** A company's attributable totals over its effective deals. */
export interface CompanyTotals {
  readonly ticker: string;
  readonly company: string;
  /** Effective deals counted (restated parents excluded). */
  readonly dealCount: number;
  /** Σ MW × ownership share over the deals that state MW, MW of critical IT. */
  readonly attributableMw: number;
  /** Σ value × ownership share over the deals that state a value, USD. */
  readonly attributableValueUsd: number;
  /** Ids of counted deals with no stated MW (left out of `attributableMw`, not counted as 0 MW). */
  readonly mwNotStated: readonly string[];
  /** Ids of counted deals with no stated value (left out of `attributableValueUsd`). */
  readonly valueNotStated: readonly string[];
}

/**
 * Per-company attributable totals, in list order of the companies: MW and contract value
 * times each deal's ownership share, over `effectiveDeals` (a restated lease counts once, at
 * its restated figures; an expansion adds to its parent). Example: Cipher's Barber Lake lease
 * (168 MW) restated at 207 MW counts 207 MW, not 375.
 */
export function companyTotals(deals: readonly Deal[] = currentDeals()): CompanyTotals[] {
  const byTicker = new Map<
    string,
    { ticker: string; company: string; n: number; mw: number; usd: number; noMw: string[]; noUsd: string[] }
  >();
  for (const d of effectiveDeals(deals)) {
    const key = d.ticker.toUpperCase();
    let t = byTicker.get(key);
    if (t === undefined) {
      t = { ticker: d.ticker, company: d.company, n: 0, mw: 0, usd: 0, noMw: [], noUsd: [] };
      byTicker.set(key, t);
    }
    t.n += 1;
    const mw = attributableMw(d);
    const usd = attributableValueUsd(d);
    if (mw === undefined) t.noMw.push(d.id);
    else t.mw += mw;
    if (usd === undefined) t.noUsd.push(d.id);
    else t.usd += usd;
  }
  return [...byTicker.values()].map((t) => ({
    ticker: t.ticker,
    company: t.company,
    dealCount: t.n,
    attributableMw: t.mw,
    attributableValueUsd: t.usd,
    mwNotStated: t.noMw,
    valueNotStated: t.noUsd,
  }));
}

/** Whether a deal's implied rent (value ÷ term ÷ kW ÷ 12) means anything, and if not, why. */
export type ImpliedRentMeaning =
  { readonly meaningful: true } | { readonly meaningful: false; readonly reason: string };

/**
 * Is value ÷ term ÷ (MW × 1000) ÷ 12 a rent in USD/kW/month for this deal? Not for a GPU
 * cloud service (the contract sells compute with the GPUs: revenue, not rent), not for an
 * "other" contract, not when the value is an estimate, and not when value, term or MW is not
 * stated. A "derived from annual revenue" value is an average, so its rent is a term average.
 */
export function impliedRentMeaning(deal: Deal): ImpliedRentMeaning {
  if (deal.dealType === "GPU cloud service") {
    return {
      meaningful: false,
      reason: `${deal.id} is a GPU cloud service contract: its value is revenue for compute including the GPUs, not rent for space and power.`,
    };
  }
  if (deal.dealType === "other") {
    return { meaningful: false, reason: `${deal.id} is not a lease or colocation contract, so it has no rent.` };
  }
  if (deal.valueBasis === "estimate") {
    return { meaningful: false, reason: `${deal.id}'s value is an estimate, not a contract figure.` };
  }
  const missing = [
    deal.contractValueUsd === undefined ? "contract value" : undefined,
    deal.termYears === undefined ? "term" : undefined,
    deal.criticalItMw === undefined ? "MW" : undefined,
  ].filter((x): x is string => x !== undefined);
  if (missing.length > 0) {
    return { meaningful: false, reason: `the source does not state ${deal.id}'s ${missing.join(", ")}.` };
  }
  return { meaningful: true };
}
