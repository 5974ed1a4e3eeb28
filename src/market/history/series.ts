/**
 * Assembling a MARKET_HISTORY table from the endpoint series: pure, no I/O.
 *
 * Daily values (UTC days; dates are Excel serials, serial = day + 25,569):
 * - btc_usd: the day's last mempool price observation (its close; today's, the latest so far).
 * - difficulty: the difficulty in force at the day's end: the last adjustment on or before it,
 *   known up to the day the adjustment history was fetched (no later adjustment can be
 *   missing before then).
 * - network_eh_s: implied by that difficulty, D × 2^32 / 600 / 1e18 (core `networkEhsFromDifficulty`),
 *   as PIVOT.MARKET's network_eh_s.
 * - fees_btc_per_block: the day's mean fees per block (mempool's daily bucket), BTC.
 * - hashprice_usd_ph_day: core `hashpriceUsdPerPhDay(btc_usd, network_eh_s, fees, subsidy)`,
 *   the same formula as PIVOT.MINER_HASHPRICE, with the subsidy of Bitcoin Core's
 *   `GetBlockSubsidy` at the day's mean block height (core `blockSubsidyBtc`). Hashrate Index
 *   reports hashprice daily; this is that daily figure from the day's close price and
 *   difficulty and the day's fees.
 * A day with no observation of its own (a gap in the source) has no value: it is never filled
 * from a neighbour (the difficulty, a step that holds until the next adjustment, excepted).
 *
 * Weeks and months: each row is the **last daily value on or before the period end**, within
 * the period (the period's close), dated by that period end. Weeks are ISO weeks, Monday to
 * Sunday; months are calendar months. The first and last periods are cut to start_date and
 * end_date, so the last row is dated end_date when it falls mid-period. Why the close, not
 * the average: a month-end or week-end value is what a model keyed to a reporting date
 * references; the difficulty is a step, exact at any date; an average would blend the two
 * regimes either side of a halving or an adjustment. It is also what the bundled monthly
 * history holds (month-end observations).
 */
import { blockSubsidyBtc } from "../../core/halving";
import { hashpriceUsdPerPhDay, networkEhsFromDifficulty } from "../../core/mining";
import { MS_PER_DAY, type DaySeries, type HistoryEndpointId } from "./sources";

export const HISTORY_FIELDS = [
  "btc_usd",
  "difficulty",
  "network_eh_s",
  "fees_btc_per_block",
  "hashprice_usd_ph_day",
] as const;
export type HistoryField = (typeof HISTORY_FIELDS)[number];

export const HISTORY_INTERVALS = ["day", "week", "month"] as const;
export type HistoryInterval = (typeof HISTORY_INTERVALS)[number];

/** The words PIVOT.MARKET_HISTORY accepts for its interval (lower case, trimmed). */
export const HISTORY_INTERVAL_NAMES: Readonly<Record<string, HistoryInterval>> = {
  day: "day",
  daily: "day",
  d: "day",
  week: "week",
  weekly: "week",
  w: "week",
  month: "month",
  monthly: "month",
  m: "month",
};

/** Header of the value column, with its unit. */
export const HISTORY_FIELD_HEADERS: Readonly<Record<HistoryField, string>> = {
  btc_usd: "btc_usd (USD per BTC)",
  difficulty: "difficulty",
  network_eh_s: "network_eh_s (EH/s, implied by difficulty)",
  fees_btc_per_block: "fees_btc_per_block (BTC per block, daily mean)",
  hashprice_usd_ph_day: "hashprice_usd_ph_day (USD per PH/s per day)",
};

/** The endpoints each field needs. */
export const FIELD_ENDPOINTS: Readonly<Record<HistoryField, readonly HistoryEndpointId[]>> = {
  btc_usd: ["mempool.priceHistory"],
  difficulty: ["mempool.difficultyHistory"],
  network_eh_s: ["mempool.difficultyHistory"],
  fees_btc_per_block: ["mempool.feeHistory"],
  hashprice_usd_ph_day: ["mempool.priceHistory", "mempool.difficultyHistory", "mempool.feeHistory"],
};

