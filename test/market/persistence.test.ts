/**
 * Persistence across a simulated restart, with storage objects shaped like
 * OfficeRuntime.storage; runtime storage detection; corrupt and failing storage; settings.
 */
import { MARKET } from "../../src/functions/market";
import { applySettings, DEFAULT_SETTINGS, restoreSettings } from "../../src/market/settings";
import { detectRuntimeStorage } from "../../src/market/storage";
import {
  createMarketStore,
  installMarketStore,
  LAST_GOOD_STORAGE_KEY,
  SETTINGS_STORAGE_KEY,
} from "../../src/market/store";
import { DEFAULT_FIXTURE_DATA, FIXTURE_ENDPOINTS, start, type FixtureServer } from "../support/marketFixtureServer";
import { expectCellSafe, FakeInvocation, FakeOfficeStorage, TEST_POLICY, wiredStore } from "./helpers";

let server: FixtureServer;

beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());
afterEach(() => installMarketStore(undefined));

test("the last good snapshot and the settings survive a restart", async () => {
  const storage = new FakeOfficeStorage();
  const first = await wiredStore(server, { storage });
  await first.store.settings.set({ ttlMs: 120_000, dealFeedUrl: "https://deals.example.com/feed.csv" });
  const report = await first.store.refresh();
  expect(report.ok).toBe(true);
  const before = first.store.snapshot();
  first.store.dispose();

  // Restart: a new runtime (new store) over the same storage, with every source down.
  for (const e of FIXTURE_ENDPOINTS) server.setFault(e, { kind: "status", status: 503 });
  const second = createMarketStore({ storage, http: TEST_POLICY });
  installMarketStore(second);
  expect(second.snapshot().fields.btc_usd?.origin).toBe("embedded"); // before start(): embedded only
  const started = await second.start();
  expect(started).toEqual({
    storage: "custom",
    restoredFields: ["btc_usd", "difficulty", "fees_btc_per_block", "height", "network_eh_s_estimate"],
    problems: [],
  });
  expect(second.settings.get()).toEqual({
    ...DEFAULT_SETTINGS,
    mempoolBaseUrl: server.url,
    coinbaseBaseUrl: server.url,
    krakenBaseUrl: server.url,
    ttlMs: 120_000,
    dealFeedUrl: "https://deals.example.com/feed.csv",
  });
  const restored = second.snapshot();
  for (const f of ["btc_usd", "difficulty", "fees_btc_per_block", "height"] as const) {
    expect(restored.fields[f]?.value).toBe(before.fields[f]?.value);
    expect(restored.fields[f]?.asOf).toBe(before.fields[f]?.asOf);
    expect(restored.fields[f]?.source).toBe(before.fields[f]?.source);
    expect(restored.fields[f]?.origin).toBe("last_good");
  }
  expect(restored.stale).toBe(false);

  // A refresh that fails keeps the restored values, labelled truthfully.
  const failed = await second.refresh();
  expect(failed.ok).toBe(false);
  expect(failed.usedFallback).toMatchObject({ btc_usd: "last_good", height: "last_good" });
  const cell = new FakeInvocation();
  MARKET("height.status", cell);
  expect(cell.last).toMatch(/^last good: live refresh failed: mempool\.tipHeight: HTTP 503 Service Unavailable/);
  const price = new FakeInvocation();
  MARKET("btc_usd", price);
  expect(price.last).toBe(DEFAULT_FIXTURE_DATA.btcUsd);
  cell.cancel();
  price.cancel();
});

