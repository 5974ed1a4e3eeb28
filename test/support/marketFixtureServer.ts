/**
 * A local HTTP server that answers like mempool.space, Coinbase and Kraken (the response
 * shapes of mempool's REST API, https://mempool.space/docs/api/rest, and of Coinbase's and
 * Kraken's public price endpoints, with field names and types as those services send them:
 * mempool's SQL sums as strings, Coinbase and Kraken prices as decimal strings) and can
 * inject faults per endpoint. Values are illustrative, consistent with each other (the
 * hashrate estimate is close to what the difficulty implies; reward-stats covers exactly the
 * last 144 blocks up to the tip).
 *
 * The block height is not a fixed number: the market's plausibility check judges a height
 * against the clock (src/market/height.ts), so a fixed height would be refused some months
 * after it was written. DEFAULT_FIXTURE_DATA's height is the height the clock expects when this
 * module loads (the same all through a test run; the check allows at least 4,032 blocks, four
 * weeks), and a test with its own clock takes `fixtureDataAt(itsNowMs)`. FIXTURE_SUBSIDY_BTC is
 * the block subsidy at that height (3.125 BTC until block 1,050,000, expected in April 2028).
 *
 * Every source is served from the same origin, so point all three base URLs at `url` (or at
 * `url` plus any path prefix, as for a mempool instance hosted under a path).
 *
 * Module API (jest, bench, browser tests):
 *   const server = await start({ port });             // port 0 / omitted: any free port
 *   server.url                                        // "http://127.0.0.1:PORT"
 *   server.setFault("mempool.prices", { kind: "status", status: 500 });
 *   server.setFault("mempool.prices", null);          // clear
 *   server.setData({ btcUsd: 100_000 });              // change the values served
 *   server.requests["mempool.prices"]                 // requests received per endpoint
 *   server.resetRequests();
 *   await server.close();
 *
 * Standalone (browser tests in another process):
 *   npx tsx test/support/marketFixtureServer.ts --port 4010
 * then control it over HTTP:
 *   POST /__fixture/fault    {"endpoint":"mempool.prices","fault":{"kind":"status","status":500},"times":1}
 *   POST /__fixture/data     {"btcUsd":100000}
 *   GET  /__fixture/requests                          -> {"mempool.prices":3,...}
 *   POST /__fixture/reset                             (clears faults, data and counts)
 * Every response carries Access-Control-Allow-Origin: * (as mempool.space does).
 *
 * A firm's deal feed is served too, at FEED_PATH (`{"deals": []}` unless faulted), under the
 * fault target "deals.feed"; its requests are counted in `feedRequests`.
 *
 * Hostile answers (each bounded in time and bytes on the server side, so no test can hang):
 * "trickle" (a byte every few ms, then a reset), "gzipBomb" (a small gzip body that inflates
 * to many MB), "endless" (a body that never ends, until the client goes or `maxMs`), and
 * "redirect" (a 302 to another path or another origin).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { blockSubsidyBtc } from "../../src/core/halving";
import { expectedHeight } from "../../src/market/height";

export const FIXTURE_ENDPOINTS = [
  "mempool.hashrate",
  "mempool.rewardStats",
  "mempool.tipHeight",
  "mempool.prices",
  "coinbase.spot",
  "kraken.ticker",
] as const;
export type FixtureEndpoint = (typeof FIXTURE_ENDPOINTS)[number];
/** Where a fault can be set: a market endpoint, or the deal feed. */
export type FaultTarget = FixtureEndpoint | "deals.feed";
export const FEED_PATH = "/feeds/deals.json";

export type Fault =
  /** Answer normally, but only after `ms` (slower than a client's timeout). */
  | { readonly kind: "delay"; readonly ms: number }
  /** Answer with this status (429, 500, ...), an optional Retry-After and body. */
  | { readonly kind: "status"; readonly status: number; readonly retryAfter?: string; readonly body?: string }
  /** 200 with a truncated, unparsable JSON body. */
  | { readonly kind: "malformed" }
  /** 200 with this JSON body: implausible values, or an answer about something else. */
  | { readonly kind: "json"; readonly body: unknown }
  /** 200 with this raw text body. */
  | { readonly kind: "text"; readonly body: string; readonly contentType?: string }
  /** Send the headers and half the body, then destroy the connection. */
  | { readonly kind: "reset" }
  /** 200, then one byte every `intervalMs` for `forMs`, then the connection is destroyed. */
  | { readonly kind: "trickle"; readonly intervalMs: number; readonly forMs: number }
  /** 200 with Content-Encoding: gzip; the body inflates to `megabytes` MB of spaces. */
  | { readonly kind: "gzipBomb"; readonly megabytes: number }
  /** 200 with a body that never ends: 64 KiB chunks until the client leaves or `maxMs` (default 20 s). */
  | { readonly kind: "endless"; readonly maxMs?: number }
  /** A redirect (302 unless `status`) to `location` (a path, or a URL on another server). */
  | { readonly kind: "redirect"; readonly location: string; readonly status?: number };

