/**
 * Monte Carlo of mining one MW against leasing it: the distribution of the mining NPV when
 * the BTC price follows a random walk. Pure maths, no I/O.
 *
 * The model is core/pivot's MINING_NPV_PER_MW month for month, with one change: the
 * hashprice moves with BTC price ÷ network hashrate instead of a fixed trend.
 * - Months k = 1 … M, M = round(term_years × 12), each 365.25/12 days, paid at t = k/12 and
 *   discounted by e^{−k·L}, L = ln(1 + r)/12 (r the effective annual discount rate), as
 *   MINING_NPV_PER_MW and HPC_LEASE_NPV.
 * - BTC price: P_k is the price at the start of month k (P_1 = today's). Monthly log steps
 *     ln P_{k+1} − ln P_k = ln(1 + μ)/12 − σ²/24 + σ √(1/12) Z_k,   Z_k standard normal,
 *   σ = btc_vol_yr (annualised volatility of ln price), μ = btc_drift_yr. Convention: the
 *   drift is the EXPECTED annual change, E[P_k] = P_1 (1 + μ)^((k−1)/12) (the −σ²/2 term);
 *   the median path grows more slowly, at e^{ln(1 + μ) − σ²/2} − 1 a year.
 * - Network hashrate: H_k = H_1 (1 + h)^((k−1)/12), h = hashrate_growth_yr (no randomness).
 * - Hashprice in month k (USD per PH/s per day):
 *     hp_k = hp₀ × (P_k / P_1) ÷ (H_k / H_1) × [fee_share + (1 − fee_share) × subsidyRatio_k]
 *   with subsidyRatio_k as in MINING_NPV_PER_MW (the block subsidy over the month's blocks,
 *   144 a day from start_height, relative to the subsidy at start_height: it halves at block
 *   1,050,000, pro rata within its month; fees do not halve).
 * - Margin_k = max(0, hp_k × (1000/E) × days × uptime × (1 − pool_fee) − power × 24,000 ×
 *   days × uptime): a miner switches off rather than run at a loss. NPV = Σ margin_k e^{−k·L}.
 * - Identity: at σ = 0 every path is MINING_NPV_PER_MW with hashprice_growth_yr
 *   g = (1 + μ)/(1 + h) − 1, since (1 + μ)^((k−1)/12) ÷ (1 + h)^((k−1)/12) = (1 + g)^((k−1)/12).
 * - Randomness: core/random's xoshiro128** seeded through SplitMix64, normals by the polar method.
 *   Path 1 takes the first M − 1 normals (the steps into months 2 … M), path 2 the next
 *   M − 1, and so on, so a seed gives the same paths everywhere.
 * - Statistics: percentiles as Excel PERCENTILE.INC on the path NPVs (rank p × (n − 1),
 *   linear between neighbours); the mean is the plain average; P(mining > lease) is the share
 *   of paths whose NPV is strictly above the lease NPV given.
 * - Work: paths × M ≤ MAX_SIM_STEPS (5,000,000), so one call stays within a second.
 */
import { blockSubsidySats, HALVING_INTERVAL } from "./halving";
import { ModelError } from "./errors";
import { rentMonthsOf } from "./lease";
import { BLOCKS_PER_MONTH, DAYS_PER_MONTH, miningNpvUsdPerMw, type MiningInputs } from "./pivot";
import { Xoshiro128StarStar } from "./random";
import { MAX_SIM_STEPS, MAX_VOL_YR } from "./simulationLimits";

// Most path-months per call and highest volatility: ./simulationLimits (kept apart for functions.js's first load).
export { MAX_SIM_STEPS, MAX_VOL_YR };

export interface MiningSimInputs extends Omit<MiningInputs, "hashpriceGrowthYr"> {
  /** Annualised volatility of ln(BTC price), ≥ 0 (0.5 = 50%). Default 0. */
  readonly btcVolYr?: number;
  /** Expected annual change of the BTC price, > −1 (0.2 = +20%). Default 0. */
  readonly btcDriftYr?: number;
  /** Annual growth of the network hashrate, > −1. Default 0. */
  readonly hashrateGrowthYr?: number;
}

