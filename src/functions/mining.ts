/**
 * Mining economics custom functions (thin adapters over core/mining, core/halving and
 * core/hashpricePath).
 * Parameters are typed `any`/`any[][]` so Excel passes raw values and the adapter, not Excel,
 * produces the error message that names the argument.
 * The JSDoc blocks below are what custom-functions-metadata turns into functions.json.
 *
 * Argument specs (domain, unit, default) come from ./args, shared with the lease functions.
 * Market defaults: an omitted market argument reads the market snapshot at each call. The
 * snapshot derives the network hashrate from difficulty (D × 2^32 / 600), the subsidy from
 * the height (Bitcoin Core's rule) and the hashprice from those, so the defaults agree with
 * each other and with the difficulty-based hashprice Hashrate Index publishes.
 */

import { blockSubsidyBtc, halvingDateSerial } from "../core/halving";
import { HASHPRICE_PATH_COLUMNS, hashpricePath } from "../core/hashpricePath";
import { serialFromUnixMs } from "../core/excelDate";
import { ModelError } from "../core/errors";
import {
  breakevenPowerUsdPerKwh,
  costUsdPerBtc,
  hashcostUsdPerPhDay,
  hashpriceUsdPerPhDay,
  hashvalueBtcPerPhDay,
  marginUsdPerMwYear,
  networkEhsFromDifficulty,
  revenueUsdPerMwYear,
} from "../core/mining";
import { defineFunction, defineGridFunction } from "./adapter/define";
import {
  asOf,
  blockMinutes,
  blockSeconds,
  btcGrowthYr,
  btcUsd,
  difficulty,
  efficiencyJPerTh as efficiency,
  feesBtcPerBlock as feesBtc,
  hashpriceUsdPerPhDay as hashprice,
  hashrateGrowthYr,
  headers,
  height,
  marketHeight,
  marketHeightAsOfSerial,
  marketHeightOnDay,
  months,
  networkEhs,
  otherUsdPerPhDay,
  poolFee,
  powerUsdPerKwh as power,
  scalar,
  startDate,
  startHeight,
  subsidyBtc,
  uptime,
  which,
  withoutDefault,
} from "./args";

/** The time of the call as an Excel serial (UTC). */
function nowSerial(): number {
  return serialFromUnixMs(Date.now());
}

// ---- functions --------------------------------------------------------------------------

export const minerHashprice = defineGridFunction({
  id: "MINER_HASHPRICE",
  args: [btcUsd, networkEhs, feesBtc, subsidyBtc] as const,
  compute: hashpriceUsdPerPhDay,
});

/**
 * Hashprice: the expected USD value of 1 PH/s of hashrate for one day ($/PH/day), as
 * Hashrate Index (Luxor) defines it; gross of pool fees.
 * Formula: 144 × (subsidy + fees) × BTC price ÷ (network EH/s × 1000).
 * Omitted inputs come from the current market snapshot; the network hashrate then comes
 * from difficulty (D × 2^32 / 600), giving the difficulty-based hashprice, and the subsidy
 * from the height (Bitcoin Core's rule). $/TH/day is this ÷ 1000.
 * Every argument accepts a range; ranges broadcast like Excel arithmetic (a row of prices
 * against a column of hashrates spills a grid). Mismatched shapes give #VALUE!.
 * Source: Hashrate Index hashprice definition; Bitcoin Core GetBlockSubsidy.
 * Example: =PIVOT.MINER_HASHPRICE(90000, 1000, 0.02, 3.125) returns 40.7592
 * @customfunction MINER_HASHPRICE
 * @helpurl https://localhost:3000/help.html#MINER_HASHPRICE
 * @param {any[][]} [btc_usd] BTC price, USD per BTC (> 0). Default: market snapshot.
 * @param {any[][]} [network_eh_s] Network hashrate, EH/s (> 0). Default: market snapshot, implied by difficulty (D × 2^32 / 600).
 * @param {any[][]} [fees_btc_per_block] Average fees per block, BTC (≥ 0). Default: market trailing 144-block average.
 * @param {any[][]} [subsidy_btc] Block subsidy, BTC (≥ 0 and ≤ 50). Default: market snapshot, Bitcoin Core's subsidy at the market height.
 * @returns {any[][]} Hashprice in USD per PH/s per day.
 */
