/**
 * Browser scenario: the Market tab's "Write history" in the preview, with the mempool base
 * URL in Settings pointed at the history fixture server (test/support/historyFixtureServer.ts)
 * serving hand-built daily bodies over the default window (the last 24 calendar months to
 * today). The Market history sheet must be active, its spilled values must equal what the
 * fixture serves (hashprice recomputed here by src/core), and its chart must have two series,
 * the BTC price on the secondary axis, over the spilled rows. Illustrative values, not market data.
 */
import type { Page } from "playwright-core";
import { blockSubsidyBtc } from "../../src/core/halving";
import { hashpriceUsdPerPhDay, networkEhsFromDifficulty } from "../../src/core/mining";
import { periods } from "../../src/market/history/series";
import { startHistoryFixture } from "../support/historyFixtureServer";
import { watchedPage } from "./browser";
import { check, close, pane, waitFor, type Env, type Scenario } from "./scenarios";

const STEP_MS = 30_000;
const DAY_S = 86_400;
const SHEET = "Market history";

/**
 * Daily bodies from 40 days before `firstDay` to yesterday (UTC days since 1970): on day k,
 * one price at 12:00 (80,000 + 25 k USD, the day's close), fees 0.02 + 0.00001 k BTC per block
 * at height 870,000 + 144 k (the 3.125 BTC era); difficulty 1.0e14, then 1.2e14 from `stepDay`.
 */
function bodies(firstDay: number, lastDay: number, stepDay: number) {
  const from = firstDay - 40;
  const prices: { time: number; USD: number }[] = [];
  const fees: { avgHeight: number; timestamp: number; avgFees: number; USD: number }[] = [];
  for (let day = from; day <= lastDay; day++) {
    const k = day - from;
    prices.push({ time: day * DAY_S + 43_200, USD: 80_000 + 25 * k });
    fees.push({
      avgHeight: 870_000 + 144 * k,
      timestamp: day * DAY_S + 43_200,
      avgFees: Math.round((0.02 + 0.00001 * k) * 1e8),
      USD: 80_000,
    });
  }
  prices.reverse();
  const difficulty = [
    [stepDay * DAY_S + 43_200, 900_000, 1.2e14, 1.2],
    [from * DAY_S, 880_000, 1.0e14, 1.01],
  ];
  const day = (d: number) => {
    const k = d - from;
    return {
      price: 80_000 + 25 * k,
      fees: Math.round((0.02 + 0.00001 * k) * 1e8) / 1e8,
      height: 870_000 + 144 * k,
      difficulty: d >= stepDay ? 1.2e14 : 1.0e14,
    };
  };
  return { body: { prices, difficulty, fees }, day };
}

interface Seen {
  active: string | undefined;
  anchors: unknown[];
  names: Record<string, unknown>;
  table: unknown[][];
  charts: { name: string; axisGroups: string[]; categories: string[]; series: { name: string; values: unknown[] }[] }[];
}

async function seen(page: Page, rows: number): Promise<Seen> {
  return page.evaluate(
    ({ sheetName, rows: n }) => {
      type Rect = { row: number; col: number; rows: number; cols: number };
      type Host = {
        workbook: {
          activeSheet?: { name: string };
          sheet(n: string): unknown;
          names: { name: string }[];
          nameRange(x: unknown): unknown;
          values(r: { sheet: unknown; rect: Rect }): unknown[][];
          formulas(r: { sheet: unknown; rect: Rect }): unknown[][];
          charts: { name: string; sheet: { name: string }; series: { axisGroup?: string }[] }[];
          chartData(c: unknown): { categories: string[]; series: { name: string; values: unknown[] }[] };
        };
      };
      const wb = (window as unknown as { __pivotPreview: Host }).__pivotPreview.workbook;
      const s = wb.sheet(sheetName);
      const names: Record<string, unknown> = {};
      for (const x of wb.names) {
        if (!x.name.startsWith("PIVOT_HISTORY_")) continue;
        names[x.name] = wb.values(wb.nameRange(x) as { sheet: unknown; rect: Rect })[0][0];
      }
      return {
        active: wb.activeSheet?.name,
        anchors: wb.formulas({ sheet: s, rect: { row: 8, col: 0, rows: 1, cols: 4 } })[0],
        names,
        table: wb.values({ sheet: s, rect: { row: 9, col: 0, rows: n, cols: 4 } }),
        charts: wb.charts
          .filter((c) => c.sheet.name === sheetName)
          .map((c) => ({
            name: c.name,
            axisGroups: c.series.map((x) => x.axisGroup ?? "Primary"),
            ...wb.chartData(c),
          })),
      };
    },
    { sheetName: SHEET, rows },
  );
}

