/**
 * The store APIs the Settings and Market panels call, over the fixture server: base URL
 * normalisation, Test connection, per-source refresh progress with retry counts, cancelling
 * a refresh in flight, and a localhost http deal feed accepted by both Settings and the loader.
 */
import { fetchDealFeed } from "../../src/deals/feed";
import { fetchFeedText } from "../../src/deals/feedFetch";
import { applySettings, DEFAULT_SETTINGS } from "../../src/market/settings";
import { installMarketStore, type RefreshProgress } from "../../src/market/store";
import { DEFAULT_FIXTURE_DATA, FEED_PATH, start, type FixtureServer } from "../support/marketFixtureServer";
import { waitFor, wiredStore } from "./helpers";

/** Timeouts far from the point of these tests, so a loaded machine cannot fail them. */
const ROOMY = { timeoutMs: 3_000, maxRefreshMs: 6_000 };

let server: FixtureServer;

beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  installMarketStore(undefined);
  await server.close();
});
beforeEach(() => server.reset());
afterEach(() => installMarketStore(undefined));

describe("base URL normalisation", () => {
  test('a trailing "/" or mempool\'s "/api" is stripped, and the result says so', () => {
    const r = applySettings(DEFAULT_SETTINGS, {
      mempoolBaseUrl: "https://mempool.myfirm.com/api/",
      coinbaseBaseUrl: "https://api.coinbase.com/",
      krakenBaseUrl: "https://api.kraken.com",
    });
    expect(r).toEqual({
      ok: true,
      settings: {
        ...DEFAULT_SETTINGS,
        mempoolBaseUrl: "https://mempool.myfirm.com",
        coinbaseBaseUrl: "https://api.coinbase.com",
      },
      notes: {
        mempoolBaseUrl:
          'Removed the trailing "/" and the trailing "/api" (the endpoint paths add it): using https://mempool.myfirm.com.',
        coinbaseBaseUrl: 'Removed the trailing "/": using https://api.coinbase.com.',
      },
    });
    // A path prefix that is not /api stays; nothing to say about a clean URL.
    const kept = applySettings(DEFAULT_SETTINGS, { mempoolBaseUrl: "https://myfirm.com/mempool" });
    expect(kept).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, mempoolBaseUrl: "https://myfirm.com/mempool" } });
  });

  test("a normalised mempool URL refreshes live", async () => {
    const { store } = await wiredStore(server, { http: ROOMY });
    const set = await store.settings.set({ mempoolBaseUrl: `${server.url}/api/` });
    expect(set.ok && set.notes?.mempoolBaseUrl).toMatch(/Removed the trailing "\/" and the trailing "\/api"/);
    expect(store.settings.get().mempoolBaseUrl).toBe(server.url);
    const r = await store.refresh();
    expect(r.snapshot.fields.difficulty?.origin).toBe("live");
  });
});

describe("testConnection", () => {
  test("asks one source once, returns its values and the time taken, and leaves the snapshot alone", async () => {
    const { store } = await wiredStore(server, { http: ROOMY });
    const before = store.snapshot();
    const t = await store.testConnection("coinbase.spot");
    expect(t).toMatchObject({
      endpoint: "coinbase.spot",
      ok: true,
      values: { btc_usd: DEFAULT_FIXTURE_DATA.coinbaseUsd },
    });
    expect(t.source).toMatch(/^Coinbase \(127\.0\.0\.1:\d+\/v2\/prices\/BTC-USD\/spot\)$/);
    expect(t.durationMs).toBeGreaterThanOrEqual(0);
    expect(t.durationMs).toBeLessThan(ROOMY.timeoutMs);
    expect(store.snapshot()).toBe(before);
    expect(server.requests["coinbase.spot"]).toBe(1);
  });

  test("a failing source: not ok with the reason, one attempt only (no retry)", async () => {
    const { store } = await wiredStore(server, { http: ROOMY });
    server.setFault("mempool.prices", { kind: "status", status: 503 });
    const t = await store.testConnection("mempool.prices");
    expect(t).toMatchObject({ ok: false, reason: "HTTP 503 Service Unavailable (1 attempt)" });
    expect(server.requests["mempool.prices"]).toBe(1);
    server.setData({ height: 9_999_999 });
    const h = await store.testConnection("mempool.tipHeight");
    expect(h.ok).toBe(false);
    expect(h.reason).toMatch(/rejected: implausible: height 9999999 is not what the clock allows/);
  });
});

