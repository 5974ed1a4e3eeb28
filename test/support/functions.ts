/**
 * The custom functions as Excel sees them, straight from source: functions.json generated
 * from the JSDoc (as the build does) and each id bound to its exported function. In the
 * bundle the metadata plugin appends `CustomFunctions.associate(id, fn)`; here the same
 * (id, source file, function name) triples bind them.
 */
import { resolve } from "node:path";
import type { FunctionMetadata } from "./dist";

const ROOT = resolve(__dirname, "../..");

export interface LoadedFunctions {
  metadata: FunctionMetadata[];
  byId: Map<string, (...args: unknown[]) => unknown>;
}

let cache: Promise<LoadedFunctions> | undefined;

export function loadFunctions(): Promise<LoadedFunctions> {
  cache ??= (async () => {
    const { FUNCTION_FILES } = require(resolve(ROOT, "webpack.config.js")) as { FUNCTION_FILES: string[] };

    const { generateCustomFunctionsMetadata } = require("custom-functions-metadata") as {
      generateCustomFunctionsMetadata: (
        files: string[],
        wantAssociate: boolean,
      ) => Promise<{
        metadataJson: string;
        errors: string[];
        associate: { sourceFileName: string; functionName: string; id: string }[];
      }>;
    };
    const files = FUNCTION_FILES.map((f) => resolve(ROOT, f));
    const result = await generateCustomFunctionsMetadata(files, true);
    if (result.errors.length > 0) throw new Error(`functions metadata errors:\n${result.errors.join("\n")}`);
    const byId = new Map<string, (...args: unknown[]) => unknown>();
    for (const a of result.associate) {
      const mod = require(resolve(ROOT, a.sourceFileName)) as Record<string, unknown>;
      const fn = mod[a.functionName];
      if (typeof fn !== "function") throw new Error(`${a.sourceFileName} does not export ${a.functionName}`);
      byId.set(a.id, fn as (...args: unknown[]) => unknown);
    }
    const metadata = (JSON.parse(result.metadataJson) as { functions: FunctionMetadata[] }).functions;
    return { metadata, byId };
  })();
  return cache;
}

/** Shapes a literal argument as Excel passes it: matrix parameters get [[x]], omitted get null. */
export function asExcelArgument(value: unknown, param: FunctionMetadata["parameters"][number] | undefined): unknown {
  if (value === null || value === undefined) return null;
  return param?.dimensionality === "matrix" ? [[value]] : value;
}
