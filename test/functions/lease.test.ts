/**
 * The lease and pivot custom functions through the adapter, as Excel calls them: matrix
 * parameters get [[x]], omitted arguments null. Oracles: formulajs NPV/IRR over the spilled
 * HPC_LEASE_CASHFLOWS column (what an analyst would audit in the sheet), the core (pinned in
 * test/core), a controlled market for defaults, element-by-element calls for broadcasting,
 * and random inputs of every type.
 */
import fc from "fast-check";
import * as formulajs from "@formulajs/formulajs";
import { hashpriceUsdPerPhDay } from "../../src/core/mining";
import { leaseNpvUsd } from "../../src/core/lease";
import { miningNpvUsdPerMw } from "../../src/core/pivot";
import type { MarketValues } from "../../src/market/values";
import * as lease from "../../src/functions/lease";
import {
  HPC_EQUITY_IRR,
  HPC_IMPLIED_RENT,
  HPC_LEASE_CASHFLOWS,
  HPC_LEASE_IRR,
  HPC_LEASE_NPV,
  HPC_REVENUE_PER_MW,
  MINING_NPV_PER_MW,
  PIVOT_BREAKEVEN_RENT,
} from "../../src/functions/lease";
import { expectError, expectRel, isError, single } from "../support/excel";
import { assertNeverThrows, excelArgument, excelScalar, isWellFormed } from "../support/randomInputs";

// ---- a controlled market ------------------------------------------------------------------

function makeMarket(height: number): MarketValues {
  const btcUsd = 91_132;
  const difficulty = 148.26e12;
  const networkEhs = (difficulty * 2 ** 32) / 600 / 1e18;
  const feesBtcPerBlock = 0.017282;
  const subsidyBtc = 3.125;
  const t = Date.UTC(2026, 0, 12);
  return {
    btcUsd,
    difficulty,
    networkEhs,
    feesBtcPerBlock,
    height,
    subsidyBtc,
    hashpriceUsdPerPhDay: hashpriceUsdPerPhDay(btcUsd, networkEhs, feesBtcPerBlock, subsidyBtc),
    asOfMs: { btcUsd: t, difficulty: t, feesBtcPerBlock: t, height: t },
    stale: false,
  };
}

let mockMarket: MarketValues = makeMarket(931_000);
jest.mock("../../src/market/values", () => ({ marketValues: () => mockMarket }));

afterEach(() => {
  mockMarket = makeMarket(931_000);
});

type Fn = (...args: unknown[]) => unknown;
const m = (x: unknown): unknown[][] => [[x]];
const omitted = null as never;
const num = (result: unknown): number => {
  const v = single(result);
  if (typeof v !== "number") throw new Error(`expected a number, got ${JSON.stringify(v)}`);
  return v;
};

// ---- worked examples (the generic docs test runs them too; this pins them here) -----------

