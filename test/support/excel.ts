/** Helpers to read what a custom function returned, as Excel would show it. */

export interface ShownError {
  code: string;
  message: string;
}

export function isError(value: unknown): value is ShownError {
  return typeof value === "object" && value !== null && typeof (value as ShownError).code === "string";
}

/** The single value of a scalar or 1×1 array result. */
export function single(result: unknown): unknown {
  if (Array.isArray(result)) {
    expect(result).toHaveLength(1);
    expect(result[0]).toHaveLength(1);
    return result[0][0];
  }
  return result;
}

/** Asserts an Excel error with the code and a message matching every pattern. */
export function expectError(result: unknown, code: string, ...patterns: (string | RegExp)[]): void {
  const value = single(result);
  if (!isError(value)) throw new Error(`expected ${code}, got ${JSON.stringify(value)}`);
  expect(value.code).toBe(code);
  for (const p of patterns) expect(value.message).toMatch(p);
}

/** Relative closeness: |a − b| ≤ rel × max(|b|, tiny). */
export function expectRel(actual: unknown, expected: number, rel = 1e-12): void {
  if (typeof actual !== "number") throw new Error(`expected a number near ${expected}, got ${JSON.stringify(actual)}`);
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  if (Math.abs(actual - expected) > rel * scale) {
    throw new Error(`expected ${actual} to be within ${rel} (relative) of ${expected}`);
  }
}
