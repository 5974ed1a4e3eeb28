/**
 * The page's one market store, shared by every bundle loaded in the page.
 *
 * functions.js and taskpane.js are separate webpack bundles loaded into the same page (the
 * shared runtime), so each has its own copy of the market modules. The instance therefore
 * lives on `globalThis` under `Symbol.for("pivotlens.market")` and is created only if absent:
 * whichever bundle asks first creates it, the other finds it. `Symbol.for` keys are global
 * across bundles (a module-level `Symbol()` or `let` would not be). Code must use the store
 * through the `MarketStore` interface (never `instanceof`), and `apiVersion` guards against
 * two different builds sharing a page.
 */
import { ModelError } from "../core/errors";
import { Store } from "./engine";
import { STORE_API_VERSION, type MarketStore, type MarketStoreOptions } from "./types";

export const STORE_GLOBAL_KEY = Symbol.for("pivotlens.market");

type GlobalSlot = { [STORE_GLOBAL_KEY]?: MarketStore };

/** A new, independent store (tests, bench, scripts). The add-in uses `marketStore()`. */
export function createMarketStore(options: MarketStoreOptions = {}): MarketStore {
  return new Store(options);
}

/**
 * The page's one store. Created on first use with the runtime's storage and fetch. It serves
 * the embedded and restored snapshot at once; network refreshes start only after `start()`,
 * which the add-in's entry points call in Office (never in tests that merely import a function
 * file). Throws a ModelError ("na") when the page already holds a store of another API version
 * (two different builds in one page); callers in custom functions turn it into #N/A.
 */
export function marketStore(): MarketStore {
  const slot = globalThis as unknown as GlobalSlot;
  let store = slot[STORE_GLOBAL_KEY];
  if (store === undefined) {
    store = createMarketStore();
    slot[STORE_GLOBAL_KEY] = store;
  } else if (store.apiVersion !== STORE_API_VERSION) {
    throw new ModelError(
      "na",
      `two PivotLens builds share this page: market store API ${String(store.apiVersion)} is not ${STORE_API_VERSION}; reload the add-in.`,
    );
  }
  return store;
}

/**
 * Replaces the page's store (tests, the preview host, the bench). The previous one is
 * disposed. Passing `undefined` removes it; the next `marketStore()` creates a fresh one.
 */
export function installMarketStore(store: MarketStore | undefined): void {
  const slot = globalThis as unknown as GlobalSlot;
  const previous = slot[STORE_GLOBAL_KEY];
  if (previous !== undefined && previous !== store) previous.dispose();
  if (store === undefined) delete slot[STORE_GLOBAL_KEY];
  else slot[STORE_GLOBAL_KEY] = store;
}