export interface SimOptions {
  /** Number of simulated paths, whole, ≥ 1. */
  readonly paths: number;
  /** Seed of the generator, a whole number 0 … 2^53 − 1. */
  readonly seed: number;
}

function fail(message: string): never {
  throw new ModelError("value", message);
}

/** Block subsidy in satoshis throughout halving era `era` (Bitcoin Core's rule, from core/halving). */
function subsidySats(era: number): number {
  return era >= 64 ? 0 : blockSubsidySats(era * HALVING_INTERVAL);
}

/** Mean block subsidy (satoshis) over the continuous height interval [from, to), as core/pivot. */
function meanSubsidySats(from: number, to: number): number {
  let sum = 0;
  let h = from;
  while (h < to) {
    const era = Math.floor(h / HALVING_INTERVAL);
    const end = Math.min(to, (era + 1) * HALVING_INTERVAL);
    sum += subsidySats(era) * (end - h);
    h = end;
  }
  return sum / (to - from);
}

/** The hashprice trend MINING_NPV_PER_MW needs to match the σ = 0 simulation: (1 + μ)/(1 + h) − 1. */
export function equivalentHashpriceGrowthYr(btcDriftYr: number, hashrateGrowthYr: number): number {
  return (1 + btcDriftYr) / (1 + hashrateGrowthYr) - 1;
}

/**
 * The NPV in USD of each simulated path (see the module comment), in path order.
 * Errors: #VALUE! (ModelError "value") for an argument outside its domain or paths × months
 * above MAX_SIM_STEPS; the mining inputs are checked by core/pivot's miningNpvUsdPerMw.
 */
export function simulateMiningNpvUsdPerMw(
  inputs: MiningSimInputs,
  discountRate: number,
  options: SimOptions,
): Float64Array {
  const vol = inputs.btcVolYr ?? 0;
  const drift = inputs.btcDriftYr ?? 0;
  const hashrateGrowth = inputs.hashrateGrowthYr ?? 0;
  if (!(vol >= 0 && vol <= MAX_VOL_YR))
    fail(`btc_vol_yr must be a number ≥ 0 and ≤ ${MAX_VOL_YR} (annualised volatility, 0.5 = 50%); got ${vol}.`);
  if (!(drift > -1) || !Number.isFinite(drift)) fail(`btc_drift_yr must be a number > -1 (per year); got ${drift}.`);
  if (!(hashrateGrowth > -1) || !Number.isFinite(hashrateGrowth))
    fail(`hashrate_growth_yr must be a number > -1 (per year); got ${hashrateGrowth}.`);
  const { paths, seed } = options;
  if (!Number.isInteger(paths) || paths < 1) fail(`paths must be a whole number ≥ 1; got ${paths}.`);
  const months = rentMonthsOf(inputs.termYears);
  if (paths * months > MAX_SIM_STEPS) {
    fail(
      `paths × months = ${paths} × ${months} = ${paths * months} is above the cap of ${MAX_SIM_STEPS.toLocaleString("en-US")} ` +
        `path-months (one call must finish within a second): lower paths or term_years.`,
    );
  }
  // Checks every mining input with MINING_NPV_PER_MW's own rules and messages.
  miningNpvUsdPerMw({ ...inputs, hashpriceGrowthYr: equivalentHashpriceGrowthYr(drift, hashrateGrowth) }, discountRate);
  const rng = Xoshiro128StarStar.fromSeed(seed);

  const { efficiencyJPerTh: eff, powerUsdPerKwh: power, hashpriceUsdPerPhDay: hp0, startHeight } = inputs;
  const uptime = inputs.uptime ?? 1;
  const poolFee = inputs.poolFee ?? 0;
  const feeShare = inputs.feeShare ?? 0;
  const logDiscount = Math.log1p(discountRate) / 12;
  const logTrend = (Math.log1p(drift) - Math.log1p(hashrateGrowth)) / 12;
  const subsidy0 = subsidySats(Math.floor(startHeight / HALVING_INTERVAL));
  const revenuePerHp = (1000 / eff) * DAYS_PER_MONTH * uptime * (1 - poolFee);
  const costUsd = power * 1000 * 24 * DAYS_PER_MONTH * uptime;

  // Month k (index k − 1): discounted revenue on the expected path, and discounted power cost.
  const revenuePv = new Float64Array(months);
  const costPv = new Float64Array(months);
  for (let k = 1; k <= months; k++) {
    const from = startHeight + BLOCKS_PER_MONTH * (k - 1);
    const ratio = subsidy0 === 0 ? 0 : meanSubsidySats(from, from + BLOCKS_PER_MONTH) / subsidy0;
    const hp = hp0 * Math.exp((k - 1) * logTrend) * (feeShare + (1 - feeShare) * ratio);
    const discount = Math.exp(-k * logDiscount);
    revenuePv[k - 1] = hp * revenuePerHp * discount;
    costPv[k - 1] = costUsd * discount;
  }

  // Per month: W ← W × exp(σ√(1/12) Z − σ²/24), the price relative to its expected path.
  const stepVol = vol * Math.sqrt(1 / 12);
  const stepDrift = (-vol * vol) / 24;
  const out = new Float64Array(paths);
  const normals = new Float64Array(months);
  for (let p = 0; p < paths; p++) {
    rng.fillNormals(normals, months - 1);
    let w = 1;
    let npv = revenuePv[0] > costPv[0] ? revenuePv[0] - costPv[0] : 0;
    for (let k = 1; k < months; k++) {
      w *= Math.exp(stepDrift + stepVol * normals[k - 1]);
      const margin = revenuePv[k] * w - costPv[k];
      if (margin > 0) npv += margin;
    }
    out[p] = npv;
  }
  return out;
}

