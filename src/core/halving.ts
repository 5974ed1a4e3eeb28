/**
 * Block subsidy and halving schedule, exactly as Bitcoin Core's consensus code defines them.
 * Source: Bitcoin Core `GetBlockSubsidy` (src/validation.cpp):
 *
 *   int halvings = nHeight / consensusParams.nSubsidyHalvingInterval;   // 210,000
 *   if (halvings >= 64) return 0;
 *   CAmount nSubsidy = 50 * COIN;                                        // 5,000,000,000 sat
 *   nSubsidy >>= halvings;
 *
 * The shift truncates: after 10 halvings the subsidy is 4,882,812 sat, not 4,882,812.5.
 * It reaches 0 sat at 33 halvings (5e9 < 2^33); Core's guard at 64 only avoids an undefined
 * shift. Pure: no I/O, no clock.
 */
import { ModelError } from "./errors";
import { MAX_EXCEL_SERIAL } from "./excelDate";

/** Blocks between halvings (mainnet `nSubsidyHalvingInterval`). */
export const HALVING_INTERVAL = 210_000;
/** The initial subsidy, 50 BTC, in satoshis. */
export const INITIAL_SUBSIDY_SATS = 5_000_000_000;
/** Satoshis per BTC. */
export const SATS_PER_BTC = 100_000_000;
const MINUTES_PER_DAY = 1440;
/** Largest block height Bitcoin Core represents (a signed 32-bit int). */
export const MAX_HEIGHT = 2_147_483_647;

function checkHeight(height: number): void {
  if (!Number.isInteger(height) || height < 0 || height > MAX_HEIGHT) {
    throw new ModelError("num", `height must be a whole number from 0 to ${MAX_HEIGHT}; got ${height}.`);
  }
}

/** Halvings that have taken effect at `height`: floor(height / 210,000). */
export function halvingsAtHeight(height: number): number {
  checkHeight(height);
  return Math.floor(height / HALVING_INTERVAL);
}

/** Block subsidy at `height` in satoshis: 5,000,000,000 >> halvings, 0 from 64 halvings on. */
export function blockSubsidySats(height: number): number {
  const halvings = halvingsAtHeight(height);
  if (halvings >= 64) return 0;
  // BigInt shift: the same integer operation as Core's `nSubsidy >>= halvings`.
  return Number(BigInt(INITIAL_SUBSIDY_SATS) >> BigInt(halvings));
}

/** Block subsidy at `height` in BTC (satoshis / 1e8). Example: height 840,000 gives 3.125. */
export function blockSubsidyBtc(height: number): number {
  return blockSubsidySats(height) / SATS_PER_BTC;
}

/**
 * Height of the `which`-th halving after `height` (which = 1 is the next one). A halving
 * height is the first block with the reduced subsidy: at height 839,999 the next halving is
 * 840,000; at 840,000 it is 1,050,000.
 */
export function nextHalvingHeight(height: number, which = 1): number {
  checkHeight(height);
  if (!Number.isInteger(which) || which < 1) {
    throw new ModelError("num", `which must be a whole number ≥ 1; got ${which}.`);
  }
  return (Math.floor(height / HALVING_INTERVAL) + which) * HALVING_INTERVAL;
}

/**
 * Estimated time of the `which`-th next halving as an Excel date serial (UTC, with the time
 * of day as the fraction): the tip `height` was observed at `asOfSerial`, and each of the
 * remaining blocks takes `blockMinutes`.
 *
 * Formula: asOfSerial + (nextHalvingHeight − height) × blockMinutes / 1440.
 * Example: height 931,000 at 2026-01-12 00:00 UTC (serial 46034), 10-minute blocks:
 * 119,000 blocks × 10 min = 826.3889 days, so serial 46860.3889 (2028-04-17 09:20 UTC).
 */
export function halvingDateSerial(which: number, height: number, blockMinutes: number, asOfSerial: number): number {
  if (!(blockMinutes > 0) || !Number.isFinite(blockMinutes)) {
    throw new ModelError("num", `block_minutes must be a number > 0; got ${blockMinutes}.`);
  }
  const blocks = nextHalvingHeight(height, which) - height;
  const serial = asOfSerial + (blocks * blockMinutes) / MINUTES_PER_DAY;
  if (!(serial <= MAX_EXCEL_SERIAL)) {
    throw new ModelError(
      "num",
      `the estimated halving date falls after 31 Dec 9999, Excel's last date (which ${which}, block_minutes ${blockMinutes}).`,
    );
  }
  return serial;
}
