/**
 * Bitcoin mining economics: pure functions, no I/O. Sources: Hashrate Index / Luxor's hashprice
 * definition (the expected value of a unit of hashrate per day) and Bitcoin Core's
 * `GetBlockSubsidy` (./halving.ts).
 *
 * Units are in the names. Conventions used throughout:
 * - 1 EH/s = 1,000 PH/s = 1,000,000 TH/s; a day is 86,400 s; a year is 365 days (8,760 h).
 * - A miner at E J/TH draws E W per TH/s, so 1 PH/s draws E kW and uses 24 × E kWh a day,
 *   and 1 MW of miners runs 1,000 / E PH/s. "MW" is the miners' own draw (no cooling/PUE).
 * - Hashprice is gross: before pool fees and before any cost.
 */
import { ModelError } from "./errors";

/** Blocks a day at the 600-second target spacing. */
export const BLOCKS_PER_DAY = 144;
/** Target seconds between blocks. */
export const TARGET_BLOCK_SECONDS = 600;
/** Days in the year used for per-year figures. */
export const DAYS_PER_YEAR = 365;
/** Hours in a day. */
export const HOURS_PER_DAY = 24;
/** PH/s in one EH/s. */
export const PH_PER_EH = 1000;
/** 2^32: the expected hashes per unit of difficulty. */
export const TWO_POW_32 = 4_294_967_296;

/**
 * Hashprice in USD per PH/s per day (hashrate-based form, Hashrate Index definition).
 *
 * Formula: hashprice = 144 × (subsidyBtc + feesBtcPerBlock) × btcUsd ÷ (networkEhs × 1000)
 * (1 EH/s = 1000 PH/s). With networkEhs = D × 2^32 / 600 / 1e18 this is the
 * difficulty-based hashprice: 86400 × 1e15 × R × price / (D × 2^32).
 *
 * Example: btcUsd 90,000, networkEhs 1,000, fees 0.02 BTC/block, subsidy 3.125 BTC
 * gives 144 × 3.145 × 90,000 / 1,000,000 = 40.7592 $/PH/day.
 */
export function hashpriceUsdPerPhDay(
  btcUsd: number,
  networkEhs: number,
  feesBtcPerBlock: number,
  subsidyBtc: number,
): number {
  return (BLOCKS_PER_DAY * (subsidyBtc + feesBtcPerBlock) * btcUsd) / (networkEhs * PH_PER_EH);
}

/**
 * Hashvalue in BTC per PH/s per day: the BTC that 1 PH/s earns in a day on average.
 *
 * Formula: 144 × (subsidyBtc + feesBtcPerBlock) ÷ (networkEhs × 1000).
 * Example: networkEhs 1,000, fees 0.02, subsidy 3.125 gives 144 × 3.145 / 1e6 = 0.00045288.
 */
export function hashvalueBtcPerPhDay(networkEhs: number, feesBtcPerBlock: number, subsidyBtc: number): number {
  return (BLOCKS_PER_DAY * (subsidyBtc + feesBtcPerBlock)) / (networkEhs * PH_PER_EH);
}

/**
 * Network hashrate implied by difficulty, in EH/s: D × 2^32 / blockSeconds / 1e18.
 * Each block needs on average D × 2^32 hashes; at one block per `blockSeconds` (600 on
 * target) that is the hashrate. Example: D = 148.26e12 gives 148.26e12 × 4,294,967,296 / 600 / 1e18 = 1,061.2864 EH/s.
 */
export function networkEhsFromDifficulty(difficulty: number, blockSeconds = TARGET_BLOCK_SECONDS): number {
  return (difficulty * TWO_POW_32) / blockSeconds / 1e18;
}

/**
 * The share of the block reward that is fees: fees ÷ (subsidy + fees), 0 when the reward is 0.
 * Fees do not halve, so this is the part of today's hashprice a halving leaves alone.
 * Example: Hashrate Index's 0.55% of rewards, fees = 0.0055 × 3.125 ÷ 0.9945 BTC, gives 0.0055.
 */
export function feeShareOfReward(feesBtcPerBlock: number, subsidyBtc: number): number {
  const reward = subsidyBtc + feesBtcPerBlock;
  return reward > 0 ? feesBtcPerBlock / reward : 0;
}