/** Excel PERCENTILE.INC of ascending `sorted` at p in [0, 1]: rank p(n − 1), linear between neighbours. */
export function percentileInc(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) fail("no values to take a percentile of.");
  if (!(p >= 0 && p <= 1)) fail(`the percentile must be between 0 and 1; got ${p}.`);
  const rank = p * (n - 1);
  const lo = Math.floor(rank);
  if (lo >= n - 1) return sorted[n - 1];
  return sorted[lo] + (rank - lo) * (sorted[lo + 1] - sorted[lo]);
}

/** The statistics MINING_NPV_SIM reports, USD except the probability. */
export interface SimSummary {
  readonly meanUsd: number;
  readonly p5Usd: number;
  readonly p25Usd: number;
  readonly p50Usd: number;
  readonly p75Usd: number;
  readonly p95Usd: number;
  /** Share of paths with NPV strictly above leaseNpvUsd; present only when it is given. */
  readonly probMiningAboveLease?: number;
}

/** Mean, PERCENTILE.INC 5/25/50/75/95 and, with a lease NPV, P(mining > lease) of path NPVs. */
export function summarizeNpvs(npvsUsd: ArrayLike<number>, leaseNpvUsd?: number): SimSummary {
  const n = npvsUsd.length;
  if (n === 0) fail("no simulated paths to summarise.");
  if (leaseNpvUsd !== undefined && !Number.isFinite(leaseNpvUsd))
    fail(`lease_npv_usd must be a finite number (USD); got ${leaseNpvUsd}.`);
  const sorted = Float64Array.from(npvsUsd).sort();
  let sum = 0;
  let above = 0;
  for (let i = 0; i < n; i++) {
    sum += sorted[i];
    if (leaseNpvUsd !== undefined && sorted[i] > leaseNpvUsd) above++;
  }
  const summary: SimSummary = {
    meanUsd: sum / n,
    p5Usd: percentileInc(sorted, 0.05),
    p25Usd: percentileInc(sorted, 0.25),
    p50Usd: percentileInc(sorted, 0.5),
    p75Usd: percentileInc(sorted, 0.75),
    p95Usd: percentileInc(sorted, 0.95),
  };
  return leaseNpvUsd === undefined ? summary : { ...summary, probMiningAboveLease: above / n };
}
