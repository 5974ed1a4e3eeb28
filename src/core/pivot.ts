/**
 * The pivot question: what a MW earns mining, month by month to the end of a horizon, against
 * what it earns leased to an HPC tenant. Pure maths, no I/O.
 * Sources: hashprice as Hashrate Index publishes it (mining.ts); halvings by Bitcoin Core's
 * GetBlockSubsidy (halving.ts); the lease side is lease.ts's model.
 *
 * Mining model (one MW of miners, monthly steps, discounted exactly like the lease):
 * - A month is 365.25/12 = 30.4375 days; block height advances 144 blocks a day, so
 *   4,383 blocks a month, from `startHeight` at t = 0. Month k (k = 1..round(term × 12))
 *   spans heights startHeight + 4383·(k−1) to startHeight + 4383·k and is paid at t = k/12.
 * - Hashprice (USD per PH/s per day) in month k:
 *     hp_k = hp₀ × (1 + g)^((k−1)/12) × [feeShare + (1 − feeShare) × subsidyRatio_k]
 *   where g is the annual hashprice trend (price and difficulty drift together), feeShare the
 *   share of today's hashprice that comes from fees (fees do not halve), and subsidyRatio_k
 *   the block subsidy averaged over the month's blocks divided by the subsidy at startHeight
 *   (Bitcoin Core GetBlockSubsidy: 50 BTC >> floor(height / 210,000)). The halving at block
 *   1,050,000 thus shows as a step, pro rata within the month it falls in.
 * - A MW at E J/TH runs 1000/E PH/s. Revenue_k = hp_k × (1000/E) × days × uptime × (1 − poolFee).
 *   Power cost_k = powerUsdPerKwh × 1000 kW × 24 h × days × uptime.
 * - Margin_k = max(0, revenue_k − cost_k): a miner switches off rather than run at a loss.
 * - NPV = Σ margin_k × (1 + r)^(−k/12), r the effective annual discount rate (monthly rate
 *   (1 + r)^(1/12) − 1, Excel NPV convention: month 1 discounted one month).
 * Miners are taken as owned (no mining capex) and site costs other than power are ignored.
 * "MW" is the miners' own draw (no cooling or PUE); the breakeven below states how it is
 * compared with a MW of critical IT, and how the two horizons line up.
 */
import { blockSubsidySats, HALVING_INTERVAL } from "./halving";
import { ModelError } from "./errors";
import { checkDiscountRate, leaseNpvUsd, rentMonthsOf, type LeaseTerms } from "./lease";

/** Days in a model month: 365.25 / 12. */
export const DAYS_PER_MONTH = 365.25 / 12;
/** Blocks in a model month at 144 blocks a day: 4,383. */
export const BLOCKS_PER_MONTH = 144 * DAYS_PER_MONTH;

function fail(message: string): never {
  throw new ModelError("num", message);
}

/** Block subsidy in satoshis throughout halving era `era` (Bitcoin Core's rule, from core/halving). */
function subsidySats(era: number): number {
  return era >= 64 ? 0 : SUBSIDY_SATS_BY_ERA[era];
}

/** blockSubsidySats at the start of each era 0…63, computed once (its BigInt shift is slow per call). */
const SUBSIDY_SATS_BY_ERA: readonly number[] = Array.from({ length: 64 }, (_, era) =>
  blockSubsidySats(era * HALVING_INTERVAL),
);

/** Mean block subsidy (satoshis) over the continuous height interval [from, to). */
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

export interface MiningInputs {
  /** Fleet efficiency, J/TH (> 0). */
  readonly efficiencyJPerTh: number;
  /** Power price, USD per kWh (≥ 0). */
  readonly powerUsdPerKwh: number;
  /** Horizon, years; months = round(termYears × 12). */
  readonly termYears: number;
  /** Hashprice at t = 0, USD per PH/s per day (≥ 0). */
  readonly hashpriceUsdPerPhDay: number;
  /** Annual trend of hashprice, compounding monthly (> −1). Default 0. */
  readonly hashpriceGrowthYr?: number;
  /** Share of the time the fleet hashes, in (0, 1]. Default 1. */
  readonly uptime?: number;
  /** Pool fee, share of revenue, in [0, 1). Default 0. */
  readonly poolFee?: number;
  /** Share of today's hashprice that comes from fees (not halved), in [0, 1]. Default 0. */
  readonly feeShare?: number;
  /** Block height at t = 0 (whole, ≥ 0). */
  readonly startHeight: number;
}

