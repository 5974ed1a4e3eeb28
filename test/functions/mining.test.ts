/**
 * The mining custom functions through the adapter, as Excel calls them: matrix parameters
 * get [[x]], omitted arguments null. Values are compared with the core formulas at 1e-12
 * relative (the core is pinned to its hand-worked formulas in test/core), defaults with a controlled
 * market, broadcasting with element-by-element core calls, and random inputs of every type.
 */
import fc from "fast-check";
import {
  breakevenPowerUsdPerKwh,
  costUsdPerBtc,
  hashcostUsdPerPhDay,
  hashpriceUsdPerPhDay,
  hashvalueBtcPerPhDay,
  marginUsdPerMwYear,
  networkEhsFromDifficulty,
  revenueUsdPerMwYear,
} from "../../src/core/mining";
import { blockSubsidyBtc } from "../../src/core/halving";
import { serialFromUnixMs } from "../../src/core/excelDate";
import type { MarketValues } from "../../src/market/values";
import * as mining from "../../src/functions/mining";
import {
  BLOCK_SUBSIDY,
  HALVING_DATE,
  MINER_BREAKEVEN_POWER,
  MINER_COST_PER_BTC,
  MINER_HASHCOST,
  MINER_HASHPRICE,
  MINER_HASHPRICE_PATH,
  MINER_HASHVALUE,
  MINER_MARGIN_PER_MW,
  MINER_REVENUE_PER_MW,
  NETWORK_HASHRATE,
} from "../../src/functions/mining";
import { expectError, expectRel, single } from "../support/excel";
import { assertNeverThrows, excelArgument, excelScalar } from "../support/randomInputs";

// ---- a controlled market ----------------------------------------------------------------

/** Hashrate Index, 2026-01-12: BTC $91,132, difficulty 148.26T, fees 0.55% of rewards. */
const HRI = {
  btcUsd: 91_132,
  difficulty: 148.26e12,
  feesBtcPerBlock: (0.0055 * 3.125) / 0.9945,
  height: 931_000,
  asOfMs: Date.UTC(2026, 0, 12),
};

function makeMarket(v: typeof HRI): MarketValues {
  const networkEhs = networkEhsFromDifficulty(v.difficulty);
  const subsidyBtc = blockSubsidyBtc(v.height);
  return {
    btcUsd: v.btcUsd,
    difficulty: v.difficulty,
    networkEhs,
    feesBtcPerBlock: v.feesBtcPerBlock,
    height: v.height,
    subsidyBtc,
    hashpriceUsdPerPhDay: hashpriceUsdPerPhDay(v.btcUsd, networkEhs, v.feesBtcPerBlock, subsidyBtc),
    asOfMs: { btcUsd: v.asOfMs, difficulty: v.asOfMs, feesBtcPerBlock: v.asOfMs, height: v.asOfMs },
    stale: false,
  };
}

let mockMarket: MarketValues = makeMarket(HRI);
jest.mock("../../src/market/values", () => ({ marketValues: () => mockMarket }));

afterEach(() => {
  mockMarket = makeMarket(HRI);
  jest.restoreAllMocks();
});

const m = (x: unknown): unknown[][] => [[x]];
/** What Excel passes for an omitted argument (the signatures say `?`, Excel sends null). */
const omitted = null as never;
const num = (result: unknown): number => {
  const v = single(result);
  if (typeof v !== "number") throw new Error(`expected a number, got ${JSON.stringify(v)}`);
  return v;
};
const serial = (y: number, mo: number, d: number, hh = 0, mi = 0): number =>
  Date.UTC(y, mo - 1, d, hh, mi) / 86_400_000 + 25_569;

// ---- worked examples ----------------------------------------------------------------------

