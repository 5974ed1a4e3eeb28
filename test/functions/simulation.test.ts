/**
 * MINING_NPV_SIM through the adapter, as Excel calls it (single-value parameters, omitted
 * arguments null). Oracles: the core (pinned in test/core/simulation.test.ts),
 * MINING_NPV_PER_MW through its own adapter (the zero-volatility identity), a controlled
 * market for the defaults, and random inputs of every type.
 */
import fc from "fast-check";
import { hashpriceUsdPerPhDay } from "../../src/core/mining";
import { equivalentHashpriceGrowthYr, simulateMiningNpvUsdPerMw, summarizeNpvs } from "../../src/core/simulation";
import { feeShareOfReward } from "../../src/core/mining";
import type { MarketValues } from "../../src/market/values";
import { MINING_NPV_PER_MW } from "../../src/functions/lease";
import { MINING_NPV_SIM, SIM_PROB_ROW, SIM_ROWS } from "../../src/functions/simulation";
import { expectDomainError } from "../support/domainError";
import { expectError, expectRel, single } from "../support/excel";
import { assertNeverThrows, excelArgument, excelScalar } from "../support/randomInputs";

function makeMarket(height: number): MarketValues {
  const btcUsd = 91_132;
  const difficulty = 148.26e12;
  const networkEhs = (difficulty * 2 ** 32) / 600 / 1e18;
  const feesBtcPerBlock = 0.017282;
  const subsidyBtc = 3.125;
  const t = Date.UTC(2026, 0, 12);
  return {
    btcUsd,
    difficulty,
    networkEhs,
    feesBtcPerBlock,
    height,
    subsidyBtc,
    hashpriceUsdPerPhDay: hashpriceUsdPerPhDay(btcUsd, networkEhs, feesBtcPerBlock, subsidyBtc),
    asOfMs: { btcUsd: t, difficulty: t, feesBtcPerBlock: t, height: t },
    stale: false,
  };
}

const mockMarket: MarketValues = makeMarket(931_000);
jest.mock("../../src/market/values", () => ({ marketValues: () => mockMarket }));

type Fn = (...args: unknown[]) => unknown;
const m = (x: unknown): unknown[][] => [[x]];

