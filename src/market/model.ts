/**
 * The market snapshot: the inputs every mining number depends on, each stamped with when it
 * was observed, where it came from and how it reached the snapshot.
 *
 * Input fields come from a source (or the last good value, or the embedded snapshot);
 * derived fields are computed from the inputs by src/core and carry the oldest as-of and the
 * weakest origin of the inputs they use.
 */

/** Fields a source supplies. `network_eh_s_estimate` is informational (mempool's own estimate). */
export const INPUT_FIELDS = ["btc_usd", "difficulty", "fees_btc_per_block", "height", "network_eh_s_estimate"] as const;
export type InputField = (typeof INPUT_FIELDS)[number];

/** Inputs the snapshot needs; a refresh is `ok` only when all of these came live. */
export const PRIMARY_FIELDS = ["btc_usd", "difficulty", "fees_btc_per_block", "height"] as const;
export type PrimaryField = (typeof PRIMARY_FIELDS)[number];

export const DERIVED_FIELDS = ["network_eh_s", "subsidy_btc", "hashprice_usd_ph_day", "next_halving_date"] as const;
export type DerivedField = (typeof DERIVED_FIELDS)[number];

/** Every value field, in the order PIVOT.MARKET's error message and the task pane list them. */
export const MARKET_FIELDS = [
  "btc_usd",
  "difficulty",
  "network_eh_s",
  "network_eh_s_estimate",
  "fees_btc_per_block",
  "height",
  "subsidy_btc",
  "hashprice_usd_ph_day",
  "next_halving_date",
] as const;
export type MarketField = (typeof MARKET_FIELDS)[number];

/** Units, for labels and docs. */
export const FIELD_UNITS: Readonly<Record<MarketField, string>> = {
  btc_usd: "USD per BTC",
  difficulty: "difficulty (unitless)",
  network_eh_s: "EH/s, implied by difficulty (D × 2^32 / 600)",
  network_eh_s_estimate: "EH/s, the source's own estimate",
  fees_btc_per_block: "BTC per block, trailing 144-block average",
  height: "blocks",
  subsidy_btc: "BTC per block",
  hashprice_usd_ph_day: "USD per PH/s per day",
  next_halving_date: "Excel date serial (UTC)",
};

/**
 * How a value reached the snapshot:
 * - "live": fetched by the most recent refresh of this session;
 * - "last_good": an earlier successful fetch (this session, or restored from storage);
 * - "embedded": the dated snapshot bundled with the add-in.
 * Derived fields take the weakest origin of their inputs (embedded < last_good < live).
 */
export type Origin = "live" | "last_good" | "embedded";

export interface FieldValue {
  readonly value: number;
  /** When the source observed the value, ISO 8601 UTC. Derived fields: the oldest input's. */
  readonly asOf: string;
  /** When the add-in obtained it (embedded: when the snapshot was generated), ISO 8601 UTC. */
  readonly fetchedAt: string;
  /** Who supplied the value: source name and endpoint, or the embedded snapshot's citation. */
  readonly source: string;
  /**
   * A short name of the source (at most SOURCE_LABEL_CHARS) for summaries such as
   * PIVOT.MARKET("source"); embedded values carry one from the snapshot file. When absent it
   * is taken from `source` (see sourceLabel).
   */
  readonly label?: string;
  readonly origin: Origin;
  /**
   * What went wrong in the latest refresh for this field, as "endpoint: reason; ..." (cleaned
   * text, bounded length): for a live value, the sources tried before the one that answered;
   * otherwise "live refresh failed: ...".
   */
  readonly note?: string;
}

export interface MarketSnapshot {
  /** Every field but `network_eh_s_estimate` is always present. */
  readonly fields: Readonly<Partial<Record<MarketField, FieldValue>>>;
  /**
   * True when any primary input (price, difficulty, fees, height) was fetched longer ago
   * than the TTL: the snapshot then shows fallbacks or old data, with their true as-of.
   */
  readonly stale: boolean;
  /** The oldest as-of among the primary inputs, ISO 8601 UTC. */
  readonly asOf: string;
  /** When this snapshot object was computed, ISO 8601 UTC. */
  readonly computedAt: string;
  /** Increases by one every time the snapshot changes. */
  readonly version: number;
}

/** A value as a source reports it, before it enters the snapshot. */
export interface Observation {
  readonly value: number;
  readonly asOf: string;
  readonly fetchedAt: string;
  readonly source: string;
  /** Short source name for summaries (the embedded snapshot's entries have one). */
  readonly label?: string;
}

/** Longest short source label (embedded files are held to it; summaries cut others to it). */
export const SOURCE_LABEL_CHARS = 36;

/**
 * The short name of a value's source: its `label`, else `source` shortened. A source label of
 * the endpoints' form "mempool (mempool.space/api/v1/prices)" becomes "mempool (mempool.space)",
 * or just "mempool" when `compact`. Compact labels are cut to SOURCE_LABEL_CHARS.
 */
export function sourceLabel(v: { readonly source: string; readonly label?: string }, compact = false): string {
  let label = v.label;
  if (label === undefined) {
    const m = /^([^()]+) \(([^/()]+)(?:\/[^()]*)?\)$/.exec(v.source);
    label = m ? (compact ? m[1] : `${m[1]} (${m[2]})`) : v.source;
  }
  if (!compact || label.length <= SOURCE_LABEL_CHARS) return label;
  return `${label.slice(0, SOURCE_LABEL_CHARS - 1)}…`;
}

export function originRank(origin: Origin): number {
  return origin === "live" ? 2 : origin === "last_good" ? 1 : 0;
}

export function isMarketField(name: string): name is MarketField {
  return (MARKET_FIELDS as readonly string[]).includes(name);
}

/**
 * The current values as the custom functions read them for omitted market arguments
 * (see values.ts). Numbers only, so a function can use them at once.
 */
export interface MarketValues {
  readonly btcUsd: number;
  readonly difficulty: number;
  /** Network hashrate implied by difficulty, EH/s (D × 2^32 / 600 / 1e18, src/core). */
  readonly networkEhs: number;
  /** Trailing 144-block average fees per block, BTC. */
  readonly feesBtcPerBlock: number;
  readonly height: number;
  /** Bitcoin Core's subsidy at `height`, BTC. */
  readonly subsidyBtc: number;
  /** Difficulty-based hashprice from the values above, USD per PH/s per day. */
  readonly hashpriceUsdPerPhDay: number;
  /** When each input was observed by its source, Unix milliseconds (UTC). */
  readonly asOfMs: {
    readonly btcUsd: number;
    readonly difficulty: number;
    readonly feesBtcPerBlock: number;
    readonly height: number;
  };
  /** The snapshot's stale flag (some input fetched longer ago than the TTL). */
  readonly stale: boolean;
}