export function MINER_HASHPRICE(
  btc_usd?: any[][],
  network_eh_s?: any[][],
  fees_btc_per_block?: any[][],
  subsidy_btc?: any[][],
): any[][] {
  return minerHashprice.invoke(btc_usd, network_eh_s, fees_btc_per_block, subsidy_btc);
}

export const minerHashvalue = defineGridFunction({
  id: "MINER_HASHVALUE",
  args: [networkEhs, feesBtc, subsidyBtc] as const,
  compute: hashvalueBtcPerPhDay,
});

/**
 * Hashvalue: the BTC that 1 PH/s of hashrate earns in one day on average (BTC/PH/day), as
 * Hashrate Index defines it; gross of pool fees.
 * Formula: 144 × (subsidy + fees) ÷ (network EH/s × 1000). Equal to the difficulty form
 * 86400 × 1e15 × (subsidy + fees) ÷ (D × 2^32) when the hashrate is implied by difficulty.
 * Omitted inputs come from the market snapshot (hashrate from difficulty, subsidy from height).
 * Every argument accepts a range and broadcasts.
 * Source: Hashrate Index hashvalue definition.
 * Example: =PIVOT.MINER_HASHVALUE(1000, 0.02, 3.125) returns 0.00045288
 * @customfunction MINER_HASHVALUE
 * @helpurl https://localhost:3000/help.html#MINER_HASHVALUE
 * @param {any[][]} [network_eh_s] Network hashrate, EH/s (> 0). Default: market snapshot, implied by difficulty (D × 2^32 / 600).
 * @param {any[][]} [fees_btc_per_block] Average fees per block, BTC (≥ 0). Default: market trailing 144-block average.
 * @param {any[][]} [subsidy_btc] Block subsidy, BTC (≥ 0 and ≤ 50). Default: market snapshot, Bitcoin Core's subsidy at the market height.
 * @returns {any[][]} Hashvalue in BTC per PH/s per day.
 */
export function MINER_HASHVALUE(network_eh_s?: any[][], fees_btc_per_block?: any[][], subsidy_btc?: any[][]): any[][] {
  return minerHashvalue.invoke(network_eh_s, fees_btc_per_block, subsidy_btc);
}

export const networkHashrate = defineGridFunction({
  id: "NETWORK_HASHRATE",
  args: [difficulty, blockSeconds] as const,
  compute: networkEhsFromDifficulty,
});

/**
 * Network hashrate implied by a difficulty, in EH/s: each block takes D × 2^32 hashes on
 * average, so at one block per block_seconds the hashrate is D × 2^32 ÷ block_seconds ÷ 1e18.
 * With the 600-second target this is the hashrate behind the difficulty-based hashprice.
 * Every argument accepts a range and broadcasts.
 * Source: Bitcoin difficulty definition (target = max target ÷ D; 2^32 hashes per unit).
 * Example: =PIVOT.NETWORK_HASHRATE(148260000000000) returns 1061.2864
 * @customfunction NETWORK_HASHRATE
 * @helpurl https://localhost:3000/help.html#NETWORK_HASHRATE
 * @param {any[][]} difficulty Network difficulty (> 0), e.g. 148.26T = 148260000000000.
 * @param {any[][]} [block_seconds] Average seconds between blocks (> 0). Default: 600, the target.
 * @returns {any[][]} Network hashrate in EH/s.
 */
export function NETWORK_HASHRATE(difficulty: any[][], block_seconds?: any[][]): any[][] {
  return networkHashrate.invoke(difficulty, block_seconds);
}

