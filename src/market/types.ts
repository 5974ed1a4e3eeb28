/**
 * The market store's public interface: what the task pane, the workbook layer and the custom
 * functions may call. The implementation is engine.ts; the page's shared instance is slot.ts.
 */
import type { HttpPolicy, FetchLike } from "./http";
import type { EmbeddedSnapshot } from "./embedded";
import type { InputField, MarketSnapshot, MarketValues } from "./model";
import type { MarketSettings, SettingsResult } from "./settings";
import type { EndpointId } from "./sources";
import type { KeyValueStorage, RuntimeStorage } from "./storage";

export const STORE_API_VERSION = 1;

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
  /** True when cancelRefresh() ended this refresh early (the fallback then applies). */
  readonly cancelled?: boolean;
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

/**
 * Where one source stands in the refresh in flight (or the last one):
 * waiting (not asked yet; a price fallback waits for the source before it), requesting,
 * retrying (after a 429/5xx/connection error), ok, failed, skipped (a Retry-After cool-down,
 * or a price fallback not needed), cancelled.
 */
export type SourceState = "waiting" | "requesting" | "retrying" | "ok" | "failed" | "skipped" | "cancelled";

export interface SourceProgress {
  readonly endpoint: EndpointId;
  /** Label as in a value's source, e.g. "mempool (mempool.space/api/v1/prices)". */
  readonly source: string;
  readonly state: SourceState;
  /** Attempts made (the first included). */
  readonly attempts: number;
  /** attempts − 1 once asked. */
  readonly retries: number;
  /** This source's share of the refresh budget, ms (price sources split what is left). */
  readonly budgetMs: number;
  /** Set once it ended. */
  readonly durationMs?: number;
  /** Why it failed or was skipped (cleaned text). */
  readonly reason?: string;
}

export interface RefreshProgress {
  /** Increases by one per refresh. */
  readonly refreshId: number;
  readonly startedAt: string;
  readonly running: boolean;
  readonly sources: Readonly<Record<EndpointId, SourceProgress>>;
}

export type ProgressListener = (progress: RefreshProgress) => void;

export interface ConnectionTest {
  readonly endpoint: EndpointId;
  readonly source: string;
  readonly ok: boolean;
  /** What was wrong (cleaned text), when not ok. */
  readonly reason?: string;
  readonly durationMs: number;
  /** The values the answer held, when ok (they do not enter the snapshot). */
  readonly values?: Readonly<Partial<Record<InputField, number>>>;
}

export interface ResetReport {
  /** What was cleared: "last good values (memory)", "last good values (storage)", ... */
  readonly cleared: readonly string[];
  /** A storage write that failed or timed out (the values are still gone from this session). */
  readonly problems: readonly string[];
}

export interface MarketSettingsApi {
  get(): MarketSettings;
  /**
   * Validates and applies `patch` on top of the current settings (after the restore from
   * storage, started here if start() was not called yet), then persists the result. Invalid
   * input changes nothing. A base URL's trailing "/" (and mempool's "/api") is removed; the
   * result's `notes` say so per field.
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
  /**
   * Ends the refresh in flight: its requests stop at once, values already obtained are kept
   * and every other field falls back (last good, else embedded). Resolves with that refresh's
   * report (`cancelled: true`), or undefined when none was running.
   */
  cancelRefresh(): Promise<RefreshReport | undefined>;
  /** Starts a background refresh if the snapshot is stale and none was tried within the TTL. */
  ensureFresh(): void;
  /** Calls `listener` with every new snapshot; returns the unsubscribe function (idempotent). */
  subscribe(listener: SnapshotListener): () => void;
  /**
   * Calls `listener` on every change of a source's state during a refresh (and once at once
   * with the current progress, if any); returns the unsubscribe function.
   */
  onProgress(listener: ProgressListener): () => void;
  /** The progress of the refresh in flight, or of the last one. */
  progress(): RefreshProgress | undefined;
  /**
   * Asks one source once (one attempt, the same timeout and size cap as a refresh) and says
   * whether its answer passes every check, with the time taken. Never changes the snapshot.
   */
  testConnection(endpoint: EndpointId): Promise<ConnectionTest>;
  /**
   * "Reset saved market data": forgets every last good value (memory and storage) and the
   * Retry-After cool-downs, cancelling a refresh in flight first; the snapshot falls back to
   * the embedded values until the next refresh. Settings are kept.
   */
  resetSavedData(): Promise<ResetReport>;
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
  /** Longest wait for one storage read or write, ms. Default 3,000. */
  readonly storageTimeoutMs?: number;
  /** Default: the global fetch. */
  readonly fetch?: FetchLike;
  readonly http?: Partial<HttpPolicy>;
  /** Clock for as-of stamps and staleness. Default Date.now. */
  readonly now?: () => number;
  /** Default: the bundled embedded snapshot. */
  readonly embedded?: EmbeddedSnapshot;
}
