/**
 * One HTTP GET with the refresh policy's limits: a per-attempt timeout (AbortController where
 * the runtime has it),
 * bounded retries of 429 and 5xx (and of a connection dropped before the body arrived) with
 * backoff that honours Retry-After, and an absolute deadline shared by every request of a
 * refresh, so a refresh never outlives `maxRefreshMs` whatever the servers do.
 *
 * Retry-After is honoured up to `MAX_RETRY_AFTER_MS` (1 hour): a longer wait (a misconfigured
 * proxy sending "Retry-After: 99999999", or a date years ahead) is treated as one hour, so no
 * single answer can switch a source off for the rest of the session. The reason says so.
 *
 * Bodies are read as they stream (`response.body.getReader()` where the runtime has it) and
 * reading stops once `maxBytes` is passed: an endless or decompression-bomb answer costs at
 * most the cap in memory. Bytes are counted after the runtime's own decompression, so a gzip
 * body counts at its real size. A declared Content-Length over the cap is refused before any
 * byte is read. An oversized answer is not retried.
 *
 * Redirects: the runtime's fetch follows them. An answer whose final URL has another origin
 * (scheme, host, port) than the one asked is refused (not retried): its data would otherwise
 * be credited to the configured host. Same-origin redirects are accepted.
 *
 * No custom request headers are sent: a header outside the CORS safelist would force a
 * preflight that public APIs may not answer.
 */
import { discardBody, readBodyCapped, sameOrigin, type BodyReadResult } from "../net/body";
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

/** Largest market answer accepted, bytes after decompression (the real answers are under 20 KB). */
export const MARKET_MAX_BYTES = 1_000_000;

/** The fetch subset used here. `signal` is passed only where AbortController exists. */
export type FetchLike = (input: string, init: { signal?: AbortSignal; cache?: "no-store" }) => Promise<Response>;

/**
 * Cancellation without assuming AbortController (Excel's JavaScript-only runtime guarantees
 * only fetch and timers): the store cancels its token on dispose.
 */
export interface CancelToken {
  readonly cancelled: boolean;
  /** Registers `fn` to run on cancel; returns a function that unregisters it. */
  onCancel(fn: () => void): () => void;
}

export class CancelSource implements CancelToken {
  private readonly callbacks = new Set<() => void>();
  private done = false;

  get cancelled(): boolean {
    return this.done;
  }

  onCancel(fn: () => void): () => void {
    if (this.done) {
      fn();
      return () => undefined;
    }
    this.callbacks.add(fn);
    return () => this.callbacks.delete(fn);
  }

  cancel(): void {
    if (this.done) return;
    this.done = true;
    for (const fn of Array.from(this.callbacks)) fn();
    this.callbacks.clear();
  }
}

export type HttpOutcome =
  | { readonly ok: true; readonly text: string; readonly status: number; readonly receivedAtMs: number }
  | {
      readonly ok: false;
      /** Cleaned, bounded text: safe to show. */
      readonly reason: string;
      /** Set when the server asked us to wait longer than this refresh could: skip it until then. */
      readonly retryAfterUntilMs?: number;
    };

/** The longest Retry-After honoured; longer waits are cut to this (see the module doc). */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date (RFC 9110 §10.2.3),
 * uncapped (httpGetText applies `MAX_RETRY_AFTER_MS`).
 */
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

/** Resolves after `ms`, or early (without rejecting) on cancel; leaves no timer behind. */
function sleep(ms: number, cancel: CancelToken): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    const off = cancel.onCancel(done);
    function done(): void {
      clearTimeout(timer);
      off();
      resolve();
    }
  });
}

interface Attempt {
  readonly kind: "response" | "timeout" | "network" | "aborted" | "too-large" | "redirect";
  readonly status?: number;
  readonly statusText?: string;
  readonly text?: string;
  readonly retryAfter?: string | null;
  readonly error?: string;
  /** True when the failure happened after the headers arrived (reading the body). */
  readonly duringBody?: boolean;
}

/**
 * One request, headers and body, raced against the time limit and the cancel token. Where
 * AbortController exists the losing request is aborted; elsewhere it is left to finish and
 * its result ignored.
 */
