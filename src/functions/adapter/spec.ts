/**
 * Argument specs: each custom function declares its arguments once (type, unit, default,
 * allowed range). Coercion, error messages and the README all read from these specs.
 */

export interface NumberArgSpec {
  readonly kind: "number";
  /** The Excel argument name, as in the JSDoc: `btc_usd`. */
  readonly name: string;
  /** Human unit for messages: "USD per BTC". */
  readonly unit: string;
  readonly optional: boolean;
  /**
   * Used when the argument is omitted or its cell is empty. A function is called at each
   * invocation (market defaults come from the current snapshot). Without a default an
   * omitted optional argument reaches the core as `undefined`.
   */
  readonly default?: number | (() => number);
  readonly min?: number;
  readonly minExclusive?: boolean;
  readonly max?: number;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
  /** Accepts a range and broadcasts like Excel arithmetic. */
  readonly broadcast?: boolean;
}

export interface TextArgSpec {
  readonly kind: "text";
  readonly name: string;
  readonly optional: boolean;
  readonly default?: string;
  /** Allowed values, matched case-insensitively; the canonical spelling is passed on. */
  readonly oneOf?: readonly string[];
}

export type ArgSpec = NumberArgSpec | TextArgSpec;

type NumberOptions = Omit<NumberArgSpec, "kind" | "name" | "unit" | "optional">;
type TextOptions = Omit<TextArgSpec, "kind" | "name" | "optional">;

/** A required number argument. */
export function num(name: string, unit: string, options: NumberOptions = {}): NumberArgSpec {
  return { kind: "number", name, unit, optional: false, ...options };
}

/** An optional number argument; `options.default` applies when omitted or empty. */
export function optNum(name: string, unit: string, options: NumberOptions = {}): NumberArgSpec {
  return { kind: "number", name, unit, optional: true, ...options };
}

export function text(name: string, options: TextOptions = {}): TextArgSpec {
  return { kind: "text", name, optional: false, ...options };
}

export function optText(name: string, options: TextOptions = {}): TextArgSpec {
  return { kind: "text", name, optional: true, ...options };
}

/** "a number > 0 (USD per BTC)", "a whole number from 0 to 600 (months)". */
export function describeDomain(spec: NumberArgSpec): string {
  const what = spec.integer ? "a whole number" : "a number";
  const lo = spec.min;
  const hi = spec.max;
  let range = "";
  if (lo !== undefined && hi !== undefined) {
    const l = spec.minExclusive ? `> ${lo}` : `≥ ${lo}`;
    const h = spec.maxExclusive ? `< ${hi}` : `≤ ${hi}`;
    range = ` ${l} and ${h}`;
  } else if (lo !== undefined) {
    range = spec.minExclusive ? ` > ${lo}` : ` ≥ ${lo}`;
  } else if (hi !== undefined) {
    range = spec.maxExclusive ? ` < ${hi}` : ` ≤ ${hi}`;
  }
  return `${what}${range} (${spec.unit})`;
}
