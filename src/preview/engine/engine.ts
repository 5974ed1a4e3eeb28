/**
 * The preview's formula engine: HyperFormula (GPL, development-only) with the add-in's custom
 * functions registered from functions.json (names, parameter counts, optional flags,
 * dimensionality) and called through the functions that `CustomFunctions.associate`
 * registered — the same functions.js Excel loads.
 *
 * What it does as Excel does:
 * - `=PIVOT.ID(...)` is checked against the metadata: an unknown name gives #NAME?, too many
 *   or too few arguments #VALUE! with a message that shows the signature.
 * - Arguments arrive as Excel passes them (see values.ts): `null` for an omitted optional
 *   argument, 2-D arrays for matrix parameters, scalars for scalar parameters (a range given
 *   to a scalar parameter lifts the call over its cells and spills, as Excel 365 does).
 * - A returned `CustomFunctions.Error` becomes that error with its message; a thrown
 *   exception becomes #VALUE! naming the function and the exception; a 2-D array spills.
 * - Streaming functions get an invocation whose `setResult` updates the cell and its
 *   dependents; `onCanceled` is called when the formula is removed or its arguments change.
 *   A function that returns a Promise shows #BUSY! until it settles, like Excel.
 *
 * HyperFormula sizes a spilled result when the formula is entered, before it is computed.
 * Here the size comes from calling the function on the arguments' current values; when the
 * computed result later has another shape (its inputs changed, or they were not computed yet
 * when the formula was entered), the formula is re-entered so it spills to the right size.
 *
 * Beside it: config.ts (HyperFormula's Excel-like settings), callArgs.ts (checking, converting
 * and lifting a call's arguments), liveCalls.ts (streaming and async calls and their cancellation).
 */
import {
  ArraySize,
  CellError,
  EmptyValue,
  ErrorType,
  HyperFormula,
  SimpleRangeValue,
  type RawCellContent,
} from "hyperformula";
import type { RuntimeRegistry } from "../customFunctionsRuntime";
import { argsKey, describe, isThenable, liftCall, prepareCall, shapeOf } from "./callArgs";
import { HYPERFORMULA_CONFIG } from "./config";
import { cellKey, LiveCalls, type CellAddress, type LiveCall } from "./liveCalls";
import type { FunctionMetadata, FunctionsMetadata } from "./metadata";
import {
  ensureRegistered,
  withEngine,
  type Ast,
  type CallHandler,
  type InterpreterState,
  type InterpreterValue,
  type ProcedureAst,
} from "./plugin";
import {
  BUSY_MESSAGE,
  cellErrorFromCode,
  codeOfError,
  fromResult,
  toEngineValue,
  type EngineValue,
  type ErrorFactory,
} from "./values";

export interface EngineOptions {
  /** functions.json; may also be given later with setMetadata. */
  readonly metadata?: FunctionsMetadata;
  /** The manifest's custom-functions namespace. */
  readonly namespace?: string;
  /** Where CustomFunctions.associate puts the implementations. */
  readonly registry: RuntimeRegistry;
  /** Builds the CustomFunctions.Error passed for error cells inside range arguments. */
  readonly makeError?: ErrorFactory;
  /** Schedules deferred work (streamed results); defaults to setTimeout 0. */
  readonly schedule?: (fn: () => void) => void;
}

export { HYPERFORMULA_CONFIG };
export type { CellAddress };

export class FormulaEngine implements CallHandler {
  readonly hf: HyperFormula;
  readonly namespace: string;
  private readonly registry: RuntimeRegistry;
  private readonly makeError: ErrorFactory;
  private readonly schedule: (fn: () => void) => void;
  private functions = new Map<string, FunctionMetadata>();
  private readonly predicted = new WeakMap<object, { rows: number; cols: number }>();
  private readonly respill = new Map<string, CellAddress>();
  private readonly respilled = new Map<string, number>();
  private readonly live = new LiveCalls((call) => this.scheduleReenter(call));
  private readonly reeval = new Map<string, CellAddress>();
  private readonly knownImpls = new Map<string, unknown>();
  private readonly listeners = new Set<() => void>();
  private depth = 0;
  private suspended = false;
  private reevalScheduled = false;
  private rebuildScheduled = false;
  private destroyed = false;
  private readonly onAssociate = (): void => this.associationsChanged();

