/**
 * Every fault the market layer must survive, against the local fixture server (real HTTP),
 * seen from the cells: PIVOT.MARKET streaming cells for every field and property, and
 * MINER_HASHPRICE() with its market arguments omitted.
 *
 * For each fault:
 * - every cell gets a value at once, and its final value within the fault's bound (the
 *   timeout, or the Retry-After, plus a margin);
 * - the snapshot falls back field by field (live, last good, embedded) and `stale`, `as_of`
 *   and `source` tell the truth;
 * - no text from a source reaches a cell without being cleaned.
 */
import { MARKET } from "../../src/functions/market";
import { MINER_HASHPRICE } from "../../src/functions/mining";
import { marketCellValue, parseMarketQuery, snapshotSourceText } from "../../src/functions/market";
import {
  MARKET_FIELDS,
  PRIMARY_FIELDS,
  type FieldValue,
  type MarketSnapshot,
  type Origin,
  type PrimaryField,
} from "../../src/market/model";
import { installMarketStore, type MarketStore, type RefreshReport } from "../../src/market/store";
import {
  DEFAULT_FIXTURE_DATA,
  FIXTURE_SUBSIDY_BTC,
  normalBody,
  start,
  type FixtureServer,
} from "../support/marketFixtureServer";
import { expectCellSafe, FakeInvocation, referenceHashprice, TEST_POLICY, wiredStore } from "./helpers";

/** Allowance for scheduling on a loaded CI machine, on top of each fault's own bound. */
const MARGIN_MS = 600;
const EMBEDDED_AS_OF = "2026-01-12T00:00:00Z";
const EMBEDDED = { btcUsd: 91_132, difficulty: 146.48e12, fees: 0.017283, height: 931_968 };
const LIVE_FEES = DEFAULT_FIXTURE_DATA.totalFeeSats / 144 / 1e8; // 0.025

const QUERIES = [
  ...MARKET_FIELDS,
  ...MARKET_FIELDS.flatMap((f) => [`${f}.as_of`, `${f}.source`, `${f}.status`]),
  "as_of",
  "source",
  "stale",
];

let server: FixtureServer;
/** "127.0.0.1:PORT": how the fixture server's sources are named in short labels. */
let HOST: string;

