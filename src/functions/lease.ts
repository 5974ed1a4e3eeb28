/**
 * HPC lease valuation custom functions (thin adapters over core/lease): NPV, cash flows,
 * unlevered and equity IRR, implied rent and revenue per MW. The mining side of the pivot
 * (MINING_NPV_PER_MW, PIVOT_BREAKEVEN_RENT) is in ./pivot; its Excel functions and
 * miningInputs are re-exported here for callers that import them from this module.
 * Parameters are typed `any`/`any[][]` so Excel passes raw values and the
 * adapter, not Excel, writes the error message that names the argument.
 * Argument specs (domain, unit, default) come from ./args, shared with the mining functions;
 * omitted market arguments are the market snapshot's own fields.
 * The JSDoc blocks below are what custom-functions-metadata turns into functions.json.
 */

import {
  checkDiscountRate,
  equityIrrAnnual,
  impliedRentUsdPerKwMonth,
  leaseIrrAnnual,
  leaseNpvUsdOf,
  leaseSchedule,
  revenueUsdPerMwYear,
} from "../core/lease";
import { defineFunction, defineGridFunction } from "./adapter/define";
import { optText } from "./adapter/spec";
import {
  amortYears,
  buildMonths,
  capexUsdPerMw,
  capexUsdPerMwOpt,
  contractValueUsd,
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

export { MINING_NPV_PER_MW, miningInputs, PIVOT_BREAKEVEN_RENT } from "./pivot";

export const hpcLeaseNpv = defineGridFunction({
  id: "HPC_LEASE_NPV",
  args: [
    criticalMw,
    rentUsdPerKwMonth,
    termYears,
    discountRate,
    escalator,
    noiMargin,
    capexUsdPerMwOpt,
    buildMonths,
  ] as const,
  compute: leaseNpvUsdOf,
});

/**
 * Net present value in USD, at t = 0, of an HPC/AI hosting lease: contracted net rent less build capex.
 * Model: capex = capex_usd_per_mw × critical_mw, spent equally at the end of each build month (all at t = 0 when build_months = 0); rent months m = 1…round(term_years × 12) fall at month build_months + m; gross rent = critical_mw × 1000 × rent × (1 + escalator)^floor((m − 1)/12) (steps once a lease year); net cash = gross × noi_margin.
 * Convention: discount_rate is an effective annual rate; month k ends at t = k/12 and is discounted by (1 + discount_rate)^(k/12). The result equals Excel's =NPV((1+r)^(1/12)-1, flows of months 1…N) + flow at t = 0 (Excel's NPV discounts its first value one period). Computed in closed form (annuity sums per lease year). Source: PivotLens lease model (README); HPC lease economics in the domain reference.
 * Every argument accepts a range; ranges broadcast like Excel arithmetic (a column of rents against a row of discount rates spills a sensitivity grid).
 * Example: =PIVOT.HPC_LEASE_NPV(1, 100, 1, 0) returns 1200000
 * Example: =PIVOT.HPC_LEASE_NPV(100, 150, 15, 0.08, 0.03, 0.85, 10000000, 24) returns 459379824.69
 * @customfunction HPC_LEASE_NPV
 * @helpurl https://localhost:3000/help.html#HPC_LEASE_NPV
 * @param {any[][]} critical_mw Critical IT load, MW (> 0).
 * @param {any[][]} rent_usd_kw_month Rent in lease year 1, USD per kW of critical IT per month (≥ 0).
 * @param {any[][]} term_years Lease term, years (> 0 and ≤ 100); rent months = round(term × 12).
 * @param {any[][]} discount_rate Effective annual discount rate (> -1 and ≤ 1; 0.08 = 8%).
 * @param {any[][]} [escalator] Annual rent escalator, stepping once a lease year (> -1 and ≤ 1; 0.03 = 3%). Default: 0.
 * @param {any[][]} [noi_margin] Net operating income as a fraction of gross rent (> 0 and ≤ 1; 0.85 = 85%). Default: 1 (gross rent).
 * @param {any[][]} [capex_usd_per_mw] Build cost, USD per MW of critical IT (≥ 0). Default: 0.
 * @param {any[][]} [build_months] Whole months of construction before rent starts (≥ 0 and ≤ 600). Default: 0.
 * @returns {any[][]} NPV in USD.
 */
export function HPC_LEASE_NPV(
  critical_mw: any[][],
  rent_usd_kw_month: any[][],
  term_years: any[][],
  discount_rate: any[][],
  escalator?: any[][],
  noi_margin?: any[][],
  capex_usd_per_mw?: any[][],
  build_months?: any[][],
): any[][] {
  return hpcLeaseNpv.invoke(
    critical_mw,
    rent_usd_kw_month,
    term_years,
    discount_rate,
    escalator,
    noi_margin,
    capex_usd_per_mw,
    build_months,
  );
}

/** Header of HPC_LEASE_CASHFLOWS; the first label names the unit of the offset column. */
export const CASHFLOW_COLUMNS = ["gross_rent_usd", "net_cash_usd", "capex_usd", "total_usd"] as const;

export const hpcLeaseCashflows = defineFunction({
  id: "HPC_LEASE_CASHFLOWS",
  args: [
    scalar(criticalMw),
    scalar(rentUsdPerKwMonth),
    scalar(termYears),
    scalar(discountRate),
    scalar(escalator),
    scalar(noiMargin),
    scalar(capexUsdPerMwOpt),
    scalar(buildMonths),
    optText("period", { oneOf: ["month", "year"], default: "month" }),
  ] as const,
  compute: (
    mw: number,
    rent: number,
    term: number,
    rate: number,
    esc: number,
    noi: number,
    capex: number,
    build: number,
    period: string,
  ): (string | number)[][] => {
    // discount_rate does not change the flows; it is checked so the arguments match HPC_LEASE_NPV's.
    checkDiscountRate(rate);
    const s = leaseSchedule({
      criticalMw: mw,
      rentUsdPerKwMonth: rent,
      termYears: term,
      escalator: esc,
      noiMargin: noi,
      capexUsdPerMw: capex,
      buildMonths: build,
    });
    const rows: (string | number)[][] = [[period, ...CASHFLOW_COLUMNS]];
    const months = s.totalUsd.length;
    if (period === "month") {
      for (let k = 0; k < months; k++) rows.push([k, s.grossUsd[k], s.netUsd[k], s.capexUsd[k], s.totalUsd[k]]);
      return rows;
    }
    rows.push([0, s.grossUsd[0], s.netUsd[0], s.capexUsd[0], s.totalUsd[0]]);
    for (let y = 1; 12 * (y - 1) + 1 < months; y++) {
      const row = [y, 0, 0, 0, 0];
      for (let k = 12 * (y - 1) + 1; k <= Math.min(12 * y, months - 1); k++) {
        row[1] += s.grossUsd[k];
        row[2] += s.netUsd[k];
        row[3] += s.capexUsd[k];
        row[4] += s.totalUsd[k];
      }
      rows.push(row);
    }
    return rows;
  },
});

/**
 * Spills the lease's cash flows, the exact numbers HPC_LEASE_NPV discounts, one row per period under a header row.
 * Columns: offset, gross_rent_usd, net_cash_usd, capex_usd (negative: an outflow), total_usd (= net cash + capex). With period "month" (default) the offset is the month k, whose flow falls at t = k/12 years; row k = 0 is t = 0 (all capex when build_months = 0). With period "year" the offset is the year y, and each row sums months 12(y − 1) + 1 … 12y (year 0 is t = 0); yearly rows are for reading, not for discounting at the annual rate.
 * Model and units as HPC_LEASE_NPV (same arguments); check: =NPV((1+r)^(1/12)-1, total months 1…N) + total of month 0 equals HPC_LEASE_NPV. The top-left cell is the offset unit ("month" or "year").
 * Example: =PIVOT.HPC_LEASE_CASHFLOWS(1, 150, 1, 0.08) returns "month"
 * With period "year" the same lease spills year 0 (all zeros) and year 1: gross rent 1800000, net cash 1800000, capex 0, total 1800000.
 * @customfunction HPC_LEASE_CASHFLOWS
 * @helpurl https://localhost:3000/help.html#HPC_LEASE_CASHFLOWS
 * @param {any} critical_mw Critical IT load, MW (> 0).
 * @param {any} rent_usd_kw_month Rent in lease year 1, USD per kW of critical IT per month (≥ 0).
 * @param {any} term_years Lease term, years (> 0 and ≤ 100); rent months = round(term × 12).
 * @param {any} discount_rate Effective annual discount rate (> -1 and ≤ 1; 0.08 = 8%). It does not change the flows; it keeps the arguments those of HPC_LEASE_NPV.
 * @param {any} [escalator] Annual rent escalator, stepping once a lease year (> -1 and ≤ 1; 0.03 = 3%). Default: 0.
 * @param {any} [noi_margin] Net operating income as a fraction of gross rent (> 0 and ≤ 1; 0.85 = 85%). Default: 1 (gross rent).
 * @param {any} [capex_usd_per_mw] Build cost, USD per MW of critical IT (≥ 0). Default: 0.
 * @param {any} [build_months] Whole months of construction before rent starts (≥ 0 and ≤ 600). Default: 0.
 * @param {any} [period] "month" (default) or "year": one row per month, or per year summed.
 * @returns {any[][]} Header row, then offset, gross rent, net cash, capex, total (USD).
 */
export function HPC_LEASE_CASHFLOWS(
  critical_mw: any,
  rent_usd_kw_month: any,
  term_years: any,
  discount_rate: any,
  escalator?: any,
  noi_margin?: any,
  capex_usd_per_mw?: any,
  build_months?: any,
  period?: any,
): any[][] {
  const result = hpcLeaseCashflows.invoke(
    critical_mw,
    rent_usd_kw_month,
    term_years,
    discount_rate,
    escalator,
    noi_margin,
    capex_usd_per_mw,
    build_months,
    period,
  );
  return Array.isArray(result) ? result : [[result]];
}

export const hpcLeaseIrr = defineFunction({
  id: "HPC_LEASE_IRR",
  args: [
    scalar(criticalMw),
    scalar(rentUsdPerKwMonth),
    scalar(termYears),
    scalar(capexUsdPerMw),
    scalar(escalator),
    scalar(noiMargin),
    scalar(buildMonths),
  ] as const,
  compute: (
    criticalMw: number,
    rentUsdPerKwMonth: number,
    termYears: number,
    capexUsdPerMw: number,
    escalator: number,
    noiMargin: number,
    buildMonths: number,
  ) => leaseIrrAnnual({ criticalMw, rentUsdPerKwMonth, termYears, capexUsdPerMw, escalator, noiMargin, buildMonths }),
});

/**
 * Unlevered IRR of an HPC lease, effective annual: (1 + monthly IRR)^12 − 1.
 * The monthly IRR solves Σ total_k / (1 + m)^k = 0 over the monthly flows of HPC_LEASE_CASHFLOWS (month 0 at t = 0: capex, then net rent), as Excel's =IRR(flows) does; annualising it the same way in Excel gives the same number.
 * Bounded root search (a scan from −99.99% to +10,000% a month, refined by Brent's method): #NUM! when there is no rate of return (no capex means no negative flow), never NaN or a hang. Model and units: as HPC_LEASE_NPV. Source: PivotLens lease model (README).
 * Example: =PIVOT.HPC_LEASE_IRR(100, 150, 15, 10000000, 0.03, 0.85, 24) returns 0.14274
 * @customfunction HPC_LEASE_IRR
 * @helpurl https://localhost:3000/help.html#HPC_LEASE_IRR
 * @param {any} critical_mw Critical IT load, MW (> 0).
 * @param {any} rent_usd_kw_month Rent in lease year 1, USD per kW of critical IT per month (≥ 0).
 * @param {any} term_years Lease term, years (> 0 and ≤ 100); rent months = round(term × 12).
 * @param {any} capex_usd_per_mw Build cost, USD per MW of critical IT (≥ 0; > 0 for an IRR to exist).
 * @param {any} [escalator] Annual rent escalator, stepping once a lease year (> -1 and ≤ 1; 0.03 = 3%). Default: 0.
 * @param {any} [noi_margin] Net operating income as a fraction of gross rent (> 0 and ≤ 1; 0.85 = 85%). Default: 1 (gross rent).
 * @param {any} [build_months] Whole months of construction before rent starts (≥ 0 and ≤ 600). Default: 0.
 * @returns {any} IRR, effective annual (0.12 = 12%).
 */
export function HPC_LEASE_IRR(
  critical_mw: any,
  rent_usd_kw_month: any,
  term_years: any,
  capex_usd_per_mw: any,
  escalator?: any,
  noi_margin?: any,
  build_months?: any,
): any {
  return hpcLeaseIrr.invoke(
    critical_mw,
    rent_usd_kw_month,
    term_years,
    capex_usd_per_mw,
    escalator,
    noi_margin,
    build_months,
  );
}

export const hpcEquityIrr = defineFunction({
  id: "HPC_EQUITY_IRR",
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
  ) =>
    equityIrrAnnual(
      { criticalMw, rentUsdPerKwMonth, termYears, capexUsdPerMw, escalator, noiMargin, buildMonths },
      { ltc, debtRate, amortYears, interestOnlyMonths },
    ),
});

