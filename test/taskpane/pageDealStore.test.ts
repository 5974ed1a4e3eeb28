/**
 * The task pane takes the page's deal store from where another bundle put it, and loads the
 * store module itself only when no store exists yet and a panel needs the list.
 */
import {
  DEAL_STORE_KEY,
  DEAL_STORE_VERSION,
  dealsApiOver,
  existingDealStore,
  pageDealStore,
} from "../../src/taskpane/pageDealStore";
import { DEAL_STORE_KEY as STORE_KEY, dealStore, setFeed, type DealStoreState } from "../../src/deals/store";
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

describe("dealsApiOver a store that is not on the page yet (the pane's first load carries no deal list)", () => {
  const feedInfo = {
    url: "https://feed.example/deals.json",
    fetchedAt: "2026-01-01T00:00:00Z",
    format: "json" as const,
    rowCount: 0,
    loadedCount: 0,
    issues: [],
  };

  test("nothing is fetched until ready(); then the list is the page's and early listeners hear its changes", async () => {
    let loads = 0;
    const api = dealsApiOver(async () => {
      loads++;
      return pageDealStore();
    });
    const heard: number[] = [];
    const unsubscribe = api.subscribe(() => heard.push(api.current().length));
    expect(loads).toBe(0);
    expect(api.feedInfo()).toBeUndefined();
    expect(() => api.current()).toThrow("the deal list is not loaded yet: wait for deals.ready() before reading it");

    await api.ready();
    await api.ready();
    expect(loads).toBe(1);
    expect(api.current().map((d) => d.id)).toEqual(bundledDataset().deals.map((d) => d.id));
    setFeed([], feedInfo);
    expect(heard).toEqual([bundledDataset().deals.length]);
    expect(api.feedInfo()).toBe(feedInfo);
    unsubscribe();
    setFeed([], feedInfo);
    expect(heard).toHaveLength(1);
  });

  test("a store another bundle creates meanwhile (functions.js, at a PIVOT.DEAL call) is taken without a fetch", async () => {
    const api = dealsApiOver(async () => {
      throw new Error("test error: the pane must not fetch the list");
    });
    const heard: string[] = [];
    api.subscribe(() => heard.push("changed"));
    const store = dealStore();
    await api.ready();
    expect(api.current()).toBe(store.current);
    setFeed([], feedInfo);
    expect(heard).toEqual(["changed"]);
  });

  test("a failed fetch rejects ready() with its error; the next ready() fetches again", async () => {
    let attempt = 0;
    const api = dealsApiOver(async () => {
      attempt++;
      if (attempt === 1) throw new Error("Loading chunk deal-store failed.");
      return pageDealStore();
    });
    await expect(api.ready()).rejects.toThrow("Loading chunk deal-store failed.");
    await api.ready();
    expect(attempt).toBe(2);
    expect(api.current().length).toBe(bundledDataset().deals.length);
  });
});
