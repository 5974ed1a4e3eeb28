/**
 * mempool history adapters: the shapes of mempool's own code (see src/market/history/sources.ts),
 * reduced to UTC days; malformed, implausible and oversized bodies are rejected with the reason.
 */
import {
  HistoryRejection,
  MAX_HISTORY_BODY_CHARS,
  parseDifficultyHistory,
  parseFeeHistory,
  parsePriceHistory,
} from "../../../src/market/history/sources";
import { JAN_1_2025_S, defaultHistoryBodies } from "../../support/historyFixtureServer";

const NOW = Date.UTC(2026, 11, 1);
const DAY0 = Date.UTC(2025, 0, 1) / 86_400_000;
const bodies = defaultHistoryBodies();

test("price history: newest-first rows become one close per UTC day (the day's last observation)", () => {
  const s = parsePriceHistory(JSON.stringify(bodies["mempool.priceHistory"]), NOW);
  expect(s.days[0]).toBe(DAY0);
  expect(s.days).toHaveLength(10);
  // Day i has 90,000 + 1000 i at 12:00 and 90,500 + 1000 i at 23:00: the close is the latter.
  expect(s.values[0]).toBe(90_500);
  expect(s.values[9]).toBe(99_500);
});

test("price history: mempool's USD 0 (no price yet) rows are skipped, not read as a price", () => {
  const body = {
    prices: [
      { time: JAN_1_2025_S, USD: 0 },
      { time: JAN_1_2025_S + 86_400, USD: 91_000 },
    ],
  };
  const s = parsePriceHistory(JSON.stringify(body), NOW);
  expect(s.days).toEqual([DAY0 + 1]);
});

test("difficulty adjustments: [time, height, difficulty, adjustment], highest height first", () => {
  const s = parseDifficultyHistory(JSON.stringify(bodies["mempool.difficultyHistory"]), NOW);
  expect(s.days).toEqual([DAY0 - 2, DAY0 + 5]);
  expect(s.values).toEqual([1.0e14, 1.1e14]);
});

test("fee history: avgFees (sats) → BTC per block, with the day's mean height", () => {
  const s = parseFeeHistory(JSON.stringify(bodies["mempool.feeHistory"]), NOW);
  expect(s.values[2]).toBeCloseTo(0.022, 12);
  expect(s.heights?.[2]).toBe(876_288);
});

const rejects: [string, () => unknown, RegExp][] = [
  ["malformed JSON", () => parsePriceHistory('{"prices":[{"ti', NOW), /malformed JSON/],
  ["price null (unknown currency)", () => parsePriceHistory("null", NOW), /shape: .*prices array/],
  [
    "price as text",
    () => parsePriceHistory('{"prices":[{"time":1735689600,"USD":"90000"}]}', NOW),
    /should be a number/,
  ],
  ["price of 1e9 USD", () => parsePriceHistory('{"prices":[{"time":1735689600,"USD":1e9}]}', NOW), /implausible/],
  ["negative price", () => parsePriceHistory('{"prices":[{"time":1735689600,"USD":-5}]}', NOW), /implausible/],
  [
    "price time in the future",
    () => parsePriceHistory(`{"prices":[{"time":${NOW / 1000 + 86_400},"USD":90000}]}`, NOW),
    /future/,
  ],
  ["price time before genesis", () => parsePriceHistory('{"prices":[{"time":1000,"USD":90000}]}', NOW), /genesis/],
  ["empty price history", () => parsePriceHistory('{"prices":[]}', NOW), /empty/],
  ["difficulty as an object", () => parseDifficultyHistory('{"difficulty":[]}', NOW), /should be an array/],
  ["difficulty row too short", () => parseDifficultyHistory("[[1735689600, 1]]", NOW), /\[time, height, difficulty/],
  ["difficulty 0", () => parseDifficultyHistory("[[1735689600, 876000, 0, 1]]", NOW), /implausible/],
  ["fractional height", () => parseDifficultyHistory("[[1735689600, 876000.5, 1e14, 1]]", NOW), /whole number/],
  [
    "heights falling as time advances",
    () => parseDifficultyHistory("[[1735689600, 876000, 1e14, 1], [1735776000, 874000, 1e14, 1]]", NOW),
    /below an earlier/,
  ],
  [
    "fees of 60 BTC per block",
    () => parseFeeHistory('[{"avgHeight":876000,"timestamp":1735689600,"avgFees":6000000000}]', NOW),
    /implausible/,
  ],
  [
    "fee row missing avgFees",
    () => parseFeeHistory('[{"avgHeight":876000,"timestamp":1735689600}]', NOW),
    /avgFees should be a number/,
  ],
];

test.each(rejects)("rejected: %s", (_name, parse, reason) => {
  expect(parse).toThrow(HistoryRejection);
  expect(parse).toThrow(reason);
});

test(`a body over the ${MAX_HISTORY_BODY_CHARS}-character cap is rejected before parsing`, () => {
  const huge = `[${" ".repeat(MAX_HISTORY_BODY_CHARS)}]`;
  expect(() => parseFeeHistory(huge, NOW)).toThrow(/size: .* over the 16000000 cap/);
});