describe("the documented examples", () => {
  test.each([
    ["MINER_HASHPRICE", () => MINER_HASHPRICE(m(90000), m(1000), m(0.02), m(3.125)), 40.7592],
    ["MINER_HASHVALUE", () => MINER_HASHVALUE(m(1000), m(0.02), m(3.125)), 0.00045288],
    ["NETWORK_HASHRATE", () => NETWORK_HASHRATE(m(148260000000000)), 1061.2864],
    ["BLOCK_SUBSIDY", () => BLOCK_SUBSIDY(m(1050000)), 1.5625],
    ["HALVING_DATE", () => HALVING_DATE(m(1), m(931000), m(10), m(46034)), 46860.3889],
    ["MINER_HASHCOST", () => MINER_HASHCOST(m(20), m(0.05)), 24],
    ["MINER_BREAKEVEN_POWER", () => MINER_BREAKEVEN_POWER(m(17), m(39.53)), 0.0969],
    ["MINER_REVENUE_PER_MW", () => MINER_REVENUE_PER_MW(m(32), m(39.53), m(1)), 450889.0625],
    ["MINER_MARGIN_PER_MW", () => MINER_MARGIN_PER_MW(m(22), m(0.05), m(39.53), m(0.95), m(0.02)), 194485.7705],
    ["MINER_COST_PER_BTC", () => MINER_COST_PER_BTC(m(20), m(0.05), m(1000), m(0.02), m(3.125)), 52994.1706],
  ])("%s", (_id, call, shown) => {
    const decimals = (String(shown).split(".")[1] ?? "").length;
    expect(Math.abs(num(call()) - shown)).toBeLessThanOrEqual(0.5 * 10 ** -decimals);
  });

  test("MINER_HASHPRICE_PATH: the rows its doc describes", () => {
    const out = MINER_HASHPRICE_PATH(24, 90000, 1000, 0.02, 0, 0, 1040000, 46753);
    expect(out).toHaveLength(25);
    expect(out[1][0]).toBe(46783);
    expect(out[1][1]).toBe(1_044_320);
    expect(out[1][4]).toBeCloseTo(40.7592, 10);
    expect(out[3][0]).toBe(46843);
    expect(out[3][1]).toBe(1_052_960);
    expect(out[3][4]).toBeCloseTo(20.5092, 10);
  });

  test("each function's JSDoc carries the example this file runs", () => {
    const source = require("node:fs").readFileSync(require.resolve("../../src/functions/mining.ts"), "utf8") as string;
    for (const line of [
      "Example: =PIVOT.MINER_HASHPRICE(90000, 1000, 0.02, 3.125) returns 40.7592",
      "Example: =PIVOT.MINER_HASHVALUE(1000, 0.02, 3.125) returns 0.00045288",
      "Example: =PIVOT.NETWORK_HASHRATE(148260000000000) returns 1061.2864",
      "Example: =PIVOT.BLOCK_SUBSIDY(1050000) returns 1.5625",
      "Example: =PIVOT.HALVING_DATE(1, 931000, 10, 46034) returns 46860.3889",
      "Example: =PIVOT.MINER_HASHCOST(20, 0.05) returns 24",
      "Example: =PIVOT.MINER_BREAKEVEN_POWER(17, 39.53) returns 0.0969",
      "Example: =PIVOT.MINER_REVENUE_PER_MW(32, 39.53, 1) returns 450889.0625",
      "Example: =PIVOT.MINER_MARGIN_PER_MW(22, 0.05, 39.53, 0.95, 0.02) returns 194485.7705",
      "Example: =PIVOT.MINER_COST_PER_BTC(20, 0.05, 1000, 0.02, 3.125) returns 52994.1706",
      "Example: =PIVOT.MINER_HASHPRICE_PATH(24, 90000, 1000, 0.02, 0, 0, 1040000, 46753) spills",
    ]) {
      expect(source).toContain(line);
    }
  });
});

// ---- values against the core ------------------------------------------------------------