describe("the documented examples", () => {
  test.each([
    ["HPC_LEASE_NPV simple", () => HPC_LEASE_NPV(m(1), m(100), m(1), m(0)), 1200000],
    [
      "HPC_LEASE_NPV",
      () => HPC_LEASE_NPV(m(100), m(150), m(15), m(0.08), m(0.03), m(0.85), m(10000000), m(24)),
      459379824.69,
    ],
    ["HPC_LEASE_IRR", () => HPC_LEASE_IRR(100, 150, 15, 10000000, 0.03, 0.85, 24), 0.14274],
    ["HPC_EQUITY_IRR", () => HPC_EQUITY_IRR(100, 150, 15, 10000000, 0.03, 0.85, 24, 0.8, 0.07), 0.31862],
    ["HPC_IMPLIED_RENT", () => HPC_IMPLIED_RENT(m(7000000000), m(15), m(245)), 158.73],
    ["HPC_REVENUE_PER_MW", () => HPC_REVENUE_PER_MW(m(125)), 1500000],
    ["HPC_REVENUE_PER_MW with NOI", () => HPC_REVENUE_PER_MW(m(125), m(0.7)), 1050000],
    [
      "MINING_NPV_PER_MW",
      () => MINING_NPV_PER_MW(m(20), m(0.05), m(5), m(0.12), m(40), m(0), m(1), m(0), m(0.01), m(931000)),
      577585.16,
    ],
    [
      "PIVOT_BREAKEVEN_RENT",
      () =>
        PIVOT_BREAKEVEN_RENT(
          m(20),
          m(0.05),
          m(10000000),
          m(15),
          m(0.08),
          m(0.85),
          m(40),
          m(0),
          m(24),
          m(0.03),
          m(1),
          m(0),
          m(0.01),
          m(931000),
        ),
      106.71,
    ],
    [
      "PIVOT_BREAKEVEN_RENT with pue 1.3",
      () =>
        PIVOT_BREAKEVEN_RENT(
          m(20),
          m(0.05),
          m(10000000),
          m(15),
          m(0.08),
          m(0.85),
          m(40),
          m(0),
          m(24),
          m(0.03),
          m(1),
          m(0),
          m(0.01),
          m(931000),
          m(1.3),
        ),
      108.67,
    ],
  ])("%s", (_id, call, shown) => {
    const decimals = (String(shown).split(".")[1] ?? "").length;
    expect(Math.abs(num(call()) - shown)).toBeLessThanOrEqual(0.5 * 10 ** -decimals);
  });

  test("HPC_LEASE_CASHFLOWS: top-left is the offset unit, and the yearly example's rows", () => {
    const monthly = HPC_LEASE_CASHFLOWS(1, 150, 1, 0.08) as unknown[][];
    expect(monthly[0]).toEqual(["month", "gross_rent_usd", "net_cash_usd", "capex_usd", "total_usd"]);
    const yearly = HPC_LEASE_CASHFLOWS(1, 150, 1, 0.08, omitted, omitted, omitted, omitted, "year") as unknown[][];
    expect(yearly).toEqual([
      ["year", "gross_rent_usd", "net_cash_usd", "capex_usd", "total_usd"],
      [0, 0, 0, 0, 0],
      [1, 1_800_000, 1_800_000, 0, 1_800_000],
    ]);
  });
});

// ---- the NPV is Excel's NPV over the spilled flows --------------------------------------------

describe("HPC_LEASE_NPV = Excel NPV((1+r)^(1/12)−1, spilled totals of months 1..N) + month 0", () => {
  const cases: [string, unknown[]][] = [
    ["all arguments", [100, 150, 15, 0.08, 0.03, 0.85, 10_000_000, 24]],
    ["defaults (escalator 0, NOI 1, no capex, no build)", [50, 120, 10, 0.07, null, null, null, null]],
    ["capex at t0, partial year", [245, 158.73, 12.25, 0.09, 0.03, 0.88, 9_500_000, 0]],
    ['empty cells ("") take the defaults', [10, 200, 5, 0.1, "", "", "", ""]],
  ];
  test.each(cases)("%s", (_name, args) => {
    const rows = (HPC_LEASE_CASHFLOWS as Fn)(...args) as unknown[][];
    expect(rows.every((r) => r.length === 5)).toBe(true);
    const totals = rows.slice(1).map((r) => r[4] as number);
    const monthly = Math.pow(1 + (args[3] as number), 1 / 12) - 1;
    const excel = (formulajs.NPV(monthly, totals.slice(1)) as number) + totals[0];
    const ours = num((HPC_LEASE_NPV as Fn)(...args.map((a) => (a === null ? null : m(a)))));
    expect(Math.abs(ours - excel)).toBeLessThanOrEqual(1e-12 * totals.reduce((s, x) => s + Math.abs(x), 0));
    // Rows are months 0..B+N in order; total = net + capex; net = gross × NOI.
    rows.slice(1).forEach((r, k) => {
      expect(r[0]).toBe(k);
      expect(r[4]).toBe((r[2] as number) + (r[3] as number));
    });
  });

  test("yearly rows sum the monthly rows; offsets are years", () => {
    const args = [100, 150, 10.5, 0.08, 0.03, 0.85, 10_000_000, 18];
    const months = ((HPC_LEASE_CASHFLOWS as Fn)(...args) as number[][]).slice(1);
    const years = ((HPC_LEASE_CASHFLOWS as Fn)(...args, "Year") as unknown[][]).slice(1) as number[][];
    // 18 + 126 = 144 months after t0: years 0..12.
    expect(years.map((r) => r[0])).toEqual(Array.from({ length: 13 }, (_, y) => y));
    for (let col = 1; col <= 4; col++) {
      const byYear = years.reduce((s, r) => s + r[col], 0);
      const byMonth = months.reduce((s, r) => s + r[col], 0);
      expect(Math.abs(byYear - byMonth)).toBeLessThan(1e-6 * Math.max(1, Math.abs(byMonth)));
    }
    const year2 = months.filter((r) => r[0] >= 13 && r[0] <= 24).reduce((s, r) => s + r[4], 0);
    expect(years[2][4]).toBeCloseTo(year2, 4);
  });

  test("the IRR functions agree with formulajs IRR on the spilled totals, annualised (1+m)^12 − 1", () => {
    const rows = HPC_LEASE_CASHFLOWS(100, 150, 15, 0.08, 0.03, 0.85, 10_000_000, 24) as number[][];
    const totals = rows.slice(1).map((r) => r[4]);
    const excel = Math.pow(1 + (formulajs.IRR(totals, 0.01) as number), 12) - 1;
    expect(Math.abs(num(HPC_LEASE_IRR(100, 150, 15, 10_000_000, 0.03, 0.85, 24)) - excel)).toBeLessThan(1e-8);
    expect(num(HPC_EQUITY_IRR(100, 150, 15, 10_000_000, 0.03, 0.85, 24, 0, 0.07))).toBe(
      num(HPC_LEASE_IRR(100, 150, 15, 10_000_000, 0.03, 0.85, 24)),
    );
  });
});