/** Discounted mining margin of one MW over the horizon, USD (see the module comment). */
export function miningNpvUsdPerMw(inputs: MiningInputs, discountRate: number): number {
  checkDiscountRate(discountRate);
  const months = rentMonthsOf(inputs.termYears);
  const { efficiencyJPerTh: eff, powerUsdPerKwh: power, hashpriceUsdPerPhDay: hp0, startHeight } = inputs;
  const growth = inputs.hashpriceGrowthYr ?? 0;
  const uptime = inputs.uptime ?? 1;
  const poolFee = inputs.poolFee ?? 0;
  const feeShare = inputs.feeShare ?? 0;
  if (!(eff > 0) || !Number.isFinite(eff)) fail(`efficiency_j_th must be a number > 0 (J/TH); got ${eff}.`);
  if (!(power >= 0) || !Number.isFinite(power)) fail(`power_usd_kwh must be a number ≥ 0 (USD per kWh); got ${power}.`);
  if (!(hp0 >= 0) || !Number.isFinite(hp0)) fail(`hashprice must be a number ≥ 0 (USD per PH/s per day); got ${hp0}.`);
  if (!(growth > -1) || !Number.isFinite(growth))
    fail(`hashprice_growth_yr must be a number > -1 (per year); got ${growth}.`);
  if (!(uptime > 0 && uptime <= 1)) fail(`uptime must be a number > 0 and ≤ 1 (share of time); got ${uptime}.`);
  if (!(poolFee >= 0 && poolFee < 1)) fail(`pool_fee must be a number ≥ 0 and < 1 (share of revenue); got ${poolFee}.`);
  if (!(feeShare >= 0 && feeShare <= 1))
    fail(`fee_share must be a number ≥ 0 and ≤ 1 (share of hashprice); got ${feeShare}.`);
  if (!Number.isInteger(startHeight) || startHeight < 0)
    fail(`start_height must be a whole number ≥ 0 (blocks); got ${startHeight}.`);

  const logDiscount = Math.log1p(discountRate) / 12;
  const monthlyGrowth = Math.log1p(growth) / 12;
  const subsidy0 = subsidySats(Math.floor(startHeight / HALVING_INTERVAL));
  const phPerMw = 1000 / eff;
  const revenuePerHp = phPerMw * DAYS_PER_MONTH * uptime * (1 - poolFee);
  const costUsd = power * 1000 * 24 * DAYS_PER_MONTH * uptime;
  const model: MonthModel = { hp0, feeShare, revenuePerHp, costUsd, monthlyGrowth, logDiscount };

  // Months in eras: within a run of months that all lie inside one halving era the subsidy
  // ratio is constant and the margin is a geometric sequence, summed in closed form; a month
  // that spans a halving is summed on its own, with its pro-rata subsidy.
  let npvUsd = 0;
  let k = 1;
  while (k <= months) {
    const from = startHeight + BLOCKS_PER_MONTH * (k - 1);
    const era = Math.floor(from / HALVING_INTERVAL);
    if (subsidy0 === 0 || era >= 64) {
      npvUsd += sumEraMonths(model, 0, k, months);
      break;
    }
    // Last month k' whose blocks end at or before the next halving: from(k') + 4383 ≤ boundary.
    const lastInEra = Math.floor(((era + 1) * HALVING_INTERVAL - startHeight) / BLOCKS_PER_MONTH);
    if (lastInEra < k) {
      const ratio = meanSubsidySats(from, from + BLOCKS_PER_MONTH) / subsidy0;
      const margin = marginUsd(model, k, ratio);
      if (margin > 0) npvUsd += margin * Math.exp(-k * logDiscount);
      k++;
      continue;
    }
    const last = Math.min(lastInEra, months);
    npvUsd += sumEraMonths(model, subsidySats(era) / subsidy0, k, last);
    k = last + 1;
  }
  return npvUsd;
}

interface MonthModel {
  readonly hp0: number;
  readonly feeShare: number;
  readonly revenuePerHp: number;
  readonly costUsd: number;
  readonly monthlyGrowth: number;
  readonly logDiscount: number;
}

/** Undiscounted margin of month k (USD per MW) at a subsidy ratio: the month-by-month formula. */
function marginUsd(m: MonthModel, k: number, ratio: number): number {
  const hp = m.hp0 * Math.exp((k - 1) * m.monthlyGrowth) * (m.feeShare + (1 - m.feeShare) * ratio);
  return hp * m.revenuePerHp - m.costUsd;
}

