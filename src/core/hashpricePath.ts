/**
 * A monthly hashprice path: month-end date, block height, subsidy, network hashrate and
 * hashprice, month by month from a start date. Pure: the start date is an input.
 *
 * Conventions (documented on PIVOT.MINER_HASHPRICE_PATH too):
 * - Row k (k = 1 … months) is the k-th month-end strictly after the start day: a start on
 *   12 Jan gives 31 Jan, 28 Feb, …; a start on 31 Jan gives 28 Feb, 31 Mar, …
 *   Dates are whole Excel serials (UTC days); the start's time of day is ignored.
 * - Height advances 144 blocks a day: height_k = startHeight + 144 × (date_k − startDay).
 * - Subsidy_k is Bitcoin Core's subsidy at height_k, so the halving at 1,050,000 is a step.
 * - BTC price and network hashrate grow at effective annual rates compounded monthly:
 *   value_k = value_0 × (1 + g)^(m_k / 12), where m_k counts calendar months from the start,
 *   the part month up to the first month-end pro rata by days (start 12 Jan: m_1 = 19/31,
 *   m_2 = 1 + 19/31). From a month-end start, row 12 is exactly value_0 × (1 + g).
 * - Fees per block stay at `feesBtcPerBlock` (BTC) throughout.
 * - Hashprice_k = 144 × (subsidy_k + fees) × price_k ÷ (networkEhs_k × 1000).
 */
import { ModelError } from "./errors";
import { blockSubsidyBtc, MAX_HEIGHT } from "./halving";
import { daysInMonth, endOfMonthSerial, MAX_EXCEL_SERIAL, utcDayOfSerial } from "./excelDate";
import { BLOCKS_PER_DAY, hashpriceUsdPerPhDay } from "./mining";

export interface HashpricePathInputs {
  readonly months: number;
  readonly btcUsd: number;
  readonly networkEhs: number;
  readonly feesBtcPerBlock: number;
  /** Effective annual growth of the BTC price (0.2 = +20% a year). */
  readonly btcGrowthYr: number;
  /** Effective annual growth of the network hashrate. */
  readonly hashrateGrowthYr: number;
  readonly startHeight: number;
  /** Excel serial of the start day (UTC); the fraction is ignored. */
  readonly startSerial: number;
}

/** One month-end: [dateSerial, height, subsidyBtc, networkEhs, hashpriceUsdPerPhDay]. */
export type HashpricePathRow = [number, number, number, number, number];

export const HASHPRICE_PATH_COLUMNS = [
  "Month end",
  "Height",
  "Subsidy BTC",
  "Network EH/s",
  "Hashprice USD/PH/day",
] as const;

export function hashpricePath(inputs: HashpricePathInputs): HashpricePathRow[] {
  const { months, btcUsd, networkEhs, feesBtcPerBlock, btcGrowthYr, hashrateGrowthYr, startHeight } = inputs;
  if (!Number.isInteger(months) || months < 1) {
    throw new ModelError("num", `months must be a whole number ≥ 1; got ${months}.`);
  }
  if (!(btcGrowthYr > -1) || !(hashrateGrowthYr > -1)) {
    throw new ModelError("num", "growth rates must be > -1 (-100% a year).");
  }
  const startDay = Math.floor(inputs.startSerial);
  const start = utcDayOfSerial(startDay);
  const startMonthDays = daysInMonth(start.year, start.month);
  // Calendar months from the start day to the end of its month (0 when it is the last day).
  const partMonth = (startMonthDays - start.day) / startMonthDays;
  // Row 1 is the end of the start month, unless the start is that day: then the next one.
  const firstOffset = partMonth === 0 ? 1 : 0;
  const firstMonths = partMonth === 0 ? 1 : partMonth;

  const rows: HashpricePathRow[] = new Array(months);
  for (let k = 1; k <= months; k++) {
    const date = endOfMonthSerial(startDay, firstOffset + k - 1);
    if (date > MAX_EXCEL_SERIAL) {
      throw new ModelError("num", "the path runs past 31 Dec 9999, Excel's last date; use fewer months.");
    }
    const height = startHeight + BLOCKS_PER_DAY * (date - startDay);
    if (height > MAX_HEIGHT) {
      throw new ModelError(
        "num",
        `the path runs past block height ${MAX_HEIGHT}; use a lower start_height or fewer months.`,
      );
    }
    const elapsedMonths = firstMonths + (k - 1);
    const price = btcUsd * (1 + btcGrowthYr) ** (elapsedMonths / 12);
    const network = networkEhs * (1 + hashrateGrowthYr) ** (elapsedMonths / 12);
    const subsidy = blockSubsidyBtc(height);
    rows[k - 1] = [date, height, subsidy, network, hashpriceUsdPerPhDay(price, network, feesBtcPerBlock, subsidy)];
  }
  return rows;
}
