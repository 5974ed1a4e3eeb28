/**
 * The market store: the one place that holds the market snapshot, refreshes it, persists the
 * last good values and tells subscribers when it changes.
 *
 * ## One instance per page, shared by both bundles
 * functions.js and taskpane.js are separate webpack bundles loaded into the same page (the
 * shared runtime), so each has its own copy of this module. `marketStore()` therefore keeps
 * the instance on `globalThis` under `Symbol.for("pivotlens.market")` and creates it only if
 * absent: whichever bundle asks first creates it, the other finds it. `Symbol.for` keys are
 * global across bundles (a module-level `Symbol()` or `let` would not be). Code must use the
 * store through the `MarketStore` interface (never `instanceof`), and `apiVersion` guards
 * against two different builds sharing a page.
 *
 * ## Refresh policy
 * - Triggers: `refresh()` (task pane button), the auto-refresh poller (settings.autoRefreshMs,
 *   one timer for the whole page, running only while something is subscribed), and
 *   `ensureFresh()` (called by every function that reads the snapshot; it starts a background
 *   refresh when the snapshot is stale and no attempt was made within the TTL).
 * - A refresh already in flight is joined, so concurrent triggers share one request per
 *   endpoint.
 * - Each request: `timeoutMs` per attempt (8 s), 429/5xx retried with backoff honouring
 *   Retry-After, and the whole refresh bounded by `maxRefreshMs` (20 s), see http.ts. A server
 *   that asks for a longer wait is skipped until then, for at most an hour (MAX_RETRY_AFTER_MS).
 * - Fallback is per field: the live value, else the last good value (this session or
 *   restored from storage), else the embedded snapshot. Each field keeps its true as-of and
 *   source; `stale` says when any input is older than the TTL.
 * - Nothing waits for the network: readers always get the current snapshot at once.
 *
 * ## Dependent cells
 * `subscribe(listener)` calls the listener with each new snapshot. PIVOT.MARKET cells are
 * streaming and subscribe themselves. Other PIVOT functions read the snapshot when Excel
 * calculates them; the task pane bootstrap subscribes and asks the workbook layer to
 * recalculate the workbook so they pick up the new values.
 */
import { ModelError } from "../core/errors";
import { CancelSource, DEFAULT_HTTP_POLICY, httpGetText, type FetchLike, type HttpPolicy } from "./http";
import { bundledSnapshot, checkFieldValue, type EmbeddedSnapshot } from "./embedded";
import { deriveFields } from "./derive";
import {
  INPUT_FIELDS,
  PRIMARY_FIELDS,
  type FieldValue,
  type InputField,
  type MarketField,
  type MarketSnapshot,
  type MarketValues,
  type Observation,
  type Origin,
  type PrimaryField,
} from "./model";
import { applySettings, DEFAULT_SETTINGS, restoreSettings, type MarketSettings, type SettingsResult } from "./settings";
import {
  BOUNDS,
  ENDPOINT_IDS,
  ENDPOINTS,
  endpointLabel,
  endpointUrl,
  PRICE_CHAIN,
  SourceRejection,
  type EndpointId,
  type Observations,
} from "./sources";
import { detectRuntimeStorage, type KeyValueStorage, type RuntimeStorage } from "./storage";
import { cleanText, errorText } from "./text";

export const STORE_API_VERSION = 1;
export const STORE_GLOBAL_KEY = Symbol.for("pivotlens.market");
export const SETTINGS_STORAGE_KEY = "pivotlens.market.settings.v1";
export const LAST_GOOD_STORAGE_KEY = "pivotlens.market.lastGood.v1";
/** Longest note kept per field (cells show at most 255 characters of it). */
const NOTE_CHARS = 600;

export type FallbackUse = "none" | "alternate_source" | "last_good" | "embedded" | "unavailable";

export interface RefreshFailure {
  /** The endpoint's label, e.g. "mempool (mempool.space/api/v1/prices)", or "storage". */
  readonly source: string;
  readonly endpoint: EndpointId | "storage" | "store";
  /** Cleaned, bounded text. */
  readonly reason: string;
}