export const HISTORY_SCENARIO: Scenario = {
  name: "Write history: the Market history sheet is active, its spills equal the fixture's history, and its chart has BTC on a secondary axis",
  async run(env: Env) {
    const todayDay = Math.floor(Date.now() / 86_400_000);
    const today = new Date(todayDay * 86_400_000);
    // The default window (src/workbook/historySheet.ts): the 1st of the month 23 months back to today.
    const firstDay = Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 23, 1) / 86_400_000;
    const lastDataDay = todayDay - 1;
    const stepDay = firstDay + 300;
    const { body, day } = bodies(firstDay, lastDataDay, stepDay);
    const history = await startHistoryFixture();
    history.setBody("mempool.priceHistory", { prices: body.prices, exchangeRates: {} });
    history.setBody("mempool.difficultyHistory", body.difficulty);
    history.setBody("mempool.feeHistory", body.fees);
    const w = await watchedPage(env.browser);
    const { page } = w;
    try {
      await page.goto(env.previewUrl);
      await pane(page).getByRole("button", { name: "Write history" }).waitFor({ state: "visible", timeout: STEP_MS });
      // The history comes from the mempool base URL of Settings: the history fixture.
      await pane(page).getByRole("tab", { name: "Settings" }).click();
      await pane(page).getByLabel("mempool base URL").fill(history.url);
      await pane(page).getByRole("button", { name: "Save settings" }).click();
      await pane(page).getByRole("tab", { name: "Market" }).click();
      await pane(page).getByRole("button", { name: "Write history" }).click();
      const bar = pane(page)
        .getByRole("region", { name: "Market messages" })
        .getByRole("group", { name: /^History written to / });
      await bar.waitFor({ timeout: STEP_MS });
      const text = ((await bar.textContent()) ?? "").replace(/\s+/g, " ");
      const expected = periods(firstDay, todayDay, "month");
      check(expected.length === 24, `the default window has ${expected.length} months, not 24`);
      check(text.includes(`The chart covers 24 rows ('${SHEET}'!A10:D33)`), `the message said "${text}"`);

      const state = await waitFor("the spills to answer", async () => {
        const s = await seen(page, expected.length);
        const busy = s.table.flat().some((v) => v === "#BUSY!" || v === "" || v === null);
        return busy ? undefined : s;
      });
      check(state.active === SHEET, `the active sheet is ${state.active}, not ${SHEET}`);
      check(
        String(state.anchors[0]).startsWith('=PIVOT.MARKET_HISTORY("hashprice_usd_ph_day",PIVOT_HISTORY_START'),
        `the hashprice anchor is ${String(state.anchors[0])}`,
      );
      check(
        state.names.PIVOT_HISTORY_START === firstDay + 25_569,
        `PIVOT_HISTORY_START is ${String(state.names.PIVOT_HISTORY_START)}`,
      );
      expected.forEach((p, i) => {
        const [date, hashprice, btcDate, btc] = state.table[i];
        const serial = p.toDay + 25_569;
        check(
          date === serial && btcDate === serial,
          `row ${i + 1} is dated ${String(date)}/${String(btcDate)}, not ${serial}`,
        );
        // The period's value: the last fixture day on or before its end (yesterday at the latest).
        const dataDay = Math.min(p.toDay, lastDataDay);
        if (dataDay < p.fromDay) {
          check(
            typeof btc === "string" && btc.startsWith("#N/A"),
            `row ${i + 1} has no data, yet shows ${String(btc)}`,
          );
          return;
        }
        const d = day(dataDay);
        close(btc, d.price, `BTC price of the month ending ${p.toDay}`);
        const hp = hashpriceUsdPerPhDay(
          d.price,
          networkEhsFromDifficulty(d.difficulty),
          d.fees,
          blockSubsidyBtc(d.height),
        );
        close(hashprice, hp, `hashprice of the month ending ${p.toDay}`);
      });
      check(state.charts.length === 1, `${state.charts.length} charts on ${SHEET}`);
      const [chart] = state.charts;
      check(chart.series.length === 2, `the chart has ${chart.series.length} series`);
      check(
        JSON.stringify(chart.axisGroups) === '["Primary","Secondary"]',
        `axis groups ${JSON.stringify(chart.axisGroups)}`,
      );
      check(chart.categories.length === 24, `the chart has ${chart.categories.length} categories`);
      chart.series[1].values.forEach((v, i) =>
        check(v === state.table[i][3], `chart BTC point ${i + 1} is ${String(v)}`),
      );
      chart.series[0].values.forEach((v, i) =>
        check(v === state.table[i][1], `chart hashprice point ${i + 1} is ${String(v)}`),
      );
      check(w.errors.length === 0, `the page logged errors:\n${w.errors.join("\n")}`);
    } finally {
      await w.context.close();
      await history.close();
    }
  },
};
