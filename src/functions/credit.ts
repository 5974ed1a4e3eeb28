/**
 * Credit custom functions for a backstopped HPC lease (thin adapters over core/credit, which
 * uses the lease and debt model of HPC_LEASE_NPV and HPC_EQUITY_IRR). Parameters are typed
 * `any`/`any[][]` so Excel passes raw values and the adapter writes the message that names
 * the argument. Argument specs come from ./args, shared with the lease functions.
 * The JSDoc blocks below are what custom-functions-metadata turns into functions.json.
 */

import { avgDscr, backstopCoverageOf, dscrSchedule, minDscr } from "../core/credit";
import type { DebtTerms, LeaseTerms } from "../core/lease";
import { defineFunction, defineGridFunction } from "./adapter/define";
import { optText } from "./adapter/spec";
import {
  amortYears,
  backstopUsd,
  buildMonths,
  capexUsdPerMw,
  criticalMw,
  debtRate,
  discountRate,
  escalator,
  interestOnlyMonths,
  ltc,
  noiMargin,
  rentUsdPerKwMonth,
  scalar,
  termYears,
} from "./args";

/** Header of the HPC_DSCR "schedule" spill. */
export const DSCR_COLUMNS = ["loan_year", "noi_usd", "debt_service_usd", "dscr"] as const;

export const hpcDscr = defineFunction({
  id: "HPC_DSCR",
  args: [
    scalar(criticalMw),
    scalar(rentUsdPerKwMonth),
    scalar(termYears),
    scalar(capexUsdPerMw),
    scalar(escalator),
    scalar(noiMargin),
    scalar(buildMonths),
    scalar(ltc),
    scalar(debtRate),
    scalar(amortYears),
    scalar(interestOnlyMonths),
    optText("statistic", { oneOf: ["min", "avg", "schedule"], default: "min" }),
  ] as const,
  compute: (
    criticalMw: number,
    rentUsdPerKwMonth: number,
    termYears: number,
    capexUsdPerMw: number,
    escalator: number,
    noiMargin: number,
    buildMonths: number,
    ltc: number,
    debtRate: number,
    amortYears: number | undefined,
    interestOnlyMonths: number,
    statistic: string,
  ): (string | number)[][] => {
    const lease: LeaseTerms = {
      criticalMw,
      rentUsdPerKwMonth,
      termYears,
      capexUsdPerMw,
      escalator,
      noiMargin,
      buildMonths,
    };
    const debt: DebtTerms = { ltc, debtRate, amortYears, interestOnlyMonths };
    if (statistic === "min") return [[minDscr(lease, debt)]];
    if (statistic === "avg") return [[avgDscr(lease, debt)]];
    const rows: (string | number)[][] = [[...DSCR_COLUMNS]];
    for (const y of dscrSchedule(lease, debt)) rows.push([y.year, y.noiUsd, y.debtServiceUsd, y.dscr ?? ""]);
    return rows;
  },
});

/**
 * Debt service coverage ratio (DSCR) of the project debt on an HPC lease: NOI of a loan year ÷ the scheduled interest and principal of that year; "min" (default) gives the lowest year, "avg" the arithmetic mean of the yearly ratios.
 * Same lease and debt model as HPC_EQUITY_IRR: debt funds ltc of each capex draw, interest during the build (debt_rate/12 a month) is capitalised, then interest_only_months of interest only and a level payment (Excel PMT at debt_rate/12) that repays the loan amort_years after rent start. Loan year y is rent months 12(y − 1) + 1…12y after rent start; loan years run to the last payment. NOI = gross rent × noi_margin.
 * Convention: when amort_years is longer than the term, the balance left at the lease end (the balloon) is refinanced, not covered: it is left out of the last year's debt service. A year with no scheduled service (a 0% rate paying interest only) has no ratio and is skipped. #VALUE! with a message when there is no debt (ltc or capex is 0). ltc and debt_rate are required (Excel lists them as optional only because they follow optional arguments). Source: PivotLens lease model (README).
 * "schedule" spills loan_year, noi_usd, debt_service_usd, dscr under a header row.
 * Example: =PIVOT.HPC_DSCR(1, 100, 1, 1000000, 0, 1, 0, 0.5, 0) returns 2.4
 * Example: =PIVOT.HPC_DSCR(100, 150, 15, 10000000, 0.03, 0.85, 24, 0.8, 0.07) returns 1.6571
 * @customfunction HPC_DSCR
 * @helpurl https://localhost:3000/help.html#HPC_DSCR
 * @param {any} critical_mw Critical IT load, MW (> 0).
 * @param {any} rent_usd_kw_month Rent in lease year 1, USD per kW of critical IT per month (≥ 0).
 * @param {any} term_years Lease term, years (> 0 and ≤ 100); rent months = round(term × 12).
 * @param {any} capex_usd_per_mw Build cost, USD per MW of critical IT (≥ 0; > 0 for there to be debt).
 * @param {any} [escalator] Annual rent escalator, stepping once a lease year (> -1 and ≤ 1; 0.03 = 3%). Default: 0.
 * @param {any} [noi_margin] Net operating income as a fraction of gross rent (> 0 and ≤ 1; 0.85 = 85%). Default: 1 (gross rent).
 * @param {any} [build_months] Whole months of construction before rent starts (≥ 0 and ≤ 600). Default: 0.
 * @param {any} [ltc] Required. Loan to cost: fraction of each capex draw funded by debt (≥ 0 and < 1; 0.8 = 80%).
 * @param {any} [debt_rate] Required. Debt interest, nominal annual rate compounded monthly (≥ 0 and ≤ 1; 0.07 = 7%).
 * @param {any} [amort_years] Years from rent start over which the debt amortises (> 0 and ≤ 100). Default: term_years.
 * @param {any} [interest_only_months] Whole months after rent start paying interest only (≥ 0 and ≤ 1200, and < amort_years × 12). Default: 0.
 * @param {any} [statistic] "min" (default): the lowest yearly DSCR; "avg": their mean; "schedule": the table by loan year.
 * @returns {any[][]} DSCR (1.3 = NOI is 1.3 times debt service), or the schedule.
 */