describe("each function equals its core formula", () => {
  test("explicit arguments", () => {
    expectRel(
      num(MINER_HASHPRICE(m(91132), m(1061.28), m(0.017), m(3.125))),
      hashpriceUsdPerPhDay(91132, 1061.28, 0.017, 3.125),
    );
    expectRel(num(MINER_HASHVALUE(m(800), m(0.1), m(1.5625))), hashvalueBtcPerPhDay(800, 0.1, 1.5625));
    expectRel(num(NETWORK_HASHRATE(m(1e14), m(570))), networkEhsFromDifficulty(1e14, 570));
    expectRel(num(MINER_HASHCOST(m(17.5), m(0.045), m(3))), hashcostUsdPerPhDay(17.5, 0.045, 3));
    expectRel(num(MINER_BREAKEVEN_POWER(m(22), m(45), m(0.02))), breakevenPowerUsdPerKwh(22, 45, 0.02));
    expectRel(num(MINER_REVENUE_PER_MW(m(17), m(39.53), m(0.9))), revenueUsdPerMwYear(17, 39.53, 0.9));
    expectRel(
      num(MINER_MARGIN_PER_MW(m(32), m(0.06), m(39.53), m(0.97), m(0.015))),
      marginUsdPerMwYear(32, 0.06, 39.53, 0.97, 0.015),
    );
    expectRel(
      num(MINER_COST_PER_BTC(m(17), m(0.04), m(1061), m(0.02), m(3.125), m(0.02))),
      costUsdPerBtc(17, 0.04, 1061, 0.02, 3.125, 0.02),
    );
    expect(num(BLOCK_SUBSIDY(m(840000)))).toBe(3.125);
    expect(num(BLOCK_SUBSIDY(m(64 * 210000)))).toBe(0);
  });

  test("the published Hashrate Index point: $39.53/PH/day within 3% (explicit and default inputs)", () => {
    const network = num(NETWORK_HASHRATE(m(148.26e12)));
    const explicit = num(MINER_HASHPRICE(m(91132), m(network), m(HRI.feesBtcPerBlock), m(3.125)));
    expect(Math.abs(explicit / 39.53 - 1)).toBeLessThan(0.03);
    const byDefault = num(MINER_HASHPRICE(omitted, omitted, omitted, omitted));
    expectRel(byDefault, explicit);
    expect(byDefault).toBeCloseTo(38.855, 3);
  });

  test("Hashrate Index break-even power, $97 / $75 / $51 per MWh at 17 / 22 / 32 J/TH", () => {
    const out = MINER_BREAKEVEN_POWER([[17], [22], [32]], m(39.53));
    expect(out.map((row) => Math.round((row[0] as number) * 1000))).toEqual([97, 75, 51]);
  });
});

// ---- market defaults --------------------------------------------------------------------

