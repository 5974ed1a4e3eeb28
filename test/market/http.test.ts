/**
 * The request policy against a real local server: timeout, 429 + Retry-After, 5xx retries,
 * connection reset mid-body, and the refresh deadline.
 */
import {
  CancelSource,
  httpGetText,
  MAX_RETRY_AFTER_MS,
  parseRetryAfter,
  type FetchLike,
  type HttpPolicy,
} from "../../src/market/http";
import { start, type FixtureServer } from "../support/marketFixtureServer";

const policy: HttpPolicy = { timeoutMs: 200, maxAttempts: 3, backoffBaseMs: 20, maxRefreshMs: 3_000 };
const fetchImpl = fetch as unknown as FetchLike;
let server: FixtureServer;
const PRICES = "/api/v1/prices";

beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

async function get(path: string, p: HttpPolicy = policy, deadlineMs = Date.now() + p.maxRefreshMs) {
  const t0 = performance.now();
  const outcome = await httpGetText(server.url + path, p, deadlineMs, new CancelSource(), fetchImpl);
  return { outcome, ms: performance.now() - t0 };
}

test("a normal answer", async () => {
  const { outcome } = await get(PRICES);
  expect(outcome.ok).toBe(true);
  if (outcome.ok) expect(JSON.parse(outcome.text).USD).toBe(97_250);
});

test("slower than the timeout: aborted at the timeout, not retried", async () => {
  server.setFault("mempool.prices", { kind: "delay", ms: 2_000 });
  const { outcome, ms } = await get(PRICES);
  expect(outcome).toEqual({ ok: false, reason: "no complete answer within 200 ms (timeout)" });
  expect(ms).toBeGreaterThanOrEqual(195);
  expect(ms).toBeLessThan(200 + 500);
  expect(server.requests["mempool.prices"]).toBe(1);
});

test("429 with Retry-After: waits as asked, then succeeds", async () => {
  server.setFault("mempool.prices", { kind: "status", status: 429, retryAfter: "1" }, { times: 1 });
  const { outcome, ms } = await get(PRICES);
  expect(outcome.ok).toBe(true);
  expect(ms).toBeGreaterThanOrEqual(990);
  expect(server.requests["mempool.prices"]).toBe(2);
});

test("429 whose Retry-After exceeds the budget: not retried, and says until when", async () => {
  server.setFault("mempool.prices", { kind: "status", status: 429, retryAfter: "3600" });
  const before = Date.now();
  const { outcome, ms } = await get(PRICES);
  expect(outcome.ok).toBe(false);
  if (!outcome.ok) {
    expect(outcome.reason).toMatch(/^HTTP 429 Too Many Requests \(Retry-After 3600 s\); not retried/);
    expect(outcome.retryAfterUntilMs).toBeGreaterThanOrEqual(before + 3_600_000);
  }
  expect(ms).toBeLessThan(300);
  expect(server.requests["mempool.prices"]).toBe(1);
});

test("a huge Retry-After (seconds or a far date) is capped at one hour, and the reason says so", async () => {
  expect(MAX_RETRY_AFTER_MS).toBe(3_600_000);
  for (const retryAfter of ["999999999", "Fri, 01 Jan 2100 00:00:00 GMT"]) {
    server.setFault("mempool.prices", { kind: "status", status: 429, retryAfter });
    const before = Date.now();
    const { outcome } = await get(PRICES);
    const after = Date.now();
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.reason).toMatch(
        /^HTTP 429 Too Many Requests \(Retry-After \d+ s, capped at 3600 s\); not retried/,
      );
      expect(outcome.retryAfterUntilMs).toBeGreaterThanOrEqual(before + 3_600_000);
      expect(outcome.retryAfterUntilMs).toBeLessThanOrEqual(after + 3_600_000);
    }
  }
});

test("500: retried with backoff, gives up after maxAttempts", async () => {
  server.setFault("mempool.prices", { kind: "status", status: 500 });
  const { outcome, ms } = await get(PRICES);
  expect(outcome).toEqual({ ok: false, reason: "HTTP 500 Internal Server Error (3 attempts)" });
  expect(server.requests["mempool.prices"]).toBe(3);
  expect(ms).toBeGreaterThanOrEqual(20 + 40 - 5);
});

