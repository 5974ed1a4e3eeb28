/* eslint-disable office-addins/load-object-before-read, office-addins/call-sync-before-read, office-addins/call-sync-after-load --
   these tests read unloaded properties on purpose, to check that the fake throws as Excel does. */
/**
 * The fake Excel object model: batching, load/sync rules, and the behaviours the workbook
 * writers depend on, as Excel documents them.
 */
import { createFakeExcel, type FakeExcel } from "../../src/preview/excel";
import { associateFromSource } from "../../src/preview/engine/fromSource";
import type { FunctionsMetadata } from "../../src/preview/engine/metadata";

let metadata: FunctionsMetadata;
let fake: FakeExcel;
let restore: () => void;

beforeAll(async () => {
  metadata = await associateFromSource();
});
beforeEach(() => {
  fake = createFakeExcel({ metadata });
  restore = fake.install();
});
afterEach(() => {
  restore();
  fake.destroy();
});

const sheet1 = (): ReturnType<FakeExcel["workbook"]["sheet"]> => fake.workbook.sheet("Sheet1");

describe("batching and loading", () => {
  it("applies queued writes at sync, not before", async () => {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1:B1").values = [[1, 2]];
      expect(fake.workbook.snapshot(sheet1())).toEqual({});
      await context.sync();
      expect(fake.workbook.snapshot(sheet1())).toEqual({ A1: 1, B1: 2 });
    });
  });

  it("throws PropertyNotLoaded for a property read before load and sync", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      expect(() => range.values).toThrow(/The property 'values' is not available/);
      range.load("values");
      expect(() => range.values).toThrow(expect.objectContaining({ code: "PropertyNotLoaded" }));
      await context.sync();
      expect(range.values).toEqual([[""]]);
      expect(() => range.formulas).toThrow(/'formulas' is not available/);
    });
  });

  it("a property that was set reads back what was set", async () => {
    await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      range.values = [[5]];
      expect(range.values).toEqual([[5]]);
      await context.sync();
    });
  });

  it("an object added in a batch is usable in the same batch and after its sync", async () => {
    await Excel.run(async (context) => {
      const sheet = context.workbook.worksheets.add("Deals");
      sheet.getRange("A1").values = [["x"]];
      await context.sync();
      sheet.getRange("B1").formulas = [['=A1&"y"']];
      const b1 = sheet.getRange("B1").load("values");
      sheet.load("name, position");
      await context.sync();
      expect(b1.values).toEqual([["xy"]]);
      expect([sheet.name, sheet.position]).toEqual(["Deals", 1]);
    });
  });

  it("isNullObject is known only after a sync", async () => {
    await Excel.run(async (context) => {
      const missing = context.workbook.worksheets.getItemOrNullObject("Nope");
      const present = context.workbook.worksheets.getItemOrNullObject("sheet1");
      expect(() => missing.isNullObject).toThrow(/isNullObject/);
      await context.sync();
      expect(missing.isNullObject).toBe(true);
      expect(present.isNullObject).toBe(false);
    });
  });

  it("a failing operation rejects the sync with Excel's error code; earlier operations stay", async () => {
    await expect(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
        context.workbook.worksheets.getItem("Missing").getRange("A1").values = [[2]];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemNotFound", name: "RichApi.Error" });
    expect(fake.workbook.snapshot(sheet1())).toEqual({ A1: 1 });
  });

  it("rejects a values array whose shape differs from the range", async () => {
    await expect(
      Excel.run(async (context) => {
        context.workbook.worksheets.getItem("Sheet1").getRange("A1:B2").values = [[1, 2]];
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("counts syncs, and Excel.run syncs what is still queued", async () => {
    fake.resetSyncCount();
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [[1]];
      await context.sync();
      context.workbook.worksheets.getItem("Sheet1").getRange("A2").values = [[2]];
    });
    expect(fake.syncCount).toBe(2);
    expect(fake.workbook.snapshot(sheet1())).toEqual({ A1: 1, A2: 2 });
  });

  it("objects of an ended Excel.run cannot be used", async () => {
    let leaked: Excel.Range | undefined;
    await Excel.run(async (context) => {
      leaked = context.workbook.worksheets.getItem("Sheet1").getRange("A1");
      await context.sync();
    });
    expect(() => leaked!.load("values")).toThrow(expect.objectContaining({ code: "InvalidObjectPath" }));
  });

  it("loads collections with items and their properties", async () => {
    await Excel.run(async (context) => {
      context.workbook.worksheets.add("Inputs");
      const sheets = context.workbook.worksheets.load("items/name");
      const count = context.workbook.worksheets.getCount();
      await context.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(["Sheet1", "Inputs"]);
      expect(count.value).toBe(2);
    });
  });
});

describe("what a written value becomes (Excel's typed-input rules)", () => {
  const write = async (
    values: unknown[][],
    textFormat = false,
  ): Promise<{ values: unknown[][]; formulas: unknown[][] }> =>
    Excel.run(async (context) => {
      const range = context.workbook.worksheets
        .getItem("Sheet1")
        .getRange("A1")
        .getResizedRange(values.length - 1, values[0].length - 1);
      if (textFormat) range.numberFormat = values.map((r) => r.map(() => "@"));
      range.values = values as never;
      range.load("values, formulas");
      await context.sync();
      return { values: range.values, formulas: range.formulas };
    });

  it("a string starting with = written to values becomes a formula, as Excel documents", async () => {
    const r = await write([['=HYPERLINK("http://x","y")', "=1+1", "+1", "-cmd", "@SUM(B2)", "12.5", "TRUE", "plain"]]);
    expect(r.formulas[0].slice(0, 2)).toEqual(['=HYPERLINK("http://x","y")', "=1+1"]);
    expect(r.values[0][1]).toBe(2);
    expect(r.values[0][2]).toBe(1);
    expect(r.formulas[0][3]).toBe("=-cmd");
    expect(r.values[0][3]).toBe("#NAME?");
    expect(r.formulas[0][4]).toBe("=SUM(B2)");
    expect(r.values[0].slice(5)).toEqual([12.5, true, "plain"]);
  });

  it("cells formatted as Text (@) keep every string as text", async () => {
    const hostile = ['=HYPERLINK("http://x","y")', "+1", "-cmd", "@SUM(A1)", "0012"];
    const r = await write([hostile], true);
    expect(r.values[0]).toEqual(hostile);
    expect(r.formulas[0]).toEqual(hostile);
  });

  it("a leading apostrophe stores the rest as text", async () => {
    const r = await write([["'=1+1", "'007"]]);
    expect(r.values[0]).toEqual(["=1+1", "007"]);
  });

  it("ISO date text becomes a date serial with a date format", async () => {
    const r = await write([["2024-04-20"]]);
    expect(r.values[0][0]).toBe(45402);
    const text = await Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem("Sheet1").getRange("A1").load("text, numberFormat");
      await context.sync();
      return [range.text, range.numberFormat];
    });
    expect(text).toEqual([[["2024-04-20"]], [["yyyy-mm-dd"]]]);
  });
});

