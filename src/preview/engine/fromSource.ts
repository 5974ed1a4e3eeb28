/**
 * Node-only (jest, benches, scripts): builds what the preview page gets from dist/ —
 * functions.json and the `CustomFunctions.associate` registrations — straight from the
 * TypeScript sources, with the same metadata generator and file list as the webpack build.
 * The webpack plugin appends `CustomFunctions.associate(id, fn)` to each functions file;
 * here the generator's `associate` list does the same for the imported modules.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseFunctionsMetadata, type FunctionsMetadata } from "./metadata";

const ROOT = resolve(__dirname, "../../..");

/** The FUNCTION_FILES list of webpack.config.js (read as text: requiring it loads webpack). */
export function functionFiles(): string[] {
  const text = readFileSync(resolve(ROOT, "webpack.config.js"), "utf8");
  const m = /const FUNCTION_FILES = \[([\s\S]*?)\];/.exec(text);
  if (!m) throw new Error("webpack.config.js has no FUNCTION_FILES list");
  return [...m[1].matchAll(/["']([^"']+)["']/g)].map((x) => resolve(ROOT, x[1]));
}

interface GenerateResult {
  metadataJson: string;
  associate: { sourceFileName: string; functionName: string; id: string }[];
  errors: string[];
}

let cached: Promise<{ metadata: FunctionsMetadata; associate: GenerateResult["associate"] }> | undefined;

/** functions.json generated from the sources; rejects if the generator reports any error. */
export function metadataFromSource(): Promise<{ metadata: FunctionsMetadata; associate: GenerateResult["associate"] }> {
  cached ??= (async () => {
    const { generateCustomFunctionsMetadata } = require("custom-functions-metadata") as {
      generateCustomFunctionsMetadata(files: string[], quiet?: boolean): Promise<GenerateResult>;
    };
    const result = await generateCustomFunctionsMetadata(functionFiles(), true);
    if (result.errors.length > 0) throw new Error(`custom-functions-metadata: ${result.errors.join("; ")}`);
    return { metadata: parseFunctionsMetadata(result.metadataJson), associate: result.associate };
  })();
  return cached;
}

/** Associates every function of the sources with the `CustomFunctions` global, as functions.js does. */
export async function associateFromSource(): Promise<FunctionsMetadata> {
  const { metadata, associate } = await metadataFromSource();
  for (const a of associate) {
    const mod = require(resolve(ROOT, a.sourceFileName)) as Record<string, unknown>;
    const fn = mod[a.functionName];
    if (typeof fn !== "function") throw new Error(`${a.sourceFileName} does not export ${a.functionName}`);
    CustomFunctions.associate(a.id, fn as (...args: unknown[]) => unknown);
  }
  return metadata;
}
