/**
 * `npm run snapshot:update`'s history part, against the history fixture server (this machine
 * has no internet): the month-end observations it writes, checked by hand, and nothing
 * written when an endpoint fails.
 */
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, updateHistory } from "../../../scripts/update-snapshot";
import { parseEmbeddedHistory } from "../../../src/market/history/embedded";
import { startHistoryFixture, type HistoryFixture } from "../../support/historyFixtureServer";

let server: HistoryFixture;
beforeEach(async () => {
  server = await startHistoryFixture();
});
afterEach(async () => {
  await server.close();
});

function tempOut(): string {
  return join(mkdtempSync(join(tmpdir(), "pivotlens-history-")), "history.json");
}

test("captures each month's last day with every input, with the fetch time and the endpoints cited", async () => {
  const out = tempOut();
  const { json } = await updateHistory({ baseUrl: server.url, out, http: { backoffBaseMs: 10 } });
  // The fixture covers 2025-01-01 to 2025-01-10 only: one month, its last day with data.
  expect(json.months).toEqual([
    { date: "2025-01-10", btc_usd: 99_500, difficulty: 1.1e14, fees_btc_per_block: 0.029, height: 877_296 },
  ]);
  expect(Date.parse(json.as_of!)).toBeGreaterThan(Date.UTC(2026, 0, 1));
  expect(json.source).toContain(`mempool ${server.url}/api/v1/historical-price?currency=USD (fetched `);
  expect(json.source).toContain("/api/v1/mining/difficulty-adjustments/all");
  expect(json.source).toContain("/api/v1/mining/blocks/fees/all");
  const written = parseEmbeddedHistory(JSON.parse(readFileSync(out, "utf8")));
  expect(written.months).toBe(1);
  expect(server.requests).toEqual({
    "mempool.priceHistory": 1,
    "mempool.difficultyHistory": 1,
    "mempool.feeHistory": 1,
  });
});

test("an endpoint that fails or answers garbage: nothing is written, and the reason is given", async () => {
  const out = tempOut();
  server.setFault("mempool.feeHistory", { kind: "json", body: [{ avgHeight: 1, timestamp: 1735689600, avgFees: -1 }] });
  await expect(updateHistory({ baseUrl: server.url, out, http: { backoffBaseMs: 10 } })).rejects.toThrow(
    /history not captured: no live answer from mempool.feeHistory: live fetch failed \(block fee history rejected: implausible/,
  );
  expect(existsSync(out)).toBe(false);
});

test("--history-out is parsed; without it the result has no history path", () => {
  expect(parseArgs(["--out", "a.json", "--history-out", "h.json"])).toEqual({ out: "a.json", historyOut: "h.json" });
  expect(parseArgs(["--out", "a.json"])).toEqual({ out: "a.json" });
  expect(() => parseArgs(["--history-out"])).toThrow("--history-out needs a value");
});
