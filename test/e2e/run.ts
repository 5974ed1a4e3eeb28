/**
 * Browser end-to-end tests of the preview: `npx tsx test/e2e/run.ts` (npm test runs it after
 * the production build). Serves the production dist/ through the preview host, with the
 * market fixture server standing in for mempool, Coinbase and Kraken, and drives Debian's
 * Chromium (scripts/ensure-chromium.sh installs it). Prints one line per scenario and a
 * closing "N passed, N failed"; exits non-zero on any failure.
 *
 * Options: --only NAME (substring of a scenario name), --keep (leave the servers running
 * for a look at the page, until Ctrl-C).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { startPreviewServer } from "../../src/preview/server/main";
import { start as startFixtures } from "../support/marketFixtureServer";
import { launchTrusted } from "./browser";
import { SCENARIOS, type Env } from "./scenarios";

const ROOT = resolve(__dirname, "../..");

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
  if (!existsSync(join(ROOT, "dist", "taskpane.html")) || !existsSync(join(ROOT, "dist", "taskpane.js"))) {
    process.stdout.write("dist/ is missing: building the add-in (webpack --mode production)\n");
    execFileSync("npx", ["webpack", "--mode", "production", "--no-stats"], { cwd: ROOT, stdio: "inherit" });
  }
  const artifacts = join(ROOT, "test-artifacts");
  mkdirSync(artifacts, { recursive: true });

  const { caCertificatePath, httpsOptions } = require(join(ROOT, "scripts", "dev-certs.cjs")) as {
    caCertificatePath: string;
    httpsOptions(): Promise<unknown>;
  };
  await httpsOptions(); // generates the certificates on a fresh machine

  const fixtures = await startFixtures({ port: 0 });
  const server = await startPreviewServer({
    port: 0,
    addinDir: join(ROOT, "dist"),
    watch: false,
    log: () => undefined,
  });
  const browser = await launchTrusted(caCertificatePath);
  const env: Env = { browser: browser.browser, previewUrl: `${server.url}/preview.html`, fixtures, artifacts };
  let passed = 0;
  let failed = 0;
  try {
    for (const scenario of SCENARIOS) {
      if (only !== undefined && !scenario.name.includes(only)) continue;
      const started = Date.now();
      fixtures.resetRequests();
      try {
        await scenario.run(env);
        passed++;
        process.stdout.write(`  ✓ ${scenario.name} (${Date.now() - started} ms)\n`);
      } catch (e) {
        failed++;
        process.stdout.write(
          `  ✕ ${scenario.name} (${Date.now() - started} ms)\n    ${e instanceof Error ? (e.stack ?? e.message).split("\n").join("\n    ") : String(e)}\n`,
        );
      }
    }
    if (args.includes("--keep")) {
      process.stdout.write(`Kept running: ${env.previewUrl} (fixtures at ${fixtures.url}); Ctrl-C to stop.\n`);
      await new Promise<void>((r) => process.once("SIGINT", () => r()));
    }
  } finally {
    await browser.close();
    await server.close();
    await fixtures.close();
  }
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  return failed > 0 || passed === 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`browser e2e could not run: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