export const blockSubsidy = defineGridFunction({
  id: "BLOCK_SUBSIDY",
  args: [height] as const,
  compute: blockSubsidyBtc,
});

/**
 * Block subsidy in BTC at a block height, exactly as Bitcoin Core's GetBlockSubsidy computes
 * it in satoshis: 5,000,000,000 sat shifted right by floor(height ÷ 210,000) halvings,
 * truncating, and zero from 64 halvings on (in fact from 33, when the shift reaches 0 sat).
 * Block 840,000 cut it to 3.125 BTC; block 1,050,000 cuts it to 1.5625 BTC.
 * The height accepts a range and broadcasts.
 * Source: Bitcoin Core src/validation.cpp, GetBlockSubsidy.
 * Example: =PIVOT.BLOCK_SUBSIDY(1050000) returns 1.5625
 * @customfunction BLOCK_SUBSIDY
 * @helpurl https://localhost:3000/help.html#BLOCK_SUBSIDY
 * @param {any[][]} [height] Block height, a whole number ≥ 0 and ≤ 2147483647. Default: market height.
 * @returns {any[][]} Block subsidy in BTC.
 */
export function BLOCK_SUBSIDY(height?: any[][]): any[][] {
  return blockSubsidy.invoke(height);
}

export const halvingDate = defineGridFunction({
  id: "HALVING_DATE",
  // height's default (the market height) goes with its own time, so compute applies it.
  args: [which, withoutDefault(height), blockMinutes, asOf] as const,
  compute: (ahead: number, tip: number | undefined, minutes: number, at: number | undefined): number => {
    const h = tip ?? marketHeight();
    const t = at ?? (tip === undefined ? marketHeightAsOfSerial() : nowSerial());
    return halvingDateSerial(ahead, h, minutes, t);
  },
});

/**
 * Estimated date and time (UTC) of the next halving, or of the which-th next one, as an
 * Excel date serial: format the cell as a date; INT() gives the day. Independent of the
 * machine's time zone.
 * Formula: as_of + (halving height − height) × block_minutes ÷ 1440, where the halving
 * height is (floor(height ÷ 210,000) + which) × 210,000, the first block with the lower
 * subsidy (at height 840,000 the next halving is 1,050,000).
 * Defaults: height and its time from the market snapshot; a height you give is taken as the
 * tip at as_of, which defaults to the time of calculation (the cell recalculates only when
 * Excel recalculates it). Serial = Unix ms ÷ 86,400,000 + 25,569.
 * Every argument accepts a range and broadcasts: which = {1;2;3} lists three halvings.
 * Source: Bitcoin Core consensus (210,000-block halving interval, 10-minute target).
 * Example: =PIVOT.HALVING_DATE(1, 931000, 10, 46034) returns 46860.3889
 * @customfunction HALVING_DATE
 * @helpurl https://localhost:3000/help.html#HALVING_DATE
 * @param {any[][]} [which] Which halving ahead, a whole number ≥ 1 and ≤ 64: 1 = the next (default).
 * @param {any[][]} [height] Chain tip height, a whole number ≥ 0 and ≤ 2147483647. Default: market height.
 * @param {any[][]} [block_minutes] Average minutes per block (> 0 and ≤ 1440). Default: 10, the target.
 * @param {any[][]} [as_of] Date-time (Excel serial, UTC, ≥ 61 and ≤ 2958465) when height was the tip. Default: the market height's time if height is omitted, else now.
 * @returns {any[][]} Estimated halving date-time as an Excel date serial (UTC).
 */
export function HALVING_DATE(which?: any[][], height?: any[][], block_minutes?: any[][], as_of?: any[][]): any[][] {
  return halvingDate.invoke(which, height, block_minutes, as_of);
}

export const minerHashcost = defineGridFunction({
  id: "MINER_HASHCOST",
  args: [efficiency, power, otherUsdPerPhDay] as const,
  compute: hashcostUsdPerPhDay,
});