describe("omitted market arguments", () => {
  test("hashprice: each omitted input is the snapshot's own field, read at call time", () => {
    mockMarket = makeMarket({ ...HRI, btcUsd: 100_000, difficulty: 1e14, feesBtcPerBlock: 0.05, height: 1_050_001 });
    // 144 × (1.5625 + 0.05) × 100,000 ÷ (D × 2^32 / 600 / 1e18 × 1000), D = 1e14.
    const hand = (144 * 1.6125 * 100_000) / (((1e14 * 4_294_967_296) / 600 / 1e18) * 1000);
    expectRel(num(MINER_HASHPRICE(omitted, omitted, omitted, omitted)), hand);
    // An empty cell inside a range is the default too.
    expectRel(num(MINER_HASHPRICE(m(""), m(omitted), omitted, omitted)), hand);
    // The snapshot derives network EH/s and the subsidy once; the functions take its fields
    // rather than deriving them a second way (here deliberately different numbers).
    mockMarket = { ...mockMarket, networkEhs: 900, subsidyBtc: 3.125 };
    expectRel(num(MINER_HASHPRICE(omitted, omitted, omitted, omitted)), (144 * 3.175 * 100_000) / 900_000);
    expectRel(num(MINER_HASHVALUE(omitted, omitted, omitted)), (144 * 3.175) / 900_000);
    expect(num(BLOCK_SUBSIDY(omitted))).toBe(1.5625); // the height's subsidy: the argument is the height
  });

  test("a default hashprice is the snapshot's hashprice field, the one PIVOT.MARKET shows", () => {
    mockMarket = { ...mockMarket, hashpriceUsdPerPhDay: 55.5 };
    expectRel(num(MINER_BREAKEVEN_POWER(m(17), omitted, omitted)), 55.5 / (24 * 17));
    expectRel(num(MINER_REVENUE_PER_MW(m(20), omitted, omitted)), 55.5 * 50 * 365);
    expectRel(num(MINER_MARGIN_PER_MW(m(20), m(0.05), omitted, omitted, omitted)), 50 * 365 * (55.5 - 20 * 0.05 * 24));
  });

  test("hashvalue, cost per BTC and the per-MW functions use the current market hashprice", () => {
    const hp = mockMarket.hashpriceUsdPerPhDay;
    const net = networkEhsFromDifficulty(HRI.difficulty);
    expectRel(num(MINER_HASHVALUE(omitted, omitted, omitted)), hashvalueBtcPerPhDay(net, HRI.feesBtcPerBlock, 3.125));
    expectRel(num(MINER_BREAKEVEN_POWER(m(17), omitted, omitted)), breakevenPowerUsdPerKwh(17, hp));
    expectRel(num(MINER_REVENUE_PER_MW(m(17), omitted, omitted)), revenueUsdPerMwYear(17, hp, 1));
    expectRel(
      num(MINER_MARGIN_PER_MW(m(17), m(0.05), omitted, omitted, omitted)),
      marginUsdPerMwYear(17, 0.05, hp, 1, 0),
    );
    expectRel(
      num(MINER_COST_PER_BTC(m(17), m(0.05), omitted, omitted, omitted, omitted)),
      costUsdPerBtc(17, 0.05, net, HRI.feesBtcPerBlock, 3.125),
    );
    expect(num(BLOCK_SUBSIDY(omitted))).toBe(3.125);
  });

  test("HALVING_DATE: the market height is dated by its own as-of, not by today's clock", () => {
    jest.spyOn(Date, "now").mockReturnValue(Date.UTC(2026, 10, 29, 4, 0));
    expectRel(num(HALVING_DATE(omitted, omitted, omitted, omitted)), serial(2028, 4, 17, 9, 20));
    mockMarket = makeMarket({ ...HRI, height: 1_049_856, asOfMs: Date.UTC(2028, 3, 1, 12, 0) });
    // 144 blocks at 10 minutes = 1 day
    expectRel(num(HALVING_DATE(omitted, omitted, omitted, omitted)), serial(2028, 4, 2, 12, 0));
    expectRel(num(HALVING_DATE(m(2), omitted, omitted, omitted)), serial(2028, 4, 2, 12, 0) + (210_000 * 10) / 1440);
  });

  test("HALVING_DATE: a height you give is the tip now, unless as_of says when", () => {
    const now = Date.UTC(2026, 10, 29, 4, 0);
    jest.spyOn(Date, "now").mockReturnValue(now);
    expectRel(num(HALVING_DATE(omitted, m(1_049_000), omitted, omitted)), serialFromUnixMs(now) + (1000 * 10) / 1440);
    expectRel(
      num(HALVING_DATE(omitted, m(1_049_000), m(9), m(serial(2028, 3, 1)))),
      serial(2028, 3, 1) + (1000 * 9) / 1440,
    );
  });

  test("HALVING_DATE lists several halvings from a column of `which`", () => {
    const out = HALVING_DATE([[1], [2], [3]], m(931_000), m(10), m(46034));
    expect(out).toHaveLength(3);
    out.forEach((row, i) => expectRel(row[0], 46034 + ((1_050_000 + 210_000 * i - 931_000) * 10) / 1440));
  });
});

// ---- the path ----------------------------------------------------------------------------

