/**
 * Conversions between HyperFormula's values and the values Excel hands to and takes from
 * custom functions, and the Excel-facing view of a computed cell.
 *
 * What a custom function receives (as Excel passes it, per the metadata of the parameter):
 * - an omitted optional argument, or an empty one (`F(1,,3)`): `null`;
 * - a scalar parameter: the value; a one-cell range is unwrapped; an empty cell is `0` for a
 *   `number` parameter, `false` for `boolean`, `""` otherwise;
 * - a matrix parameter: a 2-D array (a single value becomes `[[x]]`), empty cells `""`;
 * - an error value inside a matrix: a `CustomFunctions.Error` with the error's code.
 *   An error passed to a scalar parameter is not passed at all: the formula returns it, as
 *   Excel does for parameters that do not opt into errors.
 */
import { CellError, EmptyValue, ErrorType, SimpleRangeValue } from "hyperformula";

/** A computed cell as the Excel API shows it: errors are their code text ("#NUM!"). */
export type ExcelCellValue = number | string | boolean;

/** The engine's computed value of a cell, with the error's message kept. */
export type EngineValue = number | string | boolean | null | EngineError;

export interface EngineError {
  readonly error: string;
  readonly message: string;
}

export const BUSY = "#BUSY!";
/** Marker message carried by the CellError that stands for #BUSY! (HyperFormula has no such type). */
export const BUSY_MESSAGE = `${BUSY} Waiting for the function's first result.`;

const CODE_TO_TYPE: Record<string, ErrorType> = {
  "#VALUE!": ErrorType.VALUE,
  "#N/A": ErrorType.NA,
  "#DIV/0!": ErrorType.DIV_BY_ZERO,
  "#NUM!": ErrorType.NUM,
  "#NAME?": ErrorType.NAME,
  "#REF!": ErrorType.REF,
  "#SPILL!": ErrorType.SPILL,
  "#CALC!": ErrorType.ERROR,
};

const TYPE_TO_CODE: Record<ErrorType, string> = {
  [ErrorType.VALUE]: "#VALUE!",
  [ErrorType.NA]: "#N/A",
  [ErrorType.DIV_BY_ZERO]: "#DIV/0!",
  [ErrorType.NUM]: "#NUM!",
  [ErrorType.NAME]: "#NAME?",
  [ErrorType.REF]: "#REF!",
  [ErrorType.SPILL]: "#SPILL!",
  [ErrorType.CYCLE]: "#CYCLE!",
  [ErrorType.LIC]: "#LIC!",
  [ErrorType.ERROR]: "#CALC!",
};

/** Duck-typed CustomFunctions.Error (it may come from another window's realm). */
export function isCustomFunctionsError(x: unknown): x is { code: string; message?: string } {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as { code?: unknown }).code === "string" &&
    (x as { code: string }).code.startsWith("#")
  );
}

export function cellErrorFromCode(code: string, message?: string): CellError {
  if (code === "#NULL!") return new CellError(ErrorType.ERROR, message ? `#NULL! ${message}` : "#NULL!");
  if (code === BUSY) return new CellError(ErrorType.NA, BUSY_MESSAGE);
  const type = CODE_TO_TYPE[code];
  if (type === undefined)
    return new CellError(ErrorType.VALUE, `Unknown error code ${code}${message ? `: ${message}` : ""}`);
  return new CellError(type, message);
}

export function isBusyError(e: { type: ErrorType; message?: string }): boolean {
  return e.type === ErrorType.NA && e.message === BUSY_MESSAGE;
}

export function codeOfError(e: { type: ErrorType; message?: string }): string {
  if (isBusyError(e)) return BUSY;
  if (e.type === ErrorType.ERROR && e.message?.startsWith("#NULL!")) return "#NULL!";
  return TYPE_TO_CODE[e.type];
}

/** HyperFormula's rich numbers (dates, currency, percent) carry their value in `val`. */
function rawNumber(x: unknown): number | undefined {
  if (typeof x === "number") return x;
  if (typeof x === "object" && x !== null && typeof (x as { val?: unknown }).val === "number")
    return (x as { val: number }).val;
  return undefined;
}

export type ErrorFactory = (code: string, message?: string) => unknown;

export interface ParamKind {
  readonly type?: string;
  readonly dimensionality?: "scalar" | "matrix";
}

/** One scalar engine value → what a custom function receives. */
export function toArgScalar(v: unknown, param: ParamKind | undefined, makeError: ErrorFactory): unknown {
  if (v === EmptyValue || v === undefined || v === null) {
    if (param?.type === "number") return 0;
    if (param?.type === "boolean") return false;
    return "";
  }
  if (v instanceof CellError) return makeError(codeOfError(v), v.message);
  const n = rawNumber(v);
  if (n !== undefined) return n;
  return v;
}

/**
 * Result of a custom function → HyperFormula value. Non-finite numbers become #NUM!, an
 * unsupported type #VALUE! naming it; 2-D arrays become spilled ranges.
 */
export function fromResult(
  result: unknown,
  functionName: string,
): CellError | number | string | boolean | typeof EmptyValue | SimpleRangeValue {
  if (Array.isArray(result)) {
    if (result.length === 0 || !Array.isArray(result[0]) || (result[0] as unknown[]).length === 0) {
      return new CellError(ErrorType.VALUE, `${functionName} returned an empty array.`);
    }
    const width = (result[0] as unknown[]).length;
    const rows: (CellError | number | string | boolean)[][] = [];
    for (const row of result as unknown[]) {
      if (!Array.isArray(row) || row.length !== width) {
        return new CellError(ErrorType.VALUE, `${functionName} returned a ragged array (rows of different lengths).`);
      }
      // Array.from: this window's arrays (the function may run in the task pane's frame).
      rows.push(Array.from(row as unknown[], (x) => scalarFromResult(x, functionName)));
    }
    if (rows.length === 1 && width === 1) return rows[0][0];
    return SimpleRangeValue.onlyValues(rows);
  }
  return scalarFromResult(result, functionName);
}

function scalarFromResult(x: unknown, functionName: string): CellError | number | string | boolean {
  if (typeof x === "number")
    return Number.isFinite(x) ? x : new CellError(ErrorType.NUM, `${functionName} returned ${x}.`);
  if (typeof x === "string" || typeof x === "boolean") return x;
  if (x === null || x === undefined) return 0;
  if (isCustomFunctionsError(x)) return cellErrorFromCode(x.code, x.message);
  if (Array.isArray(x)) return new CellError(ErrorType.VALUE, `${functionName} returned a nested array.`);
  return new CellError(ErrorType.VALUE, `${functionName} returned an unsupported value of type ${typeof x}.`);
}

/** HyperFormula's exported cell value → EngineValue. */
export function toEngineValue(v: unknown): EngineValue {
  if (v === null || v === undefined || v === EmptyValue) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  const n = rawNumber(v);
  if (n !== undefined) return n;
  if (typeof v === "object" && v !== null && "type" in v) {
    const e = v as { type: ErrorType; message?: string };
    return { error: codeOfError(e), message: isBusyError(e) ? BUSY_MESSAGE : (e.message ?? "") };
  }
  return { error: "#VALUE!", message: `Unexpected engine value ${String(v)}` };
}

export function isEngineError(v: EngineValue): v is EngineError {
  return typeof v === "object" && v !== null;
}

/** The value Excel's Range.values shows: "" for empty, the code for errors. */
export function toExcelValue(v: EngineValue): ExcelCellValue {
  if (v === null) return "";
  if (isEngineError(v)) return v.error;
  return v;
}
