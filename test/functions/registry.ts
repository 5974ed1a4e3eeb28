/**
 * Every defined function of every file in src/functions/files.json, found by what the adapter
 * returns (an object with id, args and invoke), each with the Excel-facing wrapper that
 * functions.json binds to its id. A new function file is covered as soon as it is listed.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { ArgSpec, NumberArgSpec } from "../../src/functions/adapter/spec";
import { loadFunctions } from "../support/functions";
import type { FunctionMetadata } from "../support/dist";

const ROOT = resolve(__dirname, "../..");

export interface Defined {
  readonly id: string;
  readonly args: readonly ArgSpec[];
  readonly invoke: (...raw: unknown[]) => unknown;
}

export interface Entry {
  readonly def: Defined;
  readonly meta: FunctionMetadata;
  /** The exported function Excel calls. */
  readonly excel: (...args: unknown[]) => unknown;
}

function isDefined(x: unknown): x is Defined {
  const d = x as Partial<Defined> | null;
  return (
    typeof d === "object" &&
    d !== null &&
    typeof d.id === "string" &&
    Array.isArray(d.args) &&
    typeof d.invoke === "function"
  );
}

export function functionFilePaths(): string[] {
  const json = JSON.parse(readFileSync(resolve(ROOT, "src/functions/files.json"), "utf8")) as {
    files: { path: string }[];
  };
  return json.files.map((f) => f.path);
}

export async function definedFunctions(): Promise<Entry[]> {
  const { metadata, byId } = await loadFunctions();
  const entries: Entry[] = [];
  for (const path of functionFilePaths()) {
    const mod = require(resolve(ROOT, path)) as Record<string, unknown>;
    for (const value of Object.values(mod)) {
      if (!isDefined(value)) continue;
      const meta = metadata.find((m) => m.id === value.id);
      const excel = byId.get(value.id);
      if (meta === undefined || excel === undefined) throw new Error(`${path}: ${value.id} is not in functions.json`);
      entries.push({ def: value, meta, excel });
    }
  }
  return entries;
}

/** Shapes a value as Excel passes it to this parameter ([[x]] for a matrix one, null omitted). */
export function asArg(value: unknown, meta: FunctionMetadata, i: number): unknown {
  if (value === null || value === undefined) return null;
  return meta.parameters[i]?.dimensionality === "matrix" ? [[value]] : value;
}

/** A value inside the spec's domain (null for an argument with a default or an optional one). */
export function validValue(spec: ArgSpec): unknown {
  if (spec.optional || spec.default !== undefined) return null;
  if (spec.kind === "text") return spec.oneOf?.[0] ?? "x";
  return validNumber(spec);
}

export function validNumber(spec: NumberArgSpec): number {
  const { min, max } = spec;
  let v: number;
  if (min !== undefined && max !== undefined) v = min + (max - min) / 2;
  else if (min !== undefined) v = min + 1;
  else if (max !== undefined) v = max - 1;
  else v = 1;
  return spec.integer ? Math.round(v) : v;
}
