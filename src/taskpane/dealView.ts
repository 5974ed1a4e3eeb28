/**
 * The Deals panel's view of the deal list: the filter options, the filter itself and the
 * implied rent column. Pure, so the rules are tested without rendering.
 */
import { impliedRentUsdPerKwMonth } from "../core/lease";
import type { Deal } from "../deals";

/**
 * The Deals panel's filters, as typed: each keeps the deals whose field contains the text
 * (case-insensitive; company also matches the ticker). Empty = any. The backstop filter
 * `NO_BACKSTOP` keeps the deals without a backstop.
 */
export interface DealFilter {
  readonly company: string;
  readonly tenant: string;
  readonly backstop: string;
}

export const NO_BACKSTOP = "(none)";

export const NO_FILTER: DealFilter = { company: "", tenant: "", backstop: "" };

function distinctSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b, "en-US", { sensitivity: "base" }));
}

/** The suggestions each filter offers (distinct values, sorted), from the current deal list. */
export function filterOptions(deals: readonly Deal[]): { companies: string[]; tenants: string[]; backstops: string[] } {
  return {
    companies: distinctSorted(deals.map((d) => d.company)),
    tenants: distinctSorted(deals.map((d) => d.tenant)),
    backstops: [
      NO_BACKSTOP,
      ...distinctSorted(deals.flatMap((d) => (d.backstop !== undefined && d.backstop !== "" ? [d.backstop] : []))),
    ],
  };
}

/**
 * The distinct companies in list order, by ticker (case-insensitive): what the Comps panel
 * offers. The same rule as src/deals/query.ts `companies`, kept here so taskpane.js does not
 * pull in that module's page-store defaults (and with them the bundled dataset).
 */
export function companyChoices(deals: readonly Deal[]): { ticker: string; company: string }[] {
  const seen = new Map<string, { ticker: string; company: string }>();
  for (const d of deals) {
    const key = d.ticker.toUpperCase();
    if (!seen.has(key)) seen.set(key, { ticker: d.ticker, company: d.company });
  }
  return [...seen.values()];
}

function contains(value: string | undefined, typed: string): boolean {
  return (value ?? "").toLowerCase().includes(typed);
}

/**
 * The Deals panel's one search box: keeps the deals where every word typed appears in the
 * company, ticker, tenant, backstop or site (case-insensitive). `(none)` as a word keeps the
 * deals without a backstop. Empty = every deal.
 */
export function searchDeals(deals: readonly Deal[], query: string): Deal[] {
  const lower = query.trim().toLowerCase();
  const noBackstop = lower.includes(NO_BACKSTOP);
  const words = lower
    .replace(NO_BACKSTOP, " ")
    .split(/\s+/)
    .filter((w) => w !== "");
  return deals.filter((d) => {
    if (noBackstop && d.backstop !== undefined && d.backstop !== "") return false;
    const hay = [d.company, d.ticker, d.tenant, d.backstop ?? "", d.site ?? ""].join(" ").toLowerCase();
    return words.every((w) => hay.includes(w));
  });
}

export function applyFilter(deals: readonly Deal[], filter: DealFilter): Deal[] {
  const company = filter.company.trim().toLowerCase();
  const tenant = filter.tenant.trim().toLowerCase();
  const backstop = filter.backstop.trim().toLowerCase();
  return deals.filter((d) => {
    if (company !== "" && !contains(d.company, company) && !contains(d.ticker, company)) return false;
    if (tenant !== "" && !contains(d.tenant, tenant)) return false;
    if (backstop === NO_BACKSTOP) return d.backstop === undefined || d.backstop === "";
    if (backstop !== "" && !contains(d.backstop, backstop)) return false;
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

export type SortDirection = "ascending" | "descending";
export type SortValue = string | number | boolean | undefined;

/**
 * The comparator DataGrid uses for a column sorted in `direction`. DataGrid sorts with
 * `compare(a, b)` ascending and `-compare(a, b)` descending, so to keep deals without a value
 * (the source does not state it) last in both directions, a missing value compares as larger
 * than any value when ascending and as smaller when descending. Text compares
 * case-insensitively (en-US), booleans as false < true.
 */
export function dealComparator(
  valueOf: (d: Deal) => SortValue,
  direction: SortDirection,
): (a: Deal, b: Deal) => number {
  const missingLast = direction === "ascending" ? 1 : -1;
  return (a, b) => {
    const x = valueOf(a);
    const y = valueOf(b);
    const xMissing = x === undefined || x === "";
    const yMissing = y === undefined || y === "";
    if (xMissing || yMissing) return xMissing === yMissing ? 0 : xMissing ? missingLast : -missingLast;
    if (typeof x === "string" && typeof y === "string") return x.localeCompare(y, "en-US", { sensitivity: "base" });
    return Number(x) - Number(y);
  };
}

/**
 * A stable sort by `valueOf` in `direction`, as DataGrid sorts with `dealComparator`: deals
 * without a value come last in both directions, so "largest first" never starts with blanks.
 */
export function sortDeals(deals: readonly Deal[], valueOf: (d: Deal) => SortValue, direction: SortDirection): Deal[] {
  const compare = dealComparator(valueOf, direction);
  const sign = direction === "ascending" ? 1 : -1;
  return [...deals].sort((a, b) => sign * compare(a, b));
}