export interface RefreshReport {
  /** True when every input came live from its first-choice source and was persisted. */
  readonly ok: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly failures: readonly RefreshFailure[];
  /** Per input field: how the value now in the snapshot was obtained. */
  readonly usedFallback: Readonly<Record<InputField, FallbackUse>>;
  readonly snapshot: MarketSnapshot;
}

export interface StartReport {
  readonly storage: RuntimeStorage["kind"];
  readonly restoredFields: readonly InputField[];
  /** Problems reading persisted data (the add-in then uses defaults / embedded values). */
  readonly problems: readonly string[];
}

export interface StoreStats {
  readonly listeners: number;
  readonly pollerActive: boolean;
  readonly staleTimerActive: boolean;
  readonly refreshInFlight: boolean;
  /** Requests this store has sent, per endpoint (retries included). */
  readonly requests: Readonly<Record<EndpointId, number>>;
}

export type SnapshotListener = (snapshot: MarketSnapshot) => void;

export interface MarketSettingsApi {
  get(): MarketSettings;
  /**
   * Validates and applies `patch` on top of the current settings (after the restore from
   * storage, started here if start() was not called yet), then persists the result. Invalid
   * input changes nothing.
   */
  set(patch: Partial<MarketSettings>): Promise<SettingsResult>;
}

export interface MarketStore {
  readonly apiVersion: typeof STORE_API_VERSION;
  /** The current snapshot, at once (never waits for the network). */
  snapshot(): MarketSnapshot;
  /** The current numbers for omitted market arguments. */
  values(): MarketValues;
  /**
   * Refreshes now, or joins the refresh in flight. Never rejects. Waits for the restore from
   * storage first (starting it if needed), so the saved last good values of fields that fail
   * are kept. Does not enable lazy or auto refresh: start() does.
   */
  refresh(): Promise<RefreshReport>;
  /** Starts a background refresh if the snapshot is stale and none was tried within the TTL. */
  ensureFresh(): void;
  /** Calls `listener` with every new snapshot; returns the unsubscribe function (idempotent). */
  subscribe(listener: SnapshotListener): () => void;
  readonly settings: MarketSettingsApi;
  /** The report of the most recent completed refresh, if any. */
  lastReport(): RefreshReport | undefined;
  /** Restores settings and the last good snapshot from storage and enables lazy and auto refresh. Idempotent. */
  start(): Promise<StartReport>;
  /** Stops timers, cancels requests in flight and drops listeners. */
  dispose(): void;
  stats(): StoreStats;
}

export interface MarketStoreOptions {
  /** Default: OfficeRuntime.storage, else localStorage, else memory. */
  readonly storage?: KeyValueStorage;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  readonly http?: Partial<HttpPolicy>;
  /** Clock for as-of stamps and staleness. Default Date.now. */
  readonly now?: () => number;
  /** Default: the bundled embedded snapshot. */
  readonly embedded?: EmbeddedSnapshot;
}

interface Subscription {
  readonly listener: SnapshotListener;
}

interface EndpointResult {
  readonly id: EndpointId;
  readonly observations?: Observations;
  /** The endpoint gave nothing usable. */
  readonly failure?: RefreshFailure;
  /** The endpoint answered, but these fields of its answer were rejected (the rest is kept). */
  readonly dropped?: readonly { readonly field: InputField; readonly failure: RefreshFailure }[];
}

interface PersistedLastGood {
  readonly schema: 1;
  readonly fields: Partial<Record<InputField, Observation>>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function emptyCounts(): Record<EndpointId, number> {
  return Object.fromEntries(ENDPOINT_IDS.map((id) => [id, 0])) as Record<EndpointId, number>;
}

/** Surfaces a listener's exception without letting it stop the other listeners. */
function reportListenerError(e: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === "function") report(e);
  else
    setTimeout(() => {
      throw e;
    }, 0);
}

function isObservation(x: unknown): x is Observation {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return (
    typeof o.value === "number" &&
    typeof o.asOf === "string" &&
    !Number.isNaN(Date.parse(o.asOf)) &&
    typeof o.fetchedAt === "string" &&
    !Number.isNaN(Date.parse(o.fetchedAt)) &&
    typeof o.source === "string"
  );
}

class Store implements MarketStore {
  readonly apiVersion = STORE_API_VERSION;
  readonly settings: MarketSettingsApi;

