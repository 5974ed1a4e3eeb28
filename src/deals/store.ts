/**
 * The current deal list, shared by every bundle in the page.
 *
 * Why a global: functions.js (PIVOT.DEAL/DEALS) and taskpane.js (which loads a firm's feed)
 * are separate webpack bundles in the same shared-runtime page. Each bundle has its own copy
 * of this module, so a module-level variable would give two lists. The store therefore lives
 * on `globalThis[Symbol.for("pivotlens.deals")]`, created by whichever bundle loads first;
 * `Symbol.for` returns the same symbol in every bundle, so both find the same object.
 * The object's shape (`DealStoreState`, version 1) is the contract between bundles: change
 * it only by adding fields.
 *
 * Contents: the bundled deals (validated when the store is created) plus the deals of the
 * last feed that loaded. A feed deal whose id (case-insensitive) equals a bundled deal's
 * replaces it: the firm's feed is the more specific source. A feed that fails to load
 * leaves the previous feed in force (see feed.ts).
 *
 * After the list changes, cells holding PIVOT.DEAL/DEALS recalculate only when Excel
 * recalculates them: the task pane calls the workbook layer's `recalcMarketDependents()`
 * (a full recalculation) after `setFeed`.
 */
import { bundledDataset } from "./dataset";
import type { Deal, RowIssue } from "./schema";

export const DEAL_STORE_KEY: unique symbol = Symbol.for("pivotlens.deals") as never;

export interface FeedInfo {
  readonly url: string;
  readonly fetchedAt: string;
  readonly format: "json" | "csv";
  readonly rowCount: number;
  readonly loadedCount: number;
  readonly issues: readonly RowIssue[];
}

export interface DealStoreState {
  readonly storeVersion: 1;
  bundled: readonly Deal[];
  bundledIssues: readonly RowIssue[];
  feed: readonly Deal[];
  feedInfo: FeedInfo | undefined;
  /** Bundled + feed, feed overriding equal ids; recomputed on change. */
  current: readonly Deal[];
  /** Increases on every change. */
  revision: number;
  listeners: Set<() => void>;
}

function merge(bundled: readonly Deal[], feed: readonly Deal[]): Deal[] {
  const feedIds = new Set(feed.map((d) => d.id.toUpperCase()));
  return [...bundled.filter((d) => !feedIds.has(d.id.toUpperCase())), ...feed];
}

function create(): DealStoreState {
  const { deals, issues } = bundledDataset();
  return {
    storeVersion: 1,
    bundled: deals,
    bundledIssues: issues,
    feed: [],
    feedInfo: undefined,
    current: deals,
    revision: 0,
    listeners: new Set(),
  };
}

/** The shared store (created on first use by whichever bundle asks first). */
export function dealStore(): DealStoreState {
  const g = globalThis as unknown as Record<symbol, DealStoreState | undefined>;
  let s = g[DEAL_STORE_KEY];
  if (s === undefined) {
    s = create();
    g[DEAL_STORE_KEY] = s;
  }
  return s;
}

/** The deals the functions and the task pane see now. */
export function currentDeals(): readonly Deal[] {
  return dealStore().current;
}

function changed(s: DealStoreState): void {
  s.current = merge(s.bundled, s.feed);
  s.revision++;
  // Each listener runs even when another throws; the first error is rethrown after all ran.
  let failure: unknown;
  for (const listener of [...s.listeners]) {
    try {
      listener();
    } catch (e) {
      failure ??= e;
    }
  }
  if (failure !== undefined) throw failure;
}

/** Replaces the feed's deals. Returns the ids of bundled deals the feed overrides. */
export function setFeed(deals: readonly Deal[], info: FeedInfo): string[] {
  const s = dealStore();
  const bundledIds = new Set(s.bundled.map((d) => d.id.toUpperCase()));
  const overridden = deals.filter((d) => bundledIds.has(d.id.toUpperCase())).map((d) => d.id);
  s.feed = deals;
  s.feedInfo = info;
  changed(s);
  return overridden;
}

/** Drops the feed: back to the bundled deals. */
export function clearFeed(): void {
  const s = dealStore();
  s.feed = [];
  s.feedInfo = undefined;
  changed(s);
}

/** Calls `listener` after every change; returns the unsubscribe function. */
export function subscribeDeals(listener: () => void): () => void {
  const s = dealStore();
  s.listeners.add(listener);
  return () => {
    s.listeners.delete(listener);
  };
}
