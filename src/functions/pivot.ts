/**
 * Mining against leasing, the pivot's custom functions (thin adapters over core/pivot):
 * MINING_NPV_PER_MW (the NPV of mining with one MW) and PIVOT_BREAKEVEN_RENT (the lease rent at
 * which leasing a MW to an HPC tenant is worth as much as mining with it); the lease functions
 * themselves are in ./lease. Parameters are typed `any[][]` so Excel passes raw values and the
 * adapter, not Excel, writes the error message that names the argument. Argument specs
 * (domain, unit, default) come from ./args; omitted market arguments are the market
 * snapshot's own fields. The JSDoc blocks below are what custom-functions-metadata turns
 * into functions.json.
 */

import { miningNpvSteps, miningNpvUsdPerMw, pivotBreakevenRentUsdPerKwMonth, type MiningInputs } from "../core/pivot";
import { defineGridFunction } from "./adapter/define";
import {
  buildMonths,
  capexUsdPerMw,
  discountRate,
  efficiencyJPerTh,
  escalator,
  feeShare,
  hashpriceGrowthYr,
  hashpriceUsdPerPhDay,
  noiMargin,
  poolFee,
  powerUsdPerKwh,
  pue,
  startHeight,
  termYears,
  uptime,
} from "./args";

/** The mining inputs of MINING_NPV_PER_MW, PIVOT_BREAKEVEN_RENT and MINING_FLOOR_MONTH, from their arguments. */
export function miningInputs(
  efficiency: number,
  power: number,
  term: number,
  hashprice: number,
  growth: number,
  uptimeShare: number,
  fee: number,
  feesShare: number,
  height: number,
): MiningInputs {
  return {
    efficiencyJPerTh: efficiency,
    powerUsdPerKwh: power,
    termYears: term,
    hashpriceUsdPerPhDay: hashprice,
    hashpriceGrowthYr: growth,
    uptime: uptimeShare,
    poolFee: fee,
    feeShare: feesShare,
    startHeight: height,
  };
}
export const miningNpvPerMw = defineGridFunction({
  id: "MINING_NPV_PER_MW",
  args: [
    efficiencyJPerTh,
    powerUsdPerKwh,
    termYears,
    discountRate,
    hashpriceUsdPerPhDay,
    hashpriceGrowthYr,
    uptime,
    poolFee,
    feeShare,
    startHeight,
  ] as const,
  compute: (
    efficiency: number,
    power: number,
    term: number,
    rate: number,
    hashprice: number,
    growth: number,
    uptimeShare: number,
    fee: number,
    feesShare: number,
    height: number,
  ) =>
    miningNpvUsdPerMw(
      miningInputs(efficiency, power, term, hashprice, growth, uptimeShare, fee, feesShare, height),
      rate,
    ),
  // Per cell: its era steps plus 4 for the fixed cost of a cell (coercion, set-up).
  workUnits: (_e, _p, term, _r, _h, _g, _u, _f, _s, height) => 4 + miningNpvSteps(term, height),
});

