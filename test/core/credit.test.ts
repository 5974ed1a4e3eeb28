/**
 * The credit view against schedules built by hand here, month by month, independently of
 * core/lease: capex draws with capitalised interest, interest-only months, a level payment
 * from formulajs PMT (Excel's), and a balloon left out. Backstop coverage against a hand
 * discounting loop and formulajs NPV. All to 1e-9 relative.
 */
import * as formulajs from "@formulajs/formulajs";
import { avgDscr, backstopCoverageOf, dscrSchedule, minDscr } from "../../src/core/credit";
import { ModelError } from "../../src/core/errors";
import type { DebtTerms, LeaseTerms } from "../../src/core/lease";
import { expectRel } from "../support/excel";

interface Case {
  readonly name: string;
  readonly lease: Required<LeaseTerms>;
  readonly debt: DebtTerms;
}

interface HandYear {
  noiUsd: number;
  debtServiceUsd: number;
}

/** The loan years built by hand (see the file comment). */
function handSchedule({ lease, debt }: Case): HandYear[] {
  const N = Math.round(lease.termYears * 12);
  const A = debt.amortYears === undefined ? N : Math.round(debt.amortYears * 12);
  const io = debt.interestOnlyMonths ?? 0;
  const j = debt.debtRate / 12;
  const capex = lease.capexUsdPerMw * lease.criticalMw;
  const B = lease.buildMonths;
  let balance = 0;
  if (B === 0) balance = debt.ltc * capex;
  for (let k = 1; k <= B; k++) balance = balance * (1 + j) + (debt.ltc * capex) / B;
  const payment = -(formulajs.PMT(j, A - io, balance) as number);
  const lastPaymentMonth = Math.min(N, A);
  const years: HandYear[] = [];
  for (let m = 1; m <= Math.min(N, 12 * Math.ceil(lastPaymentMonth / 12)); m++) {
    const y = Math.floor((m - 1) / 12);
    years[y] ??= { noiUsd: 0, debtServiceUsd: 0 };
    const gross = lease.criticalMw * 1000 * lease.rentUsdPerKwMonth * (1 + lease.escalator) ** y;
    years[y].noiUsd += gross * lease.noiMargin;
    if (m > lastPaymentMonth) continue;
    const interest = balance * j;
    const scheduled = m <= io ? interest : payment;
    years[y].debtServiceUsd += scheduled;
    balance = balance + interest - scheduled; // at m = N < A the rest is the balloon, refinanced
  }
  return years;
}

const base: Required<LeaseTerms> = {
  criticalMw: 100,
  rentUsdPerKwMonth: 150,
  termYears: 15,
  escalator: 0.03,
  noiMargin: 0.85,
  capexUsdPerMw: 10_000_000,
  buildMonths: 6,
};

const cases: Case[] = [
  {
    name: "6-month build, 18 months interest only, amortised over the term",
    lease: base,
    debt: { ltc: 0.8, debtRate: 0.07, interestOnlyMonths: 18 },
  },
  {
    name: "24-month build, 25-year amortisation on a 10-year lease (balloon refinanced)",
    lease: { ...base, termYears: 10, buildMonths: 24 },
    debt: { ltc: 0.85, debtRate: 0.0775, amortYears: 25 },
  },
  {
    name: "no build, 8-year amortisation inside a 10.5-year lease (loan years stop at year 8)",
    lease: { ...base, termYears: 10.5, buildMonths: 0, escalator: 0.02 },
    debt: { ltc: 0.8, debtRate: 0.065, amortYears: 8 },
  },
  {
    name: "3-month build, 12 months interest only, 30-year amortisation on a 15.5-year lease (a 6-month last year)",
    lease: { ...base, termYears: 15.5, buildMonths: 3, noiMargin: 1 },
    debt: { ltc: 0.82, debtRate: 0.071, amortYears: 30, interestOnlyMonths: 12 },
  },
];