/**
 * Hashcost: the energy cost of running 1 PH/s for one day ($/PH/day), plus any other cost
 * you give in $/PH/day. 1 PH/s at E J/TH draws E kW, so it uses 24 × E kWh a day.
 * Formula: efficiency_j_th × power_usd_kwh × 24 + other_usd_ph_day.
 * Convention: energy-only fleet hashcost excludes depreciation; add
 * corporate, financial or D&A costs through other_usd_ph_day for "total" or "all-in".
 * Every argument accepts a range and broadcasts.
 * Source: the definition (energy of 1 PH/s for a day × the power price), in the $/PH/day unit
 * of Hashrate Index's published hashprice, so the two compare directly (https://hashrateindex.com/blog/hashrate-index-roundup-january-12-2026).
 * Example: =PIVOT.MINER_HASHCOST(20, 0.05) returns 24
 * @customfunction MINER_HASHCOST
 * @helpurl https://localhost:3000/help.html#MINER_HASHCOST
 * @param {any[][]} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any[][]} power_usd_kwh Power price, USD per kWh (≥ 0 and ≤ 10; $/MWh ÷ 1000, so $50/MWh is 0.05).
 * @param {any[][]} [other_usd_ph_day] Other costs, USD per PH/s per day (≥ 0). Default: 0.
 * @returns {any[][]} Hashcost in USD per PH/s per day.
 */
export function MINER_HASHCOST(efficiency_j_th: any[][], power_usd_kwh: any[][], other_usd_ph_day?: any[][]): any[][] {
  return minerHashcost.invoke(efficiency_j_th, power_usd_kwh, other_usd_ph_day);
}

export const minerBreakevenPower = defineGridFunction({
  id: "MINER_BREAKEVEN_POWER",
  args: [efficiency, hashprice, poolFee] as const,
  compute: breakevenPowerUsdPerKwh,
});

/**
 * Break-even power price ($/kWh): the power price at which a miner's energy hashcost equals
 * the hashprice after the pool fee. Multiply by 1000 for $/MWh.
 * Formula: hashprice_usd_ph_day × (1 − pool_fee) ÷ (24 × efficiency_j_th).
 * Reproduces Hashrate Index's $97 / $75 / $51 per MWh for 17 / 22 / 32 J/TH at $39.53/PH/day.
 * Every argument accepts a range and broadcasts.
 * Source: Hashrate Index (Luxor) break-even power analysis, 2026-01-12.
 * Example: =PIVOT.MINER_BREAKEVEN_POWER(17, 39.53) returns 0.0969
 * @customfunction MINER_BREAKEVEN_POWER
 * @helpurl https://localhost:3000/help.html#MINER_BREAKEVEN_POWER
 * @param {any[][]} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any[][]} [hashprice_usd_ph_day] Hashprice, USD per PH/s per day (≥ 0). Default: the market snapshot's hashprice.
 * @param {any[][]} [pool_fee] Pool fee, fraction of revenue (≥ 0 and < 1; 0.02 = 2%). Default: 0 (gross, as Hashrate Index).
 * @returns {any[][]} Break-even power price in USD per kWh.
 */
export function MINER_BREAKEVEN_POWER(
  efficiency_j_th: any[][],
  hashprice_usd_ph_day?: any[][],
  pool_fee?: any[][],
): any[][] {
  return minerBreakevenPower.invoke(efficiency_j_th, hashprice_usd_ph_day, pool_fee);
}

export const minerRevenuePerMw = defineGridFunction({
  id: "MINER_REVENUE_PER_MW",
  args: [efficiency, hashprice, uptime] as const,
  compute: revenueUsdPerMwYear,
});

