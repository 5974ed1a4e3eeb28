/**
 * mempool's history endpoints: one adapter each, turning a response body into a day-indexed
 * series after checking its shape (fields present, with the right types) and its
 * plausibility (bounds below, times between the genesis block and our clock, no time going
 * backwards against height). A response with any bad point is rejected whole, with the
 * reason; it never reaches the cache.
 *
 * Shapes, as defined by mempool's own code (github.com/mempool/mempool, checked at commit
 * 3b6ed8bde782, 2026-08-06):
 *
 * - `GET /api/v1/historical-price?currency=USD`: route `historical-price` →
 *   `MiningRoutes.$getHistoricalPrice` (backend/src/api/mining/mining-routes.ts) →
 *   `PricesRepository.$getHistoricalPrices(currency)` (backend/src/repositories/PricesRepository.ts):
 *   `{prices: [{time, USD}, ...], exchangeRates: {...}}`, `time` in Unix seconds, newest first
 *   (`ORDER BY time DESC`, rows `WHERE USD >= 0`); `null` when the currency is unknown.
 *   Called by the frontend's `ApiService.getHistoricalPrice$` (frontend/src/app/services/api.service.ts).
 * - `GET /api/v1/mining/difficulty-adjustments/all`: `MiningRoutes.$getDifficultyAdjustments`
 *   maps `DifficultyAdjustmentsRepository.$getRawAdjustments(interval, true)`
 *   (backend/src/repositories/DifficultyAdjustmentsRepository.ts, highest height first) to
 *   `[[time, height, difficulty, adjustment], ...]` (time in Unix seconds; adjustment is the
 *   ratio to the previous difficulty). "all" is no SQL interval (`Common.getSqlInterval`,
 *   backend/src/api/common.ts): the whole history. Frontend: `ApiService.getDifficultyAdjustments$`.
 * - `GET /api/v1/mining/blocks/fees/all`: `MiningRoutes.$getHistoricalBlockFees` →
 *   `Mining.$getHistoricalBlockFees` (backend/src/api/mining/mining.ts; "all" buckets by
 *   86,400 s, `getTimeRange`'s default) → `BlocksRepository.$getHistoricalBlockFees`
 *   (backend/src/repositories/BlocksRepository.ts): `[{avgHeight, timestamp, avgFees, USD}, ...]`,
 *   one row per UTC day (`GROUP BY UNIX_TIMESTAMP(blockTimestamp) DIV 86400`), avgFees the
 *   day's mean fees per block in satoshis, avgHeight the mean height, timestamp the mean
 *   block time (Unix seconds). Frontend: `ApiService.getHistoricalBlockFees$`.
 *
 * Body size: the whole daily-and-hourly USD price history is about 5 MB, the difficulty
 * adjustments about 50 kB, the daily fee history about 0.5 MB. A body over
 * `MAX_HISTORY_BODY_CHARS` (16 MB) is rejected: the live read stops at that many bytes while the
 * body streams (src/net/body.ts readBodyCapped via httpGetText), and parsing rechecks the length
 * of any text it is given (a stored copy).
 */
import { cleanText } from "../text";

export const HISTORY_ENDPOINT_IDS = [
  "mempool.priceHistory",
  "mempool.difficultyHistory",
  "mempool.feeHistory",
] as const;
export type HistoryEndpointId = (typeof HISTORY_ENDPOINT_IDS)[number];

/** Longest response body accepted, in characters (about the same in bytes: the JSON is ASCII). */
export const MAX_HISTORY_BODY_CHARS = 16_000_000;

export const MS_PER_DAY = 86_400_000;
/** 2009-01-03T00:00:00Z, the day of the genesis block: no observation can be older. */
export const GENESIS_MS = Date.UTC(2009, 0, 3);

/** Plausibility bounds for history (wider than the snapshot's: 2009's difficulty was 1). */
export const HISTORY_BOUNDS = Object.freeze({
  /** USD per BTC. mempool's oldest prices (2010) are a few cents. */
  btcUsdMin: 0.01,
  btcUsdMax: 10_000_000,
  difficultyMin: 1,
  difficultyMax: 1e17,
  /** A day's mean fees per block, BTC. */
  feesBtcMin: 0,
  feesBtcMax: 50,
  heightMax: 10_000_000,
  /** A source time may be this far ahead of our clock. */
  futureSkewMs: 5 * 60_000,
});

export class HistoryRejection extends Error {
  constructor(message: string) {
    super(cleanText(message));
    this.name = "HistoryRejection";
  }
}

/**
 * A series by UTC day (day = floor(Unix ms / 86,400,000)), days strictly increasing.
 * `heights` (fee history only) is the day's mean block height.
 */
