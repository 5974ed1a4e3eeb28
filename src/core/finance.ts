/**
 * Discounting primitives with Excel's conventions, and a bounded IRR root finder.
 * Pure functions, no I/O. Oracle: @formulajs/formulajs (Excel-compatible) in the tests.
 *
 * Conventions (the same as Excel's):
 * - `pmt(rate, nper, pv, fv, type)` returns the payment with Excel's sign (a positive loan
 *   `pv` gives a negative payment); `type` 0 pays at the end of each period, 1 at the start.
 * - `irr(values, guess)` treats values[0] as the flow at t = 0 and returns the rate per period.
 * - `annuityFactor(n, ln(1 + i))` is Excel's NPV(i, 1, 1, …, 1) over n ones: the first
 *   payment is discounted one full period.
 */
import { ModelError } from "./errors";

/**
 * Excel PMT: the level payment per period of a loan of `pv` over `nper` periods at `rate` per
 * period, leaving `fv`; `type` 0 = end of period, 1 = start. Sign as in Excel (pv > 0 → pmt < 0).
 */
export function pmt(rate: number, nper: number, pv: number, fv = 0, type: 0 | 1 = 0): number {
  if (!(nper > 0)) throw new ModelError("num", `nper must be > 0 (periods); got ${nper}.`);
  if (!(rate > -1)) throw new ModelError("num", `rate must be > -1 (per period); got ${rate}.`);
  if (rate === 0) return -(pv + fv) / nper;
  // growth − 1 = (1 + rate)^nper − 1 without cancellation, so tiny rates tend to the rate-0 limit.
  const growthLess1 = Math.expm1(nper * Math.log1p(rate));
  const perUnit = rate / growthLess1;
  const payment = fv * perUnit + pv * perUnit * (1 + growthLess1);
  return -(type === 1 ? payment / (1 + rate) : payment);
}

/** Monthly rate → effective annual rate: (1 + m)^12 − 1. */
export function annualEffectiveFromMonthly(monthlyRate: number): number {
  return Math.expm1(12 * Math.log1p(monthlyRate));
}

/**
 * Σ_{k=1..n} e^{−k·logDiscount}: the present value of 1 paid at the end of each of n periods
 * when one period discounts by e^{−logDiscount} (logDiscount = ln(1 + rate per period)).
 * Closed form −expm1(−n·L) / expm1(L), exact limit n at L = 0; no cancellation near L = 0.
 */
export function annuityFactor(n: number, logDiscount: number): number {
  if (n === 0) return 0;
  if (logDiscount === 0) return n;
  return -Math.expm1(-n * logDiscount) / Math.expm1(logDiscount);
}

/**
 * Σ_{y=0..n−1} e^{y·logRatio}: a geometric series of n terms with ratio e^{logRatio}.
 * Closed form expm1(n·D) / expm1(D), exact limit n at D = 0.
 */
export function geometricSum(n: number, logRatio: number): number {
  if (n === 0) return 0;
  if (logRatio === 0) return n;
  return Math.expm1(n * logRatio) / Math.expm1(logRatio);
}

/** Options of the bounded IRR search. */
export interface IrrOptions {
  /** Rate per period the chosen root should be nearest to when there are several (Excel's guess). Default 0.1. */
  readonly guess?: number;
  /** Brent iterations per bracket before giving up with #NUM!. Default 200. */
  readonly maxIterations?: number;
}

/** Lowest and highest rate per period searched: −99.99% and +10,000%. */
export const IRR_MIN_RATE = -0.9999;
export const IRR_MAX_RATE = 100;

/**
 * Sign-preserving NPV at the rate e^u − 1 (u = ln(1 + rate)): for u ≥ 0 it is Σ f_k e^{−k·u}
 * (Horner in e^{−u} ≤ 1); for u < 0 it is that sum times e^{K·u} (K = last index), i.e.
 * Σ f_k e^{(K−k)·u} (Horner in e^{u} < 1). The factor is positive and continuous (1 at u = 0),
 * so the sign and the roots are NPV's, and neither branch can overflow.
 */
function scaledNpv(flows: ArrayLike<number>, u: number): number {
  const last = flows.length - 1;
  if (u >= 0) {
    const z = Math.exp(-u);
    let acc = flows[last];
    for (let k = last - 1; k >= 0; k--) acc = acc * z + flows[k];
    return acc;
  }
  const w = Math.exp(u);
  let acc = flows[0];
  for (let k = 1; k <= last; k++) acc = acc * w + flows[k];
  return acc;
}

