/**
 * Mining NPV per MW and the pivot breakeven rent.
 * The mining oracle here walks every block (Bitcoin Core's subsidy as a BigInt right shift),
 * month by month, and discounts with Math.pow: an independent implementation of the
 * documented model. The breakeven is proven by substitution: the lease NPV at that rent
 * equals the mining NPV to 1e-9 relative.
 */
import fc from "fast-check";
import { ModelError } from "../../src/core/errors";
import { leaseNpvUsd } from "../../src/core/lease";
import {
  BLOCKS_PER_MONTH,
  DAYS_PER_MONTH,
  miningNpvUsdPerMw,
  pivotBreakevenRentUsdPerKwMonth,
  type MiningInputs,
} from "../../src/core/pivot";

/** Bitcoin Core GetBlockSubsidy, in satoshis. */
function subsidySats(height: number): bigint {
  const halvings = BigInt(Math.floor(height / 210_000));
  return halvings >= 64n ? 0n : 5_000_000_000n >> halvings;
}

function oracleMiningNpv(p: Required<MiningInputs>, r: number): number {
  const months = Math.round(p.termYears * 12);
  const days = 365.25 / 12;
  const blocks = 144 * days;
  const s0 = Number(subsidySats(p.startHeight));
  let total = 0;
  for (let k = 1; k <= months; k++) {
    const first = p.startHeight + blocks * (k - 1);
    let sum = 0;
    for (let h = first; h < first + blocks; h++) sum += Number(subsidySats(h));
    const ratio = s0 === 0 ? 0 : sum / blocks / s0;
    const hashprice =
      p.hashpriceUsdPerPhDay *
      Math.pow(1 + p.hashpriceGrowthYr, (k - 1) / 12) *
      (p.feeShare + (1 - p.feeShare) * ratio);
    const revenue = hashprice * (1000 / p.efficiencyJPerTh) * days * p.uptime * (1 - p.poolFee);
    const power = p.powerUsdPerKwh * 1000 * 24 * days * p.uptime;
    total += Math.max(0, revenue - power) / Math.pow(1 + r, k / 12);
  }
  return total;
}

