/**
 * Market inputs benchmark, against the local fixture server (real HTTP on
 * 127.0.0.1, so network time is loopback time).
 * Figure 1: requests per endpoint for 1,000 concurrent cold calls (500 PIVOT.MARKET streaming
 *           cells + 500 MINER_HASHPRICE() with omitted market arguments) and a task-pane
 *           refresh at the same moment: the most requests any one endpoint received
 *           (target 1); the per-endpoint counts are in the note.
 * Figure 2: time from refresh() to all 1,000 subscribed PIVOT.MARKET cells showing the new
 *           value, median of 7 refreshes (each changes the served price).
 * Figure 3: heap growth after 10,000 PIVOT.MARKET subscribe/cancel cycles, measured after a
 *           full GC on both sides (tsx does not pass --expose-gc; the bench enables it at run
 *           time with v8.setFlagsFromString, and says so in the note when it cannot).
 * Figure 4: peak memory growth (heap + external + array buffers, sampled every 2 ms) during a
 *           refresh whose four mempool endpoints all answer with an endless body; baseline:
 *           the same measure during a normal refresh. Want under 50 MB.
 * Figure 5: refresh time with the default policy (8 s per attempt, 20 s per refresh) when the
 *           primary price source hangs and Coinbase is healthy; baseline: a healthy refresh.
 *           Want under 10 s.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { MARKET } from "../../src/functions/market";
import { MINER_HASHPRICE } from "../../src/functions/mining";
import { createMarketStore, installMarketStore, type MarketStore } from "../../src/market/store";
import { MemoryStorage } from "../../src/market/storage";
import type { HttpPolicy } from "../../src/market/http";
import { FIXTURE_ENDPOINTS, start, type FixtureServer } from "../support/marketFixtureServer";
import { round, type Emit } from "./harness";

class Cell implements CustomFunctions.StreamingInvocation<unknown> {
  value: unknown;
  onCanceled?: () => void;
  setResult = (v: unknown): void => {
    this.value = v;
  };
}

async function wired(
  server: FixtureServer,
  http: Partial<HttpPolicy> = { timeoutMs: 2_000, maxRefreshMs: 5_000 },
): Promise<MarketStore> {
  const store = createMarketStore({ storage: new MemoryStorage(), http });
  installMarketStore(store);
  await store.start();
  const r = await store.settings.set({
    mempoolBaseUrl: server.url,
    coinbaseBaseUrl: server.url,
    krakenBaseUrl: server.url,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return store;
}

function findGc(): { gc: () => void; how: string } | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") return { gc: existing, how: "global.gc" };
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    if (typeof gc === "function") return { gc: gc as () => void, how: "gc exposed via v8.setFlagsFromString" };
  } catch (e) {
    process.stderr.write(`market bench: no gc (${e instanceof Error ? e.message : String(e)})\n`);
  }
  return undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export default async function bench(emit: Emit): Promise<void> {
  const server = await start();
  try {
    // Figure 1 -------------------------------------------------------------------------
    {
      const store = await wired(server);
      server.resetRequests();
      const cells: Cell[] = [];
      for (let i = 0; i < 1_000; i++) {
        if (i % 2 === 0) {
          const c = new Cell();
          MARKET(i % 4 === 0 ? "btc_usd" : "hashprice_usd_ph_day", c);
          cells.push(c);
        } else {
          MINER_HASHPRICE();
        }
      }
      await store.refresh();
      const counts = server.requests;
      const asked = FIXTURE_ENDPOINTS.filter((e) => e.startsWith("mempool."));
      emit({
        name: "market: requests per endpoint, 1,000 concurrent cold calls (max)",
        value: Math.max(...asked.map((e) => counts[e])),
        unit: "requests",
        note: FIXTURE_ENDPOINTS.map((e) => `${e} ${counts[e]}`).join(", "),
      });
      for (const c of cells) c.onCanceled?.();
      installMarketStore(undefined);
    }

    // Figure 2 -------------------------------------------------------------------------
    {
      const store = await wired(server);
      await store.refresh();
      const cells: Cell[] = [];
      for (let i = 0; i < 1_000; i++) {
        const c = new Cell();
        MARKET("btc_usd", c);
        cells.push(c);
      }
      const times: number[] = [];
      for (let run = 0; run < 7; run++) {
        const price = 100_000 + run;
        server.setData({ btcUsd: price });
        const t0 = performance.now();
        await store.refresh();
        // Listeners run synchronously when the snapshot changes: every cell is updated here.
        const updated = cells.every((c) => c.value === price);
        times.push(performance.now() - t0);
        if (!updated) throw new Error(`run ${run}: not every cell shows ${price}`);
      }
      emit({
        name: "market: refresh to all 1,000 cells updated (local server)",
        value: round(median(times)),
        unit: "ms",
      });
      for (const c of cells) c.onCanceled?.();
      installMarketStore(undefined);
    }

    // Figure 3 -------------------------------------------------------------------------
    {
      const store = await wired(server);
      await store.refresh();
      await store.settings.set({ autoRefreshMs: 60_000 });
      const gc = findGc();
      const cycle = (n: number): void => {
        for (let i = 0; i < n; i++) {
          const c = new Cell();
          MARKET(i % 2 ? "btc_usd" : "source", c);
          c.onCanceled?.();
        }
      };
      cycle(10_000); // warm-up: JIT-compiled code and one-time allocations are not growth
      const fullGc = (): void => {
        gc?.gc();
        gc?.gc();
      };
      fullGc();
      const before = process.memoryUsage().heapUsed;
      cycle(10_000);
      fullGc();
      const after = process.memoryUsage().heapUsed;
      const stats = store.stats();
      if (stats.listeners !== 0 || stats.pollerActive || stats.staleTimerActive) {
        throw new Error(`leftovers after 10,000 cycles: ${JSON.stringify(stats)}`);
      }
      emit({
        name: "market: heap growth after 10,000 subscribe/cancel cycles",
        value: round((after - before) / 1024, 3),
        unit: "KiB",
        note: gc
          ? `${gc.how}; listeners, poller and stale timer all released`
          : "no gc available: includes uncollected garbage; listeners, poller and stale timer all released",
      });
      installMarketStore(undefined);
    }

    // Figure 4 -------------------------------------------------------------------------
    {
      const gc = findGc();
      const used = (): number => {
        const m = process.memoryUsage();
        return m.heapUsed + m.external + m.arrayBuffers;
      };
      const peakDuring = async (store: MarketStore): Promise<number> => {
        gc?.gc();
        gc?.gc();
        const base = used();
        let peak = base;
        const sampler = setInterval(() => {
          peak = Math.max(peak, used());
        }, 2);
        try {
          await store.refresh();
        } finally {
          clearInterval(sampler);
        }
        return Math.max(peak, used()) - base;
      };
      server.reset();
      const normalStore = await wired(server);
      await normalStore.refresh(); // warm-up
      const normal = await peakDuring(normalStore);
      installMarketStore(undefined);
      const store = await wired(server);
      await store.refresh(); // warm-up
      for (const e of ["mempool.hashrate", "mempool.rewardStats", "mempool.tipHeight", "mempool.prices"] as const) {
        server.setFault(e, { kind: "endless", maxMs: 10_000 });
      }
      const endless = await peakDuring(store);
      const report = store.lastReport();
      const refused = report?.failures.filter((f) => /larger than 1,000,000 bytes/.test(f.reason)).length ?? 0;
      if (refused !== 4)
        throw new Error(`expected 4 endless answers refused at the cap; got ${JSON.stringify(report?.failures)}`);
      const mb = (b: number): number => round(b / 1e6, 3);
      emit({
        name: "market: peak memory growth during a refresh against endless bodies (4 endpoints)",
        value: mb(endless),
        unit: "MB",
        baseline: mb(normal),
        ratio: round(endless / Math.max(normal, 1), 3),
        note: `heap + external + array buffers, sampled every 2 ms; each body refused at 1 MB; baseline: a normal refresh${gc ? "" : "; no gc available"}`,
      });
      server.reset();
      installMarketStore(undefined);
    }

    // Figure 5 -------------------------------------------------------------------------
    {
      const healthyStore = await wired(server, {});
      const t0 = performance.now();
      await healthyStore.refresh();
      const healthyMs = performance.now() - t0;
      installMarketStore(undefined);
      const store = await wired(server, {});
      server.setFault("mempool.prices", { kind: "delay", ms: 60_000 });
      const t1 = performance.now();
      const r = await store.refresh();
      const hangMs = performance.now() - t1;
      if (r.snapshot.fields.btc_usd?.source.startsWith("Coinbase") !== true) {
        throw new Error(`the price did not come from Coinbase: ${JSON.stringify(r.snapshot.fields.btc_usd)}`);
      }
      emit({
        name: "market: refresh time, primary price source hangs, Coinbase healthy (default policy)",
        value: round(hangMs / 1000, 3),
        unit: "s",
        baseline: round(healthyMs / 1000, 3),
        ratio: round(hangMs / healthyMs, 3),
        note: "8 s per attempt, 20 s per refresh; mempool's price gets a third of the budget, then Coinbase answers; baseline: all sources healthy",
      });
      server.reset();
      installMarketStore(undefined);
    }
  } finally {
    await server.close();
  }
}