/** Σ_{k=p..q} e^{k·x}, q ≥ p: e^{p·x} × (e^{n·x} − 1) / (e^x − 1), n = q − p + 1 (n when x = 0). */
function geometricSum(x: number, p: number, q: number): number {
  const n = q - p + 1;
  if (x === 0) return n;
  return Math.exp(p * x) * (Math.expm1(n * x) / Math.expm1(x));
}

/**
 * Σ max(0, margin_k) × e^{−k·d} over months p..q of one era (constant subsidy ratio):
 * margin_k = a·e^{(k−1)g} − c with a = hp0 × (feeShare + (1 − feeShare) × ratio) × revenue
 * per hashprice, c the power cost, g the monthly log growth, d the monthly log discount.
 * As e^{(k−1)g} is monotone in k, the months with a positive margin are one run at the start
 * (g < 0) or the end (g > 0) of the era, or all or none (g = 0). Its ends come from
 * (k − 1)·g > ln(c / a), checked against the month-by-month formula so that floating-point
 * rounding picks the same months as summing month by month would. On that run the sum is
 *   a·e^{−g} × Σ e^{k(g−d)} − c × Σ e^{−k·d}   (two geometric series).
 */
function sumEraMonths(m: MonthModel, ratio: number, p: number, q: number): number {
  const positive = (k: number): boolean => marginUsd(m, k, ratio) > 0;
  let lo = p;
  let hi = q;
  const g = m.monthlyGrowth;
  if (g > 0 || g < 0) {
    const a = m.hp0 * (m.feeShare + (1 - m.feeShare) * ratio) * m.revenuePerHp;
    // k* where a·e^{(k*−1)g} = c; ±Infinity when a or c is 0 (log of 0 or of Infinity).
    const kStar = 1 + Math.log(m.costUsd / a) / g;
    if (g > 0) lo = Number.isFinite(kStar) ? Math.min(q + 1, Math.max(p, Math.floor(kStar))) : kStar > 0 ? q + 1 : p;
    else hi = Number.isFinite(kStar) ? Math.max(p - 1, Math.min(q, Math.ceil(kStar))) : kStar < 0 ? p - 1 : q;
    // Settle the ends on the formula itself (at most a step or two from k*).
    if (g > 0) {
      while (lo > p && positive(lo - 1)) lo--;
      while (lo <= q && !positive(lo)) lo++;
    } else {
      while (hi < q && positive(hi + 1)) hi++;
      while (hi >= p && !positive(hi)) hi--;
    }
  } else if (!positive(p)) {
    return 0;
  }
  if (lo > hi) return 0;
  const a = m.hp0 * (m.feeShare + (1 - m.feeShare) * ratio) * m.revenuePerHp;
  const d = m.logDiscount;
  return a * Math.exp(-g) * geometricSum(g - d, lo, hi) - m.costUsd * geometricSum(-d, lo, hi);
}

/**
 * The steps miningNpvUsdPerMw takes for a horizon: one closed-form run per halving era and
 * one month summed alone per halving crossed (1 + 2 × halvings crossed, halvings up to the
 * 64th). The adapter caps a call's sum of these (see functions/lease.ts).
 */
export function miningNpvSteps(termYears: number, startHeight: number): number {
  const months = Math.max(0, Math.round(termYears * 12));
  const firstEra = Math.min(64, Math.floor(startHeight / HALVING_INTERVAL));
  const lastEra = Math.min(64, Math.floor((startHeight + BLOCKS_PER_MONTH * months) / HALVING_INTERVAL));
  return 1 + 2 * (lastEra - firstEra);
}

/** Highest PUE accepted (site power per MW of critical IT); modern HPC halls run 1.1 to 1.5. */
export const MAX_PUE = 3;

/**
 * The rent (USD/kW/month, lease year 1) at which leasing one MW of critical IT has the same
 * NPV as mining with the site power it takes:
 *   leaseNpvUsd(1 MW, rent, capex included) = pue × miningNpvUsdPerMw over the same term.
 * The lease NPV is linear in rent: NPV(rent) = NPV(0) + rent × (NPV(1) − NPV(0)), so
 * rent* = (pue × miningNpv − NPV(0)) / (NPV(1) − NPV(0)), where NPV(0) = −PV(capex).
 *
 * Conventions, both stated because they are choices:
 * - Horizons: mining runs months 1…N from t = 0 (N = round(term × 12)); the lease builds for
 *   B months and then pays rent for months B + 1…B + N. So the lease alternative earns
 *   nothing during the build (the site stops mining at t = 0) and its last B months have no
 *   mining counterpart (mining stops at month N).
 * - Power: a MW of miners is the miners' own draw; a MW of the lease is critical IT. `pue`
 *   (≥ 1, default 1) is the site power a MW of critical IT takes, which could instead run
 *   `pue` MW of miners (miners taken to need no cooling overhead). pue = 1 compares MW for MW.
 */
