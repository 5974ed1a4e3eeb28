/**
 * The Revenue mix sheet, evaluated by HyperFormula in the fake object model: each company-year
 * equals HPC revenue from src/core (revenueByYear over scheduleContracts) and mining revenue from
 * the core hashprice path, recomputed here; the sector totals equal the sums of those
 * independently computed company figures, over the companies whose figures are numbers (a
 * company with undisclosed inputs is left out and counted, never a silent #N/A or zero); the
 * stacked-column chart shows them; a rebuild keeps a typed value, counts a row the user
 * inserted inside the mix block and updates the chart in place; sync counts.
 */
import { companyValue } from "../../src/companies/query";
import { hashpricePath } from "../../src/core/hashpricePath";
import { revenueByYear } from "../../src/core/revenueSchedule";
import { serialFromUtcDate } from "../../src/core/excelDate";
import { bundledDataset } from "../../src/deals/dataset";
import { attributableMw, effectiveDeals } from "../../src/deals/query";
import { marketHeightOnDay } from "../../src/functions/args";
import { scheduleContracts } from "../../src/functions/revenue";
import { marketValues } from "../../src/market/values";
import { cell } from "../../src/workbook/a1";
import { memoryKey } from "../../src/workbook/declared/memory";
import type { SheetDecl } from "../../src/workbook/declared/sheet";
import { writeDeclaredSheet } from "../../src/workbook/declared/writer";
import {
  buildRevenueMix,
  mixName,
  REVENUE_MIX_DECL,
  MIX_YEARS_NAME,
  MIX_ROWS_NAMES,
  SECTOR_CHART_NAME,
  USD_M_BN,
} from "../../src/workbook/revenueMixSheet";
import { forbidConsoleErrors, formulas, newWorkbook, value, type Harness } from "./fakeExcel";

forbidConsoleErrors();
const DEALS = bundledDataset().deals;
const TICKERS = ["HUT", "CIFR"];
const TYPED = { energizedMw: 900, jth: 18 };

function disclosed(ticker: string, field: string): number | undefined {
  try {
    return companyValue(ticker, field) as number;
  } catch {
    return undefined;
  }
}

function close(actual: unknown, expected: number, what: string): void {
  const ok = typeof actual === "number" && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  expect({ what, actual, ok }).toEqual({ what, actual, ok: true });
}

async function typeAt(h: Harness, name: string, v: number): Promise<void> {
  await h.run(async (ctx) => {
    const r = ctx.workbook.names.getItem(name).getRange();
    r.formulas = [[v]];
    await ctx.sync();
  });
}

async function addressOf(h: Harness, name: string): Promise<string> {
  let f = "";
  await h.run(async (ctx) => {
    const n = ctx.workbook.names.getItem(name).load("formula");
    await ctx.sync();
    f = String(n.formula);
  });
  return f.replace(/^=/, "").split("!")[1].replace(/\$/g, "");
}

/** A company's HPC and mining revenue by year (default 2026-2031), from src/core (not through the sheet). */
function expectedFigures(
  t: string,
  energized: number,
  jth: number,
  firstYear = 2026,
  years = 6,
): { hpc: number[]; mining: number[] } {
  const m = marketValues();
  const committed = effectiveDeals(DEALS)
    .filter((d) => d.ticker === t && (d.dealType === "lease" || d.dealType === "colocation"))
    .reduce((s, d) => s + (attributableMw(d) ?? 0), 0);
  const hpc = revenueByYear(scheduleContracts(t, "gross", DEALS).contracts, firstYear, years);
  const mining = hpc.map((_, i) => {
    const y = firstYear + i;
    const start = serialFromUtcDate(y, 1, 1);
    const path = hashpricePath({
      months: 12,
      btcUsd: m.btcUsd,
      networkEhs: m.networkEhs,
      feesBtcPerBlock: m.feesBtcPerBlock,
      btcGrowthYr: 0,
      hashrateGrowthYr: 0,
      startHeight: marketHeightOnDay(start),
      startSerial: start,
    });
    const hp = path.reduce((s, row) => s + (row[4] as number), 0) / path.length;
    const days = serialFromUtcDate(y + 1, 1, 1) - start;
    return ((Math.max(0, energized - committed) * 1000) / jth) * hp * days;
  });
  return { hpc, mining };
}