describe("MINER_HASHPRICE_PATH", () => {
  test("a header row, then one row per month; headers 0 or FALSE drops it", () => {
    const withHeader = MINER_HASHPRICE_PATH(3, 90000, 1000, 0.02, 0, 0, 1040000, 46753);
    expect(withHeader[0]).toEqual(["Month end", "Height", "Subsidy BTC", "Network EH/s", "Hashprice USD/PH/day"]);
    expect(withHeader).toHaveLength(4);
    const bare = MINER_HASHPRICE_PATH(3, 90000, 1000, 0.02, 0, 0, 1040000, 46753, 0);
    expect(bare).toEqual(withHeader.slice(1));
    expect(MINER_HASHPRICE_PATH(3, 90000, 1000, 0.02, 0, 0, 1040000, 46753, false)).toEqual(bare);
    expect(MINER_HASHPRICE_PATH(3, 90000, 1000, 0.02, 0, 0, 1040000, 46753, true)).toEqual(withHeader);
    for (const row of bare) expect(row.every((x) => typeof x === "number" && Number.isFinite(x))).toBe(true);
  });

  test("defaults: the market inputs, its height and that height's date", () => {
    const out = MINER_HASHPRICE_PATH(2, omitted, omitted, omitted, omitted, omitted, omitted, omitted, 0);
    const net = networkEhsFromDifficulty(HRI.difficulty);
    expect(out[0][0]).toBe(serial(2026, 1, 31));
    expect(out[0][1]).toBe(931_000 + 144 * 19);
    expectRel(out[0][3] as number, net);
    expectRel(out[0][4] as number, hashpriceUsdPerPhDay(HRI.btcUsd, net, HRI.feesBtcPerBlock, 3.125));
  });

  test("with a start height but no start date, the path starts today (UTC)", () => {
    jest.spyOn(Date, "now").mockReturnValue(Date.UTC(2026, 10, 29, 23, 30));
    const out = MINER_HASHPRICE_PATH(1, 90000, 1000, 0.02, 0, 0, 940_000, omitted, 0);
    expect(out[0][0]).toBe(serial(2026, 11, 30));
    expect(out[0][1]).toBe(940_000 + 144);
  });

  test("a start date without a start height: the market height carried to that date at 144 blocks a day", () => {
    // Market: height 931,000 observed on 12 Jan 2026 (serial 46034). Start 1 Jan 2028 (46753):
    // 931,000 + 144 × 719 = 1,034,536. Row 4 is 30 Apr 2028 (46873): + 144 × 120 = 1,051,816,
    // past the halving at 1,050,000: subsidy 1.5625, hashprice 144 × 1.5825 × 90,000 ÷ 1e6 = 20.5092.
    const out = MINER_HASHPRICE_PATH(4, 90000, 1000, 0.02, 0, 0, omitted, 46753, 0);
    expect(out[3][0]).toBe(46873);
    expect(out[3][1]).toBe(1_051_816);
    expect(out[3][2]).toBe(1.5625);
    expect(out[3][4]).toBeCloseTo(20.5092, 10);
    expect(out[0][1]).toBe(1_034_536 + 144 * 30); // 31 Jan 2028
    // The height's time of day does not matter: whole days from the day it was observed.
    mockMarket = makeMarket({ ...HRI, asOfMs: Date.UTC(2026, 0, 12, 23, 59) });
    expect(MINER_HASHPRICE_PATH(4, 90000, 1000, 0.02, 0, 0, omitted, 46753, 0)).toEqual(out);
    // A date before the observation counts back: 2 Jan 2026 (46024) is 10 days earlier.
    const back = MINER_HASHPRICE_PATH(1, 90000, 1000, 0.02, 0, 0, omitted, 46024, 0);
    expect(back[0][1]).toBe(931_000 - 1440 + 144 * 29); // 31 Jan 2026
    // So early that the height would be below 0: #VALUE! naming start_date and what to give.
    expectError(
      MINER_HASHPRICE_PATH(1, 90000, 1000, 0.02, 0, 0, omitted, 1000),
      "#VALUE!",
      /start_date/,
      /start_height/,
    );
  });

  test("bad inputs name the argument and its domain", () => {
    expectError(MINER_HASHPRICE_PATH(0), "#VALUE!", /months must be a whole number ≥ 1 and ≤ 600/);
    expectError(MINER_HASHPRICE_PATH(601), "#VALUE!", /months/);
    expectError(MINER_HASHPRICE_PATH(12.5), "#VALUE!", /months must be a whole number/);
    expectError(MINER_HASHPRICE_PATH(omitted), "#VALUE!", /months is required/);
    expectError(MINER_HASHPRICE_PATH(12, 90000, 1000, 0.02, -1), "#VALUE!", /btc_growth_yr must be a number > -1/);
    expectError(
      MINER_HASHPRICE_PATH(12, 90000, 1000, 0.02, 0, 0, 1.5),
      "#VALUE!",
      /start_height must be a whole number/,
    );
    expectError(
      MINER_HASHPRICE_PATH(12, 90000, 1000, 0.02, 0, 0, 1, 10),
      "#VALUE!",
      /start_date must be a number ≥ 61/,
    );
    expectError(MINER_HASHPRICE_PATH(12, 90000, 1000, 0.02, 0, 0, 1, 46000, 2), "#VALUE!", /headers/);
    expectError(MINER_HASHPRICE_PATH(12, 90000, 1000, 0.02, 0, 0, 1, 2958300), "#NUM!", /9999/);
    expectError(MINER_HASHPRICE_PATH([[1, 2]]), "#VALUE!", /months takes a single value/);
  });
});

