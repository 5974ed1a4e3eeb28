/**
 * `npm run snapshot:update`: regenerates src/market/embedded-snapshot.json from live sources,
 * through the add-in's own source adapters and refresh policy (same validation, same
 * fallbacks between price sources). It writes nothing unless every input (price,
 * difficulty, fees, height) came live, so the committed snapshot is always one coherent,
 * dated observation.
 *
 * Usage:
 *   npx tsx scripts/update-snapshot.ts [--base-url URL] [--out PATH] [--history-out PATH] [--timeout-ms N]
 *   --base-url   serve every source from this base (a self-hosted mempool, or the test
 *                fixture server: npx tsx test/support/marketFixtureServer.ts --port 4010)
 *   --out        where to write (default src/market/embedded-snapshot.json)
 *   --history-out where to write the monthly history (default src/market/embedded-history.json
 *                when --out is the default; with another --out, history is captured only
 *                when --history-out is given, so a test run never touches the bundle)
 *   --timeout-ms per-request timeout, a whole number of ms from 1 to 600000 (default 8000)
 * Every flag needs a value; an unknown flag, a missing or bad value exits with code 2 and
 * says why. A refresh that does not bring every input live exits with code 1.
 */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { HttpPolicy } from "../src/market/http";
import { parseEmbeddedSnapshot, type EmbeddedEntryJson, type EmbeddedSnapshotJson } from "../src/market/embedded";
import { INPUT_FIELDS, PRIMARY_FIELDS, SOURCE_LABEL_CHARS, sourceLabel, type InputField } from "../src/market/model";
import type { MarketSettings } from "../src/market/settings";
import { MemoryStorage } from "../src/market/storage";
import { createMarketStore } from "../src/market/store";
import { monthlyHistoryJson } from "../src/market/history/capture";
import type { EmbeddedHistoryJson } from "../src/market/history/embedded";
import { DEFAULT_MEMPOOL_BASE_URL, createHistoryService } from "../src/market/history/service";
import { HISTORY_ENDPOINT_IDS } from "../src/market/history/sources";

export const DEFAULT_OUT = resolve(__dirname, "../src/market/embedded-snapshot.json");
export const DEFAULT_HISTORY_OUT = resolve(__dirname, "../src/market/embedded-history.json");

export interface UpdateOptions {
  readonly baseUrl?: string;
  readonly out?: string;
  readonly historyOut?: string;
  readonly timeoutMs?: number;
  /** Other request-policy overrides (tests use short backoffs). */
  readonly http?: Partial<HttpPolicy>;
}

export interface UpdateResult {
  readonly path: string;
  readonly json: EmbeddedSnapshotJson;
}

export async function updateSnapshot(options: UpdateOptions = {}): Promise<UpdateResult> {
  if (options.timeoutMs !== undefined) checkTimeoutMs(options.timeoutMs);
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
    const entries: Partial<Record<InputField, EmbeddedEntryJson>> = {};
    for (const field of INPUT_FIELDS) {
      const v = snapshot.fields[field];
      if (v === undefined || v.origin !== "live") continue;
      const full = sourceLabel(v);
      entries[field] = {
        value: v.value,
        as_of: v.asOf,
        source: `${v.source}, fetched ${v.fetchedAt}`,
        label: full.length <= SOURCE_LABEL_CHARS ? full : sourceLabel(v, true),
      };
    }
    const json = {
      schema: 1,
      generated_at: generatedAt,
      generated_by: `npm run snapshot:update (mempool ${settings.mempoolBaseUrl}, Coinbase ${settings.coinbaseBaseUrl}, Kraken ${settings.krakenBaseUrl})`,
      note: `Every field is a live observation at generation time (${Object.keys(entries).join(", ")}), validated by the add-in's source adapters; none is derived here. Fees are the trailing 144-block average (reward-stats totalFee / 144 / 1e8). Subsidy, implied hashrate, hashprice and the halving date are derived by src/core, never stored. Regenerate with \`npm run snapshot:update\`.`,
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

export interface HistoryUpdateResult {
  readonly path: string;
  readonly json: EmbeddedHistoryJson;
}

/**
 * Captures the monthly history (src/market/history/capture.ts) from mempool's history
 * endpoints through the add-in's own adapters and limits, and writes it to `out`. Writes
 * nothing unless all three endpoints answered live and validated.
 */
export async function updateHistory(
  options: Pick<UpdateOptions, "baseUrl" | "timeoutMs" | "http"> & { readonly out: string },
): Promise<HistoryUpdateResult> {
  if (options.timeoutMs !== undefined) checkTimeoutMs(options.timeoutMs);
  const base = options.baseUrl ?? DEFAULT_MEMPOOL_BASE_URL;
  const service = createHistoryService({
    baseUrl: () => base,
    storage: new MemoryStorage(),
    http: { ...options.http, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) },
  });
  try {
    const loaded = await service.load(HISTORY_ENDPOINT_IDS);
    const json = monthlyHistoryJson(loaded, `npm run snapshot:update (mempool ${base})`, Date.now());
    writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
    return { path: options.out, json };
  } finally {
    service.dispose();
  }
}

/** Bounds of --timeout-ms: a whole number of milliseconds. */
export const MIN_TIMEOUT_MS = 1;
export const MAX_TIMEOUT_MS = 600_000;

export const USAGE =
  "usage: npx tsx scripts/update-snapshot.ts [--base-url URL] [--out PATH] [--history-out PATH] [--timeout-ms N]  (N: 1 to 600000 ms)";

/** A mistake in the command line: reported with the usage line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const FLAGS = ["--base-url", "--out", "--history-out", "--timeout-ms"] as const;
type Flag = (typeof FLAGS)[number];

/** Checks a --timeout-ms value (also used for `updateSnapshot({timeoutMs})`). */
export function checkTimeoutMs(raw: string | number): number {
  const n = typeof raw === "number" ? raw : /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < MIN_TIMEOUT_MS || n > MAX_TIMEOUT_MS) {
    throw new UsageError(
      `--timeout-ms must be a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}; got ${JSON.stringify(raw)}`,
    );
  }
  return n;
}

