/**
 * src/functions/files.json is the one list of custom-function files: the build, the docs
 * script and the preview engine read it, and functions.js (src/functions/index.ts) imports
 * every file on it without a `chunk`, so each file's CustomFunctions.associate calls run when
 * the bundle loads; a file with a chunk has its functions associated at load too, by the
 * entry, and its code fetched on first call (scripts/lazy-functions.cjs).
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { functionFiles } from "../../src/preview/engine/fromSource";

const ROOT = resolve(__dirname, "../..");
const list = (
  JSON.parse(readFileSync(join(ROOT, "src/functions/files.json"), "utf8")) as {
    files: { path: string; family: string; chunk?: string }[];
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

test("functions.js imports every listed file without a chunk, and none with one (those are fetched on first call)", () => {
  const index = readFileSync(join(ROOT, "src/functions/index.ts"), "utf8");
  for (const f of list) {
    const name = f.path.replace(/^src\/functions\//, "").replace(/\.ts$/, "");
    if (f.chunk === undefined) expect(index).toMatch(new RegExp(`^import "\\./${name}";$`, "m"));
    else expect(index).not.toMatch(new RegExp(`["']\\./${name}["']`));
  }
  expect(list.filter((f) => f.chunk === undefined).length).toBeGreaterThanOrEqual(1);
});

test("the build associates each chunked file's functions from the generator's list, with functions.json's result shape", () => {
  const { registrationSource } = require(join(ROOT, "scripts/lazy-functions.cjs")) as {
    registrationSource: (
      files: { path: string; chunk: string }[],
      generated: { associate: { id: string; functionName: string; sourceFileName: string }[]; metadataJson: string },
      entryDir: string,
    ) => string;
  };
  const dir = join(ROOT, "src/functions");
  const code = registrationSource(
    [{ path: join(dir, "deals.ts"), chunk: "deal-store" }],
    {
      associate: [
        { id: "DEAL", functionName: "DEAL", sourceFileName: join(dir, "deals.ts") },
        { id: "DEALS", functionName: "DEALS", sourceFileName: join(dir, "deals.ts") },
        { id: "MINER_HASHPRICE", functionName: "MINER_HASHPRICE", sourceFileName: join(dir, "mining.ts") },
      ],
      metadataJson: JSON.stringify({
        functions: [
          { id: "DEAL", result: {} },
          { id: "DEALS", result: { dimensionality: "matrix" } },
          { id: "MINER_HASHPRICE", result: { dimensionality: "matrix" } },
        ],
      }),
    },
    dir,
  );
  expect(code).toContain('import(/* webpackChunkName: "deal-store" */ "./deals")');
  expect(code).toContain(
    'CustomFunctions.associate("DEAL", __pivotOnFirstCall("DEAL", __pivotLoad0, "DEAL", "scalar"));',
  );
  expect(code).toContain(
    'CustomFunctions.associate("DEALS", __pivotOnFirstCall("DEALS", __pivotLoad0, "DEALS", "matrix"));',
  );
  expect(code).not.toContain("MINER_HASHPRICE");
});

test("webpack.config.js no longer holds the list (no import loop with the docs script)", () => {
  const text = readFileSync(join(ROOT, "webpack.config.js"), "utf8");
  expect(text).not.toMatch(/FUNCTION_FILES = \[/);
  expect(readFileSync(join(ROOT, "scripts/function-docs.cjs"), "utf8")).not.toContain("webpack.config");
});
