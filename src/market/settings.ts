/**
 * User settings of the market layer, persisted in the runtime's storage (see storage.ts).
 *
 * Base URLs: https only, except http on localhost / 127.0.0.1 / [::1] (a local mempool or a
 * test server). No user:password in the URL, no query or fragment (the endpoints' paths are
 * appended to it). A path prefix is kept: https://example.com/mempool is fine.
 *
 * Normalised, and the result says so (`notes`, a message the Settings field can show): a
 * trailing "/" is stripped from every base URL, and a trailing "/api" from the mempool base
 * URL (the endpoint paths begin with /api, so https://mempool.space/api would ask for
 * /api/api/...).
 */

export interface MarketSettings {
  /** mempool (mempool.space or a self-hosted instance): difficulty, hashrate, fees, height, price. */
  readonly mempoolBaseUrl: string;
  /** Coinbase spot price, first price fallback. */
  readonly coinbaseBaseUrl: string;
  /** Kraken ticker, second price fallback. */
  readonly krakenBaseUrl: string;
  /** A snapshot older than this is refreshed lazily by the next function call. */
  readonly ttlMs: number;
  /** Auto-refresh period while anything is subscribed; 0 = off. */
  readonly autoRefreshMs: number;
  /** The firm's deal feed (JSON or CSV over https), read by the deals layer; "" = none. */
  readonly dealFeedUrl: string;
}

export const DEFAULT_SETTINGS: MarketSettings = Object.freeze({
  mempoolBaseUrl: "https://mempool.space",
  coinbaseBaseUrl: "https://api.coinbase.com",
  krakenBaseUrl: "https://api.kraken.com",
  ttlMs: 10 * 60_000,
  autoRefreshMs: 0,
  dealFeedUrl: "",
});

export const MIN_TTL_MS = 1_000;
export const MAX_TTL_MS = 7 * 24 * 3_600_000;
export const MIN_AUTO_REFRESH_MS = 1_000;
export const MAX_AUTO_REFRESH_MS = 24 * 3_600_000;

export type SettingsErrors = Partial<Record<keyof MarketSettings, string>>;

/** Per field, what normalisation changed in the value given (absent when nothing). */
export type SettingsNotes = Partial<Record<keyof MarketSettings, string>>;

export type SettingsResult =
  | {
      readonly ok: true;
      readonly settings: MarketSettings;
      readonly persistError?: string;
      readonly notes?: SettingsNotes;
    }
  | { readonly ok: false; readonly errors: SettingsErrors };

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

// Strict grammar, the same in every runtime (Excel's JavaScript-only runtime has no URL
// class): scheme, a DNS name / IPv4 / bracketed IPv6 host, optional port, a path of URL-safe
// characters and, for the feed URL only, a query. Anything else is refused, not "fixed".
const HOST = String.raw`(?:\[[0-9a-f:.]+\]|(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)`;
const URL_PATTERN = new RegExp(
  String.raw`^(https?)://(${HOST})(?::(\d{1,5}))?(/[A-Za-z0-9\-._~%!$&'()*+,;=:@/]*)?(\?[^#\s]*)?$`,
  "i",
);

