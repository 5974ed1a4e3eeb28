/**
 * Is a block height plausible now? Judged against the clock, not against the last height seen.
 *
 * Expected height at time t: the reference block's height plus the whole ten-minute intervals
 * since it was mined (the protocol's target block time):
 *   expected(t) = 840,000 + floor((t − 2024-04-20T00:00:00Z) / 600 s)
 * A height is plausible when |height − expected(t)| ≤ tolerance(t), with
 *   tolerance(t) = max(4,032 blocks, 10% of the blocks expected since the reference).
 * Blocks have come faster than the target since 2024 (about 9 min 46 s on average before the
 * 2024 halving, blockchainanalysis.co.uk), so the real chain drifts ahead of expected(t) by a
 * few percent a year; 10% covers that several times over while refusing every other chain
 * (testnet3 is past 4 million, testnet4 and signet are below 300,000) and a value such as
 * 9,999,999.
 * Example: on 2026-01-12T00:00:00Z, expected = 840,000 + 632 days × 144 = 931,008 and the
 * tolerance is 9,101 blocks, so 931,008 ± 9,101 is plausible and 9,999,999 is not.
 *
 * Reference block: 840,000, the 2024 halving, mined on 20 April 2024 (00:09 UTC, reported by
 * https://billatnapier.medium.com/block-840-000-bitcoin-halving-day-1af15a6be9b4, a write-up;
 * the date is what the rule needs: a day is 144 blocks, far inside the tolerance).
 *
 * "Never below the last height" can heal: a height that is plausible by the clock but below
 * the last good one is refused at first (a lagging mirror), and wins once it has been reported
 * HEIGHT_HEAL_REPORTS times in a row, each no lower than the one before (a chain that really is
 * there: the last good value was the wrong one).
 */

export const HEIGHT_REFERENCE = Object.freeze({ height: 840_000, timeMs: Date.UTC(2024, 3, 20) });
export const HEIGHT_BLOCK_MS = 600_000;
export const HEIGHT_TOLERANCE_MIN_BLOCKS = 4_032;
export const HEIGHT_TOLERANCE_FRACTION = 0.1;
/** Consecutive lower reports after which a plausible lower height replaces the last good one. */
export const HEIGHT_HEAL_REPORTS = 3;

/** The height the clock expects at `timeMs` (Unix ms), and the tolerance around it, blocks. */
export function expectedHeight(timeMs: number): { expected: number; tolerance: number } {
  const blocks = Math.floor((timeMs - HEIGHT_REFERENCE.timeMs) / HEIGHT_BLOCK_MS);
  const tolerance = Math.max(HEIGHT_TOLERANCE_MIN_BLOCKS, Math.ceil(Math.abs(blocks) * HEIGHT_TOLERANCE_FRACTION));
  return { expected: HEIGHT_REFERENCE.height + blocks, tolerance };
}

/** Undefined when `height` is plausible at `timeMs`; else the reason, naming the expected range. */
export function heightImplausibility(height: number, timeMs: number): string | undefined {
  const { expected, tolerance } = expectedHeight(timeMs);
  if (Math.abs(height - expected) <= tolerance) return undefined;
  const at = new Date(timeMs).toISOString().slice(0, 10);
  return `height ${height} is not what the clock allows on ${at}: expected ${expected} ± ${tolerance} (block 840,000 on 2024-04-20 plus one block per 10 minutes)`;
}

/**
 * The "never below the last height" rule with its way back. `judge` is told each height a
 * source reports (after the clock check) and answers whether to accept it.
 */
export class HeightGuard {
  private lowerReports: number[] = [];

  /** `lastGood`: the height in force, if any. */
  judge(height: number, lastGood: number | undefined): { accept: true } | { accept: false; reason: string } {
    if (lastGood === undefined || height >= lastGood) {
      this.lowerReports = [];
      return { accept: true };
    }
    const previous = this.lowerReports[this.lowerReports.length - 1];
    if (previous !== undefined && height < previous) this.lowerReports = [];
    this.lowerReports.push(height);
    if (this.lowerReports.length >= HEIGHT_HEAL_REPORTS) {
      this.lowerReports = [];
      return { accept: true };
    }
    return {
      accept: false,
      reason: `height ${height} is below the last known height ${lastGood} (report ${this.lowerReports.length} of ${HEIGHT_HEAL_REPORTS} in a row needed to replace it)`,
    };
  }

  reset(): void {
    this.lowerReports = [];
  }
}
