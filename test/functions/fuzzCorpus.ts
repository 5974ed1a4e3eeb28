/**
 * The work-cap fuzz corpus, shared by test/functions/workCaps.test.ts (the 1 s and
 * 1,000,000-cell rules) and test/bench/mining.bench.ts (the slowest single call). Built from
 * the registry, so every function of every listed file is in it: valid calls at the longest
 * horizons the specs allow, 1000 × 1000 grids (the largest allowed result), and huge ranges
 * (a full 1,048,576-row column against a full 16,384-column row) that must be refused.
 * Random valid calls are drawn with a fixed seed, so a run is repeatable and bounded.
 */
import type { ArgSpec, NumberArgSpec } from "../../src/functions/adapter/spec";
import { asArg, validNumber, validValue, type Entry } from "./registry";

export interface FuzzCall {
  readonly name: string;
  readonly run: () => unknown;
  /**
   * true: the call must be refused (#VALUE! naming the size); false: it must compute;
   * "either": computed in time or refused over the work cap (#VALUE! "too much work").
   */
  readonly refused: boolean | "either";
  /**
   * False for the largest allowed results (1000 × 1000 grids), which take a good part of a
   * second on a loaded machine: they are measured by the bench, not timed in the test.
   */
  readonly timed: boolean;
}

export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLS = 16_384;

/** The value that makes a model work hardest: the top of a term/month/height range, else valid. */
function heavyValue(spec: ArgSpec): unknown {
  if (spec.kind === "text") return validValue(spec);
  if (spec.max !== undefined && /year|month/.test(spec.unit) && !/rate|%/.test(spec.unit)) {
    return spec.maxExclusive ? spec.max - 1 : spec.max;
  }
  return spec.optional ? null : validNumber(spec);
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValid(spec: NumberArgSpec, r: () => number): number {
  const lo = spec.min ?? -1e6;
  const hi = spec.max ?? Math.max(lo + 1, 1e6);
  let v = lo + (hi - lo) * r();
  if (spec.integer) v = Math.round(v);
  if ((spec.minExclusive && v <= lo) || (spec.maxExclusive && v >= hi)) v = validNumber(spec);
  return v;
}

const column = (n: number, v: unknown): unknown[][] => Array.from({ length: n }, () => [v]);
const row = (n: number, v: unknown): unknown[][] => [Array.from({ length: n }, () => v)];

export function fuzzCorpus(entries: readonly Entry[], randomPerFunction = 20, seed = 20261201): FuzzCall[] {
  const calls: FuzzCall[] = [];
  const r = rng(seed);
  for (const { def, meta, excel } of entries) {
    const shaped = (values: unknown[]): unknown[] => values.map((v, i) => (Array.isArray(v) ? v : asArg(v, meta, i)));
    const heavy = def.args.map(heavyValue);
    calls.push({
      name: `${def.id}: longest horizons`,
      run: () => excel(...shaped(heavy)),
      refused: false,
      timed: true,
    });
    for (let k = 0; k < randomPerFunction; k++) {
      const values = def.args.map((s) => (s.kind === "number" ? randomValid(s, r) : validValue(s)));
      calls.push({
        name: `${def.id}: random valid #${k}`,
        run: () => excel(...shaped(values)),
        refused: false,
        timed: true,
      });
    }
    const broadcast = def.args.flatMap((s, i) => (s.kind === "number" && s.broadcast === true ? [i] : []));
    const heavyOf = (i: number): unknown => heavy[i] ?? validNumber(def.args[i] as NumberArgSpec);
    if (broadcast.length >= 2) {
      const [a, b] = broadcast;
      const grid = (rows: number, cols: number): unknown[] => {
        const values = heavy.slice();
        values[a] = column(rows, heavyOf(a));
        values[b] = row(cols, heavyOf(b));
        return shaped(values);
      };
      // 60 × 60 at 100 years is near MINING_NPV_PER_MW's work cap (3,600 × 55 steps).
      const nearCap = grid(60, 60);
      calls.push({
        name: `${def.id}: 60×60 grid at the longest horizons`,
        run: () => excel(...nearCap),
        refused: false,
        timed: true,
      });
      const allowed = grid(1000, 1000);
      calls.push({
        name: `${def.id}: 1000×1000 grid at the longest horizons`,
        run: () => excel(...allowed),
        refused: "either",
        timed: false,
      });
      const huge = grid(EXCEL_ROWS, EXCEL_COLS);
      calls.push({ name: `${def.id}: full column × full row`, run: () => excel(...huge), refused: true, timed: true });
    }
    if (broadcast.length >= 1) {
      const values = heavy.slice();
      values[broadcast[0]] = column(EXCEL_ROWS, heavyOf(broadcast[0]));
      const one = shaped(values);
      calls.push({ name: `${def.id}: a full column`, run: () => excel(...one), refused: true, timed: true });
    }
    const scalarArg = def.args.findIndex((s) => !(s.kind === "number" && s.broadcast === true));
    if (scalarArg >= 0 && meta.parameters[scalarArg]?.dimensionality === "matrix") {
      const values = heavy.slice();
      values[scalarArg] = column(EXCEL_ROWS, validValue(def.args[scalarArg]) ?? 1);
      const one = shaped(values);
      calls.push({
        name: `${def.id}: a full column where one value belongs`,
        run: () => excel(...one),
        refused: true,
        timed: true,
      });
    }
  }
  return calls;
}

/** Something Excel can show: a finite number, text, a boolean, an Excel error, or a rectangle of these. */
export function showable(result: unknown): boolean {
  const cell = (x: unknown): boolean =>
    (typeof x === "number" && Number.isFinite(x)) ||
    typeof x === "string" ||
    typeof x === "boolean" ||
    (x instanceof CustomFunctions.Error && /^#/.test(x.code));
  if (!Array.isArray(result)) return cell(result);
  const width = Array.isArray(result[0]) ? (result[0] as unknown[]).length : 0;
  return width > 0 && result.every((r) => Array.isArray(r) && r.length === width && r.every(cell));
}

/** Cells in a result (1 for a single value or an error). */
export function resultCells(result: unknown): number {
  if (!Array.isArray(result)) return 1;
  return result.length * (Array.isArray(result[0]) ? (result[0] as unknown[]).length : 1);
}
