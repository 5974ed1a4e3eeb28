/**
 * Subsidy, halving dates and the monthly hashprice path. Subsidies are pinned to Bitcoin
 * Core's GetBlockSubsidy (5,000,000,000 sat >> floor(height / 210,000), 0 from 64 halvings);
 * dates to Date.UTC-computed serials (serial = Unix ms / 86,400,000 + 25,569), so nothing
 * here depends on the machine's time zone.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import {
  blockSubsidyBtc,
  blockSubsidySats,
  halvingDateSerial,
  halvingsAtHeight,
  nextHalvingHeight,
} from "../../src/core/halving";
import {
  daysInMonth,
  endOfMonthSerial,
  serialFromUnixMs,
  serialFromUtcDate,
  utcDayOfSerial,
} from "../../src/core/excelDate";
import { hashpricePath } from "../../src/core/hashpricePath";
import { ModelError } from "../../src/core/errors";
import { expectRel } from "../support/excel";

/** Excel serial of a UTC date-time, computed independently of the code under test. */
const serial = (y: number, m: number, d: number, hh = 0, mm = 0): number =>
  Date.UTC(y, m - 1, d, hh, mm) / 86_400_000 + 25_569;

describe("block subsidy (Bitcoin Core GetBlockSubsidy)", () => {
  test.each([
    [0, 5_000_000_000],
    [1, 5_000_000_000],
    [209_999, 5_000_000_000],
    [210_000, 2_500_000_000],
    [420_000, 1_250_000_000],
    [630_000, 625_000_000],
    [839_999, 625_000_000],
    [840_000, 312_500_000],
    [931_000, 312_500_000],
    [1_049_999, 312_500_000],
    [1_050_000, 156_250_000],
    // 5e9 >> 10 = 4,882,812 (the shift truncates 4,882,812.5)
    [10 * 210_000, 4_882_812],
    [32 * 210_000, 1],
    [33 * 210_000 - 1, 1],
    [33 * 210_000, 0],
    [64 * 210_000 - 1, 0],
    [64 * 210_000, 0],
    [2_147_483_647, 0],
  ])("height %d: %d sat", (height, sats) => {
    expect(blockSubsidySats(height)).toBe(sats);
    expect(blockSubsidyBtc(height)).toBe(sats / 1e8);
  });

  test("BTC values at the milestones", () => {
    expect(blockSubsidyBtc(0)).toBe(50);
    expect(blockSubsidyBtc(209_999)).toBe(50);
    expect(blockSubsidyBtc(210_000)).toBe(25);
    expect(blockSubsidyBtc(840_000)).toBe(3.125);
    expect(blockSubsidyBtc(1_050_000)).toBe(1.5625);
    expect(blockSubsidyBtc(64 * 210_000)).toBe(0);
  });

  test("matches a plain integer re-implementation of Core's loop for every halving", () => {
    // Core before the shift form: halve an int64 `halvings` times (integer division).
    for (let h = 0; h < 70; h++) {
      let sats = 5_000_000_000n;
      for (let i = 0; i < h; i++) sats /= 2n;
      const expected = h >= 64 ? 0 : Number(sats);
      expect(blockSubsidySats(h * 210_000)).toBe(expected);
      expect(blockSubsidySats(h * 210_000 + 123)).toBe(expected);
    }
  });

  test("a height that is not a whole number ≥ 0 is a ModelError", () => {
    expect(() => blockSubsidySats(-1)).toThrow(ModelError);
    expect(() => blockSubsidySats(1.5)).toThrow(/height must be a whole number/);
    expect(() => blockSubsidySats(Number.NaN)).toThrow(ModelError);
  });

  test("property: the subsidy never increases with height", () => {
    fc.assert(
      fc.property(fc.nat({ max: 2_147_483_647 }), fc.nat({ max: 2_147_483_647 }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(blockSubsidySats(hi)).toBeLessThanOrEqual(blockSubsidySats(lo));
      }),
    );
  });

  test("property: the subsidy halves exactly (truncating) across each boundary", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), (h) => {
        const before = blockSubsidySats(h * 210_000 - 1);
        expect(blockSubsidySats(h * 210_000)).toBe(h >= 64 ? 0 : Math.floor(before / 2));
        expect(halvingsAtHeight(h * 210_000)).toBe(h);
      }),
    );
  });
});

