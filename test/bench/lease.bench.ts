/**
 * Lease valuation speed.
 * Figure 1: calls/s of HPC_LEASE_NPV for a 15-year monthly lease (100 MW, $150/kW/month, 3%
 *   escalator, 85% NOI, $10M/MW spent at t = 0) through the adapter, with the arguments as
 *   Excel passes `any[][]` parameters: each a 1×1 array.
 * Figure 2: the same NPV with formulajs NPV over the explicit 180-month flow array, plus the
 *   t = 0 flow. The array is built once, outside the timed loop: the baseline is the
 *   discounting alone, which favours formulajs.
 * Figure 3: Figure 1 ÷ Figure 2 (target ≥ 20×). The two are timed in alternating windows
 *   (7 pairs of 150 ms) and each figure is the median, so machine load hits both alike.
 * Figure 4: a 100 × 100 rent × discount-rate grid in one broadcast call, ms.
 */
import * as formulajs from "@formulajs/formulajs";
import { HPC_LEASE_NPV } from "../../src/functions/lease";
import { callsPerSecond, medianMs, round, type Emit } from "./harness";

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function bench(emit: Emit): Promise<void> {
  const mw = [[100]];
  const term = [[15]];
  const rate = [[0.08]];
  const escalator = [[0.03]];
  const noi = [[0.85]];
  const capex = [[10_000_000]];
  const build = [[0]];

  // The explicit monthly flows (month 0 .. 180), built like a spreadsheet would lay them out.
  const flows: number[] = [-10_000_000 * 100];
  for (let m = 1; m <= 180; m++) flows.push(100 * 1000 * 150 * 0.85 * 1.03 ** Math.floor((m - 1) / 12));
  const later = flows.slice(1);
  const monthly = 1.08 ** (1 / 12) - 1;

  // The rent cycles through 16 prebuilt 1×1 arrays so no call repeats the previous one's inputs.
  const rents = Array.from({ length: 16 }, (_, i) => [[150 + i / 16]]);
  const adapter = (i = 0): number => {
    const r = HPC_LEASE_NPV(mw, rents[i & 15], term, rate, escalator, noi, capex, build);
    return r[0][0] as number;
  };
  const oracle = (): number => (formulajs.NPV(monthly, later) as number) + flows[0];
  const a = adapter();
  const b = oracle();
  if (Math.abs(a - b) > 1e-6 * Math.abs(b)) throw new Error(`lease NPV ${a} differs from formulajs ${b}`);

  const adapterRates: number[] = [];
  const formulajsRates: number[] = [];
  const ratios: number[] = [];
  for (let pair = 0; pair < 7; pair++) {
    const x = callsPerSecond(adapter, 150, 1);
    const y = callsPerSecond(oracle, 150, 1);
    adapterRates.push(x);
    formulajsRates.push(y);
    ratios.push(x / y);
  }
  const adapterRate = median(adapterRates);
  const formulajsRate = median(formulajsRates);
  const ratio = median(ratios);
  emit({
    name: "lease.hpc_lease_npv_calls_per_s",
    value: round(adapterRate),
    unit: "calls/s",
    note: "15-year monthly lease through the adapter, args as 1x1 arrays",
  });
  emit({
    name: "lease.formulajs_npv_calls_per_s",
    value: round(formulajsRate),
    unit: "calls/s",
    note: "formulajs NPV over the prebuilt 180-month flow array + t0 flow (array building not timed)",
  });
  emit({
    name: "lease.npv_speedup_vs_formulajs",
    value: round(ratio),
    unit: "x",
    baseline: round(formulajsRate),
    ratio: round(ratio),
    note: "median of 7 paired windows; target >= 20",
  });

  const rentColumn: number[][] = Array.from({ length: 100 }, (_, i) => [50 + 2 * i]);
  const rateRow: number[][] = [Array.from({ length: 100 }, (_, j) => 0.04 + 0.001 * j)];
  const grid = (): unknown => HPC_LEASE_NPV(mw, rentColumn, term, rateRow, escalator, noi, capex, build);
  const out = grid() as unknown[][];
  if (out.length !== 100 || out[0].length !== 100 || typeof out[99][99] !== "number")
    throw new Error("grid did not spill 100 x 100 numbers");
  emit({
    name: "lease.npv_grid_100x100_ms",
    value: round(await medianMs(grid, 7)),
    unit: "ms",
    note: "rent column x discount-rate row, one broadcast call",
  });
}
