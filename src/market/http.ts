/**
 * One HTTP GET with the refresh policy's limits: a per-attempt timeout (AbortController),
 * bounded retries of 429 and 5xx (and of a connection dropped before the body arrived) with
 * backoff that honours Retry-After, and an absolute deadline shared by every request of a
 * refresh, so a refresh never outlives `maxRefreshMs` whatever the servers do.
 *
 * No custom request headers are sent: a header outside the CORS safelist would force a
 * preflight that public APIs may not answer.
 */
import { cleanText, errorText } from "./text";

export interface HttpPolicy {
  /** Per-attempt limit, headers and body included. Default 8,000 ms. */
  readonly timeoutMs: number;
  /** Attempts per request, the first included. Default 3. */
  readonly maxAttempts: number;
  /** Backoff before retry n (n = 1, 2, ...) without Retry-After: base × 2^(n−1). Default 500 ms. */
  readonly backoffBaseMs: number;
  /** Upper bound on a whole refresh, all sources and retries. Default 20,000 ms. */
  readonly maxRefreshMs: number;
}

export const DEFAULT_HTTP_POLICY: HttpPolicy = Object.freeze({
  timeoutMs: 8_000,
  maxAttempts: 3,
  backoffBaseMs: 500,
  maxRefreshMs: 20_000,
});

export type FetchLike = (input: string, init: { signal: AbortSignal; cache?: "no-store" }) => Promise<Response>;

export type HttpOutcome =
  | { readonly ok: true; readonly text: string; readonly status: number; readonly receivedAtMs: number }
  | {
      readonly ok: false;
      /** Cleaned, bounded text: safe to show. */
      readonly reason: string;
      /** Set when the server asked us to wait longer than this refresh could: skip it until then. */
      readonly retryAfterUntilMs?: number;
    };

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, nowMs: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** Resolves after `ms`, or early (without rejecting) when `signal` aborts; leaves no timer. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done);
  });
}

interface Attempt {
  readonly kind: "response" | "timeout" | "network" | "aborted";
  readonly status?: number;
  readonly statusText?: string;
  readonly text?: string;
  readonly retryAfter?: string | null;
  readonly error?: string;
  /** True when the failure happened after the headers arrived (reading the body). */
  readonly duringBody?: boolean;
}

async function attempt(fetchImpl: FetchLike, url: string, limitMs: number, outer: AbortSignal): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, limitMs);
  const onOuterAbort = (): void => controller.abort();
  outer.addEventListener("abort", onOuterAbort);
  let duringBody = false;
  try {
    const response = await fetchImpl(url, { signal: controller.signal, cache: "no-store" });
    duringBody = true;
    const text = await response.text();
    return {
      kind: "response",
      status: response.status,
      statusText: response.statusText,
      text,
      retryAfter: response.headers.get("retry-after"),
    };
  } catch (e) {
    if (timedOut) return { kind: "timeout", duringBody };
    if (outer.aborted) return { kind: "aborted" };
    return { kind: "network", error: errorText(e), duringBody };
  } finally {
    clearTimeout(timer);
    outer.removeEventListener("abort", onOuterAbort);
  }
}

/**
 * GETs `url` as text. Never rejects: every failure is an `{ok: false, reason}` whose reason
 * names what happened (HTTP status, timeout, connection error) in bounded, cleaned text.
 *
 * Retries: a 429 or 5xx, or a connection error, is retried up to `maxAttempts` in total. The
 * wait is Retry-After when the server sends one, else base × 2^(n−1). A timeout is not
 * retried (it already used its share of the budget). A retry whose wait would cross
 * `deadlineMs` is not made; if Retry-After is what crosses it, `retryAfterUntilMs` tells the
 * caller when the server will take requests again.
 */
export async function httpGetText(
  url: string,
  policy: HttpPolicy,
  deadlineMs: number,
  signal: AbortSignal,
  fetchImpl: FetchLike,
): Promise<HttpOutcome> {
  let lastReason = "no attempt was made";
  for (let n = 1; n <= policy.maxAttempts; n++) {
    const left = deadlineMs - Date.now();
    if (left <= 0) return { ok: false, reason: `${lastReason}; the refresh time budget ran out` };
    const limit = Math.min(policy.timeoutMs, left);
    const a = await attempt(fetchImpl, url, limit, signal);
    if (a.kind === "aborted") return { ok: false, reason: "cancelled" };
    if (a.kind === "timeout") {
      return {
        ok: false,
        reason: `no complete answer within ${limit} ms (timeout${a.duringBody ? " while reading the body" : ""})`,
      };
    }
    let waitMs: number;
    let retryAfterMs: number | undefined;
    if (a.kind === "network") {
      lastReason = cleanText(
        `connection failed${a.duringBody ? " while reading the body" : ""}: ${a.error ?? "unknown"}`,
      );
      waitMs = policy.backoffBaseMs * 2 ** (n - 1);
    } else {
      const status = a.status ?? 0;
      if (status >= 200 && status <= 299) return { ok: true, text: a.text ?? "", status, receivedAtMs: Date.now() };
      lastReason = cleanText(`HTTP ${status}${a.statusText ? ` ${a.statusText}` : ""}`);
      if (!isRetryableStatus(status)) return { ok: false, reason: lastReason };
      retryAfterMs = parseRetryAfter(a.retryAfter ?? null, Date.now());
      waitMs = retryAfterMs ?? policy.backoffBaseMs * 2 ** (n - 1);
      if (retryAfterMs !== undefined) lastReason = `${lastReason} (Retry-After ${Math.round(retryAfterMs / 1000)} s)`;
    }
    if (n === policy.maxAttempts) break;
    if (Date.now() + waitMs >= deadlineMs) {
      const untilMs = retryAfterMs !== undefined ? Date.now() + retryAfterMs : undefined;
      return {
        ok: false,
        reason: `${lastReason}; not retried: the wait would exceed the refresh time budget`,
        ...(untilMs !== undefined ? { retryAfterUntilMs: untilMs } : {}),
      };
    }
    await sleep(waitMs, signal);
    if (signal.aborted) return { ok: false, reason: "cancelled" };
  }
  return { ok: false, reason: `${lastReason} (${policy.maxAttempts} attempts)` };
}
