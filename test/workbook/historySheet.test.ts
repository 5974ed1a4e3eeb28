/**
 * The History sheet (src/workbook/historySheet.ts) in the fake object model, its spills
 * computed by the preview engine's PIVOT.MARKET_HISTORY from the history fixture server
 * (test/support/historyFixtureServer.ts, hand-built bodies): formulas and names written, the
 * writer never writing into a spill, the chart over the spilled rows with BTC on the secondary
 * axis, values equal to the documented hashprice formula over the fixture's figures, and a
 * rewrite that keeps the user's dates, reports them and resizes the chart to them.
 */
import { createHistoryService, installHistoryService } from "../../src/market/history/service";
import { MemoryStorage } from "../../src/market/storage";
import { memoryKey } from "../../src/workbook/declared/memory";
import {
  defaultHistoryWindow,
  historyRows,
  windowOfCells,
  writeHistory,
  HISTORY_CHART_NAME,
  type HistoryWindow,
} from "../../src/workbook/historySheet";
import { startHistoryFixture, type HistoryFixture } from "../support/historyFixtureServer";
import { formulas, forbidConsoleErrors, newWorkbook, values, type Harness } from "./fakeExcel";

forbidConsoleErrors();

/** 2025-01-01 and 2025-01-10 as Excel serials (the MARKET_HISTORY doc example: 45658 = 2025-01-01). */
const JAN_1 = 45658;
const JAN_10 = JAN_1 + 9;
const FIXTURE_WINDOW: HistoryWindow = { startSerial: JAN_1, endSerial: JAN_10, interval: "day" };

let fixture: HistoryFixture;
beforeAll(async () => {
  fixture = await startHistoryFixture();
});
afterAll(async () => {
  installHistoryService(undefined);
  await fixture.close();
});
beforeEach(() => {
  installHistoryService(createHistoryService({ baseUrl: () => fixture.url, storage: new MemoryStorage() }));
});

/**
 * Hashprice of fixture day i (0 = 2025-01-01) by MARKET_HISTORY's documented formula:
 * 144 × (subsidy + fees) × price ÷ (network EH/s × 1000), EH/s = D × 2^32 / 600 / 1e18.
 * Fixture: close 90,500 + 1,000 i; fees 0.02 + 0.001 i BTC at height 876,000 + 144 i (subsidy
 * 3.125 BTC, the fourth era); difficulty 1.0e14, then 1.1e14 from 2025-01-06 (i = 5).
 */
function fixtureHashprice(i: number): number {
  const price = 90_500 + 1000 * i;
  const fees = 0.02 + 0.001 * i;
  const d = i >= 5 ? 1.1e14 : 1.0e14;
  const ehs = (d * 2 ** 32) / 600 / 1e18;
  return (144 * (3.125 + fees) * price) / (ehs * 1000);
}

