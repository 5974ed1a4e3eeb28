/**
 * Discounting primitives against Excel's documented examples and @formulajs/formulajs (which
 * follows Excel's conventions: NPV discounts the first value one period). The IRR search is
 * tested where Newton-style solvers fail: no sign change, several sign changes, several roots.
 * NPV itself is formulajs's: the core has no NPV of its own (the lease model uses closed forms).
 */
import fc from "fast-check";
import * as formulajs from "@formulajs/formulajs";
import { ModelError } from "../../src/core/errors";
import {
  annualEffectiveFromMonthly,
  annuityFactor,
  geometricSum,
  irr,
  IRR_MAX_RATE,
  IRR_MIN_RATE,
  pmt,
} from "../../src/core/finance";

function expectNumError(f: () => unknown, pattern: RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ModelError);
  expect((thrown as ModelError).kind).toBe("num");
  expect((thrown as ModelError).message).toMatch(pattern);
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

/** Excel NPV with a flow at t = 0: values[0] + NPV(rate, values[1..]) (formulajs). */
function npvAt0(rate: number, values: number[]): number {
  return values[0] + (formulajs.NPV(rate, values.slice(1)) as number);
}

/**
 * The sign of Σ f_k (1 + rate)^−k, computed term by term with Math.pow so that it cannot
 * overflow: for rate < 0 the sum is multiplied by (1 + rate)^K (K the last index), a positive
 * factor that keeps the sign. Independent of the core's Horner evaluation.
 */
function npvSign(flows: number[], rate: number): number {
  const last = flows.length - 1;
  let sum = 0;
  for (let k = 0; k <= last; k++) sum += flows[k] * Math.pow(1 + rate, rate >= 0 ? -k : last - k);
  return Math.sign(sum);
}

/** |NPV| at `rate` relative to the sum of |discounted flows|, on the same overflow-free scale. */
function relativeResidual(flows: number[], rate: number): number {
  const last = flows.length - 1;
  let sum = 0;
  let scale = 0;
  for (let k = 0; k <= last; k++) {
    const f = flows[k] * Math.pow(1 + rate, rate >= 0 ? -k : last - k);
    sum += f;
    scale += Math.abs(f);
  }
  return Math.abs(sum) / scale;
}

describe("the Excel NPV convention the closed forms follow", () => {
  test("Excel help example through formulajs: NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44", () => {
    expect(formulajs.NPV(0.1, -10000, 3000, 4200, 6800) as number).toBeCloseTo(1188.44, 2);
  });

  test("annuityFactor(n, ln(1 + i)) = Excel NPV(i, 1, …, 1) over n ones (first one discounted one period)", () => {
    for (const i of [-0.3, 0.0064, 0.08, 1]) {
      for (const n of [1, 12, 180]) {
        const excel = formulajs.NPV(i, new Array<number>(n).fill(1)) as number;
        expect(rel(annuityFactor(n, Math.log1p(i)), excel)).toBeLessThan(1e-12);
      }
    }
  });
});

describe("pmt (Excel PMT)", () => {
  test("Excel help examples: PMT(8%/12, 10, 10000) = -1,037.03; PMT(6%/12, 216, 0, 50000) = -129.08", () => {
    expect(pmt(0.08 / 12, 10, 10000)).toBeCloseTo(-1037.03, 2);
    expect(pmt(0.06 / 12, 18 * 12, 0, 50000)).toBeCloseTo(-129.08, 2);
  });

  test("agrees with formulajs PMT, both timings, zero rate included", () => {
    fc.assert(
      fc.property(
        // formulajs loses precision below |rate| ~1e-6 ((1+rate)^n − 1 cancels); tiny rates are tested against the limit below.
        fc.oneof(
          fc.constant(0),
          fc.double({ min: 1e-6, max: 0.5, noNaN: true }),
          fc.double({ min: -0.5, max: -1e-6, noNaN: true }),
        ),
        fc.integer({ min: 1, max: 600 }),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        fc.constantFrom(0 as const, 1 as const),
        (rate, nper, pv, fv, type) => {
          const ours = pmt(rate, nper, pv, fv, type);
          const theirs = formulajs.PMT(rate, nper, pv, fv, type) as number;
          expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(
            1e-9 * (Math.abs(theirs) + Math.abs(pv) + Math.abs(fv) + 1),
          );
        },
      ),
    );
  });

  test("tiny rates tend to the zero-rate payment -(pv + fv)/nper, never NaN", () => {
    // The first-order term is rate × (nper ± 1)/2 relative: below 1e-12 for these rates.
    for (const rate of [1e-300, 1e-18, -1e-15, 5e-15]) {
      expect(rel(pmt(rate, 120, 1e6, 0), -1e6 / 120)).toBeLessThan(1e-12);
      expect(rel(pmt(rate, 120, 0, 1e6, 1), -1e6 / 120)).toBeLessThan(1e-12);
    }
  });
});