/** Types the undisclosed energized MW and J/TH of a ticker (TYPED), returning the values in use. */
async function typeUndisclosed(h: Harness, t: string): Promise<{ energized: number; jth: number }> {
  const energized = disclosed(t, "energized_mw") ?? TYPED.energizedMw;
  const jth = disclosed(t, "fleet_j_th") ?? TYPED.jth;
  if (disclosed(t, "energized_mw") === undefined) await typeAt(h, mixName(t, "ENERGIZED_MW"), energized);
  if (disclosed(t, "fleet_j_th") === undefined) await typeAt(h, mixName(t, "J_TH"), jth);
  return { energized, jth };
}

describe("Revenue mix sheet", () => {
  test("two companies' years equal the core's HPC revenue and hashprice-path mining revenue", async () => {
    const h = await newWorkbook();
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    // 3: find, write, then the chart's series once Excel has said which series it made (declared/charts.ts).
    expect(h.fake.syncCount).toBe(3);
    const sheet = r.sheetName;
    let minedSomewhere = false;
    for (const t of TICKERS) {
      const { energized, jth } = await typeUndisclosed(h, t);
      const committed = effectiveDeals(DEALS)
        .filter((d) => d.ticker === t && (d.dealType === "lease" || d.dealType === "colocation"))
        .reduce((s, d) => s + (attributableMw(d) ?? 0), 0);
      close(value(h, sheet, await addressOf(h, mixName(t, "COMMITTED_MW"))), committed, `${t} committed MW`);
      // attributable (× ownership share) contracted revenue by calendar year, from the core
      const { hpc, mining } = expectedFigures(t, energized, jth);
      for (let i = 0; i < 6; i++) {
        const y = 2026 + i;
        if (mining[i] > 0 && hpc[i] > 0) minedSomewhere = true;
        const row = await mixRow(h, sheet, t, i);
        close(value(h, sheet, cell(row, 1)), y, `${t} year ${i}`);
        close(value(h, sheet, cell(row, 2)), hpc[i], `${t} ${y} HPC`);
        close(value(h, sheet, cell(row, 3)), mining[i], `${t} ${y} mining`);
        close(value(h, sheet, cell(row, 4)), hpc[i] / (hpc[i] + mining[i]), `${t} ${y} share`);
      }
    }
    // the check is not vacuous: some company-year has both HPC and mining revenue
    expect(minedSomewhere).toBe(true);
  });

  test("the sector totals are the sums of the company rows, and the stacked-column chart shows them", async () => {
    const h = await newWorkbook();
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    const figures = [];
    for (const t of TICKERS) {
      const { energized, jth } = await typeUndisclosed(h, t);
      figures.push(expectedFigures(t, energized, jth));
    }
    const sector = await sectorRows(h, r.sheetName);
    expect(sector).toHaveLength(6);
    for (let i = 0; i < 6; i++) {
      const hpc = figures.reduce((s, f) => s + f.hpc[i], 0);
      const mining = figures.reduce((s, f) => s + f.mining[i], 0);
      const [label, y, sHpc, sMining, share, included, selected] = sector[i];
      expect([label, y, included, selected]).toEqual([`Year ${i + 1}`, 2026 + i, 2, 2]);
      close(sHpc, hpc, `sector ${2026 + i} HPC`);
      close(sMining, mining, `sector ${2026 + i} mining`);
      close(share, hpc / (hpc + mining), `sector ${2026 + i} share`);
    }
    // not vacuous: both kinds of revenue are in the totals
    expect(sector.some((row) => (row[2] as number) > 0 && (row[3] as number) > 0)).toBe(true);

    const charts = h.fake.workbook.charts;
    expect(charts.map((c) => [c.name, c.type, c.sheet.name])).toEqual([
      [SECTOR_CHART_NAME, "ColumnStacked", r.sheetName],
    ]);
    expect(charts[0].props["valueAxis.numberFormat"]).toBe(USD_M_BN);
    const data = h.fake.workbook.chartData(charts[0]);
    expect(data.categories).toEqual(sector.map((row) => String(row[1])));
    expect(data.series).toEqual([
      { name: "HPC revenue (gross)", values: sector.map((row) => row[2]) },
      { name: "Mining revenue", values: sector.map((row) => row[3]) },
    ]);
  });

  test("a company whose inputs are undisclosed is left out of the totals and counted, never a silent #N/A or zero", async () => {
    const h = await newWorkbook();
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    // As built, HUT's fleet J/TH and CIFR's energized MW are undisclosed: every mining cell is #N/A.
    expect(disclosed("HUT", "fleet_j_th")).toBeUndefined();
    expect(disclosed("CIFR", "energized_mw")).toBeUndefined();
    for (const row of await sectorRows(h, r.sheetName)) {
      expect(row.slice(2)).toEqual(["#N/A", "#N/A", "#N/A", 0, 2]);
    }
    // HUT's J/TH typed: HUT alone is in the totals, and the count says 1 of 2.
    const hut = await typeUndisclosed(h, "HUT");
    const f = expectedFigures("HUT", hut.energized, hut.jth);
    const sector = await sectorRows(h, r.sheetName);
    for (let i = 0; i < 6; i++) {
      expect(sector[i].slice(5)).toEqual([1, 2]);
      close(sector[i][2], f.hpc[i], `HUT-only ${2026 + i} HPC`);
      close(sector[i][3], f.mining[i], `HUT-only ${2026 + i} mining`);
      close(sector[i][4], f.hpc[i] / (f.hpc[i] + f.mining[i]), `HUT-only ${2026 + i} share`);
    }
  });

  test("a rebuild keeps a typed value, reports it, and takes three syncs", async () => {
    const h = await newWorkbook();
    await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    await typeAt(h, mixName("HUT", "COMMITTED_MW"), 123);
    const at = await addressOf(h, mixName("HUT", "COMMITTED_MW"));
    h.fake.resetSyncCount();
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    expect(h.fake.syncCount).toBe(3);
    expect(value(h, r.sheetName, at)).toBe(123);
    expect(r.kept.some((k) => k.endsWith(`!${at}`))).toBe(true);
  });

  test("a row inserted in the mix block is counted live; a rebuild then stops, naming the cell, and writes nothing", async () => {
    const h = await newWorkbook();
    const first = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    const sheet = first.sheetName;
    for (const t of TICKERS) await typeUndisclosed(h, t);
    const before = await sectorRows(h, sheet);
    // The user inserts a company-year of their own inside the mix block (between HUT's first and second year).
    const at = (await mixRow(h, sheet, "HUT", 1)) + 1; // 1-based row of HUT's second year
    await h.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.getRange(`${at}:${at}`).insert("Down");
      ws.getRange(`A${at}:D${at}`).values = [["OTHER", 2026, 1e8, 3e8]];
      await ctx.sync();
    });
    // the names span the inserted row (Excel grows them), so the totals count it at once
    const after = await sectorRows(h, sheet);
    close(after[0][2], (before[0][2] as number) + 1e8, "2026 HPC with the user's row");
    close(after[0][3], (before[0][3] as number) + 3e8, "2026 mining with the user's row");
    expect(after[0].slice(5)).toEqual([3, 3]);
    // the mix block's rows move on a rebuild, so a row inside it stops the write: nothing is lost
    const snapshot = await usedValues(h, sheet);
    await expect(buildRevenueMix(TICKERS, { run: h.run, deals: DEALS })).rejects.toThrow(
      `A${at} should read "HUT" (rows were inserted, deleted or edited inside the mix block). Nothing was written`,
    );
    expect(await usedValues(h, sheet)).toEqual(snapshot);
  });

  test("a rebuild keeps the user's sector cell and chart title and updates the chart in place", async () => {
    const h = await newWorkbook();
    const first = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    const sheet = first.sheetName;
    const chartId = h.fake.workbook.charts[0].id;
    const shareAt = cell(await sectorRow(h, sheet, 5), 4);
    await h.run(async (ctx) => {
      const ws = ctx.workbook.worksheets.getItem(sheet);
      ws.charts.getItem(SECTOR_CHART_NAME).title.text = "My mix";
      ws.getRange(shareAt).values = [[0.5]];
      await ctx.sync();
    });
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    expect(r.kept).toEqual([`'${sheet}'!${shareAt}`]);
    expect(value(h, sheet, shareAt)).toBe(0.5);
    expect(h.fake.workbook.charts.map((c) => [c.id, c.title])).toEqual([[chartId, "My mix"]]);
  });

  test("the typed number of years takes effect on a rebuild: 6 → 8 → 4 rows a company and a year, each in place", async () => {
    const h = await newWorkbook();
    const first = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    const sheet = first.sheetName;
    const typed = new Map<string, { energized: number; jth: number }>();
    for (const t of TICKERS) typed.set(t, await typeUndisclosed(h, t));
    const typedAt = async (): Promise<string[]> =>
      [await addressOf(h, mixName("HUT", "J_TH")), await addressOf(h, mixName("CIFR", "ENERGIZED_MW"))]
        .map((a) => `'${sheet}'!${a}`)
        .sort();
    for (const years of [8, 4]) {
      await typeAt(h, MIX_YEARS_NAME, years);
      h.fake.resetSyncCount();
      const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
      expect(h.fake.syncCount).toBe(3);
      // only the user's typed inputs are kept: no add-in cell of one row counts as kept for another's content
      expect([...r.kept].sort()).toEqual(await typedAt());
      expect(r.notices.filter((n) => !n.startsWith("Kept your value"))).toEqual([]);
      await expectSheet(h, sheet, TICKERS, typed, years);
    }
  });

  test("companies 2 → 4 → 1: a user's edit moves with its company-year and is named; a company holding edits is kept until cleared", async () => {
    const h = await newWorkbook();
    const first = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    const sheet = first.sheetName;
    const typed = new Map<string, { energized: number; jth: number }>();
    for (const t of TICKERS) typed.set(t, await typeUndisclosed(h, t));
    // The analyst types over CIFR's 2027 HPC revenue.
    const editAt = async (): Promise<string> => cell(await mixRow(h, sheet, "CIFR", 1), 2);
    const before = await editAt();
    await h.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(sheet).getRange(before).values = [[5e8]];
      await ctx.sync();
    });
    const overrides = new Map([["CIFR/1", 5e8]]);
    const keptOf = async (tickers: string[]): Promise<string[]> => {
      const out = [await editAt()];
      if (tickers.includes("HUT")) out.push(await addressOf(h, mixName("HUT", "J_TH")));
      out.push(await addressOf(h, mixName("CIFR", "ENERGIZED_MW")));
      return out.map((a) => `'${sheet}'!${a}`).sort();
    };

    const four = [...TICKERS, "WULF", "IREN"];
    h.fake.resetSyncCount();
    let r = await buildRevenueMix(four, { run: h.run, deals: DEALS });
    expect(h.fake.syncCount).toBe(3);
    const moved = await editAt();
    expect(moved).not.toBe(before); // the mix block moved down under the two new companies
    expect(value(h, sheet, moved)).toBe(5e8);
    expect(String(formulas(h, sheet, before)[0][0])).toMatch(/^=INDEX\(PIVOT\.HPC_REVENUE_SCHEDULE\("HUT"/);
    expect([...r.kept].sort()).toEqual(await keptOf(four));
    // WULF and IREN's energized MW are undisclosed: shown, counted as selected, left out of the totals
    await expectSheet(h, sheet, four, typed, 6, overrides);

    // Down to CIFR alone: HUT holds the user's typed J/TH, so it stays (reported); WULF and IREN go.
    r = await buildRevenueMix(["CIFR"], { run: h.run, deals: DEALS });
    expect(r.notices).toContain(
      "Kept HUT on the sheet although not selected: cells you changed are in its rows. Clear those cells and build again to drop it.",
    );
    expect([...r.kept].sort()).toEqual(await keptOf(["CIFR", "HUT"]));
    await expectSheet(h, sheet, ["CIFR", "HUT"], typed, 6, overrides);

    // The user clears HUT's typed J/TH: the next build drops HUT and clears its rows.
    await h.run(async (ctx) => {
      ctx.workbook.names.getItem(mixName("HUT", "J_TH")).getRange().clear("Contents");
      await ctx.sync();
    });
    typed.delete("HUT");
    h.fake.resetSyncCount();
    r = await buildRevenueMix(["CIFR"], { run: h.run, deals: DEALS });
    expect(h.fake.syncCount).toBe(3);
    expect([...r.kept].sort()).toEqual(await keptOf(["CIFR"]));
    await expectSheet(h, sheet, ["CIFR"], typed, 6, overrides);
    // the names of the companies no longer on the sheet are gone (they would point at other rows)
    expect(
      h.fake.workbook.names
        .map((n) => n.name)
        .filter((n) => /^PIVOT_MIX_\w+_(ENERGIZED_MW|COMMITTED_MW|J_TH)$/.test(n)),
    ).toEqual(["CIFR_ENERGIZED_MW", "CIFR_COMMITTED_MW", "CIFR_J_TH"].map((n) => `PIVOT_MIX_${n}`));
  });

  test("a number of years that is not a whole number from 1 to 100 keeps the rows as they are and says so", async () => {
    const h = await newWorkbook();
    const first = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    await typeAt(h, MIX_YEARS_NAME, 2.5);
    const at = await addressOf(h, MIX_YEARS_NAME);
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    expect(r.notices).toContain(
      `The Number of years cell (${at}) holds 2.5, not a whole number from 1 to 100, so the rows were laid out for 6 years.`,
    );
    expect(await sectorRows(h, first.sheetName)).toHaveLength(6);
    // an explicit option wins over the sheet's cell
    await typeAt(h, MIX_YEARS_NAME, 3);
    await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS, years: 5 });
    expect(await sectorRows(h, first.sheetName)).toHaveLength(5);
  });

  test("a sheet an older version wrote in place (memory without layouts) grows on its first rebuild", async () => {
    const h = await newWorkbook();
    const first = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    const typed = new Map<string, { energized: number; jth: number }>();
    for (const t of TICKERS) typed.set(t, await typeUndisclosed(h, t));
    await h.run(async (ctx) => {
      const s = ctx.workbook.settings.getItem(memoryKey("REVENUE_MIX")).load("value");
      await ctx.sync();
      const { v, cells, layouts } = s.value as { v: number; cells: object; layouts?: object };
      expect(Object.keys(layouts ?? {}).sort()).toEqual(["companies", "mix", "sector"]);
      ctx.workbook.settings.add(memoryKey("REVENUE_MIX"), { v, cells });
      await ctx.sync();
    });
    await typeAt(h, MIX_YEARS_NAME, 7);
    const r = await buildRevenueMix([...TICKERS, "WULF"], { run: h.run, deals: DEALS });
    expect(r.kept).toHaveLength(2); // the typed HUT J/TH and CIFR energized MW
    await expectSheet(h, first.sheetName, [...TICKERS, "WULF"], typed, 7);
  });

  test("a sheet built before the sector totals existed takes them in on a rebuild, its companies moving down", async () => {
    const h = await newWorkbook();
    // As that version wrote it: no sector block, the rows in place, a memory without layouts.
    const input = { tickers: TICKERS, firstYear: 2026, years: 6, deals: DEALS };
    const older: SheetDecl<typeof input> = {
      ...REVENUE_MIX_DECL,
      blocks: REVENUE_MIX_DECL.blocks.filter((b) => typeof b.block !== "function" && b.block.id !== "sector"),
      charts: undefined,
    };
    const w = await writeDeclaredSheet(older, input, { run: h.run, what: "older" });
    await h.run(async (ctx) => {
      const s = ctx.workbook.settings.getItem(memoryKey("REVENUE_MIX")).load("value");
      await ctx.sync();
      const { v, cells } = s.value as { v: number; cells: object };
      ctx.workbook.settings.add(memoryKey("REVENUE_MIX"), { v, cells });
      await ctx.sync();
    });
    // the user's value in CIFR's committed MW (found by its text, as the older build had no names)
    const cifr = w.places.get("companies")?.rows.get("CIFR") as number;
    await h.run(async (ctx) => {
      ctx.workbook.worksheets.getItem(w.sheetName).getRange(cell(cifr, 2)).values = [[42]];
      await ctx.sync();
    });
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    expect(r.sheetName).toBe(w.sheetName);
    const at = await addressOf(h, mixName("CIFR", "COMMITTED_MW"));
    expect(r.kept).toEqual([`'${w.sheetName}'!${at}`]);
    expect(value(h, w.sheetName, at)).toBe(42);
    expect(Number(at.slice(1)) - 1).toBeGreaterThan(cifr); // moved down under the new totals
    await expectSheet(h, w.sheetName, TICKERS, new Map(), 6);
  });

  test("a rebuild with one more company adds its rows below and counts it in the totals", async () => {
    const h = await newWorkbook();
    await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    const chartId = h.fake.workbook.charts[0].id;
    const more = [...TICKERS, "WULF"];
    const r = await buildRevenueMix(more, { run: h.run, deals: DEALS });
    expect(r.kept).toEqual([]);
    const figures = [];
    for (const t of more) {
      const { energized, jth } = await typeUndisclosed(h, t);
      figures.push(expectedFigures(t, energized, jth));
    }
    const sector = await sectorRows(h, r.sheetName);
    expect(sector).toHaveLength(6);
    for (let i = 0; i < 6; i++) {
      expect(sector[i].slice(5)).toEqual([3, 3]);
      close(
        sector[i][2],
        figures.reduce((s, f) => s + f.hpc[i], 0),
        `3-company ${2026 + i} HPC`,
      );
      close(
        sector[i][3],
        figures.reduce((s, f) => s + f.mining[i], 0),
        `3-company ${2026 + i} mining`,
      );
    }
    const wulfLast = (await mixRow(h, r.sheetName, "WULF", 5)) + 1;
    expect((await addressOf(h, MIX_ROWS_NAMES.hpc)).endsWith(`:C${wulfLast}`)).toBe(true);
    expect(h.fake.workbook.charts.map((c) => c.id)).toEqual([chartId]);
  });
});