test("503 twice, then an answer: the third attempt succeeds", async () => {
  server.setFault("mempool.prices", { kind: "status", status: 503 }, { times: 2 });
  const { outcome } = await get(PRICES);
  expect(outcome.ok).toBe(true);
  expect(server.requests["mempool.prices"]).toBe(3);
});

test("404 is not retried", async () => {
  const { outcome } = await get("/api/v1/nothing-here");
  expect(outcome).toEqual({ ok: false, reason: "HTTP 404 Not Found" });
});

test("connection reset mid-body: a network failure, retried, then reported", async () => {
  server.setFault("mempool.prices", { kind: "reset" });
  const { outcome } = await get(PRICES);
  expect(outcome.ok).toBe(false);
  if (!outcome.ok) expect(outcome.reason).toMatch(/^connection failed while reading the body: .*\(3 attempts\)$/);
  expect(server.requests["mempool.prices"]).toBe(3);
});

test("the deadline caps every attempt: a slow server cannot hold a refresh past it", async () => {
  server.setFault("mempool.prices", { kind: "delay", ms: 5_000 });
  const p: HttpPolicy = { ...policy, timeoutMs: 5_000 };
  const { outcome, ms } = await get(PRICES, p, Date.now() + 300);
  expect(outcome.ok).toBe(false);
  expect(ms).toBeLessThan(300 + 500);
});

test("a retry whose backoff would cross the deadline is not made", async () => {
  server.setFault("mempool.prices", { kind: "status", status: 502 });
  const p: HttpPolicy = { ...policy, backoffBaseMs: 1_000 };
  const { outcome, ms } = await get(PRICES, p, Date.now() + 500);
  expect(outcome.ok).toBe(false);
  if (!outcome.ok) expect(outcome.reason).toMatch(/not retried: the wait would exceed this source's time budget/);
  expect(ms).toBeLessThan(300);
  expect(server.requests["mempool.prices"]).toBe(1);
});

test("without AbortController (Excel's JavaScript-only runtime) the timeout still holds", async () => {
  server.setFault("mempool.prices", { kind: "delay", ms: 1_000 });
  const saved = globalThis.AbortController;
  const seen: unknown[] = [];
  const spy: FetchLike = (input, init) => {
    seen.push(init.signal);
    return fetchImpl(input, init);
  };

  delete (globalThis as any).AbortController;
  try {
    const t0 = performance.now();
    const outcome = await httpGetText(server.url + PRICES, policy, Date.now() + 3_000, new CancelSource(), spy);
    expect(outcome).toEqual({ ok: false, reason: "no complete answer within 200 ms (timeout)" });
    expect(performance.now() - t0).toBeLessThan(200 + 500);
    expect(seen).toEqual([undefined]);
  } finally {
    globalThis.AbortController = saved;
  }
});

test("cancel ends a request and a backoff wait at once", async () => {
  server.setFault("mempool.prices", { kind: "delay", ms: 2_000 });
  const cancel = new CancelSource();
  setTimeout(() => cancel.cancel(), 50);
  const t0 = performance.now();
  const slow = await httpGetText(
    server.url + PRICES,
    { ...policy, timeoutMs: 1_500 },
    Date.now() + 3_000,
    cancel,
    fetchImpl,
  );
  expect(slow).toEqual({ ok: false, reason: "cancelled" });
  expect(performance.now() - t0).toBeLessThan(300);

  server.setFault("mempool.prices", { kind: "status", status: 500 });
  const cancel2 = new CancelSource();
  setTimeout(() => cancel2.cancel(), 50);
  const t1 = performance.now();
  const waiting = await httpGetText(
    server.url + PRICES,
    { ...policy, backoffBaseMs: 1_000 },
    Date.now() + 3_000,
    cancel2,
    fetchImpl,
  );
  expect(waiting).toEqual({ ok: false, reason: "cancelled" });
  expect(performance.now() - t1).toBeLessThan(300);
});

test("Retry-After: delta-seconds and HTTP dates", () => {
  const now = Date.parse("2026-11-29T12:00:00Z");
  expect(parseRetryAfter("120", now)).toBe(120_000);
  expect(parseRetryAfter("Sun, 29 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
  expect(parseRetryAfter("Sun, 29 Nov 2026 11:00:00 GMT", now)).toBe(0);
  expect(parseRetryAfter("soon", now)).toBeUndefined();
  expect(parseRetryAfter(null, now)).toBeUndefined();
});
