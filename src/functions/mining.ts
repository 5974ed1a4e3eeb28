/**
 * Mining economics custom functions (thin adapters over core/mining).
 * Parameters are typed `any`/`any[][]` so Excel passes raw values and the adapter, not Excel,
 * produces the error message that names the argument.
 * The JSDoc blocks below are what custom-functions-metadata turns into functions.json.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { hashpriceUsdPerPhDay } from "../core/mining";
import { marketValues } from "../market/values";
import { defineGridFunction } from "./adapter/define";
import { optNum } from "./adapter/spec";

export const minerHashprice = defineGridFunction({
  id: "MINER_HASHPRICE",
  args: [
    optNum("btc_usd", "USD per BTC", { min: 0, minExclusive: true, broadcast: true, default: () => marketValues().btcUsd }),
    optNum("network_eh_s", "EH/s", { min: 0, minExclusive: true, broadcast: true, default: () => marketValues().networkEhs }),
    optNum("fees_btc_per_block", "BTC per block", { min: 0, broadcast: true, default: () => marketValues().feesBtcPerBlock }),
    optNum("subsidy_btc", "BTC per block", { min: 0, max: 50, broadcast: true, default: () => marketValues().subsidyBtc }),
  ] as const,
  compute: hashpriceUsdPerPhDay,
});

/**
 * Hashprice: the expected USD value of 1 PH/s of hashrate for one day ($/PH/day), as
 * Hashrate Index defines it. Formula: 144 × (subsidy + fees) × BTC price ÷ network PH/s.
 * Omitted inputs come from the current market snapshot; the network hashrate then comes
 * from difficulty (D × 2^32 / 600), giving the difficulty-based hashprice.
 * Every argument accepts a range; ranges broadcast like Excel arithmetic (a row of prices
 * against a column of hashrates spills a grid).
 * Example: =PIVOT.MINER_HASHPRICE(90000, 1000, 0.02, 3.125) returns 40.7592.
 * @customfunction MINER_HASHPRICE
 * @helpurl https://localhost:3000/help.html#MINER_HASHPRICE
 * @param {any[][]} [btc_usd] BTC price, USD per BTC (> 0). Default: market snapshot.
 * @param {any[][]} [network_eh_s] Network hashrate, EH/s (> 0). Default: implied by current difficulty.
 * @param {any[][]} [fees_btc_per_block] Average fees per block, BTC (≥ 0). Default: trailing 144-block average.
 * @param {any[][]} [subsidy_btc] Block subsidy, BTC (0 to 50). Default: subsidy at the current height.
 * @returns {any[][]} Hashprice in USD per PH/s per day.
 */
export function MINER_HASHPRICE(btc_usd?: any[][], network_eh_s?: any[][], fees_btc_per_block?: any[][], subsidy_btc?: any[][]): any[][] {
  return minerHashprice.invoke(btc_usd, network_eh_s, fees_btc_per_block, subsidy_btc);
}
