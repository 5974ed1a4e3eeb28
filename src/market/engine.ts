/**
 * The market store's implementation (its interface and policy: types.ts and store.ts). It
 * holds the state and the timers and composes the modules that do each job: snapshot and
 * fallback (snapshotState.ts), the network work of a refresh (refresh.ts), persistence
 * (persistence.ts) and the height rule (height.ts).
 */
import { bundledSnapshot, type EmbeddedSnapshot } from "./embedded";
import { CancelSource, DEFAULT_HTTP_POLICY, type FetchLike, type HttpPolicy } from "./http";
import { HeightGuard } from "./height";
import { INPUT_FIELDS, type InputField, type MarketSnapshot, type MarketValues } from "./model";
import {
  DEFAULT_STORAGE_TIMEOUT_MS,
  readLastGood,
  readSettings,
  withTimeout,
  writeLastGood,
  writeSettings,
  type LastGood,
} from "./persistence";
import { fetchAll, fetchEndpoint, mergeResults, ProgressTracker, type FetchContext } from "./refresh";
import { applySettings, DEFAULT_SETTINGS, type MarketSettings, type SettingsResult } from "./settings";
import { computeSnapshot, fallbackOf, staleAt, valuesOf } from "./snapshotState";
import { ENDPOINT_IDS, ENDPOINTS, endpointLabel, type EndpointId } from "./sources";
import { detectRuntimeStorage, type KeyValueStorage, type RuntimeStorage } from "./storage";
import { cleanText, errorText } from "./text";
import {
  STORE_API_VERSION,
  type ConnectionTest,
  type FallbackUse,
  type MarketSettingsApi,
  type MarketStore,
  type MarketStoreOptions,
  type ProgressListener,
  type RefreshFailure,
  type RefreshProgress,
  type RefreshReport,
  type ResetReport,
  type SnapshotListener,
  type StartReport,
  type StoreStats,
} from "./types";

/** Longest note kept per field (cells show at most 255 characters of it). */
const NOTE_CHARS = 600;