  constructor(options: EngineOptions) {
    this.namespace = (options.namespace ?? "PIVOT").toUpperCase();
    this.registry = options.registry;
    this.makeError = options.makeError ?? ((code, message) => ({ code, message }));
    this.schedule = options.schedule ?? ((fn) => void setTimeout(fn, 0));
    if (options.metadata) this.indexMetadata(options.metadata);
    for (const [id, fn] of this.registry.functions) this.knownImpls.set(id, fn);
    this.hf = withEngine(this, () => HyperFormula.buildEmpty({ ...HYPERFORMULA_CONFIG }));
    this.registry.listeners?.add(this.onAssociate);
  }

  /** Stops listening to the registry and cancels live streaming calls. */
  destroy(): void {
    this.destroyed = true;
    this.registry.listeners?.delete(this.onAssociate);
    this.live.cancelAll();
    this.hf.destroy();
  }

  /** Replaces functions.json (e.g. loaded after the page): formulas are parsed again. */
  setMetadata(metadata: FunctionsMetadata): void {
    this.indexMetadata(metadata);
    this.op(() => this.hf.rebuildAndRecalculate());
  }

  get functionNames(): string[] {
    return [...this.functions.keys()];
  }

  functionMetadata(fullName: string): FunctionMetadata | undefined {
    return this.functions.get(fullName.toUpperCase());
  }

