/**
 * `npm run snapshot:update`: regenerates src/market/embedded-snapshot.json from live sources,
 * through the add-in's own source adapters and refresh policy (same validation, same
 * fallbacks between price sources). It writes nothing unless every input (price,
 * difficulty, fees, height) came live, so the committed snapshot is always one coherent,
 * dated observation.
 *
 * Usage:
 *   npx tsx scripts/update-snapshot.ts [--base-url URL] [--out PATH] [--timeout-ms N]
 *   --base-url   serve every source from this base (a self-hosted mempool, or the test
 *                fixture server: npx tsx test/support/marketFixtureServer.ts --port 4010)
 *   --out        where to write (default src/market/embedded-snapshot.json)
 *   --timeout-ms per-request timeout (default 8000)
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { HttpPolicy } from "../src/market/http";
import { parseEmbeddedSnapshot, type EmbeddedSnapshotJson } from "../src/market/embedded";
import { INPUT_FIELDS, PRIMARY_FIELDS, type InputField } from "../src/market/model";
import type { MarketSettings } from "../src/market/settings";
import { MemoryStorage } from "../src/market/storage";
import { createMarketStore } from "../src/market/store";

export const DEFAULT_OUT = resolve(__dirname, "../src/market/embedded-snapshot.json");

export interface UpdateOptions {
  readonly baseUrl?: string;
  readonly out?: string;
  readonly timeoutMs?: number;
  /** Other request-policy overrides (tests use short backoffs). */
  readonly http?: Partial<HttpPolicy>;
}

export interface UpdateResult {
  readonly path: string;
  readonly json: EmbeddedSnapshotJson;
}

export async function updateSnapshot(options: UpdateOptions = {}): Promise<UpdateResult> {
  const store = createMarketStore({
    storage: new MemoryStorage(),
    http: { ...options.http, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) },
  });
  try {
    await store.start();
    const urls: Partial<MarketSettings> = options.baseUrl
      ? { mempoolBaseUrl: options.baseUrl, coinbaseBaseUrl: options.baseUrl, krakenBaseUrl: options.baseUrl }
      : {};
    const set = await store.settings.set(urls);
    if (!set.ok) throw new Error(`invalid --base-url: ${Object.values(set.errors).join(" ")}`);
    const report = await store.refresh();
    const snapshot = report.snapshot;
    const missing = PRIMARY_FIELDS.filter((f) => snapshot.fields[f]?.origin !== "live");
    if (missing.length > 0) {
      const why = report.failures.map((f) => `  ${f.endpoint}: ${f.reason}`).join("\n");
      throw new Error(`not written: no live value for ${missing.join(", ")}\n${why}`);
    }
    const settings = store.settings.get();
    const generatedAt = new Date().toISOString();
    const entries: Partial<Record<InputField, { value: number; as_of: string; source: string }>> = {};
    for (const field of INPUT_FIELDS) {
      const v = snapshot.fields[field];
      if (v === undefined || v.origin !== "live") continue;
      entries[field] = { value: v.value, as_of: v.asOf, source: `${v.source}, fetched ${v.fetchedAt}` };
    }
    const json = {
      schema: 1,
      generated_at: generatedAt,
      generated_by: `npm run snapshot:update (mempool ${settings.mempoolBaseUrl}, Coinbase ${settings.coinbaseBaseUrl}, Kraken ${settings.krakenBaseUrl})`,
      note: "Live observations at generation time, each validated by the add-in's source adapters. Fees are the trailing 144-block average (reward-stats totalFee / 144 / 1e8). Subsidy, implied hashrate, hashprice and the halving date are derived by src/core, never stored.",
      ...entries,
    } as EmbeddedSnapshotJson;
    parseEmbeddedSnapshot(json); // the add-in must accept what we write
    const path = options.out ?? DEFAULT_OUT;
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
    return { path, json };
  } finally {
    store.dispose();
  }
}

function argValue(argv: readonly string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function main(argv: readonly string[]): Promise<number> {
  const timeout = argValue(argv, "--timeout-ms");
  try {
    const result = await updateSnapshot({
      baseUrl: argValue(argv, "--base-url"),
      out: argValue(argv, "--out") ?? DEFAULT_OUT,
      timeoutMs: timeout !== undefined ? Number(timeout) : undefined,
    });
    const j = result.json;
    process.stdout.write(
      `wrote ${result.path}: btc_usd ${j.btc_usd?.value}, difficulty ${j.difficulty?.value}, fees ${j.fees_btc_per_block?.value} BTC/block, height ${j.height?.value} (${j.generated_at})\n`,
    );
    return 0;
  } catch (e) {
    process.stderr.write(`snapshot:update failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

if (typeof require !== "undefined" && require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
