/**
 * Sharing: 1,000 cold cells cost one request per endpoint; a thousand cells share one
 * poller; subscriptions belong to invocations (a late cancel never clears another cell);
 * 10,000 subscribe/cancel cycles leave no listener or timer behind; lazy refresh runs at
 * most once in flight and at most once per TTL.
 */
import { MARKET } from "../../src/functions/market";
import { MINER_HASHPRICE } from "../../src/functions/mining";
import { marketValues } from "../../src/market/values";
import { createMarketStore, installMarketStore, marketStore, STORE_GLOBAL_KEY } from "../../src/market/store";
import { DEFAULT_FIXTURE_DATA, FIXTURE_ENDPOINTS, start, type FixtureServer } from "../support/marketFixtureServer";
import { FakeInvocation, FakeOfficeStorage, referenceHashprice, waitFor, wiredStore } from "./helpers";

let server: FixtureServer;

beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());
afterEach(() => installMarketStore(undefined));

function activeTimeouts(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
}

const LIVE_FEES = DEFAULT_FIXTURE_DATA.totalFeeSats / 144 / 1e8;

test("1,000 concurrent PIVOT.MARKET / MINER_HASHPRICE() calls on a cold cache: one request per endpoint", async () => {
  const { store } = await wiredStore(server);
  server.resetRequests();
  const cells: FakeInvocation[] = [];
  const hashprices: unknown[] = [];
  for (let i = 0; i < 1_000; i++) {
    if (i % 2 === 0) {
      const inv = new FakeInvocation(`Sheet1!A${i + 1}`);
      MARKET(i % 4 === 0 ? "btc_usd" : "hashprice_usd_ph_day", inv);
      cells.push(inv);
    } else {
      hashprices.push((MINER_HASHPRICE() as unknown[][])[0][0]);
    }
  }
  // The task pane pressing Refresh at the same moment joins the same refresh.
  const report = await store.refresh();
  expect(report.ok).toBe(true);
  // A second wave while nothing is stale any more: no request at all.
  for (let i = 0; i < 100; i++) MINER_HASHPRICE();
  expect(server.requests).toEqual({
    "mempool.hashrate": 1,
    "mempool.rewardStats": 1,
    "mempool.tipHeight": 1,
    "mempool.prices": 1,
    "coinbase.spot": 0,
    "kraken.ticker": 0,
  });
  // Every streaming cell now shows the live value; the synchronous calls answered at once from the embedded snapshot.
  const live = referenceHashprice(DEFAULT_FIXTURE_DATA.btcUsd, DEFAULT_FIXTURE_DATA.difficulty, LIVE_FEES, 3.125);
  cells.forEach((inv, k) => {
    if (k % 2 === 0) expect(inv.last).toBe(DEFAULT_FIXTURE_DATA.btcUsd);
    else expect(inv.last as number).toBeCloseTo(live, 9);
  });
  expect(hashprices[0]).toBeCloseTo(referenceHashprice(91_132, 146.48e12, 0.017283, 3.125), 9);
  expect((MINER_HASHPRICE() as number[][])[0][0]).toBeCloseTo(live, 9);
  for (const inv of cells) inv.cancel();
  expect(store.stats().listeners).toBe(0);
});

test("calls spread over many ticks while a refresh is in flight still share it", async () => {
  const { store } = await wiredStore(server);
  server.resetRequests();
  server.setFault("mempool.prices", { kind: "delay", ms: 150 });
  const cells: FakeInvocation[] = [];
  for (let i = 0; i < 50; i++) {
    const inv = new FakeInvocation();
    MARKET("btc_usd", inv);
    cells.push(inv);
    MINER_HASHPRICE();
    await new Promise((r) => setTimeout(r, 2));
  }
  await waitFor(() => !store.stats().refreshInFlight, 2_000, "the lazy refresh to end");
  for (const id of FIXTURE_ENDPOINTS) expect(server.requests[id]).toBeLessThanOrEqual(1);
  expect(server.requests["mempool.prices"]).toBe(1);
  for (const inv of cells) expect(inv.last).toBe(DEFAULT_FIXTURE_DATA.btcUsd);
  for (const inv of cells) inv.cancel();
});

test("a cancel that arrives after the cell's next call started does not clear the new subscription", async () => {
  const { store } = await wiredStore(server);
  await store.refresh();
  const first = new FakeInvocation("Sheet1!B2");
  MARKET("btc_usd", first);
  // Excel recalculates B2: a new invocation starts before the old one's cancel arrives.
  const second = new FakeInvocation("Sheet1!B2");
  MARKET("btc_usd", second);
  first.cancel();
  first.cancel(); // a repeated cancel is harmless too
  expect(store.stats().listeners).toBe(1);
  server.setData({ btcUsd: 120_000 });
  await store.refresh();
  expect(second.last).toBe(120_000);
  expect(first.last).toBe(DEFAULT_FIXTURE_DATA.btcUsd);
  second.cancel();
  expect(store.stats().listeners).toBe(0);
});