export interface DaySeries {
  readonly days: number[];
  readonly values: number[];
  readonly heights?: number[];
}

export interface HistoryEndpoint {
  readonly id: HistoryEndpointId;
  /** Path and query appended to the mempool base URL. */
  readonly path: string;
  readonly what: string;
  /** `fetchedAtMs` is our clock when the body arrived (checks times against it). */
  readonly parse: (body: string, fetchedAtMs: number) => DaySeries;
}

function parseJson(body: string): unknown {
  if (body.length > MAX_HISTORY_BODY_CHARS) {
    throw new HistoryRejection(`size: the body is ${body.length} characters, over the ${MAX_HISTORY_BODY_CHARS} cap`);
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    throw new HistoryRejection(`malformed JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function describe(x: unknown): string {
  if (x === undefined) return "nothing (the field is missing)";
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "string") return `text "${cleanText(x, 24)}"`;
  return typeof x === "object" ? "an object" : `${typeof x} ${String(x)}`;
}

/** What a value is, for a message: built only when a check fails (a body has tens of thousands of rows). */
type Label = () => string;

function num(raw: unknown, what: Label): number {
  if (typeof raw !== "number" || !Number.isFinite(raw)) {
    throw new HistoryRejection(`shape: ${what()} should be a number; got ${describe(raw)}`);
  }
  return raw;
}

function within(value: number, min: number, max: number, what: Label): number {
  if (!(value >= min && value <= max))
    throw new HistoryRejection(`implausible: ${what()} ${value} is outside ${min} to ${max}`);
  return value;
}

/** A source time in Unix seconds → ms, between the genesis day and our clock (plus skew). */
function timeMs(seconds: unknown, fetchedAtMs: number, what: Label): number {
  const ms = num(seconds, what) * 1000;
  if (ms < GENESIS_MS)
    throw new HistoryRejection(`implausible: ${what()} ${seconds as number} is before the genesis block`);
  if (ms > fetchedAtMs + HISTORY_BOUNDS.futureSkewMs) {
    throw new HistoryRejection(`implausible: ${what()} ${new Date(ms).toISOString()} is in the future`);
  }
  return ms;
}

function height(raw: unknown, what: Label): number {
  const h = num(raw, what);
  if (!Number.isInteger(h)) throw new HistoryRejection(`implausible: ${what()} ${h} is not a whole number`);
  return within(h, 0, HISTORY_BOUNDS.heightMax, what);
}

/** True when times never decrease (direction 1) or never increase (−1). */
function monotone(rows: readonly { ms: number }[], direction: 1 | -1): boolean {
  for (let i = 1; i < rows.length; i++) if ((rows[i].ms - rows[i - 1].ms) * direction < 0) return false;
  return true;
}

/**
 * Rows (time ms, value[, height]) in any order → one per UTC day, the day's last observation
 * (its close). Two rows at the same time with different values are rejected (the source
 * contradicts itself); heights must not fall as time advances.
 */
function toDays(rows: { ms: number; value: number; height?: number }[], what: string): DaySeries {
  // mempool sends prices and adjustments newest first: reversing is enough then (no sort).
  if (!monotone(rows, 1)) {
    if (monotone(rows, -1)) rows.reverse();
    else rows.sort((a, b) => a.ms - b.ms);
  }
  const days: number[] = [];
  const values: number[] = [];
  const heights: number[] = [];
  let lastMs = -Infinity;
  let lastValue = NaN;
  let lastHeight = -Infinity;
  for (const r of rows) {
    if (r.ms === lastMs && r.value !== lastValue) {
      throw new HistoryRejection(`implausible: two ${what} values for ${new Date(r.ms).toISOString()}`);
    }
    if (r.height !== undefined) {
      if (r.height < lastHeight) {
        throw new HistoryRejection(`implausible: ${what} height ${r.height} is below an earlier day's ${lastHeight}`);
      }
      lastHeight = r.height;
    }
    lastMs = r.ms;
    lastValue = r.value;
    const day = Math.floor(r.ms / MS_PER_DAY);
    if (days.length > 0 && days[days.length - 1] === day) {
      values[values.length - 1] = r.value;
      if (r.height !== undefined) heights[heights.length - 1] = r.height;
    } else {
      days.push(day);
      values.push(r.value);
      if (r.height !== undefined) heights.push(r.height);
    }
  }
  if (days.length === 0) throw new HistoryRejection(`shape: the ${what} history is empty`);
  return heights.length > 0 ? { days, values, heights } : { days, values };
}

