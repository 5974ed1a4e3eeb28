import type { Deal } from "../../src/deals/schema";

/** `n` valid synthetic deals over four tickers, for sync-count, size and speed checks. */
export function syntheticDeals(n: number): Deal[] {
  const tickers = ["AAA", "BBB", "CCC", "DDD"];
  return Array.from({ length: n }, (_, i) => ({
    id: `SYN-${String(i + 1).padStart(5, "0")}`,
    company: `Company ${tickers[i % tickers.length]}`,
    ticker: tickers[i % tickers.length],
    tenant: `Tenant ${i}`,
    dealType: i % 7 === 0 ? "GPU cloud service" : "lease",
    contractValueUsd: 1e9 + i * 1e6,
    termYears: 10 + (i % 6),
    criticalItMw: 50 + (i % 40),
    announced: "2025-06-01",
    start: "Q1 2027",
    source: `Synthetic source ${i}`,
    sourceUrl: `https://example.com/deal/${i}`,
    verified: true,
  }));
}
