/**
 * Fetching a firm's feed (deals today, company data next) as text, with the limits every
 * outside source gets:
 * - URL: https, or http only for localhost / 127.0.0.1 / [::1] when `allowHttpLocalhost`
 *   (the rule Settings applies to every URL); no user-info. Checked before any request.
 * - Time: one `timeoutMs` (default 15 s) for headers and body together. AbortController aborts
 *   the request where the runtime has it; elsewhere the timer alone ends the wait and the body
 *   reader is cancelled.
 * - Size: `maxBytes` (default 5,000,000) enforced while the body streams, counted after the
 *   runtime's decompression (src/net/body.ts); reading stops at the cap.
 * - Redirects: an answer from another origin than the one asked is refused, so one host's data
 *   is never credited to another. Same-origin redirects are followed.
 * Every failure is a `FeedFetchError` whose `kind` and `action` say what happened and what the
 * user can do; the caller keeps its previous data (its documented fallback).
 */
import { discardBody, readBodyCapped, sameOrigin, type StopHandle } from "../net/body";

export const FEED_MAX_BYTES = 5_000_000;
export const FEED_TIMEOUT_MS = 15_000;

export type FeedFetchErrorKind = "url" | "network" | "timeout" | "http" | "too-large" | "redirect";

export class FeedFetchError extends Error {
  readonly kind: FeedFetchErrorKind;
  readonly action: string;
  /** The HTTP status, for kind "http". */
  readonly status?: number;
  constructor(kind: FeedFetchErrorKind, message: string, action: string, status?: number) {
    super(message);
    this.name = "FeedFetchError";
    this.kind = kind;
    this.action = action;
    if (status !== undefined) this.status = status;
  }
}

export interface FeedFetchOptions {
  readonly fetchImpl?: typeof fetch;
  readonly timeoutMs?: number;
  readonly maxBytes?: number;
  /** Clock for `fetchedAt`. */
  readonly now?: () => Date;
  /** Accept http for localhost, 127.0.0.1 and [::1] (as Settings does). Default true. */
  readonly allowHttpLocalhost?: boolean;
}

export interface FeedText {
  readonly text: string;
  /** The URL asked (normalised by the URL parser). */
  readonly url: string;
  readonly contentType: string | null;
  readonly fetchedAt: string;
}

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function checkUrl(raw: string, allowHttpLocalhost: boolean): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FeedFetchError(
      "url",
      `The feed URL "${raw.slice(0, 80)}" is not a URL.`,
      "Enter a full https:// address in Settings.",
    );
  }
  const localHttp = allowHttpLocalhost && url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !localHttp) {
    throw new FeedFetchError(
      "url",
      `The feed URL must use https (http only for localhost); got ${url.protocol.replace(":", "")}.`,
      "Enter an https:// address in Settings.",
    );
  }
  if (url.username !== "" || url.password !== "") {
    throw new FeedFetchError("url", "The feed URL must not contain a user name or password.", "Remove it in Settings.");
  }
  return url;
}

type Race = { kind: "timeout" } | { kind: "done"; value: FeedText };

/** GETs `rawUrl` as text within the limits above. Rejects only with FeedFetchError. */
export async function fetchFeedText(rawUrl: string, options: FeedFetchOptions = {}): Promise<FeedText> {
  const url = checkUrl(rawUrl, options.allowHttpLocalhost ?? true);
  const doFetch = options.fetchImpl ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? FEED_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? FEED_MAX_BYTES;
  const controller = typeof AbortController === "function" ? new AbortController() : undefined;
  const reading: StopHandle = { stop: () => undefined };
  let timer: ReturnType<typeof setTimeout> | undefined;
  let bodyStarted = false;
  const timeout = new Promise<Race>((resolve) => {
    timer = setTimeout(() => {
      controller?.abort();
      reading.stop();
      resolve({ kind: "timeout" });
    }, timeoutMs);
  });
  const work = (async (): Promise<Race> => {
    let response: Response;
    try {
      response = await doFetch(url.href, {
        ...(controller ? { signal: controller.signal } : {}),
        headers: { Accept: "application/json, text/csv;q=0.9, */*;q=0.1" },
      });
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new FeedFetchError(
        "network",
        `The feed at ${url.host} could not be reached: ${detail.slice(0, 200)}`,
        "Check the URL and that the server allows requests from the add-in (CORS).",
      );
    }
    const finalUrl = typeof response.url === "string" && response.url !== "" ? response.url : url.href;
    if (!sameOrigin(url.href, finalUrl)) {
      await discardBody(response);
      throw new FeedFetchError(
        "redirect",
        `The feed at ${url.host} redirected to another host (${new URL(finalUrl).host}); its data was refused.`,
        "If that host is the right one, enter its address in Settings.",
      );
    }
    if (!response.ok) {
      await discardBody(response);
      const hint =
        response.status === 429
          ? "The server is rate-limiting: wait a minute and load again."
          : response.status >= 500
            ? "The server failed: try again later."
            : "Check the URL and your access to it.";
      throw new FeedFetchError(
        "http",
        `The feed at ${url.host} answered HTTP ${response.status}.`,
        hint,
        response.status,
      );
    }
    bodyStarted = true;
    let body;
    try {
      body = await readBodyCapped(response, maxBytes, reading);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new FeedFetchError(
        "network",
        `The feed at ${url.host} broke off: ${detail.slice(0, 200)}`,
        "Try again later.",
      );
    }
    if (!body.ok) {
      throw new FeedFetchError("too-large", `The feed at ${url.host}: ${body.reason}.`, "Serve a smaller feed.");
    }
    const fetchedAt = (options.now ?? (() => new Date()))().toISOString();
    return {
      kind: "done",
      value: { text: body.text, url: url.href, contentType: response.headers.get("content-type"), fetchedAt },
    };
  })();
  try {
    const r = await Promise.race([work, timeout]);
    if (r.kind === "done") return r.value;
    // The losing request may still settle (no AbortController): its outcome is no longer wanted.
    work.then(undefined, () => undefined);
    throw new FeedFetchError(
      "timeout",
      `The feed at ${url.host} did not ${bodyStarted ? "finish" : "answer"} within ${Math.round(timeoutMs / 1000)} s.`,
      "Try again later, or check the URL.",
    );
  } finally {
    clearTimeout(timer);
  }
}
