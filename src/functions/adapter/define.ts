/**
 * `defineFunction` turns a declared argument list and a pure core computation into the
 * function Excel calls. It is the whole adapter: coercion, broadcasting over ranges,
 * result checks, and the mapping of every failure to a `CustomFunctions.Error`.
 *
 * Guarantees for every function built here:
 * - it never throws: every failure is returned as a `CustomFunctions.Error`;
 * - it never returns NaN or ±Infinity: a non-finite result becomes #NUM!;
 * - omitted (null) and empty arguments take the spec's default, evaluated per call.
 *
 * Broadcasting (arguments declared `broadcast: true`, typed `any[][]` in the JSDoc) follows
 * Excel's array arithmetic: each dimension of each range is 1 or the common size, and a
 * 1-sized dimension repeats. A row of prices against a column of hashrates gives a grid.
 * Shapes that do not fit give #VALUE! naming the two arguments and their shapes (Excel's
 * own arithmetic would pad with #N/A; an explicit error is clearer in a model). An element
 * that is bad (text in a range of numbers) gives an error in its own result cell only.
 *
 * Work caps, so that no call can freeze Excel's runtime or exhaust its memory:
 * - a result of more than MAX_RESULT_CELLS (1,000,000) cells is #VALUE! naming the shapes,
 *   refused before the result is allocated: for a grid function from the broadcast shapes,
 *   for a spilling function from its declared `resultCells`;
 * - a grid function that declares `workUnits` (e.g. the months its model steps through) is
 *   refused with #VALUE! when the sum over its cells exceeds MAX_WORK_UNITS, before any cell
 *   is computed.
 */
import { ModelError } from "../../core/errors";
import { coerceNumber, coerceText, unwrapScalar } from "./coerce";
import { toExcelError } from "./excelError";
import type { ArgSpec, NumberArgSpec, TextArgSpec } from "./spec";

type ValueOf<S> = S extends NumberArgSpec
  ? S extends { optional: false } | { default: number | (() => number) }
    ? number
    : number | undefined
  : S extends TextArgSpec
    ? S extends { optional: false } | { default: string }
      ? string
      : string | undefined
    : never;

export type ArgValues<A extends readonly ArgSpec[]> = { [K in keyof A]: ValueOf<A[K]> };

export type Cell = number | string | boolean;
export type ExcelResult<T> = T | CustomFunctions.Error;

/**
 * What Excel passes, one `unknown` per declared argument: required arguments first must be
 * given, trailing optional ones may be left out. So a wrapper that passes one argument too
 * many (or too few) fails the type-check. An argument list that is not a tuple takes any count.
 */
export type RawArgs<A extends readonly ArgSpec[]> = number extends A["length"]
  ? unknown[]
  : A extends readonly [infer H, ...infer T extends readonly ArgSpec[]]
    ? H extends { readonly optional: false }
      ? [unknown, ...RawArgs<T>]
      : [unknown?, ...RawArgs<T>]
    : [];

/** Largest result accepted, in cells (Excel's grid has 17 billion; a million is already a lot). */
export const MAX_RESULT_CELLS = 1_000_000;
/**
 * Largest sum of `workUnits` over a grid call's cells. A function's unit is the step of its
 * model that costs most (MINING_NPV_PER_MW: an era step, about 0.5 µs, plus 4 for the call's fixed cost), and the cap keeps
 * the slowest allowed call well under a second (bench: the slowest call of the fuzz corpus,
 * test/bench/mining.bench.ts).
 */
export const MAX_WORK_UNITS = 250_000;

interface Definition<A extends readonly ArgSpec[], R> {
  /** The id in functions.json, without the PIVOT. namespace. */
  readonly id: string;
  readonly args: A;
  readonly compute: (...values: ArgValues<A>) => R;
  /**
   * Spilling functions: the number of cells `compute` will return for these values, checked
   * against MAX_RESULT_CELLS before compute runs. Must not throw for values in the domain.
   */
  readonly resultCells?: (...values: ArgValues<A>) => number;
  /**
   * Grid functions: the work one cell takes (in the function's own steps, see
   * MAX_WORK_UNITS), summed over the cells and checked against MAX_WORK_UNITS before any
   * cell is computed. Must not throw for values in the domain.
   */
  readonly workUnits?: (...values: ArgValues<A>) => number;
}

export interface DefinedFunction<A extends readonly ArgSpec[], R> extends Definition<A, R> {
  /** Scalar call: every argument a single value. */
  readonly invoke: (...raw: RawArgs<A>) => ExcelResult<R>;
}

export interface DefinedGridFunction<A extends readonly ArgSpec[]> extends Definition<A, number> {
  /** Broadcast call: returns a 2-D array (1×1 for scalar inputs). */
  readonly invoke: (...raw: RawArgs<A>) => ExcelResult<number>[][];
}

function coerce(value: unknown, spec: ArgSpec): number | string | undefined {
  return spec.kind === "number" ? coerceNumber(value, spec) : coerceText(value, spec);
}

type Coercer = (value: unknown) => number | string | undefined;

