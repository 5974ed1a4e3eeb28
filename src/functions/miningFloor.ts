/**
 * MINING_FLOOR_MONTH: from which month the zero floor of MINING_NPV_PER_MW binds (a thin
 * adapter over core/pivot's miningFloorMonth). It tells a reader why two companies can show the
 * same mining NPV per MW: after the floor binds, further months add nothing.
 * The JSDoc block below is what custom-functions-metadata turns into functions.json.
 */

import { ModelError } from "../core/errors";
import { miningFloorMonth, miningNpvSteps } from "../core/pivot";
import { defineGridFunction } from "./adapter/define";
import { miningInputs } from "./lease";

/** Months of a horizon as the core counts them (round(term × 12)), for messages and the work cap. */
const monthsOf = (termYears: number): number => Math.max(1, Math.round(termYears * 12));
import {
  efficiencyJPerTh,
  feeShare,
  hashpriceGrowthYr,
  hashpriceUsdPerPhDay,
  poolFee,
  powerUsdPerKwh,
  startHeight,
  termYears,
  uptime,
} from "./args";

export const miningFloorMonthFn = defineGridFunction({
  id: "MINING_FLOOR_MONTH",
  args: [
    efficiencyJPerTh,
    powerUsdPerKwh,
    termYears,
    hashpriceUsdPerPhDay,
    hashpriceGrowthYr,
    uptime,
    poolFee,
    feeShare,
    startHeight,
  ] as const,
  compute: (efficiency, power, term, hashprice, growth, uptimeShare, fee, feesShare, height) => {
    const month = miningFloorMonth(
      miningInputs(efficiency, power, term, hashprice, growth, uptimeShare, fee, feesShare, height),
    );
    if (month === undefined)
      throw new ModelError(
        "na",
        `the mining margin stays above zero in every month of the ${monthsOf(term)}-month horizon: the floor never binds.`,
      );
    return month;
  },
  // Per cell: one bisection per halving era (counted as MINING_NPV_PER_MW counts its era steps) plus 4.
  workUnits: (_e, _p, term, _h, _g, _u, _f, _s, height) => 4 + miningNpvSteps(term, height),
});

/**
 * The first month in which MINING_NPV_PER_MW's zero floor binds: month k (1…round(term × 12), each 365.25/12 days from t = 0) is the first whose margin before the floor, revenue − power cost in MINING_NPV_PER_MW's model, is ≤ 0, so the fleet switches off (after a halving at a high power price, say). #N/A with the reason when the margin stays positive over the whole horizon.
 * Same model and arguments as MINING_NPV_PER_MW (no discount rate: it does not move the month); the month that spans a halving takes its pro-rata subsidy. Every argument accepts a range.
 * Example: =PIVOT.MINING_FLOOR_MONTH(20, 0.05, 5, 40, 0, 1, 0, 0, 1005170) returns 12
 * @customfunction MINING_FLOOR_MONTH
 * @helpurl https://localhost:3000/help.html#MINING_FLOOR_MONTH
 * @param {any[][]} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any[][]} power_usd_kwh Power price, USD per kWh (≥ 0 and ≤ 10; $/MWh ÷ 1000, so $50/MWh is 0.05).
 * @param {any[][]} term_years Mining horizon, years (> 0 and ≤ 100); months = round(term × 12).
 * @param {any[][]} [hashprice_usd_ph_day] Hashprice today, USD per PH/s per day (≥ 0). Default: the market snapshot's hashprice.
 * @param {any[][]} [hashprice_growth_yr] Hashprice trend before halvings, effective annual rate (> -1 and ≤ 10; 0.2 = +20% a year). Default: 0.
 * @param {any[][]} [uptime] Fraction of hours the fleet runs (> 0 and ≤ 1; 0.95 = 95%). Default: 1.
 * @param {any[][]} [pool_fee] Pool fee, fraction of revenue (≥ 0 and < 1; 0.02 = 2%). Default: 0.
 * @param {any[][]} [fee_share] Fraction of today's hashprice that comes from fees, which do not halve (≥ 0 and ≤ 1). Default: market fees ÷ (subsidy + fees).
 * @param {any[][]} [start_height] Block height at t = 0, a whole number ≥ 0 and ≤ 2147483647. Default: market height.
 * @returns {any[][]} Month number, 1 = the first month from t = 0.
 */
export function MINING_FLOOR_MONTH(
  efficiency_j_th: any[][],
  power_usd_kwh: any[][],
  term_years: any[][],
  hashprice_usd_ph_day?: any[][],
  hashprice_growth_yr?: any[][],
  uptime?: any[][],
  pool_fee?: any[][],
  fee_share?: any[][],
  start_height?: any[][],
): any[][] {
  return miningFloorMonthFn.invoke(
    efficiency_j_th,
    power_usd_kwh,
    term_years,
    hashprice_usd_ph_day,
    hashprice_growth_yr,
    uptime,
    pool_fee,
    fee_share,
    start_height,
  );
}