export function pivotBreakevenRentUsdPerKwMonth(
  lease: Omit<LeaseTerms, "criticalMw" | "rentUsdPerKwMonth">,
  mining: MiningInputs,
  discountRate: number,
  pue = 1,
): number {
  if (lease.termYears !== mining.termYears) fail("the lease and mining horizons must be the same term_years.");
  if (!(pue >= 1 && pue <= MAX_PUE))
    fail(`pue must be a number ≥ 1 and ≤ ${MAX_PUE} (MW of site power per MW of critical IT); got ${pue}.`);
  const miningNpv = pue * miningNpvUsdPerMw(mining, discountRate);
  const atZero = leaseNpvUsd({ ...lease, criticalMw: 1, rentUsdPerKwMonth: 0 }, discountRate);
  const atOne = leaseNpvUsd({ ...lease, criticalMw: 1, rentUsdPerKwMonth: 1 }, discountRate);
  return (miningNpv - atZero) / (atOne - atZero);
}

/**
 * The first month (1…round(term × 12)) in which the zero floor of miningNpvUsdPerMw binds: the
 * month's margin before the floor, revenue_k − cost_k in the model above, is ≤ 0, so the fleet
 * switches off. Undefined when the margin stays positive over the whole horizon. The inputs and
 * their checks are miningNpvUsdPerMw's; the month that spans a halving takes its pro-rata subsidy.
 * Example (20 J/TH, $0.05/kWh, $40/PH/day, no fees, start 10 months and 1,000 blocks before block
 * 1,050,000): revenue 60,875 against cost 36,525 USD a month; month 11 holds 1,000 full-subsidy
 * blocks of 4,383 (ratio 0.614, still positive), month 12 is the first at half subsidy: 12.
 */
export function miningFloorMonth(inputs: MiningInputs): number | undefined {
  miningNpvUsdPerMw(inputs, 0); // the same input checks, in the same words
  const months = rentMonthsOf(inputs.termYears);
  const { efficiencyJPerTh: eff, powerUsdPerKwh: power, hashpriceUsdPerPhDay: hp0, startHeight } = inputs;
  const uptime = inputs.uptime ?? 1;
  const subsidy0 = subsidySats(Math.floor(startHeight / HALVING_INTERVAL));
  const model: MonthModel = {
    hp0,
    feeShare: inputs.feeShare ?? 0,
    revenuePerHp: (1000 / eff) * DAYS_PER_MONTH * uptime * (1 - (inputs.poolFee ?? 0)),
    costUsd: power * 1000 * 24 * DAYS_PER_MONTH * uptime,
    monthlyGrowth: Math.log1p(inputs.hashpriceGrowthYr ?? 0) / 12,
    logDiscount: 0,
  };
  // The same walk as miningNpvUsdPerMw: within a run of months inside one halving era the margin
  // a·e^{(k−1)g} − c is monotone in k, so its first month ≤ 0 is found by bisection; a month that
  // spans a halving is checked on its own with its pro-rata subsidy.
  const floored = (k: number, ratio: number): boolean => !(marginUsd(model, k, ratio) > 0);
  const firstIn = (ratio: number, p: number, q: number): number | undefined => {
    if (model.monthlyGrowth >= 0) return floored(p, ratio) ? p : undefined; // margin rises or stays
    if (!floored(q, ratio)) return undefined; // falling margin still positive at the run's end
    let lo = p;
    let hi = q;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (floored(mid, ratio)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  let k = 1;
  while (k <= months) {
    const from = startHeight + BLOCKS_PER_MONTH * (k - 1);
    const era = Math.floor(from / HALVING_INTERVAL);
    if (subsidy0 === 0 || era >= 64) return firstIn(0, k, months);
    const lastInEra = Math.floor(((era + 1) * HALVING_INTERVAL - startHeight) / BLOCKS_PER_MONTH);
    if (lastInEra < k) {
      if (floored(k, meanSubsidySats(from, from + BLOCKS_PER_MONTH) / subsidy0)) return k;
      k++;
      continue;
    }
    const last = Math.min(lastInEra, months);
    const hit = firstIn(subsidySats(era) / subsidy0, k, last);
    if (hit !== undefined) return hit;
    k = last + 1;
  }
  return undefined;
}
