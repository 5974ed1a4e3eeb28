/**
 * The HyperFormula plugin through which every registered custom function is called.
 *
 * HyperFormula keeps function plugins in a global (static) registry, and a plugin method is
 * found by name. One plugin class serves every custom function: each function id maps to
 * the same two methods, which read the called name from the AST and hand the call to the
 * engine that is evaluating (see `withEngine`). Registering more ids replaces the class with
 * one that knows the union of ids seen so far.
 */
import {
  ArraySize,
  FunctionPlugin,
  HyperFormula,
  type FunctionPluginDefinition,
  type ImplementedFunctions,
} from "hyperformula";

/** The parts of HyperFormula's internal types this binding reads (they are not exported). */
export interface Ast {
  readonly type: string;
}
export interface ProcedureAst extends Ast {
  readonly procedureName: string;
  readonly args: readonly Ast[];
}
export interface InterpreterState {
  readonly formulaAddress: { readonly sheet: number; readonly row: number; readonly col: number };
}
/** A scalar, a CellError or a SimpleRangeValue. */
export type InterpreterValue = unknown;

interface Evaluating {
  evaluateAst(ast: Ast, state: InterpreterState): InterpreterValue;
}

/** What the engine binding does for one call; the plugin only forwards. */
export interface CallHandler {
  call(
    name: string,
    ast: ProcedureAst,
    state: InterpreterState,
    evaluate: (ast: Ast) => InterpreterValue,
  ): InterpreterValue;
  size(name: string, ast: ProcedureAst, state: InterpreterState, evaluate: (ast: Ast) => InterpreterValue): ArraySize;
}

const active: CallHandler[] = [];

/** Runs `fn` with `handler` receiving the custom-function calls HyperFormula makes meanwhile. */
export function withEngine<T>(handler: CallHandler, fn: () => T): T {
  active.push(handler);
  try {
    return fn();
  } finally {
    active.pop();
  }
}

function current(): CallHandler | undefined {
  return active[active.length - 1];
}

/** HyperFormula looks plugin methods up on the class's own prototype: each class gets both. */
function makePluginClass(implemented: ImplementedFunctions): FunctionPluginDefinition {
  const cls = class PivotCustomFunctionsPlugin extends FunctionPlugin {
    static override implementedFunctions: ImplementedFunctions = implemented;

    pivotCall(ast: ProcedureAst, state: InterpreterState): InterpreterValue {
      const handler = current();
      if (handler === undefined) throw new Error(`${ast.procedureName} evaluated outside a preview engine call`);
      return handler.call(ast.procedureName, ast, state, (a) => (this as unknown as Evaluating).evaluateAst(a, state));
    }

    pivotSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
      const handler = current();
      if (handler === undefined) return ArraySize.scalar();
      return handler.size(ast.procedureName, ast, state, (a) => (this as unknown as Evaluating).evaluateAst(a, state));
    }
  };
  return cls as unknown as FunctionPluginDefinition;
}

const registered = new Map<string, { volatile: boolean }>();
let registeredClass: FunctionPluginDefinition | undefined;

/**
 * Makes sure HyperFormula knows these function names (full names, e.g. "PIVOT.MARKET").
 * Returns true when the global registry changed (engines built earlier must rebuild to see it).
 */
export function ensureRegistered(functions: readonly { name: string; volatile: boolean }[]): boolean {
  let changed = false;
  for (const f of functions) {
    const name = f.name.toUpperCase();
    const prev = registered.get(name);
    if (prev === undefined || prev.volatile !== f.volatile) {
      registered.set(name, { volatile: f.volatile });
      changed = true;
    }
  }
  if (!changed) return false;
  if (registeredClass !== undefined) HyperFormula.unregisterFunctionPlugin(registeredClass);
  const implemented: ImplementedFunctions = {};
  const translations: Record<string, string> = {};
  for (const [name, { volatile }] of registered) {
    implemented[name] = {
      method: "pivotCall",
      sizeOfResultArrayMethod: "pivotSize",
      isVolatile: volatile || undefined,
    };
    translations[name] = name;
  }
  const cls = makePluginClass(implemented);
  HyperFormula.registerFunctionPlugin(cls, { enGB: translations });
  registeredClass = cls;
  return true;
}