/**
 * Gross mining revenue of 1 MW of miners for a year ($/MW/year), before pool fees and costs.
 * A MW at E J/TH runs 1000 ÷ E PH/s (the MW is the miners' own draw; no cooling or PUE).
 * Formula: hashprice_usd_ph_day × (1000 ÷ efficiency_j_th) × 365 × uptime.
 * At $39.53/PH/day that is about $0.45M to $0.85M per MW per year for 32 to 17 J/TH.
 * Every argument accepts a range and broadcasts.
 * Source: hashprice as Hashrate Index publishes it (https://hashrateindex.com/blog/hashrate-index-roundup-january-12-2026); a 365-day year.
 * Example: =PIVOT.MINER_REVENUE_PER_MW(32, 39.53, 1) returns 450889.0625
 * @customfunction MINER_REVENUE_PER_MW
 * @helpurl https://localhost:3000/help.html#MINER_REVENUE_PER_MW
 * @param {any[][]} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any[][]} [hashprice_usd_ph_day] Hashprice, USD per PH/s per day (≥ 0). Default: the market snapshot's hashprice.
 * @param {any[][]} [uptime] Fraction of hours the fleet runs (> 0 and ≤ 1; 0.95 = 95%). Default: 1.
 * @returns {any[][]} Gross revenue in USD per MW per year.
 */
export function MINER_REVENUE_PER_MW(
  efficiency_j_th: any[][],
  hashprice_usd_ph_day?: any[][],
  uptime?: any[][],
): any[][] {
  return minerRevenuePerMw.invoke(efficiency_j_th, hashprice_usd_ph_day, uptime);
}

export const minerMarginPerMw = defineGridFunction({
  id: "MINER_MARGIN_PER_MW",
  args: [efficiency, power, hashprice, uptime, poolFee] as const,
  compute: marginUsdPerMwYear,
});

/**
 * Mining margin of 1 MW of miners for a year ($/MW/year): revenue after the pool fee, less
 * energy. Uptime scales both (a curtailed hour neither earns nor draws power). Excludes
 * depreciation and other costs. A MW at E J/TH runs 1000 ÷ E PH/s.
 * Formula: (1000 ÷ E) × 365 × uptime × (hashprice × (1 − pool_fee) − E × power_usd_kwh × 24),
 * i.e. revenue × (1 − pool_fee) − 8,760,000 kWh × uptime × power_usd_kwh. Can be negative.
 * Every argument accepts a range and broadcasts.
 * Source: hashprice as Hashrate Index publishes it (https://hashrateindex.com/blog/hashrate-index-roundup-january-12-2026); pool_fee is
 * the pool's share of revenue (0.02 for 2%).
 * Example: =PIVOT.MINER_MARGIN_PER_MW(22, 0.05, 39.53, 0.95, 0.02) returns 194485.7705
 * @customfunction MINER_MARGIN_PER_MW
 * @helpurl https://localhost:3000/help.html#MINER_MARGIN_PER_MW
 * @param {any[][]} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any[][]} power_usd_kwh Power price, USD per kWh (≥ 0 and ≤ 10; $/MWh ÷ 1000, so $50/MWh is 0.05).
 * @param {any[][]} [hashprice_usd_ph_day] Hashprice, USD per PH/s per day (≥ 0). Default: the market snapshot's hashprice.
 * @param {any[][]} [uptime] Fraction of hours the fleet runs (> 0 and ≤ 1; 0.95 = 95%). Default: 1.
 * @param {any[][]} [pool_fee] Pool fee, fraction of revenue (≥ 0 and < 1; 0.02 = 2%). Default: 0.
 * @returns {any[][]} Margin in USD per MW per year.
 */
export function MINER_MARGIN_PER_MW(
  efficiency_j_th: any[][],
  power_usd_kwh: any[][],
  hashprice_usd_ph_day?: any[][],
  uptime?: any[][],
  pool_fee?: any[][],
): any[][] {
  return minerMarginPerMw.invoke(efficiency_j_th, power_usd_kwh, hashprice_usd_ph_day, uptime, pool_fee);
}

export const minerCostPerBtc = defineGridFunction({
  id: "MINER_COST_PER_BTC",
  args: [efficiency, power, networkEhs, feesBtc, subsidyBtc, poolFee] as const,
  compute: costUsdPerBtc,
});

