/**
 * A firm's company feed: JSON (an array of flat row objects) or CSV (a header row, then one
 * row per company), over https. Both use the same column names:
 *
 * - `ticker` (required) and `name` (optional; a new ticker without one is named by its ticker);
 * - `source` and `as_of`: the row's defaults for every value in the row;
 * - one column per field (`cash_usd`, `btc_held`, …, see COMPANY_FIELDS), and optionally
 *   `<field>.source`, `<field>.as_of`, `<field>.document` for that value alone.
 *
 * Merge rule (store.ts): a feed row replaces, for its ticker, exactly the fields it gives; the
 * other fields keep their bundled values. A blank cell is "not given" and keeps the bundled
 * value (there is no way to clear a bundled value from a feed: type over the cell instead).
 * Each given value needs an as-of date (its own or the row's); without a `source` it is cited
 * as the feed's URL. A row with any error is rejected whole and reported by line and field; a
 * column that names no field is a warning (the row loads).
 */
import { parseCsv, CsvSyntaxError } from "../deals/csv";
import {
  COMPANY_FIELDS,
  COMPANY_FIELD_NAMES,
  parseName,
  parseTicker,
  validateCitedValue,
  type CitedValue,
  type CompanyFieldName,
  type RowIssue,
} from "./schema";

/** The fetch the loader is given: the signature of src/deals/feedFetch.ts `fetchFeedText`. */
export type FetchFeedText = (
  rawUrl: string,
  options?: { fetchImpl?: typeof fetch; timeoutMs?: number; maxBytes?: number; now?: () => Date },
) => Promise<{ text: string; url: string; contentType: string; fetchedAt: string }>;

export interface CompanyFeedRow {
  readonly ticker: string;
  readonly name?: string;
  readonly values: Readonly<Partial<Record<CompanyFieldName, CitedValue>>>;
  /** 1-based line where the row starts in the feed text. */
  readonly line: number;
}

export interface CompanyFeedParse {
  readonly format: "json" | "csv";
  readonly rowCount: number;
  readonly rows: readonly CompanyFeedRow[];
  readonly issues: readonly RowIssue[];
}

export const MAX_COMPANY_FEED_CHARS = 2_000_000;
export const MAX_COMPANY_FEED_ROWS = 5_000;

export class CompanyFeedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CompanyFeedError";
  }
}

function isBlank(v: unknown): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/** Validates one flat row (keys are column names, any case). */
export function validateFeedRow(
  record: unknown,
  ctx: { line: number; row: number; feedUrl: string },
): { row?: CompanyFeedRow; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const at = (field: string, message: string, severity: "error" | "warning" = "error", id?: string): RowIssue => ({
    line: ctx.line,
    row: ctx.row,
    field,
    message,
    severity,
    ...(id ? { id } : {}),
  });
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    return { issues: [at("(row)", "each row must be an object of named columns.")] };
  }
  const cols = new Map<string, unknown>();
  for (const [k, v] of Object.entries(record as Record<string, unknown>)) cols.set(k.trim().toLowerCase(), v);
  const t = parseTicker(cols.get("ticker"));
  if (!t.ok) return { issues: [at("ticker", t.message)] };
  const ticker = t.ticker;
  let name: string | undefined;
  if (!isBlank(cols.get("name"))) {
    const n = parseName(cols.get("name"));
    if (n.ok) name = n.name;
    else issues.push(at("name", n.message, "error", ticker));
  }
  const known = new Set(["ticker", "name", "source", "as_of"]);
  const values: Partial<Record<CompanyFieldName, CitedValue>> = {};
  for (const f of COMPANY_FIELDS) {
    for (const a of ["", ".source", ".as_of", ".document"]) known.add(f.name + a);
    const raw = cols.get(f.name);
    if (isBlank(raw)) continue;
    const own = (k: string): unknown => (isBlank(cols.get(`${f.name}.${k}`)) ? undefined : cols.get(`${f.name}.${k}`));
    const source = own("source") ?? (isBlank(cols.get("source")) ? ctx.feedUrl : cols.get("source"));
    const asOf = own("as_of") ?? cols.get("as_of");
    const v = validateCitedValue(f, {
      value: raw,
      source,
      asOf: isBlank(asOf) ? "" : asOf,
      document: own("document") ?? `company feed ${ctx.feedUrl}`,
    });
    if (v.ok) values[f.name] = v.value;
    else for (const p of v.problems) issues.push(at(p.field, p.message, "error", ticker));
  }
  for (const k of cols.keys()) {
    if (!known.has(k))
      issues.push(
        at(
          k,
          `is not a company feed column and was ignored. Fields: ${COMPANY_FIELD_NAMES.join(", ")}.`,
          "warning",
          ticker,
        ),
      );
  }
  if (issues.some((i) => i.severity === "error")) return { issues };
  return { row: { ticker, ...(name ? { name } : {}), values, line: ctx.line }, issues };
}

