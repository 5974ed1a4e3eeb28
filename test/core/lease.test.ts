/**
 * The lease model against independent oracles:
 * - NPV: the explicit monthly flows are built here with plain arithmetic (not the core's
 *   schedule) and discounted with @formulajs/formulajs NPV at (1+r)^(1/12)−1, plus the t = 0
 *   flow: exactly the Excel formula the docs promise.
 * - IRR: formulajs IRR on the same flows, annualised (1+m)^12 − 1.
 * - Equity IRR: a debt schedule written out here month by month (formulajs PMT for the level
 *   payment), then formulajs IRR.
 */
import fc from "fast-check";
import * as formulajs from "@formulajs/formulajs";
import { ModelError } from "../../src/core/errors";
import {
  debtSchedule,
  equityIrrAnnual,
  impliedRentUsdPerKwMonth,
  leaseIrrAnnual,
  leaseNpvUsd,
  leaseSchedule,
  revenueUsdPerMwYear,
  type LeaseTerms,
} from "../../src/core/lease";

interface Case {
  mw: number;
  rent: number;
  term: number;
  r: number;
  esc: number;
  noi: number;
  capex: number;
  build: number;
}

const terms = (c: Case): LeaseTerms => ({
  criticalMw: c.mw,
  rentUsdPerKwMonth: c.rent,
  termYears: c.term,
  escalator: c.esc,
  noiMargin: c.noi,
  capexUsdPerMw: c.capex,
  buildMonths: c.build,
});

/** The model, month by month, in plain arithmetic. Index k = month k (0 = t0). */
function explicitFlows(c: Case): number[] {
  const rentMonths = Math.round(c.term * 12);
  const flows: number[] = [];
  for (let k = 0; k <= c.build + rentMonths; k++) flows.push(0);
  const capex = c.capex * c.mw;
  if (c.build === 0) flows[0] -= capex;
  else for (let k = 1; k <= c.build; k++) flows[k] -= capex / c.build;
  for (let m = 1; m <= rentMonths; m++) {
    const gross = c.mw * 1000 * c.rent * Math.pow(1 + c.esc, Math.floor((m - 1) / 12));
    flows[c.build + m] += gross * c.noi;
  }
  return flows;
}

/** Excel: =NPV((1+r)^(1/12)-1, months 1..N) + month 0. */
function excelNpv(c: Case): number {
  const flows = explicitFlows(c);
  return (formulajs.NPV(Math.pow(1 + c.r, 1 / 12) - 1, flows.slice(1)) as number) + flows[0];
}

/** Scale for relative tolerances: the PV of the absolute flows (NPV itself can be ~0). */
function pvScale(c: Case): number {
  const flows = explicitFlows(c).map(Math.abs);
  return (formulajs.NPV(Math.pow(1 + c.r, 1 / 12) - 1, flows.slice(1)) as number) + flows[0] + 1e-300;
}

function expectModelError(f: () => unknown, kind: string, pattern: RegExp): void {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ModelError);
  expect((thrown as ModelError).kind).toBe(kind);
  expect((thrown as ModelError).message).toMatch(pattern);
}

const BASE: Case = { mw: 100, rent: 150, term: 15, r: 0.08, esc: 0.03, noi: 0.85, capex: 10_000_000, build: 24 };

