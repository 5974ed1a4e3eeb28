/**
 * Source adapters: one per endpoint. Each turns a response body into observations after
 * checking its shape (the fields are there, with the right types), its subject (it answers
 * for what was asked: BTC in USD, a 144-block window, the XXBTZUSD pair) and its plausibility
 * (the bounds below). Anything else is a `SourceRejection` and never reaches the snapshot.
 *
 * Endpoints and response shapes: mempool's REST API (https://mempool.space/docs/api/rest),
 * Coinbase's spot price and Kraken's public ticker.
 */
import type { MarketSettings } from "./settings";
import type { InputField, Observation } from "./model";
import { networkEhsFromDifficulty } from "../core/mining";
import { heightImplausibility } from "./height";
import { cleanText } from "./text";

/**
 * Every endpoint the market layer calls: the one list. `ENDPOINTS` (below) must have an entry
 * for each, and the store's request counters are built from it.
 */
export const ENDPOINT_IDS = [
  "mempool.hashrate",
  "mempool.rewardStats",
  "mempool.tipHeight",
  "mempool.prices",
  "coinbase.spot",
  "kraken.ticker",
] as const;
export type EndpointId = (typeof ENDPOINT_IDS)[number];

/** Plausibility bounds. A value outside them is rejected, never clamped. */
export const BOUNDS = Object.freeze({
  /** USD per BTC: 0 and negative prices are garbage; BTC has not traded below $100 since 2013. */
  btcUsdMin: 100,
  btcUsdMax: 10_000_000,
  /** Difficulty: 1e12 (2015 levels) to 1e17 (≈ 700 times 2026's). */
  difficultyMin: 1e12,
  difficultyMax: 1e17,
  /** Average fees per block over 144 blocks, BTC. */
  feesBtcMin: 0,
  feesBtcMax: 50,
  /** The source's hashrate estimate must be within this factor of the difficulty-implied one. */
  estimateFactor: 2,
  /** A height may be at most this many blocks below the embedded snapshot's (about two weeks). */
  heightBelowEmbedded: 2016,
  heightMax: 10_000_000,
  /** A source timestamp may be this far ahead of our clock (skew) or behind it. */
  futureSkewMs: 5 * 60_000,
  maxAgeMs: 7 * 86_400_000,
});

/** The window the fee average is taken over, as Hashrate Index does: the last 144 blocks. */
export const FEE_WINDOW_BLOCKS = 144;
const SATS_PER_BTC = 1e8;

export class SourceRejection extends Error {
  constructor(message: string) {
    super(cleanText(message));
    this.name = "SourceRejection";
  }
}

export interface ParseContext {
  readonly fetchedAtMs: number;
  /** Human label of the endpoint, recorded as each observation's source. */
  readonly source: string;
  /** A height below this is rejected (when `judgeHeight` is absent). */
  readonly minHeight?: number;
  /**
   * The store's "never below the last height" rule with its way back (height.ts HeightGuard):
   * returns the reason to refuse a height that passed the clock check, or undefined to accept.
   */
  readonly judgeHeight?: (height: number) => string | undefined;
  /**
   * Told about an informational field that failed its checks while the rest of the response
   * passed: that field alone is dropped (today only mempool's hashrate estimate), the others
   * are kept. The store records the reason on the field and in the refresh report.
   */
  readonly onFieldRejected?: (field: InputField, rejection: SourceRejection) => void;
}

export type Observations = Partial<Record<InputField, Observation>>;

export interface Endpoint {
  readonly id: EndpointId;
  readonly sourceName: "mempool" | "Coinbase" | "Kraken";
  readonly setting: "mempoolBaseUrl" | "coinbaseBaseUrl" | "krakenBaseUrl";
  /** Path and query appended to the base URL. */
  readonly path: string;
  /** Fields it supplies when it answers well. */
  readonly fields: readonly InputField[];
  readonly parse: (body: string, ctx: ParseContext) => Observations;
}