describe("saving before start() keeps what storage already holds", () => {
  const PRIOR_SETTINGS = {
    ...DEFAULT_SETTINGS,
    ttlMs: 120_000,
    autoRefreshMs: 300_000,
    dealFeedUrl: "https://deals.example.com/feed.csv",
  };

  test("settings.set() before start() applies the patch on top of the stored settings", async () => {
    const storage = new FakeOfficeStorage();
    storage.items.set(SETTINGS_STORAGE_KEY, JSON.stringify(PRIOR_SETTINGS));
    const store = createMarketStore({ storage, http: TEST_POLICY }); // not started
    const r = await store.settings.set({ mempoolBaseUrl: server.url });
    expect(r.ok).toBe(true);
    const expected = { ...PRIOR_SETTINGS, mempoolBaseUrl: server.url };
    expect(store.settings.get()).toEqual(expected);
    expect(JSON.parse(storage.items.get(SETTINGS_STORAGE_KEY) ?? "null")).toEqual(expected);
    // Starting afterwards changes nothing and reports nothing.
    expect((await store.start()).problems).toEqual([]);
    expect(store.settings.get()).toEqual(expected);
    store.dispose();
  });

  test("refresh() before start() keeps the stored last good value of a field that failed", async () => {
    const storage = new FakeOfficeStorage();
    const first = await wiredStore(server, { storage, install: false });
    expect((await first.store.refresh()).ok).toBe(true);
    const stored = JSON.parse(storage.items.get(LAST_GOOD_STORAGE_KEY) ?? "null");
    first.store.dispose();

    // A new runtime refreshes before anything called start(); the fee source is down.
    server.setData({ btcUsd: 88_000, totalFeeSats: 720_000_000 });
    server.setFault("mempool.rewardStats", { kind: "status", status: 500 });
    const second = createMarketStore({ storage, http: TEST_POLICY });
    const report = await second.refresh();
    expect(report.usedFallback).toMatchObject({ btc_usd: "none", fees_btc_per_block: "last_good" });
    expect(report.snapshot.fields.fees_btc_per_block).toMatchObject({
      value: stored.fields.fees_btc_per_block.value,
      asOf: stored.fields.fees_btc_per_block.asOf,
      origin: "last_good",
    });
    const saved = JSON.parse(storage.items.get(LAST_GOOD_STORAGE_KEY) ?? "null");
    expect(saved.fields.fees_btc_per_block).toEqual(stored.fields.fees_btc_per_block);
    expect(saved.fields.btc_usd.value).toBe(88_000);
    expect(Object.keys(saved.fields).sort()).toEqual(Object.keys(stored.fields).sort());
    // Refreshing did not start lazy refresh or the poller: that is start()'s job.
    expect(second.stats().pollerActive).toBe(false);
    second.dispose();
  });
});

test("restored values age truthfully: stale once older than the TTL", async () => {
  const storage = new FakeOfficeStorage();
  const first = await wiredStore(server, { storage });
  await first.store.refresh();
  first.store.dispose();
  const later = createMarketStore({ storage, http: TEST_POLICY, now: () => Date.now() + 11 * 60_000 });
  await later.start();
  expect(later.snapshot().stale).toBe(true);
  expect(later.snapshot().fields.btc_usd?.origin).toBe("last_good");
  later.dispose();
});