/**
 * Levered (equity) IRR of an HPC lease, effective annual: (1 + monthly IRR of the equity flows)^12 − 1.
 * Debt funds ltc of each capex draw; interest during construction (balance × debt_rate/12 a month) is capitalised. From rent start the first interest_only_months pay interest only, then a level payment (Excel PMT at debt_rate/12) amortises the balance so the loan is repaid amort_years after rent start; if that is after the lease ends, the balance left is repaid with the last rent month (a balloon). Equity flows: −(1 − ltc) × each capex draw, then net cash − debt service.
 * Conventions: debt_rate is a nominal annual rate compounded monthly (as loans are quoted); the IRR is annualised as (1 + m)^12 − 1, as HPC_LEASE_IRR. At ltc = 0 it equals HPC_LEASE_IRR. ltc and debt_rate are required (Excel lists them as optional only because they follow optional arguments). #NUM! when no rate of return exists. Source: PivotLens lease model (README); 80–85% loan to cost per the domain reference.
 * Example: =PIVOT.HPC_EQUITY_IRR(100, 150, 15, 10000000, 0.03, 0.85, 24, 0.8, 0.07) returns 0.31862
 * @customfunction HPC_EQUITY_IRR
 * @helpurl https://localhost:3000/help.html#HPC_EQUITY_IRR
 * @param {any} critical_mw Critical IT load, MW (> 0).
 * @param {any} rent_usd_kw_month Rent in lease year 1, USD per kW of critical IT per month (≥ 0).
 * @param {any} term_years Lease term, years (> 0 and ≤ 100); rent months = round(term × 12).
 * @param {any} capex_usd_per_mw Build cost, USD per MW of critical IT (≥ 0).
 * @param {any} [escalator] Annual rent escalator, stepping once a lease year (> -1 and ≤ 1; 0.03 = 3%). Default: 0.
 * @param {any} [noi_margin] Net operating income as a fraction of gross rent (> 0 and ≤ 1; 0.85 = 85%). Default: 1 (gross rent).
 * @param {any} [build_months] Whole months of construction before rent starts (≥ 0 and ≤ 600). Default: 0.
 * @param {any} [ltc] Required. Loan to cost: fraction of each capex draw funded by debt (≥ 0 and < 1; 0.8 = 80%).
 * @param {any} [debt_rate] Required. Debt interest, nominal annual rate compounded monthly (≥ 0 and ≤ 1; 0.07 = 7%).
 * @param {any} [amort_years] Years from rent start over which the debt amortises (> 0 and ≤ 100). Default: term_years.
 * @param {any} [interest_only_months] Whole months after rent start paying interest only (≥ 0 and ≤ 1200, and < amort_years × 12). Default: 0.
 * @returns {any} Equity IRR, effective annual (0.2 = 20%).
 */
