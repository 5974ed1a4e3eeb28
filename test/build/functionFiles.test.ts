/**
 * src/functions/files.json is the one list of custom-function files: the build, the docs
 * script and the preview engine read it, and functions.js (src/functions/index.ts) imports
 * every file on it, so each file's CustomFunctions.associate calls run when the bundle loads.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { functionFiles } from "../../src/preview/engine/fromSource";

const ROOT = resolve(__dirname, "../..");
const list = (
  JSON.parse(readFileSync(join(ROOT, "src/functions/files.json"), "utf8")) as {
    files: { path: string; family: string }[];
  }
).files;

test("every listed file exists and has a family", () => {
  expect(list.length).toBeGreaterThanOrEqual(4);
  for (const f of list) {
    expect(existsSync(join(ROOT, f.path))).toBe(true);
    expect(f.family.trim()).not.toBe("");
  }
});

test("the build, the docs script and the preview engine read the same list", () => {
  const expected = list.map((f) => `./${f.path}`);
  expect((require(join(ROOT, "webpack.config.js")) as { FUNCTION_FILES: string[] }).FUNCTION_FILES).toEqual(expected);
  const docs = require(join(ROOT, "scripts/function-docs.cjs")) as { functionFileEntries: () => { path: string }[] };
  expect(docs.functionFileEntries().map((f) => f.path)).toEqual(list.map((f) => f.path));
  expect(functionFiles()).toEqual(list.map((f) => resolve(ROOT, f.path)));
});

test("functions.js imports every listed file", () => {
  const index = readFileSync(join(ROOT, "src/functions/index.ts"), "utf8");
  for (const f of list) {
    const name = f.path.replace(/^src\/functions\//, "").replace(/\.ts$/, "");
    expect(index).toMatch(new RegExp(`^import "\\./${name}";$`, "m"));
  }
});

test("webpack.config.js no longer holds the list (no import loop with the docs script)", () => {
  const text = readFileSync(join(ROOT, "webpack.config.js"), "utf8");
  expect(text).not.toMatch(/FUNCTION_FILES = \[/);
  expect(readFileSync(join(ROOT, "scripts/function-docs.cjs"), "utf8")).not.toContain("webpack.config");
});
