/**
 * Coercion of what Excel passes into what the core takes.
 *
 * What Excel passes to an `any` parameter: a number, a string, a boolean, `null` for an
 * omitted optional argument (so a TypeScript default never applies) and, for an empty cell,
 * `null` or "" depending on host. For an `any[][]` parameter every value comes as a 2-D
 * array, a single value as `[[x]]`, an omitted one as `null`.
 *
 * Rules (one set for every function):
 * - omitted or empty: the spec's default, else `undefined` if optional, else #VALUE! "required";
 * - a number must be finite and inside the spec's domain, else #VALUE! naming the argument
 *   and its domain (Excel shows a custom message only for #VALUE! and #N/A, so a domain error
 *   is never #NUM!, which is kept for computations that have no result). A rate or fraction
 *   (its unit text shows a percentage, "0.08 = 8%") typed as a whole percentage, so that the
 *   value ÷ 100 is inside the domain, adds "did you mean 0.08?".
 * - text, a boolean or anything else where a number belongs: #VALUE! naming the domain.
 *   Text is never parsed as a number: "5" in a cell is usually a paste gone wrong.
 * - an Excel error passed in is passed through unchanged.
 */
import { ModelError } from "../../core/errors";
import { describeDomain, type NumberArgSpec, type TextArgSpec } from "./spec";
import { isExcelError } from "./excelError";

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === "";
}

/** Shows a raw cell value in a message without letting it grow or inject anything. */
export function showValue(value: unknown): string {
  if (typeof value === "string") {
    const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `text "${cut.replace(/[\p{Cc}"]/gu, " ")}"`;
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (Array.isArray(value)) return "a range";
  return String(value);
}

export function coerceNumber(value: unknown, spec: NumberArgSpec): number | undefined {
  if (typeof value === "number") return checkDomain(value, spec);
  if (isBlank(value)) {
    const d = spec.default;
    if (d !== undefined) return typeof d === "function" ? d() : d;
    if (spec.optional) return undefined;
    throw new ModelError("value", `${spec.name} is required: ${describeDomain(spec)}; the argument is empty.`);
  }
  if (isExcelError(value)) throw value;
  throw new ModelError("value", `${spec.name} must be ${describeDomain(spec)}; got ${showValue(value)}.`);
}

function checkDomain(x: number, spec: NumberArgSpec): number {
  const { min, max } = spec;
  const below = min !== undefined && (spec.minExclusive ? x <= min : x < min);
  const above = max !== undefined && (spec.maxExclusive ? x >= max : x > max);
  if (!Number.isFinite(x) || below || above || (spec.integer === true && !Number.isInteger(x))) {
    throw new ModelError("value", domainMessage(x, spec));
  }
  return x;
}

/** True when `x` is inside the spec's domain (the same test `checkDomain` applies). */
export function inDomain(x: number, spec: NumberArgSpec): boolean {
  if (!Number.isFinite(x)) return false;
  const { min, max } = spec;
  if (min !== undefined && (spec.minExclusive ? x <= min : x < min)) return false;
  if (max !== undefined && (spec.maxExclusive ? x >= max : x > max)) return false;
  return spec.integer !== true || Number.isInteger(x);
}

/** A spec whose unit shows a percentage ("0.08 = 8%") takes fractions. */
function takesFraction(spec: NumberArgSpec): boolean {
  return /\d%/.test(spec.unit);
}

/**
 * "discount_rate must be a number > -1 and ≤ 1 (effective annual rate, 0.08 = 8%); got 8:
 * did you mean 0.08?" The hint is given only for a fraction argument and a value of at least
 * 1 in size whose hundredth is inside the domain.
 */
export function domainMessage(x: number, spec: NumberArgSpec): string {
  const base = `${spec.name} must be ${describeDomain(spec)}; got ${x}`;
  if (takesFraction(spec) && Number.isFinite(x) && Math.abs(x) >= 1 && inDomain(x / 100, spec)) {
    return `${base}: did you mean ${Number((x / 100).toPrecision(12))}?`;
  }
  return `${base}.`;
}

export function coerceText(value: unknown, spec: TextArgSpec): string | undefined {
  if (isBlank(value)) {
    if (spec.default !== undefined) return spec.default;
    if (spec.optional) return undefined;
    throw new ModelError("value", `${spec.name} is required; the argument is empty.`);
  }
  if (isExcelError(value)) throw value;
  if (typeof value !== "string") {
    throw new ModelError("value", `${spec.name} must be text${allowed(spec)}; got ${showValue(value)}.`);
  }
  if (spec.oneOf === undefined) return value;
  const wanted = value.trim().toLowerCase();
  const match = spec.oneOf.find((option) => option.toLowerCase() === wanted);
  if (match === undefined) {
    throw new ModelError(
      "value",
      `${spec.name} must be one of${allowed(spec).slice(" one of".length)}; got ${showValue(value)}.`,
    );
  }
  return match;
}

function allowed(spec: TextArgSpec): string {
  return spec.oneOf ? ` one of ${spec.oneOf.map((o) => `"${o}"`).join(", ")}` : "";
}

/**
 * A scalar argument given as a range: a 1×1 range is its single value; anything larger is
 * #VALUE! (only arguments declared `broadcast` accept ranges).
 */
export function unwrapScalar(value: unknown, name: string): unknown {
  if (!Array.isArray(value)) return value;
  const rows = value.length;
  const cols = rows > 0 && Array.isArray(value[0]) ? (value[0] as unknown[]).length : 0;
  if (rows === 1 && cols === 1) return (value[0] as unknown[])[0];
  throw new ModelError("value", `${name} takes a single value; got a ${rows}×${cols} range.`);
}
