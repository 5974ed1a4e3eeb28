/**
 * Loading a firm's company feed: fetch (with the fetch function the caller passes, of the
 * `fetchFeedText` signature), parse, validate, then replace the previous feed's rows. When the
 * feed cannot be fetched or read, or has no valid row, nothing changes (the previous feed, or
 * the bundled data, stays in force) and the error says so.
 */
import { CompanyFeedError, parseCompanyFeed, type FetchFeedText } from "./feed";
import type { RowIssue } from "./schema";
import { setCompanyFeed, type CompanyFeedInfo } from "./store";

export interface CompanyFeedLoadResult {
  readonly info: CompanyFeedInfo;
  /** Bundled tickers whose fields the feed replaced. */
  readonly overridden: readonly string[];
  readonly issues: readonly RowIssue[];
}

export interface CompanyFeedLoadOptions {
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  readonly now?: () => Date;
}

export const DEFAULT_COMPANY_FEED_TIMEOUT_MS = 15_000;
export const DEFAULT_COMPANY_FEED_MAX_BYTES = 2_000_000;

export async function loadCompanyFeed(
  url: string,
  fetchFeedText: FetchFeedText,
  options: CompanyFeedLoadOptions = {},
): Promise<CompanyFeedLoadResult> {
  const fetched = await fetchFeedText(url, {
    timeoutMs: options.timeoutMs ?? DEFAULT_COMPANY_FEED_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_COMPANY_FEED_MAX_BYTES,
    ...(options.now ? { now: options.now } : {}),
  });
  const parsed = parseCompanyFeed(fetched.text, fetched.url);
  if (parsed.rows.length === 0) {
    const first = parsed.issues
      .slice(0, 3)
      .map((i) => `line ${i.line}, ${i.field}: ${i.message}`)
      .join("; ");
    throw new CompanyFeedError(
      `No row of the company feed is valid (${parsed.rowCount} rows, ${parsed.issues.length} problems${first ? `; first: ${first}` : ""}). The company data loaded before stays in use.`,
    );
  }
  const info: CompanyFeedInfo = {
    url: fetched.url,
    fetchedAt: fetched.fetchedAt,
    format: parsed.format,
    rowCount: parsed.rowCount,
    loadedCount: parsed.rows.length,
    issues: parsed.issues,
  };
  const overridden = setCompanyFeed(parsed.rows, info);
  return { info, overridden, issues: parsed.issues };
}