/**
 * The sheet as it should be for these companies (in order) and years from 2026: each company's
 * rows in place with the core's figures (where its inputs are typed; `overrides` the user's HPC
 * values by "TICKER/i"), nothing else in the mix block or below it, the sector totals equal to
 * the sums over the typed companies, the names over the mix rows, the chart over the totals.
 */
async function expectSheet(
  h: Harness,
  sheet: string,
  tickers: readonly string[],
  typed: ReadonlyMap<string, { energized: number; jth: number }>,
  years: number,
  overrides: ReadonlyMap<string, number> = new Map(),
): Promise<void> {
  const rows = await usedValues(h, sheet);
  const header = rows.findIndex((r) => r[0] === "Company" && r[1] === "Year");
  const below = rows.slice(header + 1).filter((r) => r.some((v) => v !== ""));
  expect(below.map((r) => [r[0], r[1]])).toEqual(
    tickers.flatMap((t) => Array.from({ length: years }, (_, i) => [t, 2026 + i])),
  );
  const hpcSum = new Array<number>(years).fill(0);
  const miningSum = new Array<number>(years).fill(0);
  tickers.forEach((t, k) => {
    const inputs = typed.get(t);
    const f = inputs === undefined ? undefined : expectedFigures(t, inputs.energized, inputs.jth, 2026, years);
    for (let i = 0; i < years; i++) {
      const [, , hpc, mining] = below[k * years + i];
      const want = overrides.get(`${t}/${i}`) ?? f?.hpc[i];
      if (f === undefined || want === undefined) {
        expect([t, i, mining]).toEqual([t, i, "#N/A"]);
        continue;
      }
      close(hpc, want, `${t} ${2026 + i} HPC`);
      close(mining, f.mining[i], `${t} ${2026 + i} mining`);
      hpcSum[i] += want;
      miningSum[i] += f.mining[i];
    }
  });
  const sector = await sectorRows(h, sheet);
  expect(sector.map((r) => [r[0], r[1], r[5], r[6]])).toEqual(
    Array.from({ length: years }, (_, i) => [`Year ${i + 1}`, 2026 + i, typed.size, tickers.length]),
  );
  for (let i = 0; i < years; i++) {
    // none included: #N/A, never a silent zero
    if (typed.size === 0) expect(sector[i].slice(2, 5)).toEqual(["#N/A", "#N/A", "#N/A"]);
    if (typed.size === 0) continue;
    close(sector[i][2], hpcSum[i], `sector ${2026 + i} HPC`);
    close(sector[i][3], miningSum[i], `sector ${2026 + i} mining`);
  }
  const firstMix = header + 2;
  const lastMix = header + 1 + tickers.length * years;
  // Styles follow the rows: headers bold, the companies' inputs blue, nothing else bold or blue
  // (a row now where a header or an input row was, or a row cleared below the block).
  const wb = h.fake.workbook;
  const style = (row: number, col: number): string => {
    const ref = wb.resolve(cell(row, col), wb.sheet(sheet));
    return `${wb.formatOf(ref, "bold") === true ? "bold" : ""}${wb.formatOf(ref, "fontColor") === "#0000FF" ? "blue" : ""}`;
  };
  const companiesHeader = rows.findIndex((r) => r[0] === "Company" && r[1] === "Energized MW");
  const sectorHeader = rows.findIndex((r) => r[0] === "Sector total");
  const want: string[] = [];
  const got: string[] = [];
  for (let row = sectorHeader; row < lastMix + 10; row++)
    for (let col = 0; col < 7; col++) {
      const isHeader = (row === sectorHeader || row === companiesHeader || row === header) && rows[row]?.[col] !== "";
      const isInput = row > companiesHeader && row <= companiesHeader + tickers.length && col >= 1 && col <= 3;
      want.push(`${cell(row, col)}:${isHeader ? "bold" : isInput ? "blue" : ""}`);
      got.push(`${cell(row, col)}:${style(row, col)}`);
    }
  expect(got).toEqual(want);
  expect(await addressOf(h, MIX_ROWS_NAMES.hpc)).toBe(`C${firstMix}:C${lastMix}`);
  const data = h.fake.workbook.chartData(h.fake.workbook.charts[0]);
  expect(data.categories).toEqual(sector.map((r) => String(r[1])));
  expect(data.series.map((x) => x.values)).toEqual([sector.map((r) => r[2]), sector.map((r) => r[3])]);
}

