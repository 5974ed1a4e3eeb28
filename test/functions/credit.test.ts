/**
 * HPC_DSCR and HPC_BACKSTOP_COVERAGE through the adapter, as Excel calls them (matrix
 * parameters get [[x]], omitted arguments null). Oracles: the core (pinned against hand-built
 * schedules in test/core/credit.test.ts), HPC_LEASE_NPV (the PV the backstop divides),
 * element-by-element calls for broadcasting, and random inputs of every type.
 */
import fc from "fast-check";
import { dscrSchedule } from "../../src/core/credit";
import { HPC_BACKSTOP_COVERAGE, HPC_DSCR, DSCR_COLUMNS } from "../../src/functions/credit";
import { HPC_LEASE_NPV } from "../../src/functions/lease";
import { expectDomainError } from "../support/domainError";
import { expectError, expectRel, isError, single } from "../support/excel";
import { assertNeverThrows, excelArgument, excelScalar } from "../support/randomInputs";

type Fn = (...args: unknown[]) => unknown;
const m = (x: unknown): unknown[][] => [[x]];
const num = (result: unknown): number => {
  const v = single(result);
  if (typeof v !== "number") throw new Error(`expected a number, got ${JSON.stringify(v)}`);
  return v;
};

/** The HUT-like lease of the examples: 100 MW, $150/kW/month, 15 years, 3%, 85% NOI, $10M/MW, 24-month build. */
const LEASE = [100, 150, 15, 10_000_000, 0.03, 0.85, 24] as const;

describe("HPC_DSCR", () => {
  test("the documented examples", () => {
    expect(num(HPC_DSCR(1, 100, 1, 1_000_000, 0, 1, 0, 0.5, 0))).toBe(2.4);
    expect(Math.abs(num(HPC_DSCR(...LEASE, 0.8, 0.07)) - 1.6571)).toBeLessThan(5e-5);
  });

  test("min, avg and schedule are the core's loan-year ratios", () => {
    const lease = {
      criticalMw: 100,
      rentUsdPerKwMonth: 150,
      termYears: 15,
      capexUsdPerMw: 10_000_000,
      escalator: 0.03,
      noiMargin: 0.85,
      buildMonths: 24,
    };
    const debt = { ltc: 0.85, debtRate: 0.0775, amortYears: 20, interestOnlyMonths: 12 };
    const years = dscrSchedule(lease, debt);
    const ratios = years.map((y) => y.dscr as number);
    const args = [...LEASE, 0.85, 0.0775, 20, 12] as const;
    expectRel(num(HPC_DSCR(...args)), Math.min(...ratios), 1e-15);
    expectRel(num(HPC_DSCR(...args, "min")), Math.min(...ratios), 1e-15);
    expectRel(num(HPC_DSCR(...args, "AVG")), ratios.reduce((a, b) => a + b, 0) / ratios.length, 1e-15);
    const table = HPC_DSCR(...args, "schedule");
    expect(table[0]).toEqual([...DSCR_COLUMNS]);
    expect(table.slice(1)).toEqual(years.map((y) => [y.year, y.noiUsd, y.debtServiceUsd, y.dscr]));
    expect(table).toHaveLength(16);
  });

  test("with no debt: #VALUE! that says so", () => {
    expectError(HPC_DSCR(...LEASE, 0, 0.07), "#VALUE!", /no debt/);
    expectError(HPC_DSCR(100, 150, 15, 0, 0.03, 0.85, 24, 0.8, 0.07), "#VALUE!", /no debt/);
  });

  test("ltc and debt_rate are required; statistic is one of three words", () => {
    expectError(HPC_DSCR(...LEASE), "#VALUE!", /ltc is required/);
    expectError(HPC_DSCR(...LEASE, 0.8), "#VALUE!", /debt_rate is required/);
    expectError(HPC_DSCR(...LEASE, 0.8, 0.07, null, null, "max"), "#VALUE!", /statistic/, /min/, /avg/, /schedule/);
  });

  test("arguments outside their domain name the argument and its range", () => {
    expectDomainError(HPC_DSCR(...LEASE, 1, 0.07), /ltc must be a number ≥ 0 and < 1/);
    expectDomainError(HPC_DSCR(...LEASE, 0.8, 7), /debt_rate must be a number ≥ 0 and ≤ 1/);
    expectDomainError(
      HPC_DSCR(100, 150, 15, 10_000_000, 0.03, 0.85, 2.5, 0.8, 0.07),
      /build_months must be a whole number/,
    );
    expectDomainError(HPC_DSCR(...LEASE, 0.8, 0.07, 0), /amort_years must be a number > 0/);
  });
});

