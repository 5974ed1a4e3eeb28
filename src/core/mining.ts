/**
 * Bitcoin mining economics: pure functions, no I/O. Sources: ../shared/reference/domain.md
 * (Hashrate Index / Luxor definitions; Bitcoin Core `GetBlockSubsidy`).
 */

/** Blocks a day at the 600-second target spacing. */
export const BLOCKS_PER_DAY = 144;

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
  return (BLOCKS_PER_DAY * (subsidyBtc + feesBtcPerBlock) * btcUsd) / (networkEhs * 1000);
}