describe("formulas, formats and text", () => {
  it("evaluates PIVOT functions and Excel built-ins in formulas", async () => {
    const out = await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:C1").formulas = [[90000, 1000, "=PIVOT.MINER_HASHPRICE(A1,B1,0.02,3.125)"]];
      s.getRange("D1").formulas = [["=ROUND(C1,2)"]];
      const r = s.getRange("C1:D1").load("values, formulas");
      await context.sync();
      return { values: r.values, formulas: r.formulas };
    });
    expect(out.values[0][0]).toBeCloseTo(40.7592, 10);
    expect(out.values[0][1]).toBe(40.76);
    expect(out.formulas[0]).toEqual(["=PIVOT.MINER_HASHPRICE(A1,B1,0.02,3.125)", "=ROUND(C1,2)"]);
  });

  it("shows values through number formats in text", async () => {
    const text = await Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem("Sheet1").getRange("A1:F1");
      r.values = [[1234567.891, 0.0735, 1500000, 42.5, -1234.5, 45402]];
      r.numberFormat = [['"$"#,##0', "0.00%", '"$"#,##0.0,," M"', '0.0 "MW"', "#,##0.00;(#,##0.00)", "mmm d, yyyy"]];
      r.load("text");
      await context.sync();
      return r.text;
    });
    expect(text).toEqual([["$1,234,568", "7.35%", "$1.5 M", "42.5 MW", "(1,234.50)", "Apr 20, 2024"]]);
  });

  it("reads and writes font, fill and hyperlinks; mixed values read as null", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:B1").format.font.bold = true;
      s.getRange("A1").format.fill.color = "#FFF2CC";
      s.getRange("C1").hyperlink = { address: "https://example.com/deal", textToDisplay: "source" };
      const both = s.getRange("A1:B1").load("format/font/bold, format/fill/color");
      const link = s.getRange("C1").load("hyperlink, values");
      await context.sync();
      expect(both.format.font.bold).toBe(true);
      expect(both.format.fill.color).toBeNull();
      expect(link.hyperlink).toEqual({ address: "https://example.com/deal", textToDisplay: "source" });
      expect(link.values).toEqual([["source"]]);
    });
  });

  it("getUsedRange and getUsedRangeOrNullObject follow the content", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      const none = s.getUsedRangeOrNullObject(true);
      await context.sync();
      expect(none.isNullObject).toBe(true);
      s.getRange("B2:C3").values = [
        [1, 2],
        [3, 4],
      ];
      const used = s.getUsedRange(true).load("address");
      await context.sync();
      expect(used.address).toBe("Sheet1!B2:C3");
    });
  });

  it("clear removes contents and formats", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:B1").values = [[1, 2]];
      s.getRange("A1").format.font.bold = true;
      await context.sync();
      s.getRange("A1:B1").clear();
      await context.sync();
    });
    expect(fake.workbook.snapshot(sheet1())).toEqual({});
    expect(sheet1().formats.size).toBe(0);
  });
});

