/**
 * The task pane takes the page's market store from where functions.js put it, and loads the
 * store module itself only when no store exists yet.
 */
import {
  existingMarketStore,
  MARKET_STORE_API_VERSION,
  MARKET_STORE_KEY,
  pageMarketStore,
} from "../../src/taskpane/pageMarketStore";
import {
  createMarketStore,
  installMarketStore,
  marketStore,
  STORE_API_VERSION,
  STORE_GLOBAL_KEY,
} from "../../src/market/store";
import { MemoryStorage } from "../../src/market/storage";

afterEach(() => installMarketStore(undefined));

test("uses the same global key and API version as src/market/store.ts", () => {
  expect(MARKET_STORE_KEY).toBe(STORE_GLOBAL_KEY);
  expect(MARKET_STORE_API_VERSION).toBe(STORE_API_VERSION);
});

test("returns the store another bundle installed, not a new one", async () => {
  const store = createMarketStore({ storage: new MemoryStorage() });
  installMarketStore(store);
  expect(existingMarketStore()).toBe(store);
  await expect(pageMarketStore()).resolves.toBe(store);
});

test("without a store on the page, loads the store module and creates the page's store", async () => {
  expect(existingMarketStore()).toBeUndefined();
  const store = await pageMarketStore();
  expect(store.apiVersion).toBe(STORE_API_VERSION);
  // It is the page's store: functions see the same instance.
  expect(marketStore()).toBe(store);
});

test("a store of another API version is refused with a message saying to reload", () => {
  const scope = { [MARKET_STORE_KEY]: { apiVersion: 99 } };
  expect(() => existingMarketStore(scope)).toThrow(
    "two PivotLens builds share this page: market store API 99 is not 1; reload the add-in",
  );
});
