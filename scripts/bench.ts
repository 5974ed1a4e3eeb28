/**
 * `npm run bench`: runs each test/bench/*.bench.ts (or those named on the command line) and
 * prints one JSON line per figure. A bench that fails prints a line with its error on stderr
 * and makes the exit code non-zero; the others still run.
 */
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { installCustomFunctionsRuntime } from "../src/preview/customFunctionsRuntime";
import type { Bench, BenchLine } from "../test/bench/harness";

async function main(): Promise<void> {
  installCustomFunctionsRuntime();
  const dir = resolve(__dirname, "../test/bench");
  const wanted = process.argv.slice(2);
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
    .sort();
  let failed = 0;
  for (const file of files) {
    const mod = (await import(join(dir, file))) as { default: Bench };
    try {
      await mod.default((line: BenchLine) => process.stdout.write(`${JSON.stringify(line)}\n`));
    } catch (e) {
      failed++;
      process.stderr.write(`bench ${file} failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

void main();