test("OfficeRuntime.storage is used when present, else localStorage, else memory", async () => {
  const office = new FakeOfficeStorage();
  const scope = { OfficeRuntime: { storage: office } };
  expect(detectRuntimeStorage(scope)).toEqual({ kind: "OfficeRuntime.storage", storage: office });
  const items = new Map<string, string>();
  const local = {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
  const fromLocal = detectRuntimeStorage({ localStorage: local });
  expect(fromLocal.kind).toBe("localStorage");
  await fromLocal.storage.setItem("k", "v");
  expect(items.get("k")).toBe("v");
  expect(await fromLocal.storage.getItem("k")).toBe("v");
  expect(detectRuntimeStorage({}).kind).toBe("memory");

  // The default store picks OfficeRuntime.storage up from the global scope.
  const g = globalThis as { OfficeRuntime?: unknown };
  g.OfficeRuntime = scope.OfficeRuntime;
  try {
    const store = createMarketStore({ http: TEST_POLICY });
    expect((await store.start()).storage).toBe("OfficeRuntime.storage");
    await store.settings.set({ autoRefreshMs: 300_000 });
    expect(JSON.parse(office.items.get(SETTINGS_STORAGE_KEY) ?? "{}").autoRefreshMs).toBe(300_000);
    store.dispose();
  } finally {
    delete g.OfficeRuntime;
  }
});

test("corrupt or implausible stored data is reported and ignored, never used", async () => {
  const storage = new FakeOfficeStorage();
  storage.items.set(
    SETTINGS_STORAGE_KEY,
    JSON.stringify({ mempoolBaseUrl: "http://mempool.example.com", ttlMs: 300_000 }),
  );
  storage.items.set(
    LAST_GOOD_STORAGE_KEY,
    JSON.stringify({
      schema: 1,
      fields: {
        btc_usd: { value: 0, asOf: "2026-11-01T00:00:00Z", fetchedAt: "2026-11-01T00:00:00Z", source: "x" },
        height: { value: "tall", asOf: "2026-11-01T00:00:00Z", fetchedAt: "2026-11-01T00:00:00Z", source: "x" },
        difficulty: {
          value: 150e12,
          asOf: "2026-11-01T00:00:00Z",
          fetchedAt: "2026-11-01T00:00:00Z",
          source: "mempool\u0007\r\n",
        },
      },
    }),
  );
  const store = createMarketStore({ storage, http: TEST_POLICY });
  const report = await store.start();
  expect(report.restoredFields).toEqual(["difficulty"]);
  expect(report.problems).toEqual([
    "ignored invalid stored settings: mempoolBaseUrl",
    "the stored btc_usd is implausible: implausible: BTC price (USD) 0 is outside 100 to 10000000",
    "the stored height is malformed",
  ]);
  expect(store.settings.get().mempoolBaseUrl).toBe(DEFAULT_SETTINGS.mempoolBaseUrl);
  expect(store.settings.get().ttlMs).toBe(300_000);
  const s = store.snapshot();
  expect(s.fields.btc_usd?.origin).toBe("embedded");
  expect(s.fields.difficulty?.value).toBe(150e12);
  expect(s.fields.difficulty?.source).toBe("mempool");
  store.dispose();

  const unreadable = new FakeOfficeStorage();
  unreadable.items.set(LAST_GOOD_STORAGE_KEY, "{not json");
  const s2 = createMarketStore({ storage: unreadable, http: TEST_POLICY });
  expect((await s2.start()).problems[0]).toMatch(/^the stored last good snapshot is unreadable: /);
  s2.dispose();
});

test("failing storage: reads and writes are reported, the add-in keeps working", async () => {
  const storage = new FakeOfficeStorage();
  storage.failReads = true;
  const store = createMarketStore({ storage, http: TEST_POLICY });
  const started = await store.start();
  expect(started.problems).toHaveLength(2);
  for (const p of started.problems) expectCellSafe(p);
  expect(started.problems[0]).toMatch(
    /^could not read settings from custom \(using the defaults\): storage read failed =evil$/,
  );
  storage.failWrites = true;
  const set = await store.settings.set({
    mempoolBaseUrl: server.url,
    coinbaseBaseUrl: server.url,
    krakenBaseUrl: server.url,
  });
  expect(set.ok).toBe(true);
  if (set.ok) expect(set.persistError).toMatch(/settings apply now but were not saved .*quota exceeded/);
  const report = await store.refresh();
  expect(report.ok).toBe(false);
  expect(report.failures).toEqual([
    { source: "storage (custom)", endpoint: "storage", reason: "not saved: quota exceeded" },
  ]);
  expect(report.snapshot.fields.btc_usd?.origin).toBe("live");
  store.dispose();
});

test("a self-hosted mempool under a path prefix", async () => {
  const { store } = await wiredStore(server);
  await store.settings.set({ mempoolBaseUrl: `${server.url}/mempool/` });
  expect(store.settings.get().mempoolBaseUrl).toBe(`${server.url}/mempool`);
  const report = await store.refresh();
  expect(report.ok).toBe(true);
  expect(report.snapshot.fields.height?.source).toMatch(
    /^mempool \(127\.0\.0\.1:\d+\/mempool\/api\/blocks\/tip\/height\)$/,
  );
});

describe("settings", () => {
  const base = DEFAULT_SETTINGS;

  test("base URLs: https, or http only for localhost / 127.0.0.1", () => {
    expect(applySettings(base, { mempoolBaseUrl: "https://mempool.myfirm.com/" })).toMatchObject({
      ok: true,
      settings: { mempoolBaseUrl: "https://mempool.myfirm.com" },
    });
    expect(applySettings(base, { mempoolBaseUrl: "http://localhost:8999" }).ok).toBe(true);
    expect(applySettings(base, { mempoolBaseUrl: "http://127.0.0.1:8999" }).ok).toBe(true);
    expect(applySettings(base, { mempoolBaseUrl: "http://mempool.myfirm.com" })).toEqual({
      ok: false,
      errors: { mempoolBaseUrl: "mempoolBaseUrl must use https (http is accepted only for localhost and 127.0.0.1)." },
    });
    expect(applySettings(base, { krakenBaseUrl: "ftp://localhost" }).ok).toBe(false);
    expect(applySettings(base, { coinbaseBaseUrl: "https://user:pw@api.coinbase.com" }).ok).toBe(false);
    expect(applySettings(base, { coinbaseBaseUrl: "https://api.coinbase.com?x=1" }).ok).toBe(false);
    expect(applySettings(base, { coinbaseBaseUrl: "not a url" }).ok).toBe(false);
    expect(applySettings(base, { coinbaseBaseUrl: "javascript:alert(1)" }).ok).toBe(false);
    expect(applySettings(base, { mempoolBaseUrl: "HTTPS://Mempool.MyFirm.com:8443/Api/" })).toMatchObject({
      ok: true,
      settings: { mempoolBaseUrl: "https://mempool.myfirm.com:8443/Api" },
    });
    expect(applySettings(base, { mempoolBaseUrl: "http://[::1]:8999" }).ok).toBe(true);
    expect(applySettings(base, { mempoolBaseUrl: "https://good.example.com\\@evil.example.com" }).ok).toBe(false);
    expect(applySettings(base, { mempoolBaseUrl: "https://good.example.com/a b" }).ok).toBe(false);
    expect(applySettings(base, { mempoolBaseUrl: "https://good.example.com:99999" }).ok).toBe(false);
    expect(applySettings(base, { mempoolBaseUrl: "https://good.example.com/#x" }).ok).toBe(false);
    expect(applySettings(base, { mempoolBaseUrl: "http://localhost.evil.example.com" }).ok).toBe(false);
  });

  test("TTL, auto-refresh, deal feed URL, unknown keys", () => {
    expect(applySettings(base, { ttlMs: 999 }).ok).toBe(false);
    expect(applySettings(base, { ttlMs: 60_000.5 }).ok).toBe(false);
    expect(applySettings(base, { autoRefreshMs: 0 }).ok).toBe(true);
    expect(applySettings(base, { autoRefreshMs: 500 }).ok).toBe(false);
    expect(applySettings(base, { dealFeedUrl: "" }).ok).toBe(true);
    expect(applySettings(base, { dealFeedUrl: "https://x.example.com/deals.json?token=abc" })).toMatchObject({
      ok: true,
      settings: { dealFeedUrl: "https://x.example.com/deals.json?token=abc" },
    });
    expect(applySettings(base, { dealFeedUrl: "http://x.example.com/deals.json" }).ok).toBe(false);
    expect(applySettings(base, { ttlMinutes: 5 })).toEqual({
      ok: false,
      errors: { ttlMinutes: "ttlMinutes is not a market setting." },
    });
    expect(DEFAULT_SETTINGS).toMatchObject({ ttlMs: 600_000, autoRefreshMs: 0 });
  });

  test("invalid input changes nothing", async () => {
    const store = createMarketStore({ storage: new FakeOfficeStorage() });
    await store.start();
    const r = await store.settings.set({ ttlMs: 5_000, mempoolBaseUrl: "http://evil.example.com" });
    expect(r.ok).toBe(false);
    expect(store.settings.get()).toBe(DEFAULT_SETTINGS);
    store.dispose();
  });

  test("restoreSettings keeps valid entries and drops the rest", () => {
    expect(restoreSettings(null)).toEqual({ settings: DEFAULT_SETTINGS, dropped: [] });
    expect(restoreSettings("[1,2]").dropped).toEqual(["(unreadable settings entry)"]);
    expect(restoreSettings(JSON.stringify({ ttlMs: 60_000, bogus: 1 }))).toEqual({
      settings: { ...DEFAULT_SETTINGS, ttlMs: 60_000 },
      dropped: ["bogus"],
    });
  });
});