/** Zero-based sheet row of the i-th year row of a ticker in the mix block (below the companies block). */
async function mixRow(h: Harness, sheet: string, ticker: string, i: number): Promise<number> {
  let rows: unknown[][] = [];
  await h.run(async (ctx) => {
    const u = ctx.workbook.worksheets.getItem(sheet).getUsedRange().load("values");
    await ctx.sync();
    rows = u.values as unknown[][];
  });
  const header = rows.findIndex((r) => r[0] === "Company" && r[1] === "Year");
  const hits = rows.map((r, k) => ({ r, k })).filter(({ r, k }) => k > header && r[0] === ticker);
  return hits[i].k;
}

/** Zero-based sheet row of the i-th sector total row (below the "Sector total" header). */
async function sectorRow(h: Harness, sheet: string, i: number): Promise<number> {
  const rows = await usedValues(h, sheet);
  const header = rows.findIndex((r) => r[0] === "Sector total");
  expect(header).toBeGreaterThan(0);
  return header + 1 + i;
}

/** The sector total rows' values: label, year, HPC, mining, share, included, selected. */
async function sectorRows(h: Harness, sheet: string): Promise<unknown[][]> {
  const rows = await usedValues(h, sheet);
  const header = rows.findIndex((r) => r[0] === "Sector total");
  expect(header).toBeGreaterThan(0);
  return rows.slice(header + 1).filter((r) => typeof r[0] === "string" && r[0].startsWith("Year "));
}

async function usedValues(h: Harness, sheet: string): Promise<unknown[][]> {
  let rows: unknown[][] = [];
  await h.run(async (ctx) => {
    const u = ctx.workbook.worksheets.getItem(sheet).getUsedRange().load("values");
    await ctx.sync();
    rows = u.values as unknown[][];
  });
  return rows;
}
