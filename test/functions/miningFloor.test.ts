/**
 * MINING_FLOOR_MONTH against months worked out by hand from MINING_NPV_PER_MW's model (20 J/TH
 * runs 50 PH/s per MW; a model month is 30.4375 days and 4,383 blocks):
 *   revenue = 40 USD/PH/day × 50 × 30.4375 = 60,875 USD; power = 0.05 × 24,000 × 30.4375 = 36,525 USD.
 * Full subsidy: margin 24,350 > 0. Half subsidy: 30,437.5 − 36,525 < 0, so the floor binds.
 * And against MINING_NPV_PER_MW itself: extending the horizon past the floor month adds nothing
 * to the NPV when hashprice does not grow.
 */
import { MINING_FLOOR_MONTH } from "../../src/functions/miningFloor";
import { MINING_NPV_PER_MW } from "../../src/functions/lease";
import { expectError, single } from "../support/excel";

const m = (x: unknown): unknown[][] => [[x]];
const HALVING = 1_050_000;

function floorMonth(...args: unknown[]): unknown {
  return single((MINING_FLOOR_MONTH as (...a: unknown[]) => unknown)(...args.map(m)));
}

describe("MINING_FLOOR_MONTH", () => {
  test("a halving inside the horizon: month 11 holds 1,000 full-subsidy blocks (ratio 0.614, still positive), month 12 is the first at half", () => {
    const start = HALVING - 4383 * 10 - 1000;
    // Month 11's margin by hand: 60,875 × (1,000 + 3,383 / 2) / 4,383 − 36,525 = 856.9 > 0.
    expect(60_875 * ((1000 + 3383 / 2) / 4383) - 36_525).toBeCloseTo(856.94, 2);
    expect(floorMonth(20, 0.05, 5, 40, 0, 1, 0, 0, start)).toBe(12);
  });

  test("when the halving month itself falls below cost, that month is the answer", () => {
    // 100 blocks before the halving in month 11: ratio (100 + 4,283 / 2) / 4,383 = 0.5114 → margin < 0.
    const start = HALVING - 4383 * 10 - 100;
    expect(floorMonth(20, 0.05, 5, 40, 0, 1, 0, 0, start)).toBe(11);
  });

  test("a price above revenue from the start: month 1", () => {
    // 0.09 USD/kWh: cost 65,745 > 60,875.
    expect(floorMonth(20, 0.09, 1, 40, 0, 1, 0, 0, 931_000)).toBe(1);
  });

  test("a falling hashprice: the first month with (1 + g)^((k−1)/12) ≤ 36,525 / 60,875 = 0.6", () => {
    // g = −50% a year: 0.5^((k−1)/12) ≤ 0.6 ⇔ k − 1 ≥ 12 × ln 0.6 / ln 0.5 = 8.84 ⇔ k = 10.
    expect(floorMonth(20, 0.05, 3, 40, -0.5, 1, 0, 0, 931_000)).toBe(10);
  });

  test("the floor never binds: #N/A that says so", () => {
    expectError(
      (MINING_FLOOR_MONTH as (...a: unknown[]) => unknown)(...[20, 0.05, 1, 40, 0, 1, 0, 0, 931_000].map(m)),
      "#N/A",
      /stays above zero in every month of the 12-month horizon/,
    );
  });

  test("past the floor month MINING_NPV_PER_MW stops growing (no growth, so no month comes back)", () => {
    const start = HALVING - 4383 * 10 - 1000;
    const npv = (years: number): number =>
      single(MINING_NPV_PER_MW(m(20), m(0.05), m(years), m(0.08), m(40), m(0), m(1), m(0), m(0), m(start))) as number;
    expect(npv(10 / 12)).toBeLessThan(npv(11 / 12)); // month 11 still earns ...
    expect(npv(11 / 12)).toBeCloseTo(npv(1), 6); // ... month 12 is floored ...
    expect(npv(1)).toBeCloseTo(npv(3), 6); // ... and nothing after it adds value
  });

  test("arguments outside their domain are #VALUE! naming them; ranges broadcast", () => {
    expectError(single(MINING_FLOOR_MONTH(m(0), m(0.05), m(5))), "#VALUE!", /efficiency_j_th/);
    const start = HALVING - 4383 * 10 - 1000;
    const grid = MINING_FLOOR_MONTH(m(20), [[0.05], [0.09]], m(5), m(40), m(0), m(1), m(0), m(0), m(start));
    expect(grid).toEqual([[12], [1]]);
  });
});