  private readonly storage: KeyValueStorage;
  private readonly storageKind: RuntimeStorage["kind"];
  private readonly fetchImpl: FetchLike;
  private readonly policy: HttpPolicy;
  private readonly now: () => number;
  private readonly embedded: EmbeddedSnapshot;

  private current: MarketSettings = DEFAULT_SETTINGS;
  private lastGood: Partial<Record<InputField, Observation>> = {};
  /** Fields the most recent refresh obtained live. */
  private liveFields = new Set<InputField>();
  /** Why each field is not live / came from an alternate source (most recent refresh). */
  private notes: Partial<Record<InputField, string>> = {};
  private cooldownUntil = new Map<EndpointId, number>();
  private readonly requestCounts = emptyCounts();

  private readonly subscriptions = new Set<Subscription>();
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private pollPeriodMs = 0;
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private staleTimerAt = 0;

  private cachedSnapshot: MarketSnapshot;
  private cachedValues: MarketValues | undefined;
  private version = 0;

  /** The one restore from storage; everything that persists awaits it first. */
  private restorePromise: Promise<StartReport> | undefined;
  /** start() was called: lazy refresh and the poller are enabled. */
  private started = false;
  private inFlight: Promise<RefreshReport> | undefined;
  private lastAttemptMs: number | undefined;
  private report: RefreshReport | undefined;
  private disposed = false;
  private readonly cancel = new CancelSource();

  constructor(options: MarketStoreOptions = {}) {
    if (options.storage) {
      this.storage = options.storage;
      this.storageKind = "custom";
    } else {
      const detected = detectRuntimeStorage();
      this.storage = detected.storage;
      this.storageKind = detected.kind;
    }
    const globalFetch = (globalThis as { fetch?: FetchLike }).fetch;
    const fetchImpl = options.fetch ?? (globalFetch ? (globalFetch.bind(globalThis) as FetchLike) : undefined);
    this.fetchImpl =
      fetchImpl ??
      (async () => {
        throw new Error("no fetch in this runtime");
      });
    this.policy = { ...DEFAULT_HTTP_POLICY, ...options.http };
    this.now = options.now ?? Date.now;
    this.embedded = options.embedded ?? bundledSnapshot();
    this.cachedSnapshot = this.compute();
    this.settings = {
      get: () => this.current,
      set: (patch) => this.setSettings(patch),
    };
  }

  // ------------------------------------------------------------------ reading

  snapshot(): MarketSnapshot {
    const s = this.cachedSnapshot;
    // Staleness depends on the clock: recompute once the earliest input passes the TTL.
    if (!s.stale && this.now() >= this.staleAt()) this.recomputeAndNotify();
    return this.cachedSnapshot;
  }

  values(): MarketValues {
    const s = this.snapshot();
    if (this.cachedValues === undefined) {
      const f = s.fields as Record<MarketField, FieldValue>;
      this.cachedValues = Object.freeze({
        btcUsd: f.btc_usd.value,
        difficulty: f.difficulty.value,
        networkEhs: f.network_eh_s.value,
        feesBtcPerBlock: f.fees_btc_per_block.value,
        height: f.height.value,
        subsidyBtc: f.subsidy_btc.value,
        hashpriceUsdPerPhDay: f.hashprice_usd_ph_day.value,
        asOfMs: Object.freeze({
          btcUsd: Date.parse(f.btc_usd.asOf),
          difficulty: Date.parse(f.difficulty.asOf),
          feesBtcPerBlock: Date.parse(f.fees_btc_per_block.asOf),
          height: Date.parse(f.height.asOf),
        }),
        stale: s.stale,
      });
    }
    return this.cachedValues;
  }

  lastReport(): RefreshReport | undefined {
    return this.report;
  }

  stats(): StoreStats {
    return {
      listeners: this.subscriptions.size,
      pollerActive: this.pollTimer !== undefined,
      staleTimerActive: this.staleTimer !== undefined,
      refreshInFlight: this.inFlight !== undefined,
      requests: { ...this.requestCounts },
    };
  }