// ---- the pivot, through the adapter ---------------------------------------------------------

describe("PIVOT_BREAKEVEN_RENT through the adapter", () => {
  test("at the breakeven rent, HPC_LEASE_NPV for 1 MW (capex included) equals MINING_NPV_PER_MW to 1e-9 relative", () => {
    for (const [eff, power, capex, term, r, noi, build, esc] of [
      [20, 0.05, 10e6, 15, 0.08, 0.85, 24, 0.03],
      [17, 0.04, 8e6, 10, 0.12, 0.9, 0, 0],
      [32, 0.035, 3.6e6, 10, 0.1, 0.8, 6, 0.02],
      [15, 0.03, 11e6, 25, 0.07, 0.85, 36, 0.03],
    ]) {
      const rent = num(
        PIVOT_BREAKEVEN_RENT(m(eff), m(power), m(capex), m(term), m(r), m(noi), omitted, omitted, m(build), m(esc)),
      );
      const leaseNpv = num(HPC_LEASE_NPV(m(1), m(rent), m(term), m(r), m(esc), m(noi), m(capex), m(build)));
      const miningNpv = num(MINING_NPV_PER_MW(m(eff), m(power), m(term), m(r)));
      expect(miningNpv).toBeGreaterThan(0);
      expectRel(leaseNpv, miningNpv, 1e-9);
    }
  });

  test("with pue, HPC_LEASE_NPV for 1 MW of IT at the breakeven rent equals pue × MINING_NPV_PER_MW (pue MW of miners)", () => {
    for (const [eff, power, capex, term, r, noi, build, esc, pue] of [
      [20, 0.05, 10e6, 15, 0.08, 0.85, 24, 0.03, 1.3],
      [17, 0.04, 8e6, 10, 0.12, 0.9, 0, 0, 1.1],
      [15, 0.03, 11e6, 25, 0.07, 0.85, 36, 0.03, 3],
    ]) {
      const args = [m(eff), m(power), m(capex), m(term), m(r), m(noi), omitted, omitted, m(build), m(esc)];
      const rent = num((PIVOT_BREAKEVEN_RENT as Fn)(...args, omitted, omitted, omitted, omitted, m(pue)));
      const leaseNpv = num(HPC_LEASE_NPV(m(1), m(rent), m(term), m(r), m(esc), m(noi), m(capex), m(build)));
      const miningNpv = num(MINING_NPV_PER_MW(m(eff), m(power), m(term), m(r)));
      expectRel(leaseNpv, pue * miningNpv, 1e-9);
      // More site power per MW of IT makes mining the bigger alternative: a higher breakeven.
      expect(rent).toBeGreaterThan(num((PIVOT_BREAKEVEN_RENT as Fn)(...args)));
    }
    // pue 1 is the default: MW for MW.
    const base = [m(20), m(0.05), m(10e6), m(15), m(0.08)];
    expect(num((PIVOT_BREAKEVEN_RENT as Fn)(...base, ...Array(9).fill(omitted), m(1)))).toBe(
      num((PIVOT_BREAKEVEN_RENT as Fn)(...base)),
    );
  });

  test("when mining is worth nothing (32 J/TH at $0.06/kWh is under water), the breakeven lease NPV is 0 to 1e-9 of the capex", () => {
    expect(num(MINING_NPV_PER_MW(m(32), m(0.06), m(10), m(0.1)))).toBe(0);
    const rent = num(
      PIVOT_BREAKEVEN_RENT(m(32), m(0.06), m(3.6e6), m(10), m(0.1), m(0.8), omitted, omitted, m(6), m(0.02)),
    );
    expect(rent).toBeGreaterThan(0);
    expect(Math.abs(num(HPC_LEASE_NPV(m(1), m(rent), m(10), m(0.1), m(0.02), m(0.8), m(3.6e6), m(6))))).toBeLessThan(
      1e-9 * 3.6e6,
    );
  });

  test("omitted market arguments come from the market: hashprice, fee share and height", () => {
    const market = makeMarket(931_000);
    const feeShare = market.feesBtcPerBlock / (market.subsidyBtc + market.feesBtcPerBlock);
    const expected = miningNpvUsdPerMw(
      {
        efficiencyJPerTh: 20,
        powerUsdPerKwh: 0.05,
        termYears: 5,
        hashpriceUsdPerPhDay: market.hashpriceUsdPerPhDay,
        feeShare,
        startHeight: 931_000,
      },
      0.1,
    );
    expectRel(num(MINING_NPV_PER_MW(m(20), m(0.05), m(5), m(0.1))), expected, 1e-12);
    // A later height (past the halving) changes the default path.
    mockMarket = makeMarket(1_060_000);
    const later = num(MINING_NPV_PER_MW(m(20), m(0.05), m(5), m(0.1)));
    expectRel(
      later,
      miningNpvUsdPerMw(
        {
          efficiencyJPerTh: 20,
          powerUsdPerKwh: 0.05,
          termYears: 5,
          hashpriceUsdPerPhDay: market.hashpriceUsdPerPhDay,
          feeShare,
          startHeight: 1_060_000,
        },
        0.1,
      ),
      1e-12,
    );
    expect(later).toBeGreaterThan(expected); // no halving inside the horizon any more
  });
});

