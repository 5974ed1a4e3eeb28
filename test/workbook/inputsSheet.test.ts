/** The Inputs writer: live PIVOT.MARKET cells, workbook names on them, idempotence, the block found where Excel moved it. */
import { createMarketStore, installMarketStore, type MarketStore } from "../../src/market/store";
import { FIELD_UNITS, type MarketSnapshot } from "../../src/market/model";
import { isoSeconds, marketCellValue } from "../../src/functions/market";
import { WorkbookError } from "../../src/workbook/errors";
import { asOfFormula, INPUT_ROWS, writeInputsSheet } from "../../src/workbook/inputsSheet";
import { serialFromUnixMs } from "../../src/core/excelDate";
import { dump, formulas, forbidConsoleErrors, newWorkbook, value, values, type Harness } from "./fakeExcel";

forbidConsoleErrors();

const NOW = Date.parse("2026-01-12T06:00:00Z");
let store: MarketStore;
let snapshot: MarketSnapshot;
beforeEach(() => {
  // The page's store, on the embedded snapshot (no network): what PIVOT.MARKET reads.
  store = createMarketStore({
    now: () => NOW,
    fetch: (async () => {
      throw new Error("no network in this test");
    }) as never,
  });
  installMarketStore(store);
  snapshot = store.snapshot();
});
afterEach(() => installMarketStore(undefined));

async function userBatch(h: Harness, fn: (ctx: Excel.RequestContext) => void): Promise<void> {
  await h.run(async (ctx) => {
    fn(ctx);
    await ctx.sync();
  });
}

async function evaluate(h: Harness, formula: string): Promise<unknown> {
  await userBatch(h, (ctx) => (ctx.workbook.worksheets.getItem("Sheet1").getRange("Z1").formulas = [[formula]]));
  return value(h, "Sheet1", "Z1");
}

const insertRowAt = (h: Harness, sheet: string, excelRow: number): Promise<void> =>
  userBatch(h, (ctx) => {
    ctx.workbook.worksheets.getItem(sheet).getRange(`${excelRow}:${excelRow}`).insert("Down");
  });

