/**
 * The audit's faults, each over real HTTP against the local fixture server on 127.0.0.1:
 * a poisoned tip height and how it heals (with a restart), a slow-failing primary price
 * source (trickle-then-reset, 429 with Retry-After 19, a gzip bomb), endless bodies (market
 * and feed), a cross-origin redirect, hanging storage (read and write) and a last good value
 * dated in the future. Every wait is bounded (waitFor, the policies' budgets).
 */
import { fetchDealFeed } from "../../src/deals/feed";
import { fetchFeedText } from "../../src/deals/feedFetch";
import { blockSubsidyBtc } from "../../src/core/halving";
import { expectedHeight } from "../../src/market/height";
import { LAST_GOOD_STORAGE_KEY, createMarketStore, installMarketStore } from "../../src/market/store";
import type { KeyValueStorage } from "../../src/market/storage";
import { DEFAULT_FIXTURE_DATA, FEED_PATH, start, type FixtureServer } from "../support/marketFixtureServer";
import { FakeOfficeStorage, referenceHashprice, waitFor, wiredStore } from "./helpers";

/** Timeouts far from the point of these tests, so a loaded machine cannot fail them. */
const ROOMY = { timeoutMs: 3_000, maxRefreshMs: 6_000 };

let server: FixtureServer;
let other: FixtureServer;

beforeAll(async () => {
  server = await start();
  other = await start();
});
afterAll(async () => {
  installMarketStore(undefined);
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.reset();
  other.reset();
});
afterEach(() => installMarketStore(undefined));

const EMBEDDED_HEIGHT = 931_968; // src/market/embedded-snapshot.json: retarget block 931,392 + 4 days × 144
/** Closer to the real policy's proportions (8 s per attempt inside a 20 s refresh), scaled down. */
const STARVE_POLICY = { timeoutMs: 2_000, maxAttempts: 3, backoffBaseMs: 20, maxRefreshMs: 3_000 };

function savedHeight(value: number, asOfMs: number): string {
  const o = { value, asOf: new Date(asOfMs).toISOString(), fetchedAt: new Date(asOfMs).toISOString(), source: "x" };
  return JSON.stringify({ schema: 1, fields: { height: o } });
}

describe("tip height", () => {
  test("9,999,999 is refused by the clock (tip and reward-stats window); the hashprice keeps the true subsidy", async () => {
    const { store } = await wiredStore(server, { http: ROOMY });
    server.setData({ height: 9_999_999 });
    const r = await store.refresh();
    const h = r.snapshot.fields.height;
    expect(h?.value).toBe(EMBEDDED_HEIGHT);
    expect(h?.note).toMatch(/height 9999999 is not what the clock allows on \d{4}-\d\d-\d\d: expected \d+ ± \d+/);
    // The fixture's reward-stats window ends at the same poisoned tip: refused too, so the fees
    // are the embedded 0.017283 BTC per block.
    expect(r.snapshot.fields.fees_btc_per_block?.note).toMatch(/reward-stats end block: height 9999999/);
    const hp = r.snapshot.fields.hashprice_usd_ph_day?.value ?? NaN;
    const expected = referenceHashprice(97_250, 155.97e12, 0.017283, 3.125);
    expect(hp).toBeCloseTo(expected, 9);
    expect(hp).toBeGreaterThan(30);
  });

  test("a poisoned saved height is dropped at restart; a plausible wrong one heals after 3 consistent lower reports", async () => {
    const storage = new FakeOfficeStorage();
    storage.items.set(LAST_GOOD_STORAGE_KEY, savedHeight(9_999_999, Date.now()));
    const first = await wiredStore(server, { storage, http: ROOMY });
    const started = await first.store.start();
    expect(started.problems.join("; ")).toMatch(/the stored height was dropped: height 9999999 is not what the clock/);
    expect(first.store.snapshot().fields.height?.value).toBe(EMBEDDED_HEIGHT);
    expect((await first.store.refresh()).snapshot.fields.height?.value).toBe(DEFAULT_FIXTURE_DATA.height);

    // A testnet-like answer inside the clock's window but above the truth is accepted...
    const { expected, tolerance } = expectedHeight(Date.now());
    const wrongHigh = expected + tolerance - 10;
    server.setData({ height: wrongHigh });
    expect((await first.store.refresh()).snapshot.fields.height?.value).toBe(wrongHigh);
    // ...then the true, lower height is refused once, the add-in restarts, and it is refused
    // twice more before it wins back.
    server.setData({ height: DEFAULT_FIXTURE_DATA.height });
    const once = await first.store.refresh();
    expect(once.snapshot.fields.height?.value).toBe(wrongHigh);
    expect(once.snapshot.fields.height?.note).toMatch(/below the last known height .*report 1 of 3/);
    first.store.dispose();
    const second = await wiredStore(server, { storage, http: ROOMY });
    expect(second.store.snapshot().fields.height?.value).toBe(wrongHigh);
    const heights: number[] = [];
    for (let i = 0; i < 3; i++) heights.push((await second.store.refresh()).snapshot.fields.height?.value ?? NaN);
    expect(heights).toEqual([wrongHigh, wrongHigh, DEFAULT_FIXTURE_DATA.height]);
    expect(second.store.snapshot().fields.height?.origin).toBe("live");
    expect(second.store.snapshot().fields.subsidy_btc?.value).toBe(blockSubsidyBtc(DEFAULT_FIXTURE_DATA.height));
  });

  test("resetSavedData forgets the saved values (memory and storage) and the next refresh takes the true height", async () => {
    const { store, storage } = await wiredStore(server, { http: ROOMY });
    const { expected, tolerance } = expectedHeight(Date.now());
    server.setData({ height: expected + tolerance - 1 });
    await store.refresh();
    const reset = await store.resetSavedData();
    expect(reset.problems).toEqual([]);
    expect(reset.cleared).toContain("last good values (custom)");
    expect(store.snapshot().fields.height).toMatchObject({ value: EMBEDDED_HEIGHT, origin: "embedded" });
    expect(JSON.parse(storage.items.get(LAST_GOOD_STORAGE_KEY) ?? "null")).toEqual({ schema: 1, fields: {} });
    server.setData({ height: DEFAULT_FIXTURE_DATA.height });
    expect((await store.refresh()).snapshot.fields.height?.value).toBe(DEFAULT_FIXTURE_DATA.height);
  });
});

