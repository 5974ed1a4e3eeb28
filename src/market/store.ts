/**
 * The market store: the one place that holds the market snapshot, refreshes it, persists the
 * last good values and tells subscribers when it changes. This module is its public entry;
 * each job lives in its own module:
 * - types.ts: the `MarketStore` interface and its report types;
 * - slot.ts: the page's one instance on globalThis (`marketStore()`), shared by both bundles;
 * - engine.ts: the implementation (state, timers, triggers);
 * - snapshotState.ts: snapshot and fallback (live, else last good, else embedded, per field);
 * - refresh.ts: the network work of a refresh, time budgets and per-source progress;
 * - persistence.ts: settings and last good values in storage, every call time-limited;
 * - height.ts: the tip height judged against the clock, and how a wrong height is healed.
 *
 * ## Refresh policy
 * - Triggers: `refresh()` (task pane button), the auto-refresh poller (settings.autoRefreshMs,
 *   one timer for the whole page, running only while something is subscribed), and
 *   `ensureFresh()` (called by every function that reads the snapshot; it starts a background
 *   refresh when the snapshot is stale and no attempt was made within the TTL).
 * - A refresh already in flight is joined, so concurrent triggers share one request per
 *   endpoint. `cancelRefresh()` ends it early; what came live is kept, the rest falls back.
 * - Each request: `timeoutMs` per attempt (8 s), 429/5xx retried with backoff honouring
 *   Retry-After, bodies capped at 1 MB as they stream, cross-origin redirects refused (http.ts);
 *   each price source gets its own share of the refresh budget and the whole refresh is
 *   bounded by `maxRefreshMs` (20 s) (refresh.ts).
 * - Fallback is per field: the live value, else the last good value (this session or
 *   restored from storage), else the embedded snapshot. Each field keeps its true as-of and
 *   source; `stale` says when any input is older than the TTL.
 * - Nothing waits for the network: readers always get the current snapshot at once; a storage
 *   call that hangs ends after 3 s and the store goes on with the defaults.
 *
 * ## Dependent cells
 * `subscribe(listener)` calls the listener with each new snapshot. PIVOT.MARKET cells are
 * streaming and subscribe themselves. Other PIVOT functions read the snapshot when Excel
 * calculates them; the task pane bootstrap subscribes and asks the workbook layer to
 * recalculate the workbook so they pick up the new values.
 */
export { createMarketStore, installMarketStore, marketStore, STORE_GLOBAL_KEY } from "./slot";
export { LAST_GOOD_STORAGE_KEY, SETTINGS_STORAGE_KEY } from "./persistence";
export {
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
  type SourceProgress,
  type SourceState,
  type StartReport,
  type StoreStats,
} from "./types";