/** Excel serial of UTC day `day` (days since 1970-01-01). */
export const serialOfDay = (day: number): number => day + 25_569;
export const dayOfSerial = (serial: number): number => Math.floor(serial) - 25_569;
export const isoDay = (day: number): string => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);

/**
 * One endpoint's series as assembly sees it. `stepsThroughDay` set: values are steps that
 * hold from their day until the next one, up to and including that day (live difficulty);
 * unset: each value belongs to its own day only.
 */
export interface SeriesInput {
  readonly series: DaySeries;
  readonly stepsThroughDay?: number;
}

export type HistoryInputs = Partial<Record<HistoryEndpointId, SeriesInput>>;

/** Index of the last entry of `days` ≤ day, or −1. */
function lastAtOrBefore(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The entry for `day`: the step in force, or the day's own observation. */
function entry(input: SeriesInput | undefined, day: number): number {
  if (input === undefined) return -1;
  const i = lastAtOrBefore(input.series.days, day);
  if (i < 0) return -1;
  if (input.stepsThroughDay !== undefined) return day <= input.stepsThroughDay ? i : -1;
  return input.series.days[i] === day ? i : -1;
}

function valueOn(input: SeriesInput | undefined, day: number): number | undefined {
  const i = entry(input, day);
  return i < 0 ? undefined : input!.series.values[i];
}

/** The value of `field` on UTC day `day`, or undefined when a needed observation is missing. */
export function dailyValue(field: HistoryField, inputs: HistoryInputs, day: number): number | undefined {
  switch (field) {
    case "btc_usd":
      return valueOn(inputs["mempool.priceHistory"], day);
    case "difficulty":
      return valueOn(inputs["mempool.difficultyHistory"], day);
    case "network_eh_s": {
      const d = valueOn(inputs["mempool.difficultyHistory"], day);
      return d === undefined ? undefined : networkEhsFromDifficulty(d);
    }
    case "fees_btc_per_block":
      return valueOn(inputs["mempool.feeHistory"], day);
    case "hashprice_usd_ph_day": {
      const price = valueOn(inputs["mempool.priceHistory"], day);
      const difficulty = valueOn(inputs["mempool.difficultyHistory"], day);
      const fees = inputs["mempool.feeHistory"];
      const i = entry(fees, day);
      const height = i < 0 ? undefined : fees!.series.heights?.[i];
      if (price === undefined || difficulty === undefined || i < 0 || height === undefined) return undefined;
      return hashpriceUsdPerPhDay(
        price,
        networkEhsFromDifficulty(difficulty),
        fees!.series.values[i],
        blockSubsidyBtc(height),
      );
    }
  }
}

export interface Period {
  /** First UTC day of the period, cut to the start. */
  readonly fromDay: number;
  /** Last UTC day (the row's date), cut to the end. */
  readonly toDay: number;
}

/** The periods from `startDay` to `endDay` inclusive (see the module doc). */
export function periods(startDay: number, endDay: number, interval: HistoryInterval): Period[] {
  const out: Period[] = [];
  let from = startDay;
  while (from <= endDay) {
    let periodEnd: number;
    if (interval === "day") periodEnd = from;
    else if (interval === "week") {
      // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
      const weekday = (((from + 3) % 7) + 7) % 7;
      periodEnd = from + (6 - weekday);
    } else {
      const d = new Date(from * MS_PER_DAY);
      periodEnd = Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / MS_PER_DAY);
    }
    const to = Math.min(periodEnd, endDay);
    out.push({ fromDay: from, toDay: to });
    from = to + 1;
  }
  return out;
}

export interface HistoryRow {
  /** Excel serial (UTC) of the row's date: the period end, cut to end_date. */
  readonly serial: number;
  /** Undefined: no observation in the period. */
  readonly value: number | undefined;
}

/** One row per period: the last daily value in the period, on or before its end. */
export function assembleHistory(
  field: HistoryField,
  startDay: number,
  endDay: number,
  interval: HistoryInterval,
  inputs: HistoryInputs,
): HistoryRow[] {
  return periods(startDay, endDay, interval).map((p) => {
    let value: number | undefined;
    for (let day = p.toDay; day >= p.fromDay && value === undefined; day--) value = dailyValue(field, inputs, day);
    return { serial: serialOfDay(p.toDay), value };
  });
}