describe("halving heights and dates", () => {
  test("the next halving is the first block with the lower subsidy", () => {
    expect(nextHalvingHeight(839_999)).toBe(840_000);
    expect(nextHalvingHeight(840_000)).toBe(1_050_000);
    expect(nextHalvingHeight(931_000)).toBe(1_050_000);
    expect(nextHalvingHeight(931_000, 2)).toBe(1_260_000);
    expect(nextHalvingHeight(0)).toBe(210_000);
  });

  test("as_of + blocks × minutes: 931,000 at 2026-01-12 00:00 UTC reaches 1,050,000 at 2028-04-17 09:20 UTC", () => {
    // 119,000 blocks × 10 min = 1,190,000 min = 826 days 9 h 20 min
    const expected = serial(2028, 4, 17, 9, 20);
    expectRel(halvingDateSerial(1, 931_000, 10, serial(2026, 1, 12)), expected);
    expectRel(halvingDateSerial(1, 931_000, 10, serial(2026, 1, 12)), 46_860.388_888_888_89);
  });

  test("the 2024 halving replays: block 839,000 ~7 days before 2024-04-20", () => {
    // 1,000 blocks at 10 min = 6 days 22 h 40 min
    expectRel(halvingDateSerial(1, 839_000, 10, serial(2024, 4, 13, 0, 0)), serial(2024, 4, 19, 22, 40));
  });

  test("the which-th halving and the block time scale the horizon", () => {
    const t0 = serial(2026, 1, 12);
    expectRel(halvingDateSerial(2, 931_000, 10, t0), t0 + ((1_260_000 - 931_000) * 10) / 1440);
    expectRel(halvingDateSerial(1, 931_000, 9.5, t0), t0 + (119_000 * 9.5) / 1440);
  });

  test("a date past 9999-12-31 is a ModelError (#NUM!), never a bogus serial", () => {
    expect(() => halvingDateSerial(64, 0, 1440, serial(2026, 1, 1))).toThrow(/after 31 Dec 9999/);
  });
});

