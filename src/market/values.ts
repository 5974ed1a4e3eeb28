/**
 * The market values the custom functions read when a market argument is omitted.
 * Synchronous on purpose: a function answers at once from what is known (the latest
 * refresh, else the last good values, else the embedded snapshot; see store.ts).
 * `hashpriceUsdPerPhDay` is the difficulty-based hashprice of these same inputs (Hashrate
 * Index definition: 144 × (subsidy + fees) × btcUsd ÷ network PH/s, network from difficulty).
 *
 * Each call also asks the store for a lazy refresh: when the snapshot is older than the TTL
 * and no refresh was tried within the TTL, one starts in the background (at most one in
 * flight, shared by every caller). The cell keeps the value it computed now; after the
 * refresh the task pane's recalculation (store.subscribe → workbook layer) updates it.
 */
import { marketStore } from "./store";
import type { MarketValues } from "./model";

export type { MarketValues } from "./model";

export function marketValues(): MarketValues {
  const store = marketStore();
  store.ensureFresh();
  return store.values();
}