describe("HPC_BACKSTOP_COVERAGE", () => {
  test("the documented examples", () => {
    expect(num(HPC_BACKSTOP_COVERAGE(m(1_800_000), m(1), m(150), m(1), m(0)))).toBe(1);
    const got = num(HPC_BACKSTOP_COVERAGE(m(1e9), m(100), m(150), m(10), m(0.08), m(0.03), m(12)));
    expect(Math.abs(got - 0.76696)).toBeLessThan(5e-6);
  });

  test("is the backstop ÷ HPC_LEASE_NPV of the gross rent with no capex", () => {
    const pv = num(HPC_LEASE_NPV(m(245), m(180), m(15), m(0.09), m(0.03), m(1), m(0), m(18)));
    const got = num(HPC_BACKSTOP_COVERAGE(m(3.2e9), m(245), m(180), m(15), m(0.09), m(0.03), m(18)));
    expectRel(got, 3.2e9 / pv, 1e-13);
  });

  test("a column of backstops against a row of discount rates spills the grid, cell by cell", () => {
    const backstops = [[1e9], [2e9], [3e9]];
    const rates = [[0.06, 0.08, 0.1, 0.12]];
    const grid = HPC_BACKSTOP_COVERAGE(backstops, m(100), m(150), m(10), rates, m(0.03)) as unknown[][];
    expect(grid).toHaveLength(3);
    grid.forEach((row, r) => {
      expect(row).toHaveLength(4);
      row.forEach((cell, c) => {
        expect(cell).toBe(
          num(HPC_BACKSTOP_COVERAGE(m(backstops[r][0]), m(100), m(150), m(10), m(rates[0][c]), m(0.03))),
        );
      });
    });
  });

  test("no rent: #VALUE! that says there is nothing to cover; out-of-domain arguments are named", () => {
    expectError(
      HPC_BACKSTOP_COVERAGE(m(1e9), m(100), m(0), m(10), m(0.08)),
      "#VALUE!",
      /nothing for the backstop to cover/,
    );
    expectDomainError(
      HPC_BACKSTOP_COVERAGE(m(-1), m(100), m(150), m(10), m(0.08)),
      /backstop_usd must be a number ≥ 0/,
    );
    expectDomainError(HPC_BACKSTOP_COVERAGE(m(1e9), m(100), m(150), m(10), m(8)), /discount_rate/);
    expectError((HPC_BACKSTOP_COVERAGE as Fn)(m(1e9), m(100), m(150), m(10)), "#VALUE!", /discount_rate is required/);
  });
});

describe("random inputs of every type", () => {
  const plausible = fc.oneof(
    fc.integer({ min: 0, max: 60 }),
    fc.double({ min: -1, max: 2, noNaN: true }),
    fc.constantFrom(1, 15, 24, 0.08, 0.85, 0.03, 150, 10e6, 3.2e9, 0.8, 0.07),
  );
  const arg = excelArgument(excelScalar(plausible, [fc.constantFrom("min", "AVG", "schedule", "max")]));
  test.each([
    ["HPC_DSCR", HPC_DSCR as Fn, 12],
    ["HPC_BACKSTOP_COVERAGE", HPC_BACKSTOP_COVERAGE as Fn, 7],
  ] as const)("%s never throws and returns a finite number, a rectangular array or an Excel error", (_id, fn, arity) =>
    assertNeverThrows(fn, arity, arg, 300),
  );

  test("plausible leases with debt give a finite positive DSCR", () => {
    const n = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
    fc.assert(
      fc.property(
        n(1, 500),
        n(1, 400),
        fc.integer({ min: 1, max: 30 }),
        n(1e5, 2e7),
        n(0, 0.05),
        n(0.3, 1),
        fc.integer({ min: 0, max: 36 }),
        n(0.01, 0.9),
        n(0, 0.15),
        (mw, rent, term, capex, esc, noi, build, ltc, rate) => {
          const v = single(HPC_DSCR(mw, rent, term, capex, esc, noi, build, ltc, rate));
          if (isError(v)) throw new Error(`${v.code} ${v.message}`);
          return typeof v === "number" && v > 0 && Number.isFinite(v);
        },
      ),
      { numRuns: 200, seed: 20261201 },
    );
  });
});
