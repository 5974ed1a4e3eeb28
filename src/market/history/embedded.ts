/**
 * The monthly history bundled with the add-in (src/market/embedded-history.json), written by
 * `npm run snapshot:update` from mempool's history endpoints: for each month its last day
 * with an observation of every input (price close, difficulty in force, that day's mean
 * fees per block and mean height), with the capture's as-of and source. It is what
 * PIVOT.MARKET_HISTORY falls back on for an endpoint with neither a live answer nor a
 * cached one. Each value belongs to its own day only (no filling between month-ends).
 *
 * The file may be empty (`months: []`, `as_of: null`), with `about` saying why; the function
 * then answers #N/A offline with that reason.
 */
import type { HistoryEndpointId } from "./sources";
import type { SeriesInput } from "./series";
import { HistoryRejection, HISTORY_BOUNDS } from "./sources";
import bundled from "../embedded-history.json";

export interface EmbeddedMonthJson {
  /** The observation's UTC day, "YYYY-MM-DD". */
  readonly date: string;
  readonly btc_usd: number;
  readonly difficulty: number;
  readonly fees_btc_per_block: number;
  readonly height: number;
}

export interface EmbeddedHistoryJson {
  readonly schema: 1;
  /** ISO 8601 UTC time of the newest observation, or null when empty. */
  readonly as_of: string | null;
  readonly generated_at: string;
  readonly generated_by: string;
  readonly about: string;
  /** Citation: the endpoints the capture read. */
  readonly source: string;
  readonly months: readonly EmbeddedMonthJson[];
}

export interface EmbeddedHistory {
  readonly asOf: string | null;
  readonly about: string;
  readonly source: string;
  readonly inputs: Partial<Record<HistoryEndpointId, SeriesInput>>;
  readonly months: number;
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new HistoryRejection(`embedded history: ${what}`);
}

/** Validates the file (shape, bounds, dates increasing) and turns it into series inputs. */
export function parseEmbeddedHistory(json: unknown): EmbeddedHistory {
  const j = json as EmbeddedHistoryJson;
  check(typeof j === "object" && j !== null && j.schema === 1, "schema must be 1");
  check(typeof j.about === "string" && typeof j.source === "string", "about and source must be text");
  check(j.as_of === null || !Number.isNaN(Date.parse(j.as_of)), "as_of must be an ISO time or null");
  check(Array.isArray(j.months), "months must be an array");
  check(j.months.length === 0 || j.as_of !== null, "a non-empty history needs its as_of");
  const days: number[] = [];
  const price: number[] = [];
  const difficulty: number[] = [];
  const fees: number[] = [];
  const heights: number[] = [];
  for (const m of j.months) {
    const ms = Date.parse(`${m.date}T00:00:00Z`);
    check(/^\d{4}-\d{2}-\d{2}$/.test(m.date) && !Number.isNaN(ms), `bad date ${String(m.date)}`);
    const day = ms / 86_400_000;
    check(days.length === 0 || day > days[days.length - 1], `dates must increase (${m.date})`);
    const b = HISTORY_BOUNDS;
    check(m.btc_usd >= b.btcUsdMin && m.btc_usd <= b.btcUsdMax, `btc_usd of ${m.date}`);
    check(m.difficulty >= b.difficultyMin && m.difficulty <= b.difficultyMax, `difficulty of ${m.date}`);
    check(m.fees_btc_per_block >= b.feesBtcMin && m.fees_btc_per_block <= b.feesBtcMax, `fees of ${m.date}`);
    check(Number.isInteger(m.height) && m.height >= 0 && m.height <= b.heightMax, `height of ${m.date}`);
    days.push(day);
    price.push(m.btc_usd);
    difficulty.push(m.difficulty);
    fees.push(m.fees_btc_per_block);
    heights.push(m.height);
  }
  const inputs: Partial<Record<HistoryEndpointId, SeriesInput>> =
    days.length === 0
      ? {}
      : {
          "mempool.priceHistory": { series: { days, values: price } },
          "mempool.difficultyHistory": { series: { days, values: difficulty } },
          "mempool.feeHistory": { series: { days, values: fees, heights } },
        };
  return { asOf: j.as_of, about: j.about, source: j.source, inputs, months: days.length };
}

let cached: EmbeddedHistory | undefined;

/** The bundled history, parsed once. */
export function bundledHistory(): EmbeddedHistory {
  cached ??= parseEmbeddedHistory(bundled);
  return cached;
}
