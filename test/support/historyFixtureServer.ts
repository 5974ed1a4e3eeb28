/**
 * A local HTTP server (127.0.0.1, port 0 by default) that answers mempool's three history
 * endpoints in mempool's shapes (src/market/history/sources.ts cites the mempool code that
 * defines each), from bodies the test sets, and injects faults per endpoint.
 *
 *   const server = await startHistoryFixture();
 *   server.url                                          // "http://127.0.0.1:PORT"
 *   server.setBody("mempool.feeHistory", [...]);        // the JSON served
 *   server.setFault("mempool.priceHistory", { kind: "delay", ms: 5000 });
 *   server.requests["mempool.priceHistory"]             // requests received
 *   await server.close();
 *
 * Standalone (to try `npm run snapshot:update -- --base-url` by hand):
 *   npx tsx test/support/historyFixtureServer.ts --port 4011
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HISTORY_ENDPOINTS, HISTORY_ENDPOINT_IDS, type HistoryEndpointId } from "../../src/market/history/sources";

export type HistoryFault =
  | { readonly kind: "delay"; readonly ms: number }
  | { readonly kind: "status"; readonly status: number }
  | { readonly kind: "malformed" }
  | { readonly kind: "json"; readonly body: unknown };

export interface HistoryFixture {
  readonly url: string;
  readonly requests: Record<HistoryEndpointId, number>;
  setBody(endpoint: HistoryEndpointId, body: unknown): void;
  setFault(endpoint: HistoryEndpointId, fault: HistoryFault | null): void;
  close(): Promise<void>;
}

const DAY_S = 86_400;
/** 2025-01-01T00:00:00Z in Unix seconds. */
export const JAN_1_2025_S = Date.UTC(2025, 0, 1) / 1000;

/**
 * A hand-built default: 2025-01-01 to 2025-01-10, price 90,000 + 1,000 × i at 12:00 and
 * 23:00 (the 23:00 one is the day's close: 90,500 + 1,000 × i), an adjustment to 1.0e14 on
 * 2024-12-30 and to 1.1e14 on 2025-01-06 12:00, fees 0.02 + 0.001 × i BTC per block at
 * height 876,000 + 144 × i. Illustrative values, not market data.
 */
export function defaultHistoryBodies(): Record<HistoryEndpointId, unknown> {
  const prices: { time: number; USD: number }[] = [];
  const fees: { avgHeight: number; timestamp: number; avgFees: number; USD: number }[] = [];
  for (let i = 0; i < 10; i++) {
    const day = JAN_1_2025_S + i * DAY_S;
    prices.push({ time: day + 12 * 3600, USD: 90_000 + 1000 * i });
    prices.push({ time: day + 23 * 3600, USD: 90_500 + 1000 * i });
    fees.push({
      avgHeight: 876_000 + 144 * i,
      timestamp: day + 12 * 3600,
      avgFees: Math.round((0.02 + 0.001 * i) * 1e8),
      USD: 90_000,
    });
  }
  prices.reverse(); // mempool sends newest first
  return {
    "mempool.priceHistory": { prices, exchangeRates: {} },
    "mempool.difficultyHistory": [
      [JAN_1_2025_S + 5 * DAY_S + 12 * 3600, 876_960, 1.1e14, 1.1],
      [JAN_1_2025_S - 2 * DAY_S, 874_944, 1.0e14, 1.02],
    ],
    "mempool.feeHistory": fees,
  };
}

function endpointOf(url: string): HistoryEndpointId | undefined {
  return HISTORY_ENDPOINT_IDS.find((id) => url.endsWith(HISTORY_ENDPOINTS[id].path));
}

export async function startHistoryFixture(port = 0): Promise<HistoryFixture> {
  const bodies = defaultHistoryBodies();
  const faults = new Map<HistoryEndpointId, HistoryFault>();
  const requests = Object.fromEntries(HISTORY_ENDPOINT_IDS.map((id) => [id, 0])) as Record<HistoryEndpointId, number>;
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function send(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { "content-type": "application/json", "access-control-allow-origin": "*" });
    res.end(body);
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const id = endpointOf(req.url ?? "");
    if (id === undefined) return send(res, 404, '{"error":"not found"}');
    requests[id]++;
    const fault = faults.get(id);
    const normal = (): void => send(res, 200, JSON.stringify(bodies[id]));
    if (fault === undefined) return normal();
    if (fault.kind === "delay") {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) normal();
      }, fault.ms);
      timers.add(t);
      return;
    }
    if (fault.kind === "status") return send(res, fault.status, '{"error":"fixture"}');
    if (fault.kind === "malformed") return send(res, 200, JSON.stringify(bodies[id]).slice(0, 20));
    return send(res, 200, JSON.stringify(fault.body));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    setBody: (endpoint, body) => {
      bodies[endpoint] = body;
    },
    setFault: (endpoint, fault) => {
      if (fault === null) faults.delete(endpoint);
      else faults.set(endpoint, fault);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}

if (typeof require !== "undefined" && require.main === module) {
  const i = process.argv.indexOf("--port");
  const port = i >= 0 ? Number(process.argv[i + 1]) : 0;
  void startHistoryFixture(port).then((s) => process.stdout.write(`history fixture on ${s.url}\n`));
}
