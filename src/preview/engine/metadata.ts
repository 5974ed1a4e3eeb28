/**
 * The shape of functions.json (what custom-functions-metadata emits and Excel reads), and a
 * checked parse of it. The preview engine registers exactly these functions, with these
 * parameter counts, optional flags and dimensionalities, so a formula that Excel would reject
 * (unknown name, too many arguments) is rejected here too.
 */

export type Dimensionality = "scalar" | "matrix";

export interface ParameterMetadata {
  readonly name: string;
  readonly description?: string;
  /** "number" | "string" | "boolean" | "any"; absent means any. */
  readonly type?: string;
  readonly dimensionality?: Dimensionality;
  readonly optional?: boolean;
  readonly repeating?: boolean;
}

export interface FunctionOptions {
  readonly stream?: boolean;
  readonly cancelable?: boolean;
  readonly volatile?: boolean;
  readonly requiresAddress?: boolean;
  readonly requiresParameterAddresses?: boolean;
}

export interface FunctionMetadata {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly helpUrl?: string;
  readonly parameters: readonly ParameterMetadata[];
  readonly result?: { readonly type?: string; readonly dimensionality?: Dimensionality };
  readonly options?: FunctionOptions;
}

export interface FunctionsMetadata {
  readonly functions: readonly FunctionMetadata[];
}

function fail(path: string, what: string): never {
  throw new Error(`functions.json: ${path} ${what}`);
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function optionalString(o: Record<string, unknown>, key: string, path: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") fail(`${path}.${key}`, "must be a string");
  return v;
}

function optionalBool(o: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== "boolean") fail(`${path}.${key}`, "must be a boolean");
  return v;
}

function dimensionality(o: Record<string, unknown>, path: string): Dimensionality | undefined {
  const v = o.dimensionality;
  if (v === undefined) return undefined;
  if (v !== "scalar" && v !== "matrix") fail(`${path}.dimensionality`, `must be "scalar" or "matrix"`);
  return v;
}

/** Options of parseFunctionsMetadata. */
export interface ParseMetadataOptions {
  /**
   * The origin the preview is served from (the page passes location.origin). Each http(s)
   * helpUrl keeps its path, query and fragment but takes this origin, so help links open on
   * the server that serves the preview rather than the production origin functions.json was
   * built for. Absent: help URLs are kept as written.
   */
  readonly servedFrom?: string;
}

/** helpUrl re-homed on `origin` (an origin string); non-http(s) or unparsable URLs are kept. */
function rehome(helpUrl: string | undefined, origin: string | undefined): string | undefined {
  if (helpUrl === undefined || origin === undefined) return helpUrl;
  let url: URL;
  try {
    url = new URL(helpUrl);
  } catch {
    return helpUrl; // not absolute: nothing to re-home; kept as written
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return helpUrl;
  return `${origin}${url.pathname}${url.search}${url.hash}`;
}

/** The origin of `servedFrom`, or a thrown error naming it when it is not an http(s) URL. */
function originOf(servedFrom: string | undefined): string | undefined {
  if (servedFrom === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(servedFrom);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:"))
    fail("servedFrom", `must be an http(s) origin; got ${JSON.stringify(servedFrom)}`);
  return url.origin;
}

/**
 * Parses functions.json text or an already parsed object; throws naming the bad field.
 * With `options.servedFrom`, help URLs follow the serving origin (see ParseMetadataOptions).
 */
export function parseFunctionsMetadata(input: unknown, options: ParseMetadataOptions = {}): FunctionsMetadata {
  const origin = originOf(options.servedFrom);
  const json: unknown = typeof input === "string" ? JSON.parse(input) : input;
  if (!isRecord(json) || !Array.isArray(json.functions)) fail("root", "must be an object with a functions array");
  const seen = new Set<string>();
  const functions = json.functions.map((f: unknown, i: number): FunctionMetadata => {
    const path = `functions[${i}]`;
    if (!isRecord(f)) fail(path, "must be an object");
    if (typeof f.id !== "string" || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(f.id))
      fail(`${path}.id`, "must be an identifier");
    const id = f.id.toUpperCase();
    if (seen.has(id)) fail(`${path}.id`, `duplicates ${id}`);
    seen.add(id);
    if (typeof f.name !== "string") fail(`${path}.name`, "must be a string");
    const params = f.parameters === undefined ? [] : f.parameters;
    if (!Array.isArray(params)) fail(`${path}.parameters`, "must be an array");
    const parameters = params.map((p: unknown, j: number): ParameterMetadata => {
      const pp = `${path}.parameters[${j}]`;
      if (!isRecord(p) || typeof p.name !== "string") fail(pp, "must be an object with a name");
      return {
        name: p.name,
        description: optionalString(p, "description", pp),
        type: optionalString(p, "type", pp),
        dimensionality: dimensionality(p, pp),
        optional: optionalBool(p, "optional", pp),
        repeating: optionalBool(p, "repeating", pp),
      };
    });
    const result = isRecord(f.result)
      ? {
          type: optionalString(f.result, "type", `${path}.result`),
          dimensionality: dimensionality(f.result, `${path}.result`),
        }
      : undefined;
    const o = isRecord(f.options) ? f.options : {};
    const options: FunctionOptions = {
      stream: optionalBool(o, "stream", `${path}.options`),
      cancelable: optionalBool(o, "cancelable", `${path}.options`),
      volatile: optionalBool(o, "volatile", `${path}.options`),
      requiresAddress: optionalBool(o, "requiresAddress", `${path}.options`),
      requiresParameterAddresses: optionalBool(o, "requiresParameterAddresses", `${path}.options`),
    };
    return {
      id,
      name: f.name,
      description: optionalString(f, "description", path),
      helpUrl: rehome(optionalString(f, "helpUrl", path), origin),
      parameters,
      result,
      options,
    };
  });
  return { functions };
}

/** "a, b, [c]" — the argument list as Excel's tooltip shows it. */
export function signature(fn: FunctionMetadata): string {
  return fn.parameters.map((p) => (p.optional ? `[${p.name}]` : p.name) + (p.repeating ? ", ..." : "")).join(", ");
}