describe("tables", () => {
  it("adds a table, reads its parts, appends rows and columns", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:B3").values = [
        ["Company", "MW"],
        ["IREN", 50],
        ["CORZ", 200],
      ];
      s.getRange("A6").values = [["below"]];
      const t = s.tables.add("A1:B3", true);
      t.name = "PivotDeals";
      await context.sync();
      t.rows.add(undefined, [["CIFR", 300]]);
      t.columns.add(undefined, [["Double"], ["=[@MW]*2"], ["=[@MW]*2"], ["=[@MW]*2"]]);
      const body = t.getDataBodyRange().load("address");
      const header = t.getHeaderRowRange().load("values");
      const found = context.workbook.tables.getItemOrNullObject("pivotdeals").load("name");
      const missing = s.tables.getItemOrNullObject("Nope");
      await context.sync();
      expect(body.address).toBe("Sheet1!A2:C4");
      expect(header.values).toEqual([["Company", "MW", "Double"]]);
      expect(found.name).toBe("PivotDeals");
      expect(missing.isNullObject).toBe(true);
    });
    // The row below the table moved down with the inserted table row.
    expect(fake.workbook.snapshot(sheet1())).toMatchObject({
      A4: "CIFR",
      B4: 300,
      A7: "below",
      C2: 100,
      C3: 400,
      C4: 600,
    });
  });

  it("evaluates structured references and keeps them as written", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:C3").values = [
        ["Company", "Contract value", "MW"],
        ["IREN", 9700, 200],
        ["CIFR", 5500, 300],
      ];
      const t = s.tables.add("A1:C3", true);
      t.name = "Deals";
      await context.sync();
      t.columns.add(undefined, [["Per MW"], ["=[@[Contract value]]/[@MW]"], ["=[@[Contract value]]/[@MW]"]]);
      s.getRange("F1").formulas = [["=SUM(Deals[MW])"]];
      s.getRange("F2").formulas = [["=Deals[[#Headers],[MW]]"]];
      const r = s.getRange("D2:D3").load("values, formulas");
      const f = s.getRange("F1:F2").load("values, formulas");
      await context.sync();
      expect(r.values).toEqual([[48.5], [5500 / 300]]);
      expect(r.formulas).toEqual([["=[@[Contract value]]/[@MW]"], ["=[@[Contract value]]/[@MW]"]]);
      expect(f.values).toEqual([[500], ["MW"]]);
      expect(f.formulas).toEqual([["=SUM(Deals[MW])"], ["=Deals[[#Headers],[MW]]"]]);
    });
  });

  it("inserting entire rows moves cells, formulas' references and workbook names down, as Excel does", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:A2").values = [["top"], [5]];
      s.getRange("B2").formulas = [["=A2*2"]];
      context.workbook.names.add("FIVE", s.getRange("A2"));
      await context.sync();
      s.getRange("2:3").insert("Down");
      const b = s.getRange("B4").load("formulas,values");
      await context.sync();
      expect(b.formulas).toEqual([["=A4*2"]]);
      expect(b.values).toEqual([[10]]);
    });
    expect(fake.workbook.snapshot(sheet1())).toEqual({ A1: "top", A4: 5, B4: 10 });
    expect(fake.workbook.findName("FIVE")!.formula).toBe("=Sheet1!$A$4");
    expect(fake.workbook.nameValue(fake.workbook.findName("FIVE")!)).toBe(5);
  });

  it("showTotals adds a Total Row below the data body and removes it again, keeping its formulas", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:B3").values = [
        ["Company", "MW"],
        ["IREN", 50],
        ["CORZ", 200],
      ];
      s.getRange("A4").values = [["below"]];
      const t = s.tables.add("A1:B3", true);
      t.showTotals = true;
      const whole = t.getRange().load("address");
      const body = t.getDataBodyRange().load("address");
      const total = t.getTotalRowRange().load("address");
      await context.sync();
      expect([whole.address, body.address, total.address]).toEqual(["Sheet1!A1:B4", "Sheet1!A2:B3", "Sheet1!A4:B4"]);
      s.getRange("B4").formulas = [["=SUBTOTAL(109,B2:B3)"]];
      t.showTotals = false;
      const after = t.getRange().load("address");
      await context.sync();
      expect(after.address).toBe("Sheet1!A1:B3");
    });
    // Hidden: the row is gone and what was below moved back up; shown again: the formula is back.
    expect(fake.workbook.snapshot(sheet1())).toEqual({
      A1: "Company",
      B1: "MW",
      A2: "IREN",
      B2: 50,
      A3: "CORZ",
      B3: 200,
      A4: "below",
    });
    await Excel.run(async (context) => {
      context.workbook.tables.getItemAt(0).showTotals = true;
      await context.sync();
    });
    expect(fake.workbook.snapshot(sheet1())).toMatchObject({ B4: 250, A5: "below" });
    expect(fake.workbook.tables[0].rect.rows).toBe(4);
  });

  it("rows added to a table push what is below down, formats and tables included", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:A2").values = [["Upper"], [1]];
      s.getRange("A4:A5").values = [["Lower"], [10]];
      s.getRange("A5").format.font.bold = true;
      const upper = s.tables.add("A1:A2", true);
      const lower = s.tables.add("A4:A5", true);
      await context.sync();
      upper.rows.add(undefined, [[2], [3]]);
      const range = lower.getRange().load("address");
      const bold = s.getRange("A7").load("format/font/bold, values");
      await context.sync();
      expect(range.address).toBe("Sheet1!A6:A7");
      expect(bold.values).toEqual([[10]]);
      expect(bold.format.font.bold).toBe(true);
    });
  });

  it("refuses overlapping tables and duplicate names", async () => {
    await expect(
      Excel.run(async (context) => {
        const s = context.workbook.worksheets.getItem("Sheet1");
        s.getRange("A1:B2").values = [
          ["a", "b"],
          [1, 2],
        ];
        s.tables.add("A1:B2", true);
        s.tables.add("B1:C2", true);
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "InvalidOperation" });
  });

  it("resizes a table keeping its header row", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:B2").values = [
        ["a", "b"],
        [1, 2],
      ];
      const t = s.tables.add("A1:B2", true);
      await context.sync();
      s.getRange("A3:B4").values = [
        [3, 4],
        [5, 6],
      ];
      t.resize("A1:B4");
      const rows = t.rows.load("items/values");
      await context.sync();
      expect(rows.items.map((r) => r.values)).toEqual([[[1, 2]], [[3, 4]], [[5, 6]]]);
    });
  });
});

