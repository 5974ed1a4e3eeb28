/**
 * Monte Carlo speed.
 * Figure 1: one MINING_NPV_SIM call at 10,000 paths × 180 months (15 years, 60% volatility,
 *   a lease NPV given) through the adapter, median wall ms (target ≤ 150 ms: one call must
 *   stay within a second up to the 5,000,000 path-month cap). Baseline: MINING_NPV_PER_MW
 *   called 10,000 times through its adapter with the same inputs (one deterministic path per
 *   call, the hashprice nudged each call), median ms; ratio = simulation ÷ baseline. The two
 *   are timed in alternating runs (7 pairs) so machine load hits both alike.
 * Figure 2: the same simulation's process CPU time (user + system), median ms: on a shared
 *   machine wall time includes waiting for a core, CPU time does not.
 */
import { MINING_NPV_PER_MW } from "../../src/functions/lease";
import { MINING_NPV_SIM } from "../../src/functions/simulation";
import { round, type Emit } from "./harness";

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const PATHS = 10_000;

export default function bench(emit: Emit): void {
  const sim = (): number => {
    const t = MINING_NPV_SIM(20, 0.05, 15, 0.1, 0.6, 0.15, 0.25, PATHS, 1, 40, 0.95, 0.02, 0.01, 931_000, 500_000);
    const v = t[1][1];
    if (typeof v !== "number") throw new Error(`MINING_NPV_SIM failed: ${JSON.stringify(v)}`);
    return v;
  };
  const hashprices = Array.from({ length: 16 }, (_, i) => [[40 + i / 16]]);
  const [eff, power, term, rate, growth, uptime, fee, feeShare, height] = [
    20, 0.05, 15, 0.1, -0.08, 0.95, 0.02, 0.01, 931_000,
  ].map((x) => [[x]]);
  const deterministic = (): number => {
    let sum = 0;
    for (let i = 0; i < PATHS; i++) {
      const r = MINING_NPV_PER_MW(eff, power, term, rate, hashprices[i & 15], growth, uptime, fee, feeShare, height);
      sum += r[0][0] as number;
    }
    return sum;
  };
  const time = (fn: () => number): { wallMs: number; cpuMs: number } => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    fn();
    const wallMs = performance.now() - start;
    const used = process.cpuUsage(cpu);
    return { wallMs, cpuMs: (used.user + used.system) / 1000 };
  };
  sim();
  deterministic();
  const simWall: number[] = [];
  const simCpu: number[] = [];
  const baseWall: number[] = [];
  const ratios: number[] = [];
  for (let pair = 0; pair < 7; pair++) {
    const a = time(sim);
    const b = time(deterministic);
    simWall.push(a.wallMs);
    simCpu.push(a.cpuMs);
    baseWall.push(b.wallMs);
    ratios.push(a.wallMs / b.wallMs);
  }
  emit({
    name: "simulation: MINING_NPV_SIM, 10,000 paths × 180 months, one call",
    value: round(median(simWall)),
    unit: "ms",
    baseline: round(median(baseWall)),
    ratio: round(median(ratios)),
    note: "baseline: 10,000 MINING_NPV_PER_MW calls (one deterministic path each); target ≤ 150 ms",
  });
  emit({
    name: "simulation: MINING_NPV_SIM, 10,000 paths × 180 months, process CPU time",
    value: round(median(simCpu)),
    unit: "ms",
  });
}
