/**
 * The market values the custom functions read when a market argument is omitted.
 * Synchronous on purpose: a function must answer at once from what is known
 * (latest refresh, else last good, else the embedded snapshot).
 */
import embedded from "./embedded-snapshot.json";

export interface MarketValues {
  readonly btcUsd: number;
  readonly difficulty: number;
  /** Network hashrate implied by difficulty, EH/s (D × 2^32 / 600 / 1e18). */
  readonly networkEhs: number;
  /** Trailing 144-block average fees per block, BTC. */
  readonly feesBtcPerBlock: number;
  readonly height: number;
  readonly subsidyBtc: number;
}

let current: MarketValues = {
  btcUsd: embedded.btc_usd.value,
  difficulty: embedded.difficulty.value,
  networkEhs: (embedded.difficulty.value * 2 ** 32) / 600 / 1e18,
  feesBtcPerBlock: embedded.fees_btc_per_block.value,
  height: embedded.height.value,
  subsidyBtc: embedded.subsidy_btc.value,
};

export function marketValues(): MarketValues {
  return current;
}

export function setMarketValues(values: MarketValues): void {
  current = values;
}