export function HPC_EQUITY_IRR(
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
): any {
  return hpcEquityIrr.invoke(
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
  );
}

export const hpcImpliedRent = defineGridFunction({
  id: "HPC_IMPLIED_RENT",
  args: [contractValueUsd, termYears, criticalMw] as const,
  compute: impliedRentUsdPerKwMonth,
});

/**
 * Implied average rent of a headline HPC deal, USD per kW of critical IT per month: contract value ÷ term ÷ (MW × 1000) ÷ 12.
 * It averages any escalators over the term (a flat rent with the same total). Source: domain reference, announced miner AI/HPC contracts (Hut 8 River Bend: $7.0B, 15 years, 245 MW).
 * Every argument accepts a range (a column of deals gives a column of rents).
 * Example: =PIVOT.HPC_IMPLIED_RENT(7000000000, 15, 245) returns 158.73
 * @customfunction HPC_IMPLIED_RENT
 * @helpurl https://localhost:3000/help.html#HPC_IMPLIED_RENT
 * @param {any[][]} contract_value_usd Headline contract value over the term, USD (> 0).
 * @param {any[][]} term_years Contract term, years (> 0 and ≤ 100).
 * @param {any[][]} critical_mw Critical IT load, MW (> 0).
 * @returns {any[][]} Implied rent, USD per kW per month.
 */
