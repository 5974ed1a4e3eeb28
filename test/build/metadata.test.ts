/**
 * functions.json is generated from JSDoc, never written by hand, and a metadata error must
 * fail the build (the custom-functions-metadata CLI itself prints errors and exits 0).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import webpack from "webpack";

const ROOT = resolve(__dirname, "../..");

const configFactory = require(join(ROOT, "webpack.config.js")) as (
  env: Record<string, unknown>,
  argv: Record<string, unknown>,
) => Promise<webpack.Configuration>;

async function build(env: Record<string, unknown>): Promise<{ stats: webpack.Stats; out: string }> {
  const out = mkdtempSync(join(tmpdir(), "pivot-build-"));
  const config = await configFactory({ ...env, functionsOnly: true, outputPath: out }, { mode: "production" });
  const compiler = webpack({ ...config, context: ROOT });
  const stats = await new Promise<webpack.Stats>((res, rej) =>
    compiler.run((err, s) => (err ? rej(err) : compiler.close(() => res(s!)))),
  );
  return { stats, out };
}

describe("metadata generation in the build", () => {
  test("a metadata error fails the build and names the file", async () => {
    const bad = join(ROOT, "test/fixtures/badMetadata.ts");
    const { stats, out } = await build({ functionFiles: bad, functionsEntry: bad });
    try {
      expect(stats.hasErrors()).toBe(true);
      const messages = stats
        .toJson({ errors: true })
        .errors!.map((e) => e.message)
        .join("\n");
      expect(messages).toContain("badMetadata.ts");
      expect(messages).toMatch(/Date/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);

  test("the real functions build cleanly and functions.json lists the headline functions", async () => {
    const { stats, out } = await build({});
    try {
      expect(stats.toJson({ errors: true }).errors).toEqual([]);
      const json = JSON.parse(readFileSync(join(out, "functions.json"), "utf8")) as { functions: { id: string }[] };
      const ids = json.functions.map((f) => f.id);
      expect(ids).toEqual(expect.arrayContaining(["MINER_HASHPRICE", "HPC_LEASE_NPV"]));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 120_000);
});
