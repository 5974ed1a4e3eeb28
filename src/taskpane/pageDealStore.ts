/**
 * The page's deal list, without a second copy of the deal dataset and store code in
 * taskpane.js.
 *
 * In the shared runtime, taskpane.html loads functions.js first; PIVOT.DEAL/DEALS create the
 * shared deal list (bundled deals, validated) on `globalThis[Symbol.for("pivotlens.deals")]`
 * (src/deals/store.ts), whose shape `DealStoreState` (version 1) is the contract between
 * bundles. The task pane reads that object: the current list, the feed's info, and its
 * listener set. Bundling src/deals/store.ts again would also bundle the dataset JSON and its
 * validation (~5 KB gzip) for a list that already exists.
 *
 * Where no store exists yet (a page without functions.js, e.g. a dev page or a test), the
 * store module is loaded on demand as a separate chunk and creates it. Loading a firm's feed
 * (a rare, user-started action) loads the feed code on demand too; it updates the same
 * global store, so both bundles see the new list. The bundled file's as-of line, which the
 * Deals panel shows, comes from the same on-demand chunk.
 */
import type { DealStoreState } from "../deals/store";
import type { FetchOptions } from "../deals/feed";
import type { DealsApi } from "./services";

/** `DEAL_STORE_KEY` of src/deals/store.ts (test/taskpane/pageDealStore.test.ts keeps them equal). */
export const DEAL_STORE_KEY = Symbol.for("pivotlens.deals");
/** `storeVersion` of the src/deals/store.ts state this task pane is built against. */
export const DEAL_STORE_VERSION = 1;

/** The deal store another bundle already created on this page, if any. Throws on a version mismatch. */
export function existingDealStore(scope: object = globalThis): DealStoreState | undefined {
  const store = (scope as Record<symbol, DealStoreState | undefined>)[DEAL_STORE_KEY];
  if (store === undefined) return undefined;
  if (store.storeVersion !== DEAL_STORE_VERSION) {
    throw new Error(
      `two PivotLens builds share this page: deal store version ${String(store.storeVersion)} is not ${DEAL_STORE_VERSION}; reload the add-in`,
    );
  }
  return store;
}

/** The page's deal store: the existing one, else one created by the (lazily loaded) store module. */
export async function pageDealStore(): Promise<DealStoreState> {
  const existing = existingDealStore();
  if (existing !== undefined) return existing;
  const { dealStore } = await import(/* webpackChunkName: "deal-store" */ "../deals/store");
  return dealStore();
}

/**
 * The deal list as the panels use it, over the page's store object. Reading `current` and
 * `feedInfo` and adding to `listeners` is what src/deals/store.ts's own `currentDeals`,
 * `dealStore().feedInfo` and `subscribeDeals` do; changes go through src/deals/load.ts.
 */
export function dealsApiOver(store: DealStoreState, feedOptions: FetchOptions = {}): DealsApi {
  return {
    current: () => store.current,
    feedInfo: () => store.feedInfo,
    subscribe(listener) {
      store.listeners.add(listener);
      return () => {
        store.listeners.delete(listener);
      };
    },
    async bundledAsOf() {
      const { BUNDLED_ABOUT } = await import(/* webpackChunkName: "deal-store" */ "../deals/dataset");
      return BUNDLED_ABOUT.asOf;
    },
    async loadFeed(url) {
      const { loadDealFeed } = await import(/* webpackChunkName: "deal-feed" */ "../deals/load");
      return loadDealFeed(url, feedOptions);
    },
  };
}