describe("names and charts", () => {
  it("adds workbook names that formulas can use", async () => {
    await Excel.run(async (context) => {
      const inputs = context.workbook.worksheets.add("Inputs");
      inputs.getRange("B2").values = [[91000]];
      context.workbook.names.add("PIVOT_BTC_USD", inputs.getRange("B2"), "BTC price");
      inputs.getRange("C2").formulas = [["=PIVOT_BTC_USD*2"]];
      const item = context.workbook.names.getItem("pivot_btc_usd").load("name, formula, comment, type");
      const target = context.workbook.names.getItem("PIVOT_BTC_USD").getRange().load("address");
      const c2 = inputs.getRange("C2").load("values");
      await context.sync();
      expect([item.name, item.formula, item.comment, item.type]).toEqual([
        "PIVOT_BTC_USD",
        "=Inputs!$B$2",
        "BTC price",
        "Range",
      ]);
      expect(target.address).toBe("Inputs!B2");
      expect(c2.values).toEqual([[182000]]);
    });
    await expect(
      Excel.run(async (context) => {
        context.workbook.names.add("PIVOT_BTC_USD", "=1");
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: "ItemAlreadyExists" });
  });

  it("adds a chart whose series follow the source range", async () => {
    await Excel.run(async (context) => {
      const s = context.workbook.worksheets.getItem("Sheet1");
      s.getRange("A1:C3").values = [
        ["", "HPC", "Mining"],
        ["IREN", 10, 4],
        ["CORZ", 12, 3],
      ];
      const chart = s.charts.add("ColumnClustered", s.getRange("A1:C3"), "Columns");
      chart.title.text = "Value per MW";
      const series = chart.series.load("items/name");
      chart.load("name, chartType");
      await context.sync();
      expect(series.items.map((x) => x.name)).toEqual(["HPC", "Mining"]);
      expect(chart.chartType).toBe("ColumnClustered");
      s.getRange("B2").values = [[11]];
      await context.sync();
    });
    const [chart] = fake.workbook.charts;
    expect(chart.title).toBe("Value per MW");
    expect(fake.workbook.chartData(chart)).toEqual({
      categories: ["IREN", "CORZ"],
      series: [
        { name: "HPC", values: [11, 12] },
        { name: "Mining", values: [4, 3] },
      ],
    });
  });
});

describe("settings, protection, validation, inserted columns, selection, chart series in place", () => {
  it("keeps workbook settings (JSON values) across batches; getItemOrNullObject, replace and delete", async () => {
    await Excel.run(async (context) => {
      context.workbook.settings.add("k", { a: [1, "x"] });
      await context.sync();
    });
    await Excel.run(async (context) => {
      const s = context.workbook.settings.getItemOrNullObject("k");
      const none = context.workbook.settings.getItemOrNullObject("other");
      s.load("value");
      await context.sync();
      expect(s.isNullObject).toBe(false);
      expect(none.isNullObject).toBe(true);
      expect(s.value).toEqual({ a: [1, "x"] });
      context.workbook.settings.add("k", 2);
      await context.sync();
      expect(fake.workbook.settings.get("k")).toBe(2);
      context.workbook.settings.getItem("k").delete();
      await context.sync();
    });
    expect(fake.workbook.settings.has("k")).toBe(false);
  });

  it("a protected sheet refuses every change with AccessDenied and reports protected; unprotect allows it again", async () => {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.protection.protect();
      ws.protection.load("protected");
      await context.sync();
      expect(ws.protection.protected).toBe(true);
      ws.getRange("A1").values = [[1]];
      await expect(context.sync()).rejects.toMatchObject({ code: "AccessDenied" });
      ws.getRange("A1").numberFormat = [["0"]];
      await expect(context.sync()).rejects.toMatchObject({ code: "AccessDenied" });
      ws.protection.unprotect();
      ws.getRange("A1").values = [[1]];
      await context.sync();
    });
    expect(fake.workbook.snapshot(sheet1())).toEqual({ A1: 1 });
  });

  it("inserting entire columns moves cells, formats, names and validation right and grows a table it cuts through", async () => {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:C2").values = [
        ["h1", "h2", "h3"],
        [1, 2, 3],
      ];
      ws.getRange("D2").formulas = [["=SUM(A2:C2)"]];
      ws.tables.add("A1:C2", true).name = "T";
      context.workbook.names.add("N", ws.getRange("C2"));
      ws.getRange("C2").numberFormat = [["0.00"]];
      ws.getRange("C2").dataValidation.rule = { list: { inCellDropDown: true, source: "a,b" } };
      await context.sync();
      ws.getRange("B:B").insert("Right");
      await context.sync();
    });
    const wb = fake.workbook;
    expect(wb.snapshot(sheet1())).toEqual({ A1: "h1", B1: "Column1", C1: "h2", D1: "h3", A2: 1, C2: 2, D2: 3, E2: 6 });
    expect(wb.formulas(wb.resolve("E2", sheet1()))).toEqual([["=SUM(A2:D2)"]]);
    expect(wb.findName("N")?.formula).toBe("=Sheet1!$D$2");
    expect(wb.findTable("T")?.rect).toEqual({ row: 0, col: 0, rows: 2, cols: 4 });
    expect(wb.numberFormatAt(sheet1(), 1, 3)).toBe("0.00");
    expect(sheet1().validation.get("1:3")).toEqual({ list: { inCellDropDown: true, source: "a,b" } });
  });

  it("reads back a data-validation list rule, its type, and null over mixed rules; clear removes it", async () => {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1").dataValidation.rule = { list: { inCellDropDown: true, source: "Base,Bull,Bear" } };
      const one = ws.getRange("A1").dataValidation.load("rule,type");
      const mixed = ws.getRange("A1:A2").dataValidation.load("rule,type");
      await context.sync();
      expect(one.rule).toEqual({ list: { inCellDropDown: true, source: "Base,Bull,Bear" } });
      expect(one.type).toBe("List");
      expect(mixed.rule).toBeNull();
      expect(mixed.type).toBe("MixedCriteria");
      ws.getRange("A1").dataValidation.clear();
      const after = ws.getRange("A1").dataValidation.load("type");
      await context.sync();
      expect(after.type).toBe("None");
    });
  });

  it("activate and select set the active sheet and the selection that getSelectedRange returns", async () => {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.add("Other");
      ws.activate();
      ws.getRange("B2:C4").select();
      const sel = context.workbook.getSelectedRange().load("address");
      await context.sync();
      expect(sel.address).toBe("Other!B2:C4");
    });
    expect(fake.workbook.activeSheet?.name).toBe("Other");
  });

  it("updates a chart's series values and categories in place, keeping its name, title and formatting", async () => {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:B4").values = [
        ["Co", "EV"],
        ["A", 1],
        ["B", 2],
        ["C", 3],
      ];
      const chart = ws.charts.add("ColumnClustered", ws.getRange("A1:B3"), "Columns");
      chart.name = "C1";
      chart.title.text = "Mine";
      await context.sync();
      const s = chart.series.getItemAt(0);
      s.setValues(ws.getRange("B2:B4"));
      s.setXAxisValues(ws.getRange("A2:A4"));
      chart.series.add("Second").setValues(ws.getRange("B2:B4"));
      await context.sync();
    });
    const chart = fake.workbook.charts[0];
    expect(fake.workbook.charts).toHaveLength(1);
    expect(chart.name).toBe("C1");
    expect(chart.props["title.text"] ?? chart.title).toBe("Mine");
    expect(fake.workbook.chartData(chart)).toEqual({
      categories: ["A", "B", "C"],
      series: [
        { name: "EV", values: [1, 2, 3] },
        { name: "Second", values: [1, 2, 3] },
      ],
    });
  });

  it("puts a series on the secondary value axis (ChartSeries.axisGroup); other values are refused", async () => {
    await Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem("Sheet1");
      ws.getRange("A1:C3").values = [
        ["Day", "Hashprice", "BTC"],
        ["d1", 50, 90_000],
        ["d2", 52, 95_000],
      ];
      const chart = ws.charts.add("Line", ws.getRange("A1:C3"), "Columns");
      chart.series.getItemAt(1).axisGroup = "Secondary";
      const first = chart.series.getItemAt(0);
      const second = chart.series.getItemAt(1);
      first.load("axisGroup");
      second.load("axisGroup");
      await context.sync();
      expect(first.axisGroup).toBe("Primary");
      expect(second.axisGroup).toBe("Secondary");
    });
    expect(fake.workbook.charts[0].series.map((s) => s.axisGroup ?? "Primary")).toEqual(["Primary", "Secondary"]);
    await expect(
      Excel.run(async (context) => {
        const chart = context.workbook.worksheets.getItem("Sheet1").charts.getItemAt(0);
        (chart.series.getItemAt(0) as { axisGroup: string }).axisGroup = "Tertiary";
        await context.sync();
      }),
    ).rejects.toThrow(/axisGroup must be "Primary" or "Secondary"/);
  });

  it("renders a $m / $bn number format as Excel does (thousands scaling by trailing commas)", async () => {
    const fmt = '[>=1000000000]$#,##0.0,,,"bn";[>=1000000]$#,##0.0,,"m";$#,##0';
    await Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem("Sheet1").getRange("A1:A3");
      r.values = [[3_700_000_000], [9_500_000], [12_345]];
      r.numberFormat = [[fmt], [fmt], [fmt]];
      r.load("text");
      await context.sync();
      expect(r.text).toEqual([["$3.7bn"], ["$9.5m"], ["$12,345"]]);
    });
  });
});