// ---- broadcasting -------------------------------------------------------------------------

describe("broadcasting", () => {
  test("a row of prices × a column of hashrates spills the grid of element-wise core calls", () => {
    const prices = [60_000, 80_000, 100_000, 120_000];
    const networks = [800, 1000, 1200];
    const out = MINER_HASHPRICE(
      [prices],
      networks.map((n) => [n]),
      m(0.02),
      m(3.125),
    );
    expect(out).toHaveLength(3);
    out.forEach((row, r) => {
      expect(row).toHaveLength(4);
      row.forEach((cell, c) => expect(cell).toBe(hashpriceUsdPerPhDay(prices[c], networks[r], 0.02, 3.125)));
    });
  });

  test("per-MW: a column of efficiencies × a row of power prices", () => {
    const eff = [15, 17, 22, 32];
    const pw = [0.03, 0.05, 0.07];
    const out = MINER_MARGIN_PER_MW(
      eff.map((e) => [e]),
      [pw],
      m(39.53),
      m(0.95),
      m(0.02),
    );
    out.forEach((row, r) =>
      row.forEach((cell, c) => expect(cell).toBe(marginUsdPerMwYear(eff[r], pw[c], 39.53, 0.95, 0.02))),
    );
    const be = MINER_BREAKEVEN_POWER(
      eff.map((e) => [e]),
      [[30, 39.53, 50]],
    );
    be.forEach((row, r) =>
      row.forEach((cell, c) => expect(cell).toBe(breakevenPowerUsdPerKwh(eff[r], [30, 39.53, 50][c]))),
    );
  });

  test("every function broadcasts its numeric arguments", () => {
    expect(BLOCK_SUBSIDY([[0, 210_000, 840_000, 1_050_000]])).toEqual([[50, 25, 3.125, 1.5625]]);
    expect(MINER_HASHCOST([[20], [25]], [[0.05, 0.1]])).toEqual([
      [hashcostUsdPerPhDay(20, 0.05), hashcostUsdPerPhDay(20, 0.1)],
      [hashcostUsdPerPhDay(25, 0.05), hashcostUsdPerPhDay(25, 0.1)],
    ]);
    expect(NETWORK_HASHRATE([[1e14, 2e14]])).toEqual([
      [networkEhsFromDifficulty(1e14), networkEhsFromDifficulty(2e14)],
    ]);
    expect(MINER_REVENUE_PER_MW(m(20), m(40), [[0.5], [1]])).toEqual([
      [revenueUsdPerMwYear(20, 40, 0.5)],
      [revenueUsdPerMwYear(20, 40, 1)],
    ]);
    expect(MINER_HASHVALUE(m(1000), [[0, 0.1]], [[3.125], [1.5625]])).toHaveLength(2);
    expect(MINER_COST_PER_BTC([[17, 20]], m(0.05), m(1000), m(0.02), m(3.125))[0]).toHaveLength(2);
  });

  test("mismatched shapes are #VALUE! naming both arguments and their shapes", () => {
    expectError(
      MINER_HASHPRICE([[1, 2, 3]], [[1, 2]]),
      "#VALUE!",
      /btc_usd \(1×3\) and network_eh_s \(1×2\)/,
      /do not broadcast/,
    );
    expectError(
      MINER_MARGIN_PER_MW([[17], [22]], [[0.05], [0.06], [0.07]]),
      "#VALUE!",
      /efficiency_j_th \(2×1\) and power_usd_kwh \(3×1\)/,
    );
    expectError(
      MINER_REVENUE_PER_MW([[17, 22]], m(40), [[0.9, 0.95, 1]]),
      "#VALUE!",
      /efficiency_j_th \(1×2\) and uptime \(1×3\)/,
    );
  });

  test("a bad element gives an error in its own cell; the others compute", () => {
    const out = MINER_BREAKEVEN_POWER([[17, "n/a", 0, 32]], m(39.53));
    expect(out[0][0]).toBe(breakevenPowerUsdPerKwh(17, 39.53));
    expectError([[out[0][1]]], "#VALUE!", /efficiency_j_th must be a number > 0 and ≤ 1000 \(J\/TH\); got text "n\/a"/);
    expectError([[out[0][2]]], "#VALUE!", /efficiency_j_th must be a number > 0/);
    expect(out[0][3]).toBe(breakevenPowerUsdPerKwh(32, 39.53));
  });
});