/**
 * `coerce` for one argument, compiled once per function: a number that is finite and inside
 * the domain is returned at once (what `coerceNumber` returns for it); anything else takes
 * the general rules, which give the same value or throw the same error. Only a speed-up:
 * the spec's fields are read here once instead of on every call.
 */
function compileCoercer(spec: ArgSpec): Coercer {
  if (spec.kind !== "number") return (value) => coerceText(value, spec);
  const lo = spec.min ?? -Infinity;
  const hi = spec.max ?? Infinity;
  const loExclusive = spec.minExclusive === true;
  const hiExclusive = spec.maxExclusive === true;
  const integer = spec.integer === true;
  return (value) => {
    if (
      typeof value === "number" &&
      Number.isFinite(value) &&
      (loExclusive ? value > lo : value >= lo) &&
      (hiExclusive ? value < hi : value <= hi) &&
      (!integer || Number.isInteger(value))
    ) {
      return value;
    }
    return coerceNumber(value, spec);
  };
}

/** `fn(...v)` without the spread for the usual arities (a spread call costs more than the maths). */
function applyValues<R>(fn: (...v: unknown[]) => R, v: unknown[]): R {
  switch (v.length) {
    case 0:
      return fn();
    case 1:
      return fn(v[0]);
    case 2:
      return fn(v[0], v[1]);
    case 3:
      return fn(v[0], v[1], v[2]);
    case 4:
      return fn(v[0], v[1], v[2], v[3]);
    case 5:
      return fn(v[0], v[1], v[2], v[3], v[4]);
    case 6:
      return fn(v[0], v[1], v[2], v[3], v[4], v[5]);
    default:
      return fn(...v);
  }
}

/** Checks a computed result: numbers finite, arrays rectangular with finite numbers. */
function checkResult<R>(result: R, id: string): R {
  if (typeof result === "number") {
    if (!Number.isFinite(result))
      throw new ModelError("num", `${id}: the result is not a finite number for these inputs.`);
    return result;
  }
  if (Array.isArray(result)) {
    const width = result.length > 0 ? (result[0] as unknown[]).length : 0;
    for (const row of result as unknown[][]) {
      if (!Array.isArray(row) || row.length !== width)
        throw new ModelError("num", `${id}: internal error: ragged result.`);
      if (result.length * width > MAX_RESULT_CELLS) throw tooManyCells(id, result.length, width);
      for (const cell of row) {
        if (typeof cell === "number" && !Number.isFinite(cell)) {
          throw new ModelError("num", `${id}: the result is not a finite number for these inputs.`);
        }
      }
    }
  }
  return result;
}

/** A function whose arguments are all single values (ranges of one cell are unwrapped). */
export function defineFunction<const A extends readonly ArgSpec[], R>(def: Definition<A, R>): DefinedFunction<A, R> {
  const { id, args, compute, resultCells } = def;
  const n = args.length;
  const coercers = args.map(compileCoercer);
  const invoke = (...raw: unknown[]): ExcelResult<R> => {
    try {
      const values = new Array<unknown>(n);
      for (let i = 0; i < n; i++) values[i] = coercers[i](unwrapScalar(raw[i], args[i].name));
      if (resultCells !== undefined) {
        const cells = applyValues(resultCells as (...v: unknown[]) => number, values);
        if (!(cells <= MAX_RESULT_CELLS)) {
          throw new ModelError(
            "value",
            `${id}: the result would have ${cells.toLocaleString("en-US")} cells, more than ` +
              `${MAX_RESULT_CELLS.toLocaleString("en-US")}; ask for a smaller result.`,
          );
        }
      }
      return checkResult(applyValues(compute as (...v: unknown[]) => R, values), id);
    } catch (e) {
      return toExcelError(e, id);
    }
  };
  return { ...def, invoke: invoke as DefinedFunction<A, R>["invoke"] };
}

function tooManyCells(id: string, rows: number, cols: number): ModelError {
  return new ModelError(
    "value",
    `${id}: the result would be ${rows.toLocaleString("en-US")}×${cols.toLocaleString("en-US")} = ` +
      `${(rows * cols).toLocaleString("en-US")} cells, more than ${MAX_RESULT_CELLS.toLocaleString("en-US")}.`,
  );
}

interface Shape {
  rows: number;
  cols: number;
}

function shapeOf(value: unknown): Shape | undefined {
  if (!Array.isArray(value)) return undefined;
  const rows = value.length;
  const first = value[0];
  const cols = rows > 0 && Array.isArray(first) ? first.length : 0;
  if (rows === 0 || cols === 0) return undefined;
  return { rows, cols };
}

/**
 * A function whose `broadcast` arguments accept ranges. The result is always a 2-D array;
 * Excel shows a 1×1 array as a single value and spills larger ones.
 */