export interface FixtureData {
  readonly btcUsd: number;
  readonly coinbaseUsd: number;
  readonly krakenUsd: number;
  readonly difficulty: number;
  /** mempool's own estimate, H/s. */
  readonly hashrateHs: number;
  readonly height: number;
  /** Sum of fees over the last 144 blocks, satoshis. */
  readonly totalFeeSats: number;
  /** mempool prices' `time`, seconds; undefined = the time of the request. */
  readonly priceTimeSec?: number;
}

/** A block height the market accepts at `timeMs`: the one the clock expects (src/market/height.ts). */
export function fixtureHeightAt(timeMs: number): number {
  return expectedHeight(timeMs).expected;
}

/** The fixture's values as served at `timeMs` (for a test that runs on its own clock). */
export function fixtureDataAt(timeMs: number): FixtureData {
  return Object.freeze({ ...FIXED_DATA, height: fixtureHeightAt(timeMs) });
}

const FIXED_DATA = {
  btcUsd: 97_250,
  coinbaseUsd: 97_262.41,
  krakenUsd: 97_255.1,
  difficulty: 155.97e12,
  // 2% above the 1,116.5 EH/s that 155.97e12 implies (D × 2^32 / 600).
  hashrateHs: 1.1389e21,
  // 0.025 BTC per block over 144 blocks.
  totalFeeSats: 360_000_000,
};

export const DEFAULT_FIXTURE_DATA: FixtureData = fixtureDataAt(Date.now());
/** The block subsidy at DEFAULT_FIXTURE_DATA's height, BTC. */
export const FIXTURE_SUBSIDY_BTC = blockSubsidyBtc(DEFAULT_FIXTURE_DATA.height);

export interface FixtureServer {
  readonly url: string;
  readonly port: number;
  /** Requests received per endpoint since start or the last resetRequests(). */
  readonly requests: Readonly<Record<FixtureEndpoint, number>>;
  /** Sets (or with null clears) the fault of one endpoint; `times` limits it to the next n requests. */
  setFault(endpoint: FaultTarget, fault: Fault | null, options?: { times?: number }): void;
  /** Requests received for the deal feed. */
  readonly feedRequests: number;
  /** Bytes written by "endless" answers so far (what a client could have received). */
  readonly endlessBytesSent: number;
  setData(patch: Partial<FixtureData>): void;
  resetRequests(): void;
  /** Clears faults, data and counts. */
  reset(): void;
  close(): Promise<void>;
}

const ROUTES: Readonly<Record<string, FixtureEndpoint>> = {
  "/api/v1/mining/hashrate/3d": "mempool.hashrate",
  "/api/v1/mining/reward-stats/144": "mempool.rewardStats",
  "/api/blocks/tip/height": "mempool.tipHeight",
  "/api/v1/prices": "mempool.prices",
  "/v2/prices/BTC-USD/spot": "coinbase.spot",
  "/0/public/Ticker": "kraken.ticker",
};

function zeroCounts(): Record<FixtureEndpoint, number> {
  return Object.fromEntries(FIXTURE_ENDPOINTS.map((e) => [e, 0])) as Record<FixtureEndpoint, number>;
}