// ---- bad inputs ------------------------------------------------------------------------

describe("bad inputs name the argument and the allowed range", () => {
  test.each([
    [
      () => MINER_HASHCOST(m(0), m(0.05)),
      "#VALUE!",
      /efficiency_j_th must be a number > 0 and ≤ 1000 \(J\/TH\); got 0/,
    ],
    [() => MINER_HASHCOST(m(1001), m(0.05)), "#VALUE!", /efficiency_j_th/],
    [
      () => MINER_HASHCOST(m(20), m(-0.01)),
      "#VALUE!",
      /power_usd_kwh must be a number ≥ 0 and ≤ 10 \(USD per kWh; \$\/MWh ÷ 1000, so \$50\/MWh is 0\.05\)/,
    ],
    [() => MINER_HASHCOST(m(20), m(50)), "#VALUE!", /power_usd_kwh .* got 50/],
    [() => MINER_HASHCOST(m(20), omitted), "#VALUE!", /power_usd_kwh is required/],
    [() => MINER_REVENUE_PER_MW(m(20), m(40), m(0)), "#VALUE!", /uptime must be a number > 0 and ≤ 1/],
    [() => MINER_REVENUE_PER_MW(m(20), m(40), m(1.1)), "#VALUE!", /uptime/],
    [() => MINER_MARGIN_PER_MW(m(20), m(0.05), m(40), m(1), m(1)), "#VALUE!", /pool_fee must be a number ≥ 0 and < 1/],
    [() => MINER_BREAKEVEN_POWER(m(20), m(-1)), "#VALUE!", /hashprice_usd_ph_day must be a number ≥ 0/],
    [() => MINER_HASHPRICE(m(90000), m(1000), m(0.02), m(51)), "#VALUE!", /subsidy_btc must be a number ≥ 0 and ≤ 50/],
    [() => NETWORK_HASHRATE(m(0)), "#VALUE!", /difficulty must be a number > 0/],
    [() => NETWORK_HASHRATE(omitted), "#VALUE!", /difficulty is required/],
    [() => BLOCK_SUBSIDY(m(-1)), "#VALUE!", /height must be a whole number ≥ 0 and ≤ 2147483647/],
    [() => BLOCK_SUBSIDY(m(100.5)), "#VALUE!", /height must be a whole number/],
    [() => BLOCK_SUBSIDY(m("840000")), "#VALUE!", /height .* got text "840000"/],
    [() => HALVING_DATE(m(0)), "#VALUE!", /which must be a whole number ≥ 1 and ≤ 64/],
    [() => HALVING_DATE(m(1), m(0), m(0)), "#VALUE!", /block_minutes must be a number > 0/],
    [() => HALVING_DATE(m(64), m(0), m(1440), m(46034)), "#NUM!", /after 31 Dec 9999/],
    [() => MINER_COST_PER_BTC(m(20), m(0.05), m(1000), m(0), m(0)), "#NUM!", /no BTC is mined/],
    [() => MINER_HASHPRICE(m(true)), "#VALUE!", /btc_usd .* got TRUE/],
  ])("%#", (call, code, pattern) => {
    expectError(call(), code, pattern);
  });

  test("an Excel error passed in comes back unchanged", () => {
    const upstream = new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, "upstream");
    expect(single(MINER_HASHCOST(m(upstream), m(0.05)))).toBe(upstream);
  });
});