test("a thousand cells share one poller; 10,000 subscribe/cancel cycles leave no listener or timer", async () => {
  const { store } = await wiredStore(server);
  await store.refresh();
  const set = await store.settings.set({ autoRefreshMs: 60_000 });
  expect(set.ok).toBe(true);
  // Timers alive now (HTTP keep-alive and the like), before any cell exists.
  const baseline = activeTimeouts();

  const cells: FakeInvocation[] = [];
  for (let i = 0; i < 1_000; i++) {
    const inv = new FakeInvocation();
    MARKET(i % 2 ? "btc_usd" : "stale", inv);
    cells.push(inv);
  }
  // One poller and one stale timer for the whole page, not one per cell.
  expect(store.stats()).toMatchObject({ listeners: 1_000, pollerActive: true, staleTimerActive: true });
  expect(activeTimeouts() - baseline).toBeLessThanOrEqual(2);
  for (const inv of cells) inv.cancel();
  expect(store.stats()).toMatchObject({ listeners: 0, pollerActive: false, staleTimerActive: false });

  for (let i = 0; i < 10_000; i++) {
    const inv = new FakeInvocation();
    MARKET(i % 3 === 0 ? "source" : i % 3 === 1 ? "hashprice_usd_ph_day" : "height.as_of", inv);
    inv.cancel();
  }
  expect(store.stats()).toMatchObject({
    listeners: 0,
    pollerActive: false,
    staleTimerActive: false,
    refreshInFlight: false,
  });
  expect(activeTimeouts()).toBeLessThanOrEqual(baseline);
  expect(server.requests["mempool.prices"]).toBe(1);
});

test("auto-refresh: the poller refreshes while something is subscribed, and the cell follows", async () => {
  const { store } = await wiredStore(server);
  await store.refresh();
  await store.settings.set({ autoRefreshMs: 1_000 });
  const inv = new FakeInvocation();
  MARKET("btc_usd", inv);
  server.setData({ btcUsd: 101_000 });
  await waitFor(() => inv.last === 101_000, 2_500, "the poller's refresh");
  inv.cancel();
  expect(store.stats().pollerActive).toBe(false);
});

test("stale flips to TRUE on time in a subscribed cell, without a refresh", async () => {
  const { store } = await wiredStore(server);
  await store.settings.set({ ttlMs: 1_000 });
  await store.refresh();
  const inv = new FakeInvocation();
  MARKET("stale", inv);
  expect(inv.last).toBe(false);
  const requests = server.requests["mempool.prices"];
  await waitFor(() => inv.last === true, 2_000, "stale to turn TRUE");
  expect(server.requests["mempool.prices"]).toBe(requests);
  inv.cancel();
});

test("lazy refresh: only when older than the TTL, at most once per TTL after a failure", async () => {
  let offsetMs = 0;
  const { store } = await wiredStore(server, { now: () => Date.now() + offsetMs });
  await store.refresh();
  server.resetRequests();
  MINER_HASHPRICE();
  marketValues();
  expect(store.stats().refreshInFlight).toBe(false);

  offsetMs = 11 * 60_000; // past the 10-minute TTL
  server.setFault("mempool.prices", { kind: "status", status: 500 });
  server.setFault("coinbase.spot", { kind: "status", status: 500 });
  server.setFault("kraken.ticker", { kind: "status", status: 500 });
  MINER_HASHPRICE();
  expect(store.stats().refreshInFlight).toBe(true);
  MINER_HASHPRICE();
  await store.refresh();
  expect(server.requests["mempool.hashrate"]).toBe(1);
  // The price failed: still stale, but no new attempt until a TTL has passed since this one.
  expect(store.snapshot().stale).toBe(true);
  MINER_HASHPRICE();
  expect(store.stats().refreshInFlight).toBe(false);
  offsetMs += 10 * 60_000 + 1;
  MINER_HASHPRICE();
  expect(store.stats().refreshInFlight).toBe(true);
  await store.refresh();
  expect(server.requests["mempool.hashrate"]).toBe(2);
});

test("subscribe(): the task pane's recalculation hook runs once per refresh with the new snapshot", async () => {
  const { store } = await wiredStore(server);
  const seen: number[] = [];
  const unsubscribe = store.subscribe((s) => seen.push(s.fields.btc_usd?.value ?? NaN));
  await store.refresh();
  server.setData({ btcUsd: 88_000 });
  await store.refresh();
  expect(seen).toEqual([DEFAULT_FIXTURE_DATA.btcUsd, 88_000]);
  unsubscribe();
  unsubscribe();
  expect(store.stats().listeners).toBe(0);
});