// ---------------------------------------------------------------- helpers

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    throw new SourceRejection(`malformed JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === undefined) return "nothing (the field is missing)";
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  if (typeof x === "string") return `text "${cleanText(x, 24)}"`;
  return typeof x === "object" ? "an object" : `${typeof x} ${String(x)}`;
}

function expectObject(x: unknown, what: string): Record<string, unknown> {
  if (!isObject(x)) throw new SourceRejection(`shape: ${what} should be an object; got ${describe(x)}`);
  return x;
}

/** A JSON number, or a decimal string (mempool's SQL sums and Coinbase/Kraken prices are strings). */
function numberField(obj: Record<string, unknown>, key: string, what: string): number {
  const raw = obj[key];
  let n: number;
  if (typeof raw === "number") n = raw;
  else if (typeof raw === "string" && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw.trim())) n = Number(raw);
  else throw new SourceRejection(`shape: ${what}.${key} should be a number; got ${describe(raw)}`);
  if (!Number.isFinite(n)) throw new SourceRejection(`shape: ${what}.${key} is not finite`);
  return n;
}

function within(value: number, min: number, max: number, what: string): number {
  if (!(value >= min && value <= max))
    throw new SourceRejection(`implausible: ${what} ${value} is outside ${min} to ${max}`);
  return value;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function observation(value: number, asOfMs: number, ctx: ParseContext): Observation {
  return { value, asOf: iso(asOfMs), fetchedAt: iso(ctx.fetchedAtMs), source: ctx.source };
}

/** A source timestamp in seconds, checked against our clock. */
function sourceTime(seconds: number, ctx: ParseContext, what: string): number {
  const ms = seconds * 1000;
  if (ms > ctx.fetchedAtMs + BOUNDS.futureSkewMs)
    throw new SourceRejection(`implausible: ${what} ${iso(ms)} is in the future`);
  if (ms < ctx.fetchedAtMs - BOUNDS.maxAgeMs)
    throw new SourceRejection(`implausible: ${what} ${iso(ms)} is over 7 days old`);
  return Math.min(ms, ctx.fetchedAtMs);
}

export function checkBtcUsd(price: number): number {
  return within(price, BOUNDS.btcUsdMin, BOUNDS.btcUsdMax, "BTC price (USD)");
}

export function checkDifficulty(difficulty: number): number {
  return within(difficulty, BOUNDS.difficultyMin, BOUNDS.difficultyMax, "difficulty");
}

export function checkFees(feesBtc: number): number {
  return within(feesBtc, BOUNDS.feesBtcMin, BOUNDS.feesBtcMax, "average fees per block (BTC)");
}

export function checkHeight(height: number, minHeight: number): number {
  if (!Number.isInteger(height)) throw new SourceRejection(`implausible: height ${height} is not a whole number`);
  if (height < minHeight) {
    throw new SourceRejection(`implausible: height ${height} is below the last known height ${minHeight}`);
  }
  return within(height, 0, BOUNDS.heightMax, "height");
}

// ---------------------------------------------------------------- mempool

/**
 * `/api/v1/mining/hashrate/3d`: currentDifficulty (and currentHashrate, H/s, mempool's
 * estimate). The difficulty is what every derived value uses; the estimate is informational,
 * so an estimate that is missing or implausible drops only itself (reported through
 * `ctx.onFieldRejected`), never the difficulty.
 */
function parseHashrate(body: string, ctx: ParseContext): Observations {
  const data = expectObject(parseJson(body), "the hashrate response");
  if (!Array.isArray(data.hashrates) || !Array.isArray(data.difficulty)) {
    throw new SourceRejection("shape: the hashrate response should have hashrates and difficulty arrays");
  }
  const difficulty = checkDifficulty(numberField(data, "currentDifficulty", "hashrate response"));
  const out: Record<string, Observation> = { difficulty: observation(difficulty, ctx.fetchedAtMs, ctx) };
  try {
    out.network_eh_s_estimate = observation(checkEstimate(data, difficulty), ctx.fetchedAtMs, ctx);
  } catch (e) {
    if (!(e instanceof SourceRejection)) throw e;
    ctx.onFieldRejected?.("network_eh_s_estimate", e);
  }
  return out;
}

/** mempool's currentHashrate in EH/s, if within a factor of what the difficulty implies. */
function checkEstimate(data: Record<string, unknown>, difficulty: number): number {
  const hashrateHs = numberField(data, "currentHashrate", "hashrate response");
  // An estimate far from what the difficulty implies is in the wrong unit or for another chain.
  const impliedEhs = networkEhsFromDifficulty(difficulty);
  const estimateEhs = hashrateHs / 1e18;
  if (!(estimateEhs >= impliedEhs / BOUNDS.estimateFactor && estimateEhs <= impliedEhs * BOUNDS.estimateFactor)) {
    throw new SourceRejection(
      `implausible: hashrate estimate ${estimateEhs.toPrecision(4)} EH/s is not within a factor ${BOUNDS.estimateFactor} of the ${impliedEhs.toPrecision(4)} EH/s its difficulty implies`,
    );
  }
  return estimateEhs;
}

/** `/api/v1/mining/reward-stats/144`: totalFee (sat, a string) over blocks startBlock..endBlock. */
function parseRewardStats(body: string, ctx: ParseContext): Observations {
  const data = expectObject(parseJson(body), "the reward-stats response");
  const start = numberField(data, "startBlock", "reward-stats");
  const end = numberField(data, "endBlock", "reward-stats");
  const totalFeeSats = numberField(data, "totalFee", "reward-stats");
  numberField(data, "totalReward", "reward-stats");
  const blocks = end - start + 1;
  if (blocks !== FEE_WINDOW_BLOCKS) {
    throw new SourceRejection(
      `wrong window: reward-stats covers ${blocks} blocks (${start} to ${end}), not ${FEE_WINDOW_BLOCKS}`,
    );
  }
  checkHeight(end, 0);
  const endByClock = heightImplausibility(end, ctx.fetchedAtMs);
  if (endByClock !== undefined) throw new SourceRejection(`implausible: reward-stats end block: ${endByClock}`);
  if (totalFeeSats < 0) throw new SourceRejection(`implausible: total fees ${totalFeeSats} sat are negative`);
  const feesBtc = checkFees(totalFeeSats / FEE_WINDOW_BLOCKS / SATS_PER_BTC);
  return { fees_btc_per_block: observation(feesBtc, ctx.fetchedAtMs, ctx) };
}

/** `/api/blocks/tip/height`: a plain integer. */
function parseTipHeight(body: string, ctx: ParseContext): Observations {
  const text = body.trim();
  if (!/^\d{1,10}$/.test(text))
    throw new SourceRejection(`shape: tip height should be a plain integer; got ${describe(body)}`);
  const height = checkHeight(Number(text), ctx.judgeHeight ? 0 : (ctx.minHeight ?? 0));
  const byClock = heightImplausibility(height, ctx.fetchedAtMs);
  if (byClock !== undefined) throw new SourceRejection(`implausible: ${byClock}`);
  const refused = ctx.judgeHeight?.(height);
  if (refused !== undefined) throw new SourceRejection(`implausible: ${refused}`);
  return { height: observation(height, ctx.fetchedAtMs, ctx) };
}

/** `/api/v1/prices`: {time (s), USD, EUR, ...}. */
function parseMempoolPrices(body: string, ctx: ParseContext): Observations {
  const data = expectObject(parseJson(body), "the prices response");
  if (!("USD" in data)) throw new SourceRejection("wrong subject: the prices response has no USD price");
  const usd = checkBtcUsd(numberField(data, "USD", "prices"));
  const asOfMs = sourceTime(numberField(data, "time", "prices"), ctx, "price time");
  return { btc_usd: observation(usd, asOfMs, ctx) };
}

// ---------------------------------------------------------------- Coinbase, Kraken

/** Coinbase `/v2/prices/BTC-USD/spot`: {data: {amount: "…", base: "BTC", currency: "USD"}}. */
function parseCoinbase(body: string, ctx: ParseContext): Observations {
  const root = expectObject(parseJson(body), "the Coinbase response");
  if (Array.isArray(root.errors) && root.errors.length > 0) {
    const first = root.errors[0];
    const message = isObject(first) && typeof first.message === "string" ? first.message : describe(first);
    throw new SourceRejection(`Coinbase error: ${message}`);
  }
  const data = expectObject(root.data, "Coinbase data");
  if (data.base !== "BTC" || data.currency !== "USD") {
    throw new SourceRejection(
      `wrong subject: Coinbase answered for ${describe(data.base)}-${describe(data.currency)}, not BTC-USD`,
    );
  }
  const usd = checkBtcUsd(numberField(data, "amount", "Coinbase data"));
  return { btc_usd: observation(usd, ctx.fetchedAtMs, ctx) };
}

/** The pair Kraken names XBTUSD in its answers. */
export const KRAKEN_PAIR = "XXBTZUSD";

/** Kraken `/0/public/Ticker?pair=XBTUSD`: {error: [], result: {XXBTZUSD: {c: [last, volume], ...}}}. */
function parseKraken(body: string, ctx: ParseContext): Observations {
  const root = expectObject(parseJson(body), "the Kraken response");
  if (!Array.isArray(root.error)) throw new SourceRejection("shape: the Kraken response should have an error array");
  if (root.error.length > 0) throw new SourceRejection(`Kraken error: ${root.error.map((x) => String(x)).join("; ")}`);
  const result = expectObject(root.result, "Kraken result");
  const ticker = result[KRAKEN_PAIR];
  if (ticker === undefined) {
    throw new SourceRejection(
      `wrong subject: Kraken answered for ${Object.keys(result).join(", ") || "no pair"}, not ${KRAKEN_PAIR}`,
    );
  }
  const t = expectObject(ticker, `Kraken ${KRAKEN_PAIR}`);
  if (!Array.isArray(t.c) || t.c.length < 1)
    throw new SourceRejection(`shape: Kraken ${KRAKEN_PAIR}.c should be [last, volume]`);
  const usd = checkBtcUsd(numberField({ last: t.c[0] }, "last", `Kraken ${KRAKEN_PAIR}.c`));
  return { btc_usd: observation(usd, ctx.fetchedAtMs, ctx) };
}

// ---------------------------------------------------------------- registry

export const ENDPOINTS: Readonly<Record<EndpointId, Endpoint>> = {
  "mempool.hashrate": {
    id: "mempool.hashrate",
    sourceName: "mempool",
    setting: "mempoolBaseUrl",
    path: "/api/v1/mining/hashrate/3d",
    fields: ["difficulty", "network_eh_s_estimate"],
    parse: parseHashrate,
  },
  "mempool.rewardStats": {
    id: "mempool.rewardStats",
    sourceName: "mempool",
    setting: "mempoolBaseUrl",
    path: `/api/v1/mining/reward-stats/${FEE_WINDOW_BLOCKS}`,
    fields: ["fees_btc_per_block"],
    parse: parseRewardStats,
  },
  "mempool.tipHeight": {
    id: "mempool.tipHeight",
    sourceName: "mempool",
    setting: "mempoolBaseUrl",
    path: "/api/blocks/tip/height",
    fields: ["height"],
    parse: parseTipHeight,
  },
  "mempool.prices": {
    id: "mempool.prices",
    sourceName: "mempool",
    setting: "mempoolBaseUrl",
    path: "/api/v1/prices",
    fields: ["btc_usd"],
    parse: parseMempoolPrices,
  },
  "coinbase.spot": {
    id: "coinbase.spot",
    sourceName: "Coinbase",
    setting: "coinbaseBaseUrl",
    path: "/v2/prices/BTC-USD/spot",
    fields: ["btc_usd"],
    parse: parseCoinbase,
  },
  "kraken.ticker": {
    id: "kraken.ticker",
    sourceName: "Kraken",
    setting: "krakenBaseUrl",
    path: "/0/public/Ticker?pair=XBTUSD",
    fields: ["btc_usd"],
    parse: parseKraken,
  },
};

/** The price sources, tried in this order until one answers well. */
export const PRICE_CHAIN: readonly EndpointId[] = ["mempool.prices", "coinbase.spot", "kraken.ticker"];

/** Full URL of an endpoint under the configured base URL. */
export function endpointUrl(endpoint: Endpoint, settings: MarketSettings): string {
  return `${settings[endpoint.setting]}${endpoint.path}`;
}

/** "mempool (mempool.space/api/v1/prices)": the source label recorded with each value. */
export function endpointLabel(endpoint: Endpoint, settings: MarketSettings): string {
  // The base URL was normalized by settings.checkUrl: scheme://host[:port][/path].
  const hostAndPath = endpointUrl(endpoint, settings)
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\?.*$/, "");
  return cleanText(`${endpoint.sourceName} (${hostAndPath})`);
}
