/**
 * A firm's own deal feed: an https URL serving either
 * - JSON: an array of deal objects, or an object `{ "deals": [...] }` (the bundled file's shape);
 * - CSV: a header row, then one deal per record.
 * Field names (JSON keys or CSV headers) are the PIVOT.DEALS column headers or the code keys,
 * any case ("Value USD" or "contractValueUsd"). Numbers may carry thousands separators;
 * margins and escalators may be written as percentages ("85%").
 *
 * Each bad row is reported with its line (where the row starts in the text), its position
 * and the field at fault; good rows still load. A feed that cannot be read at all (network
 * fault, timeout, HTTP error, not JSON/CSV) raises a `DealFeedError` and the previous deal
 * list stays in force (bundled deals plus the last feed that loaded): that is the fallback,
 * and the store keeps the true source and time of the feed in use.
 */
import { validateDataset } from "./dataset";
import { CsvSyntaxError, parseCsv } from "./csv";
import { fieldByName, type Deal, type RowIssue } from "./schema";
import { FeedFetchError, fetchFeedText, type FeedText } from "./feedFetch";

export type FeedFormat = "json" | "csv";

export interface FeedParseResult {
  readonly format: FeedFormat;
  /** Data rows found (good and bad). */
  readonly rowCount: number;
  readonly deals: readonly Deal[];
  /** Every problem, row by row; header problems have row 0. */
  readonly issues: readonly RowIssue[];
}

export type DealFeedErrorKind = "url" | "network" | "timeout" | "http" | "too-large" | "format" | "empty";

/** A feed that could not be used at all. `action` says what the user can do next. */
export class DealFeedError extends Error {
  readonly kind: DealFeedErrorKind;
  readonly action: string;
  /** Row problems, when the feed parsed but no row was valid. */
  readonly issues: readonly RowIssue[];
  constructor(kind: DealFeedErrorKind, message: string, action: string, issues: readonly RowIssue[] = []) {
    super(message);
    this.name = "DealFeedError";
    this.kind = kind;
    this.action = action;
    this.issues = issues;
  }
}

/** Largest feed accepted, characters. */
export const MAX_FEED_CHARS = 5_000_000;
/** Most rows accepted from one feed. */
export const MAX_FEED_ROWS = 20_000;
export const DEFAULT_FEED_TIMEOUT_MS = 15_000;

const FIX_FEED =
  "Fix the feed (or point Settings › Deal feed URL at another one) and load it again; the bundled deals stay available meanwhile.";

/** Picks JSON when the text starts with [ or {, else CSV. */
export function sniffFormat(text: string): FeedFormat {
  const first = text.replace(/^\ufeff/, "").trimStart()[0];
  return first === "[" || first === "{" ? "json" : "csv";
}

/** Parses a feed's text. Throws DealFeedError only when the text as a whole is unusable. */
export function parseDealFeed(text: string, format: FeedFormat = sniffFormat(text)): FeedParseResult {
  if (text.length > MAX_FEED_CHARS) {
    throw new DealFeedError(
      "too-large",
      `The deal feed is ${text.length.toLocaleString("en-US")} characters; the limit is ${MAX_FEED_CHARS.toLocaleString("en-US")}.`,
      FIX_FEED,
    );
  }
  if (text.trim() === "") throw new DealFeedError("empty", "The deal feed is empty.", FIX_FEED);
  return format === "json" ? parseJsonFeed(text) : parseCsvFeed(text);
}

function checkRowCount(n: number): void {
  if (n > MAX_FEED_ROWS) {
    throw new DealFeedError("too-large", `The deal feed has ${n} rows; the limit is ${MAX_FEED_ROWS}.`, FIX_FEED);
  }
}

function parseJsonFeed(text: string): FeedParseResult {
  const body = text.replace(/^\ufeff/, "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    throw new DealFeedError("format", `The deal feed is not valid JSON: ${detail}`, FIX_FEED);
  }
  let rows: unknown;
  let arrayStart: number;
  if (Array.isArray(parsed)) {
    rows = parsed;
    arrayStart = body.indexOf("[");
  } else if (typeof parsed === "object" && parsed !== null && Array.isArray((parsed as { deals?: unknown }).deals)) {
    rows = (parsed as { deals: unknown[] }).deals;
    arrayStart = findDealsArray(body);
  } else {
    throw new DealFeedError(
      "format",
      'The deal feed\'s JSON must be an array of deals or an object with a "deals" array.',
      FIX_FEED,
    );
  }
  const list = rows as unknown[];
  checkRowCount(list.length);
  const lines = arrayStart >= 0 ? elementLines(body, arrayStart, list.length) : undefined;
  const { deals, issues } = validateDataset(list, { lines });
  return { format: "json", rowCount: list.length, deals, issues };
}

/** Offset of the "[" that opens the top-level "deals" array, or −1. */
function findDealsArray(text: string): number {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (depth === 1 && text.slice(i, end + 1) === '"deals"') {
        let j = end + 1;
        while (j < text.length && /[\s:]/.test(text[j])) j++;
        if (text[j] === "[") return j;
      }
      i = end + 1;
      continue;
    }
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    i++;
  }
  return -1;
}

/** Index of the closing quote of the JSON string starting at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") i += 2;
    else if (c === '"') return i;
    else i++;
  }
  return text.length;
}

/**
 * 1-based line of each element of the JSON array opening at `open` (JSON.parse gives no
 * positions). The text is known to be valid JSON here, so a plain scan of depth and strings
 * is enough.
 */
