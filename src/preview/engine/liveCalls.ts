/**
 * The preview engine's streaming and async custom-function calls, as Excel keeps them: each
 * is keyed by its cell, function and arguments; a streamed `setResult` or a settled promise
 * asks the engine to re-enter the cell (`reenter`), and a call whose formula is gone, or no
 * longer makes that call, is canceled (its `onCanceled` runs) when the engine settles.
 */
import { CellError, ErrorType } from "hyperformula";
import { describe } from "./callArgs";
import { BUSY_MESSAGE, isCustomFunctionsError } from "./values";

export interface CellAddress {
  readonly sheet: number;
  readonly row: number;
  readonly col: number;
}

export interface LiveCall {
  readonly key: string;
  readonly cell: string;
  readonly address: CellAddress;
  readonly name: string;
  readonly invocation: { onCanceled?: () => void };
  /** Latest result (undefined: none yet, #BUSY!). */
  value: unknown;
  canceled: boolean;
  inCall: boolean;
}

export function cellKey(a: CellAddress): string {
  return `${a.sheet}:${a.row}:${a.col}`;
}

export class LiveCalls {
  private readonly live = new Map<string, LiveCall>();
  private readonly touchedKeys = new Set<string>();
  private readonly touchedCells = new Set<string>();

  /** `reenter`: a call has a new result; its cell should be computed again (deferred). */
  constructor(private readonly reenter: (call: LiveCall) => void) {}

  get size(): number {
    return this.live.size;
  }

  get(key: string): LiveCall | undefined {
    return this.live.get(key);
  }

  /** Notes that this evaluation made the call again (it is not dropped at the next settle). */
  touch(call: LiveCall): void {
    this.touchedKeys.add(call.key);
    this.touchedCells.add(call.cell);
  }

  /** Cancels every call of one function (`fullName`), or every call when it is omitted. */
  cancelAll(fullName?: string): void {
    for (const call of [...this.live.values()]) if (fullName === undefined || call.name === fullName) this.cancel(call);
  }

  /** Cancels streaming/async calls whose formula is gone or no longer makes that call. */
  collectDropped(formulaAt: (address: CellAddress) => string | undefined): void {
    for (const call of [...this.live.values()]) {
      const formula = formulaAt(call.address);
      const stillThere = formula !== undefined && formula.toUpperCase().includes(`${call.name}(`);
      const replaced = this.touchedCells.has(call.cell) && !this.touchedKeys.has(call.key);
      if (!stillThere || replaced) this.cancel(call);
    }
    this.touchedKeys.clear();
    this.touchedCells.clear();
  }

  private cancel(call: LiveCall): void {
    if (call.canceled) return;
    call.canceled = true;
    this.live.delete(call.key);
    const onCanceled = call.invocation.onCanceled;
    if (typeof onCanceled === "function") onCanceled.call(call.invocation);
  }

  /** Calls a streaming (or cancelable) function with its invocation; its result so far, or #BUSY!. */
  start(
    name: string,
    impl: (...args: unknown[]) => unknown,
    callArgs: unknown[],
    key: string,
    address: CellAddress,
    invocationAddress: string | undefined,
    streaming: boolean,
  ): unknown {
    const invocation: { onCanceled?: () => void; setResult?: (v: unknown) => void; address?: string } = {};
    const call: LiveCall = {
      key,
      cell: cellKey(address),
      address: { ...address },
      name,
      invocation,
      value: undefined,
      canceled: false,
      inCall: true,
    };
    if (invocationAddress !== undefined) invocation.address = invocationAddress;
    if (streaming) {
      invocation.setResult = (v: unknown) => {
        if (call.canceled) return;
        call.value = v;
        if (!call.inCall) this.reenter(call);
      };
    }
    this.live.set(key, call);
    this.touch(call);
    try {
      impl(...callArgs, invocation);
    } catch (e) {
      call.value = new CellError(ErrorType.VALUE, `${name} threw ${describe(e)}`);
    } finally {
      call.inCall = false;
    }
    return call.value === undefined ? new CellError(ErrorType.NA, BUSY_MESSAGE) : call.value;
  }

  /** Keeps a returned promise as a live call: #BUSY! until it settles, then its value or error. */
  adopt(
    name: string,
    promise: PromiseLike<unknown>,
    key: string,
    address: CellAddress,
    invocation: { onCanceled?: () => void },
  ): unknown {
    const call: LiveCall = {
      key,
      cell: cellKey(address),
      address: { ...address },
      name,
      invocation,
      value: undefined,
      canceled: false,
      inCall: false,
    };
    this.live.set(key, call);
    this.touch(call);
    promise.then(
      (v) => {
        if (call.canceled) return;
        call.value = v;
        this.reenter(call);
      },
      (e: unknown) => {
        if (call.canceled) return;
        call.value = isCustomFunctionsError(e) ? e : new CellError(ErrorType.VALUE, `${name} failed: ${describe(e)}`);
        this.reenter(call);
      },
    );
    return new CellError(ErrorType.NA, BUSY_MESSAGE);
  }
}