describe("rate conversions and closed-form sums", () => {
  test("monthly → effective annual: (1 + m)^12 − 1, without cancellation near 0", () => {
    for (const m of [-0.5, -0.01, 0.004, 0.0064, 0.1, 1]) {
      expect(rel(annualEffectiveFromMonthly(m), Math.pow(1 + m, 12) - 1)).toBeLessThan(1e-12);
    }
    // 1% a month is 12.6825% a year (1.01^12 = 1.12682503013197).
    expect(annualEffectiveFromMonthly(0.01)).toBeCloseTo(0.12682503013197, 13);
    // Near 0, Math.pow(1 + m, 12) − 1 cancels; the series 12m + 66m² is exact to 1e-24 here.
    expect(rel(annualEffectiveFromMonthly(1e-12), 12e-12)).toBeLessThan(1e-11);
    expect(annualEffectiveFromMonthly(0)).toBe(0);
  });

  test("annuityFactor = Σ_{k=1..n} (1+i)^-k and geometricSum = Σ_{y<n} q^y, also at and near rate 0", () => {
    for (const i of [-0.3, -1e-9, 0, 1e-12, 1e-6, 0.0064, 0.2]) {
      const L = Math.log1p(i);
      for (const n of [0, 1, 7, 12, 180, 600]) {
        let s = 0;
        for (let k = 1; k <= n; k++) s += Math.pow(1 + i, -k);
        expect(Math.abs(annuityFactor(n, L) - s)).toBeLessThanOrEqual(1e-12 * Math.max(1, s));
        let g = 0;
        for (let y = 0; y < n; y++) g += Math.pow(1 + i, y);
        expect(Math.abs(geometricSum(n, L) - g)).toBeLessThanOrEqual(1e-12 * Math.max(1, g));
      }
    }
  });
});

