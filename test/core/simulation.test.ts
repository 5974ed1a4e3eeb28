/**
 * The mining Monte Carlo. Oracles: the generators' published reference outputs, core/pivot's
 * MINING_NPV_PER_MW (the zero-volatility identity), formulajs PERCENTILE.INC and AVERAGE on
 * the simulated values, and the expected-path convention (with no power cost the margin is
 * linear in price, so the mean NPV is the deterministic NPV within Monte Carlo error).
 */
import fc from "fast-check";
import * as formulajs from "@formulajs/formulajs";
import { ModelError } from "../../src/core/errors";
import { miningNpvUsdPerMw } from "../../src/core/pivot";
import { MAX_SEED, seedWords, splitMix64, Xoshiro128StarStar } from "../../src/core/random";
import {
  equivalentHashpriceGrowthYr,
  MAX_SIM_STEPS,
  percentileInc,
  simulateMiningNpvUsdPerMw,
  summarizeNpvs,
  type MiningSimInputs,
} from "../../src/core/simulation";
import { expectRel } from "../support/excel";

describe("core/random", () => {
  test("xoshiro128** from state [1, 2, 3, 4] gives the reference code's first ten outputs", () => {
    // Blackman & Vigna's xoshiro128starstar.c 1.1, as pinned by Rust rand_xoshiro's `reference` test.
    const g = new Xoshiro128StarStar([1, 2, 3, 4]);
    expect(Array.from({ length: 10 }, () => g.nextUint32())).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  test("SplitMix64 from 1234567 gives the published first five outputs", () => {
    // Rosetta Code, "Pseudo-random numbers/Splitmix64".
    expect(splitMix64(1234567, 5).map(String)).toEqual([
      "6457827717110365317",
      "3203168211198807973",
      "9817491932198370423",
      "4593380528125082431",
      "16408922859458223821",
    ]);
  });

  test("a seed's state words are the low and high halves of SplitMix64's first two outputs", () => {
    const [z1, z2] = splitMix64(1234567, 2);
    const mask = BigInt(0xffffffff);
    const words = [z1 & mask, z1 >> BigInt(32), z2 & mask, z2 >> BigInt(32)].map(Number);
    expect(seedWords(1234567)).toEqual(words);
  });

  test("uniforms are (x + 0.5) / 2^32 and normals are the polar method, rejecting pairs with q ≥ 1", () => {
    const words = Xoshiro128StarStar.fromSeed(42);
    const normals = Xoshiro128StarStar.fromSeed(42);
    const expected: number[] = [];
    let rejected = 0;
    while (expected.length < 200) {
      const v1 = 2 * ((words.nextUint32() + 0.5) / 2 ** 32) - 1;
      const v2 = 2 * ((words.nextUint32() + 0.5) / 2 ** 32) - 1;
      const q = v1 * v1 + v2 * v2;
      if (q >= 1) {
        rejected++;
        continue;
      }
      const f = Math.sqrt((-2 * Math.log(q)) / q);
      expected.push(v1 * f, v2 * f);
    }
    expect(rejected).toBeGreaterThan(0); // the rejection branch was exercised
    expect(Array.from({ length: 200 }, () => normals.nextNormal())).toEqual(expected);
  });

  test("fillNormals gives exactly the numbers of repeated nextNormal calls, across odd batches", () => {
    const a = Xoshiro128StarStar.fromSeed(7);
    const b = Xoshiro128StarStar.fromSeed(7);
    const got: number[] = [];
    const buf = new Float64Array(7);
    for (const n of [7, 3, 0, 5, 6]) {
      a.fillNormals(buf, n);
      got.push(...buf.subarray(0, n));
    }
    expect(got).toEqual(Array.from({ length: got.length }, () => b.nextNormal()));
  });

  test("uniforms are strictly inside (0, 1) and seeds outside 0 … 2^53 − 1 are refused", () => {
    const g = Xoshiro128StarStar.fromSeed(MAX_SEED);
    for (let i = 0; i < 1000; i++) {
      const u = g.nextUniform();
      expect(u > 0 && u < 1).toBe(true);
    }
    expect(() => Xoshiro128StarStar.fromSeed(-1)).toThrow(/seed must be a whole number/);
    expect(() => Xoshiro128StarStar.fromSeed(1.5)).toThrow(/seed must be a whole number/);
    expect(() => new Xoshiro128StarStar([0, 0, 0, 0])).toThrow(/all zero/);
  });
});

const base: MiningSimInputs = {
  efficiencyJPerTh: 20,
  powerUsdPerKwh: 0.05,
  termYears: 15,
  hashpriceUsdPerPhDay: 40,
  uptime: 0.95,
  poolFee: 0.02,
  feeShare: 0.01,
  startHeight: 931_000,
};

describe("the zero-volatility identity", () => {
  const cases: [string, MiningSimInputs, number][] = [
    [
      "15 years across two halvings, drift and hashrate growth",
      { ...base, btcDriftYr: 0.2, hashrateGrowthYr: 0.3 },
      0.1,
    ],
    ["no growth, the default arguments", { ...base, uptime: undefined, poolFee: undefined, feeShare: undefined }, 0.08],
    [
      "price falling while hashrate grows: months switch off",
      { ...base, btcDriftYr: -0.3, hashrateGrowthYr: 0.25 },
      0.12,
    ],
    [
      "a halving inside the first month, all fees",
      { ...base, startHeight: 1_049_000, feeShare: 1, termYears: 3 },
      0.05,
    ],
    ["a 7-month horizon and a negative discount rate", { ...base, termYears: 7 / 12, btcDriftYr: 0.5 }, -0.02],
  ];
  test.each(cases)("%s: every path is MINING_NPV_PER_MW at g = (1 + drift)/(1 + hashrate) − 1", (_, inputs, rate) => {
    const g = equivalentHashpriceGrowthYr(inputs.btcDriftYr ?? 0, inputs.hashrateGrowthYr ?? 0);
    const expected = miningNpvUsdPerMw({ ...inputs, hashpriceGrowthYr: g }, rate);
    const npvs = simulateMiningNpvUsdPerMw({ ...inputs, btcVolYr: 0 }, rate, { paths: 5, seed: 3 });
    for (const v of npvs) expectRel(v, expected, 1e-9);
    const s = summarizeNpvs(npvs);
    for (const x of [s.meanUsd, s.p5Usd, s.p25Usd, s.p50Usd, s.p75Usd, s.p95Usd]) expectRel(x, expected, 1e-9);
  });

  test("the equivalent hashprice growth: +20% price over +30% hashrate is −7.69% a year", () => {
    expectRel(equivalentHashpriceGrowthYr(0.2, 0.3), 1.2 / 1.3 - 1, 1e-15);
  });
});

describe("the random paths", () => {
  const volatile: MiningSimInputs = { ...base, btcVolYr: 0.6, btcDriftYr: 0.1, hashrateGrowthYr: 0.2 };

  test("a seed reproduces its paths; another seed gives others", () => {
    const a = simulateMiningNpvUsdPerMw(volatile, 0.1, { paths: 200, seed: 11 });
    const b = simulateMiningNpvUsdPerMw(volatile, 0.1, { paths: 200, seed: 11 });
    const c = simulateMiningNpvUsdPerMw(volatile, 0.1, { paths: 200, seed: 12 });
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  test("path p uses normals (p − 1)(M − 1) + 1 … p(M − 1) of the seed's stream", () => {
    const inputs: MiningSimInputs = { ...volatile, termYears: 0.5, powerUsdPerKwh: 0 };
    const npvs = simulateMiningNpvUsdPerMw(inputs, 0.1, { paths: 3, seed: 5 });
    const rng = Xoshiro128StarStar.fromSeed(5);
    const det = (k: number): number =>
      miningNpvUsdPerMw(
        { ...inputs, termYears: k / 12, hashpriceGrowthYr: equivalentHashpriceGrowthYr(0.1, 0.2) },
        0.1,
      ) -
      (k > 1
        ? miningNpvUsdPerMw(
            { ...inputs, termYears: (k - 1) / 12, hashpriceGrowthYr: equivalentHashpriceGrowthYr(0.1, 0.2) },
            0.1,
          )
        : 0);
    for (let p = 0; p < 3; p++) {
      let w = 1;
      let npv = det(1);
      for (let k = 2; k <= 6; k++) {
        w *= Math.exp(-(0.6 * 0.6) / 24 + 0.6 * Math.sqrt(1 / 12) * rng.nextNormal());
        npv += det(k) * w; // no power cost: every month's margin is positive
      }
      expectRel(npvs[p], npv, 1e-9);
    }
  });

  test("percentiles are ordered and are formulajs PERCENTILE.INC of the paths; the mean is AVERAGE", () => {
    const npvs = simulateMiningNpvUsdPerMw(volatile, 0.1, { paths: 1001, seed: 2 });
    const values = Array.from(npvs);
    const s = summarizeNpvs(npvs, 400_000);
    const ps = [s.p5Usd, s.p25Usd, s.p50Usd, s.p75Usd, s.p95Usd];
    for (let i = 1; i < ps.length; i++) expect(ps[i]).toBeGreaterThanOrEqual(ps[i - 1]);
    [0.05, 0.25, 0.5, 0.75, 0.95].forEach((p, i) => {
      expectRel(ps[i], formulajs.PERCENTILE.INC(values, p) as number, 1e-12);
    });
    expectRel(s.meanUsd, formulajs.AVERAGE(values) as number, 1e-12);
    expect(s.probMiningAboveLease).toBe(values.filter((v) => v > 400_000).length / values.length);
  });

  test("PERCENTILE.INC interpolates between neighbours (Excel's example: 1, 3, 2, 4 at 0.3 is 1.9)", () => {
    expect(percentileInc([1, 2, 3, 4], 0.3)).toBeCloseTo(1.9, 12);
    expect(percentileInc([5], 0.95)).toBe(5);
    expect(percentileInc([1, 2, 3, 4], 1)).toBe(4);
  });

  test("drift is the expected path: with no power cost the mean NPV is the σ = 0 NPV within 4 standard errors", () => {
    const inputs: MiningSimInputs = { ...volatile, powerUsdPerKwh: 0, termYears: 5 };
    const npvs = simulateMiningNpvUsdPerMw(inputs, 0.1, { paths: 4000, seed: 9 });
    const values = Array.from(npvs);
    const mean = formulajs.AVERAGE(values) as number;
    const se = (formulajs.STDEV.S(values) as number) / Math.sqrt(values.length);
    const expected = miningNpvUsdPerMw({ ...inputs, hashpriceGrowthYr: equivalentHashpriceGrowthYr(0.1, 0.2) }, 0.1);
    expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
    // A median-path convention would put the mean e^{σ²t/2} higher: far outside that band.
    expect(se).toBeLessThan(0.05 * expected);
  });

  test("P5 is never negative (margins floor at zero), for random inputs", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 5, max: 60, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1000 }),
        (eff, power, vol, drift, growth, seed) => {
          const npvs = simulateMiningNpvUsdPerMw(
            {
              ...base,
              efficiencyJPerTh: eff,
              powerUsdPerKwh: power,
              btcVolYr: vol,
              btcDriftYr: drift,
              hashrateGrowthYr: growth,
              termYears: 3,
            },
            0.1,
            { paths: 50, seed },
          );
          const s = summarizeNpvs(npvs);
          return s.p5Usd >= 0 && s.p5Usd <= s.p50Usd && s.p50Usd <= s.p95Usd && Number.isFinite(s.meanUsd);
        },
      ),
      { numRuns: 60, seed: 20261201 },
    );
  });
});

