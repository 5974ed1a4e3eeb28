/**
 * History bodies are read under their own streaming cap (MAX_HISTORY_BODY_CHARS, 16 MB), not
 * the 1 MB cap of the market requests: the real price history is about 5 MB. A body padded
 * with JSON whitespace to 2 MB is accepted; one whose Content-Length passes 16 MB is refused
 * before it is read, and the answer falls back with the reason.
 */
import { createHistoryService } from "../../../src/market/history/service";
import { MAX_HISTORY_BODY_CHARS } from "../../../src/market/history/sources";
import { MARKET_MAX_BYTES } from "../../../src/market/http";
import { MemoryStorage } from "../../../src/market/storage";
import { startHistoryFixture, type HistoryFixture } from "../../support/historyFixtureServer";

let server: HistoryFixture;
beforeEach(async () => {
  server = await startHistoryFixture();
});
afterEach(async () => {
  await server.close();
});

/** A fetch that answers with the fixture's body followed by `padChars` spaces (still valid JSON). */
function paddedFetch(padChars: number, declaredLength?: number) {
  return async (input: string, init?: RequestInit): Promise<Response> => {
    const real = await fetch(input, init);
    const text = (await real.text()) + " ".repeat(padChars);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (declaredLength !== undefined) headers["content-length"] = String(declaredLength);
    return new Response(text, { status: real.status, headers });
  };
}

test("a 2 MB history body (over the 1 MB market cap) is read and served live", async () => {
  expect(2_000_000).toBeGreaterThan(MARKET_MAX_BYTES);
  const service = createHistoryService({
    baseUrl: () => server.url,
    storage: new MemoryStorage(),
    fetch: paddedFetch(2_000_000),
  });
  const loaded = await service.load(["mempool.difficultyHistory"]);
  expect(loaded["mempool.difficultyHistory"]!.origin).toBe("live");
});

test("a declared Content-Length over 16 MB is refused unread; the answer says why", async () => {
  const service = createHistoryService({
    baseUrl: () => server.url,
    storage: new MemoryStorage(),
    http: { backoffBaseMs: 10 },
    fetch: paddedFetch(0, MAX_HISTORY_BODY_CHARS + 1),
  });
  const loaded = await service.load(["mempool.difficultyHistory"]);
  const d = loaded["mempool.difficultyHistory"]!;
  expect(d.origin).not.toBe("live");
  expect(d.note).toMatch(/larger than 16,000,000 bytes/);
});
