/**
 * Market history benchmark: five years of daily hashprice (2021-12-01 to 2026-11-30) from
 * synthetic mempool-shaped bodies of the real sizes (hourly prices, 43,800 rows; every
 * difficulty adjustment, 130; daily fee buckets, 1,826), served by the history fixture
 * server on 127.0.0.1. The values are illustrative, not market data.
 * Figure 1: requests per endpoint for 50 concurrent cold MARKET_HISTORY cells over the
 *           five years (the most any endpoint received; target 1; counts in the note).
 * Figure 2: parse + compute: the three bodies validated and reduced to days, then the
 *           1,826-row daily hashprice table assembled, median of 15 runs (target < 50 ms).
 *           Baseline: a bare JSON.parse of the same three bodies, measured in the same runs,
 *           so the ratio shows the cost of validation and assembly whatever the machine load.
 */
import { marketHistory } from "../../src/functions/history";
import { assembleHistory, type HistoryInputs } from "../../src/market/history/series";
import { createHistoryService, installHistoryService } from "../../src/market/history/service";
import { parseDifficultyHistory, parseFeeHistory, parsePriceHistory } from "../../src/market/history/sources";
import { MemoryStorage } from "../../src/market/storage";
import { startHistoryFixture } from "../support/historyFixtureServer";
import { round, type Emit } from "./harness";

const DAY_S = 86_400;
const START_S = Date.UTC(2021, 11, 1) / 1000;
const DAYS = 1_826;
const NOW_MS = Date.UTC(2026, 11, 1, 12);

function bodies(): { price: string; difficulty: string; fees: string } {
  const prices: { time: number; USD: number }[] = [];
  for (let h = DAYS * 24 - 1; h >= 0; h--) prices.push({ time: START_S + h * 3600, USD: 50_000 + 10 * (h % 5000) });
  const adjustments: number[][] = [];
  for (let k = 129; k >= 0; k--)
    adjustments.push([START_S + k * 14 * DAY_S, 712_000 + 2016 * k, 2.5e13 + 6e11 * k, 1.01]);
  const fees: { avgHeight: number; timestamp: number; avgFees: number; USD: number }[] = [];
  for (let d = 0; d < DAYS; d++)
    fees.push({
      avgHeight: 712_000 + 144 * d,
      timestamp: START_S + d * DAY_S + 43_200,
      avgFees: 2_000_000 + (d % 100) * 1000,
      USD: 60_000,
    });
  return {
    price: JSON.stringify({ prices, exchangeRates: {} }),
    difficulty: JSON.stringify(adjustments),
    fees: JSON.stringify(fees),
  };
}

export default async function bench(emit: Emit): Promise<void> {
  const b = bodies();
  const server = await startHistoryFixture();
  try {
    server.setBody("mempool.priceHistory", JSON.parse(b.price));
    server.setBody("mempool.difficultyHistory", JSON.parse(b.difficulty));
    server.setBody("mempool.feeHistory", JSON.parse(b.fees));
    installHistoryService(
      createHistoryService({ baseUrl: () => server.url, storage: new MemoryStorage(), now: () => NOW_MS }),
    );
    const startSerial = START_S / DAY_S + 25_569;
    const cells = Array.from({ length: 50 }, () =>
      marketHistory("hashprice_usd_ph_day", startSerial, startSerial + DAYS - 1, "day", NOW_MS),
    );
    const tables = await Promise.all(cells);
    if (tables.some((t) => t.length !== DAYS + 1)) throw new Error("a five-year table did not have 1,827 rows");
    const counts = server.requests;
    emit({
      name: "history.cold_50_cells_5y_daily.max_requests_per_endpoint",
      value: Math.max(...Object.values(counts)),
      unit: "requests",
      note: JSON.stringify(counts),
    });

    const startDay = START_S / DAY_S;
    const times: number[] = [];
    const baselines: number[] = [];
    let sink = 0;
    for (let run = 0; run < 15; run++) {
      const b0 = performance.now();
      sink += (JSON.parse(b.price) as { prices: unknown[] }).prices.length;
      sink += (JSON.parse(b.difficulty) as unknown[]).length + (JSON.parse(b.fees) as unknown[]).length;
      baselines.push(performance.now() - b0);
      const t0 = performance.now();
      const fetchedAt = NOW_MS;
      const inputs: HistoryInputs = {
        "mempool.priceHistory": { series: parsePriceHistory(b.price, fetchedAt) },
        "mempool.difficultyHistory": {
          series: parseDifficultyHistory(b.difficulty, fetchedAt),
          stepsThroughDay: Math.floor(fetchedAt / 86_400_000),
        },
        "mempool.feeHistory": { series: parseFeeHistory(b.fees, fetchedAt) },
      };
      const rows = assembleHistory("hashprice_usd_ph_day", startDay, startDay + DAYS - 1, "day", inputs);
      if (rows.length !== DAYS || rows.some((r) => r.value === undefined)) throw new Error("incomplete table");
      times.push(performance.now() - t0);
    }
    const median = (xs: number[]): number => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const value = median(times);
    const baseline = median(baselines);
    emit({
      name: "history.parse_and_compute_5y_daily_hashprice",
      value: round(value),
      unit: "ms",
      baseline: round(baseline),
      ratio: round(value / baseline),
      note: `median of 15; baseline: JSON.parse alone of the same ${b.price.length + b.difficulty.length + b.fees.length} characters (${sink} rows parsed); target < 50 ms`,
    });
  } finally {
    installHistoryService(undefined);
    await server.close();
  }
}