describe("limits", () => {
  test("paths × months above 5,000,000 is #VALUE! (ModelError value) naming the cap", () => {
    let thrown: unknown;
    try {
      simulateMiningNpvUsdPerMw({ ...base, termYears: 50 }, 0.1, { paths: 10_000, seed: 1 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ModelError);
    expect((thrown as ModelError).kind).toBe("value");
    expect((thrown as ModelError).message).toMatch(/10000 × 600 = 6000000 is above the cap of 5,000,000/);
    expect(MAX_SIM_STEPS).toBe(5_000_000);
  });

  test("simulation arguments outside their domain are ModelError value naming the argument", () => {
    expect(() => simulateMiningNpvUsdPerMw({ ...base, btcVolYr: 60 }, 0.1, { paths: 1, seed: 1 })).toThrow(
      /btc_vol_yr/,
    );
    expect(() => simulateMiningNpvUsdPerMw({ ...base, btcDriftYr: -1 }, 0.1, { paths: 1, seed: 1 })).toThrow(
      /btc_drift_yr/,
    );
    expect(() => simulateMiningNpvUsdPerMw({ ...base, hashrateGrowthYr: -2 }, 0.1, { paths: 1, seed: 1 })).toThrow(
      /hashrate_growth_yr/,
    );
    expect(() => simulateMiningNpvUsdPerMw(base, 0.1, { paths: 0, seed: 1 })).toThrow(/paths/);
    // The mining inputs are checked by MINING_NPV_PER_MW's own rules.
    expect(() => simulateMiningNpvUsdPerMw({ ...base, uptime: 0 }, 0.1, { paths: 1, seed: 1 })).toThrow(/uptime/);
    expect(() => summarizeNpvs([1, 2], Number.NaN)).toThrow(/lease_npv_usd/);
  });
});