/**
 * Energy cost to mine one BTC (USD per BTC): energy hashcost ÷ BTC earned per PH/s per day
 * after the pool fee. Uptime cancels out. Excludes depreciation and other costs.
 * Formula: 24 × E × P ÷ (144 × (subsidy + fees) × (1 − pool_fee) ÷ (network EH/s × 1000)).
 * #NUM! when subsidy + fees is 0 (no BTC is mined).
 * Omitted market inputs come from the snapshot (hashrate from difficulty, subsidy from height).
 * Every argument accepts a range and broadcasts.
 * Source: the definition (energy hashcost ÷ BTC earned per PH/s per day, the BTC counterpart of
 * Hashrate Index's hashprice, https://hashrateindex.com/blog/hashrate-index-roundup-january-12-2026).
 * Example: =PIVOT.MINER_COST_PER_BTC(20, 0.05, 1000, 0.02, 3.125) returns 52994.1706
 * @customfunction MINER_COST_PER_BTC
 * @helpurl https://localhost:3000/help.html#MINER_COST_PER_BTC
 * @param {any[][]} efficiency_j_th Fleet efficiency, J/TH (> 0 and ≤ 1000).
 * @param {any[][]} power_usd_kwh Power price, USD per kWh (≥ 0 and ≤ 10; $/MWh ÷ 1000, so $50/MWh is 0.05).
 * @param {any[][]} [network_eh_s] Network hashrate, EH/s (> 0). Default: market snapshot, implied by difficulty (D × 2^32 / 600).
 * @param {any[][]} [fees_btc_per_block] Average fees per block, BTC (≥ 0). Default: market trailing 144-block average.
 * @param {any[][]} [subsidy_btc] Block subsidy, BTC (≥ 0 and ≤ 50). Default: market snapshot, Bitcoin Core's subsidy at the market height.
 * @param {any[][]} [pool_fee] Pool fee, fraction of revenue (≥ 0 and < 1; 0.02 = 2%). Default: 0.
 * @returns {any[][]} Energy cost in USD per BTC mined.
 */
export function MINER_COST_PER_BTC(
  efficiency_j_th: any[][],
  power_usd_kwh: any[][],
  network_eh_s?: any[][],
  fees_btc_per_block?: any[][],
  subsidy_btc?: any[][],
  pool_fee?: any[][],
): any[][] {
  return minerCostPerBtc.invoke(
    efficiency_j_th,
    power_usd_kwh,
    network_eh_s,
    fees_btc_per_block,
    subsidy_btc,
    pool_fee,
  );
}

export const minerHashpricePath = defineFunction({
  id: "MINER_HASHPRICE_PATH",
  args: [
    scalar(months),
    scalar(btcUsd),
    scalar(networkEhs),
    scalar(feesBtc),
    scalar(btcGrowthYr),
    scalar(hashrateGrowthYr),
    // start_height's default (the market height) depends on start_date, so compute applies it.
    scalar(withoutDefault(startHeight)),
    scalar(startDate),
    scalar(headers),
  ] as const,
  compute: (
    n: number,
    price: number,
    network: number,
    fees: number,
    btcGrowth: number,
    hashrateGrowth: number,
    givenHeight: number | undefined,
    givenDate: number | undefined,
    header: number,
  ): (number | string)[][] => {
    const startSerial = givenDate ?? (givenHeight === undefined ? marketHeightAsOfSerial() : nowSerial());
    const start = givenHeight ?? marketHeightOnDay(startSerial);
    if (start < 0) {
      throw new ModelError(
        "value",
        `start_date: the market height ${marketHeight()} carried back to this date at 144 blocks a day is below 0; give start_height.`,
      );
    }
    const rows: (number | string)[][] = hashpricePath({
      months: n,
      btcUsd: price,
      networkEhs: network,
      feesBtcPerBlock: fees,
      btcGrowthYr: btcGrowth,
      hashrateGrowthYr: hashrateGrowth,
      startHeight: start,
      startSerial,
    });
    return header === 1 ? [[...HASHPRICE_PATH_COLUMNS], ...rows] : rows;
  },
});

