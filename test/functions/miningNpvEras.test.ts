/**
 * MINING_NPV_PER_MW sums each halving era in closed form (core/pivot.ts). The reference here
 * is the month-by-month sum written out by hand from the model's definition: month k spans
 * heights startHeight + 4383·(k−1) … + 4383·k, its subsidy ratio is the mean Bitcoin Core
 * subsidy over those blocks ÷ the subsidy at startHeight, margin floored at 0, discounted by
 * (1 + r)^(−k/12). The two must agree to 1e-9 relative on every case, halvings, switch-offs
 * (margin crossing zero inside an era, both ways) and long horizons included.
 */
import fc from "fast-check";
import { miningNpvUsdPerMw, type MiningInputs } from "../../src/core/pivot";

const HALVING = 210_000;
const subsidySats = (height: number): number => {
  const era = Math.floor(height / HALVING);
  return era >= 64 ? 0 : Math.floor(5_000_000_000 / 2 ** era);
};

function monthByMonth(x: MiningInputs, rate: number): number {
  const months = Math.round(x.termYears * 12);
  const days = 365.25 / 12;
  const blocks = 144 * days;
  const s0 = subsidySats(x.startHeight);
  const growth = x.hashpriceGrowthYr ?? 0;
  const uptime = x.uptime ?? 1;
  const feeShare = x.feeShare ?? 0;
  let npv = 0;
  for (let k = 1; k <= months; k++) {
    const from = x.startHeight + blocks * (k - 1);
    let sum = 0;
    for (let h = from; h < from + blocks;) {
      const end = Math.min(from + blocks, (Math.floor(h / HALVING) + 1) * HALVING);
      sum += subsidySats(h) * (end - h);
      h = end;
    }
    const ratio = s0 === 0 ? 0 : sum / blocks / s0;
    const hp = x.hashpriceUsdPerPhDay * (1 + growth) ** ((k - 1) / 12) * (feeShare + (1 - feeShare) * ratio);
    const revenue = hp * (1000 / x.efficiencyJPerTh) * days * uptime * (1 - (x.poolFee ?? 0));
    const cost = x.powerUsdPerKwh * 24_000 * days * uptime;
    const margin = revenue - cost;
    if (margin > 0) npv += margin * (1 + rate) ** (-k / 12);
  }
  return npv;
}

function expectClose(actual: number, expected: number): void {
  const scale = Math.max(Math.abs(expected), 1e-6);
  expect(Math.abs(actual - expected) / scale).toBeLessThan(1e-9);
}

describe("MINING_NPV_PER_MW's era sums equal the month-by-month sum", () => {
  const base: MiningInputs = {
    efficiencyJPerTh: 20,
    powerUsdPerKwh: 0.05,
    termYears: 5,
    hashpriceUsdPerPhDay: 40,
    hashpriceGrowthYr: 0,
    uptime: 1,
    poolFee: 0,
    feeShare: 0.01,
    startHeight: 931_000,
  };

  test.each([
    ["the README example", base, 0.12],
    ["100 years across many halvings", { ...base, termYears: 100 }, 0.08],
    [
      "growth: switches on inside an era",
      { ...base, hashpriceGrowthYr: 0.3, hashpriceUsdPerPhDay: 20, termYears: 30 },
      0.1,
    ],
    ["decline: switches off inside an era", { ...base, hashpriceGrowthYr: -0.2, termYears: 40 }, 0.05],
    ["no cost", { ...base, powerUsdPerKwh: 0, hashpriceGrowthYr: 0.1, termYears: 60 }, 0.07],
    ["no hashprice", { ...base, hashpriceUsdPerPhDay: 0, termYears: 10 }, 0.07],
    ["past the last subsidy", { ...base, startHeight: 13_400_000, termYears: 20, feeShare: 0.5 }, 0.07],
    ["a month on a halving", { ...base, startHeight: 1_050_000 - 4383 * 3 - 17, termYears: 2 }, 0.07],
    ["zero discount", { ...base, termYears: 50, hashpriceGrowthYr: 0.02 }, 0],
  ])("%s", (_name, inputs, rate) => {
    expectClose(miningNpvUsdPerMw(inputs, rate), monthByMonth(inputs, rate));
  });

  test("random inputs (200 cases, bounded)", () => {
    fc.assert(
      fc.property(
        fc.record({
          efficiencyJPerTh: fc.double({ min: 5, max: 100, noNaN: true }),
          powerUsdPerKwh: fc.double({ min: 0, max: 0.2, noNaN: true }),
          termYears: fc.integer({ min: 1, max: 1200 }).map((m) => m / 12),
          hashpriceUsdPerPhDay: fc.double({ min: 0, max: 200, noNaN: true }),
          hashpriceGrowthYr: fc.double({ min: -0.5, max: 1, noNaN: true }),
          uptime: fc.double({ min: 0.5, max: 1, noNaN: true }),
          poolFee: fc.double({ min: 0, max: 0.05, noNaN: true }),
          feeShare: fc.double({ min: 0, max: 1, noNaN: true }),
          startHeight: fc.integer({ min: 0, max: 14_000_000 }),
        }),
        fc.double({ min: -0.5, max: 1, noNaN: true }),
        (inputs, rate) => expectClose(miningNpvUsdPerMw(inputs, rate), monthByMonth(inputs, rate)),
      ),
      { numRuns: 200, seed: 20261201 },
    );
  });
});