// ---- broadcasting ---------------------------------------------------------------------------

describe("broadcasting: a rent × discount-rate table is one formula", () => {
  test("a column of rents against a row of rates spills the grid, each cell the scalar call", () => {
    const rents = [[100], [125], [150], [175]];
    const rates = [[0.06, 0.08, 0.1]];
    const grid = HPC_LEASE_NPV(m(100), rents, m(15), rates, m(0.03), m(0.85), m(10e6), m(24));
    expect(grid).toHaveLength(4);
    grid.forEach((row, i) => {
      expect(row).toHaveLength(3);
      row.forEach((cell, j) => {
        expect(cell).toBe(
          leaseNpvUsd(
            {
              criticalMw: 100,
              rentUsdPerKwMonth: rents[i][0],
              termYears: 15,
              escalator: 0.03,
              noiMargin: 0.85,
              capexUsdPerMw: 10e6,
              buildMonths: 24,
            },
            rates[0][j],
          ),
        );
      });
    });
  });

  test("HPC_REVENUE_PER_MW, HPC_IMPLIED_RENT and PIVOT_BREAKEVEN_RENT broadcast too", () => {
    expect(HPC_REVENUE_PER_MW([[100], [125]], [[1, 0.8]])).toEqual([
      [1_200_000, 960_000],
      [1_500_000, 1_200_000],
    ]);
    const rents = HPC_IMPLIED_RENT([[7.0e9], [3.0e9]], [[15], [10]], [[245], [168]]);
    expect(rents.map((r) => Math.round((r[0] as number) * 100) / 100)).toEqual([158.73, 148.81]);
    const pivot = PIVOT_BREAKEVEN_RENT([[17, 20, 25]], [[0.03], [0.05]], m(10e6), m(15), m(0.08));
    expect(pivot).toHaveLength(2);
    expect(pivot[0]).toHaveLength(3);
    expect(pivot[1][1]).toBe(num(PIVOT_BREAKEVEN_RENT(m(20), m(0.05), m(10e6), m(15), m(0.08))));
  });

  test("a bad cell errors alone; mismatched shapes name both arguments", () => {
    const grid = HPC_LEASE_NPV(m(100), [[150], ["x"], [-5]], m(15), m(0.08));
    expect(typeof grid[0][0]).toBe("number");
    expectError(grid[1][0], "#VALUE!", /rent_usd_kw_month/);
    expectError(grid[2][0], "#VALUE!", /rent_usd_kw_month must be a number ≥ 0/);
    expectError(
      HPC_LEASE_NPV(m(100), [[1], [2], [3]], m(15), [[0.1], [0.2]]),
      "#VALUE!",
      /rent_usd_kw_month \(3×1\)/,
      /discount_rate \(2×1\)/,
    );
  });
});