interface Body {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

function json(value: unknown, status = 200): Body {
  return { status, contentType: "application/json", text: JSON.stringify(value) };
}

/** The normal answer of each endpoint, in the service's own shape. */
export function normalBody(endpoint: FixtureEndpoint, data: FixtureData, nowMs: number, query: URLSearchParams): Body {
  const nowSec = Math.floor(nowMs / 1000);
  switch (endpoint) {
    case "mempool.hashrate": {
      const day = 86_400;
      return json({
        hashrates: [
          { timestamp: nowSec - 2 * day, avgHashrate: data.hashrateHs * 0.99 },
          { timestamp: nowSec - day, avgHashrate: data.hashrateHs * 1.01 },
          { timestamp: nowSec, avgHashrate: data.hashrateHs },
        ],
        difficulty: [{ timestamp: nowSec - 5 * day, difficulty: data.difficulty, height: data.height - 720 }],
        currentHashrate: data.hashrateHs,
        currentDifficulty: data.difficulty,
      });
    }
    case "mempool.rewardStats": {
      const subsidySats = 312_500_000;
      return json({
        startBlock: data.height - 143,
        endBlock: data.height,
        totalReward: String(144 * subsidySats + data.totalFeeSats),
        totalFee: String(data.totalFeeSats),
        totalTx: "612345",
      });
    }
    case "mempool.tipHeight":
      return { status: 200, contentType: "text/plain", text: String(data.height) };
    case "mempool.prices":
      return json({
        time: data.priceTimeSec ?? nowSec,
        USD: data.btcUsd,
        EUR: Math.round(data.btcUsd * 0.92),
        GBP: Math.round(data.btcUsd * 0.79),
        CAD: Math.round(data.btcUsd * 1.39),
        CHF: Math.round(data.btcUsd * 0.88),
        AUD: Math.round(data.btcUsd * 1.53),
        JPY: Math.round(data.btcUsd * 154),
      });
    case "coinbase.spot":
      return json({ data: { amount: data.coinbaseUsd.toFixed(2), base: "BTC", currency: "USD" } });
    case "kraken.ticker": {
      if (query.get("pair") !== "XBTUSD") return json({ error: ["EQuery:Unknown asset pair"] });
      const p = data.krakenUsd.toFixed(5);
      return json({
        error: [],
        result: {
          XXBTZUSD: {
            a: [p, "1", "1.000"],
            b: [(data.krakenUsd - 0.1).toFixed(5), "2", "2.000"],
            c: [p, "0.00150000"],
            v: ["1234.56789012", "2345.67890123"],
            p: [p, p],
            t: [23456, 45678],
            l: [(data.krakenUsd * 0.98).toFixed(5), (data.krakenUsd * 0.97).toFixed(5)],
            h: [(data.krakenUsd * 1.01).toFixed(5), (data.krakenUsd * 1.02).toFixed(5)],
            o: (data.krakenUsd * 0.99).toFixed(5),
          },
        },
      });
    }
  }
}

interface FaultEntry {
  readonly fault: Fault;
  remaining: number;
}

export async function start(options: { port?: number; host?: string } = {}): Promise<FixtureServer> {
  const host = options.host ?? "127.0.0.1";
  let data: FixtureData = DEFAULT_FIXTURE_DATA;
  let counts = zeroCounts();
  const faults = new Map<FaultTarget, FaultEntry>();
  let feedRequests = 0;
  let endlessBytesSent = 0;
  const bombs = new Map<number, Buffer>();
  const timers = new Set<ReturnType<typeof setTimeout>>();

  function takeFault(endpoint: FaultTarget): Fault | undefined {
    const entry = faults.get(endpoint);
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) faults.delete(endpoint);
    return entry.fault;
  }

  function send(res: ServerResponse, body: Body, extra: Record<string, string> = {}): void {
    res.writeHead(body.status, {
      "content-type": body.contentType,
      "content-length": String(Buffer.byteLength(body.text)),
      "access-control-allow-origin": "*",
      ...extra,
    });
    res.end(body.text);
  }

  function setFault(endpoint: FaultTarget, fault: Fault | null, opts: { times?: number } = {}): void {
    if (!(FIXTURE_ENDPOINTS as readonly string[]).includes(endpoint) && endpoint !== "deals.feed")
      throw new Error(`unknown endpoint ${endpoint}`);
    // Compressed here, not while a client waits: the server shares the test's event loop.
    if (fault?.kind === "gzipBomb" && !bombs.has(fault.megabytes)) {
      bombs.set(fault.megabytes, gzipSync(Buffer.alloc(fault.megabytes * 1_000_000, " "), { level: 9 }));
    }
    if (fault === null) faults.delete(endpoint);
    else faults.set(endpoint, { fault, remaining: opts.times ?? Infinity });
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "null") as unknown;
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    try {
      if (req.method === "GET" && path === "/__fixture/requests") return send(res, json(counts));
      if (req.method === "POST" && path === "/__fixture/fault") {
        const body = (await readJson(req)) as { endpoint: FixtureEndpoint; fault: Fault | null; times?: number };
        setFault(body.endpoint, body.fault, { times: body.times });
        return send(res, json({ ok: true }));
      }
      if (req.method === "POST" && path === "/__fixture/data") {
        data = { ...data, ...((await readJson(req)) as Partial<FixtureData>) };
        return send(res, json({ ok: true }));
      }
      if (req.method === "POST" && path === "/__fixture/reset") {
        api.reset();
        return send(res, json({ ok: true }));
      }
      send(res, json({ error: `no control route ${req.method} ${path}` }, 404));
    } catch (e) {
      send(res, json({ error: e instanceof Error ? e.message : String(e) }, 400));
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://fixture");
    if (url.pathname.startsWith("/__fixture/")) {
      void control(req, res, url.pathname);
      return;
    }
    if (url.pathname === FEED_PATH && req.method === "GET") {
      feedRequests += 1;
      const fault = takeFault("deals.feed");
      const normal = (): Body => json({ deals: [] });
      if (fault === undefined) return send(res, normal());
      return answerFault(req, res, fault, normal);
    }
    // A path prefix is allowed (a self-hosted mempool under https://host/mempool/...).
    const route = Object.keys(ROUTES).find((r) => url.pathname === r || url.pathname.endsWith(r));
    const endpoint = route === undefined ? undefined : ROUTES[route];
    if (endpoint === undefined || req.method !== "GET") {
      send(res, json({ error: "not found" }, 404));
      return;
    }
    counts[endpoint] += 1;
    const fault = takeFault(endpoint);
    const normal = (): Body => normalBody(endpoint, data, Date.now(), url.searchParams);
    if (fault === undefined) return send(res, normal());
    answerFault(req, res, fault, normal);
  }