function iso(ms: number): string {
  return new Date(ms).toISOString();
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

function callAll<T>(listeners: Iterable<(x: T) => void>, value: T, still: (l: (x: T) => void) => boolean): void {
  for (const l of Array.from(listeners)) {
    if (!still(l)) continue; // unsubscribed by an earlier listener
    try {
      l(value);
    } catch (e) {
      reportListenerError(e);
    }
  }
}

export class Store implements MarketStore {
  readonly apiVersion = STORE_API_VERSION;
  readonly settings: MarketSettingsApi;

  private readonly storage: KeyValueStorage;
  private readonly rawStorage: KeyValueStorage;
  private readonly storageTimeoutMs: number;
  private readonly storageKind: RuntimeStorage["kind"];
  private readonly fetchImpl: FetchLike;
  private readonly policy: HttpPolicy;
  private readonly now: () => number;
  private readonly embedded: EmbeddedSnapshot;

  private current: MarketSettings = DEFAULT_SETTINGS;
  private lastGood: LastGood = {};
  private liveFields = new Set<InputField>();
  private notes: Partial<Record<InputField, string>> = {};
  private readonly cooldownUntil = new Map<EndpointId, number>();
  private readonly heightGuard = new HeightGuard();
  private readonly requestCounts = Object.fromEntries(ENDPOINT_IDS.map((id) => [id, 0])) as Record<EndpointId, number>;

  private readonly listeners = new Set<SnapshotListener>();
  private readonly progressListeners = new Set<ProgressListener>();
  private lastProgress: RefreshProgress | undefined;
  private refreshCount = 0;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private pollPeriodMs = 0;
  private staleTimer: ReturnType<typeof setTimeout> | undefined;
  private staleTimerAt = 0;

  private cachedSnapshot: MarketSnapshot;
  private cachedValues: MarketValues | undefined;
  private version = 0;

  /** The one restore from storage; everything that persists awaits it first. */
  private restorePromise: Promise<StartReport> | undefined;
  private started = false;
  private inFlight: Promise<RefreshReport> | undefined;
  private refreshCancel: CancelSource | undefined;
  private lastAttemptMs: number | undefined;
  private report: RefreshReport | undefined;
  private disposed = false;

  constructor(options: MarketStoreOptions = {}) {
    let raw: KeyValueStorage;
    if (options.storage) {
      raw = options.storage;
      this.storageKind = "custom";
    } else {
      const detected = detectRuntimeStorage();
      raw = detected.storage;
      this.storageKind = detected.kind;
    }
    this.rawStorage = raw;
    this.storageTimeoutMs = options.storageTimeoutMs ?? DEFAULT_STORAGE_TIMEOUT_MS;
    this.storage = withTimeout(raw, this.storageTimeoutMs);
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
    this.settings = { get: () => this.current, set: (patch) => this.setSettings(patch) };
  }

  // ------------------------------------------------------------------ reading

  snapshot(): MarketSnapshot {
    // Staleness depends on the clock: recompute once the earliest input passes the TTL.
    if (!this.cachedSnapshot.stale && this.now() >= staleAt(this.cachedSnapshot, this.current.ttlMs)) {
      this.recomputeAndNotify();
    }
    return this.cachedSnapshot;
  }

  values(): MarketValues {
    const s = this.snapshot();
    this.cachedValues ??= valuesOf(s);
    return this.cachedValues;
  }

  lastReport(): RefreshReport | undefined {
    return this.report;
  }

  progress(): RefreshProgress | undefined {
    return this.lastProgress;
  }

  stats(): StoreStats {
    return {
      listeners: this.listeners.size,
      pollerActive: this.pollTimer !== undefined,
      staleTimerActive: this.staleTimer !== undefined,
      refreshInFlight: this.inFlight !== undefined,
      requests: { ...this.requestCounts },
    };
  }

  private compute(): MarketSnapshot {
    this.version += 1;
    const inputs = { lastGood: this.lastGood, embedded: this.embedded, liveFields: this.liveFields, notes: this.notes };
    return computeSnapshot(inputs, this.now(), this.current.ttlMs, this.version);
  }

  private recomputeAndNotify(): void {
    this.cachedSnapshot = this.compute();
    this.cachedValues = undefined;
    this.updateTimers();
    callAll(this.listeners, this.cachedSnapshot, (l) => this.listeners.has(l));
  }

  // ------------------------------------------------------------------ subscribing and timers

  subscribe(listener: SnapshotListener): () => void {
    // A wrapper, so the same function subscribed twice is two subscriptions.
    const sub: SnapshotListener = (s) => listener(s);
    this.listeners.add(sub);
    this.updateTimers();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.listeners.delete(sub);
      this.updateTimers();
    };
  }

  onProgress(listener: ProgressListener): () => void {
    const sub: ProgressListener = (p) => listener(p);
    this.progressListeners.add(sub);
    if (this.lastProgress !== undefined) callAll([sub], this.lastProgress, () => true);
    return () => {
      this.progressListeners.delete(sub);
    };
  }

  private emitProgress(p: RefreshProgress): void {
    this.lastProgress = p;
    callAll(this.progressListeners, p, (l) => this.progressListeners.has(l));
  }

  /**
   * The poller runs iff the store is started, auto-refresh is on and something is subscribed;
   * the stale timer runs iff something is subscribed and the snapshot is not yet stale.
   */
  private updateTimers(): void {
    const someone = this.listeners.size > 0 && !this.disposed;
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
    const at = wantStale ? staleAt(this.cachedSnapshot, this.current.ttlMs) : 0;
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

  /** Reads storage once; settings.set(), refresh() and resetSavedData() await it first. */
  private restoreOnce(): Promise<StartReport> {
    this.restorePromise ??= this.restore();
    return this.restorePromise;
  }

  private async restore(): Promise<StartReport> {
    // Both reads at once: a storage that hangs costs one timeout, not two.
    const [s, g] = await Promise.all([
      readSettings(this.storage, this.storageKind),
      readLastGood(this.storage, this.storageKind, this.now()),
    ]);
    this.current = s.settings;
    const restoredFields: InputField[] = [];
    for (const field of INPUT_FIELDS) {
      const o = g.fields[field];
      const mine = this.lastGood[field];
      if (o !== undefined && (mine === undefined || Date.parse(mine.asOf) < Date.parse(o.asOf))) {
        this.lastGood[field] = o;
        restoredFields.push(field);
      }
    }
    if (!this.disposed) this.recomputeAndNotify();
    return { storage: this.storageKind, restoredFields, problems: [...s.problems, ...g.problems] };
  }

  private async setSettings(patch: Partial<MarketSettings>): Promise<SettingsResult> {
    await this.restoreOnce();
    const result = applySettings(this.current, patch as Record<string, unknown>);
    if (!result.ok) return result;
    const before = this.current;
    this.current = result.settings;
    const urlChanged =
      before.mempoolBaseUrl !== result.settings.mempoolBaseUrl ||
      before.coinbaseBaseUrl !== result.settings.coinbaseBaseUrl ||
      before.krakenBaseUrl !== result.settings.krakenBaseUrl;
    if (urlChanged) this.cooldownUntil.clear();
    if (before.mempoolBaseUrl !== result.settings.mempoolBaseUrl) this.heightGuard.reset();
    if (before.ttlMs !== result.settings.ttlMs) this.recomputeAndNotify();
    else this.updateTimers();
    try {
      await writeSettings(this.storage, result.settings);
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
    if (this.lastAttemptMs !== undefined && this.now() - this.lastAttemptMs < this.current.ttlMs) return;
    if (!this.snapshot().stale) return;
    void this.refresh();
  }

  refresh(): Promise<RefreshReport> {
    if (this.inFlight) return this.inFlight;
    this.lastAttemptMs = this.now();
    const cancel = new CancelSource();
    this.refreshCancel = cancel;
    const run = this.runRefresh(cancel).finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
      if (this.refreshCancel === cancel) this.refreshCancel = undefined;
    });
    this.inFlight = run;
    return run;
  }

  cancelRefresh(): Promise<RefreshReport | undefined> {
    const run = this.inFlight;
    if (run === undefined) return Promise.resolve(undefined);
    this.refreshCancel?.cancel();
    return run;
  }

  private context(cancel: CancelSource, progress?: ProgressTracker): FetchContext {
    return {
      settings: this.current,
      policy: this.policy,
      cancel,
      fetchImpl: (id) => (input, init) => {
        this.requestCounts[id] += 1;
        return this.fetchImpl(input, init);
      },
      now: this.now,
      cooldownUntil: this.cooldownUntil,
      judgeHeight: (height) => {
        const r = this.heightGuard.judge(height, this.lastGood.height?.value);
        return r.accept ? undefined : r.reason;
      },
      ...(progress ? { progress } : {}),
    };
  }

  private async runRefresh(cancel: CancelSource): Promise<RefreshReport> {
    const startedMs = Date.now();
    const startedAt = iso(this.now());
    const failures: RefreshFailure[] = [];
    const usedFallback = {} as Record<InputField, FallbackUse>;
    const tracker = new ProgressTracker((this.refreshCount += 1), this.current, (p) => this.emitProgress(p));
    try {
      await this.restoreOnce();
      if (cancel.cancelled) throw new Error("cancelled before any request");
      const deadline = startedMs + this.policy.maxRefreshMs;
      const results = await fetchAll(this.context(cancel, tracker), deadline);
      if (this.disposed) throw new Error("the market store was disposed during the refresh");
      const merged = mergeResults(results);
      failures.push(...merged.failures);
      this.liveFields = new Set();
      for (const field of INPUT_FIELDS) {
        const obs = merged.live[field];
        if (obs === undefined) continue;
        this.lastGood[field] = obs;
        this.liveFields.add(field);
        usedFallback[field] = merged.notes[field] !== undefined ? "alternate_source" : "none";
      }
      this.notes = {};
      for (const [field, note] of Object.entries(merged.notes) as [InputField, string][]) {
        this.notes[field] = cleanText(merged.live[field] ? note : `live refresh failed: ${note}`, NOTE_CHARS);
      }
      this.recomputeAndNotify();
      try {
        // The save waits at most for what is left of the refresh budget (the values are
        // already in the snapshot): a slow storage never stretches a refresh past it.
        const waitMs = Math.min(this.storageTimeoutMs, Math.max(0, deadline - Date.now()));
        await writeLastGood(withTimeout(this.rawStorage, waitMs), this.lastGood);
      } catch (e) {
        failures.push({
          source: `storage (${this.storageKind})`,
          endpoint: "storage",
          reason: `not saved: ${errorText(e)}`,
        });
      }
    } catch (e) {
      failures.push({ source: "market store", endpoint: "store", reason: errorText(e) });
    } finally {
      tracker.finish();
    }
    for (const field of INPUT_FIELDS) usedFallback[field] ??= fallbackOf(this.cachedSnapshot, field);
    const report: RefreshReport = Object.freeze({
      ok: failures.length === 0,
      startedAt,
      durationMs: Date.now() - startedMs,
      failures: Object.freeze(failures),
      usedFallback: Object.freeze(usedFallback),
      snapshot: this.cachedSnapshot,
      ...(cancel.cancelled ? { cancelled: true } : {}),
    });
    this.report = report;
    return report;
  }

  async testConnection(endpoint: EndpointId): Promise<ConnectionTest> {
    const started = Date.now();
    const source = endpointLabel(ENDPOINTS[endpoint], this.current);
    if (!(ENDPOINT_IDS as readonly string[]).includes(endpoint)) {
      return { endpoint, source: cleanText(endpoint), ok: false, reason: "unknown source", durationMs: 0 };
    }
    await this.restoreOnce();
    const cancel = new CancelSource();
    if (this.disposed) cancel.cancel();
    // One attempt, no cool-down bookkeeping and no height history: the snapshot is untouched.
    const ctx: FetchContext = { ...this.context(cancel), cooldownUntil: new Map(), judgeHeight: () => undefined };
    const policy: HttpPolicy = { ...this.policy, maxAttempts: 1 };
    const r = await fetchEndpoint(endpoint, ctx, started + this.policy.timeoutMs, policy);
    const durationMs = Date.now() - started;
    if (r.failure) return { endpoint, source: r.failure.source, ok: false, reason: r.failure.reason, durationMs };
    const values: Partial<Record<InputField, number>> = {};
    for (const [field, o] of Object.entries(r.observations ?? {})) values[field as InputField] = o.value;
    const dropped = r.dropped?.map((d) => d.failure.reason).join("; ");
    return { endpoint, source, ok: true, durationMs, values, ...(dropped ? { reason: dropped } : {}) };
  }

  async resetSavedData(): Promise<ResetReport> {
    await this.cancelRefresh();
    await this.restoreOnce();
    this.lastGood = {};
    this.liveFields = new Set();
    this.notes = {};
    this.cooldownUntil.clear();
    this.heightGuard.reset();
    this.lastAttemptMs = undefined;
    this.recomputeAndNotify();
    const cleared = ["last good values (this session)", "Retry-After cool-downs", "height history"];
    const problems: string[] = [];
    try {
      await writeLastGood(this.storage, {});
      cleared.push(`last good values (${this.storageKind})`);
    } catch (e) {
      problems.push(`the saved values could not be cleared in ${this.storageKind}: ${errorText(e)}`);
    }
    return { cleared, problems };
  }

  dispose(): void {
    this.disposed = true;
    this.refreshCancel?.cancel();
    this.listeners.clear();
    this.progressListeners.clear();
    this.updateTimers();
  }
}