describe("refresh progress and cancel", () => {
  test("each source's state and retry count, as they change", async () => {
    const { store } = await wiredStore(server, { http: ROOMY });
    server.setFault("mempool.prices", { kind: "status", status: 503 }, { times: 1 });
    const seen: RefreshProgress[] = [];
    const off = store.onProgress((p) => seen.push(p));
    await store.refresh();
    off();
    const prices = seen.map((p) => p.sources["mempool.prices"].state);
    expect(prices).toContain("requesting");
    expect(prices).toContain("retrying");
    const last = seen[seen.length - 1];
    expect(last.running).toBe(false);
    expect(last.sources["mempool.prices"]).toMatchObject({ state: "ok", attempts: 2, retries: 1 });
    expect(last.sources["coinbase.spot"]).toMatchObject({ state: "skipped", attempts: 0 });
    expect(last.sources["mempool.hashrate"]).toMatchObject({ state: "ok", attempts: 1, retries: 0 });
    expect(store.progress()).toBe(last);
  });

  test("cancelRefresh ends a refresh in flight at once, with the documented fallback", async () => {
    const { store } = await wiredStore(server, { http: ROOMY });
    server.setFault("mempool.prices", { kind: "delay", ms: 10_000 });
    const t0 = performance.now();
    const running = store.refresh();
    await waitFor(() => store.progress()?.sources["mempool.prices"].state === "requesting", 2_000, "the price request");
    const report = await store.cancelRefresh();
    expect(performance.now() - t0).toBeLessThan(3_000); // the delayed answer would take 10 s
    expect(await running).toBe(report);
    expect(report?.cancelled).toBe(true);
    expect(report?.usedFallback.btc_usd).toBe("embedded");
    expect(report?.failures.find((f) => f.endpoint === "mempool.prices")?.reason).toBe("cancelled");
    expect(store.progress()?.sources["mempool.prices"].state).toBe("cancelled");
    expect(store.stats().refreshInFlight).toBe(false);
    expect(await store.cancelRefresh()).toBeUndefined();
  });
});

describe("a localhost http deal feed", () => {
  test("accepted by Settings and by the loader alike; other http hosts by neither", async () => {
    const url = server.url + FEED_PATH;
    expect(applySettings(DEFAULT_SETTINGS, { dealFeedUrl: url }).ok).toBe(true);
    const text = await fetchFeedText(url);
    expect(JSON.parse(text.text)).toEqual({ deals: [] });
    expect(text.contentType).toBe("application/json");
    expect(server.feedRequests).toBe(1);
    const csv = "ID,Company,Ticker,Tenant,Type,Source,Verified\nZ-1,Zed,ZED,T,other,s,TRUE";
    server.setFault("deals.feed", { kind: "text", body: csv, contentType: "text/csv" }, { times: 1 });
    const feed = await fetchDealFeed(url);
    expect(feed).toMatchObject({ format: "csv", url });
    expect(feed.deals.map((d) => d.id)).toEqual(["Z-1"]);
    expect(server.feedRequests).toBe(2);
    expect(applySettings(DEFAULT_SETTINGS, { dealFeedUrl: "http://feeds.example.com/d.json" }).ok).toBe(false);
    await expect(fetchDealFeed("http://feeds.example.com/d.json")).rejects.toMatchObject({ kind: "url" });
    expect(server.feedRequests).toBe(2);
  });
});