  function later(ms: number, fn: () => void): void {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  }

  function answerFault(req: IncomingMessage, res: ServerResponse, fault: Fault, normal: () => Body): void {
    const headers = { "content-type": "application/json", "access-control-allow-origin": "*" };
    switch (fault.kind) {
      case "delay": {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) send(res, normal());
        }, fault.ms);
        timers.add(timer);
        res.on("close", () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case "status":
        return send(
          res,
          { status: fault.status, contentType: "text/plain", text: fault.body ?? `fixture fault ${fault.status}` },
          fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {},
        );
      case "malformed": {
        const text = normal().text;
        return send(res, {
          status: 200,
          contentType: "application/json",
          text: text.slice(0, Math.floor(text.length / 2)),
        });
      }
      case "json":
        return send(res, json(fault.body));
      case "text":
        return send(res, { status: 200, contentType: fault.contentType ?? "text/plain", text: fault.body });
      case "reset": {
        const text = normal().text;
        res.writeHead(200, {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(text)),
          "access-control-allow-origin": "*",
        });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        // Let the partial body leave, then cut the connection.
        setImmediate(() => req.socket.destroy());
        return;
      }
      case "trickle": {
        res.writeHead(200, headers);
        const startedAt = Date.now();
        const drip = (): void => {
          if (res.destroyed) return;
          if (Date.now() - startedAt >= fault.forMs) {
            req.socket.destroy();
            return;
          }
          res.write(" ");
          later(fault.intervalMs, drip);
        };
        drip();
        return;
      }
      case "gzipBomb": {
        const bomb = bombs.get(fault.megabytes) ?? gzipSync(Buffer.alloc(fault.megabytes * 1_000_000, " "));
        res.writeHead(200, { ...headers, "content-encoding": "gzip", "content-length": String(bomb.length) });
        res.end(bomb);
        return;
      }
      case "endless": {
        res.writeHead(200, headers);
        const chunk = Buffer.alloc(64 * 1024, " ");
        const until = Date.now() + (fault.maxMs ?? 20_000);
        // At most 20 s and 64 GiB: bounded even if the client never leaves.
        let left = 1_000_000;
        const pump = (): void => {
          while (!res.destroyed && Date.now() < until && left > 0) {
            left -= 1;
            endlessBytesSent += chunk.length;
            if (!res.write(chunk)) {
              res.once("drain", pump);
              return;
            }
          }
          if (!res.destroyed) res.end();
        };
        pump();
        return;
      }
      case "redirect":
        res.writeHead(fault.status ?? 302, { location: fault.location, "access-control-allow-origin": "*" });
        res.end();
        return;
    }
  }

  const server: Server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  const api: FixtureServer = {
    url: `http://${host}:${port}`,
    port,
    get requests() {
      return { ...counts };
    },
    get feedRequests() {
      return feedRequests;
    },
    get endlessBytesSent() {
      return endlessBytesSent;
    },
    setFault,
    setData(patch) {
      data = { ...data, ...patch };
    },
    resetRequests() {
      counts = zeroCounts();
    },
    reset() {
      faults.clear();
      data = DEFAULT_FIXTURE_DATA;
      counts = zeroCounts();
      feedRequests = 0;
      endlessBytesSent = 0;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      });
    },
  };
  return api;
}

function isMain(): boolean {
  return typeof require !== "undefined" && require.main === module;
}

if (isMain()) {
  const i = process.argv.indexOf("--port");
  const port = i >= 0 ? Number(process.argv[i + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write("usage: npx tsx test/support/marketFixtureServer.ts [--port N]\n");
    process.exit(2);
  }
  void start({ port }).then((server) => {
    process.stdout.write(`market fixture server listening on ${server.url}\n`);
    const stop = (): void => {
      void server.close().then(() => process.exit(0));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
