/** The Inputs writer: values with as-of and source, workbook names, idempotence, text safety. */
import { createMarketStore } from "../../src/market/store";
import type { MarketSnapshot } from "../../src/market/model";
import { INPUT_ROWS, writeInputsSheet } from "../../src/workbook/inputsSheet";
import { dump, formulas, forbidConsoleErrors, newWorkbook, value, values, type Harness } from "./fakeExcel";

forbidConsoleErrors();

const NOW = Date.parse("2026-01-12T06:00:00Z");
function embeddedSnapshot(): MarketSnapshot {
  const store = createMarketStore({
    now: () => NOW,
    fetch: (async () => {
      throw new Error("no network in this test");
    }) as never,
  });
  const s = store.snapshot();
  store.dispose();
  return s;
}

async function evaluate(h: Harness, formula: string): Promise<unknown> {
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("Z1").formulas = [[formula]];
    await ctx.sync();
  });
  return value(h, "Sheet1", "Z1");
}

describe("Inputs sheet", () => {
  const snapshot = embeddedSnapshot();

  test("one row per market field with value, unit, as-of (UTC), source and a workbook name; two syncs", async () => {
    const h = await newWorkbook();
    h.fake.resetSyncCount();
    const r = await writeInputsSheet(snapshot, { run: h.run });
    expect(h.fake.syncCount).toBe(2);
    expect(r).toEqual(expect.objectContaining({ sheetName: "Inputs", created: true, skippedNames: [], notices: [] }));
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
    const btc = snapshot.fields.btc_usd!;
    expect(values(h, "Inputs", "A5:G5")[0]).toEqual([
      "BTC price",
      btc.value,
      "USD per BTC",
      46034,
      btc.source,
      btc.origin,
      "PIVOT_BTC_USD",
    ]);
    // The names resolve in formulas, to the values.
    expect(await evaluate(h, "=PIVOT_BTC_USD")).toBe(btc.value);
    expect(await evaluate(h, "=PIVOT_HASHPRICE")).toBe(snapshot.fields.hashprice_usd_ph_day!.value);
    expect(await evaluate(h, "=PIVOT_HEIGHT+1")).toBe(snapshot.fields.height!.value + 1);
    const s = h.fake.workbook.sheet("Inputs");
    expect(h.fake.workbook.numberFormatAt(s, 4, 3)).toBe("yyyy-mm-dd hh:mm");
    expect(value(h, "Inputs", "B3")).toBe(Date.parse(snapshot.asOf) / 86400000 + 25569);
    expect(value(h, "Inputs", "D3")).toBe(snapshot.stale);
  });

  test("a field the snapshot lacks is #N/A, never a blank that reads as zero", async () => {
    const h = await newWorkbook();
    const partial: MarketSnapshot = { ...snapshot, fields: { ...snapshot.fields, network_eh_s_estimate: undefined } };
    await writeInputsSheet(partial, { run: h.run });
    const row = 5 + INPUT_ROWS.findIndex((x) => x.field === "network_eh_s_estimate");
    expect(value(h, "Inputs", `B${row}`)).toBe("#N/A");
    expect(value(h, "Inputs", `E${row}`)).toBe("not available in this snapshot");
  });

  test("writing the same snapshot twice gives the same workbook", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    const before = dump(h);
    h.fake.resetSyncCount();
    const r = await writeInputsSheet(snapshot, { run: h.run });
    expect(h.fake.syncCount).toBe(2);
    expect(r.created).toBe(false);
    expect(dump(h)).toEqual(before);
  });

  test("source text from outside stays text", async () => {
    const h = await newWorkbook();
    const evil = '=HYPERLINK("http://x","y")';
    const btc = snapshot.fields.btc_usd!;
    const hostile: MarketSnapshot = {
      ...snapshot,
      fields: { ...snapshot.fields, btc_usd: { ...btc, source: evil, note: "-cmd", asOf: "@SUM(A1)" } },
    };
    await writeInputsSheet(hostile, { run: h.run });
    expect(values(h, "Inputs", "D5:E5")[0]).toEqual(["@SUM(A1)", evil]);
    expect(formulas(h, "Inputs", "D5:H5")[0]).toEqual(["@SUM(A1)", evil, btc.origin, "PIVOT_BTC_USD", "-cmd"]);
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
    expect(r.notices[1]).toMatch(/PIVOT_HEIGHT/);
    expect(h.fake.workbook.findName("PIVOT_HEIGHT")!.formula).toBe("=Inputs!$A$1");
    expect(values(h, "Inputs", "A1:B2")).toEqual([
      ["my inputs", ""],
      ["", ""],
    ]);
    expect(h.fake.workbook.findName("PIVOT_BTC_USD")!.formula).toBe("='Inputs (PivotLens)'!$B$5");
  });
});