/** Checks a URL against the rules above; returns the normalized URL (no trailing slash) or a message. */
export function checkUrl(raw: unknown, what: "base" | "feed"): { url: string } | { error: string } {
  if (typeof raw !== "string" || raw.trim() === "") return { error: "must be a URL" };
  const text = raw.trim();
  if (!/^https?:\/\//i.test(text))
    return { error: "must use https (http is accepted only for localhost and 127.0.0.1)" };
  const authority = text.replace(/^https?:\/\//i, "").split(/[/?#]/)[0];
  if (authority.includes("@")) return { error: "must not contain a user name or password" };
  if (text.includes("#")) return { error: "must not contain a #fragment" };
  const m = URL_PATTERN.exec(text);
  if (m === null) return { error: "is not a valid URL" };
  const scheme = m[1].toLowerCase();
  const host = m[2].toLowerCase();
  const port = m[3];
  if (port !== undefined && !(Number(port) >= 1 && Number(port) <= 65535)) return { error: "has an invalid port" };
  if (scheme !== "https" && !LOCAL_HOSTS.has(host)) {
    return { error: "must use https (http is accepted only for localhost and 127.0.0.1)" };
  }
  const query = m[5] ?? "";
  if (what === "base" && query !== "") return { error: "must not contain a ?query (endpoint paths are appended)" };
  const path = m[4] ?? "";
  const origin = `${scheme}://${host}${port !== undefined ? `:${port}` : ""}`;
  if (what === "base") return { url: `${origin}${path.replace(/\/+$/, "")}` };
  return { url: `${origin}${path === "" ? "/" : path}${query}` };
}

function checkDuration(raw: unknown, min: number, max: number, allowZero: boolean): number | string {
  if (typeof raw !== "number" || !Number.isInteger(raw)) return "must be a whole number of milliseconds";
  if (allowZero && raw === 0) return 0;
  if (raw < min || raw > max) return `must be from ${min} to ${max} ms${allowZero ? ", or 0 for off" : ""}`;
  return raw;
}

/**
 * Validates `patch` on top of `base`. Unknown keys are errors (a typo must not pass silently).
 */
export function applySettings(base: MarketSettings, patch: Readonly<Record<string, unknown>>): SettingsResult {
  const errors: SettingsErrors = {};
  const notes: SettingsNotes = {};
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case "mempoolBaseUrl":
      case "coinbaseBaseUrl":
      case "krakenBaseUrl": {
        const r = checkUrl(value, "base");
        if ("error" in r) {
          errors[key] = `${key} ${r.error}.`;
          break;
        }
        let url = r.url;
        const removed: string[] = [];
        if (typeof value === "string" && /\/+$/.test(value.trim())) removed.push('the trailing "/"');
        if (key === "mempoolBaseUrl" && /\/api$/.test(url)) {
          url = url.replace(/\/api$/, "");
          removed.push('the trailing "/api" (the endpoint paths add it)');
        }
        if (removed.length > 0) notes[key] = `Removed ${removed.join(" and ")}: using ${url}.`;
        next[key] = url;
        break;
      }
      case "dealFeedUrl": {
        if (value === "") {
          next[key] = "";
          break;
        }
        const r = checkUrl(value, "feed");
        if ("error" in r) errors[key] = `${key} ${r.error}.`;
        else next[key] = r.url;
        break;
      }
      case "ttlMs": {
        const r = checkDuration(value, MIN_TTL_MS, MAX_TTL_MS, false);
        if (typeof r === "string") errors[key] = `ttlMs ${r}.`;
        else next[key] = r;
        break;
      }
      case "autoRefreshMs": {
        const r = checkDuration(value, MIN_AUTO_REFRESH_MS, MAX_AUTO_REFRESH_MS, true);
        if (typeof r === "string") errors[key] = `autoRefreshMs ${r}.`;
        else next[key] = r;
        break;
      }
      default:
        (errors as Record<string, string>)[key] = `${key} is not a market setting.`;
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const settings = Object.freeze(next as unknown as MarketSettings);
  return Object.keys(notes).length > 0 ? { ok: true, settings, notes } : { ok: true, settings };
}

/**
 * Reads persisted settings: each stored value that still passes validation is kept, anything
 * else falls back to its default (a corrupt entry must not stop the add-in from starting).
 * Returns the keys that were dropped so the caller can report them.
 */
export function restoreSettings(json: string | null): { settings: MarketSettings; dropped: string[] } {
  if (json === null) return { settings: DEFAULT_SETTINGS, dropped: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { settings: DEFAULT_SETTINGS, dropped: ["(unreadable settings entry)"] };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { settings: DEFAULT_SETTINGS, dropped: ["(unreadable settings entry)"] };
  }
  let settings = DEFAULT_SETTINGS;
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const r = applySettings(settings, { [key]: value });
    if (r.ok) settings = r.settings;
    else dropped.push(key);
  }
  return { settings, dropped };
}
