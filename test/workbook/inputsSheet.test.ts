/** The Inputs writer: live PIVOT.MARKET cells, workbook names on them, idempotence, the block found where Excel moved it. */
import { createMarketStore, installMarketStore, type MarketStore } from "../../src/market/store";
import { FIELD_UNITS, type MarketSnapshot } from "../../src/market/model";
import { isoSeconds, marketCellValue } from "../../src/functions/market";
import { WorkbookError } from "../../src/workbook/errors";
import { INPUT_ROWS, writeInputsSheet } from "../../src/workbook/inputsSheet";
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
  test("one row per market field, every market cell a live PIVOT.MARKET formula, named; two syncs", async () => {
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
      '=PIVOT.MARKET("btc_usd.as_of")',
      '=PIVOT.MARKET("btc_usd.source")',
      '=PIVOT.MARKET("btc_usd.status")',
      "PIVOT_BTC_USD",
    ]);
    const btc = snapshot.fields.btc_usd!;
    expect(values(h, "Inputs", "A5:G5")[0]).toEqual([
      "BTC price",
      91132,
      "USD per BTC",
      "2026-01-12T00:00:00Z",
      btc.source,
      "embedded",
      "PIVOT_BTC_USD",
    ]);
    expect(btc.value).toBe(91132);
    // Every row's value cell is the field's PIVOT.MARKET formula.
    INPUT_ROWS.forEach((row, i) =>
      expect(formulas(h, "Inputs", `B${5 + i}`)[0][0]).toBe(`=PIVOT.MARKET("${row.field}")`),
    );
    // The names resolve in formulas, to the values.
    expect(await evaluate(h, "=PIVOT_BTC_USD")).toBe(btc.value);
    expect(await evaluate(h, "=PIVOT_HASHPRICE")).toBe(snapshot.fields.hashprice_usd_ph_day!.value);
    expect(await evaluate(h, "=PIVOT_HEIGHT+1")).toBe(snapshot.fields.height!.value + 1);
    expect(formulas(h, "Inputs", "B3:D3")[0]).toEqual(['=PIVOT.MARKET("as_of")', "Stale", '=PIVOT.MARKET("stale")']);
    expect(value(h, "Inputs", "B3")).toBe(isoSeconds(snapshot.asOf));
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
    expect(h.fake.syncCount).toBe(2);
    expect(r.created).toBe(false);
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
    expect(h.fake.syncCount).toBe(2);
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

  test("a row inserted inside the block stops the writer with a layout error naming the cell; nothing is written", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await insertRowAt(h, "Inputs", 6); // between BTC price (row 5) and Difficulty
    await userBatch(h, (ctx) => (ctx.workbook.worksheets.getItem("Inputs").getRange("A6:B6").values = [["mine", 1]]));
    const before = dump(h);
    const err = await writeInputsSheet(snapshot, { run: h.run }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect(err).toMatchObject({
      kind: "layout",
      message: expect.stringMatching(/PIVOT_DIFFICULTY refers to B7 but belongs at B6/),
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