/** historical-price?currency=USD → the USD close of each UTC day. USD 0 (mempool: no price yet) rows are skipped. */
export function parsePriceHistory(body: string, fetchedAtMs: number): DaySeries {
  const data = parseJson(body);
  if (typeof data !== "object" || data === null || !Array.isArray((data as { prices?: unknown }).prices)) {
    throw new HistoryRejection(
      `shape: the price history should be an object with a prices array; got ${describe(data)}`,
    );
  }
  const prices = (data as { prices: unknown[] }).prices;
  const rows: { ms: number; value: number }[] = [];
  for (let i = 0; i < prices.length; i++) {
    const p = prices[i];
    if (typeof p !== "object" || p === null || Array.isArray(p)) {
      throw new HistoryRejection(`shape: prices[${i}] should be an object; got ${describe(p)}`);
    }
    const row = p as Record<string, unknown>;
    const usd = num(row.USD, () => `prices[${i}].USD`);
    if (usd === 0) continue;
    rows.push({
      ms: timeMs(row.time, fetchedAtMs, () => `prices[${i}].time`),
      value: within(usd, HISTORY_BOUNDS.btcUsdMin, HISTORY_BOUNDS.btcUsdMax, () => `prices[${i}].USD (USD per BTC)`),
    });
  }
  return toDays(rows, "price");
}

/** difficulty-adjustments/all → the difficulty set by the last adjustment of each UTC day it changed. */
export function parseDifficultyHistory(body: string, fetchedAtMs: number): DaySeries {
  const data = parseJson(body);
  if (!Array.isArray(data))
    throw new HistoryRejection(`shape: the difficulty adjustments should be an array; got ${describe(data)}`);
  const rows: { ms: number; value: number; height: number }[] = [];
  for (let i = 0; i < data.length; i++) {
    const a = data[i] as unknown;
    if (!Array.isArray(a) || a.length < 3) {
      throw new HistoryRejection(
        `shape: adjustment ${i} should be [time, height, difficulty, adjustment]; got ${describe(a)}`,
      );
    }
    rows.push({
      ms: timeMs(a[0], fetchedAtMs, () => `adjustment ${i} time`),
      height: height(a[1], () => `adjustment ${i} height`),
      value: within(
        num(a[2], () => `adjustment ${i} difficulty`),
        HISTORY_BOUNDS.difficultyMin,
        HISTORY_BOUNDS.difficultyMax,
        () => `adjustment ${i} difficulty`,
      ),
    });
  }
  const series = toDays(rows, "difficulty");
  // Heights were checked for order; the series keeps only the difficulty.
  return { days: series.days, values: series.values };
}

/** blocks/fees/all → each UTC day's mean fees per block (BTC) and mean height. */
export function parseFeeHistory(body: string, fetchedAtMs: number): DaySeries {
  const data = parseJson(body);
  if (!Array.isArray(data))
    throw new HistoryRejection(`shape: the fee history should be an array; got ${describe(data)}`);
  const rows: { ms: number; value: number; height: number }[] = [];
  for (let i = 0; i < data.length; i++) {
    const r = data[i] as unknown;
    if (typeof r !== "object" || r === null || Array.isArray(r)) {
      throw new HistoryRejection(`shape: fee row ${i} should be an object; got ${describe(r)}`);
    }
    const row = r as Record<string, unknown>;
    const feesBtc = num(row.avgFees, () => `fee row ${i} avgFees`) / 1e8;
    rows.push({
      ms: timeMs(row.timestamp, fetchedAtMs, () => `fee row ${i} timestamp`),
      height: height(row.avgHeight, () => `fee row ${i} avgHeight`),
      value: within(
        feesBtc,
        HISTORY_BOUNDS.feesBtcMin,
        HISTORY_BOUNDS.feesBtcMax,
        () => `fee row ${i} fees per block (BTC)`,
      ),
    });
  }
  return toDays(rows, "fee");
}

export const HISTORY_ENDPOINTS: Readonly<Record<HistoryEndpointId, HistoryEndpoint>> = {
  "mempool.priceHistory": {
    id: "mempool.priceHistory",
    path: "/api/v1/historical-price?currency=USD",
    what: "BTC price history",
    parse: parsePriceHistory,
  },
  "mempool.difficultyHistory": {
    id: "mempool.difficultyHistory",
    path: "/api/v1/mining/difficulty-adjustments/all",
    what: "difficulty adjustments",
    parse: parseDifficultyHistory,
  },
  "mempool.feeHistory": {
    id: "mempool.feeHistory",
    path: "/api/v1/mining/blocks/fees/all",
    what: "block fee history",
    parse: parseFeeHistory,
  },
};
