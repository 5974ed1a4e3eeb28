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

/** The custom-function sources, absolute, from src/functions/files.json (the build's list too). */
export function functionFiles(): string[] {
  const file = resolve(ROOT, "src/functions/files.json");
  const json = JSON.parse(readFileSync(file, "utf8")) as { files?: unknown };
  if (!Array.isArray(json.files)) throw new Error(`${file}: needs a "files" array`);
  return json.files.map((f: unknown, i: number) => {
    const p = (f as { path?: unknown } | null)?.path;
    if (typeof p !== "string") throw new Error(`${file}: files[${i}] has no path`);
    return resolve(ROOT, p);
  });
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
