/**
 * Reading a response body with a size cap enforced while it streams, and the same-origin rule
 * for redirects. Used by the market requests (http.ts) and by the deal and company feeds
 * (src/deals/feedFetch.ts), which is why it lives in this neutral module: deals import the core
 * and this, never src/market. Needs only what Excel's JavaScript-only runtime has: fetch's
 * Response, and TextDecoder where `response.body.getReader()` exists.
 *
 * - A declared Content-Length over the cap is refused before any byte is read.
 * - With a stream reader, bytes are counted chunk by chunk as the runtime hands them over,
 *   that is after its own gzip/deflate/br decoding, so a compressed body counts at its real
 *   size; reading stops (and the stream is cancelled) as soon as the count passes the cap.
 * - Without one (an old runtime), `response.text()` is the only way to read and the cap is
 *   checked on its length afterwards: the memory bound then depends on the runtime.
 */

export type BodyReadResult =
  { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

/** Lets the caller stop a read in progress (a timeout or a cancel): `stop` is replaced while reading. */
export interface StopHandle {
  stop: () => void;
}

function tooLarge(maxBytes: number, seen: string): BodyReadResult {
  return {
    ok: false,
    reason: `refused: the answer is larger than ${maxBytes.toLocaleString("en-US")} bytes (${seen}); not read further`,
  };
}

interface MinimalReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

/** Reads `response`'s body as UTF-8 text, stopping past `maxBytes`. Rejects only on a network fault. */
export async function readBodyCapped(
  response: Response,
  maxBytes: number,
  handle: StopHandle = { stop: () => undefined },
): Promise<BodyReadResult> {
  const declared = Number(response.headers.get("content-length") ?? NaN);
  const encoded = (response.headers.get("content-encoding") ?? "identity").toLowerCase() !== "identity";
  // A compressed body's Content-Length is its compressed size: a lower bound of what it decodes to.
  if (Number.isFinite(declared) && declared > maxBytes) {
    await discardBody(response);
    return tooLarge(maxBytes, `Content-Length ${declared.toLocaleString("en-US")}${encoded ? ", compressed" : ""}`);
  }
  const body = response.body as { getReader?: () => MinimalReader } | null;
  if (body === null || typeof body?.getReader !== "function" || typeof TextDecoder !== "function") {
    const text = await response.text();
    if (text.length > maxBytes) return tooLarge(maxBytes, `${text.length.toLocaleString("en-US")} characters`);
    return { ok: true, text };
  }
  const reader = body.getReader();
  let stopped = false;
  handle.stop = () => {
    stopped = true;
    void reader.cancel().then(undefined, noConsumer);
  };
  const decoder = new TextDecoder("utf-8");
  const parts: string[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || stopped) break;
      if (value === undefined) continue;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        stopped = true;
        await reader.cancel().then(undefined, noConsumer);
        return tooLarge(maxBytes, `over ${maxBytes.toLocaleString("en-US")} bytes after decompression`);
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
  } finally {
    handle.stop = () => undefined;
  }
  parts.push(decoder.decode());
  return { ok: true, text: parts.join("") };
}

/**
 * Cancelling a stream we have decided to abandon can itself fail (the connection is already
 * gone); that failure has no one to tell and changes nothing, so it ends here by design.
 */
function noConsumer(): undefined {
  return undefined;
}

/** Drops a body that will not be read (a refused redirect, an oversized answer), releasing the connection. */
export async function discardBody(response: Response): Promise<void> {
  const body = response.body as { cancel?: () => Promise<void> } | null | undefined;
  if (body && typeof body.cancel === "function") await body.cancel().then(undefined, noConsumer);
}

/** "https://host:port" of an absolute http(s) URL, lower-cased; undefined if it is not one. */
export function originOf(url: string): string | undefined {
  const m = /^(https?):\/\/([^/?#]+)/i.exec(url);
  if (m === null) return undefined;
  const scheme = m[1].toLowerCase();
  let authority = m[2].toLowerCase();
  if ((scheme === "https" && authority.endsWith(":443")) || (scheme === "http" && authority.endsWith(":80"))) {
    authority = authority.replace(/:\d+$/, "");
  }
  return `${scheme}://${authority}`;
}

/** True when `finalUrl` (where the answer came from) has the origin of `requestedUrl`. */
export function sameOrigin(requestedUrl: string, finalUrl: string): boolean {
  const a = originOf(requestedUrl);
  return a !== undefined && a === originOf(finalUrl);
}