// ---- random inputs of every type ----------------------------------------------------------

type Fn = (...args: unknown[]) => unknown;

const FUNCTIONS: [string, Fn, number][] = [
  ["MINER_HASHPRICE", MINER_HASHPRICE as Fn, 4],
  ["MINER_HASHVALUE", MINER_HASHVALUE as Fn, 3],
  ["NETWORK_HASHRATE", NETWORK_HASHRATE as Fn, 2],
  ["BLOCK_SUBSIDY", BLOCK_SUBSIDY as Fn, 1],
  ["HALVING_DATE", HALVING_DATE as Fn, 4],
  ["MINER_HASHCOST", MINER_HASHCOST as Fn, 3],
  ["MINER_BREAKEVEN_POWER", MINER_BREAKEVEN_POWER as Fn, 3],
  ["MINER_REVENUE_PER_MW", MINER_REVENUE_PER_MW as Fn, 3],
  ["MINER_MARGIN_PER_MW", MINER_MARGIN_PER_MW as Fn, 5],
  ["MINER_COST_PER_BTC", MINER_COST_PER_BTC as Fn, 6],
  ["MINER_HASHPRICE_PATH", MINER_HASHPRICE_PATH as Fn, 9],
];

describe("random inputs of every type", () => {
  const plausible = fc.oneof(
    fc.integer({ min: 0, max: 1_200_000 }),
    fc.double({ min: 0, max: 2, noNaN: true }),
    fc.constantFrom(1, 10, 17, 0.05, 3.125, 39.53, 46034, 90000, 148.26e12),
  );
  const scalar = excelScalar(plausible);
  const arg = excelArgument(scalar);

  test.each(FUNCTIONS)(
    "%s never throws and returns a finite number, a rectangular array or an Excel error",
    (_id, fn, arity) => assertNeverThrows(fn, arity, arg, 400),
  );

  test("a single-value call (the adapter's fast path) agrees with the same values inside a range", () => {
    // Duplicating the last argument into a 1×2 range sends the call down the general
    // broadcasting path; arguments are coerced in the same order, so every cell, value or
    // error (code and message), must match the single-value call. HALVING_DATE dates a typed
    // height from the clock when as_of is omitted, so the clock is held still: two calls a
    // microsecond apart must not differ for that reason alone.
    const now = jest.spyOn(Date, "now").mockReturnValue(Date.UTC(2026, 10, 29, 12));
    fc.assert(
      fc.property(fc.array(scalar, { minLength: 6, maxLength: 6 }), (values) => {
        for (const [, fn, arity] of FUNCTIONS.filter(([id]) => id !== "MINER_HASHPRICE_PATH")) {
          const args = values.slice(0, arity).map((v) => [[v]]);
          const single = (fn(...args) as unknown[][])[0][0];
          const last = values[arity - 1];
          const wide = fn(...args.slice(0, -1), [[last, last]]) as unknown[][];
          const cell = wide[0].length === 2 ? wide[0][1] : wide[0][0];
          expect(cell).toEqual(single);
        }
      }),
      { numRuns: 300 },
    );
    now.mockRestore();
  });

  test("the exported functions are the whole family", () => {
    const exported = Object.keys(mining).filter(
      (k) => /^[A-Z][A-Z_]+$/.test(k) && typeof (mining as Record<string, unknown>)[k] === "function",
    );
    expect(exported.sort()).toEqual(FUNCTIONS.map(([id]) => id).sort());
  });
});