beforeAll(async () => {
  server = await start();
  HOST = server.url.replace(/^http:\/\//, "");
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());
afterEach(() => installMarketStore(undefined));

interface Cell {
  readonly query: string;
  readonly invocation: FakeInvocation;
  readonly calledAtMs: number;
}

interface Outcome {
  readonly store: MarketStore;
  readonly cells: Map<string, Cell>;
  readonly report: RefreshReport;
  readonly hashpriceBefore: unknown;
  readonly hashpriceAfter: unknown;
  value(query: string): unknown;
}

/**
 * Wires a store to the fixture server; if `warm`, makes one clean refresh first (so last
 * good values exist) and then changes the server's data so a stale last-good value can be
 * told from a live one. Injects the faults, starts every cell, then awaits the refresh the
 * cells triggered (cold) or the task pane's refresh (warm).
 */
async function scenario(inject: () => void, options: { warm: boolean; boundMs: number }): Promise<Outcome> {
  const { store } = await wiredStore(server);
  if (options.warm) {
    const first = await store.refresh();
    expect(first.ok).toBe(true);
    server.setData({
      btcUsd: 50_000,
      coinbaseUsd: 50_001,
      krakenUsd: 50_002,
      difficulty: 160e12,
      hashrateHs: 1.15e21,
      totalFeeSats: 720_000_000,
    });
    server.resetRequests();
  }
  inject();
  const cells = new Map<string, Cell>();
  const t0 = performance.now();
  for (const query of QUERIES) {
    const invocation = new FakeInvocation();
    const calledAtMs = performance.now();
    MARKET(query, invocation);
    // A value at once: synchronously inside the call.
    expect(invocation.results.length).toBe(1);
    cells.set(query, { query, invocation, calledAtMs });
  }
  const hashpriceBefore = (MINER_HASHPRICE() as unknown[][])[0][0];
  if (!options.warm) expect(store.stats().refreshInFlight).toBe(true); // the cells' lazy refresh
  const report = await store.refresh(); // joins the lazy refresh when one is in flight
  const settledMs = performance.now() - t0;
  expect(settledMs).toBeLessThan(options.boundMs + MARGIN_MS);
  expect(report.durationMs).toBeLessThanOrEqual(TEST_POLICY.maxRefreshMs + MARGIN_MS);

  const snapshot = store.snapshot();
  for (const cell of cells.values()) {
    const { results } = cell.invocation;
    // Final value within the bound, equal to what the snapshot now says.
    expect(results[results.length - 1].atMs - cell.calledAtMs).toBeLessThan(options.boundMs + MARGIN_MS);
    expect(cell.invocation.last).toEqual(marketCellValue(parseMarketQuery(cell.query), snapshot));
    for (const r of results) expectCellSafe(r.value);
  }
  for (const f of report.failures) expectCellSafe(f.reason);
  const hashpriceAfter = (MINER_HASHPRICE() as unknown[][])[0][0];
  return {
    store,
    cells,
    report,
    hashpriceBefore,
    hashpriceAfter,
    value: (query: string) => cells.get(query)?.invocation.last,
  };
}

function expectEmbedded(o: Outcome, field: string, value: number, reason: RegExp): void {
  expect(o.value(field)).toBe(value);
  expect(o.value(`${field}.as_of`)).toBe(EMBEDDED_AS_OF);
  expect(o.value(`${field}.status`)).toMatch(/^embedded: live refresh failed: /);
  expect(o.value(`${field}.status`)).toMatch(reason);
}

test("slower than the timeout: price from Coinbase, difficulty from the embedded snapshot", async () => {
  const o = await scenario(
    () => {
      server.setFault("mempool.prices", { kind: "delay", ms: 3_000 });
      server.setFault("mempool.hashrate", { kind: "delay", ms: 3_000 });
    },
    { warm: false, boundMs: TEST_POLICY.timeoutMs },
  );
  expect(o.value("btc_usd")).toBe(97_262.41);
  expect(o.value("btc_usd.source")).toMatch(/^Coinbase \(127\.0\.0\.1:\d+\/v2\/prices\/BTC-USD\/spot\)$/);
  expect(o.value("btc_usd.status")).toBe("live: mempool.prices: no complete answer within 250 ms (timeout)");
  expectEmbedded(o, "difficulty", EMBEDDED.difficulty, /timeout/);
  expect(o.value("difficulty.source")).toBe(
    "derived: Hashrate Index 2026-01-12 gives the 2026-01-08 retarget (block 931,392) as -1.20% from 148.26T, the level before it: 148.26T × (1 − 0.0120) = 146.48T",
  );
  expect(o.value("network_eh_s_estimate")).toMatchObject({ code: "#N/A" });
  expect(o.value("height")).toBe(DEFAULT_FIXTURE_DATA.height);
  expect(o.value("fees_btc_per_block")).toBeCloseTo(LIVE_FEES, 12);
  // The difficulty is the embedded one, fetched long ago: stale, and as_of is its date.
  expect(o.value("stale")).toBe(true);
  expect(o.value("as_of")).toBe(EMBEDDED_AS_OF);
  expect(o.value("source")).toBe(
    `Coinbase (${HOST}), live: btc_usd; Hashrate Index 2026-01-12, embedded: difficulty; mempool (${HOST}), live: fees_btc_per_block, height`,
  );
  expect(o.report.usedFallback).toMatchObject({ btc_usd: "alternate_source", difficulty: "embedded", height: "none" });
  const expected = referenceHashprice(97_262.41, EMBEDDED.difficulty, LIVE_FEES, FIXTURE_SUBSIDY_BTC);
  expect(o.value("hashprice_usd_ph_day")).toBeCloseTo(expected, 9);
  expect(o.hashpriceAfter).toBeCloseTo(expected, 9);
  expect(o.hashpriceBefore).toBeCloseTo(
    referenceHashprice(EMBEDDED.btcUsd, EMBEDDED.difficulty, EMBEDDED.fees, 3.125),
    9,
  );
  // The lazy refresh and the explicit one shared one request per endpoint.
  expect(server.requests["mempool.hashrate"]).toBe(1);
  expect(server.requests["mempool.prices"]).toBe(1);
});

test("429 with Retry-After: waits and retries within the budget; a longer wait falls back and is respected", async () => {
  const o = await scenario(
    () => {
      server.setFault("mempool.tipHeight", { kind: "status", status: 429, retryAfter: "1" }, { times: 1 });
      server.setFault("mempool.rewardStats", { kind: "status", status: 429, retryAfter: "3600" });
    },
    { warm: false, boundMs: 1_000 },
  );
  expect(o.value("height")).toBe(DEFAULT_FIXTURE_DATA.height);
  expect(o.value("height.status")).toBe("live");
  expect(server.requests["mempool.tipHeight"]).toBe(2);
  expectEmbedded(o, "fees_btc_per_block", EMBEDDED.fees, /HTTP 429 Too Many Requests \(Retry-After 3600 s\)/);
  expect(o.value("stale")).toBe(true);
  expect(server.requests["mempool.rewardStats"]).toBe(1);

  // The next refresh does not ask the rate-limited endpoint again before the time it gave.
  const again = await o.store.refresh();
  expect(server.requests["mempool.rewardStats"]).toBe(1);
  expect(again.failures.find((f) => f.endpoint === "mempool.rewardStats")?.reason).toMatch(
    /^skipped: the server asked to wait until \d{4}-\d\d-\d\dT/,
  );
});

test("a Retry-After of years switches the source off for at most an hour, not for the session", async () => {
  const realNow = Date.now.bind(Date);
  let offsetMs = 0;
  const clock = jest.spyOn(Date, "now").mockImplementation(() => realNow() + offsetMs);
  try {
    const { store } = await wiredStore(server);
    server.setFault("mempool.rewardStats", { kind: "status", status: 429, retryAfter: "315360000" }, { times: 1 });
    const first = await store.refresh();
    expect(first.failures.find((f) => f.endpoint === "mempool.rewardStats")?.reason).toMatch(
      /Retry-After 315360000 s, capped at 3600 s/,
    );
    const skipped = await store.refresh();
    const until = /wait until (\S+) \(Retry-After\)/.exec(
      skipped.failures.find((f) => f.endpoint === "mempool.rewardStats")?.reason ?? "",
    );
    expect(until).not.toBeNull();
    expect(Date.parse(until![1]) - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect(server.requests["mempool.rewardStats"]).toBe(1);
    offsetMs = 3_600_000 + 1_000; // an hour later the source is asked again, and answers
    const later = await store.refresh();
    expect(server.requests["mempool.rewardStats"]).toBe(2);
    expect(later.usedFallback.fees_btc_per_block).toBe("none");
    store.dispose();
  } finally {
    clock.mockRestore();
  }
});

test("500: price from Kraken after mempool and Coinbase fail; fees from the last good value", async () => {
  const o = await scenario(
    () => {
      server.setFault("mempool.prices", { kind: "status", status: 500 });
      server.setFault("coinbase.spot", { kind: "status", status: 503 });
      server.setFault("mempool.rewardStats", { kind: "status", status: 500 });
    },
    { warm: true, boundMs: 0 },
  );
  expect(o.value("btc_usd")).toBe(50_002);
  expect(o.value("btc_usd.source")).toMatch(/^Kraken \(127\.0\.0\.1:\d+\/0\/public\/Ticker\)$/);
  expect(o.value("btc_usd.status")).toMatch(/^live: mempool\.prices: HTTP 500 Internal Server Error \(3 attempts\); /);
  expect(o.value("btc_usd.status")).toMatch(/coinbase\.spot: HTTP 503 Service Unavailable \(3 attempts\)$/);
  // Fees: the first refresh's 0.025, not the server's new 0.05, stamped with the first refresh's time.
  expect(o.value("fees_btc_per_block")).toBeCloseTo(LIVE_FEES, 12);
  expect(o.value("fees_btc_per_block.status")).toMatch(
    /^last good: live refresh failed: mempool\.rewardStats: HTTP 500/,
  );
  expect(o.value("fees_btc_per_block.source")).toMatch(
    /^mempool \(127\.0\.0\.1:\d+\/api\/v1\/mining\/reward-stats\/144\)$/,
  );
  const feesAsOf = Date.parse(o.value("fees_btc_per_block.as_of") as string);
  expect(Date.parse(o.value("btc_usd.as_of") as string)).toBeGreaterThanOrEqual(feesAsOf);
  // The last good value was fetched well within the TTL: not stale.
  expect(o.value("stale")).toBe(false);
  expect(o.value("as_of")).toBe(o.value("fees_btc_per_block.as_of"));
  expect(o.report.usedFallback).toMatchObject({ btc_usd: "alternate_source", fees_btc_per_block: "last_good" });
  // Mixed origins: each primary input named once, with its source and origin.
  expect(o.value("source")).toBe(
    `Kraken (${HOST}), live: btc_usd; mempool (${HOST}), live: difficulty, height; mempool (${HOST}), last good: fees_btc_per_block`,
  );
  expect(server.requests["mempool.prices"]).toBe(3);
  expect(server.requests["coinbase.spot"]).toBe(3);
  expect(server.requests["kraken.ticker"]).toBe(1);
  expect(o.hashpriceAfter).toBeCloseTo(referenceHashprice(50_002, 160e12, LIVE_FEES, FIXTURE_SUBSIDY_BTC), 9);
});

test("malformed JSON: difficulty and the estimate keep their last good values", async () => {
  const o = await scenario(() => server.setFault("mempool.hashrate", { kind: "malformed" }), {
    warm: true,
    boundMs: 0,
  });
  expect(o.value("difficulty")).toBe(DEFAULT_FIXTURE_DATA.difficulty);
  expect(o.value("network_eh_s_estimate")).toBeCloseTo(1138.9, 9);
  expect(o.value("difficulty.status")).toMatch(
    /^last good: live refresh failed: mempool\.hashrate: rejected: malformed JSON/,
  );
  expect(o.value("btc_usd")).toBe(50_000);
  expect(o.value("btc_usd.status")).toBe("live");
  expect(o.value("stale")).toBe(false);
  expect(o.hashpriceAfter).toBeCloseTo(
    referenceHashprice(50_000, DEFAULT_FIXTURE_DATA.difficulty, 0.05, FIXTURE_SUBSIDY_BTC),
    9,
  );
});

test("an implausible hashrate estimate is dropped alone: the live difficulty is kept", async () => {
  const o = await scenario(
    () => {
      // The estimate in TH/s instead of H/s, next to a good new difficulty.
      const data = { ...DEFAULT_FIXTURE_DATA, difficulty: 160e12, hashrateHs: 1.15e9 };
      const body = JSON.parse(normalBody("mempool.hashrate", data, Date.now(), new URLSearchParams()).text);
      server.setFault("mempool.hashrate", { kind: "json", body });
    },
    { warm: true, boundMs: 0 },
  );
  expect(o.value("difficulty")).toBe(160e12);
  expect(o.value("difficulty.status")).toBe("live");
  expect(o.value("network_eh_s")).toBeCloseTo((160e12 * 2 ** 32) / 600 / 1e18, 9);
  // The estimate keeps the first refresh's value, and says why.
  expect(o.value("network_eh_s_estimate")).toBeCloseTo(1138.9, 9);
  expect(o.value("network_eh_s_estimate.status")).toMatch(
    /^last good: live refresh failed: mempool\.hashrate: rejected network_eh_s_estimate: implausible: hashrate estimate 1\.150e-9 EH\/s/,
  );
  expect(o.report.usedFallback).toMatchObject({ difficulty: "none", network_eh_s_estimate: "last_good" });
  expect(o.report.failures).toEqual([
    {
      source: expect.stringMatching(/^mempool \(127\.0\.0\.1:\d+\/api\/v1\/mining\/hashrate\/3d\)$/),
      endpoint: "mempool.hashrate",
      reason: expect.stringMatching(/^rejected network_eh_s_estimate: implausible: /),
    },
  ]);
  expect(o.hashpriceAfter).toBeCloseTo(referenceHashprice(50_000, 160e12, 0.05, FIXTURE_SUBSIDY_BTC), 9);
});

test("well-formed but implausible: price 0 and negative fees are rejected, never used", async () => {
  const o = await scenario(
    () => {
      server.setFault("mempool.prices", {
        kind: "json",
        body: { time: Math.floor(Date.now() / 1000), USD: 0, EUR: 0 },
      });
      server.setFault("coinbase.spot", {
        kind: "json",
        body: { data: { amount: "0.00", base: "BTC", currency: "USD" } },
      });
      server.setFault("mempool.rewardStats", {
        kind: "json",
        body: {
          startBlock: DEFAULT_FIXTURE_DATA.height - 143,
          endBlock: DEFAULT_FIXTURE_DATA.height,
          totalReward: "45000000000",
          totalFee: "-5000",
          totalTx: "1",
        },
      });
    },
    { warm: false, boundMs: 0 },
  );
  expect(o.value("btc_usd")).toBe(DEFAULT_FIXTURE_DATA.krakenUsd);
  expect(o.value("btc_usd.status")).toMatch(/implausible: BTC price \(USD\) 0 is outside 100 to 10000000/);
  expectEmbedded(o, "fees_btc_per_block", EMBEDDED.fees, /implausible: total fees -5000 sat are negative/);
  expect(o.value("stale")).toBe(true);
});

test("connection reset mid-body: height from the embedded snapshot, price from Coinbase", async () => {
  const o = await scenario(
    () => {
      server.setFault("mempool.tipHeight", { kind: "reset" });
      server.setFault("mempool.prices", { kind: "reset" });
    },
    { warm: false, boundMs: 0 },
  );
  expectEmbedded(o, "height", EMBEDDED.height, /connection failed while reading the body/);
  expect(o.value("height.source")).toBe(
    "derived: retarget block 931,392 (= 462 × 2016, mined 2026-01-08 per Hashrate Index) + 144 blocks/day × 4 days to 2026-01-12 = 931,968; an estimate at the 10-minute target, not an observed tip",
  );
  expect(o.value("subsidy_btc")).toBe(3.125);
  expect(o.value("subsidy_btc.status")).toBe("embedded: uses embedded inputs");
  // 2026-01-12 (serial 46034) + (1,050,000 − 931,968) blocks × 10 min ÷ 1440.
  expect(o.value("next_halving_date")).toBeCloseTo(46_034 + (118_032 * 10) / 1440, 9);
  expect(o.value("btc_usd")).toBe(97_262.41);
  expect(o.value("stale")).toBe(true);
  expect(o.value("as_of")).toBe(EMBEDDED_AS_OF);
});

test("a source answering for a different field than asked is rejected", async () => {
  const o = await scenario(
    () => {
      server.setFault("mempool.prices", { kind: "json", body: { time: Math.floor(Date.now() / 1000), EUR: 90_000 } });
      server.setFault("coinbase.spot", {
        kind: "json",
        body: { data: { amount: "3500.10", base: "ETH", currency: "USD" } },
      });
      server.setFault("kraken.ticker", {
        kind: "json",
        body: { error: [], result: { XETHZUSD: { c: ["3500.00000", "1"] } } },
      });
      server.setFault("mempool.rewardStats", {
        kind: "json",
        body: {
          startBlock: DEFAULT_FIXTURE_DATA.height - 999,
          endBlock: DEFAULT_FIXTURE_DATA.height,
          totalReward: "1",
          totalFee: "100000000000",
          totalTx: "1",
        },
      });
    },
    { warm: true, boundMs: 0 },
  );
  // The first refresh's price, not ETH's, not EUR, not the server's new 50,000.
  expect(o.value("btc_usd")).toBe(DEFAULT_FIXTURE_DATA.btcUsd);
  expect(o.value("btc_usd.status")).toMatch(/^last good: live refresh failed: /);
  expect(o.value("btc_usd.status")).toMatch(/no USD price/);
  expect(o.value("fees_btc_per_block")).toBeCloseTo(LIVE_FEES, 12);
  expect(o.value("fees_btc_per_block.status")).toMatch(/covers 1000 blocks/);
  expect(o.report.failures.map((f) => f.reason).join(" | ")).toMatch(
    /not BTC-USD.*not XXBTZUSD|not XXBTZUSD.*not BTC-USD/,
  );
  expect(o.report.usedFallback.btc_usd).toBe("last_good");
});

test("a source's error text reaches a cell only cleaned: no control characters, bounded, not a formula", async () => {
  const hostile = `\u0007\r\n=HYPERLINK("http://evil.example","x")\u202e${"A".repeat(2_000)}`;
  const o = await scenario(
    () => {
      server.setFault("mempool.prices", { kind: "status", status: 500 });
      server.setFault("coinbase.spot", { kind: "json", body: { errors: [{ id: "x", message: hostile }] } });
      server.setFault("kraken.ticker", { kind: "json", body: { error: [hostile] } });
    },
    { warm: false, boundMs: 0 },
  );
  const status = o.value("btc_usd.status") as string;
  expect(status).toMatch(/^embedded: live refresh failed: /);
  expect(status).toMatch(/Coinbase error: =HYPERLINK\("http:\/\/evil\.example","x"\) A/);
  expect(status.length).toBeLessThanOrEqual(255);
  expect(o.value("btc_usd")).toBe(EMBEDDED.btcUsd);
});

test("all sources down (offline): every cell shows the embedded snapshot, stale, with its date and citation", async () => {
  const o = await scenario(
    () => {
      for (const e of [
        "mempool.hashrate",
        "mempool.rewardStats",
        "mempool.tipHeight",
        "mempool.prices",
        "coinbase.spot",
        "kraken.ticker",
      ] as const) {
        server.setFault(e, { kind: "status", status: 502 });
      }
    },
    { warm: false, boundMs: 0 },
  );
  expect(o.report.ok).toBe(false);
  expect(o.value("btc_usd")).toBe(EMBEDDED.btcUsd);
  expect(o.value("difficulty")).toBe(EMBEDDED.difficulty);
  expect(o.value("fees_btc_per_block")).toBe(EMBEDDED.fees);
  expect(o.value("height")).toBe(EMBEDDED.height);
  expect(o.value("stale")).toBe(true);
  expect(o.value("as_of")).toBe(EMBEDDED_AS_OF);
  // The whole source fits a cell and names every input's true source, height's included.
  expect(o.value("source")).toBe(
    "Hashrate Index 2026-01-12, embedded: btc_usd, difficulty; Hashrate Index fee share 2026-01-12, embedded: fees_btc_per_block; derived from block 931,392, embedded: height",
  );
  expect(o.value("height.source")).toMatch(/^derived: retarget block 931,392 /);
  expect(o.value("fees_btc_per_block.source")).toMatch(/^derived: fees were 0\.55% of miner rewards/);
  expect(o.hashpriceAfter).toBe(o.hashpriceBefore);
  expect(o.report.usedFallback).toEqual({
    btc_usd: "embedded",
    difficulty: "embedded",
    fees_btc_per_block: "embedded",
    height: "embedded",
    network_eh_s_estimate: "unavailable",
  });
});

describe('PIVOT.MARKET("source") always fits a cell and stays truthful', () => {
  function value(source: string, origin: Origin, label?: string): FieldValue {
    const t = "2026-11-29T12:00:00.000Z";
    return { value: 1, asOf: t, fetchedAt: t, source, origin, ...(label !== undefined ? { label } : {}) };
  }
  function snapshotOf(fields: Record<PrimaryField, FieldValue>): MarketSnapshot {
    return { fields, stale: false, asOf: fields.btc_usd.asOf, computedAt: fields.btc_usd.asOf, version: 1 };
  }

  test("four different self-hosted sources with long host names: hosts dropped, every input named", () => {
    const host = (name: string) => `${name}.internal.mining-analytics.example-holdings-corporation.com:8443`;
    const s = snapshotOf({
      btc_usd: value(`Kraken (${host("kraken-proxy")}/0/public/Ticker)`, "live"),
      difficulty: value(`mempool (${host("mempool-primary")}/api/v1/mining/hashrate/3d)`, "last_good"),
      fees_btc_per_block: value(`mempool (${host("mempool-secondary")}/api/v1/mining/reward-stats/144)`, "live"),
      height: value(
        "derived: an entry with a very long citation that is no endpoint label at all, x".repeat(2),
        "embedded",
        "derived from block 840,000",
      ),
    });
    const text = snapshotSourceText(s);
    expect(text.length).toBeLessThanOrEqual(255);
    expect(text).toBe(
      "Kraken, live: btc_usd; mempool, last good: difficulty; mempool, live: fees_btc_per_block; derived from block 840,000, embedded: height",
    );
    expectCellSafe(text);
  });

  test("labels that are long free text (restored from storage) are cut visibly, never a field", () => {
    const long = (n: number) => `a restored source ${n} ${"with a long description ".repeat(8)}`;
    const s = snapshotOf({
      btc_usd: value(long(1), "last_good"),
      difficulty: value(long(2), "last_good"),
      fees_btc_per_block: value(long(3), "last_good"),
      height: value(long(4), "last_good"),
    });
    const text = snapshotSourceText(s);
    expect(text.length).toBeLessThanOrEqual(255);
    for (const f of PRIMARY_FIELDS) expect(text).toContain(`, last good: ${f}`);
    expect(text).toMatch(/^a restored source 1 with a long des…, last good: btc_usd; /);
  });
});