/**
 * NPV in USD at t = 0 of mining with one MW over term_years: the discounted monthly margin, floored at zero each month (a miner switches off rather than run at a loss).
 * Month k (1…round(term × 12)) lasts 365.25/12 days and is discounted by (1 + discount_rate)^(k/12) (effective annual rate, as HPC_LEASE_NPV). A MW at E J/TH runs 1000/E PH/s. Revenue = hashprice × (1000/E) × days × uptime × (1 − pool_fee); power cost = power × 24,000 kWh × days × uptime. Hashprice in month k = hashprice × (1 + growth)^((k−1)/12) × (fee_share + (1 − fee_share) × subsidy ratio), where the subsidy ratio is the block subsidy over the month's blocks (height from start_height at 144 blocks a day) relative to the subsidy at start_height: it halves at block 1,050,000; fees (fee_share of today's hashprice) do not.
 * Conventions: "MW" is one MW of the miners' own draw (no cooling overhead, no PUE), not a MW of critical IT; the horizon is months 1…round(term × 12) from t = 0, with no build period (PIVOT_BREAKEVEN_RENT states how both meet the lease). Miners are taken as owned (no mining capex); costs other than power are left out. Source: domain reference (hashprice, Bitcoin Core GetBlockSubsidy). Every argument accepts a range.
 * Example: =PIVOT.MINING_NPV_PER_MW(20, 0.05, 5, 0.12, 40, 0, 1, 0, 0.01, 931000) returns 577585.16
 * @customfunction MINING_NPV_PER_MW
 * @helpurl https://localhost:3000/help.html#MINING_NPV_PER_MW
 * @param {any[][]} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any[][]} power_usd_kwh Power price, USD per kWh (≥ 0 and ≤ 10; $/MWh ÷ 1000, so $50/MWh is 0.05).
 * @param {any[][]} term_years Mining horizon, years (> 0 and ≤ 100); months = round(term × 12).
 * @param {any[][]} discount_rate Effective annual discount rate (> -1 and ≤ 1; 0.08 = 8%).
 * @param {any[][]} [hashprice_usd_ph_day] Hashprice today, USD per PH/s per day (≥ 0). Default: the market snapshot's hashprice.
 * @param {any[][]} [hashprice_growth_yr] Hashprice trend before halvings, effective annual rate (> -1 and ≤ 10; 0.2 = +20% a year). Default: 0.
 * @param {any[][]} [uptime] Fraction of hours the fleet runs (> 0 and ≤ 1; 0.95 = 95%). Default: 1.
 * @param {any[][]} [pool_fee] Pool fee, fraction of revenue (≥ 0 and < 1; 0.02 = 2%). Default: 0.
 * @param {any[][]} [fee_share] Fraction of today's hashprice that comes from fees, which do not halve (≥ 0 and ≤ 1). Default: market fees ÷ (subsidy + fees).
 * @param {any[][]} [start_height] Block height at t = 0, a whole number ≥ 0 and ≤ 2147483647. Default: market height.
 * @returns {any[][]} NPV of the mining margin, USD per MW.
 */
export function MINING_NPV_PER_MW(
  efficiency_j_th: any[][],
  power_usd_kwh: any[][],
  term_years: any[][],
  discount_rate: any[][],
  hashprice_usd_ph_day?: any[][],
  hashprice_growth_yr?: any[][],
  uptime?: any[][],
  pool_fee?: any[][],
  fee_share?: any[][],
  start_height?: any[][],
): any[][] {
  return miningNpvPerMw.invoke(
    efficiency_j_th,
    power_usd_kwh,
    term_years,
    discount_rate,
    hashprice_usd_ph_day,
    hashprice_growth_yr,
    uptime,
    pool_fee,
    fee_share,
    start_height,
  );
}

export const pivotBreakevenRent = defineGridFunction({
  id: "PIVOT_BREAKEVEN_RENT",
  args: [
    efficiencyJPerTh,
    powerUsdPerKwh,
    capexUsdPerMw,
    termYears,
    discountRate,
    noiMargin,
    hashpriceUsdPerPhDay,
    hashpriceGrowthYr,
    buildMonths,
    escalator,
    uptime,
    poolFee,
    feeShare,
    startHeight,
    pue,
  ] as const,
  compute: (
    efficiency: number,
    power: number,
    capex: number,
    term: number,
    rate: number,
    noi: number,
    hashprice: number,
    growth: number,
    build: number,
    esc: number,
    uptimeShare: number,
    fee: number,
    feesShare: number,
    height: number,
    miningMwPerItMw: number,
  ) =>
    pivotBreakevenRentUsdPerKwMonth(
      { termYears: term, escalator: esc, noiMargin: noi, capexUsdPerMw: capex, buildMonths: build },
      miningInputs(efficiency, power, term, hashprice, growth, uptimeShare, fee, feesShare, height),
      rate,
      miningMwPerItMw,
    ),
  // As MINING_NPV_PER_MW's, plus 2 for the lease side (closed form).
  workUnits: (_e, _p, _c, term, _r, _n, _h, _g, _b, _x, _u, _f, _s, height) => 6 + miningNpvSteps(term, height),
});