test("an unknown field: #VALUE! listing the valid names, and no subscription", async () => {
  const { store } = await wiredStore(server);
  const inv = new FakeInvocation();
  MARKET("price", inv);
  const error = inv.last as { code: string; message: string };
  expect(error.code).toBe("#VALUE!");
  expect(error.message).toBe(
    'field must be one of btc_usd, difficulty, network_eh_s, network_eh_s_estimate, fees_btc_per_block, height, subsidy_btc, hashprice_usd_ph_day, next_halving_date, as_of, source, stale, or a field name followed by .as_of, .source, .status; got text "price".',
  );
  const number = new FakeInvocation();
  MARKET(42, number);
  expect((number.last as { code: string }).code).toBe("#VALUE!");
  const blank = new FakeInvocation();
  MARKET(null, blank);
  expect((blank.last as { message: string }).message).toBe("field is required; the argument is empty.");
  expect(store.stats().listeners).toBe(0);
  const upper = new FakeInvocation();
  MARKET("  BTC_USD.Source ", upper);
  expect(upper.last).toBe("Hashrate Index (Luxor), published 2026-01-12");
  upper.cancel();
});

type StoreModule = typeof import("../../src/market/store");
type MarketModule = typeof import("../../src/functions/market");

/** A fresh copy of a module, as a second webpack bundle in the same page would have. */
function isolatedCopy<T>(load: () => T): T {
  let copy: T | undefined;
  jest.isolateModules(() => {
    copy = load();
  });
  if (copy === undefined) throw new Error("isolateModules loaded nothing");
  return copy;
}

test("both bundles share one store: two copies of store.ts find the same instance", async () => {
  installMarketStore(undefined);
  const bundleA = isolatedCopy(() => require("../../src/market/store") as StoreModule);
  const bundleB = isolatedCopy(() => require("../../src/market/store") as StoreModule);
  const functionsB = isolatedCopy(() => require("../../src/functions/market") as MarketModule);
  // Really separate copies of the module (as functions.js and taskpane.js each have one) ...
  expect(bundleB).not.toBe(bundleA);
  expect(bundleB.marketStore).not.toBe(bundleA.marketStore);
  expect(bundleB.createMarketStore).not.toBe(bundleA.createMarketStore);
  // ... that still share one instance: whichever asks first creates it, the others find it.
  const store = bundleA.marketStore();
  expect(bundleB.marketStore()).toBe(store);
  expect(marketStore()).toBe(store);
  expect(bundleB.STORE_GLOBAL_KEY).toBe(STORE_GLOBAL_KEY);
  // A cell started through the other bundle's MARKET listens to that same store.
  const inv = new FakeInvocation();
  functionsB.MARKET("btc_usd", inv);
  expect(store.stats().listeners).toBe(1);
  const { store: wired } = await wiredStore(server, { install: false });
  bundleA.installMarketStore(wired);
  expect(bundleB.marketStore()).toBe(wired);
  inv.cancel();
});

describe("two different builds in one page (store API version mismatch)", () => {
  function installForeignStore(): void {
    installMarketStore(undefined);
    (globalThis as unknown as Record<symbol, unknown>)[STORE_GLOBAL_KEY] = { apiVersion: 2, dispose: () => undefined };
  }

  test("marketStore() refuses it with a message that says what to do", () => {
    installForeignStore();
    expect(() => marketStore()).toThrow(
      "two PivotLens builds share this page: market store API 2 is not 1; reload the add-in.",
    );
  });

  test("PIVOT.MARKET sets #N/A with the reason instead of throwing (no cell left on #BUSY!)", () => {
    installForeignStore();
    const inv = new FakeInvocation();
    expect(() => MARKET("btc_usd", inv)).not.toThrow();
    expect(inv.results).toHaveLength(1);
    expect(inv.last).toMatchObject({
      code: "#N/A",
      message: "two PivotLens builds share this page: market store API 2 is not 1; reload the add-in.",
    });
    expect(inv.onCanceled).toBeUndefined();
    // Functions that read market defaults give the same error through the adapter.
    expect((MINER_HASHPRICE() as unknown[][])[0][0]).toMatchObject({ code: "#N/A" });
  });

  test("a defect inside the store is #NUM! 'internal error', never an exception", () => {
    installMarketStore(undefined);
    const broken = createMarketStore({ storage: new FakeOfficeStorage() });
    broken.snapshot = () => {
      throw new Error("boom");
    };
    installMarketStore(broken);
    const inv = new FakeInvocation();
    expect(() => MARKET("height", inv)).not.toThrow();
    expect(inv.last).toMatchObject({ code: "#NUM!", message: "MARKET: internal error: boom" });
    expect(broken.stats().listeners).toBe(0);
  });
});

test("dispose during a refresh: requests end at once, the report says why, nothing is left running", async () => {
  const { store } = await wiredStore(server, { install: false });
  server.setFault("mempool.prices", { kind: "delay", ms: 2_000 });
  const t0 = performance.now();
  const pending = store.refresh();
  setTimeout(() => store.dispose(), 30);
  const report = await pending;
  expect(performance.now() - t0).toBeLessThan(500);
  expect(report.ok).toBe(false);
  expect(report.failures).toEqual([
    { source: "market store", endpoint: "store", reason: "the market store was disposed during the refresh" },
  ]);
  expect(store.stats()).toMatchObject({
    listeners: 0,
    pollerActive: false,
    staleTimerActive: false,
    refreshInFlight: false,
  });
});