  /** The value each input field has now, and how it got there. */
  private inputValue(field: InputField): FieldValue | undefined {
    const good = this.lastGood[field];
    const embedded = this.embedded.fields[field];
    const note = this.notes[field];
    if (good !== undefined && (embedded === undefined || Date.parse(good.asOf) >= Date.parse(embedded.asOf))) {
      const origin: Origin = this.liveFields.has(field) ? "live" : "last_good";
      return { ...good, origin, ...(note !== undefined ? { note } : {}) };
    }
    if (embedded !== undefined) return { ...embedded, origin: "embedded", ...(note !== undefined ? { note } : {}) };
    return undefined;
  }

  private compute(): MarketSnapshot {
    const nowMs = this.now();
    const fields: Partial<Record<MarketField, FieldValue>> = {};
    for (const field of INPUT_FIELDS) {
      const v = this.inputValue(field);
      if (v !== undefined) fields[field] = Object.freeze(v);
    }
    const primary = fields as Record<PrimaryField, FieldValue>;
    for (const [name, value] of Object.entries(deriveFields(primary))) {
      fields[name as MarketField] = Object.freeze(value);
    }
    let asOf = primary.btc_usd.asOf;
    let stale = false;
    for (const field of PRIMARY_FIELDS) {
      const v = primary[field];
      if (Date.parse(v.asOf) < Date.parse(asOf)) asOf = v.asOf;
      if (nowMs - Date.parse(v.fetchedAt) > this.current.ttlMs) stale = true;
    }
    this.version += 1;
    return Object.freeze({
      fields: Object.freeze(fields),
      stale,
      asOf,
      computedAt: iso(nowMs),
      version: this.version,
    });
  }

  /** When the snapshot turns stale (the earliest primary fetch time plus the TTL), Unix ms. */
  private staleAt(): number {
    let earliest = Infinity;
    for (const field of PRIMARY_FIELDS) {
      const v = this.cachedSnapshot.fields[field];
      if (v !== undefined) earliest = Math.min(earliest, Date.parse(v.fetchedAt));
    }
    return earliest + this.current.ttlMs + 1;
  }

  private recomputeAndNotify(): void {
    this.cachedSnapshot = this.compute();
    this.cachedValues = undefined;
    this.updateTimers();
    const snapshot = this.cachedSnapshot;
    for (const sub of Array.from(this.subscriptions)) {
      if (!this.subscriptions.has(sub)) continue; // unsubscribed by an earlier listener
      try {
        sub.listener(snapshot);
      } catch (e) {
        reportListenerError(e);
      }
    }
  }

  // ------------------------------------------------------------------ subscribing and timers