/**
 * Parses the command line strictly: every flag needs a value (a flag followed by nothing or
 * by another flag is an error, not ignored), unknown flags, stray words and repeated flags
 * are errors, and --timeout-ms must be a whole number in range (never NaN).
 */
export function parseArgs(argv: readonly string[]): UpdateOptions {
  const values: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    if (!(FLAGS as readonly string[]).includes(flag)) {
      throw new UsageError(
        flag.startsWith("-") ? `unknown option ${flag}` : `unexpected argument ${JSON.stringify(flag)}`,
      );
    }
    const value = argv[i + 1];
    if (value === undefined || value.startsWith("--")) throw new UsageError(`${flag} needs a value`);
    if (values[flag as Flag] !== undefined) throw new UsageError(`${flag} is given twice`);
    if (value.trim() === "") throw new UsageError(`${flag} needs a value; got an empty one`);
    values[flag as Flag] = value;
  }
  return {
    ...(values["--base-url"] !== undefined ? { baseUrl: values["--base-url"] } : {}),
    out: values["--out"] ?? DEFAULT_OUT,
    ...(values["--history-out"] !== undefined ? { historyOut: values["--history-out"] } : {}),
    ...(values["--timeout-ms"] !== undefined ? { timeoutMs: checkTimeoutMs(values["--timeout-ms"]) } : {}),
  };
}

/** Runs the script; returns the exit code (0 written, 1 not written, 2 bad command line). */
export async function main(argv: readonly string[]): Promise<number> {
  let options: UpdateOptions;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`snapshot:update: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  try {
    const result = await updateSnapshot(options);
    const j = result.json;
    process.stdout.write(
      `wrote ${result.path}: btc_usd ${j.btc_usd?.value}, difficulty ${j.difficulty?.value}, fees ${j.fees_btc_per_block?.value} BTC/block, height ${j.height?.value} (${j.generated_at})\n`,
    );
    const historyOut = options.historyOut ?? (options.out === DEFAULT_OUT ? DEFAULT_HISTORY_OUT : undefined);
    if (historyOut === undefined) {
      process.stdout.write("history: not captured (--out was given without --history-out)\n");
      return 0;
    }
    try {
      const h = await updateHistory({ ...options, out: historyOut });
      const m = h.json.months;
      process.stdout.write(
        `wrote ${h.path}: ${m.length} months, ${m[0]?.date ?? "none"} to ${m[m.length - 1]?.date ?? "none"}, as of ${h.json.as_of}\n`,
      );
    } catch (e) {
      process.stderr.write(
        `snapshot:update: the snapshot was written, the history was not (${historyOut} kept): ${e instanceof Error ? e.message : String(e)}\n`,
      );
      return 1;
    }
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
