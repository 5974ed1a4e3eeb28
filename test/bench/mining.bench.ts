/**
 * Mining functions benchmark.
 * Figure 1: a 100 × 100 hashprice grid (row of prices × column of hashrates) in one
 *           broadcast call of MINER_HASHPRICE, median ms.
 * Figure 2: the same grid through 10,000 single-value calls, ms; baseline = Figure 1.
 * Figure 3: calls/s of MINER_HASHPRICE through the adapter with values as Excel passes them
 *           ([[x]] matrices, coercion and checks included), against a bare inline formula in
 *           the same run; ratio = adapter cost ÷ bare cost (the target is < 3).
 *           A second line compares it with the calling convention alone (unwrap [[x]], wrap
 *           [[r]], no checks): what any Excel-facing version of the formula must pay.
 *           Windows alternate so both sides see the same machine load.
 * Figure 4: the slowest single call across the work-cap fuzz corpus (test/functions/
 *           fuzzCorpus.ts: every function, longest horizons, 1000 × 1000 grids, full-column
 *           and full-sheet ranges), ms, each call's best of 2; the note names the call. The
 *           rule is 1 s per call (or a #VALUE! refusal).
 */
import { MINER_HASHPRICE } from "../../src/functions/mining";
import { callsPerSecond, medianMs, round, type Emit } from "./harness";
import { fuzzCorpus } from "../functions/fuzzCorpus";
import { definedFunctions } from "../functions/registry";

const N = 100;
const FEES = 0.02;
const SUBSIDY = 3.125;

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export default async function bench(emit: Emit): Promise<void> {
  const prices = Array.from({ length: N }, (_, i) => 50_000 + 1_000 * i);
  const networks = Array.from({ length: N }, (_, i) => 700 + 10 * i);
  const priceRow = [prices];
  const networkColumn = networks.map((n) => [n]);
  const fees = [[FEES]];
  const subsidy = [[SUBSIDY]];

  let check = 0;
  const grid = await medianMs(() => {
    const out = MINER_HASHPRICE(priceRow, networkColumn, fees, subsidy);
    check = out[N - 1][N - 1] as number;
  }, 21);
  emit({ name: "mining: 100×100 hashprice grid, one broadcast call", value: round(grid), unit: "ms" });

  const priceCells = prices.map((p) => [[p]]);
  const networkCells = networks.map((n) => [[n]]);
  const singles = await medianMs(() => {
    for (let r = 0; r < N; r++) {
      for (let c = 0; c < N; c++) {
        const out = MINER_HASHPRICE(priceCells[c], networkCells[r], fees, subsidy);
        check = out[0][0] as number;
      }
    }
  }, 21);
  emit({
    name: "mining: same grid as 10,000 single-value calls",
    value: round(singles),
    unit: "ms",
    baseline: round(grid),
    ratio: round(singles / grid, 3),
  });

  // 1024 distinct inputs so neither side can be constant-folded.
  const MASK = 1023;
  const p = Array.from({ length: MASK + 1 }, (_, i) => 40_000 + 97 * i);
  const n = Array.from({ length: MASK + 1 }, (_, i) => 600 + 0.7 * i);
  const pCells = p.map((x) => [[x]]);
  const nCells = n.map((x) => [[x]]);
  const viaAdapter = (i: number): unknown => MINER_HASHPRICE(pCells[i & MASK], nCells[i & MASK], fees, subsidy);
  const bareFormula = (i: number): unknown => (144 * (SUBSIDY + FEES) * p[i & MASK]) / (n[i & MASK] * 1000);
  // Excel's calling convention alone: unwrap [[x]] and wrap the result in [[r]], no checks.
  const convention = (i: number): unknown => {
    const a = pCells[i & MASK];
    const b = nCells[i & MASK];
    return [[(144 * (subsidy[0][0] + fees[0][0]) * a[0][0]) / (b[0][0] * 1000)]];
  };
  // Alternate short windows so both sides see the same machine load; medians of each.
  const adapterRates: number[] = [];
  const bareRates: number[] = [];
  const conventionRates: number[] = [];
  for (let s = 0; s < 11; s++) {
    adapterRates.push(callsPerSecond(viaAdapter, 60, 1));
    bareRates.push(callsPerSecond(bareFormula, 60, 1));
    conventionRates.push(callsPerSecond(convention, 60, 1));
  }
  const adapter = median(adapterRates);
  const bare = median(bareRates);
  const floor = median(conventionRates);
  emit({
    name: "mining: MINER_HASHPRICE calls/s through the adapter ([[x]] args) vs a bare inline formula",
    value: round(adapter),
    unit: "calls/s",
    baseline: round(bare),
    ratio: round(bare / adapter, 3),
    note: "ratio = adapter cost / bare-formula cost; target < 3",
  });
  emit({
    name: "mining: MINER_HASHPRICE calls/s through the adapter vs the bare formula with Excel's [[x]] in / [[r]] out",
    value: round(adapter),
    unit: "calls/s",
    baseline: round(floor),
    ratio: round(floor / adapter, 3),
    note: "ratio = adapter cost / cost of the calling convention alone (no coercion or checks)",
  });
  if (!Number.isFinite(check)) throw new Error("bench produced a non-finite hashprice");

  let slowest = { name: "", ms: 0 };
  for (const call of fuzzCorpus(await definedFunctions(), 10)) {
    let best = Infinity;
    for (let k = 0; k < 2; k++) {
      const start = performance.now();
      call.run();
      best = Math.min(best, performance.now() - start);
    }
    if (best > slowest.ms) slowest = { name: call.name, ms: best };
  }
  emit({
    name: "functions: slowest single call across the fuzz corpus",
    value: round(slowest.ms),
    unit: "ms",
    note: slowest.name,
  });
}