describe("Excel date serials are UTC and time-zone independent", () => {
  test("known serials", () => {
    expect(serialFromUtcDate(1970, 1, 1)).toBe(25_569);
    expect(serialFromUtcDate(2026, 1, 12)).toBe(46_034);
    expect(serialFromUtcDate(1900, 3, 1)).toBe(61);
    expect(serialFromUtcDate(9999, 12, 31)).toBe(2_958_465);
    expect(serialFromUnixMs(Date.UTC(2028, 3, 17, 12))).toBe(46_860.5);
  });

  test("day of serial, month lengths, EOMONTH", () => {
    expect(utcDayOfSerial(46_034.99)).toEqual({ year: 2026, month: 1, day: 12 });
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(endOfMonthSerial(serial(2026, 1, 12), 0)).toBe(serial(2026, 1, 31));
    expect(endOfMonthSerial(serial(2026, 1, 12), 1)).toBe(serial(2026, 2, 28));
    expect(endOfMonthSerial(serial(2027, 12, 5), 2)).toBe(serial(2028, 2, 29));
  });

  test("property: day → serial → day round-trips", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1901, max: 9998 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        (y, m, d) => {
          expect(utcDayOfSerial(serialFromUtcDate(y, m, d) + 0.75)).toEqual({ year: y, month: m, day: d });
        },
      ),
    );
  });

  test("the date code uses no local-time API", () => {
    for (const file of [
      "src/core/excelDate.ts",
      "src/core/halving.ts",
      "src/core/hashpricePath.ts",
      "src/functions/mining.ts",
    ]) {
      const code = readFileSync(resolve(__dirname, "../..", file), "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/\/\/.*$/gm, "");
      // getHours/getDate/... (not getUTC*), local setters, toLocale*,
      // and `new Date(y, m, ...)` with two or more arguments all read the local zone.
      expect({
        file,
        local: code.match(
          /\.(get|set)(FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds|TimezoneOffset)\(|toLocale\w*\(|new Date\([^()]*,/g,
        ),
      }).toEqual({
        file,
        local: null,
      });
    }
  });
});

describe("monthly hashprice path", () => {
  const base = {
    months: 30,
    btcUsd: 90_000,
    networkEhs: 1000,
    feesBtcPerBlock: 0.02,
    btcGrowthYr: 0,
    hashrateGrowthYr: 0,
    startHeight: 1_040_000,
    startSerial: serial(2028, 1, 1),
  };

  test("rows are month-ends after the start; height advances 144 blocks a day; the halving is a step", () => {
    const rows = hashpricePath(base);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toEqual([serial(2028, 1, 31), 1_040_000 + 144 * 30, 3.125, 1000, (144 * 3.145 * 90_000) / 1e6]);
    expect(rows[1][0]).toBe(serial(2028, 2, 29));
    expect(rows[1][1]).toBe(1_040_000 + 144 * 59);
    // 1,040,000 + 144 × 90 = 1,052,960 on 31 Mar 2028: past the halving
    expect(rows[2][0]).toBe(serial(2028, 3, 31));
    expect(rows[2][1]).toBe(1_052_960);
    expect(rows[2][2]).toBe(1.5625);
    expectRel(rows[2][4], (144 * 1.5825 * 90_000) / 1e6);
    expect(rows[29][0]).toBe(serial(2030, 6, 30));
    for (let k = 1; k < rows.length; k++) {
      expect(rows[k][1] - rows[k - 1][1]).toBe(144 * (rows[k][0] - rows[k - 1][0]));
      expect(rows[k][4]).toBeLessThanOrEqual(rows[k - 1][4]);
    }
  });

  test("growth compounds monthly at effective annual rates: 12 months from a month-end start is × (1 + g)", () => {
    const rows = hashpricePath({
      ...base,
      startSerial: serial(2025, 12, 31),
      startHeight: 900_000,
      btcGrowthYr: 0.2,
      hashrateGrowthYr: 0.35,
    });
    expect(rows[0][0]).toBe(serial(2026, 1, 31));
    expectRel(rows[0][3], 1000 * 1.35 ** (1 / 12));
    expect(rows[11][0]).toBe(serial(2026, 12, 31));
    expectRel(rows[11][3], 1350);
    expectRel(rows[11][4], (144 * 3.145 * 90_000 * 1.2) / (1350 * 1000));
    expectRel(rows[23][3], 1000 * 1.35 ** 2);
  });

  test("a mid-month start counts the part month pro rata by days", () => {
    // 12 Jan → 31 Jan is 19 of January's 31 days
    const rows = hashpricePath({
      ...base,
      startSerial: serial(2026, 1, 12) + 0.6,
      startHeight: 931_000,
      btcGrowthYr: 0.1,
      months: 3,
    });
    expect(rows.map((r) => r[0])).toEqual([serial(2026, 1, 31), serial(2026, 2, 28), serial(2026, 3, 31)]);
    expect(rows[0][1]).toBe(931_000 + 144 * 19);
    const price = (m: number): number => 90_000 * 1.1 ** (m / 12);
    expectRel(rows[0][4], (144 * 3.145 * price(19 / 31)) / 1e6);
    expectRel(rows[2][4], (144 * 3.145 * price(2 + 19 / 31)) / 1e6);
  });

  test("bad inputs are ModelErrors", () => {
    expect(() => hashpricePath({ ...base, months: 0 })).toThrow(ModelError);
    expect(() => hashpricePath({ ...base, btcGrowthYr: -1 })).toThrow(/growth/);
    expect(() => hashpricePath({ ...base, startSerial: serial(9999, 6, 1), months: 12 })).toThrow(/9999/);
    expect(() => hashpricePath({ ...base, startHeight: 2_147_480_000, months: 12 })).toThrow(/height/);
  });
});