describe("leaseNpvUsd equals Excel NPV at the monthly rate plus the t0 flow (formulajs oracle)", () => {
  const cases: [string, Case][] = [
    ["the bench lease: 100 MW, $150, 15y, 8%, 3% esc, 85% NOI, $10M/MW, 24 build months", BASE],
    ["capex at t0 (no build)", { ...BASE, build: 0 }],
    ["no capex, no escalator, NOI 1", { ...BASE, capex: 0, esc: 0, noi: 1, build: 0 }],
    ["a partial last lease year (10.5 years = 126 months)", { ...BASE, term: 10.5 }],
    ["a term shorter than a year (7 months)", { ...BASE, term: 7 / 12 }],
    ["a term that rounds (15.04 years → 180 months)", { ...BASE, term: 15.04 }],
    ["a zero discount rate: the plain sum", { ...BASE, r: 0 }],
    ["a negative discount rate", { ...BASE, r: -0.2 }],
    ["a rate equal to the escalator (ratio 1 in the yearly series)", { ...BASE, r: 0.03, esc: 0.03 }],
    ["a negative escalator", { ...BASE, esc: -0.05 }],
    [
      "Hut 8 River Bend shape: 245 MW, $158.73, 15y, 9%, no build",
      { mw: 245, rent: 158.73, term: 15, r: 0.09, esc: 0.03, noi: 0.88, capex: 10e6, build: 0 },
    ],
    [
      "WULF Core42 shape: 60 MW, $125, 10y, 10%, 3%, 70%",
      { mw: 60, rent: 125, term: 10, r: 0.1, esc: 0.03, noi: 0.7, capex: 7e6, build: 12 },
    ],
    ["a 25-year term with a 36-month build", { ...BASE, term: 25, build: 36 }],
    ["a 1-month build", { ...BASE, build: 1 }],
  ];
  test.each(cases)("%s", (_name, c) => {
    const ours = leaseNpvUsd(terms(c), c.r);
    const excel = excelNpv(c);
    expect(Math.abs(ours - excel)).toBeLessThanOrEqual(1e-12 * pvScale(c));
  });

  test("hand-checked: 1 MW at $100/kW/month for 1 year at 0% is 1,200,000; at 12% the first month is worth 100,000/1.12^(1/12)", () => {
    expect(leaseNpvUsd({ criticalMw: 1, rentUsdPerKwMonth: 100, termYears: 1 }, 0)).toBe(1_200_000);
    expect(leaseNpvUsd({ criticalMw: 1, rentUsdPerKwMonth: 100, termYears: 1 / 12 }, 0.12)).toBeCloseTo(
      100_000 / Math.pow(1.12, 1 / 12),
      8,
    );
  });

  test("random leases of every shape", () => {
    fc.assert(
      fc.property(
        fc.record({
          mw: fc.double({ min: 0.1, max: 2000, noNaN: true }),
          rent: fc.double({ min: 0, max: 500, noNaN: true }),
          term: fc.double({ min: 1 / 24 + 1e-9, max: 40, noNaN: true }),
          r: fc.double({ min: -0.5, max: 1, noNaN: true }),
          esc: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
          noi: fc.double({ min: 0.01, max: 1, noNaN: true }),
          capex: fc.double({ min: 0, max: 3e7, noNaN: true }),
          build: fc.integer({ min: 0, max: 60 }),
        }),
        (c) => {
          const ours = leaseNpvUsd(terms(c), c.r);
          expect(Math.abs(ours - excelNpv(c))).toBeLessThanOrEqual(1e-11 * pvScale(c));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("leaseSchedule: the flows the NPV discounts", () => {
  test("equals the explicit flows element by element, and its parts add up", () => {
    for (const c of [BASE, { ...BASE, build: 0 }, { ...BASE, term: 10.5, esc: 0.05 }]) {
      const s = leaseSchedule(terms(c));
      const flows = explicitFlows(c);
      expect(s.totalUsd.length).toBe(flows.length);
      flows.forEach((f, k) => expect(Math.abs(s.totalUsd[k] - f)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(f))));
      for (let k = 0; k < flows.length; k++) {
        expect(s.netUsd[k]).toBeCloseTo(s.grossUsd[k] * c.noi, 6);
        expect(s.totalUsd[k]).toBe(s.netUsd[k] + s.capexUsd[k]);
      }
      const capexTotal = Array.from(s.capexUsd).reduce((a, b) => a + b, 0);
      expect(capexTotal).toBeCloseTo(-c.capex * c.mw, 3);
    }
  });

  test("the escalator steps once a lease year: months 1-12 flat, month 13 up by the escalator", () => {
    const s = leaseSchedule({ criticalMw: 1, rentUsdPerKwMonth: 100, termYears: 2, escalator: 0.1, buildMonths: 3 });
    expect(Array.from(s.grossUsd.slice(4, 16))).toEqual(new Array(12).fill(100_000));
    expect(s.grossUsd[16]).toBeCloseTo(110_000, 9);
    expect(s.grossUsd[27]).toBeCloseTo(110_000, 9);
    expect(s.grossUsd.length).toBe(28);
    expect(Array.from(s.capexUsd)).toEqual(new Array(28).fill(0));
  });
});

describe("leaseIrrAnnual equals formulajs IRR on the monthly flows, annualised (1+m)^12 − 1", () => {
  const cases: [string, Case][] = [
    ["the bench lease", BASE],
    ["capex at t0", { ...BASE, build: 0 }],
    ["a thin lease (IRR near 0)", { ...BASE, rent: 60, esc: 0, build: 0 }],
    ["a rich lease", { ...BASE, rent: 400, capex: 5e6 }],
    ["a lease that loses money (negative IRR)", { ...BASE, rent: 30, esc: 0 }],
  ];
  test.each(cases)("%s", (_name, c) => {
    const flows = explicitFlows(c);
    const monthly = formulajs.IRR(flows, 0.01) as number;
    const excel = Math.pow(1 + monthly, 12) - 1;
    expect(Math.abs(leaseIrrAnnual(terms(c)) - excel)).toBeLessThan(1e-8);
  });

  test("no capex: no negative flow, no rate of return: #NUM!", () => {
    expectModelError(() => leaseIrrAnnual(terms({ ...BASE, capex: 0 })), "num", /positive and one negative/);
  });
});

/**
 * The equity schedule written out here, independently of the core: draws, capitalised
 * interest, interest-only months, a level payment from formulajs PMT, a balloon at the lease
 * end when the amortisation runs longer than the term, and equity = net − debt service.
 */
function handBuiltEquityFlows(
  c: Case,
  ltc: number,
  debtRate: number,
  amortYears?: number,
  io = 0,
): { equity: number[]; balances: number[] } {
  const flows = explicitFlows(c);
  const rentMonths = Math.round(c.term * 12);
  const capexUsd = c.capex * c.mw;
  const monthly = debtRate / 12;
  const amortMonths = Math.round((amortYears ?? c.term) * 12);
  const equity: number[] = [];
  const balances: number[] = [];
  // Build: each capex draw is funded ltc by debt; interest accrues on the balance and is added to it.
  let debt = 0;
  for (let k = 0; k <= c.build; k++) {
    const capexThisMonth = c.build === 0 ? (k === 0 ? capexUsd : 0) : k === 0 ? 0 : capexUsd / c.build;
    debt = debt * (1 + monthly) + capexThisMonth * ltc;
    equity.push(-capexThisMonth * (1 - ltc));
    balances.push(debt);
  }
  const level = debt > 0 ? -(formulajs.PMT(monthly, amortMonths - io, debt) as number) : 0;
  for (let m = 1; m <= rentMonths; m++) {
    const interest = debt * monthly;
    let paid: number;
    if (debt <= 0) paid = 0;
    else if (m === amortMonths || m === rentMonths)
      paid = debt + interest; // final payment or balloon
    else if (m <= io) paid = interest;
    else paid = level;
    debt = m === amortMonths || m === rentMonths ? 0 : debt + interest - paid;
    equity.push(flows[c.build + m] - paid);
    balances.push(debt);
  }
  return { equity, balances };
}

const annualIrr = (flows: number[]): number => Math.pow(1 + (formulajs.IRR(flows, 0.01) as number), 12) - 1;

describe("equity IRR against a hand-built monthly debt schedule", () => {
  const cases: [string, Case, number, number, number | undefined, number][] = [
    ["80% LTC at 7%, 24-month build, amortised over the term", BASE, 0.8, 0.07, undefined, 0],
    ["85% LTC at SOFR+225 ~6.5%, capex at t0", { ...BASE, build: 0 }, 0.85, 0.065, undefined, 0],
    ["12 interest-only months", BASE, 0.8, 0.07, undefined, 12],
    ["amortised over 10 of 15 years (debt-free at the end)", BASE, 0.8, 0.0775, 10, 0],
    ["amortised over 25 years: balloon at the lease end", BASE, 0.8, 0.0712, 25, 6],
    ["a zero debt rate", BASE, 0.5, 0, undefined, 0],
  ];
  test.each(cases)("%s", (_name, c, ltc, rate, amort, io) => {
    const { equity, balances } = handBuiltEquityFlows(c, ltc, rate, amort, io);
    const s = debtSchedule(terms(c), { ltc, debtRate: rate, amortYears: amort, interestOnlyMonths: io });
    expect(s.equityUsd.length).toBe(equity.length);
    equity.forEach((f, k) => expect(Math.abs(s.equityUsd[k] - f)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(f))));
    balances.forEach((b, k) => expect(Math.abs(s.balanceUsd[k] - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, b)));
    expect(
      Math.abs(
        equityIrrAnnual(terms(c), { ltc, debtRate: rate, amortYears: amort, interestOnlyMonths: io }) -
          annualIrr(equity),
      ),
    ).toBeLessThan(1e-8);
  });

  test("the level payment amortises the debt: with amort = term the last payment equals the others (no balloon)", () => {
    const s = debtSchedule(terms(BASE), { ltc: 0.8, debtRate: 0.07 });
    const last = s.debtServiceUsd[s.debtServiceUsd.length - 1];
    const first = s.debtServiceUsd[BASE.build + 1];
    expect(Math.abs(last - first)).toBeLessThan(1e-6 * first);
    expect(s.balanceUsd[s.balanceUsd.length - 1]).toBe(0);
  });

  test("capitalised construction interest: the balance at rent start is Σ draws × (1+i)^(months to rent start)", () => {
    const c = BASE;
    const s = debtSchedule(terms(c), { ltc: 0.8, debtRate: 0.06 });
    const draw = (0.8 * c.capex * c.mw) / c.build;
    let expected = 0;
    for (let k = 1; k <= c.build; k++) expected += draw * Math.pow(1 + 0.06 / 12, c.build - k);
    expect(s.balanceUsd[c.build]).toBeCloseTo(expected, 3);
    // Principal repaid over the rent months equals that balance.
    let principal = 0;
    for (let k = c.build + 1; k < s.balanceUsd.length; k++) principal += s.debtServiceUsd[k] - s.interestUsd[k];
    expect(principal).toBeCloseTo(expected, 2);
  });

  test("a tiny pinned case: 1 MW, $100/kW/month, 12 months, $1M/MW at t0, 50% LTC at 12%", () => {
    // Debt 500,000 at t0; PMT(1%, 12, 500000) = 44,424.39; equity −500,000 then 12 × 55,575.61.
    const s = debtSchedule(
      { criticalMw: 1, rentUsdPerKwMonth: 100, termYears: 1, capexUsdPerMw: 1e6 },
      { ltc: 0.5, debtRate: 0.12 },
    );
    expect(s.equityUsd[0]).toBe(-500_000);
    expect(s.debtServiceUsd[1]).toBeCloseTo(44_424.39, 2);
    expect(s.equityUsd[12]).toBeCloseTo(55_575.61, 2);
    const monthly = formulajs.RATE(12, 100_000 + (formulajs.PMT(0.01, 12, 500_000) as number), -500_000) as number;
    expect(
      equityIrrAnnual(
        { criticalMw: 1, rentUsdPerKwMonth: 100, termYears: 1, capexUsdPerMw: 1e6 },
        { ltc: 0.5, debtRate: 0.12 },
      ),
    ).toBeCloseTo(Math.pow(1 + monthly, 12) - 1, 9);
  });

  test("ltc = 0 equals the unlevered IRR exactly", () => {
    for (const c of [BASE, { ...BASE, build: 0 }, { ...BASE, term: 10.5, rent: 90 }]) {
      expect(equityIrrAnnual(terms(c), { ltc: 0, debtRate: 0.07 })).toBe(leaseIrrAnnual(terms(c)));
    }
  });

  test("leverage below the unlevered IRR raises the equity IRR", () => {
    const unlevered = leaseIrrAnnual(terms(BASE));
    expect(unlevered).toBeGreaterThan(0.07);
    expect(equityIrrAnnual(terms(BASE), { ltc: 0.8, debtRate: 0.06 })).toBeGreaterThan(unlevered);
  });
});

describe("bad input: ModelError('num') naming the argument", () => {
  test.each([
    ["term 0", () => leaseNpvUsd({ ...terms(BASE), termYears: 0 }, 0.08), /term_years/],
    ["term -1", () => leaseNpvUsd({ ...terms(BASE), termYears: -1 }, 0.08), /term_years/],
    [
      "term rounding to no month",
      () => leaseNpvUsd({ ...terms(BASE), termYears: 0.01 }, 0.08),
      /term_years must be at least 1\/24/,
    ],
    ["discount -100%", () => leaseNpvUsd(terms(BASE), -1), /discount_rate/],
    ["discount -150%", () => leaseNpvUsd(terms(BASE), -1.5), /discount_rate/],
    ["noi 0", () => leaseNpvUsd({ ...terms(BASE), noiMargin: 0 }, 0.08), /noi_margin/],
    ["noi 1.2", () => leaseNpvUsd({ ...terms(BASE), noiMargin: 1.2 }, 0.08), /noi_margin/],
    ["build 1.5", () => leaseNpvUsd({ ...terms(BASE), buildMonths: 1.5 }, 0.08), /build_months must be a whole number/],
    ["build -1", () => leaseSchedule({ ...terms(BASE), buildMonths: -1 }), /build_months/],
    ["escalator -100%", () => leaseNpvUsd({ ...terms(BASE), escalator: -1 }, 0.08), /escalator/],
    // A percentage typed as a whole number: 8 for 8%, 3 for 3%. Without a maximum these gave
    // a tiny NPV and 2.16e16 USD, silently.
    [
      "discount 8 (8 typed for 8%)",
      () => leaseNpvUsd(terms(BASE), 8),
      /discount_rate must be a number > -1 and ≤ 1 \(effective annual rate, 0\.08 = 8%\); got 8/,
    ],
    ["discount 1e300", () => leaseNpvUsd(terms(BASE), 1e300), /discount_rate .* got 1e\+300/],
    ["discount Infinity", () => leaseNpvUsd(terms(BASE), Infinity), /discount_rate/],
    [
      "escalator 3 (3 typed for 3%)",
      () => leaseNpvUsd({ ...terms(BASE), escalator: 3 }, 0.08),
      /escalator must be a number > -1 and ≤ 1 \(rent step per lease year, 0\.03 = 3%\); got 3/,
    ],
    ["escalator NaN", () => leaseSchedule({ ...terms(BASE), escalator: Number.NaN }), /escalator/],
    ["ltc 1", () => debtSchedule(terms(BASE), { ltc: 1, debtRate: 0.07 }), /ltc must be a number ≥ 0 and < 1/],
    ["ltc -0.1", () => debtSchedule(terms(BASE), { ltc: -0.1, debtRate: 0.07 }), /ltc/],
    ["debt rate -1%", () => debtSchedule(terms(BASE), { ltc: 0.8, debtRate: -0.01 }), /debt_rate/],
    [
      "interest-only as long as the amortisation",
      () => debtSchedule(terms(BASE), { ltc: 0.8, debtRate: 0.07, amortYears: 1, interestOnlyMonths: 12 }),
      /interest_only_months/,
    ],
    ["NaN MW", () => leaseNpvUsd({ ...terms(BASE), criticalMw: Number.NaN }, 0.08), /critical_mw/],
  ])("%s", (_name, f, pattern) => expectModelError(f, "value", pattern));
});

describe("the limits themselves are allowed", () => {
  test("a 100% discount rate and a 100% escalator compute: 1 MW at $1/kW/month for 2 years, 0 build", () => {
    // Year 1: $1,000 a month; year 2: $2,000. Month k is discounted by 2^(k/12).
    let hand = 0;
    for (let k = 1; k <= 24; k++) hand += (k <= 12 ? 1000 : 2000) / Math.pow(2, k / 12);
    const ours = leaseNpvUsd({ criticalMw: 1, rentUsdPerKwMonth: 1, termYears: 2, escalator: 1 }, 1);
    expect(Math.abs(ours - hand)).toBeLessThan(1e-9 * hand);
  });
});

describe("properties (fast-check)", () => {
  const lease = fc.record({
    mw: fc.double({ min: 0.1, max: 1000, noNaN: true }),
    rent: fc.double({ min: 1, max: 400, noNaN: true }),
    term: fc.double({ min: 0.5, max: 30, noNaN: true }),
    r: fc.double({ min: -0.3, max: 0.5, noNaN: true }),
    esc: fc.double({ min: -0.1, max: 0.1, noNaN: true }),
    noi: fc.double({ min: 0.05, max: 1, noNaN: true }),
    capex: fc.double({ min: 0, max: 2e7, noNaN: true }),
    build: fc.integer({ min: 0, max: 48 }),
  });

  test("NPV is linear in rent: NPV(a·rent) − NPV(0) = a·(NPV(rent) − NPV(0))", () => {
    fc.assert(
      fc.property(lease, fc.double({ min: 0, max: 10, noNaN: true }), (c, a) => {
        const at = (rent: number): number => leaseNpvUsd(terms({ ...c, rent }), c.r);
        const zero = at(0);
        const lhs = at(a * c.rent) - zero;
        const rhs = a * (at(c.rent) - zero);
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-9 * (Math.abs(rhs) + Math.abs(zero) + 1));
      }),
    );
  });

  test("NPV is linear in MW (capex scales with MW too): NPV(a·MW) = a·NPV(MW)", () => {
    fc.assert(
      fc.property(lease, fc.double({ min: 0.01, max: 100, noNaN: true }), (c, a) => {
        const lhs = leaseNpvUsd(terms({ ...c, mw: a * c.mw }), c.r);
        const rhs = a * leaseNpvUsd(terms(c), c.r);
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-9 * a * pvScale(c));
      }),
    );
  });

  test("NPV decreases as the discount rate rises (capex at t0, so every later flow is an inflow)", () => {
    fc.assert(
      fc.property(lease, fc.double({ min: 1e-4, max: 0.5, noNaN: true }), (c0, step) => {
        const c = { ...c0, build: 0 };
        const lo = leaseNpvUsd(terms(c), c.r);
        const hi = leaseNpvUsd(terms(c), c.r + step);
        expect(hi).toBeLessThan(lo);
      }),
    );
  });

  test("the rent PV alone decreases with the discount rate whatever the build period", () => {
    fc.assert(
      fc.property(lease, fc.double({ min: 1e-4, max: 0.5, noNaN: true }), (c0, step) => {
        const c = { ...c0, capex: 0 };
        expect(leaseNpvUsd(terms(c), c.r + step)).toBeLessThan(leaseNpvUsd(terms(c), c.r));
      }),
    );
  });
});

describe("implied rent and revenue per MW (domain reference points)", () => {
  test("Hut 8 River Bend: $7.0B over 15 years on 245 MW is about $158.7/kW/month", () => {
    expect(impliedRentUsdPerKwMonth(7.0e9, 15, 245)).toBeCloseTo(158.73, 2);
    expect(impliedRentUsdPerKwMonth(7.0e9, 15, 245)).toBeCloseTo(7.0e9 / 15 / 245_000 / 12, 12);
  });

  test("Cipher / Fluidstack: $3.0B, 10 years, 168 MW is about $148.8", () => {
    expect(impliedRentUsdPerKwMonth(3.0e9, 10, 168)).toBeCloseTo(148.81, 2);
  });

  test("WULF / Core42: $125/kW/month is $1.5M per MW per year; at 70% EBITDA $1.05M", () => {
    expect(revenueUsdPerMwYear(125)).toBe(1_500_000);
    expect(revenueUsdPerMwYear(125, 0.7)).toBeCloseTo(1_050_000, 6);
  });

  test("bad input names the argument", () => {
    expectModelError(() => impliedRentUsdPerKwMonth(1e9, 0, 100), "value", /term_years/);
    expectModelError(() => impliedRentUsdPerKwMonth(1e9, 10, 0), "value", /critical_mw/);
    expectModelError(() => revenueUsdPerMwYear(100, 0), "value", /noi_margin/);
  });
});
