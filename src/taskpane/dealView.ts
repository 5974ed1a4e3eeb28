/**
 * The Deals panel's view of the deal list: the filter options, the filter itself and the
 * implied rent column. Pure, so the rules are tested without rendering.
 */
import { impliedRentUsdPerKwMonth } from "../core/lease";
import type { Deal } from "../deals";

/** Filter value meaning "any". */
export const ANY = "";
/** Backstop filter value meaning "deals without a backstop". */
export const NO_BACKSTOP = "\u0000none";

export interface DealFilter {
  readonly company: string;
  readonly tenant: string;
  readonly backstop: string;
}

export const NO_FILTER: DealFilter = { company: ANY, tenant: ANY, backstop: ANY };

function distinctSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b, "en-US", { sensitivity: "base" }));
}

/** The choices each filter offers (distinct values, sorted), from the current deal list. */
export function filterOptions(deals: readonly Deal[]): { companies: string[]; tenants: string[]; backstops: string[] } {
  return {
    companies: distinctSorted(deals.map((d) => d.company)),
    tenants: distinctSorted(deals.map((d) => d.tenant)),
    backstops: distinctSorted(deals.flatMap((d) => (d.backstop !== undefined && d.backstop !== "" ? [d.backstop] : []))),
  };
}

export function applyFilter(deals: readonly Deal[], filter: DealFilter): Deal[] {
  return deals.filter((d) => {
    if (filter.company !== ANY && d.company !== filter.company) return false;
    if (filter.tenant !== ANY && d.tenant !== filter.tenant) return false;
    if (filter.backstop === NO_BACKSTOP) return d.backstop === undefined || d.backstop === "";
    if (filter.backstop !== ANY && d.backstop !== filter.backstop) return false;
    return true;
  });
}

/**
 * Implied rent of a headline deal, USD per kW per month (src/core: value / term / (MW × 1000)
 * / 12, which averages the escalators), or undefined when the source does not state value,
 * term and MW. The Deals sheet computes the same with PIVOT.HPC_IMPLIED_RENT.
 */
export function impliedRent(deal: Deal): number | undefined {
  const { contractValueUsd, termYears, criticalItMw } = deal;
  if (contractValueUsd === undefined || termYears === undefined || criticalItMw === undefined) return undefined;
  return impliedRentUsdPerKwMonth(contractValueUsd, termYears, criticalItMw);
}

/** Orders numbers ascending, absent values after present ones (the grid reverses it for descending). */
export function compareOptional(a: number | undefined, b: number | undefined): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a - b;
}
