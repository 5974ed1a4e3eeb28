/**
 * The current company list, shared by every bundle in the page (functions.js answers
 * PIVOT.COMPANY, taskpane.js loads the firm's feed): it lives on
 * `globalThis[Symbol.for("pivotlens.companies")]`, like the deal store (src/deals/store.ts).
 * The shape (`CompanyStoreState`, version 1) is the contract between bundles: change it only
 * by adding fields.
 *
 * Merge: for each feed row, the fields it gives replace the bundled values of that ticker;
 * fields it does not give (blank or absent) keep the bundled values. A feed ticker the
 * bundled data lacks is added. After a change, cells recalculate when Excel recalculates
 * them (the task pane asks the workbook layer for a recalculation after `setCompanyFeed`).
 */
import { bundledCompanies } from "./dataset";
import type { CompanyFeedRow } from "./feed";
import type { Company, RowIssue } from "./schema";

export const COMPANY_STORE_KEY: unique symbol = Symbol.for("pivotlens.companies") as never;

export interface CompanyFeedInfo {
  readonly url: string;
  readonly fetchedAt: string;
  readonly format: "json" | "csv";
  readonly rowCount: number;
  readonly loadedCount: number;
  readonly issues: readonly RowIssue[];
}

export interface CompanyStoreState {
  readonly storeVersion: 1;
  bundled: readonly Company[];
  bundledIssues: readonly RowIssue[];
  feed: readonly CompanyFeedRow[];
  feedInfo: CompanyFeedInfo | undefined;
  /** Bundled merged with the feed; recomputed on change. */
  current: readonly Company[];
  /** Upper-case ticker → company in `current`. */
  byTicker: ReadonlyMap<string, Company>;
  revision: number;
  listeners: Set<() => void>;
}

/** Bundled companies with the feed rows applied field by field. */
export function mergeCompanies(bundled: readonly Company[], feed: readonly CompanyFeedRow[]): Company[] {
  const out = new Map<string, Company>(bundled.map((c) => [c.ticker, c]));
  for (const row of feed) {
    const base = out.get(row.ticker);
    out.set(row.ticker, {
      ticker: row.ticker,
      name: row.name ?? base?.name ?? row.ticker,
      values: { ...(base?.values ?? {}), ...row.values },
    });
  }
  return [...out.values()];
}

function index(list: readonly Company[]): Map<string, Company> {
  return new Map(list.map((c) => [c.ticker, c]));
}

function create(): CompanyStoreState {
  const { companies, issues } = bundledCompanies();
  return {
    storeVersion: 1,
    bundled: companies,
    bundledIssues: issues,
    feed: [],
    feedInfo: undefined,
    current: companies,
    byTicker: index(companies),
    revision: 0,
    listeners: new Set(),
  };
}

/** The shared store (created on first use by whichever bundle asks first). */
export function companyStore(): CompanyStoreState {
  const g = globalThis as unknown as Record<symbol, CompanyStoreState | undefined>;
  let s = g[COMPANY_STORE_KEY];
  if (s === undefined) {
    s = create();
    g[COMPANY_STORE_KEY] = s;
  }
  return s;
}

function changed(s: CompanyStoreState): void {
  s.current = mergeCompanies(s.bundled, s.feed);
  s.byTicker = index(s.current);
  s.revision++;
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

/** Replaces the feed rows. Returns the bundled tickers the feed changes. */
export function setCompanyFeed(rows: readonly CompanyFeedRow[], info: CompanyFeedInfo): string[] {
  const s = companyStore();
  const bundled = new Set(s.bundled.map((c) => c.ticker));
  s.feed = rows;
  s.feedInfo = info;
  changed(s);
  return rows.filter((r) => bundled.has(r.ticker)).map((r) => r.ticker);
}

/** Drops the feed: back to the bundled companies. */
export function clearCompanyFeed(): void {
  const s = companyStore();
  s.feed = [];
  s.feedInfo = undefined;
  changed(s);
}

/** Calls `listener` after every change; returns the unsubscribe function. */
export function subscribeCompanies(listener: () => void): () => void {
  const s = companyStore();
  s.listeners.add(listener);
  return () => {
    s.listeners.delete(listener);
  };
}
