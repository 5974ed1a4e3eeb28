/**
 * The history service and PIVOT.MARKET_HISTORY against the fixture server: one request per
 * endpoint for many concurrent cells, the cache in storage with its fetch time (served after
 * a restart), offline answers (cached, else #N/A with the reason), and malformed,
 * implausible and slow answers.
 */
import { MARKET_HISTORY, marketHistory } from "../../../src/functions/history";
import { parseEmbeddedHistory } from "../../../src/market/history/embedded";
import {
  HISTORY_STORAGE_PREFIX,
  createHistoryService,
  installHistoryService,
  type HistoryServiceOptions,
} from "../../../src/market/history/service";
import { MemoryStorage, type KeyValueStorage } from "../../../src/market/storage";
import { isError, type ShownError } from "../../support/excel";
import { startHistoryFixture, type HistoryFixture } from "../../support/historyFixtureServer";
import bundledJson from "../../../src/market/embedded-history.json";

let server: HistoryFixture;
const JAN1 = 45_658; // 2025-01-01
const NOW = Date.UTC(2026, 11, 1, 12);

beforeEach(async () => {
  server = await startHistoryFixture();
});
afterEach(async () => {
  installHistoryService(undefined);
  await server.close();
});

function install(options: Partial<HistoryServiceOptions> = {}): KeyValueStorage {
  const storage = options.storage ?? new MemoryStorage();
  installHistoryService(
    createHistoryService({ baseUrl: () => server.url, storage, http: { backoffBaseMs: 10 }, ...options }),
  );
  return storage;
}

type Cell = number | string | CustomFunctions.Error;