describe("DSCR against a hand-built debt schedule", () => {
  test.each(cases)("$name", (c) => {
    const hand = handSchedule(c);
    const got = dscrSchedule(c.lease, c.debt);
    expect(got.map((y) => y.year)).toEqual(hand.map((_, i) => i + 1));
    const ratios = hand.map((y) => y.noiUsd / y.debtServiceUsd);
    got.forEach((y, i) => {
      expectRel(y.noiUsd, hand[i].noiUsd, 1e-9);
      expectRel(y.debtServiceUsd, hand[i].debtServiceUsd, 1e-9);
      expectRel(y.dscr, ratios[i], 1e-9);
    });
    expectRel(minDscr(c.lease, c.debt), Math.min(...ratios), 1e-9);
    expectRel(avgDscr(c.lease, c.debt), ratios.reduce((a, b) => a + b, 0) / ratios.length, 1e-9);
  });

  test("interest-only years cover interest alone: year 1 of case 1 is NOI ÷ 12 months of interest", () => {
    const c = cases[0];
    const j = 0.07 / 12;
    let balance = 0;
    for (let k = 1; k <= 6; k++) balance = balance * (1 + j) + (0.8 * 1e9) / 6;
    const noi = 100 * 1000 * 150 * 0.85 * 12;
    expectRel(dscrSchedule(c.lease, c.debt)[0].dscr, noi / (12 * balance * j), 1e-12);
  });

  test("a small loan at 0%: $500,000 repaid over 12 months from $1.2M of rent covers 2.4 times", () => {
    const lease: LeaseTerms = { criticalMw: 1, rentUsdPerKwMonth: 100, termYears: 1, capexUsdPerMw: 1_000_000 };
    const debt: DebtTerms = { ltc: 0.5, debtRate: 0 };
    expect(dscrSchedule(lease, debt)).toEqual([{ year: 1, noiUsd: 1_200_000, debtServiceUsd: 500_000, dscr: 2.4 }]);
    expect(minDscr(lease, debt)).toBe(2.4);
  });

  test("the balloon is left out: amortising over 25 years shows 10 years of the 25-year payment", () => {
    const c = cases[1];
    const got = dscrSchedule(c.lease, c.debt);
    expect(got).toHaveLength(10);
    expectRel(got[9].debtServiceUsd, got[8].debtServiceUsd, 1e-12);
  });

  test("with no debt it says so (ltc 0, or no capex)", () => {
    for (const [lease, debt] of [
      [base, { ltc: 0, debtRate: 0.07 }],
      [
        { ...base, capexUsdPerMw: 0 },
        { ltc: 0.8, debtRate: 0.07 },
      ],
    ] as const) {
      let thrown: unknown;
      try {
        minDscr(lease, debt);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ModelError);
      expect((thrown as ModelError).kind).toBe("value");
      expect((thrown as ModelError).message).toMatch(/no debt/);
    }
  });

  test("a 0% loan paying interest only to a balloon has nothing to cover", () => {
    expect(() =>
      minDscr({ ...base, termYears: 2 }, { ltc: 0.8, debtRate: 0, amortYears: 20, interestOnlyMonths: 60 }),
    ).toThrow(/no debt service is scheduled/);
  });
});

describe("backstop coverage against a hand-built PV of gross rent", () => {
  const lease = { mw: 245, rent: 180, term: 15, rate: 0.09, esc: 0.03, build: 18 };

  function handPv(monthlyRate: number): number {
    let pv = 0;
    for (let m = 1; m <= lease.term * 12; m++) {
      const gross = lease.mw * 1000 * lease.rent * (1 + lease.esc) ** Math.floor((m - 1) / 12);
      pv += gross / (1 + monthlyRate) ** (lease.build + m);
    }
    return pv;
  }

  test("backstop ÷ Σ gross_m (1 + r)^-(B + m)/12, and the same through formulajs NPV", () => {
    const backstop = 3_200_000_000;
    const monthly = (1 + lease.rate) ** (1 / 12) - 1;
    const flows: number[] = new Array<number>(lease.build).fill(0);
    for (let m = 1; m <= lease.term * 12; m++)
      flows.push(lease.mw * 1000 * lease.rent * (1 + lease.esc) ** Math.floor((m - 1) / 12));
    const npv = formulajs.NPV(monthly, ...flows) as number;
    expectRel(npv, handPv(monthly), 1e-12);
    const got = backstopCoverageOf(backstop, lease.mw, lease.rent, lease.term, lease.rate, lease.esc, lease.build);
    expectRel(got, backstop / handPv(monthly), 1e-9);
    expectRel(got, backstop / npv, 1e-9);
  });

  test("undiscounted, a backstop of one year's rent covers 1/term", () => {
    expectRel(backstopCoverageOf(1_800_000, 1, 150, 10, 0, 0, 0), 0.1, 1e-12);
  });

  test("no rent is nothing to cover; a negative backstop is outside its domain", () => {
    expect(() => backstopCoverageOf(1e9, 100, 0, 10, 0.08, 0, 0)).toThrow(/nothing for the backstop to cover/);
    expect(() => backstopCoverageOf(-1, 100, 150, 10, 0.08, 0, 0)).toThrow(/backstop_usd must be a number ≥ 0/);
  });
});