export function HPC_DSCR(
  critical_mw: any,
  rent_usd_kw_month: any,
  term_years: any,
  capex_usd_per_mw: any,
  escalator?: any,
  noi_margin?: any,
  build_months?: any,
  ltc?: any,
  debt_rate?: any,
  amort_years?: any,
  interest_only_months?: any,
  statistic?: any,
): any[][] {
  const result = hpcDscr.invoke(
    critical_mw,
    rent_usd_kw_month,
    term_years,
    capex_usd_per_mw,
    escalator,
    noi_margin,
    build_months,
    ltc,
    debt_rate,
    amort_years,
    interest_only_months,
    statistic,
  );
  return Array.isArray(result) ? result : [[result]];
}

export const hpcBackstopCoverage = defineGridFunction({
  id: "HPC_BACKSTOP_COVERAGE",
  args: [backstopUsd, criticalMw, rentUsdPerKwMonth, termYears, discountRate, escalator, buildMonths] as const,
  compute: backstopCoverageOf,
});

/**
 * Share of a lease's contracted rent that a backstop guarantees: backstop_usd ÷ the present value at t = 0 of the contracted gross rent.
 * The PV is HPC_LEASE_NPV's with gross rent and no capex, =PIVOT.HPC_LEASE_NPV(critical_mw, rent_usd_kw_month, term_years, discount_rate, escalator, 1, 0, build_months): rent month m = 1…round(term_years × 12) is paid at month build_months + m, gross rent = critical_mw × 1000 × rent × (1 + escalator)^floor((m − 1)/12), and month k is discounted by (1 + discount_rate)^(k/12) (effective annual rate). 1 means the backstop covers the whole PV of the rent; 0.5 half of it.
 * #VALUE! with a message when the rent has no positive PV (rent 0). Source: PivotLens lease model (README). Every argument accepts a range.
 * Example: =PIVOT.HPC_BACKSTOP_COVERAGE(1800000, 1, 150, 1, 0) returns 1
 * Example: =PIVOT.HPC_BACKSTOP_COVERAGE(1000000000, 100, 150, 10, 0.08, 0.03, 12) returns 0.76696
 * @customfunction HPC_BACKSTOP_COVERAGE
 * @helpurl https://localhost:3000/help.html#HPC_BACKSTOP_COVERAGE
 * @param {any[][]} backstop_usd Payments the backstop guarantees, USD (≥ 0).
 * @param {any[][]} critical_mw Critical IT load, MW (> 0).
 * @param {any[][]} rent_usd_kw_month Rent in lease year 1, USD per kW of critical IT per month (≥ 0; > 0 for a PV to cover).
 * @param {any[][]} term_years Lease term, years (> 0 and ≤ 100); rent months = round(term × 12).
 * @param {any[][]} discount_rate Effective annual discount rate (> -1 and ≤ 1; 0.08 = 8%).
 * @param {any[][]} [escalator] Annual rent escalator, stepping once a lease year (> -1 and ≤ 1; 0.03 = 3%). Default: 0.
 * @param {any[][]} [build_months] Whole months of construction before rent starts (≥ 0 and ≤ 600). Default: 0.
 * @returns {any[][]} Backstop ÷ PV of contracted gross rent (1 = fully covered).
 */
export function HPC_BACKSTOP_COVERAGE(
  backstop_usd: any[][],
  critical_mw: any[][],
  rent_usd_kw_month: any[][],
  term_years: any[][],
  discount_rate: any[][],
  escalator?: any[][],
  build_months?: any[][],
): any[][] {
  return hpcBackstopCoverage.invoke(
    backstop_usd,
    critical_mw,
    rent_usd_kw_month,
    term_years,
    discount_rate,
    escalator,
    build_months,
  );
}
