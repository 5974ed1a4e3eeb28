/**
 * Monte Carlo custom function of mining one MW (a thin adapter over core/simulation, which
 * reuses MINING_NPV_PER_MW's month, halving, fee, uptime and discounting conventions).
 * Parameters are typed `any` so Excel passes raw values and the adapter writes the message
 * that names the argument. Argument specs come from ./args, shared with the mining functions;
 * omitted market arguments are the market snapshot's own fields.
 * The JSDoc block below is what custom-functions-metadata turns into functions.json.
 */

import { simulateMiningNpvUsdPerMw, summarizeNpvs } from "../core/simulation";
import { defineFunction } from "./adapter/define";
import {
  btcDriftYr,
  btcVolYr,
  discountRate,
  efficiencyJPerTh,
  feeShare,
  hashpriceUsdPerPhDay,
  hashrateGrowthYr,
  leaseNpvUsd,
  paths,
  poolFee,
  powerUsdPerKwh,
  scalar,
  seed,
  startHeight,
  termYears,
  uptime,
} from "./args";

/** Row labels of the MINING_NPV_SIM spill, under the header ["Statistic", "Value"]. */
export const SIM_ROWS = ["Mean", "P5", "P25", "P50", "P75", "P95"] as const;
/** Label of the row added when a lease NPV is given. */
export const SIM_PROB_ROW = "P(mining > lease)";

export const miningNpvSim = defineFunction({
  id: "MINING_NPV_SIM",
  args: [
    scalar(efficiencyJPerTh),
    scalar(powerUsdPerKwh),
    scalar(termYears),
    scalar(discountRate),
    scalar(btcVolYr),
    scalar(btcDriftYr),
    scalar(hashrateGrowthYr),
    scalar(paths),
    scalar(seed),
    scalar(hashpriceUsdPerPhDay),
    scalar(uptime),
    scalar(poolFee),
    scalar(feeShare),
    scalar(startHeight),
    scalar(leaseNpvUsd),
  ] as const,
  compute: (
    efficiencyJPerTh: number,
    powerUsdPerKwh: number,
    termYears: number,
    rate: number,
    btcVolYr: number,
    btcDriftYr: number,
    hashrateGrowthYr: number,
    pathCount: number,
    seedValue: number,
    hashpriceUsdPerPhDay: number,
    uptimeShare: number,
    fee: number,
    feesShare: number,
    height: number,
    lease: number | undefined,
  ): (string | number)[][] => {
    const npvs = simulateMiningNpvUsdPerMw(
      {
        efficiencyJPerTh,
        powerUsdPerKwh,
        termYears,
        hashpriceUsdPerPhDay,
        uptime: uptimeShare,
        poolFee: fee,
        feeShare: feesShare,
        startHeight: height,
        btcVolYr,
        btcDriftYr,
        hashrateGrowthYr,
      },
      rate,
      { paths: pathCount, seed: seedValue },
    );
    const s = summarizeNpvs(npvs, lease);
    const rows: (string | number)[][] = [
      ["Statistic", "Value"],
      ["Mean", s.meanUsd],
      ["P5", s.p5Usd],
      ["P25", s.p25Usd],
      ["P50", s.p50Usd],
      ["P75", s.p75Usd],
      ["P95", s.p95Usd],
    ];
    if (s.probMiningAboveLease !== undefined) rows.push([SIM_PROB_ROW, s.probMiningAboveLease]);
    return rows;
  },
});