/** Grid of u = ln(1 + rate) for the bracket scan: dense near 0, 8% wider at each step outward. */
const SCAN_GRID: readonly number[] = (() => {
  const lo = Math.log1p(IRR_MIN_RATE);
  const hi = Math.log1p(IRR_MAX_RATE);
  const up: number[] = [];
  const down: number[] = [];
  for (let d = 1e-4, off = 0; ; d *= 1.08) {
    off += d;
    if (off >= hi) break;
    up.push(off);
  }
  for (let d = 1e-4, off = 0; ; d *= 1.08) {
    off += d;
    if (-off <= lo) break;
    down.push(-off);
  }
  return [lo, ...down.reverse(), 0, ...up, hi];
})();

/**
 * Brent's method on [a, b] with f(a)·f(b) < 0 (bisection, secant and inverse quadratic steps).
 * Returns the root to |Δ| ≤ 4ε|x| + 1e-15, or undefined after maxIterations.
 */
function brent(
  f: (x: number) => number,
  a0: number,
  b0: number,
  fa0: number,
  fb0: number,
  maxIterations: number,
): number | undefined {
  let a = a0;
  let b = b0;
  let fa = fa0;
  let fb = fb0;
  let c = a;
  let fc = fa;
  let d = b - a;
  let e = d;
  for (let iter = 0; iter < maxIterations; iter++) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      d = b - a;
      e = d;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol = 4 * Number.EPSILON * Math.abs(b) + 1e-15;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol || fb === 0) return b;
    if (Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number;
      let q: number;
      if (a === c) {
        p = 2 * m * s;
        q = 1 - s;
      } else {
        const qq = fa / fc;
        const r = fb / fc;
        p = s * (2 * m * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
        e = d;
        d = p / q;
      } else {
        d = m;
        e = m;
      }
    } else {
      d = m;
      e = m;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol ? d : m > 0 ? tol : -tol;
    fb = f(b);
  }
  return undefined;
}

/**
 * Internal rate of return per period of `values` (values[0] at t = 0, values[k] at the end of
 * period k): the rate at which Σ values[k] / (1 + rate)^k = 0, as Excel's IRR.
 *
 * Bounded search, never a hang and never NaN: the NPV's sign is scanned on a fixed grid of
 * about 300 rates from −99.99% to +10,000% per period; each sign change is refined by Brent's
 * method (at most `maxIterations` steps). With several roots, the one nearest `guess` is
 * returned (Excel's Newton search from its guess usually lands there too).
 * Throws ModelError("num") (#NUM!) when the flows do not change sign, when no root lies in
 * the searched range, or when refinement does not converge.
 * Limitation: two roots closer than one grid step (~8% of the rate's log) may be missed.
 */
export function irr(values: ArrayLike<number>, options: IrrOptions = {}): number {
  const guess = options.guess ?? 0.1;
  const maxIterations = options.maxIterations ?? 200;
  let positive = false;
  let negative = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new ModelError("num", `IRR: cash flow ${i} is not a finite number.`);
    if (v > 0) positive = true;
    else if (v < 0) negative = true;
  }
  if (!positive || !negative) {
    throw new ModelError(
      "num",
      "IRR: the cash flows need at least one positive and one negative value; there is no rate of return.",
    );
  }
  const f = (u: number): number => scaledNpv(values, u);
  const roots: number[] = [];
  let prevU = SCAN_GRID[0];
  let prevF = f(prevU);
  if (prevF === 0) roots.push(prevU);
  let failed = false;
  for (let j = 1; j < SCAN_GRID.length; j++) {
    const u = SCAN_GRID[j];
    const fu = f(u);
    if (fu === 0) roots.push(u);
    else if (prevF !== 0 && fu > 0 !== prevF > 0) {
      const root = brent(f, prevU, u, prevF, fu, maxIterations);
      if (root === undefined) failed = true;
      else roots.push(root);
    }
    prevU = u;
    prevF = fu;
  }
  if (roots.length === 0) {
    throw new ModelError(
      "num",
      failed
        ? "IRR: the search for a rate of return did not converge."
        : `IRR: no rate of return between ${IRR_MIN_RATE * 100}% and ${IRR_MAX_RATE * 100}% per period.`,
    );
  }
  const target = Math.log1p(Math.max(guess, IRR_MIN_RATE));
  let best = roots[0];
  for (const r of roots) if (Math.abs(r - target) < Math.abs(best - target)) best = r;
  return Math.expm1(best);
}