  subscribe(listener: SnapshotListener): () => void {
    const sub: Subscription = { listener };
    this.subscriptions.add(sub);
    this.updateTimers();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.subscriptions.delete(sub);
      this.updateTimers();
    };
  }

  /**
   * Keeps the page's two timers consistent with the state: the poller runs iff the store is
   * started, auto-refresh is on and something is subscribed; the stale timer runs iff
   * something is subscribed and the snapshot is not yet stale (it flips `stale` on time).
   */
  private updateTimers(): void {
    const someone = this.subscriptions.size > 0 && !this.disposed;
    const period = this.current.autoRefreshMs;
    const wantPoll = someone && this.started && period > 0;
    if (this.pollTimer !== undefined && (!wantPoll || this.pollPeriodMs !== period)) {
      clearInterval(this.pollTimer);
      this.pollTimer = undefined;
    }
    if (wantPoll && this.pollTimer === undefined) {
      this.pollPeriodMs = period;
      this.pollTimer = setInterval(() => void this.refresh(), period);
    }
    const wantStale = someone && !this.cachedSnapshot.stale;
    const at = wantStale ? this.staleAt() : 0;
    if (this.staleTimer !== undefined && (!wantStale || this.staleTimerAt !== at)) {
      clearTimeout(this.staleTimer);
      this.staleTimer = undefined;
    }
    if (wantStale && this.staleTimer === undefined) {
      this.staleTimerAt = at;
      // setTimeout's limit is 2^31 − 1 ms; a longer wait re-arms on the way.
      const delay = Math.min(Math.max(0, at - this.now()), 2_147_483_647);
      this.staleTimer = setTimeout(() => {
        this.staleTimer = undefined;
        if (this.now() >= this.staleTimerAt) this.recomputeAndNotify();
        else this.updateTimers();
      }, delay);
    }
  }

  // ------------------------------------------------------------------ starting and settings

  start(): Promise<StartReport> {
    this.started = true;
    return this.restoreOnce();
  }

  /**
   * Reads storage once. `settings.set()` and `refresh()` await it before they write, even
   * when start() was never called: otherwise a save would replace the stored settings with
   * defaults plus the patch, and the stored last good values of fields that failed.
   */
  private restoreOnce(): Promise<StartReport> {
    this.restorePromise ??= this.restore();
    return this.restorePromise;
  }

  private async restore(): Promise<StartReport> {
    const problems: string[] = [];
    const restoredFields: InputField[] = [];
    let settingsJson: string | null = null;
    try {
      settingsJson = await this.storage.getItem(SETTINGS_STORAGE_KEY);
    } catch (e) {
      problems.push(`could not read settings from ${this.storageKind}: ${errorText(e)}`);
    }
    const restored = restoreSettings(settingsJson);
    if (restored.dropped.length > 0) problems.push(`ignored invalid stored settings: ${restored.dropped.join(", ")}`);
    // set() waits for this restore before it applies a patch, so nothing is overwritten here.
    this.current = restored.settings;

    let lastGoodJson: string | null = null;
    try {
      lastGoodJson = await this.storage.getItem(LAST_GOOD_STORAGE_KEY);
    } catch (e) {
      problems.push(`could not read the last good snapshot from ${this.storageKind}: ${errorText(e)}`);
    }
    if (lastGoodJson !== null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(lastGoodJson);
      } catch (e) {
        problems.push(`the stored last good snapshot is unreadable: ${errorText(e)}`);
      }
      const fields = (parsed as Partial<PersistedLastGood> | undefined)?.fields;
      if (parsed !== undefined && (typeof fields !== "object" || fields === null)) {
        problems.push("the stored last good snapshot has no fields");
      }
      for (const field of INPUT_FIELDS) {
        const o = (fields as Record<string, unknown> | undefined)?.[field];
        if (o === undefined) continue;
        if (!isObservation(o)) {
          problems.push(`the stored ${field} is malformed`);
          continue;
        }
        try {
          checkFieldValue(field, o.value);
        } catch (e) {
          problems.push(`the stored ${field} is implausible: ${errorText(e)}`);
          continue;
        }
        const mine = this.lastGood[field];
        if (mine === undefined || Date.parse(mine.asOf) < Date.parse(o.asOf)) {
          this.lastGood[field] = { value: o.value, asOf: o.asOf, fetchedAt: o.fetchedAt, source: cleanText(o.source) };
          restoredFields.push(field);
        }
      }
    }
    if (!this.disposed) this.recomputeAndNotify();
    return { storage: this.storageKind, restoredFields, problems };
  }

  private async setSettings(patch: Partial<MarketSettings>): Promise<SettingsResult> {
    await this.restoreOnce();
    const result = applySettings(this.current, patch as Record<string, unknown>);
    if (!result.ok) return result;
    const before = this.current;
    this.current = result.settings;
    if (
      before.mempoolBaseUrl !== result.settings.mempoolBaseUrl ||
      before.coinbaseBaseUrl !== result.settings.coinbaseBaseUrl ||
      before.krakenBaseUrl !== result.settings.krakenBaseUrl
    ) {
      this.cooldownUntil.clear();
    }
    if (before.ttlMs !== result.settings.ttlMs) this.recomputeAndNotify();
    else this.updateTimers();
    try {
      await this.storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(result.settings));
      return result;
    } catch (e) {
      return {
        ...result,
        persistError: `settings apply now but were not saved (${this.storageKind}): ${errorText(e)}`,
      };
    }
  }

  // ------------------------------------------------------------------ refreshing

  ensureFresh(): void {
    if (!this.started || this.disposed || this.inFlight !== undefined) return;
    const nowMs = this.now();
    if (this.lastAttemptMs !== undefined && nowMs - this.lastAttemptMs < this.current.ttlMs) return;
    if (!this.snapshot().stale) return;
    void this.refresh();
  }

  refresh(): Promise<RefreshReport> {
    if (this.inFlight) return this.inFlight;
    this.lastAttemptMs = this.now();
    const run = this.runRefresh().finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  private async runRefresh(): Promise<RefreshReport> {
    const startedMs = Date.now();
    const startedAt = iso(this.now());
    const failures: RefreshFailure[] = [];
    try {
      await this.restoreOnce();
      const settings = this.current;
      const deadline = startedMs + this.policy.maxRefreshMs;
      const [hashrate, rewards, tip, price] = await Promise.all([
        this.fetchEndpoint("mempool.hashrate", settings, deadline),
        this.fetchEndpoint("mempool.rewardStats", settings, deadline),
        this.fetchEndpoint("mempool.tipHeight", settings, deadline),
        this.fetchPrice(settings, deadline),
      ]);
      if (this.disposed) throw new Error("the market store was disposed during the refresh");
      const results = [hashrate, rewards, tip, ...price];
      const live: Partial<Record<InputField, Observation>> = {};
      const notes: Partial<Record<InputField, string>> = {};
      const addNote = (field: InputField, line: string): void => {
        notes[field] = notes[field] ? `${notes[field]}; ${line}` : line;
      };
      for (const r of results) {
        if (r.observations) Object.assign(live, r.observations);
        if (r.failure) {
          failures.push(r.failure);
          for (const field of ENDPOINTS[r.id].fields) addNote(field, `${r.id}: ${r.failure.reason}`);
        }
        for (const d of r.dropped ?? []) {
          failures.push(d.failure);
          addNote(d.field, `${r.id}: ${d.failure.reason}`);
        }
      }
      const usedFallback = {} as Record<InputField, FallbackUse>;
      this.liveFields = new Set();
      for (const field of INPUT_FIELDS) {
        const obs = live[field];
        if (obs !== undefined) {
          this.lastGood[field] = obs;
          this.liveFields.add(field);
          usedFallback[field] = notes[field] !== undefined ? "alternate_source" : "none";
        }
      }
      this.notes = {};
      for (const [field, note] of Object.entries(notes) as [InputField, string][]) {
        this.notes[field] = cleanText(live[field] ? note : `live refresh failed: ${note}`, NOTE_CHARS);
      }
      this.recomputeAndNotify();
      for (const field of INPUT_FIELDS) {
        if (usedFallback[field] !== undefined) continue;
        const v = this.cachedSnapshot.fields[field];
        usedFallback[field] = v === undefined ? "unavailable" : v.origin === "embedded" ? "embedded" : "last_good";
      }
      const persistFailure = await this.persistLastGood();
      if (persistFailure) failures.push(persistFailure);
      return this.finish(startedAt, startedMs, failures, usedFallback);
    } catch (e) {
      failures.push({ source: "market store", endpoint: "store", reason: errorText(e) });
      const usedFallback = {} as Record<InputField, FallbackUse>;
      for (const field of INPUT_FIELDS) {
        const v = this.cachedSnapshot.fields[field];
        usedFallback[field] = v === undefined ? "unavailable" : v.origin === "embedded" ? "embedded" : "last_good";
      }
      return this.finish(startedAt, startedMs, failures, usedFallback);
    }
  }

  private finish(
    startedAt: string,
    startedMs: number,
    failures: RefreshFailure[],
    usedFallback: Record<InputField, FallbackUse>,
  ): RefreshReport {
    const report: RefreshReport = Object.freeze({
      ok: failures.length === 0,
      startedAt,
      durationMs: Date.now() - startedMs,
      failures: Object.freeze(failures),
      usedFallback: Object.freeze(usedFallback),
      snapshot: this.cachedSnapshot,
    });
    this.report = report;
    return report;
  }

  private async persistLastGood(): Promise<RefreshFailure | undefined> {
    const payload: PersistedLastGood = { schema: 1, fields: this.lastGood };
    try {
      await this.storage.setItem(LAST_GOOD_STORAGE_KEY, JSON.stringify(payload));
      return undefined;
    } catch (e) {
      return { source: `storage (${this.storageKind})`, endpoint: "storage", reason: `not saved: ${errorText(e)}` };
    }
  }

  /** The price chain: mempool, then Coinbase, then Kraken, until one answers well. */
  private async fetchPrice(settings: MarketSettings, deadline: number): Promise<EndpointResult[]> {
    const results: EndpointResult[] = [];
    for (const id of PRICE_CHAIN) {
      const r = await this.fetchEndpoint(id, settings, deadline);
      results.push(r);
      if (r.observations?.btc_usd !== undefined) break;
    }
    return results;
  }

  private async fetchEndpoint(id: EndpointId, settings: MarketSettings, deadline: number): Promise<EndpointResult> {
    const endpoint = ENDPOINTS[id];
    const source = endpointLabel(endpoint, settings);
    const fail = (reason: string): EndpointResult => ({
      id,
      failure: { source, endpoint: id, reason: cleanText(reason) },
    });
    const until = this.cooldownUntil.get(id);
    if (until !== undefined) {
      if (Date.now() < until) return fail(`skipped: the server asked to wait until ${iso(until)} (Retry-After)`);
      this.cooldownUntil.delete(id);
    }
    const counted: FetchLike = (input, init) => {
      this.requestCounts[id] += 1;
      return this.fetchImpl(input, init);
    };
    const outcome = await httpGetText(endpointUrl(endpoint, settings), this.policy, deadline, this.cancel, counted);
    if (!outcome.ok) {
      if (outcome.retryAfterUntilMs !== undefined) this.cooldownUntil.set(id, outcome.retryAfterUntilMs);
      return fail(outcome.reason);
    }
    const dropped: { field: InputField; failure: RefreshFailure }[] = [];
    try {
      const observations = endpoint.parse(outcome.text, {
        fetchedAtMs: this.now(),
        source,
        minHeight: this.minHeight(),
        onFieldRejected: (field, rejection) =>
          dropped.push({
            field,
            failure: { source, endpoint: id, reason: cleanText(`rejected ${field}: ${rejection.message}`) },
          }),
      });
      return { id, observations, ...(dropped.length > 0 ? { dropped } : {}) };
    } catch (e) {
      if (e instanceof SourceRejection) return fail(`rejected: ${e.message}`);
      return fail(`rejected: unexpected parse failure: ${errorText(e)}`);
    }
  }

  /** Last observed height, else the embedded height less two weeks of blocks (it is an estimate). */
  private minHeight(): number {
    const observed = this.lastGood.height?.value;
    const embedded = this.embedded.fields.height?.value;
    const floor = embedded !== undefined ? Math.max(0, embedded - BOUNDS.heightBelowEmbedded) : 0;
    return Math.max(floor, observed ?? 0);
  }

  dispose(): void {
    this.disposed = true;
    this.cancel.cancel();
    this.subscriptions.clear();
    this.updateTimers();
  }
}