async function attempt(
  fetchImpl: FetchLike,
  url: string,
  limitMs: number,
  cancel: CancelToken,
  maxBytes: number,
): Promise<Attempt> {
  const controller = typeof AbortController === "function" ? new AbortController() : undefined;
  let duringBody = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let offCancel: () => void = () => undefined;
  /** Set while the body streams: stops the reader when the attempt loses the race. */
  const stopReading = { stop: (): void => undefined };
  const stop = new Promise<Attempt>((resolve) => {
    timer = setTimeout(() => {
      controller?.abort();
      stopReading.stop();
      resolve({ kind: "timeout", duringBody });
    }, limitMs);
    offCancel = cancel.onCancel(() => {
      controller?.abort();
      stopReading.stop();
      resolve({ kind: "aborted" });
    });
  });
  const work = (async (): Promise<Attempt> => {
    try {
      const init = controller
        ? { signal: controller.signal, cache: "no-store" as const }
        : { cache: "no-store" as const };
      const response = await fetchImpl(url, init);
      duringBody = true;
      const finalUrl = typeof response.url === "string" && response.url !== "" ? response.url : url;
      if (!sameOrigin(url, finalUrl)) {
        await discardBody(response);
        return { kind: "redirect", error: cleanText(finalUrl.replace(/^([a-z]+:\/\/[^/?#]+).*$/i, "$1"), 80) };
      }
      const body: BodyReadResult = await readBodyCapped(response, maxBytes, stopReading);
      if (!body.ok) return { kind: "too-large", error: body.reason };
      return {
        kind: "response",
        status: response.status,
        statusText: response.statusText,
        text: body.text,
        retryAfter: response.headers.get("retry-after"),
      };
    } catch (e) {
      return { kind: "network", error: errorText(e), duringBody };
    }
  })();
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    offCancel();
  }
}

export interface HttpGetOptions {
  /** Largest body accepted, bytes after decompression. Default MARKET_MAX_BYTES. */
  readonly maxBytes?: number;
  /** Told before each attempt (1, 2, ...): the store's per-source progress. */
  readonly onAttempt?: (attempt: number) => void;
}

/**
 * GETs `url` as text. Never rejects: every failure is an `{ok: false, reason}` whose reason
 * names what happened (HTTP status, timeout, connection error) in bounded, cleaned text.
 *
 * Retries: a 429 or 5xx, or a connection error, is retried up to `maxAttempts` in total. The
 * wait is Retry-After when the server sends one, else base × 2^(n−1). A timeout is not
 * retried (it already used its share of the budget). A retry whose wait would cross
 * `deadlineMs` is not made; if Retry-After is what crosses it, `retryAfterUntilMs` tells the
 * caller when the server will take requests again (at most `MAX_RETRY_AFTER_MS` ahead).
 */
export async function httpGetText(
  url: string,
  policy: HttpPolicy,
  deadlineMs: number,
  cancel: CancelToken,
  fetchImpl: FetchLike,
  options: HttpGetOptions = {},
): Promise<HttpOutcome> {
  const maxBytes = options.maxBytes ?? MARKET_MAX_BYTES;
  let lastReason = "no attempt was made";
  for (let n = 1; n <= policy.maxAttempts; n++) {
    const left = deadlineMs - Date.now();
    if (left <= 0) return { ok: false, reason: `${lastReason}; the time budget ran out` };
    const limit = Math.min(policy.timeoutMs, left);
    options.onAttempt?.(n);
    const a = await attempt(fetchImpl, url, limit, cancel, maxBytes);
    if (a.kind === "aborted") return { ok: false, reason: "cancelled" };
    if (a.kind === "too-large") return { ok: false, reason: cleanText(a.error ?? "the answer is too large") };
    if (a.kind === "redirect") {
      return {
        ok: false,
        reason: `refused: redirected to another host (${a.error ?? "unknown"}); point Settings at that host if it is meant`,
      };
    }
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
      const askedMs = parseRetryAfter(a.retryAfter ?? null, Date.now());
      retryAfterMs = askedMs === undefined ? undefined : Math.min(askedMs, MAX_RETRY_AFTER_MS);
      waitMs = retryAfterMs ?? policy.backoffBaseMs * 2 ** (n - 1);
      if (askedMs !== undefined) {
        const capped = askedMs > MAX_RETRY_AFTER_MS ? `, capped at ${MAX_RETRY_AFTER_MS / 1000} s` : "";
        lastReason = `${lastReason} (Retry-After ${Math.round(askedMs / 1000)} s${capped})`;
      }
    }
    if (n === policy.maxAttempts) break;
    if (Date.now() + waitMs >= deadlineMs) {
      const untilMs = retryAfterMs !== undefined ? Date.now() + retryAfterMs : undefined;
      return {
        ok: false,
        reason: `${lastReason}; not retried: the wait would exceed this source's time budget`,
        ...(untilMs !== undefined ? { retryAfterUntilMs: untilMs } : {}),
      };
    }
    await sleep(waitMs, cancel);
    if (cancel.cancelled) return { ok: false, reason: "cancelled" };
  }
  return {
    ok: false,
    reason: `${lastReason} (${policy.maxAttempts} attempt${policy.maxAttempts === 1 ? "" : "s"})`,
  };
}
