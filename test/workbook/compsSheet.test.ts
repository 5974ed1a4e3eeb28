/** The Comps writer: layout of live formulas, analyst cells kept through rebuilds, chart, syncs. */
import { companyStore } from "../../src/companies/store";
import { bundledDataset } from "../../src/deals/dataset";
import { clearFeed, setFeed } from "../../src/deals/store";
import { cell } from "../../src/workbook/a1";
import { COMPS_ROWS, buildComps, compsRow } from "../../src/workbook/compsSheet";
import { WorkbookError } from "../../src/workbook/errors";
import {
  dump,
  formulas,
  forbidConsoleErrors,
  newWorkbook,
  syntheticDeals,
  value,
  values,
  type Harness,
} from "./fakeExcel";

const DEALS = bundledDataset().deals;
forbidConsoleErrors();
afterEach(() => clearFeed());

const at = (key: string, col: number): string => cell(compsRow(key), col);
const C = 2; // first company column (C)

async function type(h: Harness, cells: Record<string, unknown>): Promise<void> {
  await h.run(async (ctx) => {
    const s = ctx.workbook.worksheets.getItem("Comps");
    for (const [a1, v] of Object.entries(cells)) s.getRange(a1).values = [[v]];
    await ctx.sync();
  });
}

describe("first build", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await newWorkbook();
    h.fake.resetSyncCount();
    const r = await buildComps(["HUT", "iren", "Cipher Mining"], DEALS, { run: h.run });
    // 3: find, write, then the charts' series once Excel has said which series it made (declared/charts.ts).
    expect(h.fake.syncCount).toBe(3);
    expect(r).toEqual(expect.objectContaining({ sheetName: "Comps", created: true, keptCompanies: [], notices: [] }));
    expect(r.companies.map((c) => c.ticker)).toEqual(["HUT", "IREN", "CIFR"]);
  });

  test("labels, companies and tickers", () => {
    expect(values(h, "Comps", `A1:A${COMPS_ROWS.length}`).flat()).toEqual(COMPS_ROWS.map((r) => r.label));
    expect(values(h, "Comps", "B4:E5")).toEqual([
      ["Defaults", "Hut 8", "IREN", "Cipher Mining"],
      ["", "HUT", "IREN", "CIFR"],
    ]);
  });

  test("every number in a company column is a formula; hashprice and BTC price come from PIVOT.MARKET", () => {
    for (const spec of COMPS_ROWS) {
      if (spec.kind !== "assumption" && spec.kind !== "metric") continue;
      if (spec.key === "chartHeader") continue;
      for (let c = C; c < C + 3; c++) {
        const f = formulas(h, "Comps", at(spec.key, c))[0][0];
        expect({ row: spec.key, col: c, formula: typeof f === "string" && f.startsWith("=") }).toEqual({
          row: spec.key,
          col: c,
          formula: true,
        });
      }
    }
    expect(formulas(h, "Comps", at("hashprice", 1))[0][0]).toBe('=PIVOT.MARKET("hashprice_usd_ph_day")');
    expect(formulas(h, "Comps", at("btcPriceBase", 1))[0][0]).toBe('=PIVOT.MARKET("btc_usd")');
    expect(value(h, "Comps", at("btcPrice", 1))).toBe(value(h, "Comps", at("btcPriceBase", 1)));
    expect(formulas(h, "Comps", at("discount", C))[0][0]).toBe(`=$B$${compsRow("discount") + 1}`);
    expect(typeof value(h, "Comps", at("hashprice", C))).toBe("number");
  });

  test("contracted MW and value are the company's leases; IREN's GPU cloud deal is an other contract", () => {
    // Cipher: Barber Lake restated, 168 + 39 MW; AWS states 300 MW of gross capacity, not critical IT, so adds none.
    expect(values(h, "Comps", `${at("mw", C)}:${at("mw", C + 2)}`)[0]).toEqual([245 + 352, 0, 168 + 39]);
    expect(values(h, "Comps", `${at("value", C)}:${at("value", C + 2)}`)[0]).toEqual([
      7e9 + 9.8e9,
      0,
      3e9 + 830e6 + 5.5e9,
    ]);
    expect(value(h, "Comps", at("other", C + 1))).toBe(9.7e9 + 3.4e9);
    expect(value(h, "Comps", at("npvPerMw", C + 1))).toBe("");
    expect(value(h, "Comps", at("ratio", C + 1))).toBe("");
    expect(value(h, "Comps", at("missing", C))).toBe(0);
  });

  test("fundamentals are pre-filled as PIVOT.COMPANY formulas, styled as inputs; the share price is yours", () => {
    const s = h.fake.workbook.sheet("Comps");
    expect(formulas(h, "Comps", at("shares", C))[0][0]).toBe(
      '=IFERROR(PIVOT.COMPANY(C$5,"shares_diluted"),PIVOT.COMPANY(C$5,"shares_outstanding"))',
    );
    expect(formulas(h, "Comps", at("cash", C + 2))[0][0]).toBe('=PIVOT.COMPANY(E$5,"cash_usd")');
    // Hut 8's release gives its BTC held (16,331) and energized MW (1,020); its debt is not in the sources held.
    expect(value(h, "Comps", at("btcHeld", C))).toBe(16331);
    expect(value(h, "Comps", at("energizedMw", C))).toBe(1020);
    expect(value(h, "Comps", at("debt", C))).toBe("#N/A");
    for (const key of ["shares", "cash", "debt", "btcHeld", "energizedMw", "fleetJTh", "powerUsdKwh", "sharePrice"]) {
      const ref = h.fake.workbook.resolve(`${at(key, C)}:${at(key, C + 2)}`, s);
      expect([h.fake.workbook.formatOf(ref, "fill"), h.fake.workbook.formatOf(ref, "fontColor")]).toEqual([
        "#FFF2CC",
        "#0000FF",
      ]);
    }
    expect(values(h, "Comps", `${at("sharePrice", C)}:${at("sharePrice", C + 2)}`)[0]).toEqual(["", "", ""]);
    // No silent zero: the value per share waits (#N/A) for the undisclosed figures, the upside for your price.
    expect(values(h, "Comps", `${at("perShare", C)}:${at("perShare", C + 2)}`)[0]).toEqual(["#N/A", "#N/A", "#N/A"]);
    expect(values(h, "Comps", `${at("upside", C)}:${at("upside", C + 2)}`)[0]).toEqual(["", "", ""]);
  });

  test("mining uses the company's own fleet efficiency and power where disclosed, column B's elsewhere, and says which", () => {
    // Cipher discloses 16.8 J/TH (its 10-Q); Hut 8 and IREN no fleet figure in the sources held.
    expect(values(h, "Comps", `${at("efficiency", C)}:${at("efficiency", C + 2)}`)[0]).toEqual([20, 20, 16.8]);
    expect(value(h, "Comps", at("fleetUsed", C + 2))).toBe("company J/TH; column B power (undisclosed)");
    expect(value(h, "Comps", at("fleetUsed", C))).toBe("column B J/TH (undisclosed); column B power (undisclosed)");
  });

  test("two native charts: value by part (stacked) and contracted rent against break-even rent", () => {
    expect(h.fake.workbook.charts).toHaveLength(2);
    const [parts, rent] = h.fake.workbook.charts;
    expect([parts.name, parts.type, parts.sheet.name]).toEqual(["PivotLens value by part", "ColumnStacked", "Comps"]);
    const data = h.fake.workbook.chartData(parts);
    expect(data.categories).toEqual(["HUT", "IREN", "CIFR"]);
    expect(data.series.map((x) => x.name)).toEqual(["HPC lease NPV", "Mining", "BTC held", "Minus net debt"]);
    expect([rent.name, rent.type]).toEqual(["PivotLens rent vs break-even", "ColumnClustered"]);
    const r = h.fake.workbook.chartData(rent);
    expect(r.series.map((x) => x.name)).toEqual(["Contracted rent USD/kW/month", "Pivot break-even rent USD/kW/month"]);
    expect(r.series[0].values).toEqual(values(h, "Comps", `${at("rent", C)}:${at("rent", C + 2)}`)[0]);
    expect(r.series[1].values).toEqual(values(h, "Comps", `${at("breakeven", C)}:${at("breakeven", C + 2)}`)[0]);
  });
});