describe("irr (bounded search, Excel IRR semantics)", () => {
  const EXCEL_IRR = [-70000, 12000, 15000, 18000, 21000, 26000];

  test("Excel help examples: -2.1% over 4 years, 8.7% over 5 years, -44.4% over 2 years", () => {
    expect(irr(EXCEL_IRR.slice(0, 5))).toBeCloseTo(-0.021244848, 8);
    expect(irr(EXCEL_IRR)).toBeCloseTo(0.086630948, 8);
    expect(irr(EXCEL_IRR.slice(0, 3), { guess: -0.1 })).toBeCloseTo(-0.443506941, 8);
  });

  test("investment-shaped flows: a root whenever NPV changes sign over the searched range, equal to formulajs IRR from its default guess", () => {
    // One outlay, then incomes of at least $1,000: NPV falls from + to − as the rate rises, so
    // there is exactly one root. If NPV at −99.99% and at +10,000% differ in sign the root is
    // inside the searched range and must be found; otherwise irr must say there is none.
    let runs = 0;
    let demanded = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 1e10, noNaN: true }),
        fc.array(fc.double({ min: 1e3, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }),
        (outlay, income) => {
          runs++;
          const flows = [-outlay, ...income];
          if (npvSign(flows, IRR_MIN_RATE) === npvSign(flows, IRR_MAX_RATE)) {
            expectNumError(() => irr(flows), /no rate of return/);
            return;
          }
          demanded++;
          const ours = irr(flows);
          expect(ours).toBeGreaterThanOrEqual(IRR_MIN_RATE);
          expect(ours).toBeLessThanOrEqual(IRR_MAX_RATE);
          expect(relativeResidual(flows, ours)).toBeLessThanOrEqual(1e-9);
          const theirs = formulajs.IRR(flows) as number;
          expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(theirs)));
        },
      ),
      { numRuns: 500 },
    );
    // The property is about roots: most runs must have demanded one (about 70% do; the rest
    // have a small outlay against large incomes, a return above 10,000% a period).
    expect(demanded).toBeGreaterThan(0.5 * runs);
  });

  test("a root just inside either end of the range is found; just outside is #NUM!", () => {
    // −1 + x/(1 + r) = 0 at r = x − 1.
    expect(irr([-1, 1e-4 * 1.001])).toBeCloseTo(1e-4 * 1.001 - 1, 12);
    expectNumError(() => irr([-1, 1e-4 * 0.999]), /no rate of return/);
    expect(rel(irr([-1, 100.9]), 99.9)).toBeLessThan(1e-12);
    expectNumError(() => irr([-1, 101.1]), /no rate of return/);
  });

  test("no sign change is #NUM!: all positive, all negative, all zero, empty", () => {
    expectNumError(() => irr([100, 200, 300]), /positive and one negative/);
    expectNumError(() => irr([-100, -200]), /positive and one negative/);
    expectNumError(() => irr([0, 0, 0]), /positive and one negative/);
    expectNumError(() => irr([]), /positive and one negative/);
    // formulajs agrees there is no IRR (it returns its #NUM! error value).
    expect(formulajs.IRR([100, 200, 300])).toBeInstanceOf(Error);
  });

  test("several sign changes with two IRRs (-100, 230, -132: 10% and 20%): the root nearest the guess, as formulajs", () => {
    const flows = [-100, 230, -132];
    expect(irr(flows, { guess: 0.1 })).toBeCloseTo(0.1, 12);
    expect(irr(flows, { guess: 0.05 })).toBeCloseTo(0.1, 12);
    expect(irr(flows, { guess: 0.25 })).toBeCloseTo(0.2, 12);
    expect(formulajs.IRR(flows, 0.05) as number).toBeCloseTo(0.1, 8);
    expect(formulajs.IRR(flows, 0.25) as number).toBeCloseTo(0.2, 8);
  });

  test("several sign changes with one IRR: found, and a root", () => {
    // Outlay, income, a mid-life capex, income again: two sign changes beyond the first.
    const flows = [-1000, 400, 400, -300, 500, 500, 300];
    const r = irr(flows);
    expect(Math.abs(npvAt0(r, flows))).toBeLessThan(1e-9);
    expect(r).toBeCloseTo(formulajs.IRR(flows) as number, 8);
  });

  test("sign changes but no root in the range (a loan that can never be repaid) is #NUM!, not NaN", () => {
    // -1, then 2 and -2 forever: NPV(x) stays negative for every x > -1.
    expectNumError(() => irr([-1, 2, -2]), /no rate of return/);
    // Where formulajs returns a number that is not a root (or NaN), we give #NUM!.
    const theirs = formulajs.IRR([-1, 2, -2]) as number;
    expect(Number.isFinite(theirs) ? Math.abs(-1 + 2 / (1 + theirs) - 2 / (1 + theirs) ** 2) > 1e-6 : true).toBe(true);
  });

  test("non-finite flows are #NUM!", () => {
    expectNumError(() => irr([-1, Number.NaN, 2]), /not a finite number/);
    expectNumError(() => irr([-1, Infinity]), /not a finite number/);
  });

  test("extreme but valid: a 99% monthly loss and a 5000% monthly gain are found", () => {
    expect(irr([-100, 1])).toBeCloseTo(-0.99, 12);
    expect(irr([-1, 51])).toBeCloseTo(50, 9);
  });

  test("random flows of every shape: a finite root or #NUM!, never NaN, never a hang", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e12, max: 1e12, noNaN: true }), { maxLength: 400 }),
        fc.double({ min: -0.99, max: 5, noNaN: true }),
        (flows, guess) => {
          try {
            const r = irr(flows, { guess });
            expect(Number.isFinite(r)).toBe(true);
            expect(r).toBeGreaterThan(-1);
          } catch (e) {
            expect(e).toBeInstanceOf(ModelError);
            expect((e as ModelError).kind).toBe("num");
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
