/**
 * The Settings form: text fields as the user types them, checked with the market layer's
 * own URL rule (https only, except http on localhost) and its duration limits, and turned
 * into a settings patch. Durations are shown in seconds; the settings store milliseconds.
 */
import {
  checkUrl,
  MAX_AUTO_REFRESH_MS,
  MAX_TTL_MS,
  MIN_AUTO_REFRESH_MS,
  MIN_TTL_MS,
  type MarketSettings,
  type SettingsErrors,
  type SettingsNotes,
} from "../market/settings";
import type { RowIssue } from "../deals";

export interface SettingsForm {
  readonly mempoolBaseUrl: string;
  readonly coinbaseBaseUrl: string;
  readonly krakenBaseUrl: string;
  readonly ttlSeconds: string;
  readonly autoRefreshSeconds: string;
  readonly dealFeedUrl: string;
}

export type FormField = keyof SettingsForm;
export type FormErrors = Partial<Record<FormField, string>>;

/** Field order on screen (focus goes to the first invalid one). */
export const FORM_FIELDS: readonly FormField[] = [
  "mempoolBaseUrl",
  "coinbaseBaseUrl",
  "krakenBaseUrl",
  "ttlSeconds",
  "autoRefreshSeconds",
  "dealFeedUrl",
];

export const FORM_LABELS: Readonly<Record<FormField, string>> = {
  mempoolBaseUrl: "mempool base URL",
  coinbaseBaseUrl: "Coinbase base URL",
  krakenBaseUrl: "Kraken base URL",
  ttlSeconds: "Refresh interval (TTL), seconds",
  autoRefreshSeconds: "Auto-refresh every, seconds",
  dealFeedUrl: "Deal feed URL",
};

const SETTING_OF_FIELD: Readonly<Record<FormField, keyof MarketSettings>> = {
  mempoolBaseUrl: "mempoolBaseUrl",
  coinbaseBaseUrl: "coinbaseBaseUrl",
  krakenBaseUrl: "krakenBaseUrl",
  ttlSeconds: "ttlMs",
  autoRefreshSeconds: "autoRefreshMs",
  dealFeedUrl: "dealFeedUrl",
};

export function formFromSettings(s: MarketSettings): SettingsForm {
  return {
    mempoolBaseUrl: s.mempoolBaseUrl,
    coinbaseBaseUrl: s.coinbaseBaseUrl,
    krakenBaseUrl: s.krakenBaseUrl,
    ttlSeconds: String(s.ttlMs / 1000),
    autoRefreshSeconds: String(s.autoRefreshMs / 1000),
    dealFeedUrl: s.dealFeedUrl,
  };
}

const fmt = (n: number): string => n.toLocaleString("en-US");

/** Seconds as typed → whole milliseconds, or a message. */
function seconds(raw: string, minMs: number, maxMs: number, allowZero: boolean): number | string {
  const text = raw.trim();
  const range = `from ${fmt(minMs / 1000)} to ${fmt(maxMs / 1000)}${allowZero ? ", or 0 for off" : ""}`;
  if (!/^\d+(\.\d+)?$/.test(text)) return `Enter a number of seconds ${range}.`;
  const ms = Math.round(Number(text) * 1000);
  if (allowZero && ms === 0) return 0;
  if (ms < minMs || ms > maxMs) return `Enter a number of seconds ${range}.`;
  return ms;
}

function url(raw: string, what: "base" | "feed", label: string): string | { error: string } {
  const r = checkUrl(raw, what);
  if ("error" in r) {
    return {
      error: `${label} ${r.error}. Example: ${what === "base" ? "https://mempool.space" : "https://data.example.com/deals.json"}`,
    };
  }
  return r.url;
}

export type FormResult =
  { readonly ok: true; readonly patch: Partial<MarketSettings> } | { readonly ok: false; readonly errors: FormErrors };

/** Checks every field; the patch holds all six settings when all are valid. */
export function validateForm(form: SettingsForm): FormResult {
  const errors: FormErrors = {};
  const patch: Record<string, string | number> = {};
  for (const key of ["mempoolBaseUrl", "coinbaseBaseUrl", "krakenBaseUrl"] as const) {
    const r = url(form[key], "base", FORM_LABELS[key]);
    // Valid: the text as typed goes to settings.set, which strips a trailing "/" or "/api"
    // and says so in its notes (shown under the field).
    if (typeof r === "string") patch[key] = form[key].trim();
    else errors[key] = r.error;
  }
  const ttl = seconds(form.ttlSeconds, MIN_TTL_MS, MAX_TTL_MS, false);
  if (typeof ttl === "number") patch.ttlMs = ttl;
  else errors.ttlSeconds = ttl;
  const auto = seconds(form.autoRefreshSeconds, MIN_AUTO_REFRESH_MS, MAX_AUTO_REFRESH_MS, true);
  if (typeof auto === "number") patch.autoRefreshMs = auto;
  else errors.autoRefreshSeconds = auto;
  if (form.dealFeedUrl.trim() === "") patch.dealFeedUrl = "";
  else {
    const r = url(form.dealFeedUrl, "feed", FORM_LABELS.dealFeedUrl);
    if (typeof r === "string") patch.dealFeedUrl = r;
    else errors.dealFeedUrl = r.error;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, patch: patch as Partial<MarketSettings> };
}

/** Maps the settings API's normalisation notes (by setting) onto the form's fields. */
export function formNotesFromSettings(notes: SettingsNotes | undefined): FormErrors {
  const out: FormErrors = {};
  if (notes === undefined) return out;
  for (const field of FORM_FIELDS) {
    const note = notes[SETTING_OF_FIELD[field]];
    if (note !== undefined) out[field] = note;
  }
  return out;
}

/** Maps the settings API's errors (by setting) onto the form's fields. */
export function formErrorsFromSettings(errors: SettingsErrors): FormErrors {
  const out: FormErrors = {};
  for (const field of FORM_FIELDS) {
    const message = errors[SETTING_OF_FIELD[field]];
    if (message !== undefined) out[field] = message;
  }
  return out;
}

/** One line per feed row problem: where (line, row, id) and which field. */
export function issueLine(issue: RowIssue): string {
  const where = issue.line > 0 ? `Line ${issue.line}` : `Row ${issue.row}`;
  const id = issue.id !== undefined ? ` (${issue.id})` : "";
  const kind = issue.severity === "warning" ? " [loaded anyway]" : "";
  return `${where}${id}, ${issue.field}: ${issue.message}${kind}`;
}
