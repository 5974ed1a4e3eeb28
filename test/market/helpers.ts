/**
 * Shared pieces of the market tests: a storage object shaped like OfficeRuntime.storage,
 * a fake streaming invocation, a store wired to the fixture server with short timeouts, and
 * the checks every cell value must pass.
 */
import { createMarketStore, installMarketStore, type MarketStore } from "../../src/market/store";
import type { KeyValueStorage } from "../../src/market/storage";
import type { HttpPolicy } from "../../src/market/http";
import type { FixtureServer } from "../support/marketFixtureServer";

/** Like OfficeRuntime.storage: string values, promise-returning getItem/setItem. */
export class FakeOfficeStorage implements KeyValueStorage {
  readonly items = new Map<string, string>();
  failWrites = false;
  failReads = false;
  writes = 0;

  async getItem(key: string): Promise<string | null> {
    if (this.failReads) throw new Error("storage read failed\u0007\r\n=evil");
    return this.items.get(key) ?? null;
  }

  async setItem(key: string, value: string): Promise<void> {
    if (typeof value !== "string") throw new TypeError("OfficeRuntime.storage stores strings only");
    if (this.failWrites) throw new Error("quota exceeded");
    this.writes += 1;
    this.items.set(key, value);
  }
}

export interface Shown {
  readonly value: unknown;
  readonly atMs: number;
}

/** A CustomFunctions.StreamingInvocation that records every setResult. */
export class FakeInvocation implements CustomFunctions.StreamingInvocation<unknown> {
  readonly results: Shown[] = [];
  onCanceled?: () => void;
  readonly address?: string;

  constructor(address?: string) {
    this.address = address;
  }

  setResult = (value: unknown): void => {
    this.results.push({ value, atMs: performance.now() });
  };

  get last(): unknown {
    return this.results.length > 0 ? this.results[this.results.length - 1].value : undefined;
  }

  cancel(): void {
    this.onCanceled?.();
  }
}

/** Test policy: short timeouts so the suite stays fast. */
export const TEST_POLICY: HttpPolicy = {
  timeoutMs: 250,
  maxAttempts: 3,
  backoffBaseMs: 20,
  maxRefreshMs: 2_500,
};

export interface WiredStore {
  readonly store: MarketStore;
  readonly storage: FakeOfficeStorage;
}

/** A started store pointed at the fixture server, installed as the page's store. */
export async function wiredStore(
  server: FixtureServer,
  options: { storage?: FakeOfficeStorage; http?: Partial<HttpPolicy>; now?: () => number; install?: boolean } = {},
): Promise<WiredStore> {
  const storage = options.storage ?? new FakeOfficeStorage();
  const store = createMarketStore({ storage, http: { ...TEST_POLICY, ...options.http }, now: options.now });
  if (options.install !== false) installMarketStore(store);
  await store.start();
  const r = await store.settings.set({
    mempoolBaseUrl: server.url,
    coinbaseBaseUrl: server.url,
    krakenBaseUrl: server.url,
  });
  if (!r.ok) throw new Error(`settings rejected: ${JSON.stringify(r.errors)}`);
  return { store, storage };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Every text that can reach a cell: no control characters, bounded, not formula-like. */
export function expectCellSafe(value: unknown): void {
  const texts: string[] = [];
  if (typeof value === "string") texts.push(value);
  if (typeof value === "object" && value !== null && "message" in value) {
    const m = (value as { message?: unknown }).message;
    if (typeof m === "string") texts.push(m);
  }
  for (const t of texts) {
    expect(CONTROL.test(t)).toBe(false);
    expect(t.length).toBeLessThanOrEqual(255);
    expect(/^[=+\-@]/.test(t)).toBe(false);
  }
}

/** Waits until `check` is true (polling every 5 ms), failing after `ms`. */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Hashprice by Hashrate Index's definition, 144 × (subsidy + fees) × price ÷ network PH/s,
 * written out independently of src/core.
 */
export function referenceHashprice(btcUsd: number, difficulty: number, feesBtc: number, subsidyBtc: number): number {
  const hashesPerSecond = (difficulty * 2 ** 32) / 600;
  const networkPhs = hashesPerSecond / 1e15;
  return (144 * (subsidyBtc + feesBtc) * btcUsd) / networkPhs;
}