export function defineGridFunction<const A extends readonly ArgSpec[]>(
  def: Definition<A, number>,
): DefinedGridFunction<A> {
  const { id, args, compute, workUnits } = def;
  const n = args.length;
  const call = compute as (...v: unknown[]) => number;
  const work = workUnits as ((...v: unknown[]) => number) | undefined;
  const coercers = args.map(compileCoercer);

  const invoke = (...raw: unknown[]): ExcelResult<number>[][] => {
    try {
      // Fast path, the common call: every argument a single value or a 1×1 range (as Excel
      // passes a single value to an any[][] parameter). Arguments are taken in order, as
      // below, so the first bad one gives the same error; at the first larger range the
      // general path starts over.
      const scalars = new Array<unknown>(n);
      let k = 0;
      for (; k < n; k++) {
        let value = raw[k];
        if (Array.isArray(value)) {
          const row: unknown = value.length === 1 ? value[0] : undefined;
          if (!Array.isArray(row) || row.length !== 1) break;
          value = row[0];
        }
        scalars[k] = coercers[k](value);
      }
      if (k === n) {
        const result = applyValues(call, scalars);
        return [[typeof result === "number" && Number.isFinite(result) ? result : checkResult(result, id)]];
      }

      const values = new Array<unknown>(n);
      // Arguments that are ranges larger than 1×1, with their shapes. Never empty past the
      // loop: the fast path stopped at an argument that is a range but not 1×1, and such an
      // argument either is a grid here or throws (unwrapScalar rejects it).
      const grids: number[] = [];
      let rows = 1;
      let cols = 1;
      let rowsFrom = -1;
      let colsFrom = -1;
      for (let i = 0; i < n; i++) {
        const spec = args[i];
        const value = raw[i];
        const shape = spec.kind === "number" && spec.broadcast === true ? shapeOf(value) : undefined;
        if (shape === undefined || (shape.rows === 1 && shape.cols === 1)) {
          values[i] = coerce(unwrapScalar(value, spec.name), spec);
          continue;
        }
        if (shape.rows !== 1) {
          if (rows !== 1 && rows !== shape.rows) throw mismatch(args[rowsFrom], raw[rowsFrom], spec, value);
          rows = shape.rows;
          rowsFrom = i;
        }
        if (shape.cols !== 1) {
          if (cols !== 1 && cols !== shape.cols) throw mismatch(args[colsFrom], raw[colsFrom], spec, value);
          cols = shape.cols;
          colsFrom = i;
        }
        grids.push(i);
      }
      if (rows * cols > MAX_RESULT_CELLS) throw tooManyCellsFrom(id, args, raw, grids, rows, cols);

      const cellValues = values.slice();
      const cellAt = (r: number, c: number): void => {
        for (const i of grids) {
          const g = raw[i] as unknown[][];
          const row = g.length === 1 ? g[0] : g[r];
          cellValues[i] = coercers[i](row.length === 1 ? row[0] : row[c]);
        }
      };
      if (work !== undefined) {
        // The work of every cell whose arguments are good (a bad cell is an error, no work).
        let total = 0;
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) {
            try {
              cellAt(r, c);
            } catch {
              continue; // this cell's own error is reported in its cell below
            }
            total += applyValues(work, cellValues);
          }
          checkWork(id, total, rows, cols);
        }
      }

      const out: ExcelResult<number>[][] = new Array(rows);
      for (let r = 0; r < rows; r++) {
        const line: ExcelResult<number>[] = new Array(cols);
        for (let c = 0; c < cols; c++) {
          try {
            cellAt(r, c);
            const result = applyValues(call, cellValues);
            line[c] = typeof result === "number" && Number.isFinite(result) ? result : checkResult(result, id);
          } catch (e) {
            line[c] = toExcelError(e, id);
          }
        }
        out[r] = line;
      }
      return out;
    } catch (e) {
      return [[toExcelError(e, id)]];
    }
  };
  return { ...def, invoke: invoke as DefinedGridFunction<A>["invoke"] };
}

function checkWork(id: string, total: number, rows: number, cols: number): void {
  if (total <= MAX_WORK_UNITS) return;
  throw new ModelError(
    "value",
    `${id}: too much work for one call: ${rows.toLocaleString("en-US")}×${cols.toLocaleString("en-US")} cells ` +
      `at these terms need more than ${MAX_WORK_UNITS.toLocaleString("en-US")} model steps; ` +
      `use smaller ranges or shorter terms.`,
  );
}

function tooManyCellsFrom(
  id: string,
  args: readonly ArgSpec[],
  raw: readonly unknown[],
  grids: readonly number[],
  rows: number,
  cols: number,
): ModelError {
  const shapes = grids.map((i) => {
    const s = shapeOf(raw[i]);
    return `${args[i].name} ${s ? `${s.rows}×${s.cols}` : "1×1"}`;
  });
  const e = tooManyCells(id, rows, cols);
  return new ModelError("value", `${e.message.slice(0, -1)} (${shapes.join(", ")}).`);
}

function mismatch(a: ArgSpec, aValue: unknown, b: ArgSpec, bValue: unknown): ModelError {
  const show = (v: unknown): string => {
    const s = shapeOf(v);
    return s ? `${s.rows}×${s.cols}` : "1×1";
  };
  return new ModelError(
    "value",
    `${a.name} (${show(aValue)}) and ${b.name} (${show(bValue)}) have shapes that do not broadcast: ` +
      `each dimension must be 1 or the same size.`,
  );
}
