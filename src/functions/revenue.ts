/**
 * Contracted HPC revenue by calendar year (a thin adapter over core/revenueSchedule, fed from
 * the shared deal store). Which deals count and how each becomes a schedule contract is
 * decided here, in `scheduleContracts`, which the Revenue mix sheet's tests also read.
 * The JSDoc block below is what custom-functions-metadata turns into functions.json.
 */

import { ModelError } from "../core/errors";
import { contractRevenueByYear, parseRentStart, type ScheduleContract } from "../core/revenueSchedule";
import { effectiveDeals, findDeal, matchesCompany, ownershipShareOf } from "../deals/query";
import type { Deal } from "../deals/schema";
import { currentDeals } from "../deals/store";
import { defineFunction } from "./adapter/define";
import { num, optText, text } from "./adapter/spec";

/**
 * NOI margin used on the "noi" basis for a lease or colocation contract whose source states
 * no NOI margin: 0.85, the middle of the 80–90% NOI margins the miners' lease deals state
 * (Cipher Barber Lake 80–85%, TeraWulf Lake Mariner ~85%, Cipher's expansion 85–90%).
 */
export const DEFAULT_LEASE_NOI_MARGIN = 0.85;

export type RevenueBasis = "gross" | "noi";

/** A deal left out of a schedule, and why. */
export interface LeftOut {
  readonly id: string;
  readonly reason: string;
}

export interface ScheduleSelection {
  readonly contracts: readonly ScheduleContract[];
  /** NOI margin applied to each contract on the "noi" basis (1 on "gross"), by id. */
  readonly factor: ReadonlyMap<string, number>;
  readonly leftOut: readonly LeftOut[];
}

/** The NOI margin of a deal: its stated NOI margin (middle of low–high), else the lease default. */
export function noiMarginOf(deal: Deal): number | undefined {
  if (deal.marginBasis === "NOI" && (deal.marginLow !== undefined || deal.marginHigh !== undefined)) {
    const lo = deal.marginLow ?? deal.marginHigh!;
    const hi = deal.marginHigh ?? lo;
    return (lo + hi) / 2;
  }
  if (deal.dealType === "lease" || deal.dealType === "colocation") return DEFAULT_LEASE_NOI_MARGIN;
  return undefined;
}

/** The deal's contract for the schedule, or why it has none. */
export function toScheduleContract(deal: Deal): ScheduleContract | LeftOut {
  if (deal.contractValueUsd === undefined) return { id: deal.id, reason: "no stated contract value" };
  if (deal.termYears === undefined) return { id: deal.id, reason: "no stated term" };
  const start = parseRentStart(deal.rentStart) ?? parseRentStart(deal.start);
  if (start === undefined) return { id: deal.id, reason: "no rent start or service start that names a year" };
  return {
    id: deal.id,
    valueUsd: deal.contractValueUsd,
    termYears: deal.termYears,
    startYear: start.year,
    startMonth: start.month,
    escalator: deal.escalator ?? 0,
    share: ownershipShareOf(deal),
  };
}

/**
 * The contracts behind a ticker, company name or deal id: a deal id gives that deal alone; a
 * company gives its effective deals (a restated lease counts once, at its restated figures).
 * #N/A when nothing matches.
 */
export function scheduleContracts(
  tickerOrDealId: string,
  basis: RevenueBasis,
  deals: readonly Deal[] = currentDeals(),
): ScheduleSelection {
  const one = findDeal(tickerOrDealId, deals);
  const selected = one !== undefined ? [one] : effectiveDeals(deals).filter((d) => matchesCompany(d, tickerOrDealId));
  if (selected.length === 0) {
    const tickers = [...new Set(deals.map((d) => d.ticker))].join(", ");
    throw new ModelError(
      "na",
      `ticker_or_deal_id "${tickerOrDealId.slice(0, 64)}" is neither a deal id nor a company with deals. Tickers: ${tickers}; PIVOT.DEALS() lists the deal ids.`,
    );
  }
  const contracts: ScheduleContract[] = [];
  const factor = new Map<string, number>();
  const leftOut: LeftOut[] = [];
  for (const d of selected) {
    const c = toScheduleContract(d);
    if (!("valueUsd" in c)) {
      leftOut.push(c);
      continue;
    }
    const margin = basis === "noi" ? noiMarginOf(d) : 1;
    if (margin === undefined) {
      leftOut.push({ id: d.id, reason: `a ${d.dealType} contract with no stated NOI margin (noi basis)` });
      continue;
    }
    contracts.push(c);
    factor.set(c.id, margin);
  }
  return { contracts, factor, leftOut };
}