describe("Inputs sheet", () => {
  test("one row per market field, every market cell a live PIVOT.MARKET formula, named; two syncs for a new sheet", async () => {
    const h = await newWorkbook();
    h.fake.resetSyncCount();
    const r = await writeInputsSheet(snapshot, { run: h.run });
    expect(h.fake.syncCount).toBe(2);
    expect(r).toEqual(expect.objectContaining({ sheetName: "Inputs", created: true, skippedNames: [] }));
    // The embedded snapshot lacks the source's hashrate estimate: the result says it shows #N/A.
    expect(r.notices).toEqual([expect.stringMatching(/#N\/A.*PIVOT_NETWORK_EH_S_ESTIMATE\.$/)]);
    expect(r.names).toEqual(INPUT_ROWS.map((x) => x.name));
    expect(r.names).toEqual(
      expect.arrayContaining([
        "PIVOT_BTC_USD",
        "PIVOT_DIFFICULTY",
        "PIVOT_NETWORK_EH_S",
        "PIVOT_FEES_BTC_PER_BLOCK",
        "PIVOT_HEIGHT",
        "PIVOT_SUBSIDY_BTC",
        "PIVOT_HASHPRICE",
      ]),
    );
    expect(formulas(h, "Inputs", "A5:G5")[0]).toEqual([
      "BTC price",
      '=PIVOT.MARKET("btc_usd")',
      "USD per BTC",
      asOfFormula("btc_usd.as_of"),
      '=PIVOT.MARKET("btc_usd.source")',
      '=PIVOT.MARKET("btc_usd.status")',
      "PIVOT_BTC_USD",
    ]);
    const btc = snapshot.fields.btc_usd!;
    expect(values(h, "Inputs", "A5:G5")[0]).toEqual([
      "BTC price",
      91132,
      "USD per BTC",
      // A real Excel date-time: the serial of 2026-01-12 00:00 UTC, shown as a date-time (checked below).
      values(h, "Inputs", "D5")[0][0],
      btc.source,
      "embedded",
      "PIVOT_BTC_USD",
    ]);
    expect(btc.value).toBe(91132);
    // The as-of cell is the serial the engine's own DATE gives for that day (Excel: 46034).
    expect(serialFromUnixMs(Date.parse("2026-01-12T00:00:00Z"))).toBe(46034);
    expect(value(h, "Inputs", "D5")).toBe(await evaluate(h, "=DATE(2026,1,12)+TIME(0,0,0)"));
    expect(h.fake.workbook.numberFormats(h.fake.workbook.resolve("D5", h.fake.workbook.sheet("Inputs")))).toEqual([
      ['yyyy-mm-dd hh:mm "UTC"'],
    ]);
    expect(r.address).toBe(`Inputs!A1:G${4 + INPUT_ROWS.length}`);
    expect(h.fake.workbook.activeSheet?.name).toBe("Inputs");
    expect(h.fake.workbook.selection && h.fake.workbook.describe(h.fake.workbook.selection)).toBe(r.address);
    // Every row's value cell is the field's PIVOT.MARKET formula.
    INPUT_ROWS.forEach((row, i) =>
      expect(formulas(h, "Inputs", `B${5 + i}`)[0][0]).toBe(`=PIVOT.MARKET("${row.field}")`),
    );
    // The names resolve in formulas, to the values.
    expect(await evaluate(h, "=PIVOT_BTC_USD")).toBe(btc.value);
    expect(await evaluate(h, "=PIVOT_HASHPRICE")).toBe(snapshot.fields.hashprice_usd_ph_day!.value);
    expect(await evaluate(h, "=PIVOT_HEIGHT+1")).toBe(snapshot.fields.height!.value + 1);
    expect(formulas(h, "Inputs", "B3:D3")[0]).toEqual([asOfFormula("as_of"), "Stale", '=PIVOT.MARKET("stale")']);
    const asOf = new Date(Date.parse(isoSeconds(snapshot.asOf)));
    const y = asOf.getUTCFullYear();
    const day = `DATE(${y},${asOf.getUTCMonth() + 1},${asOf.getUTCDate()})+TIME(${asOf.getUTCHours()},${asOf.getUTCMinutes()},${asOf.getUTCSeconds()})`;
    expect(value(h, "Inputs", "B3")).toBeCloseTo((await evaluate(h, `=${day}`)) as number, 8);
    expect(value(h, "Inputs", "D3")).toBe(snapshot.stale);
  });

  test("a field no source has supplied is #N/A, never a blank that reads as zero", async () => {
    const h = await newWorkbook();
    expect(snapshot.fields.network_eh_s_estimate).toBeUndefined();
    await writeInputsSheet(snapshot, { run: h.run });
    const row = 5 + INPUT_ROWS.findIndex((x) => x.field === "network_eh_s_estimate");
    expect(values(h, "Inputs", `B${row}:F${row}`)[0]).toEqual([
      "#N/A",
      FIELD_UNITS.network_eh_s_estimate,
      "#N/A",
      "#N/A",
      "#N/A",
    ]);
    expect(marketCellValue({ kind: "value", field: "network_eh_s_estimate" }, snapshot)).toMatchObject({
      code: "#N/A",
    });
  });

  test("writing twice gives the same workbook", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    const before = dump(h);
    h.fake.resetSyncCount();
    const r = await writeInputsSheet(snapshot, { run: h.run });
    expect(h.fake.syncCount).toBe(3); // find, read, write
    expect(r.created).toBe(false);
    expect(r.kept).toEqual([]);
    expect(dump(h)).toEqual(before);
  });

  test("a row the user inserts above the block is kept; the block and its names are written where Excel moved them", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await insertRowAt(h, "Inputs", 1);
    await userBatch(h, (ctx) => (ctx.workbook.worksheets.getItem("Inputs").getRange("A1:B1").values = [["my row", 7]]));
    expect(h.fake.workbook.findName("PIVOT_BTC_USD")!.formula).toBe("=Inputs!$B$6");
    h.fake.resetSyncCount();
    await writeInputsSheet(snapshot, { run: h.run });
    expect(h.fake.syncCount).toBe(3);
    expect(values(h, "Inputs", "A1:B1")).toEqual([["my row", 7]]);
    expect(value(h, "Inputs", "A2")).toBe("PivotLens market inputs");
    expect(formulas(h, "Inputs", "A6:B6")[0]).toEqual(["BTC price", '=PIVOT.MARKET("btc_usd")']);
    INPUT_ROWS.forEach((row, i) => expect(h.fake.workbook.findName(row.name)!.formula).toBe(`=Inputs!$B$${6 + i}`));
    expect(await evaluate(h, "=PIVOT_BTC_USD")).toBe(snapshot.fields.btc_usd!.value);
    expect(await evaluate(h, "=PIVOT_DIFFICULTY")).toBe(snapshot.fields.difficulty!.value);
    // Nothing left at the old place: row 15 (below the block) is empty.
    expect(values(h, "Inputs", `A${6 + INPUT_ROWS.length}:H${6 + INPUT_ROWS.length}`)[0].every((v) => v === "")).toBe(
      true,
    );
  });

  test("a row inserted inside the block is respected: nothing is written over it, and the names follow their rows", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await insertRowAt(h, "Inputs", 6); // between BTC price (row 5) and Difficulty
    await userBatch(
      h,
      (ctx) => (ctx.workbook.worksheets.getItem("Inputs").getRange("A6:C6").values = [["mine", 1, "x"]]),
    );
    const r = await writeInputsSheet(snapshot, { run: h.run });
    expect(r.kept).toEqual([]);
    expect(values(h, "Inputs", "A6:G6")).toEqual([["mine", 1, "x", "", "", "", ""]]);
    expect(formulas(h, "Inputs", "A7:B7")[0]).toEqual(["Difficulty", '=PIVOT.MARKET("difficulty")']);
    expect(h.fake.workbook.findName("PIVOT_DIFFICULTY")!.formula).toBe("=Inputs!$B$7");
    expect(h.fake.workbook.findName("PIVOT_BTC_USD")!.formula).toBe("=Inputs!$B$5");
    expect(await evaluate(h, "=PIVOT_DIFFICULTY")).toBe(snapshot.fields.difficulty!.value);
  });

  test("a header of the table changed so its column cannot be found: a layout error, nothing written", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await userBatch(h, (ctx) => (ctx.workbook.worksheets.getItem("Inputs").getRange("C4").values = [["Units"]]));
    const before = dump(h);
    const err = await writeInputsSheet(snapshot, { run: h.run }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect(err).toMatchObject({
      kind: "layout",
      message: expect.stringMatching(/column "Unit" .* no header in row 4/),
    });
    expect(dump(h)).toEqual(before);
  });

  test("an add-in name that points anywhere but its value cell is re-pointed to it", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await userBatch(h, (ctx) => {
      ctx.workbook.names.getItem("PIVOT_HEIGHT").delete();
      ctx.workbook.names.add(
        "PIVOT_HEIGHT",
        ctx.workbook.worksheets.getItem("Sheet1").getRange("C3"),
        "PivotLens market input: Block height",
      );
    });
    await writeInputsSheet(snapshot, { run: h.run });
    const row = 5 + INPUT_ROWS.findIndex((x) => x.name === "PIVOT_HEIGHT");
    expect(h.fake.workbook.findName("PIVOT_HEIGHT")!.formula).toBe(`=Inputs!$B$${row}`);
    expect(await evaluate(h, "=PIVOT_HEIGHT")).toBe(snapshot.fields.height!.value);
  });

  test("a name the user made is left alone and reported; a user sheet named Inputs is not touched", async () => {
    const h = await newWorkbook(["Inputs"]);
    await h.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Inputs").getRange("A1").values = [["my inputs"]];
      ctx.workbook.names.add("PIVOT_HEIGHT", ctx.workbook.worksheets.getItem("Inputs").getRange("A1"));
      await ctx.sync();
    });
    const r = await writeInputsSheet(snapshot, { run: h.run });
    expect(r.sheetName).toBe("Inputs (PivotLens)");
    expect(r.renamedBecause).toMatch(/"Inputs" already exists/);
    expect(r.skippedNames).toEqual(["PIVOT_HEIGHT"]);
    expect(r.notices.some((n) => /left as they are: PIVOT_HEIGHT\./.test(n))).toBe(true);
    expect(h.fake.workbook.findName("PIVOT_HEIGHT")!.formula).toBe("=Inputs!$A$1");
    expect(values(h, "Inputs", "A1:B2")).toEqual([
      ["my inputs", ""],
      ["", ""],
    ]);
    expect(h.fake.workbook.findName("PIVOT_BTC_USD")!.formula).toBe("='Inputs (PivotLens)'!$B$5");
  });
});