function errorOf(result: Cell[][]): ShownError {
  expect(result).toHaveLength(1);
  const cell = result[0][0];
  if (!isError(cell)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return cell;
}

test("the worked example: weeks of January 2025's hashprice, dated by each week's end", async () => {
  install();
  const table = (await MARKET_HISTORY("hashprice_usd_ph_day", JAN1, JAN1 + 30, "week")) as Cell[][];
  expect(table).toHaveLength(6);
  expect(table[0]).toEqual(["Date (UTC)", "hashprice_usd_ph_day (USD per PH/s per day)"]);
  expect(table.slice(1).map((r) => r[0])).toEqual([JAN1 + 4, JAN1 + 11, JAN1 + 18, JAN1 + 25, JAN1 + 30]);
  // Week to Sun 01-05 (day 4): 144 × (3.125 + 0.024) × 94,500 ÷ (1e14 × 2^32 / 600 / 1e18 × 1000)
  expect(table[1][1]).toBeCloseTo((144 * 3.149 * 94_500) / (((1e14 * 2 ** 32) / 600 / 1e18) * 1000), 9);
  // Week to Sun 01-12: the last day with every input is 01-10 (day 9), difficulty 1.1e14.
  expect(table[2][1]).toBeCloseTo((144 * 3.154 * 99_500) / (((1.1e14 * 2 ** 32) / 600 / 1e18) * 1000), 9);
  // Weeks with no data at all: #N/A in their own cell, with the reason.
  expect(isError(table[3][1]) && table[3][1].code).toBe("#N/A");
  expect((table[3][1] as CustomFunctions.Error).message).toMatch(/no hashprice_usd_ph_day observation .* 2025-01-19/);
});

test("daily btc_usd, difficulty, network_eh_s and fees from the fixture, checked by hand", async () => {
  install();
  const price = (await marketHistory("BTC_USD", JAN1 + 2, JAN1 + 3, undefined, NOW)) as Cell[][];
  expect(price.slice(1)).toEqual([
    [JAN1 + 2, 92_500],
    [JAN1 + 3, 93_500],
  ]);
  const diff = (await marketHistory("difficulty", JAN1 + 4, JAN1 + 5, "day", NOW)) as Cell[][];
  expect(diff.slice(1)).toEqual([
    [JAN1 + 4, 1e14],
    [JAN1 + 5, 1.1e14],
  ]);
  const ehs = (await marketHistory("network_eh_s", JAN1 + 5, JAN1 + 5, "d", NOW)) as Cell[][];
  expect(ehs[1][1]).toBeCloseTo(787.4106709333, 9);
  const fees = (await marketHistory("fees_btc_per_block", JAN1, JAN1 + 40, "monthly", NOW)) as Cell[][];
  expect(fees.slice(1).map((r) => r[0])).toEqual([JAN1 + 30, JAN1 + 40]);
  expect(fees[1][1]).toBeCloseTo(0.029, 12); // January's last day with data, 01-10
  expect(isError(fees[2][1])).toBe(true); // February: no data
});

test("arguments outside their domain are #VALUE! naming the argument and its range", async () => {
  install();
  const cases: [unknown[], RegExp][] = [
    [["hashrate", JAN1, JAN1], /field must be one of btc_usd, difficulty, network_eh_s/],
    [["btc_usd", 1000, JAN1], /start_date must be a date from 2009-01-03 .* to today, 2026-12-01/],
    [["btc_usd", JAN1, JAN1 + 10_000], /end_date must be a date from 2009-01-03/],
    [["btc_usd", JAN1 + 5, JAN1], /end_date \(2025-01-01\) must be on or after start_date \(2025-01-06\)/],
    [["btc_usd", "2025-01-01", JAN1], /start_date must be a date .*got text "2025-01-01"/],
    [["btc_usd", JAN1, JAN1, "year"], /interval must be "day", "week" or "month"/],
  ];
  for (const [args, reason] of cases) {
    const e = errorOf((await marketHistory(args[0], args[1], args[2], args[3], NOW)) as Cell[][]);
    expect({ code: e.code, message: e.message }).toEqual({ code: "#VALUE!", message: expect.stringMatching(reason) });
  }
  expect(server.requests["mempool.priceHistory"]).toBe(0);
});

test("100 concurrent cells on a cold cache: one request per endpoint", async () => {
  install();
  server.setFault("mempool.feeHistory", { kind: "delay", ms: 100 });
  const fields = ["btc_usd", "difficulty", "network_eh_s", "fees_btc_per_block", "hashprice_usd_ph_day"];
  const calls = Array.from({ length: 100 }, (_, i) => marketHistory(fields[i % 5], JAN1, JAN1 + 9, "day", NOW));
  const tables = (await Promise.all(calls)) as Cell[][][];
  expect(tables.every((t) => t.length === 11)).toBe(true);
  expect(server.requests).toEqual({
    "mempool.priceHistory": 1,
    "mempool.difficultyHistory": 1,
    "mempool.feeHistory": 1,
  });
  // Within the TTL the next calls ask nobody.
  await marketHistory("hashprice_usd_ph_day", JAN1, JAN1 + 9, "day", NOW);
  expect(server.requests).toEqual({
    "mempool.priceHistory": 1,
    "mempool.difficultyHistory": 1,
    "mempool.feeHistory": 1,
  });
});

test("storage holds each series with its fetch time; a restart serves it without a request", async () => {
  let clock = NOW;
  const storage = install({ now: () => clock });
  await marketHistory("btc_usd", JAN1, JAN1 + 9, "day", NOW);
  const saved = JSON.parse((await storage.getItem(`${HISTORY_STORAGE_PREFIX}mempool.priceHistory`))!) as {
    fetchedAt: string;
    source: string;
    series: { values: number[] };
  };
  expect(saved.fetchedAt).toBe(new Date(NOW).toISOString());
  expect(saved.source).toBe(`mempool ${server.url}/api/v1/historical-price?currency=USD`);
  expect(saved.series.values[2]).toBe(92_500);

  // Restart: a new service over the same storage, the server down.
  server.setFault("mempool.priceHistory", { kind: "status", status: 503 });
  clock = NOW + 10 * 60_000;
  install({ storage, now: () => clock });
  const before = server.requests["mempool.priceHistory"];
  const fresh = (await marketHistory("btc_usd", JAN1 + 2, JAN1 + 2, "day", NOW)) as Cell[][];
  expect(fresh[1]).toEqual([JAN1 + 2, 92_500]);
  expect(server.requests["mempool.priceHistory"]).toBe(before);

  // Past the TTL, offline: the cached copy, after one failed attempt (3 tries of a 503).
  clock = NOW + 2 * 3_600_000;
  install({ storage, now: () => clock });
  const service = createHistoryService({
    baseUrl: () => server.url,
    storage,
    now: () => clock,
    http: { backoffBaseMs: 10 },
  });
  const loaded = await service.load(["mempool.priceHistory"]);
  const p = loaded["mempool.priceHistory"]!;
  expect(p.origin).toBe("cached");
  expect(p.asOf).toBe(new Date(NOW).toISOString());
  expect(p.note).toMatch(
    /live fetch failed \(BTC price history: HTTP 503.*\); serving the copy fetched 2026-12-01T12:00:00.000Z/,
  );
  const stale = (await marketHistory("btc_usd", JAN1 + 2, JAN1 + 2, "day", NOW)) as Cell[][];
  expect(stale[1]).toEqual([JAN1 + 2, 92_500]);
});

test("offline with nothing cached: #N/A with the reason, and the bundled history's own note", async () => {
  install();
  server.setFault("mempool.priceHistory", { kind: "status", status: 500 });
  const e = errorOf((await marketHistory("btc_usd", JAN1, JAN1 + 3, "day", NOW)) as Cell[][]);
  expect(e.code).toBe("#N/A");
  expect(e.message).toMatch(
    /no btc_usd history: mempool.priceHistory: live fetch failed \(BTC price history: HTTP 500/,
  );
  expect(e.message).toMatch(
    /no cached copy; bundled history: Empty: this file was prepared on a machine without internet/,
  );
  // A failed endpoint is not asked again within 60 s: the next cell answers at once.
  const n = server.requests["mempool.priceHistory"];
  errorOf((await marketHistory("btc_usd", JAN1, JAN1 + 3, "day", NOW)) as Cell[][]);
  expect(server.requests["mempool.priceHistory"]).toBe(n);
});

test("offline with a bundled monthly history: month rows come from it, with its citation", async () => {
  const embedded = parseEmbeddedHistory({
    schema: 1,
    as_of: "2025-02-28T23:50:00Z",
    generated_at: "2025-03-01T00:00:00Z",
    generated_by: "test",
    about: "hand-built test bundle",
    source: "test bundle",
    months: [
      { date: "2025-01-31", btc_usd: 100_000, difficulty: 1.1e14, fees_btc_per_block: 0.03, height: 880_000 },
      { date: "2025-02-28", btc_usd: 85_000, difficulty: 1.2e14, fees_btc_per_block: 0.02, height: 884_000 },
    ],
  });
  install({ embedded });
  for (const id of ["mempool.priceHistory", "mempool.difficultyHistory", "mempool.feeHistory"] as const) {
    server.setFault(id, { kind: "status", status: 500 });
  }
  const t = (await marketHistory("hashprice_usd_ph_day", JAN1, JAN1 + 58, "month", NOW)) as Cell[][];
  const ehs = (1.2e14 * 2 ** 32) / 600 / 1e18;
  expect(t[2][0]).toBe(JAN1 + 58);
  expect(t[2][1]).toBeCloseTo((144 * 3.145 * 85_000) / (ehs * 1000), 9);
});

test("the shipped bundle is valid and empty, with an honest note", () => {
  const e = parseEmbeddedHistory(bundledJson);
  expect(e.months).toBe(0);
  expect(e.asOf).toBeNull();
  expect(e.about).toMatch(/without internet access/);
});

test.each([
  ["malformed JSON", { kind: "malformed" } as const, /BTC price history rejected: malformed JSON/],
  [
    "an implausible price",
    { kind: "json", body: { prices: [{ time: 1735689600, USD: 5e8 }] } } as const,
    /implausible/,
  ],
  ["a wrong shape", { kind: "json", body: [1, 2, 3] } as const, /shape: the price history should be an object/],
])("%s is rejected and never cached", async (_name, fault, reason) => {
  const storage = install();
  server.setFault("mempool.priceHistory", fault);
  const e = errorOf((await marketHistory("btc_usd", JAN1, JAN1, "day", NOW)) as Cell[][]);
  expect(e.message).toMatch(reason);
  expect(await storage.getItem(`${HISTORY_STORAGE_PREFIX}mempool.priceHistory`)).toBeNull();
});

test("a slow endpoint times out: #N/A with the timeout, the other endpoints unaffected", async () => {
  install({ http: { timeoutMs: 200, backoffBaseMs: 10 } });
  server.setFault("mempool.feeHistory", { kind: "delay", ms: 5_000 });
  const e = errorOf((await marketHistory("hashprice_usd_ph_day", JAN1, JAN1 + 3, "day", NOW)) as Cell[][]);
  expect(e.message).toMatch(
    /mempool.feeHistory: live fetch failed \(block fee history: no complete answer within 200 ms \(timeout\)/,
  );
  const d = (await marketHistory("difficulty", JAN1, JAN1, "day", NOW)) as Cell[][];
  expect(d[1]).toEqual([JAN1, 1e14]);
});

test("a storage that never answers costs at most its timeout: the live answer still comes", async () => {
  const hanging: KeyValueStorage = {
    getItem: () => new Promise<string | null>(() => undefined),
    setItem: () => new Promise<void>(() => undefined),
  };
  const service = createHistoryService({ baseUrl: () => server.url, storage: hanging, storageTimeoutMs: 50 });
  const loaded = await service.load(["mempool.difficultyHistory"]);
  const d = loaded["mempool.difficultyHistory"]!;
  expect(d.origin).toBe("live");
  expect(d.note).toMatch(/storage did not answer within 50 ms/);
});