describe("a slow-failing primary price source does not starve the fallbacks", () => {
  async function priceAfter(setup: () => void) {
    const { store } = await wiredStore(server, { http: STARVE_POLICY });
    setup();
    const t0 = performance.now();
    const r = await store.refresh();
    return { store, r, ms: performance.now() - t0 };
  }

  test("trickle then reset: Coinbase is asked within mempool's share (1/3 of the budget)", async () => {
    const { r, ms } = await priceAfter(() =>
      server.setFault("mempool.prices", { kind: "trickle", intervalMs: 50, forMs: 1_500 }),
    );
    expect(r.snapshot.fields.btc_usd).toMatchObject({ value: DEFAULT_FIXTURE_DATA.coinbaseUsd, origin: "live" });
    expect(r.usedFallback.btc_usd).toBe("alternate_source");
    expect(r.failures.find((f) => f.endpoint === "mempool.prices")?.reason).toMatch(/timeout while reading the body/);
    expect(ms).toBeLessThan(STARVE_POLICY.maxRefreshMs);
  });

  test("429 with Retry-After 19: moves on at once, and skips mempool's price until then", async () => {
    const { store, r, ms } = await priceAfter(() =>
      server.setFault("mempool.prices", { kind: "status", status: 429, retryAfter: "19" }),
    );
    expect(r.snapshot.fields.btc_usd?.value).toBe(DEFAULT_FIXTURE_DATA.coinbaseUsd);
    expect(r.failures.find((f) => f.endpoint === "mempool.prices")?.reason).toMatch(
      /HTTP 429 .*Retry-After 19 s.*not retried: the wait would exceed this source's time budget/,
    );
    expect(ms).toBeLessThan(1_000); // at once, not after 19 s
    expect(server.requests["mempool.prices"]).toBe(1);
    const again = await store.refresh();
    expect(server.requests["mempool.prices"]).toBe(1);
    expect(again.failures.find((f) => f.endpoint === "mempool.prices")?.reason).toMatch(/^skipped: the server asked/);
  });

  test("gzip bomb (a small body that inflates to 64 MB): refused past 1 MB after decompression, Coinbase answers", async () => {
    const { r, ms } = await priceAfter(() => server.setFault("mempool.prices", { kind: "gzipBomb", megabytes: 64 }));
    expect(r.snapshot.fields.btc_usd?.value).toBe(DEFAULT_FIXTURE_DATA.coinbaseUsd);
    expect(r.failures.find((f) => f.endpoint === "mempool.prices")?.reason).toMatch(
      /larger than 1,000,000 bytes \(over 1,000,000 bytes after decompression\)/,
    );
    expect(server.requests["mempool.prices"]).toBe(1);
    expect(ms).toBeLessThan(STARVE_POLICY.maxRefreshMs);
  });
});