// ---- bad input ------------------------------------------------------------------------------

describe("bad input: the documented code, a message naming the argument and its range", () => {
  const npv = (patch: Record<number, unknown>): unknown => {
    const args: unknown[] = [100, 150, 15, 0.08, 0.03, 0.85, 10e6, 24];
    for (const [i, v] of Object.entries(patch)) args[Number(i)] = v;
    return (HPC_LEASE_NPV as Fn)(...args.map((a) => (a === undefined ? null : m(a))));
  };
  test.each([
    ["term 0", { 2: 0 }, "#VALUE!", /term_years must be a number > 0 and ≤ 100/],
    ["term -5", { 2: -5 }, "#VALUE!", /term_years/],
    ["term rounding to no month", { 2: 0.01 }, "#VALUE!", /term_years must be at least 1\/24 year/],
    ["discount -100%", { 3: -1 }, "#VALUE!", /discount_rate must be a number > -1/],
    ["discount -200%", { 3: -2 }, "#VALUE!", /discount_rate/],
    ["noi 0", { 5: 0 }, "#VALUE!", /noi_margin must be a number > 0 and ≤ 1/],
    ["noi 1.5", { 5: 1.5 }, "#VALUE!", /noi_margin/],
    ["build 1.5", { 7: 1.5 }, "#VALUE!", /build_months must be a whole number/],
    ["build -1", { 7: -1 }, "#VALUE!", /build_months/],
    ["MW 0", { 0: 0 }, "#VALUE!", /critical_mw must be a number > 0/],
    ["text for a rate", { 3: "8%" }, "#VALUE!", /discount_rate must be a number > -1.*got text "8%"/],
    ["a boolean for MW", { 0: true }, "#VALUE!", /critical_mw/],
    ["a required argument empty", { 1: undefined }, "#VALUE!", /rent_usd_kw_month is required/],
  ])("HPC_LEASE_NPV: %s", (_name, patch, code, pattern) => expectError(npv(patch), code, pattern));

  test.each([
    ["ltc 1", [100, 150, 15, 10e6, 0, 1, 0, 1, 0.07], "#VALUE!", /ltc must be a number ≥ 0 and < 1/],
    ["ltc -0.2", [100, 150, 15, 10e6, 0, 1, 0, -0.2, 0.07], "#VALUE!", /ltc/],
    ["ltc omitted", [100, 150, 15, 10e6, 0, 1, 0, null, 0.07], "#VALUE!", /ltc is required/],
    ["debt_rate omitted", [100, 150, 15, 10e6, 0, 1, 0, 0.8, null], "#VALUE!", /debt_rate is required/],
    [
      "interest-only ≥ amortisation",
      [100, 150, 15, 10e6, 0, 1, 0, 0.8, 0.07, 1, 12],
      "#VALUE!",
      /interest_only_months must be a whole number ≥ 0 and < amort_years × 12/,
    ],
    ["interest-only not whole", [100, 150, 15, 10e6, 0, 1, 0, 0.8, 0.07, null, 2.5], "#VALUE!", /interest_only_months/],
    ["noi 0", [100, 150, 15, 10e6, 0, 0, 0, 0.8, 0.07], "#VALUE!", /noi_margin/],
    ["build 0.5", [100, 150, 15, 10e6, 0, 1, 0.5, 0.8, 0.07], "#VALUE!", /build_months/],
  ])("HPC_EQUITY_IRR: %s", (_name, args, code, pattern) => expectError((HPC_EQUITY_IRR as Fn)(...args), code, pattern));

  test("IRR without a rate of return: #NUM! with a reason, never NaN", () => {
    expectError(HPC_LEASE_IRR(100, 150, 15, 0), "#NUM!", /positive and one negative/);
    expectError(HPC_EQUITY_IRR(100, 150, 15, 0, 0, 1, 0, 0.5, 0.07), "#NUM!", /positive and one negative/);
    // Rent 0: capex and nothing back.
    expectError(HPC_LEASE_IRR(100, 0, 15, 10e6), "#NUM!", /positive and one negative/);
    // Debt service above net rent for years, then the balloon: checked, never NaN.
    const r = single(HPC_EQUITY_IRR(100, 20, 15, 10e6, 0, 1, 0, 0.95, 0.2, 40));
    expect(isError(r) || (typeof r === "number" && Number.isFinite(r))).toBe(true);
  });

  test("HPC_LEASE_CASHFLOWS: a bad period and a bad term", () => {
    expectError(
      HPC_LEASE_CASHFLOWS(1, 150, 1, 0.08, null, null, null, null, "quarter"),
      "#VALUE!",
      /period must be one of "month", "year"/,
    );
    expectError(HPC_LEASE_CASHFLOWS(1, 150, 0, 0.08), "#VALUE!", /term_years/);
    expectError(HPC_LEASE_CASHFLOWS(1, 150, 1, -1), "#VALUE!", /discount_rate/);
  });

  test("a percentage typed as a whole number, or $/MWh where $/kWh belongs, is #VALUE! naming the argument, never a silent number", () => {
    // These returned 74.65M, 2.16e16, 0 and 93.96 before the arguments had maxima.
    expectError(
      HPC_LEASE_NPV(m(100), m(150), m(15), m(8)),
      "#VALUE!",
      /discount_rate must be a number > -1 and ≤ 1 \(effective annual rate, 0\.08 = 8%\); got 8: did you mean 0\.08\?/,
    );
    expectError(
      HPC_LEASE_NPV(m(100), m(150), m(15), m(0.08), m(3)),
      "#VALUE!",
      /escalator must be a number > -1 and ≤ 1 \(rent step per lease year, 0\.03 = 3%\); got 3: did you mean 0\.03\?/,
    );
    expectError(
      MINING_NPV_PER_MW(m(20), m(50), m(5), m(0.1), m(40)),
      "#VALUE!",
      /power_usd_kwh must be a number ≥ 0 and ≤ 10 \(USD per kWh; \$\/MWh ÷ 1000, so \$50\/MWh is 0\.05\); got 50\./,
    );
    expectError(PIVOT_BREAKEVEN_RENT(m(20), m(50), m(1e7), m(15), m(0.08)), "#VALUE!", /power_usd_kwh .* got 50\./);
    expectError(
      PIVOT_BREAKEVEN_RENT(m(20), m(0.05), m(1e7), m(15), m(1e300)),
      "#VALUE!",
      /discount_rate .* got 1e\+300\./,
    );
    expectError(
      MINING_NPV_PER_MW(m(20000), m(0.05), m(5), m(0.1)),
      "#VALUE!",
      /efficiency_j_th must be a number > 0 and ≤ 1000/,
    );
    expectError(
      MINING_NPV_PER_MW(m(20), m(0.05), m(5), m(0.1), m(40), m(20)),
      "#VALUE!",
      /hashprice_growth_yr must be a number > -1 and ≤ 10 \(effective annual rate, 0\.2 = \+20% a year\)/,
    );
    expectError(
      HPC_LEASE_CASHFLOWS(1, 150, 1, 8),
      "#VALUE!",
      /discount_rate .* 0\.08 = 8%.* got 8: did you mean 0\.08\?/,
    );
    expectError(HPC_LEASE_IRR(100, 150, 15, 10e6, 3), "#VALUE!", /escalator .* got 3: did you mean 0\.03\?/);
    expectError(HPC_IMPLIED_RENT(m(7e9), m(150), m(245)), "#VALUE!", /term_years must be a number > 0 and ≤ 100/);
    expectError(
      (PIVOT_BREAKEVEN_RENT as Fn)(m(20), m(0.05), m(1e7), m(15), m(0.08), ...Array(9).fill(omitted), m(0.9)),
      "#VALUE!",
      /pue must be a number ≥ 1 and ≤ 3 \(MW of site power per MW of critical IT\); got 0\.9\./,
    );
    // The limits themselves are allowed.
    expect(typeof num(HPC_LEASE_NPV(m(100), m(150), m(15), m(1), m(1)))).toBe("number");
  });

  test("MINING_NPV_PER_MW and PIVOT_BREAKEVEN_RENT name their arguments", () => {
    expectError(MINING_NPV_PER_MW(m(0), m(0.05), m(5), m(0.1)), "#VALUE!", /efficiency_j_th/);
    expectError(MINING_NPV_PER_MW(m(20), m(0.05), m(5), m(0.1), m(40), m(0), m(1.2)), "#VALUE!", /uptime/);
    expectError(MINING_NPV_PER_MW(m(20), m(0.05), m(5), m(0.1), m(40), m(0), m(1), m(1)), "#VALUE!", /pool_fee/);
    expectError(MINING_NPV_PER_MW(m(20), m(0.05), m(5), m(0.1), m(-1)), "#VALUE!", /hashprice_usd_ph_day/);
    expectError(
      MINING_NPV_PER_MW(m(20), m(0.05), m(5), m(0.1), omitted, omitted, omitted, omitted, omitted, m(1.5)),
      "#VALUE!",
      /start_height/,
    );
    expectError(PIVOT_BREAKEVEN_RENT(m(20), m(0.05), m(10e6), m(15), m(0.08), m(0)), "#VALUE!", /noi_margin/);
    expectError(
      PIVOT_BREAKEVEN_RENT(m(20), m(0.05), m(10e6), m(15), m(0.08), m(0.85), omitted, omitted, m(2.5)),
      "#VALUE!",
      /build_months/,
    );
    expectError(HPC_IMPLIED_RENT(m(7e9), m(0), m(245)), "#VALUE!", /term_years/);
    expectError(HPC_REVENUE_PER_MW(m(125), m(0)), "#VALUE!", /noi_margin/);
  });
});

