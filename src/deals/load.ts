/**
 * Loading a firm's feed into the shared store: fetch, parse, validate, then replace the
 * previous feed's deals. Nothing is replaced when the feed cannot be read or has no valid
 * row (DealFeedError; the previous list stays in force). The caller (task pane) shows the
 * row issues, then asks the workbook layer to recalculate so PIVOT.DEAL/DEALS see the change.
 */
import { DealFeedError, fetchDealFeed, type FetchOptions } from "./feed";
import type { RowIssue } from "./schema";
import { setFeed, type FeedInfo } from "./store";

export interface FeedLoadResult {
  readonly info: FeedInfo;
  /** Bundled deal ids that feed rows replaced. */
  readonly overridden: readonly string[];
  /** Row problems (errors: row left out; warnings: row loaded). */
  readonly issues: readonly RowIssue[];
}

export async function loadDealFeed(url: string, options: FetchOptions = {}): Promise<FeedLoadResult> {
  const fetched = await fetchDealFeed(url, options);
  if (fetched.deals.length === 0) {
    const first = fetched.issues
      .slice(0, 3)
      .map((i) => `line ${i.line}, ${i.field}: ${i.message}`)
      .join("; ");
    throw new DealFeedError(
      "format",
      `No row of the deal feed is valid (${fetched.rowCount} rows, ${fetched.issues.length} problems${first ? `; first: ${first}` : ""}).`,
      "Fix the rows listed and load the feed again; the deals loaded before stay in use.",
      fetched.issues,
    );
  }
  const info: FeedInfo = {
    url: fetched.url,
    fetchedAt: fetched.fetchedAt,
    format: fetched.format,
    rowCount: fetched.rowCount,
    loadedCount: fetched.deals.length,
    issues: fetched.issues,
  };
  const overridden = setFeed(fetched.deals, info);
  return { info, overridden, issues: fetched.issues };
}