/** Rows [year, attributable revenue USD] for firstYear … firstYear+years-1. */
export function revenueSchedule(
  tickerOrDealId: string,
  firstYear: number,
  years: number,
  basis: RevenueBasis = "gross",
  deals: readonly Deal[] = currentDeals(),
): number[][] {
  const sel = scheduleContracts(tickerOrDealId, basis, deals);
  if (sel.contracts.length === 0) {
    const why = sel.leftOut.map((l) => `${l.id}: ${l.reason}`).join("; ");
    throw new ModelError("na", `no contract of "${tickerOrDealId.slice(0, 64)}" can be scheduled (${why}).`);
  }
  const total = new Array<number>(years).fill(0);
  for (const c of sel.contracts) {
    const f = sel.factor.get(c.id) ?? 1;
    contractRevenueByYear(c, firstYear, years).forEach((v, i) => {
      total[i] += v * f;
    });
  }
  return total.map((usd, i) => [firstYear + i, usd]);
}

export const hpcRevenueSchedule = defineFunction({
  id: "HPC_REVENUE_SCHEDULE",
  args: [
    text("ticker_or_deal_id"),
    num("first_year", "calendar year", { min: 1900, max: 9999, integer: true }),
    num("years", "years", { min: 1, max: 100, integer: true }),
    optText("basis", { oneOf: ["gross", "noi"], default: "gross" }),
  ] as const,
  compute: (tickerOrDealId: string, firstYear: number, years: number, basis: string): number[][] =>
    revenueSchedule(tickerOrDealId, firstYear, years, basis === "noi" ? "noi" : "gross"),
});

/**
 * Attributable contracted HPC revenue by calendar year, spilled as one row per year: the year, then USD. ticker_or_deal_id is a ticker or company name (all its deals, a restated lease counted once at its restated figures) or one deal id. basis is "gross" (the default, contract revenue) or "noi" (× the deal's stated NOI margin, the middle of its low–high range; a lease or colocation contract without one uses 0.85, the middle of the 80–90% NOI margins the miners' lease deals state).
 * Each contract earns monthly from its rent start for its term (renewals excluded), follows its stated escalator (flat when none is stated) from each anniversary, and is scaled so that its months add up to its stated value; a calendar year gets the months that fall in it. Revenue is × the company's ownership share. GPU-cloud contracts are included (revenue is revenue); on the noi basis a GPU-cloud or other contract without a stated NOI margin is left out.
 * Rent start is the deal's Rent start, else its Start, read as its first date: a month as stated; a quarter its middle month (Q2 2027 = May 2027); a half the month at its midpoint (2H 2026 = October 2026); "end of"/"YE" a year December; "mid-" or a bare year July.
 * Left out: a deal without a stated value (e.g. WULF-LAKEMARINER-CORE42-2024, CIFR-HYPERSCALER3-2026, BTDR-TYDAL-2026), without a term, or whose Rent start and Start name no year (APLD-POLARISFORGE3-2026, IREN-NVIDIA-2026). #N/A when nothing of the selection can be scheduled (the message says why for each deal) or the ticker or id is unknown.
 * Source: the deal list (company filings and releases cited in each deal's Source field).
 * Example: =PIVOT.HPC_REVENUE_SCHEDULE("HUT-RIVERBEND-2025", 2027, 2) spills {2027, 250,910,708.82; 2028, 383,893,384.50}: $7.0B over 15 years from May 2027 (Q2 2027) at a 3% escalator, so 2027 has 8 months at the base rent and 2028 has 4 at the base and 8 at 1.03 × base.
 * @customfunction HPC_REVENUE_SCHEDULE
 * @helpurl https://localhost:3000/help.html#HPC_REVENUE_SCHEDULE
 * @param {any} ticker_or_deal_id Ticker or company name (e.g. "HUT"), or a deal id (e.g. "HUT-RIVERBEND-2025"), any case.
 * @param {any} first_year First calendar year of the schedule, a whole number from 1900 to 9999.
 * @param {any} years Number of calendar years, a whole number from 1 to 100.
 * @param {any} [basis] "gross" (default) for contract revenue, or "noi" for revenue × NOI margin.
 * @returns {any[][]} One row per year: year, attributable revenue in USD.
 */
export function HPC_REVENUE_SCHEDULE(ticker_or_deal_id: any, first_year: any, years: any, basis?: any): any[][] {
  const result = hpcRevenueSchedule.invoke(ticker_or_deal_id, first_year, years, basis);
  return Array.isArray(result) ? result : [[result]];
}