  private indexMetadata(metadata: FunctionsMetadata): void {
    const map = new Map<string, FunctionMetadata>();
    for (const f of metadata.functions) map.set(`${this.namespace}.${f.id.toUpperCase()}`, f);
    this.functions = map;
    ensureRegistered([...map].map(([name, f]) => ({ name, volatile: f.options?.volatile === true })));
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Runs HyperFormula mutations; when the outermost one ends (and evaluation is not
   * suspended) spills are re-sized, dropped streaming calls canceled, listeners told.
   */
  op<T>(fn: () => T): T {
    return withEngine(this, () => {
      this.depth++;
      let result: T;
      try {
        result = fn();
      } finally {
        this.depth--;
      }
      if (this.depth === 0 && !this.suspended) this.settle();
      return result;
    });
  }

  /** Defers recalculation until `resume` (Excel's batched sync). Reads resume first. */
  suspend(): void {
    if (this.suspended) return;
    this.hf.suspendEvaluation();
    this.suspended = true;
  }

  resume(): void {
    if (!this.suspended) return;
    this.suspended = false;
    this.op(() => this.hf.resumeEvaluation());
  }

  get isSuspended(): boolean {
    return this.suspended;
  }

  /** A read: evaluation is resumed first so the value is current. */
  read<T>(fn: (hf: HyperFormula) => T): T {
    this.resume();
    return withEngine(this, () => fn(this.hf));
  }

  value(address: CellAddress): EngineValue {
    return this.read((hf) => toEngineValue(hf.getCellValue(address)));
  }

  setContents(topLeft: CellAddress, contents: RawCellContent[][]): void {
    this.op(() => this.hf.setCellContents(topLeft, contents));
  }

  /** Re-enters a formula cell (re-parse, re-size, re-evaluate with its dependents). */
  reenter(address: CellAddress): void {
    this.op(() => this.reenterNow(address));
  }

  /** The cell's formula; undefined when it holds none or its sheet was removed. */
  private formulaAt(address: CellAddress): string | undefined {
    if (this.hf.getSheetName(address.sheet) === undefined) return undefined;
    return this.hf.getCellFormula(address);
  }

  private reenterNow(address: CellAddress): void {
    const formula = this.formulaAt(address);
    if (formula !== undefined) this.hf.setCellContents(address, formula);
  }

  private settle(): void {
    for (let round = 0; round < 8 && this.respill.size > 0; round++) {
      const cells = [...this.respill.values()];
      this.respill.clear();
      withEngine(this, () => {
        for (const a of cells) this.reenterNow(a);
      });
    }
    this.respill.clear();
    this.respilled.clear();
    this.live.collectDropped((a) => this.formulaAt(a));
    if (!this.destroyed) for (const listener of [...this.listeners]) listener();
  }

  /** Streamed results and settled promises re-enter their cells in one deferred batch. */
  private scheduleReenter(call: LiveCall): void {
    this.reeval.set(call.cell, call.address);
    if (this.reevalScheduled) return;
    this.reevalScheduled = true;
    this.schedule(() => {
      this.reevalScheduled = false;
      if (this.destroyed) return;
      const cells = [...this.reeval.values()];
      this.reeval.clear();
      if (this.suspended) this.resume();
      this.op(() => {
        for (const a of cells) this.reenterNow(a);
      });
    });
  }

  private associationsChanged(): void {
    // A function whose implementation changed (the task pane reloaded): its live calls
    // belong to the old implementation.
    for (const [id, fn] of this.registry.functions) {
      const before = this.knownImpls.get(id);
      if (before !== undefined && before !== fn) this.live.cancelAll(`${this.namespace}.${id}`);
      this.knownImpls.set(id, fn);
    }
    if (this.rebuildScheduled) return;
    this.rebuildScheduled = true;
    this.schedule(() => {
      this.rebuildScheduled = false;
      if (this.destroyed) return;
      this.resume();
      this.op(() => this.hf.rebuildAndRecalculate());
    });
  }

  // ---- CallHandler: invoked by the plugin during evaluation ----

  call(
    name: string,
    ast: ProcedureAst,
    state: InterpreterState,
    evaluate: (ast: Ast) => InterpreterValue,
  ): InterpreterValue {
    let result: unknown;
    try {
      result = this.evaluateCall(name, ast, state, evaluate, false);
    } catch (e) {
      // A defect of this binding: shown in the cell (an exception would break HyperFormula's evaluation).
      return new CellError(ErrorType.VALUE, `${name}: preview engine internal error: ${describe(e)}`);
    }
    const converted = result instanceof CellError ? result : fromResult(result, name);
    const actual =
      converted instanceof SimpleRangeValue
        ? { rows: converted.height(), cols: converted.width() }
        : { rows: 1, cols: 1 };
    const predicted = this.predicted.get(ast) ?? { rows: 1, cols: 1 };
    if (predicted.rows !== actual.rows || predicted.cols !== actual.cols) {
      const key = cellKey(state.formulaAddress);
      const times = this.respilled.get(key) ?? 0;
      if (times < 2) {
        this.respilled.set(key, times + 1);
        this.respill.set(key, { ...state.formulaAddress });
      }
      // HyperFormula cannot shrink a spill while computing it; until the formula is re-entered
      // the result is cut or padded to the size it was entered with.
      if (converted instanceof SimpleRangeValue && (predicted.rows > 1 || predicted.cols > 1)) {
        const data = converted.data;
        const fitted = Array.from({ length: predicted.rows }, (_, r) =>
          Array.from({ length: predicted.cols }, (_, c) =>
            r < data.length && c < data[r].length ? data[r][c] : EmptyValue,
          ),
        );
        return SimpleRangeValue.onlyValues(fitted);
      }
    }
    return converted;
  }

  size(name: string, ast: ProcedureAst, state: InterpreterState, evaluate: (ast: Ast) => InterpreterValue): ArraySize {
    let shape = { rows: 1, cols: 1 };
    try {
      const result = this.evaluateCall(name, ast, state, evaluate, true);
      if (!(result instanceof CellError)) shape = shapeOf(result);
    } catch {
      // Arguments that cannot be evaluated yet size as one cell; the computed result re-sizes.
      shape = { rows: 1, cols: 1 };
    }
    this.predicted.set(ast, shape);
    return shape.rows === 1 && shape.cols === 1 ? ArraySize.scalar() : new ArraySize(shape.cols, shape.rows);
  }

  /**
   * Checks the call against the metadata, evaluates and converts the arguments, and calls the
   * function. `sizing`: called while HyperFormula sizes the result; streaming and async
   * calls then only report their current value and start nothing.
   */
  private evaluateCall(
    name: string,
    ast: ProcedureAst,
    state: InterpreterState,
    evaluate: (ast: Ast) => InterpreterValue,
    sizing: boolean,
  ): unknown {
    const meta = this.functions.get(name.toUpperCase());
    if (meta === undefined) return new CellError(ErrorType.NAME, `${name} is not a function of this add-in.`);
    const impl = this.registry.functions.get(meta.id.toUpperCase());
    if (typeof impl !== "function") {
      return new CellError(
        ErrorType.NAME,
        `${name} is declared in functions.json but functions.js has not associated it (yet).`,
      );
    }
    const prepared = prepareCall(name, meta, ast, evaluate, this.makeError);
    if (prepared instanceof CellError) return prepared;
    const { callArgs, lifted, repeatFrom } = prepared;
    const streaming = meta.options?.stream === true;
    const cellAddress = state.formulaAddress;

    if (lifted.length > 0) {
      if (streaming)
        return new CellError(ErrorType.VALUE, `${name} is a streaming function: give each argument a single cell.`);
      return liftCall(name, impl, callArgs, lifted, repeatFrom, meta, this.makeError);
    }

    // The key of a streaming or async call; built only when one may exist (it costs a stringify).
    let keyText: string | undefined;
    const keyOf = (): string => (keyText ??= `${cellKey(cellAddress)}|${name}|${argsKey(callArgs)}`);
    const existing = this.live.size > 0 ? this.live.get(keyOf()) : undefined;
    if (existing === undefined && sizing && meta.result?.dimensionality !== "matrix" && !streaming) {
      return 0; // a scalar result: one cell, no need to call the function to size it
    }
    if (existing !== undefined) {
      if (!sizing) this.live.touch(existing);
      return existing.value === undefined ? new CellError(ErrorType.NA, BUSY_MESSAGE) : existing.value;
    }
    if (streaming) {
      if (sizing) return new CellError(ErrorType.NA, BUSY_MESSAGE);
      const address = meta.options?.requiresAddress ? this.a1(cellAddress) : undefined;
      return this.live.start(name, impl, callArgs, keyOf(), cellAddress, address, true);
    }
    if (sizing && meta.options?.cancelable === true) return new CellError(ErrorType.NA, BUSY_MESSAGE);

    const invocation = this.invocationFor(meta, cellAddress);
    let result: unknown;
    try {
      result = invocation === undefined ? impl(...callArgs) : impl(...callArgs, invocation);
    } catch (e) {
      return new CellError(ErrorType.VALUE, `${name} threw ${describe(e)}`);
    }
    if (isThenable(result)) {
      if (sizing) return new CellError(ErrorType.NA, BUSY_MESSAGE);
      return this.live.adopt(name, result, keyOf(), cellAddress, invocation ?? {});
    }
    return this.checkResultDimensionality(meta, result);
  }

  private checkResultDimensionality(meta: FunctionMetadata, result: unknown): unknown {
    if (meta.result?.dimensionality !== "matrix" && Array.isArray(result)) {
      return new CellError(
        ErrorType.VALUE,
        `${this.namespace}.${meta.id} returned an array but functions.json declares a scalar result.`,
      );
    }
    return result;
  }

  /** The invocation object Excel passes last to cancelable or address-aware functions. */
  private invocationFor(
    meta: FunctionMetadata,
    address: CellAddress,
  ): { onCanceled?: () => void; address?: string } | undefined {
    const needs = meta.options?.cancelable === true || meta.options?.requiresAddress === true;
    if (!needs) return undefined;
    const invocation: { onCanceled?: () => void; address?: string } = {};
    if (meta.options?.requiresAddress) invocation.address = this.a1(address);
    return invocation;
  }

  /** "Sheet1!B2" for invocation.address. */
  private a1(a: CellAddress): string {
    let col = "";
    for (let c = a.col + 1; c > 0; c = Math.floor((c - 1) / 26)) col = String.fromCharCode(65 + ((c - 1) % 26)) + col;
    const sheet = this.hf.getSheetName(a.sheet) ?? "Sheet";
    return `${sheet}!${col}${a.row + 1}`;
  }
}

/** Excel-facing error code of a HyperFormula CellError (re-exported for the object model). */
export { cellErrorFromCode, codeOfError };