/** A new, independent store (tests, bench, scripts). The add-in uses `marketStore()`. */
export function createMarketStore(options: MarketStoreOptions = {}): MarketStore {
  return new Store(options);
}

type GlobalSlot = { [STORE_GLOBAL_KEY]?: MarketStore };

/**
 * The page's one store, shared by every bundle loaded in the page (see the module doc).
 * Created on first use with the runtime's storage and fetch. It serves the embedded and
 * restored snapshot at once; network refreshes start only after `start()`, which the
 * add-in's entry points call in Office (never in tests that merely import a function file).
 * Throws a ModelError ("na") when the page already holds a store of another API version
 * (two different builds in one page); callers in custom functions turn it into #N/A.
 */
export function marketStore(): MarketStore {
  const slot = globalThis as unknown as GlobalSlot;
  let store = slot[STORE_GLOBAL_KEY];
  if (store === undefined) {
    store = createMarketStore();
    slot[STORE_GLOBAL_KEY] = store;
  } else if (store.apiVersion !== STORE_API_VERSION) {
    // A ModelError ("na"): custom functions show it as #N/A with this message, not a crash.
    throw new ModelError(
      "na",
      `two PivotLens builds share this page: market store API ${String(store.apiVersion)} is not ${STORE_API_VERSION}; reload the add-in.`,
    );
  }
  return store;
}

/**
 * Replaces the page's store (tests, the preview host, the bench). The previous one is
 * disposed. Passing `undefined` removes it; the next `marketStore()` creates a fresh one.
 */
export function installMarketStore(store: MarketStore | undefined): void {
  const slot = globalThis as unknown as GlobalSlot;
  const previous = slot[STORE_GLOBAL_KEY];
  if (previous !== undefined && previous !== store) previous.dispose();
  if (store === undefined) delete slot[STORE_GLOBAL_KEY];
  else slot[STORE_GLOBAL_KEY] = store;
}
