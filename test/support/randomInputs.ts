/**
 * "Random inputs of every type" for custom functions: what Excel could pass (numbers
 * including ±Infinity and extremes, text, booleans, null/undefined/"" for omitted or empty,
 * an upstream Excel error, ranges of any of these, and malformed values), and the check that
 * a result is something Excel can show: a finite number, a rectangular array of finite
 * numbers, text or Excel errors, or an Excel error. Shared by every family's tests.
 */
import fc from "fast-check";
import { isError } from "./excel";

export type AnyFunction = (...args: unknown[]) => unknown;

function isCustomFunctionsError(x: unknown): boolean {
  return x instanceof CustomFunctions.Error && isError(x) && /^#/.test(x.code) && typeof x.message === "string";
}

/** A finite number, text (header cells), or a CustomFunctions.Error; never NaN. */
function isGoodCell(x: unknown): boolean {
  return (typeof x === "number" && Number.isFinite(x)) || typeof x === "string" || isCustomFunctionsError(x);
}

export function isWellFormed(result: unknown): boolean {
  if (typeof result === "number") return Number.isFinite(result);
  if (isCustomFunctionsError(result)) return true;
  if (!Array.isArray(result) || result.length === 0) return false;
  const width = Array.isArray(result[0]) ? result[0].length : -1;
  if (width < 1) return false;
  return result.every((row) => Array.isArray(row) && row.length === width && row.every(isGoodCell));
}

/**
 * One single value as Excel might pass it. `plausible` biases numbers towards the family's
 * domain (twice the weight of an arbitrary double); `extra` adds family-specific scalars.
 */
export function excelScalar(
  plausible: fc.Arbitrary<number>,
  extra: fc.Arbitrary<unknown>[] = [],
): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.double({ noNaN: true }), // includes ±Infinity, −0, ±MAX_VALUE, subnormals
    plausible,
    plausible,
    fc.string({ maxLength: 12 }),
    ...extra,
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(""),
    fc.constant(new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, "upstream")),
  );
}

/** One argument as Excel might pass it: a value, a 1×1 or larger range of values, or junk. */
export function excelArgument(scalar: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const matrix = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
    .chain(([r, c]) => fc.array(fc.array(scalar, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));
  const odd = fc.constantFrom<unknown>([], [[]], [[1, 2], [3]], [[[1]]], { x: 1 }, Symbol.for("s"), 10n);
  return fc.oneof(
    { arbitrary: scalar, weight: 3 },
    { arbitrary: matrix.map((x) => x as unknown), weight: 3 },
    { arbitrary: scalar.map((x) => [[x]] as unknown), weight: 3 },
    { arbitrary: odd, weight: 1 },
  );
}

/** Asserts that `fn`, called with 0 … arity + 1 such arguments, never throws and is well formed. */
export function assertNeverThrows(fn: AnyFunction, arity: number, arg: fc.Arbitrary<unknown>, numRuns: number): void {
  fc.assert(
    fc.property(fc.array(arg, { minLength: 0, maxLength: arity + 1 }), (args) => {
      let result: unknown;
      expect(() => {
        result = fn(...args);
      }).not.toThrow();
      if (!isWellFormed(result))
        throw new Error(
          `ill-formed result ${String(result)} for ${JSON.stringify(args, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))}`,
        );
    }),
    { numRuns },
  );
}