/**
 * Energy hashcost in USD per PH/s per day, plus any other cost already in $/PH/day.
 *
 * Formula: efficiencyJPerTh × powerUsdPerKwh × 24 + otherUsdPerPhDay
 * (1 PH/s at E J/TH draws E kW, so it uses 24 × E kWh a day).
 * Example: 20 J/TH at $0.05/kWh gives 24 $/PH/day.
 */
export function hashcostUsdPerPhDay(efficiencyJPerTh: number, powerUsdPerKwh: number, otherUsdPerPhDay = 0): number {
  return efficiencyJPerTh * powerUsdPerKwh * HOURS_PER_DAY + otherUsdPerPhDay;
}

/**
 * Break-even power price in USD per kWh: the power price at which the energy hashcost
 * equals the hashprice net of the pool fee.
 *
 * Formula: hashpriceUsdPerPhDay × (1 − poolFee) ÷ (24 × efficiencyJPerTh).
 * Reproduces Hashrate Index's $97 / $75 / $51 per MWh for 17 / 22 / 32 J/TH at $39.53/PH/day.
 */
export function breakevenPowerUsdPerKwh(efficiencyJPerTh: number, hashpriceUsdPerPhDay: number, poolFee = 0): number {
  return (hashpriceUsdPerPhDay * (1 - poolFee)) / (HOURS_PER_DAY * efficiencyJPerTh);
}

/** PH/s run by 1 MW of miners at `efficiencyJPerTh`: 1e6 W ÷ E W per TH/s ÷ 1000 = 1000 / E. */
export function phPerMw(efficiencyJPerTh: number): number {
  return PH_PER_EH / efficiencyJPerTh;
}

/**
 * Gross mining revenue of 1 MW of miners per year, in USD.
 *
 * Formula: hashpriceUsdPerPhDay × (1000 / efficiencyJPerTh) × 365 × uptime.
 * Example: $39.53/PH/day at 32 J/TH and full uptime gives 39.53 × 31.25 × 365 = $450,889.06.
 */
export function revenueUsdPerMwYear(efficiencyJPerTh: number, hashpriceUsdPerPhDay: number, uptime = 1): number {
  return hashpriceUsdPerPhDay * phPerMw(efficiencyJPerTh) * DAYS_PER_YEAR * uptime;
}

/**
 * Mining margin of 1 MW of miners per year, in USD: revenue after the pool fee less energy.
 * Uptime scales both: a curtailed hour neither earns nor draws power.
 *
 * Formula: (1000 / E) × 365 × uptime × (hashprice × (1 − poolFee) − E × powerUsdPerKwh × 24),
 * which equals revenue × (1 − poolFee) − 8,760,000 kWh × uptime × powerUsdPerKwh.
 */
export function marginUsdPerMwYear(
  efficiencyJPerTh: number,
  powerUsdPerKwh: number,
  hashpriceUsdPerPhDay: number,
  uptime = 1,
  poolFee = 0,
): number {
  const netUsdPerPhDay = hashpriceUsdPerPhDay * (1 - poolFee) - hashcostUsdPerPhDay(efficiencyJPerTh, powerUsdPerKwh);
  return phPerMw(efficiencyJPerTh) * DAYS_PER_YEAR * uptime * netUsdPerPhDay;
}

/**
 * Energy cost to mine one BTC, in USD per BTC: energy hashcost ÷ BTC earned per PH/s-day
 * after the pool fee. Uptime cancels out (both energy and BTC scale with it).
 *
 * Formula: 24 × E × P ÷ (144 × (subsidy + fees) × (1 − poolFee) ÷ (networkEhs × 1000)).
 * Throws ModelError "num" when subsidy + fees is 0 (no BTC is mined).
 */
export function costUsdPerBtc(
  efficiencyJPerTh: number,
  powerUsdPerKwh: number,
  networkEhs: number,
  feesBtcPerBlock: number,
  subsidyBtc: number,
  poolFee = 0,
): number {
  const btcPerPhDay = hashvalueBtcPerPhDay(networkEhs, feesBtcPerBlock, subsidyBtc) * (1 - poolFee);
  if (!(btcPerPhDay > 0)) {
    throw new ModelError(
      "num",
      "cost per BTC is undefined: subsidy_btc + fees_btc_per_block is 0, so no BTC is mined.",
    );
  }
  return hashcostUsdPerPhDay(efficiencyJPerTh, powerUsdPerKwh) / btcPerPhDay;
}