/**
 * Monthly hashprice path: spills a header row (unless headers is 0, as in STOCKHISTORY)
 * and one row per month: month-end date (Excel serial, UTC; format as a date), block
 * height, subsidy (BTC), network EH/s, hashprice ($/PH/day).
 * Conventions: row k is the k-th month-end after the start date. Height advances 144 blocks
 * a day; the subsidy follows Bitcoin Core, so the halving at block 1,050,000 is a step.
 * Price and hashrate grow at effective annual rates compounded monthly: value × (1 + g)^(m/12)
 * after m calendar months, the part month to the first month-end pro rata by days (so 12
 * months from a month-end start, the value is × (1 + g)). Fees stay constant in BTC.
 * Hashprice each month: 144 × (subsidy + fees) × price ÷ (EH/s × 1000).
 * Defaults: market snapshot, growth 0. Neither start given: the market height on the day it
 * was observed. start_date alone: the market height carried to that date at 144 blocks a day,
 * height + 144 × (start day − the market height's day). start_height alone: today.
 * Source: Hashrate Index hashprice definition; Bitcoin Core GetBlockSubsidy.
 * Example: =PIVOT.MINER_HASHPRICE_PATH(24, 90000, 1000, 0.02, 0, 0, 1040000, 46753) spills a header and
 * 24 rows from 1 Jan 2028 (serial 46753) at block 1,040,000: row 1 is 31 Jan 2028 (46783), height 1,044,320,
 * hashprice 40.7592; row 3 is 31 Mar 2028 (46843), height 1,052,960, past the halving, hashprice 20.5092.
 * @customfunction MINER_HASHPRICE_PATH
 * @helpurl https://localhost:3000/help.html#MINER_HASHPRICE_PATH
 * @param {any} months Months in the path, a whole number ≥ 1 and ≤ 600.
 * @param {any} [btc_usd] BTC price at the start, USD per BTC (> 0). Default: market snapshot.
 * @param {any} [network_eh_s] Network hashrate at the start, EH/s (> 0). Default: market snapshot, implied by difficulty (D × 2^32 / 600).
 * @param {any} [fees_btc_per_block] Average fees per block, BTC (≥ 0), held constant. Default: market trailing 144-block average.
 * @param {any} [btc_growth_yr] BTC price growth, effective annual rate (> -1 and ≤ 10; 0.2 = +20% a year). Default: 0.
 * @param {any} [hashrate_growth_yr] Network hashrate growth, effective annual rate (> -1 and ≤ 10; 0.2 = +20% a year). Default: 0.
 * @param {any} [start_height] Block height at the start date, a whole number ≥ 0 and ≤ 2147483647. Default: the market height, carried to start_date at 144 blocks a day.
 * @param {any} [start_date] Start date (Excel serial, UTC, ≥ 61 and ≤ 2958465). Default: the market height's date if start_height is omitted, else today.
 * @param {any} [headers] A whole number ≥ 0 and ≤ 1: 1 or TRUE spills a header row first (default), 0 or FALSE data rows only.
 * @returns {any[][]} The path: one row per month, five columns.
 */
export function MINER_HASHPRICE_PATH(
  months: any,
  btc_usd?: any,
  network_eh_s?: any,
  fees_btc_per_block?: any,
  btc_growth_yr?: any,
  hashrate_growth_yr?: any,
  start_height?: any,
  start_date?: any,
  headers?: any,
): any[][] {
  const result = minerHashpricePath.invoke(
    months,
    btc_usd,
    network_eh_s,
    fees_btc_per_block,
    btc_growth_yr,
    hashrate_growth_yr,
    start_height,
    start_date,
    typeof headers === "boolean" ? Number(headers) : headers,
  );
  return Array.isArray(result) ? result : [[result]];
}
