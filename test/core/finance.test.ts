/**
 * Discounting primitives against Excel's documented examples and @formulajs/formulajs (which
 * follows Excel's conventions: NPV discounts the first value one period). The IRR search is
 * tested where Newton-style solvers fail: no sign change, several sign changes, several roots.
 */
import fc from "fast-check";
import * as formulajs from "@formulajs/formulajs";
import { ModelError } from "../../src/core/errors";
import {
  annualEffectiveFromMonthly,
  annuityFactor,
  geometricSum,
  irr,
  monthlyFromAnnualEffective,
  npv,
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

describe("npv (Excel NPV: first value discounted one period)", () => {
  test("Excel help example: NPV(10%, -10000, 3000, 4200, 6800) = 1,188.44", () => {
    expect(npv(0.1, [-10000, 3000, 4200, 6800])).toBeCloseTo(1188.44, 2);
  });

  test("Excel help example: NPV(8%, 8000, 9200, 10000, 12000, 14500) - 40000 = 1,922.06; with -9000 in year 6 = -3,749.47", () => {
    const flows = [8000, 9200, 10000, 12000, 14500];
    expect(npv(0.08, flows) - 40000).toBeCloseTo(1922.06, 2);
    expect(npv(0.08, [...flows, -9000]) - 40000).toBeCloseTo(-3749.47, 2);
  });

  test("agrees with formulajs NPV on random flows and rates", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.9, max: 2, noNaN: true }),
        fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 240 }),
        (rate, flows) => {
          const ours = npv(rate, flows);
          const theirs = formulajs.NPV(rate, flows) as number;
          const scale = flows.reduce((s, f) => s + Math.abs(f), 0) / Math.min(1, (1 + rate) ** flows.length) + 1;
          expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-12 * scale);
        },
      ),
    );
  });

  test("a rate of -100% or less is #NUM!", () => {
    expectNumError(() => npv(-1, [1]), /rate must be > -1/);
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
  test("effective annual ↔ monthly: (1+r)^(1/12) − 1 and back", () => {
    for (const r of [-0.5, -0.01, 0.05, 0.08, 1, 10]) {
      expect(rel(monthlyFromAnnualEffective(r), Math.pow(1 + r, 1 / 12) - 1)).toBeLessThan(1e-12);
      expect(rel(annualEffectiveFromMonthly(monthlyFromAnnualEffective(r)), r)).toBeLessThan(1e-12);
    }
    // Near 0, Math.pow(1 + r, 1/12) − 1 cancels; the series r/12 − 11r²/288 is exact to 1e-24.
    expect(rel(monthlyFromAnnualEffective(1e-12), 1e-12 / 12)).toBeLessThan(1e-11);
    expect(monthlyFromAnnualEffective(0)).toBe(0);
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

  test("agrees with formulajs IRR on investment-shaped flows (one sign change)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e3, max: 1e10, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 300 }),
        (outlay, income) => {
          const flows = [-outlay, ...income];
          fc.pre(income.reduce((a, b) => a + b, 0) > 0);
          let ours: number;
          try {
            ours = irr(flows);
          } catch (e) {
            // Out of the searched range (e.g. income tiny against the outlay): must be #NUM!.
            expect(e).toBeInstanceOf(ModelError);
            return;
          }
          const theirs = formulajs.IRR(flows, ours) as number;
          expect(Math.abs(ours - theirs)).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(theirs)));
          // The root is a root: NPV at ours is ~0 relative to the flows.
          const scale = flows.reduce((s, f) => s + Math.abs(f), 0);
          expect(Math.abs(flows[0] + npv(ours, flows.slice(1)))).toBeLessThanOrEqual(1e-8 * scale);
        },
      ),
      { numRuns: 200 },
    );
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
    expect(Math.abs(flows[0] + npv(r, flows.slice(1)))).toBeLessThan(1e-9);
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