describe("rebuild", () => {
  test("building twice gives the same workbook, in three syncs", async () => {
    const h = await newWorkbook();
    await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
    const before = dump(h);
    h.fake.resetSyncCount();
    await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
    expect(h.fake.syncCount).toBe(3);
    expect(dump(h)).toEqual(before);
  });

  test("the analyst's inputs and overrides stay with their company; a dropped company with them is kept", async () => {
    const h = await newWorkbook();
    await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
    await type(h, {
      [at("shares", C)]: 100e6,
      [at("cash", C)]: 2e8,
      [at("debt", C)]: 1.2e9,
      [at("btcHeld", C)]: 10000,
      [at("discount", C + 1)]: 0.1,
    });
    const npv = value(h, "Comps", at("npv", C)) as number;
    const mining = value(h, "Comps", at("miningValue", C)) as number;
    const price = value(h, "Comps", at("btcPrice", C)) as number;
    const perShare = (npv + mining + 10000 * price - 1e9) / 100e6;
    expect(value(h, "Comps", at("perShare", C))).toBeCloseTo(perShare, 9);

    // New order: CIFR first, APLD added. HUT's inputs and CIFR's discount rate follow their tickers.
    const moved = await buildComps(["CIFR", "APLD", "HUT"], DEALS, { run: h.run });
    expect(values(h, "Comps", "C5:E5")[0]).toEqual(["CIFR", "APLD", "HUT"]);
    expect(values(h, "Comps", `${at("shares", C + 2)}:${at("btcHeld", C + 2)}`).flat()).toEqual([
      100e6, 2e8, 1.2e9, 10000,
    ]);
    expect(moved.kept).toEqual(
      expect.arrayContaining([
        `Comps!${at("discount", C)}`,
        ...["shares", "cash", "debt", "btcHeld"].map((k) => `Comps!${at(k, C + 2)}`),
      ]),
    );
    expect(moved.notices.join(" ")).toMatch(new RegExp(`Kept your value in Comps!${at("discount", C)}`));
    // CIFR's and APLD's fundamentals are PIVOT.COMPANY formulas again, not HUT's typed values.
    expect(formulas(h, "Comps", at("cash", C))[0][0]).toBe('=PIVOT.COMPANY(C$5,"cash_usd")');
    expect(value(h, "Comps", at("discount", C))).toBe(0.1);
    expect(formulas(h, "Comps", at("discount", C + 1))[0][0]).toBe(`=$B$${compsRow("discount") + 1}`);
    expect(value(h, "Comps", at("perShare", C + 2))).toBeCloseTo(perShare, 9);

    // Only APLD selected: HUT and CIFR hold the analyst's cells, so their columns stay.
    const r = await buildComps(["APLD"], DEALS, { run: h.run });
    expect(r.keptCompanies).toEqual(["CIFR", "HUT"]);
    expect(r.notices.join(" ")).toMatch(/Kept CIFR, HUT although not selected/);
    expect(values(h, "Comps", "C5:F5")[0]).toEqual(["APLD", "CIFR", "HUT", ""]);
    expect(value(h, "Comps", at("shares", C + 2))).toBe(100e6);
  });

  test("a company's own formula override moves with its column", async () => {
    const h = await newWorkbook();
    await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
    await h.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Comps").getRange(at("power", C + 1)).formulas = [[`=${at("power", C)}+0.01`]];
      await ctx.sync();
    });
    await buildComps(["WULF", "HUT", "CIFR"], DEALS, { run: h.run });
    expect(formulas(h, "Comps", at("power", C + 2))[0][0]).toBe(`=${at("power", C + 1)}+0.01`);
    expect(value(h, "Comps", at("power", C + 2))).toBeCloseTo(0.06, 12);
  });

  test("the analyst's content is never overwritten: beside the block, or where it would grow", async () => {
    const h = await newWorkbook();
    await buildComps(["RIOT"], DEALS, { run: h.run });
    // Next to the only company column: not the comps' cell, so a rebuild leaves it alone...
    await type(h, { D40: "my note" });
    const same = await buildComps(["RIOT"], DEALS, { run: h.run });
    expect(value(h, "Comps", "D40")).toBe("my note");
    expect(same.kept).toEqual([]);
    // ...and a second company, whose column would cover it, stops the build with nothing written.
    const before = dump(h);
    const err = await buildComps(["RIOT", "HUT"], DEALS, { run: h.run }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect(err).toMatchObject({
      kind: "layout",
      message: expect.stringMatching(/D40 holds content the add-in did not write.*Nothing was written/),
    });
    expect(dump(h)).toEqual(before);
    // Below the deal detail, where more deals would need the rows.
    await type(h, { D40: "" });
    const rows = compsRow("detail") + 3;
    await type(h, { [`A${rows + 2}`]: "below" });
    const grown = await buildComps(["RIOT", "HUT"], DEALS, { run: h.run }).catch((e: unknown) => e);
    expect(grown).toMatchObject({
      kind: "layout",
      message: expect.stringMatching(new RegExp(`A${rows + 2} holds content the add-in did not write`)),
    });
    expect(value(h, "Comps", `A${rows + 2}`)).toBe("below");
  });

  test("a metric the analyst typed over is kept with its company", async () => {
    const h = await newWorkbook();
    await buildComps(["HUT", "RIOT"], DEALS, { run: h.run });
    await type(h, { [at("npv", C + 1)]: 123 });
    await buildComps(["RIOT", "HUT"], DEALS, { run: h.run });
    expect(value(h, "Comps", at("npv", C))).toBe(123);
    expect(formulas(h, "Comps", at("npv", C + 1))[0][0]).toMatch(/^=IF\(SUMIFS/);
  });

  test("every bundled company (13) builds in 3 syncs and rebuilds in 3", async () => {
    const tickers = companyStore().current.map((c) => c.ticker);
    expect(tickers).toHaveLength(13);
    const h = await newWorkbook();
    h.fake.resetSyncCount();
    await buildComps(tickers, DEALS, { run: h.run });
    const first = h.fake.syncCount;
    h.fake.resetSyncCount();
    await buildComps(tickers, DEALS, { run: h.run });
    expect([first, h.fake.syncCount]).toEqual([3, 3]);
  });

  test("the sync count does not depend on the number of deals (20 and 2,000)", async () => {
    const counts: number[][] = [];
    for (const n of [20, 2000]) {
      const list = syntheticDeals(n);
      setFeed(list, {
        url: "https://example.com/f",
        fetchedAt: "2026-01-01T00:00:00Z",
        format: "json",
        rowCount: n,
        loadedCount: n,
        issues: [],
      });
      const h = await newWorkbook();
      h.fake.resetSyncCount();
      await buildComps(["AAA", "BBB", "CCC", "DDD"], list, { run: h.run });
      const first = h.fake.syncCount;
      h.fake.resetSyncCount();
      await buildComps(["AAA", "BBB", "CCC", "DDD"], list, { run: h.run });
      counts.push([first, h.fake.syncCount]);
      expect(value(h, "Comps", at("missing", C))).toBe(0);
    }
    expect(counts).toEqual([
      [3, 3],
      [3, 3],
    ]);
  }, 180_000);
});

describe("protection and errors", () => {
  test('a user sheet named "Comps" is left alone', async () => {
    const h = await newWorkbook(["Comps"]);
    await type(h, { A1: "mine" });
    const r = await buildComps(["HUT"], DEALS, { run: h.run });
    expect(r.sheetName).toBe("Comps (PivotLens)");
    expect(r.renamedBecause).toMatch(/"Comps" already exists/);
    expect(h.fake.workbook.snapshot(h.fake.workbook.sheet("Comps"))).toEqual({ A1: "mine" });
  });

  test("no company or an unknown one is an input error", async () => {
    const h = await newWorkbook();
    await expect(buildComps([], DEALS, { run: h.run })).rejects.toMatchObject({
      kind: "input",
      action: expect.stringMatching(/Pick at least one company/),
    });
    await expect(buildComps(["NOPE"], DEALS, { run: h.run })).rejects.toMatchObject({
      kind: "input",
      message: expect.stringMatching(/"NOPE" is not a company in the deal list or the company data/),
    });
    expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });
});