export function HPC_IMPLIED_RENT(contract_value_usd: any[][], term_years: any[][], critical_mw: any[][]): any[][] {
  return hpcImpliedRent.invoke(contract_value_usd, term_years, critical_mw);
}

export const hpcRevenuePerMw = defineGridFunction({
  id: "HPC_REVENUE_PER_MW",
  args: [rentUsdPerKwMonth, noiMargin] as const,
  compute: revenueUsdPerMwYear,
});

/**
 * Lease revenue per MW of critical IT per year, USD: rent × 1000 kW × 12 months × noi_margin (gross rent when noi_margin is omitted, NOI otherwise).
 * Source: domain reference (WULF / Core42: $1.5M per MW per year = $125/kW/month). Every argument accepts a range.
 * Example: =PIVOT.HPC_REVENUE_PER_MW(125) returns 1500000
 * Example: =PIVOT.HPC_REVENUE_PER_MW(125, 0.7) returns 1050000
 * @customfunction HPC_REVENUE_PER_MW
 * @helpurl https://localhost:3000/help.html#HPC_REVENUE_PER_MW
 * @param {any[][]} rent_usd_kw_month Rent, USD per kW of critical IT per month (≥ 0).
 * @param {any[][]} [noi_margin] Net operating income as a fraction of gross rent (> 0 and ≤ 1; 0.85 = 85%). Default: 1 (gross rent).
 * @returns {any[][]} USD per MW per year.
 */
export function HPC_REVENUE_PER_MW(rent_usd_kw_month: any[][], noi_margin?: any[][]): any[][] {
  return hpcRevenuePerMw.invoke(rent_usd_kw_month, noi_margin);
}