/** Line (1-based) where each top-level element of the JSON array starting at `start` begins. */
function elementLines(text: string, start: number): number[] {
  const lines: number[] = [];
  let line = 1;
  for (let i = 0; i < start; i++) if (text[i] === "\n") line++;
  let depth = 0;
  let expectElement = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      line++;
      continue;
    }
    if (c === '"') {
      if (depth === 1 && expectElement) {
        lines.push(line);
        expectElement = false;
      }
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === "\\") i++;
        else if (text[i] === "\n") line++;
      }
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && expectElement && c !== "," && c !== "]") {
      lines.push(line);
      expectElement = false;
    }
    if (c === "[" || c === "{") {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === "]" || c === "}") {
      depth--;
      if (depth === 0) break;
    } else if (c === "," && depth === 1) expectElement = true;
  }
  return lines;
}

/** Parses feed text (JSON when it starts with "[", else CSV). Throws CompanyFeedError when the text as a whole is unusable. */
export function parseCompanyFeed(text: string, feedUrl: string): CompanyFeedParse {
  if (text.length > MAX_COMPANY_FEED_CHARS)
    throw new CompanyFeedError(
      `The company feed is ${text.length} characters; the limit is ${MAX_COMPANY_FEED_CHARS}.`,
    );
  const body = text.replace(/^\ufeff/, "");
  if (body.trim() === "") throw new CompanyFeedError("The company feed is empty.");
  let records: { record: unknown; line: number }[];
  let format: "json" | "csv";
  if (body.trimStart().startsWith("[") || body.trimStart().startsWith("{")) {
    format = "json";
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (e) {
      throw new CompanyFeedError(`The company feed is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!Array.isArray(parsed)) throw new CompanyFeedError("The company feed's JSON must be an array of rows.");
    const lines = elementLines(body, body.indexOf("["));
    records = parsed.map((record: unknown, i) => ({ record, line: lines[i] ?? 0 }));
  } else {
    format = "csv";
    let csv;
    try {
      csv = parseCsv(body);
    } catch (e) {
      if (e instanceof CsvSyntaxError) throw new CompanyFeedError(`The company feed is not valid CSV: ${e.message}`);
      throw e;
    }
    if (csv.length === 0) throw new CompanyFeedError("The company feed is empty.");
    const header = csv[0].cells.map((c) => c.trim());
    if (!header.some((h) => h.toLowerCase() === "ticker"))
      throw new CompanyFeedError(`The company feed's CSV header (line ${csv[0].line}) has no "ticker" column.`);
    records = csv.slice(1).map((r) => ({
      line: r.line,
      record: Object.fromEntries(header.map((h, i) => [h, r.cells[i] ?? ""])),
    }));
  }
  if (records.length > MAX_COMPANY_FEED_ROWS)
    throw new CompanyFeedError(`The company feed has ${records.length} rows; the limit is ${MAX_COMPANY_FEED_ROWS}.`);
  const rows: CompanyFeedRow[] = [];
  const issues: RowIssue[] = [];
  const seen = new Map<string, number>();
  const warned = new Set<string>();
  records.forEach(({ record, line }, i) => {
    const r = validateFeedRow(record, { line, row: i + 1, feedUrl });
    // An unknown column is reported once, at the first row that has it.
    for (const issue of r.issues) {
      if (issue.severity === "warning") {
        if (warned.has(issue.field)) continue;
        warned.add(issue.field);
      }
      issues.push(issue);
    }
    if (r.row === undefined) return;
    const first = seen.get(r.row.ticker);
    if (first !== undefined) {
      issues.push({
        line,
        row: i + 1,
        field: "ticker",
        id: r.row.ticker,
        severity: "error",
        message: `repeats ${r.row.ticker} of line ${first}; each ticker may appear once.`,
      });
      return;
    }
    seen.set(r.row.ticker, line);
    rows.push(r.row);
  });
  return { format, rowCount: records.length, rows, issues };
}