describe("MINING_NPV_SIM", () => {
  test("the documented example: a Statistic, Value table whose rows at zero volatility are MINING_NPV_PER_MW", () => {
    const table = MINING_NPV_SIM(20, 0.05, 5, 0.12, 0, 0, 0, 100, 1, 40, 1, 0, 0.01, 931000);
    expect(table.map((r) => r[0])).toEqual(["Statistic", ...SIM_ROWS]);
    expect(table[0]).toEqual(["Statistic", "Value"]);
    for (const row of table.slice(1)) expect(Math.abs((row[1] as number) - 577585.16)).toBeLessThan(0.005);
  });

  test("at zero volatility every statistic is MINING_NPV_PER_MW at g = (1 + drift)/(1 + hashrate) − 1", () => {
    const g = equivalentHashpriceGrowthYr(0.25, 0.35);
    const det = single(
      MINING_NPV_PER_MW(m(18), m(0.045), m(12), m(0.1), m(45), m(g), m(0.96), m(0.015), m(0.02), m(900_000)),
    );
    const d = det as number;
    const table = MINING_NPV_SIM(
      18,
      0.045,
      12,
      0.1,
      0,
      0.25,
      0.35,
      50,
      4,
      45,
      0.96,
      0.015,
      0.02,
      900_000,
      d * 1.000001,
    );
    for (const row of table.slice(1, 7)) expectRel(row[1], d, 1e-9);
    // Every path is the deterministic NPV: none is above a lease worth a little more, all above one a little less.
    expect(table[7]).toEqual([SIM_PROB_ROW, 0]);
    const below = MINING_NPV_SIM(
      18,
      0.045,
      12,
      0.1,
      0,
      0.25,
      0.35,
      50,
      4,
      45,
      0.96,
      0.015,
      0.02,
      900_000,
      d * 0.999999,
    );
    expect(below[7]).toEqual([SIM_PROB_ROW, 1]);
  });

  test("the table is the core's summary of the simulated paths, with the lease row", () => {
    const inputs = {
      efficiencyJPerTh: 20,
      powerUsdPerKwh: 0.05,
      termYears: 10,
      hashpriceUsdPerPhDay: 40,
      uptime: 0.95,
      poolFee: 0.02,
      feeShare: 0.01,
      startHeight: 931_000,
      btcVolYr: 0.6,
      btcDriftYr: 0.15,
      hashrateGrowthYr: 0.25,
    };
    const s = summarizeNpvs(simulateMiningNpvUsdPerMw(inputs, 0.1, { paths: 500, seed: 17 }), 450_000);
    const table = MINING_NPV_SIM(20, 0.05, 10, 0.1, 0.6, 0.15, 0.25, 500, 17, 40, 0.95, 0.02, 0.01, 931_000, 450_000);
    expect(table).toEqual([
      ["Statistic", "Value"],
      ["Mean", s.meanUsd],
      ["P5", s.p5Usd],
      ["P25", s.p25Usd],
      ["P50", s.p50Usd],
      ["P75", s.p75Usd],
      ["P95", s.p95Usd],
      [SIM_PROB_ROW, s.probMiningAboveLease],
    ]);
    const values = table.slice(2, 7).map((r) => r[1] as number);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
    expect(values[0]).toBeGreaterThanOrEqual(0);
  });

  test("a seed reproduces the table; omitted seed and paths are 1 and 10,000", () => {
    const a = MINING_NPV_SIM(20, 0.05, 2, 0.1, 0.7, 0.1, 0.2, 300, 99, 40);
    expect(MINING_NPV_SIM(20, 0.05, 2, 0.1, 0.7, 0.1, 0.2, 300, 99, 40)).toEqual(a);
    expect(MINING_NPV_SIM(20, 0.05, 2, 0.1, 0.7, 0.1, 0.2, 300, 98, 40)).not.toEqual(a);
    expect(MINING_NPV_SIM(20, 0.05, 0.5, 0.1, 0.7, 0.1, 0.2, null, null, 40)).toEqual(
      MINING_NPV_SIM(20, 0.05, 0.5, 0.1, 0.7, 0.1, 0.2, 10_000, 1, 40),
    );
  });

  test("omitted market arguments are the market snapshot's hashprice, fee share and height", () => {
    const v = mockMarket;
    const explicit = MINING_NPV_SIM(
      20,
      0.05,
      3,
      0.1,
      0.5,
      0,
      0,
      200,
      3,
      v.hashpriceUsdPerPhDay,
      1,
      0,
      feeShareOfReward(v.feesBtcPerBlock, v.subsidyBtc),
      v.height,
    );
    expect(MINING_NPV_SIM(20, 0.05, 3, 0.1, 0.5, 0, 0, 200, 3)).toEqual(explicit);
  });

  test("paths × months above 5,000,000 is #VALUE! naming the cap", () => {
    expectError(
      MINING_NPV_SIM(20, 0.05, 50, 0.1, 0.5),
      "#VALUE!",
      /10000 × 600 = 6000000 is above the cap of 5,000,000/,
    );
  });

  test("arguments outside their domain name the argument and its range", () => {
    expectDomainError(MINING_NPV_SIM(20, 0.05, 5, 0.1, 60), /btc_vol_yr must be a number ≥ 0 and ≤ 5/);
    expectDomainError(MINING_NPV_SIM(20, 0.05, 5, 0.1, 0.5, -1), /btc_drift_yr must be a number > -1/);
    expectDomainError(MINING_NPV_SIM(20, 0.05, 5, 0.1, 0.5, 0, 20), /hashrate_growth_yr/);
    expectDomainError(MINING_NPV_SIM(20, 0.05, 5, 0.1, 0.5, 0, 0, 1.5), /paths must be a whole number/);
    expectDomainError(MINING_NPV_SIM(20, 0.05, 5, 0.1, 0.5, 0, 0, 100, -1), /seed must be a whole number/);
    expectDomainError(MINING_NPV_SIM(20, 50, 5, 0.1), /power_usd_kwh/);
    expectError((MINING_NPV_SIM as Fn)(20, 0.05, 5), "#VALUE!", /discount_rate is required/);
  });
});

describe("random inputs of every type", () => {
  const plausible = fc.oneof(
    fc.integer({ min: 0, max: 5 }),
    fc.double({ min: -1, max: 2, noNaN: true }),
    fc.constantFrom(1, 2, 20, 0.05, 0.1, 0.6, 40, 100, 931_000, 1_050_000),
  );
  const arg = excelArgument(excelScalar(plausible));
  test("MINING_NPV_SIM never throws and returns a rectangular array or an Excel error", () =>
    assertNeverThrows(MINING_NPV_SIM as Fn, 15, arg, 60));
});