/**
 * Monte Carlo of the NPV in USD of mining with one MW when the BTC price is random: spills Statistic, Value rows Mean, P5, P25, P50, P75, P95 of the simulated NPVs, and with lease_npv_usd the share of paths where mining is worth more, "P(mining > lease)".
 * Each path is MINING_NPV_PER_MW month for month (365.25/12-day months, margin floored at zero each month as a miner switches off, subsidy halving at block 1,050,000 with fees unhalved, uptime, pool fee, month k discounted by (1 + discount_rate)^(k/12)), except that hashprice moves with BTC price ÷ network hashrate: hashprice_k = hashprice × (P_k/P_1) ÷ (1 + hashrate_growth_yr)^((k−1)/12) × (fee_share + (1 − fee_share) × subsidy ratio). The price takes monthly log steps ln(1 + btc_drift_yr)/12 − btc_vol_yr²/24 + btc_vol_yr × √(1/12) × Z.
 * Conventions: btc_drift_yr is the expected annual price change (the mean path grows at it; the median more slowly). At btc_vol_yr = 0 every path equals MINING_NPV_PER_MW with hashprice_growth_yr = (1 + btc_drift_yr)/(1 + hashrate_growth_yr) − 1. Percentiles are Excel PERCENTILE.INC over the paths; P(mining > lease) counts NPVs strictly above lease_npv_usd. Random numbers: xoshiro128** seeded through SplitMix64, normals by the Marsaglia polar method, so a seed gives the same table on every recalculation and machine. paths × months is capped at 5,000,000 (#VALUE! above). Source: PivotLens mining model (README); Bitcoin Core GetBlockSubsidy.
 * Example: =PIVOT.MINING_NPV_SIM(20, 0.05, 5, 0.12, 0, 0, 0, 100, 1, 40, 1, 0, 0.01, 931000) returns "Statistic"
 * With btc_vol_yr = 0 every row of that table is 577585.16, MINING_NPV_PER_MW(20, 0.05, 5, 0.12, 40, 0, 1, 0, 0.01, 931000).
 * @customfunction MINING_NPV_SIM
 * @helpurl https://localhost:3000/help.html#MINING_NPV_SIM
 * @param {any} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any} power_usd_kwh Power price, USD per kWh (≥ 0 and ≤ 10; $/MWh ÷ 1000, so $50/MWh is 0.05).
 * @param {any} term_years Mining horizon, years (> 0 and ≤ 100); months = round(term × 12).
 * @param {any} discount_rate Effective annual discount rate (> -1 and ≤ 1; 0.08 = 8%).
 * @param {any} [btc_vol_yr] Annualised volatility of ln(BTC price) (≥ 0 and ≤ 5; 0.6 = 60%). Default: 0 (no randomness).
 * @param {any} [btc_drift_yr] Expected annual change of the BTC price, effective annual rate (> -1 and ≤ 10; 0.2 = +20% a year). Default: 0.
 * @param {any} [hashrate_growth_yr] Annual growth of the network hashrate, effective annual rate (> -1 and ≤ 10). Default: 0.
 * @param {any} [paths] Number of simulated paths, a whole number ≥ 1; paths × months ≤ 5,000,000. Default: 10000.
 * @param {any} [seed] Seed of the random numbers, a whole number ≥ 0 and ≤ 9007199254740991. Default: 1.
 * @param {any} [hashprice_usd_ph_day] Hashprice today, USD per PH/s per day (≥ 0). Default: the market snapshot's hashprice.
 * @param {any} [uptime] Fraction of hours the fleet runs (> 0 and ≤ 1; 0.95 = 95%). Default: 1.
 * @param {any} [pool_fee] Pool fee, fraction of revenue (≥ 0 and < 1; 0.02 = 2%). Default: 0.
 * @param {any} [fee_share] Fraction of today's hashprice that comes from fees, which do not halve (≥ 0 and ≤ 1). Default: market fees ÷ (subsidy + fees).
 * @param {any} [start_height] Block height at t = 0, a whole number ≥ 0 and ≤ 2147483647. Default: market height.
 * @param {any} [lease_npv_usd] NPV of leasing the MW instead, USD (e.g. HPC_LEASE_NPV for 1 MW); adds the row P(mining > lease). Default: none.
 * @returns {any[][]} Header Statistic, Value; then Mean, P5, P25, P50, P75, P95 (USD per MW) and, with lease_npv_usd, P(mining > lease) (0 to 1).
 */
export function MINING_NPV_SIM(
  efficiency_j_th: any,
  power_usd_kwh: any,
  term_years: any,
  discount_rate: any,
  btc_vol_yr?: any,
  btc_drift_yr?: any,
  hashrate_growth_yr?: any,
  paths?: any,
  seed?: any,
  hashprice_usd_ph_day?: any,
  uptime?: any,
  pool_fee?: any,
  fee_share?: any,
  start_height?: any,
  lease_npv_usd?: any,
): any[][] {
  const result = miningNpvSim.invoke(
    efficiency_j_th,
    power_usd_kwh,
    term_years,
    discount_rate,
    btc_vol_yr,
    btc_drift_yr,
    hashrate_growth_yr,
    paths,
    seed,
    hashprice_usd_ph_day,
    uptime,
    pool_fee,
    fee_share,
    start_height,
    lease_npv_usd,
  );
  return Array.isArray(result) ? result : [[result]];
}