/** The cells once every one holds a value (the spills answered). */
async function settled(h: Harness, sheet: string, a1: string): Promise<unknown[][]> {
  for (let k = 0; k < 200; k++) {
    const v = values(h, sheet, a1);
    if (!v.flat().some((x) => x === "#BUSY!" || x === "")) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${sheet}!${a1} still #BUSY! or empty: ${JSON.stringify(values(h, sheet, a1))}`);
}

function nameTarget(h: Harness, name: string): string | undefined {
  const n = h.fake.workbook.names.find((x) => x.name === name);
  return n === undefined ? undefined : String(n.formula);
}

test("the default window is the last 24 calendar months to today, monthly", () => {
  // 2026-12-02 is serial 46358 (45658 + 365 days of 2025 + 335 days to 2 Dec 2026).
  const w = defaultHistoryWindow(Date.UTC(2026, 11, 2, 15));
  expect(w).toEqual({ startSerial: JAN_1, endSerial: 46358, interval: "month" });
  expect(historyRows(w)).toBe(24);
  expect(historyRows(FIXTURE_WINDOW)).toBe(10);
});

test("a first write: inputs, names, two spill anchors, a chart over the spilled rows; values from the fixture", async () => {
  const h = await newWorkbook();
  const r = await writeHistory({ run: h.run, window: FIXTURE_WINDOW });
  expect(r.sheetName).toBe("Market history");
  expect(r.created).toBe(true);
  expect(r.kept).toEqual([]);
  expect(r.address).toBe("'Market history'!A1:C9");
  expect(r.chartRange).toBe("'Market history'!A10:D19");
  expect(h.fake.workbook.activeSheet?.name).toBe("Market history");
  // Inputs (blue, dates as real dates) and the names the formulas use.
  expect(formulas(h, "Market history", "A5:B7")).toEqual([
    ["Start date", JAN_1],
    ["End date", JAN_10],
    ["Interval", "day"],
  ]);
  expect(nameTarget(h, "PIVOT_HISTORY_START")).toBe("='Market history'!$B$5");
  expect(nameTarget(h, "PIVOT_HISTORY_END")).toBe("='Market history'!$B$6");
  expect(nameTarget(h, "PIVOT_HISTORY_INTERVAL")).toBe("='Market history'!$B$7");
  const fmt = h.fake.workbook.sheet("Market history").formats;
  expect(fmt.get("4:1")?.numberFormat).toBe("yyyy-mm-dd");
  // The anchors; nothing else on their row is the writer's.
  const anchors = formulas(h, "Market history", "A9:D9")[0];
  expect(anchors[0]).toBe(
    '=PIVOT.MARKET_HISTORY("hashprice_usd_ph_day",PIVOT_HISTORY_START,PIVOT_HISTORY_END,PIVOT_HISTORY_INTERVAL)',
  );
  expect(anchors[2]).toBe(
    '=PIVOT.MARKET_HISTORY("btc_usd",PIVOT_HISTORY_START,PIVOT_HISTORY_END,PIVOT_HISTORY_INTERVAL)',
  );
  const remembered = Object.keys(
    (h.fake.workbook.settings.get(memoryKey("HISTORY")) as { cells: Record<string, string> }).cells,
  );
  expect(remembered.filter((k) => k.startsWith("spills/")).sort()).toEqual([
    "spills/spills/btc_date",
    "spills/spills/hashprice_date",
  ]);

  const table = await settled(h, "Market history", "A9:D19");
  expect(table[0]).toEqual([
    "Date (UTC)",
    "hashprice_usd_ph_day (USD per PH/s per day)",
    "Date (UTC)",
    "btc_usd (USD per BTC)",
  ]);
  for (let i = 0; i < 10; i++) {
    const [date, hashprice, btcDate, btc] = table[i + 1];
    expect([date, btcDate, btc]).toEqual([JAN_1 + i, JAN_1 + i, 90_500 + 1000 * i]);
    expect(hashprice as number).toBeCloseTo(fixtureHashprice(i), 9);
  }
  expect(fmt.get("9:0")?.numberFormat).toBe("yyyy-mm-dd");
  expect(fmt.get("9:1")?.numberFormat).toBe('"$"#,##0.00');
  expect(fmt.get("18:3")?.numberFormat).toBe('"$"#,##0');

  // The chart: dates as categories, hashprice on the primary axis, BTC price on the secondary.
  expect(h.fake.workbook.charts).toHaveLength(1);
  const [chart] = h.fake.workbook.charts;
  expect(chart.name).toBe(HISTORY_CHART_NAME);
  expect(chart.type).toBe("Line");
  expect(chart.series.map((s) => s.axisGroup ?? "Primary")).toEqual(["Primary", "Secondary"]);
  const data = h.fake.workbook.chartData(chart);
  // (chartData reads categories as the text Excel labels them with)
  expect(data.categories).toEqual(Array.from({ length: 10 }, (_, i) => String(JAN_1 + i)));
  expect(data.series.map((s) => s.name)).toEqual(["Hashprice USD/PH/day", "BTC price USD"]);
  expect(data.series[1].values).toEqual(Array.from({ length: 10 }, (_, i) => 90_500 + 1000 * i));
  (data.series[0].values as number[]).forEach((v, i) => expect(v).toBeCloseTo(fixtureHashprice(i), 9));
  expect(chart.props["valueAxis.secondary.numberFormat"]).toBe('"$"#,##0');
});

test("a rewrite keeps the dates the user typed, reports them, and sizes the chart to them", async () => {
  const h = await newWorkbook();
  await writeHistory({ run: h.run, window: FIXTURE_WINDOW });
  const chartId = h.fake.workbook.charts[0].id;
  // The analyst narrows the window to 2025-01-03 .. 2025-01-07 and asks for weeks.
  await h.run(async (ctx) => {
    const s = ctx.workbook.worksheets.getItem("Market history");
    s.getRange("B5").formulas = [[JAN_1 + 2]];
    s.getRange("B6").formulas = [[JAN_1 + 6]];
    s.getRange("B7").formulas = [["week"]];
    await ctx.sync();
  });
  const r = await writeHistory({ run: h.run, window: FIXTURE_WINDOW });
  expect(r.created).toBe(false);
  expect(r.kept).toEqual(["'Market history'!B5", "'Market history'!B6", "'Market history'!B7"]);
  expect(r.notices).toContain("Kept your value in 'Market history'!B5.");
  expect(formulas(h, "Market history", "B5:B7")).toEqual([[JAN_1 + 2], [JAN_1 + 6], ["week"]]);
  // Weeks (ISO) from Fri 2025-01-03: the one ending Sun 01-05, then Mon 01-06 .. 01-07 (end date).
  expect(r.window).toEqual({ startSerial: JAN_1 + 2, endSerial: JAN_1 + 6, interval: "week" });
  expect(r.chartRange).toBe("'Market history'!A10:D11");
  expect(r.notices[r.notices.length - 1]).toBe(
    "The chart covers 2 rows ('Market history'!A10:D11): 2025-01-03 to 2025-01-07, weekly. After changing the dates, write history again to resize it.",
  );
  const table = await settled(h, "Market history", "A10:D11");
  expect(table.map((row) => [row[0], row[2], row[3]])).toEqual([
    [JAN_1 + 4, JAN_1 + 4, 90_500 + 4000],
    [JAN_1 + 6, JAN_1 + 6, 90_500 + 6000],
  ]);
  expect(h.fake.workbook.charts).toHaveLength(1);
  const [chart] = h.fake.workbook.charts;
  expect(chart.id).toBe(chartId);
  const data = h.fake.workbook.chartData(chart);
  expect(data.categories).toEqual([String(JAN_1 + 4), String(JAN_1 + 6)]);
  expect(data.series[1].values).toEqual([94_500, 96_500]);
  (data.series[0].values as number[]).forEach((v, i) => expect(v).toBeCloseTo(fixtureHashprice([4, 6][i]), 9));
});

test("dates that are not dates: the spills say #VALUE!, the chart keeps the default size and the result says why", async () => {
  const h = await newWorkbook();
  await writeHistory({ run: h.run, window: FIXTURE_WINDOW });
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Market history").getRange("B5").formulas = [["'last year"]];
    await ctx.sync();
  });
  const r = await writeHistory({ run: h.run, window: FIXTURE_WINDOW });
  expect(r.kept).toEqual(["'Market history'!B5"]);
  expect(r.notices[0]).toBe(
    "Start date is not a date on the Market history sheet, so its spills show #VALUE!; the chart was sized for 2025-01-01 to 2025-01-10, daily.",
  );
  expect((await settled(h, "Market history", "A9"))[0][0]).toBe("#VALUE!");
});