describe("endless bodies stop at the cap", () => {
  test("market: an endless price answer is refused after 1 MB; the refresh stays in budget", async () => {
    const { store } = await wiredStore(server, { http: STARVE_POLICY });
    server.setFault("mempool.prices", { kind: "endless", maxMs: 5_000 });
    const t0 = performance.now();
    const r = await store.refresh();
    expect(performance.now() - t0).toBeLessThan(STARVE_POLICY.maxRefreshMs);
    expect(r.failures.find((f) => f.endpoint === "mempool.prices")?.reason).toMatch(/larger than 1,000,000 bytes/);
    expect(r.snapshot.fields.btc_usd?.value).toBe(DEFAULT_FIXTURE_DATA.coinbaseUsd);
  });

  test("deal feed: an endless feed is refused past 5 MB, long before its 15 s timeout", async () => {
    server.setFault("deals.feed", { kind: "endless", maxMs: 10_000 });
    const t0 = performance.now();
    const err = await fetchDealFeed(server.url + FEED_PATH).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "too-large", message: expect.stringMatching(/larger than 5,000,000 bytes/) });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe("redirects", () => {
  test("to another host: refused, and the configured host is never credited with its data", async () => {
    const { store } = await wiredStore(server, { http: ROOMY });
    other.setData({ btcUsd: 12_345 });
    server.setFault("mempool.prices", { kind: "redirect", location: `${other.url}/api/v1/prices` });
    const r = await store.refresh();
    expect(r.snapshot.fields.btc_usd?.value).toBe(DEFAULT_FIXTURE_DATA.coinbaseUsd);
    expect(r.failures.find((f) => f.endpoint === "mempool.prices")?.reason).toBe(
      `refused: redirected to another host (${other.url}); point Settings at that host if it is meant`,
    );
  });

  test("on the same host: followed", async () => {
    const { store } = await wiredStore(server, { http: ROOMY });
    server.setFault("mempool.prices", { kind: "redirect", location: "/moved/api/v1/prices" }, { times: 1 });
    const r = await store.refresh();
    expect(r.snapshot.fields.btc_usd).toMatchObject({ value: DEFAULT_FIXTURE_DATA.btcUsd, origin: "live" });
    expect(r.usedFallback.btc_usd).toBe("none");
  });

  test("a feed redirected to another host is refused", async () => {
    server.setFault("deals.feed", { kind: "redirect", location: `${other.url}${FEED_PATH}` });
    await expect(fetchFeedText(server.url + FEED_PATH)).rejects.toMatchObject({ kind: "redirect" });
  });
});

/** A storage whose calls never settle (as OfficeRuntime.storage has been seen to do). */
class HangingStorage implements KeyValueStorage {
  hangReads = true;
  hangWrites = true;
  readonly inner = new FakeOfficeStorage();
  getItem(key: string): Promise<string | null> {
    return this.hangReads ? new Promise(() => undefined) : this.inner.getItem(key);
  }
  setItem(key: string, value: string): Promise<void> {
    return this.hangWrites ? new Promise(() => undefined) : this.inner.setItem(key, value);
  }
}

describe("storage that never answers", () => {
  test("hanging reads: start, refresh and Settings go on with the defaults within the storage timeout", async () => {
    const storage = new HangingStorage();
    storage.hangWrites = false;
    const store = createMarketStore({ storage, http: ROOMY, storageTimeoutMs: 200 });
    const t0 = performance.now();
    const started = await store.start();
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(started.problems).toEqual([
      "could not read settings from custom (using the defaults): storage did not answer the read within 200 ms",
      "could not read the last good snapshot from custom (using the embedded values): storage did not answer the read within 200 ms",
    ]);
    const set = await store.settings.set({ mempoolBaseUrl: server.url, coinbaseBaseUrl: server.url });
    expect(set.ok && set.persistError).toBeUndefined();
    const r = await store.refresh();
    expect(r.snapshot.fields.btc_usd?.origin).toBe("live");
    store.dispose();
  });

  test("hanging writes: every refresh still ends, and says the values were not saved", async () => {
    const storage = new HangingStorage();
    storage.hangReads = false;
    const store = createMarketStore({ storage, http: ROOMY, storageTimeoutMs: 200 });
    await store.start();
    const set = await store.settings.set({ mempoolBaseUrl: server.url });
    expect(set.ok && set.persistError).toMatch(
      /were not saved \(custom\): storage did not answer the write within 200 ms/,
    );
    for (let i = 0; i < 2; i++) {
      const r = await store.refresh();
      expect(r.snapshot.fields.difficulty?.origin).toBe("live");
      expect(r.failures).toContainEqual({
        source: "storage (custom)",
        endpoint: "storage",
        reason: "not saved: storage did not answer the write within 200 ms",
      });
    }
    store.dispose();
  });
});

test("a last good value dated 2099 is discarded at start; lazy refresh still runs", async () => {
  const storage = new FakeOfficeStorage();
  const future = {
    value: 123_456,
    asOf: "2099-01-01T00:00:00.000Z",
    fetchedAt: "2099-01-01T00:00:00.000Z",
    source: "x",
  };
  storage.items.set(LAST_GOOD_STORAGE_KEY, JSON.stringify({ schema: 1, fields: { btc_usd: future } }));
  const { store } = await wiredStore(server, { storage, http: ROOMY });
  const started = await store.start();
  expect(started.problems).toEqual(["the stored btc_usd is dated in the future (2099-01-01T00:00:00.000Z): discarded"]);
  expect(store.snapshot().fields.btc_usd?.origin).toBe("embedded");
  expect(store.snapshot().stale).toBe(true);
  store.ensureFresh();
  await waitFor(() => store.lastReport() !== undefined, 8_000, "the lazy refresh");
  expect(store.snapshot().fields.btc_usd?.origin).toBe("live");
});
