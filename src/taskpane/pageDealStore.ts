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
 * functions.js does not create the store when it loads: the deal functions and the bundled
 * dataset are a chunk fetched on their first call ("deal-store", the same chunk this pane
 * loads), so neither bundle's first load carries them. Where no store exists yet, the store
 * module is loaded on demand from that chunk and creates it, when a panel that shows the
 * deals opens (DealsApi.ready). Loading a firm's feed
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
 *
 * `source` is the store, or how to get it (`pageDealStore`): the task pane starts without the
 * deal list, which is fetched when a panel that shows it opens (`ready`) or a feed loads.
 * Until then a store another bundle creates (functions.js, at a PIVOT.DEAL call) is picked up
 * at the next call, and listeners subscribed before are attached to the store when it is
 * found. Only the pane changes the list (a feed load, which finds the store first), so no
 * change can happen unseen.
 */
export function dealsApiOver(
  source: DealStoreState | (() => Promise<DealStoreState>),
  feedOptions: FetchOptions = {},
): DealsApi {
  let store: DealStoreState | undefined = typeof source === "function" ? undefined : source;
  const waiting = new Set<() => void>();
  let loading: Promise<DealStoreState> | undefined;

  /** Takes `s` as the store (the first one found stays) and attaches the waiting listeners. */
  const adopt = (s: DealStoreState): DealStoreState => {
    if (store !== undefined) return store;
    store = s;
    for (const listener of waiting) s.listeners.add(listener);
    waiting.clear();
    return s;
  };
  /** The store if it is on the page yet. */
  const found = (): DealStoreState | undefined => {
    if (store !== undefined) return store;
    const existing = existingDealStore();
    return existing === undefined ? undefined : adopt(existing);
  };
  const ensure = async (): Promise<DealStoreState> => {
    const now = found();
    if (now !== undefined) return now;
    // No store yet, so `source` is the loader (a given store is `store` from the start).
    const load = source as () => Promise<DealStoreState>;
    loading ??= load().then(adopt, (e: unknown) => {
      loading = undefined; // the next ready() tries again
      throw e;
    });
    return loading;
  };
  const loaded = (): DealStoreState => {
    const s = found();
    if (s === undefined) throw new Error("the deal list is not loaded yet: wait for deals.ready() before reading it");
    return s;
  };

  return {
    async ready() {
      await ensure();
    },
    current: () => loaded().current,
    // No store yet: nothing has loaded a feed.
    feedInfo: () => found()?.feedInfo,
    subscribe(listener) {
      const s = found();
      if (s !== undefined) s.listeners.add(listener);
      else waiting.add(listener);
      return () => {
        waiting.delete(listener);
        store?.listeners.delete(listener);
      };
    },
    async bundledAsOf() {
      const { BUNDLED_ABOUT } = await import(/* webpackChunkName: "deal-store" */ "../deals/dataset");
      return BUNDLED_ABOUT.asOf;
    },
    async loadFeed(url) {
      // The feed replaces part of the store's list: listeners must be on the store first.
      await ensure();
      const { loadDealFeed } = await import(/* webpackChunkName: "deal-feed" */ "../deals/load");
      return loadDealFeed(url, feedOptions);
    },
  };
}