const BASE: Required<MiningInputs> = {
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

describe("miningNpvUsdPerMw", () => {
  test("a month is 365.25/12 days and 4,383 blocks", () => {
    expect(DAYS_PER_MONTH).toBe(30.4375);
    expect(BLOCKS_PER_MONTH).toBe(4383);
  });

  test.each([
    ["the documented example: 20 J/TH, $0.05, 5 years, 12%, $40/PH/day, 1% fees", BASE, 0.12],
    [
      "a 15-year horizon across two halvings, 2% pool fee, 97% uptime",
      { ...BASE, termYears: 15, poolFee: 0.02, uptime: 0.97 },
      0.08,
    ],
    ["hashprice falling 20% a year", { ...BASE, hashpriceGrowthYr: -0.2, termYears: 8 }, 0.1],
    [
      "hashprice rising 30% a year, efficient fleet, cheap power",
      { ...BASE, hashpriceGrowthYr: 0.3, efficiencyJPerTh: 15, powerUsdPerKwh: 0.03 },
      0.15,
    ],
    ["all fees (no halving effect)", { ...BASE, feeShare: 1, termYears: 4 }, 0.05],
    ["starting right on the halving block", { ...BASE, startHeight: 1_050_000, termYears: 2 }, 0.08],
    ["a zero discount rate", BASE, 0],
  ])("%s: equals the block-by-block oracle", (_name, p, r) => {
    const ours = miningNpvUsdPerMw(p, r);
    const oracle = oracleMiningNpv(p, r);
    expect(Math.abs(ours - oracle)).toBeLessThanOrEqual(1e-12 * Math.max(1, oracle));
    expect(ours).toBeGreaterThan(0);
  });

  test("hand-checked month: 20 J/TH runs 50 PH/s; at $40/PH/day, no power cost, 0% rate: 40 × 50 × 30.4375 = 60,875", () => {
    const month = { ...BASE, powerUsdPerKwh: 0, termYears: 1 / 12, feeShare: 0 };
    expect(miningNpvUsdPerMw(month, 0)).toBeCloseTo(60_875, 9);
  });

  test("the subsidy halves at block 1,050,000: the month after it earns half (fees aside), the month across it pro rata", () => {
    const month = { ...BASE, powerUsdPerKwh: 0, termYears: 1 / 12, feeShare: 0 };
    // Two months from exactly one month before the halving: month 1 at $40, month 2 at $20.
    const twoMonths = { ...month, termYears: 2 / 12, startHeight: 1_050_000 - 4383 };
    expect(miningNpvUsdPerMw(twoMonths, 0)).toBeCloseTo(60_875 + 60_875 / 2, 9);
    // Start 1,000 blocks before the halving: 1,000 blocks at 3.125, 3,383 at 1.5625.
    const across = miningNpvUsdPerMw({ ...month, startHeight: 1_049_000 }, 0);
    expect(across).toBeCloseTo(60_875 * ((1000 + 3383 * 0.5) / 4383), 9);
    // With a fee share, only the subsidy part halves: month 2 at 40 × (0.2 + 0.8 × 0.5) = $24/PH/day.
    expect(miningNpvUsdPerMw({ ...twoMonths, feeShare: 0.2 }, 0)).toBeCloseTo(60_875 + 24 * 50 * 30.4375, 9);
    // The hashprice given is today's: starting on the halving block, nothing halves within the month.
    expect(miningNpvUsdPerMw({ ...month, startHeight: 1_050_000 }, 0)).toBeCloseTo(60_875, 9);
  });

  test("floored at zero: a miner whose power costs more than it earns is switched off, never a negative NPV", () => {
    expect(miningNpvUsdPerMw({ ...BASE, powerUsdPerKwh: 0.5 }, 0.1)).toBe(0);
    // After the halving the margin goes negative: only the pre-halving months count.
    const before = miningNpvUsdPerMw({ ...BASE, termYears: 2 }, 0.1);
    const longer = miningNpvUsdPerMw({ ...BASE, termYears: 6 }, 0.1);
    const afterHalvingMonthly = 40 * (0.01 + 0.99 * 0.5) * 50 - 24_000 * 0.05;
    expect(afterHalvingMonthly).toBeLessThan(0);
    const halvingMonth = Math.ceil((1_050_000 - 931_000) / 4383);
    expect(longer).toBeCloseTo(miningNpvUsdPerMw({ ...BASE, termYears: halvingMonth / 12 }, 0.1), 6);
    expect(longer).toBeGreaterThan(before);
  });

  test("bad input names the argument", () => {
    const cases: [Partial<MiningInputs>, RegExp][] = [
      [{ efficiencyJPerTh: 0 }, /efficiency_j_th/],
      [{ powerUsdPerKwh: -0.01 }, /power_usd_kwh/],
      [{ termYears: 0 }, /term_years/],
      [{ hashpriceUsdPerPhDay: -1 }, /hashprice/],
      [{ hashpriceGrowthYr: -1 }, /hashprice_growth_yr/],
      [{ uptime: 0 }, /uptime/],
      [{ poolFee: 1 }, /pool_fee/],
      [{ feeShare: 1.5 }, /fee_share/],
      [{ startHeight: 1.5 }, /start_height/],
    ];
    for (const [patch, pattern] of cases) {
      expect(() => miningNpvUsdPerMw({ ...BASE, ...patch }, 0.1)).toThrow(pattern);
      expect(() => miningNpvUsdPerMw({ ...BASE, ...patch }, 0.1)).toThrow(ModelError);
    }
    expect(() => miningNpvUsdPerMw(BASE, -1)).toThrow(/discount_rate/);
  });
});

describe("pivotBreakevenRentUsdPerKwMonth: lease NPV (1 MW, capex included) = mining NPV at that rent", () => {
  const lease = { termYears: 15, escalator: 0.03, noiMargin: 0.85, capexUsdPerMw: 10_000_000, buildMonths: 24 };
  const mining = { ...BASE, termYears: 15 };

  test("the documented example, proven by substitution to 1e-9 relative", () => {
    const rent = pivotBreakevenRentUsdPerKwMonth(lease, mining, 0.08);
    const leaseNpv = leaseNpvUsd({ ...lease, criticalMw: 1, rentUsdPerKwMonth: rent }, 0.08);
    const miningNpv = miningNpvUsdPerMw(mining, 0.08);
    expect(Math.abs(leaseNpv - miningNpv)).toBeLessThanOrEqual(1e-9 * miningNpv);
    expect(rent).toBeCloseTo(106.71, 2);
  });

  test("random inputs: the identity holds to 1e-9 relative (of the PVs involved)", () => {
    fc.assert(
      fc.property(
        fc.record({
          eff: fc.double({ min: 10, max: 40, noNaN: true }),
          power: fc.double({ min: 0, max: 0.12, noNaN: true }),
          capex: fc.double({ min: 0, max: 2e7, noNaN: true }),
          term: fc.double({ min: 1, max: 25, noNaN: true }),
          r: fc.double({ min: -0.05, max: 0.3, noNaN: true }),
          noi: fc.double({ min: 0.5, max: 1, noNaN: true }),
          hp: fc.double({ min: 10, max: 150, noNaN: true }),
          growth: fc.double({ min: -0.4, max: 0.4, noNaN: true }),
          build: fc.integer({ min: 0, max: 36 }),
          esc: fc.double({ min: 0, max: 0.05, noNaN: true }),
        }),
        (x) => {
          const l = {
            termYears: x.term,
            escalator: x.esc,
            noiMargin: x.noi,
            capexUsdPerMw: x.capex,
            buildMonths: x.build,
          };
          const m = {
            ...BASE,
            efficiencyJPerTh: x.eff,
            powerUsdPerKwh: x.power,
            termYears: x.term,
            hashpriceUsdPerPhDay: x.hp,
            hashpriceGrowthYr: x.growth,
          };
          const rent = pivotBreakevenRentUsdPerKwMonth(l, m, x.r);
          const miningNpv = miningNpvUsdPerMw(m, x.r);
          const leaseNpv = leaseNpvUsd({ ...l, criticalMw: 1, rentUsdPerKwMonth: rent }, x.r);
          const capexPv = -leaseNpvUsd({ ...l, criticalMw: 1, rentUsdPerKwMonth: 0 }, x.r);
          expect(Math.abs(leaseNpv - miningNpv)).toBeLessThanOrEqual(1e-9 * (miningNpv + capexPv + 1));
          expect(rent).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 100 },
    );
  });

  test("uneconomic mining (NPV 0): the breakeven is the rent that just recovers the capex", () => {
    const rent = pivotBreakevenRentUsdPerKwMonth(lease, { ...mining, powerUsdPerKwh: 1 }, 0.08);
    expect(Math.abs(leaseNpvUsd({ ...lease, criticalMw: 1, rentUsdPerKwMonth: rent }, 0.08))).toBeLessThan(1e-9 * 1e7);
  });

  test("pue: leasing 1 MW of IT at the breakeven equals mining pue MW (its site power), to 1e-9 relative", () => {
    for (const pue of [1, 1.2, 1.5, 3]) {
      const rent = pivotBreakevenRentUsdPerKwMonth(lease, mining, 0.08, pue);
      const leaseNpv = leaseNpvUsd({ ...lease, criticalMw: 1, rentUsdPerKwMonth: rent }, 0.08);
      expect(Math.abs(leaseNpv - pue * oracleMiningNpv(mining, 0.08))).toBeLessThanOrEqual(1e-9 * pue * leaseNpv);
    }
    expect(pivotBreakevenRentUsdPerKwMonth(lease, mining, 0.08, 1)).toBe(
      pivotBreakevenRentUsdPerKwMonth(lease, mining, 0.08),
    );
    for (const bad of [0.99, 3.01, Number.NaN]) {
      expect(() => pivotBreakevenRentUsdPerKwMonth(lease, mining, 0.08, bad)).toThrow(
        /pue must be a number ≥ 1 and ≤ 3/,
      );
    }
  });

  test("a discount rate above 100% (8 typed for 8%) is an error naming discount_rate, not a number", () => {
    expect(() => pivotBreakevenRentUsdPerKwMonth(lease, mining, 8)).toThrow(
      /discount_rate must be a number > -1 and ≤ 1/,
    );
    expect(() => pivotBreakevenRentUsdPerKwMonth(lease, mining, 1e300)).toThrow(/discount_rate/);
    expect(() => miningNpvUsdPerMw(mining, 8)).toThrow(/discount_rate/);
  });

  test("the horizons must match", () => {
    expect(() => pivotBreakevenRentUsdPerKwMonth(lease, { ...mining, termYears: 10 }, 0.08)).toThrow(/same term_years/);
  });
});