function elementLines(text: string, open: number, count: number): number[] {
  const lines: number[] = [];
  let line = 1;
  for (let k = 0; k < open; k++) if (text[k] === "\n") line++;
  let depth = 0;
  let expecting = true;
  let i = open + 1;
  while (i < text.length && lines.length < count) {
    const c = text[i];
    if (c === "\n") {
      line++;
      i++;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (depth === 0) {
      if (c === ",") {
        expecting = true;
        i++;
        continue;
      }
      if (c === "]") break;
      if (expecting) {
        lines.push(line);
        expecting = false;
      }
    }
    if (c === '"') {
      const end = stringEnd(text, i);
      for (let k = i; k < end; k++) if (text[k] === "\n") line++;
      i = end + 1;
      continue;
    }
    if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") depth--;
    i++;
  }
  return lines;
}

function parseCsvFeed(text: string): FeedParseResult {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError)
      throw new DealFeedError("format", `The deal feed is not valid CSV: ${e.message}`, FIX_FEED);
    throw e;
  }
  if (records.length === 0) throw new DealFeedError("empty", "The deal feed has no header row.", FIX_FEED);
  const [header, ...data] = records;
  checkRowCount(data.length);
  const issues: RowIssue[] = [];
  const names = header.cells.map((c) => c.trim());
  const known = names.map((name) => (name === "" ? undefined : fieldByName(name)));
  const dup = new Map<string, number>();
  known.forEach((f, k) => {
    if (f === undefined) return;
    const first = dup.get(f.key);
    if (first !== undefined) {
      throw new DealFeedError(
        "format",
        `The deal feed's header names ${f.header} twice (columns ${first + 1} and ${k + 1}).`,
        FIX_FEED,
      );
    }
    dup.set(f.key, k);
  });
  if (known.every((f) => f === undefined)) {
    throw new DealFeedError(
      "format",
      `The deal feed's first line is not a header of deal fields (got ${names
        .slice(0, 5)
        .map((n) => `"${n}"`)
        .join(", ")}${names.length > 5 ? ", …" : ""}).`,
      `${FIX_FEED} The header uses the PIVOT.DEALS column names, e.g. ID, Company, Ticker, Tenant, Type, Value USD, Term years, MW, Source, Verified.`,
    );
  }
  const lines: number[] = [];
  const rows: Record<string, string>[] = [];
  for (const rec of data) {
    const row: Record<string, string> = {};
    if (rec.cells.length > names.length) {
      const extra = rec.cells.slice(names.length).some((c) => c.trim() !== "");
      if (extra) {
        issues.push({
          line: rec.line,
          row: rows.length + 1,
          field: "(row)",
          severity: "error",
          message: `has ${rec.cells.length} cells; the header has ${names.length}.`,
        });
      }
    }
    names.forEach((name, k) => {
      // Empty header cells: columns without a name are ignored only when empty in every row.
      const key = name === "" ? `(column ${k + 1})` : name;
      const value = rec.cells[k] ?? "";
      if (name === "" && value.trim() === "") return;
      row[key] = value;
    });
    rows.push(row);
    lines.push(rec.line);
  }
  const result = validateDataset(rows, { lines });
  // A row with a cell-count problem is rejected even when its fields parse.
  const badRows = new Set(issues.map((i) => i.row));
  const deals = result.deals.filter((_, k) => !badRows.has(result.dealRows[k]));
  return {
    format: "csv",
    rowCount: data.length,
    deals,
    issues: [...issues, ...result.issues].sort((a, b) => a.line - b.line),
  };
}

export interface FetchOptions {
  readonly fetchImpl?: typeof fetch;
  readonly timeoutMs?: number;
  /** Clock for `fetchedAt`, ISO 8601 UTC. */
  readonly now?: () => Date;
}

export interface FetchedFeed extends FeedParseResult {
  readonly url: string;
  readonly fetchedAt: string;
}

/** Checks a feed URL: https only (the task pane runs on an https origin; http is mixed content). */
export function checkFeedUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DealFeedError(
      "url",
      `The deal feed URL "${raw.slice(0, 80)}" is not a URL.`,
      "Enter a full https:// address in Settings › Deal feed URL.",
    );
  }
  if (url.protocol !== "https:") {
    throw new DealFeedError(
      "url",
      `The deal feed URL must use https; got ${url.protocol.replace(":", "")}.`,
      "Enter an https:// address in Settings › Deal feed URL.",
    );
  }
  return url;
}

/**
 * Fetches and parses a feed. Rejects with DealFeedError on a bad URL, a network fault, a
 * timeout, an HTTP error status, or text that is neither JSON nor CSV.
 */
export async function fetchDealFeed(rawUrl: string, options: FetchOptions = {}): Promise<FetchedFeed> {
  let fetched: FeedText;
  try {
    fetched = await fetchFeedText(rawUrl, {
      maxBytes: MAX_FEED_CHARS,
      timeoutMs: options.timeoutMs ?? DEFAULT_FEED_TIMEOUT_MS,
      ...(options.fetchImpl ? { fetchImpl: options.fetchImpl } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
  } catch (e) {
    if (!(e instanceof FeedFetchError)) throw e;
    const kind: DealFeedErrorKind = e.kind === "redirect" ? "http" : e.kind;
    const message = e.message.replace(/^The feed/, "The deal feed");
    throw new DealFeedError(
      kind,
      message,
      `${e.action.replace(/ in Settings\.$/, " in Settings › Deal feed URL.")} The bundled deals stay available.`,
    );
  }
  const contentType = fetched.contentType ?? "";
  const text = fetched.text;
  const format: FeedFormat = /json/i.test(contentType) ? "json" : /csv/i.test(contentType) ? "csv" : sniffFormat(text);
  const parsed = parseDealFeed(text, format);
  return { ...parsed, url: fetched.url, fetchedAt: fetched.fetchedAt };
}
