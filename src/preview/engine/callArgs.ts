/**
 * The arguments of a custom-function call as Excel passes them: the call checked against the
 * metadata (too many or too few arguments give #VALUE! with the signature), each argument
 * evaluated and converted (values.ts), scalar parameters coerced to their declared type,
 * repeating parameters packed into one array, and Excel 365's lifting — a multi-cell range
 * given to a scalar parameter calls the function once per cell and spills the results.
 */
import { CellError, ErrorType, SimpleRangeValue } from "hyperformula";
import { signature, type FunctionMetadata, type ParameterMetadata } from "./metadata";
import type { Ast, InterpreterValue, ProcedureAst } from "./plugin";
import { codeOfError, isCustomFunctionsError, toArgScalar, type ErrorFactory } from "./values";

/** A scalar parameter given a multi-cell range: its index and the range's values. */
export interface LiftedArgument {
  readonly index: number;
  readonly data: unknown[][];
}

export interface PreparedCall {
  /** The arguments in call order (repeating ones as one array); lifted ones are undefined. */
  readonly callArgs: unknown[];
  readonly lifted: LiftedArgument[];
  /** Index of the repeating parameters' array in callArgs; -1 when there is none. */
  readonly repeatFrom: number;
}

export function shapeOf(result: unknown): { rows: number; cols: number } {
  if (Array.isArray(result) && Array.isArray(result[0]))
    return { rows: result.length, cols: (result[0] as unknown[]).length };
  return { rows: 1, cols: 1 };
}

/** The arguments as text, for the key of a streaming or async call. */
export function argsKey(values: readonly unknown[]): string {
  return JSON.stringify(values, (_k, v: unknown) => (isCustomFunctionsError(v) ? { error: v.code } : v));
}

export function describe(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

export function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

/** A scalar parameter declared number/string/boolean coerces as Excel does before the call. */
export function coerceScalar(v: unknown, p: ParameterMetadata | undefined, fn: string): unknown {
  if (p === undefined || p.type === undefined || p.type === "any" || v === null || isCustomFunctionsError(v)) return v;
  if (p.type === "number") {
    if (typeof v === "number") return v;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
    return new CellError(ErrorType.VALUE, `${fn}: ${p.name} must be a number; got ${JSON.stringify(v)}.`);
  }
  if (p.type === "string")
    return typeof v === "string" ? v : typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : String(v);
  if (p.type === "boolean") {
    if (typeof v === "boolean") return v;
    if (typeof v === "number") return v !== 0;
    if (typeof v === "string" && /^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
    return new CellError(ErrorType.VALUE, `${fn}: ${p.name} must be TRUE or FALSE; got ${JSON.stringify(v)}.`);
  }
  return v;
}

/**
 * Checks the call's argument count against the metadata, then evaluates and converts every
 * argument; an error (a wrong count, an error cell given to a scalar parameter) is returned
 * as the CellError the cell shows.
 */
export function prepareCall(
  name: string,
  meta: FunctionMetadata,
  ast: ProcedureAst,
  evaluate: (ast: Ast) => InterpreterValue,
  makeError: ErrorFactory,
): PreparedCall | CellError {
  const params = meta.parameters;
  const repeating = params.length > 0 && params[params.length - 1].repeating === true;
  const given = ast.args.length;
  const required = params.filter((p) => !p.optional && !p.repeating).length;
  if (!repeating && given > params.length) {
    return new CellError(
      ErrorType.VALUE,
      `${name}(${signature(meta)}) takes at most ${params.length} argument${params.length === 1 ? "" : "s"}; got ${given}.`,
    );
  }
  if (given < required) {
    return new CellError(
      ErrorType.VALUE,
      `${name}(${signature(meta)}) needs at least ${required} argument${required === 1 ? "" : "s"}; got ${given}.`,
    );
  }

  // Evaluate every argument; remember scalar parameters that received multi-cell ranges.
  const values: unknown[] = [];
  const lifted: LiftedArgument[] = [];
  const count = Math.max(given, repeating ? params.length - 1 : params.length);
  for (let i = 0; i < count; i++) {
    const p = i < params.length ? params[i] : params[params.length - 1];
    const node = ast.args[i];
    if (node === undefined || node.type === "EMPTY") {
      values.push(null);
      continue;
    }
    const v = evaluate(node);
    if (p.dimensionality === "matrix") {
      if (v instanceof SimpleRangeValue) values.push(v.data.map((row) => row.map((x) => toArgScalar(x, p, makeError))));
      else values.push([[toArgScalar(v, p, makeError)]]);
      continue;
    }
    if (v instanceof SimpleRangeValue) {
      const data = v.data;
      if (data.length === 1 && data[0].length === 1) {
        if (data[0][0] instanceof CellError) return data[0][0];
        values.push(coerceScalar(toArgScalar(data[0][0], p, makeError), p, name));
      } else {
        lifted.push({ index: i, data });
        values.push(undefined);
      }
      continue;
    }
    if (v instanceof CellError) return v;
    values.push(coerceScalar(toArgScalar(v, p, makeError), p, name));
  }
  for (const v of values) if (v instanceof CellError) return v;

  // Repeating parameters arrive as one array of the repeated values.
  const callArgs = repeating ? [...values.slice(0, params.length - 1), values.slice(params.length - 1)] : values;
  return { callArgs, lifted, repeatFrom: repeating ? params.length - 1 : -1 };
}

/** Excel 365 lifting: a range given to a scalar parameter calls the function per cell. */
export function liftCall(
  name: string,
  impl: (...args: unknown[]) => unknown,
  callArgs: unknown[],
  lifted: LiftedArgument[],
  repeatFrom: number,
  meta: FunctionMetadata,
  makeError: ErrorFactory,
): unknown {
  const rows = Math.max(...lifted.map((l) => l.data.length));
  const cols = Math.max(...lifted.map((l) => l.data[0].length));
  const out: unknown[][] = [];
  for (let r = 0; r < rows; r++) {
    const line: unknown[] = [];
    for (let c = 0; c < cols; c++) {
      const args = callArgs.slice();
      const rest = repeatFrom >= 0 ? (args[repeatFrom] as unknown[]).slice() : undefined;
      let error: unknown;
      for (const l of lifted) {
        const row = l.data.length === 1 ? l.data[0] : l.data[r];
        const x = row === undefined ? undefined : row.length === 1 ? row[0] : row[c];
        const p = meta.parameters[Math.min(l.index, meta.parameters.length - 1)];
        const v =
          x === undefined
            ? new CellError(ErrorType.NA, "Lifted ranges of different sizes.")
            : x instanceof CellError
              ? x
              : coerceScalar(toArgScalar(x, p, makeError), p, name);
        if (v instanceof CellError) error = v;
        if (rest !== undefined && l.index >= repeatFrom) rest[l.index - repeatFrom] = v;
        else args[l.index] = v;
      }
      if (rest !== undefined) args[repeatFrom] = rest;
      if (error !== undefined) {
        line.push(error instanceof CellError ? makeError(codeOfError(error), error.message) : error);
        continue;
      }
      try {
        const v = impl(...args);
        line.push(Array.isArray(v) ? (Array.isArray(v[0]) ? (v[0] as unknown[])[0] : v[0]) : v);
      } catch (e) {
        line.push(makeError("#VALUE!", `${name} threw ${describe(e)}`));
      }
    }
    out.push(line);
  }
  return out;
}
