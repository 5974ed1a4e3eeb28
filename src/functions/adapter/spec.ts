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

export type NumberOptions = Omit<NumberArgSpec, "kind" | "name" | "unit" | "optional">;
export type TextOptions = Omit<TextArgSpec, "kind" | "name" | "optional">;

/*
 * The builders return literal types that record whether a value is always present
 * (required, or optional with a default), so `defineFunction` types each `compute`
 * parameter as `number` or `number | undefined` accordingly.
 */
type WithNumberDefault<O> = O extends { default: number | (() => number) }
  ? { readonly default: number | (() => number) }
  : unknown;
type WithTextDefault<O> = O extends { default: string } ? { readonly default: string } : unknown;

/** A required number argument. */
export function num(
  name: string,
  unit: string,
  options: NumberOptions = {},
): NumberArgSpec & { readonly optional: false } {
  return { kind: "number", name, unit, ...options, optional: false };
}

/** An optional number argument; `options.default` applies when omitted or empty. */
export function optNum<const O extends NumberOptions>(
  name: string,
  unit: string,
  options?: O,
): NumberArgSpec & { readonly optional: true } & WithNumberDefault<O> {
  return { kind: "number", name, unit, ...options, optional: true } as NumberArgSpec & {
    readonly optional: true;
  } & WithNumberDefault<O>;
}

/** A required text argument. */
export function text(name: string, options: TextOptions = {}): TextArgSpec & { readonly optional: false } {
  return { kind: "text", name, ...options, optional: false };
}

/** An optional text argument; `options.default` applies when omitted or empty. */
export function optText<const O extends TextOptions>(
  name: string,
  options?: O,
): TextArgSpec & { readonly optional: true } & WithTextDefault<O> {
  return { kind: "text", name, ...options, optional: true } as TextArgSpec & {
    readonly optional: true;
  } & WithTextDefault<O>;
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
