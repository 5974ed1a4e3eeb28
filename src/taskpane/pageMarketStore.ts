/**
 * The page's market store, without a second copy of its code in taskpane.js.
 *
 * In the shared runtime, taskpane.html loads functions.js first, and functions.js creates
 * the store on load (src/market/start.ts) and keeps it on
 * `globalThis[Symbol.for("pivotlens.market")]` (src/market/store.ts). The task pane only needs
 * that instance, through the `MarketStore` interface, so it takes it from there. Bundling
 * the store module again would add ~12 KB gzip to what the pane loads for an object that
 * already exists.
 *
 * Where no store exists yet (a page without functions.js, e.g. a dev page or a test), the
 * store module is loaded on demand as a separate chunk and creates it, so the behaviour is
 * the same everywhere; only where the code comes from differs.
 */
import type { MarketStore } from "../market";

/** `STORE_GLOBAL_KEY` of src/market/store.ts (test/taskpane/pageMarketStore.test.ts keeps them equal). */
export const MARKET_STORE_KEY = Symbol.for("pivotlens.market");
/** `STORE_API_VERSION` of src/market/store.ts, which this task pane is built against. */
export const MARKET_STORE_API_VERSION = 1;

/** The store another bundle already created on this page, if any. Throws on an API mismatch. */
export function existingMarketStore(scope: object = globalThis): MarketStore | undefined {
  const store = (scope as Record<symbol, MarketStore | undefined>)[MARKET_STORE_KEY];
  if (store === undefined) return undefined;
  if (store.apiVersion !== MARKET_STORE_API_VERSION) {
    throw new Error(
      `two PivotLens builds share this page: market store API ${String(store.apiVersion)} is not ${MARKET_STORE_API_VERSION}; reload the add-in`,
    );
  }
  return store;
}

/** The page's store: the existing one, else one created by the (lazily loaded) store module. */
export async function pageMarketStore(): Promise<MarketStore> {
  const existing = existingMarketStore();
  if (existing !== undefined) return existing;
  const { marketStore } = await import(/* webpackChunkName: "market-store" */ "../market/store");
  return marketStore();
}
