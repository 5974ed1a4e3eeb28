/**
 * Benchmark harness. `npm run bench` runs every `test/bench/*.bench.ts` in one process and
 * prints one JSON object per line: {"name","value","unit"}, plus "baseline" and "ratio"
 * where the figure is a comparison measured against a baseline in the same run.
 */

export interface BenchLine {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
  readonly note?: string;
}

export type Emit = (line: BenchLine) => void;

/** A bench module's default export. */
export type Bench = (emit: Emit) => Promise<void> | void;

/** Rounds to a few significant digits so lines stay readable. */
export function round(x: number, digits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/**
 * Calls `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns calls per
 * second, the median of `samples` windows. `sink` keeps results alive so the JIT cannot
 * drop the work.
 */
export function callsPerSecond(fn: (i: number) => unknown, ms = 300, samples = 5): number {
  let sink: unknown;
  for (let i = 0; i < 10_000; i++) sink = fn(i);
  const rates: number[] = [];
  for (let s = 0; s < samples; s++) {
    let n = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (let k = 0; k < 1000; k++) sink = fn(n + k);
      n += 1000;
      elapsed = performance.now() - start;
    }
    rates.push((n / elapsed) * 1000);
  }
  if (sink === Symbol.for("never")) console.log("");
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)];
}

/** Median wall time in ms of `runs` calls of `fn` (after one warm-up call). */
export async function medianMs(fn: () => unknown, runs = 5): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}
