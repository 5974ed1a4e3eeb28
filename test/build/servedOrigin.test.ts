/**
 * Help links follow the origin the add-in is served from: a development build for another
 * port says that port in every @helpurl (and the manifest), the production build says the
 * production origin; help.html lists the functions by family (src/functions/files.json).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import webpack from "webpack";
import { distFunctions, readDist } from "../support/dist";

const ROOT = resolve(__dirname, "../..");
const configFactory = require(join(ROOT, "webpack.config.js")) as (
  env: Record<string, unknown>,
  argv: Record<string, unknown>,
) => Promise<webpack.Configuration>;
const docs = require(join(ROOT, "scripts/function-docs.cjs")) as {
  functionFamilies: () => { family: string; ids: string[] }[];
};
const pkg = require(join(ROOT, "package.json")) as { config: { prod_origin: string } };

interface Meta {
  functions: { id: string; helpUrl?: string }[];
}

test("a development build served from another port puts that origin in every help URL", async () => {
  const out = mkdtempSync(join(tmpdir(), "pivot-origin-"));
  try {
    const origin = "https://localhost:43117";
    const config = await configFactory({ functionsOnly: true, outputPath: out, origin }, { mode: "development" });
    const compiler = webpack({ ...config, context: ROOT });
    const stats = await new Promise<webpack.Stats>((res, rej) =>
      compiler.run((err, s) => (err ? rej(err) : compiler.close(() => res(s!)))),
    );
    expect(stats.toJson({ errors: true }).errors).toEqual([]);
    const json = JSON.parse(readFileSync(join(out, "functions.json"), "utf8")) as Meta;
    expect(json.functions.length).toBeGreaterThan(10);
    for (const f of json.functions) expect(f.helpUrl).toBe(`${origin}/help.html#${f.id}`);
    expect(readFileSync(join(out, "functions.json"), "utf8")).not.toContain("localhost:3000");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}, 180_000);

test("the production build's help URLs and manifest use the production origin", () => {
  const prod = pkg.config.prod_origin.replace(/\/+$/, "");
  for (const f of distFunctions()) expect(f.helpUrl).toBe(`${prod}/help.html#${f.id}`);
  expect(readDist("manifest.xml")).not.toContain("localhost");
});

test("help.html groups the functions by family, every function under one", () => {
  const html = readDist("help.html");
  const families = docs.functionFamilies();
  expect(families.map((f) => f.family)).toEqual(
    expect.arrayContaining(["Mining and the network", "Deals", "Market inputs", "HPC leases and the pivot"]),
  );
  const ids = new Set(distFunctions().map((f) => f.id));
  const grouped = families.flatMap((f) => f.ids);
  expect(new Set(grouped)).toEqual(ids);
  // Each family's heading comes before its functions and after the previous family's.
  let last = -1;
  for (const f of families) {
    const heading = html.search(
      new RegExp(`id="?family-[a-z-]+"?>\\s*<h2>${f.family.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}</h2>`),
    );
    expect(heading).toBeGreaterThan(last);
    for (const id of f.ids) expect(html.search(new RegExp(`id="?${id}"?>`))).toBeGreaterThan(heading);
    last = heading;
  }
});
