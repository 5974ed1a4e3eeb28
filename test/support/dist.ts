/** Paths into the production build that `npm test` makes before jest runs. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const DIST = join(__dirname, "..", "..", "dist");

export function distFile(name: string): string {
  const path = join(DIST, name);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run the production build first (npm run build; npm test does it).`);
  }
  return path;
}

export function readDist(name: string): string {
  return readFileSync(distFile(name), "utf8");
}

export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: { name: string; description?: string; type: string; dimensionality?: string; optional?: boolean }[];
  result: { type?: string; dimensionality?: string };
  options?: { stream?: boolean; cancelable?: boolean; volatile?: boolean; requiresAddress?: boolean };
}

export function distFunctions(): FunctionMetadata[] {
  return (JSON.parse(readDist("functions.json")) as { functions: FunctionMetadata[] }).functions;
}