// ---- random inputs of every type ----------------------------------------------------------

const FUNCTIONS: [string, Fn, number][] = [
  ["HPC_LEASE_NPV", HPC_LEASE_NPV as Fn, 8],
  ["HPC_LEASE_CASHFLOWS", HPC_LEASE_CASHFLOWS as Fn, 9],
  ["HPC_LEASE_IRR", HPC_LEASE_IRR as Fn, 7],
  ["HPC_EQUITY_IRR", HPC_EQUITY_IRR as Fn, 11],
  ["HPC_IMPLIED_RENT", HPC_IMPLIED_RENT as Fn, 3],
  ["HPC_REVENUE_PER_MW", HPC_REVENUE_PER_MW as Fn, 2],
  ["MINING_NPV_PER_MW", MINING_NPV_PER_MW as Fn, 10],
  ["PIVOT_BREAKEVEN_RENT", PIVOT_BREAKEVEN_RENT as Fn, 15],
];

describe("random inputs of every type", () => {
  const plausible = fc.oneof(
    fc.integer({ min: 0, max: 60 }),
    fc.double({ min: -1, max: 2, noNaN: true }),
    fc.constantFrom(1, 15, 24, 0.08, 0.85, 0.03, 150, 10e6, 7e9, 931_000, 1_050_000, 100),
  );
  const scalar = excelScalar(plausible, [fc.constantFrom("month", "YEAR", "quarter")]);
  const arg = excelArgument(scalar);

  test.each(FUNCTIONS)(
    "%s never throws and returns a finite number, a rectangular array or an Excel error",
    (_id, fn, arity) => assertNeverThrows(fn, arity, arg, 300),
  );

  test("plausible numeric inputs: never NaN, never a throw", () => {
    const n = (lo: number, hi: number) => fc.double({ min: lo, max: hi, noNaN: true });
    fc.assert(
      fc.property(
        n(0.1, 500),
        n(0, 400),
        n(0.05, 40),
        n(-0.5, 1),
        n(-0.2, 0.2),
        n(0.01, 1),
        n(0, 3e7),
        fc.integer({ min: 0, max: 48 }),
        n(0, 0.99),
        n(0, 0.3),
        (mw, rent, term, r, esc, noi, capex, build, ltc, debt) => {
          for (const result of [
            HPC_LEASE_NPV(m(mw), m(rent), m(term), m(r), m(esc), m(noi), m(capex), m(build)),
            HPC_LEASE_IRR(mw, rent, term, capex, esc, noi, build),
            HPC_EQUITY_IRR(mw, rent, term, capex, esc, noi, build, ltc, debt),
            HPC_LEASE_CASHFLOWS(mw, rent, term, r, esc, noi, capex, build, "year"),
          ]) {
            expect(isWellFormed(result)).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  test("the exported functions are the whole family", () => {
    const exported = Object.keys(lease).filter(
      (k) => /^[A-Z][A-Z_]+$/.test(k) && typeof (lease as Record<string, unknown>)[k] === "function",
    );
    expect(exported.sort()).toEqual(FUNCTIONS.map(([id]) => id).sort());
  });
});
