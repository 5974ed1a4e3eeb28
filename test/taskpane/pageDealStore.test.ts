/**
 * The task pane takes the page's deal store from where functions.js put it, and loads the
 * store module itself only when no store exists yet.
 */
import { DEAL_STORE_KEY, DEAL_STORE_VERSION, existingDealStore, pageDealStore } from "../../src/taskpane/pageDealStore";
import { DEAL_STORE_KEY as STORE_KEY, dealStore, type DealStoreState } from "../../src/deals/store";
import { bundledDataset } from "../../src/deals/dataset";

afterEach(() => {
  delete (globalThis as unknown as Record<symbol, unknown>)[STORE_KEY];
});

test("uses the same global key and version as src/deals/store.ts", () => {
  expect(DEAL_STORE_KEY).toBe(STORE_KEY);
  expect(dealStore().storeVersion).toBe(DEAL_STORE_VERSION);
});

test("returns the store another bundle created, not a new one", async () => {
  const store = dealStore();
  expect(existingDealStore()).toBe(store);
  await expect(pageDealStore()).resolves.toBe(store);
});

test("without a store on the page, loads the store module and creates the page's store", async () => {
  expect(existingDealStore()).toBeUndefined();
  const store: DealStoreState = await pageDealStore();
  expect(store.current.map((d) => d.id)).toEqual(bundledDataset().deals.map((d) => d.id));
  // It is the page's store: the functions see the same object.
  expect(dealStore()).toBe(store);
});

test("a store of another version is refused with a message saying to reload", () => {
  const scope = { [DEAL_STORE_KEY]: { storeVersion: 2 } };
  expect(() => existingDealStore(scope)).toThrow(
    "two PivotLens builds share this page: deal store version 2 is not 1; reload the add-in",
  );
});
