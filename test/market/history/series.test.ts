/**
 * Fields and intervals on hand-built series, values checked by hand; hashprice against
 * PIVOT.MINER_HASHPRICE (core) on the same inputs.
 */
import { MINER_HASHPRICE } from "../../../src/functions/mining";
import { assembleHistory, dailyValue, periods, type HistoryInputs } from "../../../src/market/history/series";

const D0 = Date.UTC(2025, 0, 1) / 86_400_000; // Wednesday 2025-01-01, serial 45658
const S0 = 45_658;

/** Ten days: close 90,500 + 1000 i; difficulty 1e14 then 1.1e14 from day 5; fees 0.02 + 0.001 i at height 876,000 + 144 i. */
function inputs(): HistoryInputs {
  const days = Array.from({ length: 10 }, (_, i) => D0 + i);
  return {
    "mempool.priceHistory": { series: { days, values: days.map((_, i) => 90_500 + 1000 * i) } },
    "mempool.difficultyHistory": {
      series: { days: [D0 - 2, D0 + 5], values: [1e14, 1.1e14] },
      stepsThroughDay: D0 + 30,
    },
    "mempool.feeHistory": {
      series: { days, values: days.map((_, i) => 0.02 + 0.001 * i), heights: days.map((_, i) => 876_000 + 144 * i) },
    },
  };
}

test("daily values of each field", () => {
  const x = inputs();
  expect(dailyValue("btc_usd", x, D0 + 2)).toBe(92_500);
  expect(dailyValue("difficulty", x, D0 + 4)).toBe(1e14);
  expect(dailyValue("difficulty", x, D0 + 5)).toBe(1.1e14);
  // 1.1e14 × 2^32 / 600 / 1e18 = 787.4106709333 EH/s
  expect(dailyValue("network_eh_s", x, D0 + 5)).toBeCloseTo(787.4106709333, 9);
  expect(dailyValue("fees_btc_per_block", x, D0 + 2)).toBeCloseTo(0.022, 12);
  // 144 × (3.125 + 0.022) × 92,500 ÷ (715.8278826667 × 1000) = 58.5588254
  expect(dailyValue("hashprice_usd_ph_day", x, D0 + 2)).toBeCloseTo(58.5588254, 6);
  // Day 5: 144 × 3.15 × 95,500 ÷ (787.4106709333 × 1000) = 55.0142405
  expect(dailyValue("hashprice_usd_ph_day", x, D0 + 5)).toBeCloseTo(55.0142405, 6);
});

test("hashprice equals PIVOT.MINER_HASHPRICE on the same day's inputs, the subsidy at that day's height", () => {
  const x = inputs();
  for (let i = 0; i < 10; i++) {
    const difficulty = dailyValue("difficulty", x, D0 + i)!;
    const ehs = (difficulty * 2 ** 32) / 600 / 1e18;
    const ref = MINER_HASHPRICE([[90_500 + 1000 * i]], [[ehs]], [[0.02 + 0.001 * i]], [[3.125]])[0][0] as number;
    expect(dailyValue("hashprice_usd_ph_day", x, D0 + i)).toBeCloseTo(ref, 9);
  }
});

test("the subsidy halves at height 1,050,000: a day past it earns 1.5625 BTC + fees", () => {
  const day = D0;
  const x: HistoryInputs = {
    "mempool.priceHistory": { series: { days: [day], values: [100_000] } },
    "mempool.difficultyHistory": { series: { days: [day], values: [1e14] }, stepsThroughDay: day },
    "mempool.feeHistory": { series: { days: [day], values: [0.01], heights: [1_050_000] } },
  };
  const ehs = (1e14 * 2 ** 32) / 600 / 1e18;
  expect(dailyValue("hashprice_usd_ph_day", x, day)).toBeCloseTo((144 * 1.5725 * 100_000) / (ehs * 1000), 9);
});

test("a day with no observation has no value (never filled); difficulty holds as a step up to its fetch day", () => {
  const x = inputs();
  expect(dailyValue("btc_usd", x, D0 + 10)).toBeUndefined();
  expect(dailyValue("btc_usd", x, D0 - 1)).toBeUndefined();
  expect(dailyValue("difficulty", x, D0 + 30)).toBe(1.1e14);
  expect(dailyValue("difficulty", x, D0 + 31)).toBeUndefined();
  expect(dailyValue("difficulty", x, D0 - 3)).toBeUndefined();
  expect(dailyValue("hashprice_usd_ph_day", x, D0 + 10)).toBeUndefined();
});

test("ISO weeks end on Sunday; months at the calendar month end; both cut to the range", () => {
  // 2025-01-01 (Wed) to 2025-01-31 (Fri): weeks end 01-05, 12, 19, 26, then 31.
  expect(periods(D0, D0 + 30, "week").map((p) => [p.fromDay - D0, p.toDay - D0])).toEqual([
    [0, 4],
    [5, 11],
    [12, 18],
    [19, 25],
    [26, 30],
  ]);
  // 2024-12-15 to 2025-02-10: Dec (from 15th), Jan, Feb (to 10th).
  const dec15 = D0 - 17;
  expect(periods(dec15, D0 + 40, "month").map((p) => [p.fromDay - D0, p.toDay - D0])).toEqual([
    [-17, -1],
    [0, 30],
    [31, 40],
  ]);
  expect(periods(D0, D0 + 2, "day")).toHaveLength(3);
});

test("a week or month is its last daily value on or before the period end", () => {
  const x = inputs();
  const weeks = assembleHistory("btc_usd", D0, D0 + 11, "week", x);
  expect(weeks).toEqual([
    { serial: S0 + 4, value: 94_500 }, // Sun 01-05: day 4's close
    { serial: S0 + 11, value: 99_500 }, // Sun 01-12: the last day with data is 01-10
  ]);
  const months = assembleHistory("difficulty", D0 - 2, D0 + 9, "month", x);
  expect(months).toEqual([
    { serial: S0 - 1, value: 1e14 },
    { serial: S0 + 9, value: 1.1e14 },
  ]);
});

test("a gap: the daily row is empty, the week takes the day before", () => {
  const x = inputs();
  const p = x["mempool.priceHistory"]!.series;
  const days = p.days.filter((_, i) => i !== 4);
  const values = p.values.filter((_, i) => i !== 4);
  const gap: HistoryInputs = { ...x, "mempool.priceHistory": { series: { days, values } } };
  expect(assembleHistory("btc_usd", D0 + 3, D0 + 5, "day", gap).map((r) => r.value)).toEqual([
    93_500,
    undefined,
    95_500,
  ]);
  expect(assembleHistory("btc_usd", D0, D0 + 4, "week", gap)).toEqual([{ serial: S0 + 4, value: 93_500 }]);
});