/**
 * The pivot breakeven: the lease-year-1 rent (USD per kW per month) at which leasing a MW of critical IT to an HPC tenant has the same NPV as mining with the site power it takes.
 * Solves HPC_LEASE_NPV(1, rent, term_years, discount_rate, escalator, noi_margin, capex_usd_per_mw, build_months) = pue × MINING_NPV_PER_MW(efficiency_j_th, power_usd_kwh, term_years, discount_rate, hashprice_usd_ph_day, hashprice_growth_yr, uptime, pool_fee, fee_share, start_height). The lease NPV (capex included) is linear in rent, so rent = (pue × mining NPV + PV of capex) ÷ PV of net rent per $1/kW/month; no iteration.
 * Convention, horizons: mining runs months 1…N from t = 0 (N = round(term_years × 12)); the lease builds for build_months B and then pays rent in months B + 1…B + N. So the lease side earns nothing during the build (mining stops at t = 0) and its last B months have no mining counterpart.
 * Convention, MW: a mining MW is the miners' own draw; a lease MW is critical IT. With pue = 1 (default) they are compared MW for MW; with pue = 1.3 a leased MW of IT takes 1.3 MW of site power, which could instead run 1.3 MW of miners.
 * Discounting as the two functions: effective annual rate, month k discounted by (1 + r)^(k/12). Above this rent the pivot to HPC adds value. Source: PivotLens lease and mining models (README). Every argument accepts a range.
 * Example: =PIVOT.PIVOT_BREAKEVEN_RENT(20, 0.05, 10000000, 15, 0.08, 0.85, 40, 0, 24, 0.03, 1, 0, 0.01, 931000) returns 106.71
 * Example: =PIVOT.PIVOT_BREAKEVEN_RENT(20, 0.05, 10000000, 15, 0.08, 0.85, 40, 0, 24, 0.03, 1, 0, 0.01, 931000, 1.3) returns 108.67
 * @customfunction PIVOT_BREAKEVEN_RENT
 * @helpurl https://localhost:3000/help.html#PIVOT_BREAKEVEN_RENT
 * @param {any[][]} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any[][]} power_usd_kwh Power price, USD per kWh (≥ 0 and ≤ 10; $/MWh ÷ 1000, so $50/MWh is 0.05).
 * @param {any[][]} capex_usd_per_mw HPC build cost, USD per MW of critical IT (≥ 0).
 * @param {any[][]} term_years Lease term (rent months) and mining horizon, years (> 0 and ≤ 100); months = round(term × 12).
 * @param {any[][]} discount_rate Effective annual discount rate (> -1 and ≤ 1; 0.08 = 8%).
 * @param {any[][]} [noi_margin] Net operating income as a fraction of gross rent (> 0 and ≤ 1; 0.85 = 85%). Default: 1 (gross rent).
 * @param {any[][]} [hashprice_usd_ph_day] Hashprice today, USD per PH/s per day (≥ 0). Default: the market snapshot's hashprice.
 * @param {any[][]} [hashprice_growth_yr] Hashprice trend before halvings, effective annual rate (> -1 and ≤ 10; 0.2 = +20% a year). Default: 0.
 * @param {any[][]} [build_months] Whole months of HPC construction before rent starts (≥ 0 and ≤ 600). Default: 0.
 * @param {any[][]} [escalator] Annual rent escalator, stepping once a lease year (> -1 and ≤ 1; 0.03 = 3%). Default: 0.
 * @param {any[][]} [uptime] Fraction of hours the fleet runs (> 0 and ≤ 1; 0.95 = 95%). Default: 1.
 * @param {any[][]} [pool_fee] Pool fee, fraction of revenue (≥ 0 and < 1; 0.02 = 2%). Default: 0.
 * @param {any[][]} [fee_share] Fraction of today's hashprice that comes from fees, which do not halve (≥ 0 and ≤ 1). Default: market fees ÷ (subsidy + fees).
 * @param {any[][]} [start_height] Block height at t = 0, a whole number ≥ 0 and ≤ 2147483647. Default: market height.
 * @param {any[][]} [pue] Site MW per MW of critical IT (≥ 1 and ≤ 3): a leased MW of IT takes pue MW of site power, which could run pue MW of miners. Default: 1 (MW for MW).
 * @returns {any[][]} Breakeven rent, USD per kW per month (lease year 1).
 */
export function PIVOT_BREAKEVEN_RENT(
  efficiency_j_th: any[][],
  power_usd_kwh: any[][],
  capex_usd_per_mw: any[][],
  term_years: any[][],
  discount_rate: any[][],
  noi_margin?: any[][],
  hashprice_usd_ph_day?: any[][],
  hashprice_growth_yr?: any[][],
  build_months?: any[][],
  escalator?: any[][],
  uptime?: any[][],
  pool_fee?: any[][],
  fee_share?: any[][],
  start_height?: any[][],
  pue?: any[][],
): any[][] {
  return pivotBreakevenRent.invoke(
    efficiency_j_th,
    power_usd_kwh,
    capex_usd_per_mw,
    term_years,
    discount_rate,
    noi_margin,
    hashprice_usd_ph_day,
    hashprice_growth_yr,
    build_months,
    escalator,
    uptime,
    pool_fee,
    fee_share,
    start_height,
    pue,
  );
}