describe("windowOfCells reads the inputs as PIVOT.MARKET_HISTORY does", () => {
  const NOW_MS = Date.UTC(2026, 11, 2, 12); // 2 Dec 2026; Excel serial 46358
  test("a blank interval is the function's default, day", () => {
    expect(windowOfCells(46023, 46358, "", NOW_MS)).toEqual({ startSerial: 46023, endSerial: 46358, interval: "day" });
    expect(windowOfCells(46023, 46358, " Monthly ", NOW_MS)).toEqual({
      startSerial: 46023,
      endSerial: 46358,
      interval: "month",
    });
  });
  test("dates before the genesis block or after today give the function's range, not a chart over #VALUE!", () => {
    // Serial 1 is 1 Jan 1900; 46359 is tomorrow.
    expect(windowOfCells(1, 46358, "day", NOW_MS)).toBe(
      "Start date is not a date from 2009-01-03 (the genesis block) to today, 2026-12-02",
    );
    expect(windowOfCells(46023, 46359, "day", NOW_MS)).toBe(
      "End date is not a date from 2009-01-03 (the genesis block) to today, 2026-12-02",
    );
    expect(windowOfCells(46358, 46023, "day", NOW_MS)).toBe("End date is before Start date");
    expect(windowOfCells(46023, 46358, "hour", NOW_MS)).toBe('Interval is not "day", "week" or "month"');
  });
});
