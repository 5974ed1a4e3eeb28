/**
 * A cell of the Deals table the user changed is kept as the user left it: not only its
 * content but its number format and its link. A Source cell the user retyped (and unlinked)
 * never gets the add-in's hyperlink back, in place or when its row moves; a kept value keeps
 * the number format the user gave it; the user's own columns carry their formats with their
 * deal's row.
 */
import { bundledDataset } from "../../src/deals/dataset";
import type { Deal } from "../../src/deals/schema";
import { columnLetters } from "../../src/workbook/a1";
import { DEALS_TABLE_HEADERS, dealsColumnLetter as L, loadDeals } from "../../src/workbook/dealsSheet";
import { formulas, forbidConsoleErrors, newWorkbook, type Harness } from "./fakeExcel";

const DEALS = bundledDataset().deals;
const HDR = 11;
const rowOf = (id: string, list: readonly Deal[] = DEALS): number => HDR + 1 + list.findIndex((d) => d.id === id);
const ID = "HUT-RIVERBEND-2025";
const EXTRA = { ...DEALS[0], id: "NEW-FIRST-2026", ticker: "NEW", company: "Newco" } as Deal;
const U1 = columnLetters(DEALS_TABLE_HEADERS.length);

forbidConsoleErrors();

async function user(h: Harness, fn: (s: Excel.Worksheet, ctx: Excel.RequestContext) => void): Promise<void> {
  await h.run(async (ctx) => {
    fn(ctx.workbook.worksheets.getItem("Deals"), ctx);
    await ctx.sync();
  });
}

const link = (h: Harness, a1: string): unknown =>
  h.fake.workbook.hyperlinkOf(h.fake.workbook.resolve(a1, h.fake.workbook.sheet("Deals")));
const format = (h: Harness, a1: string): string => {
  const s = h.fake.workbook.sheet("Deals");
  const r = h.fake.workbook.resolve(a1, s).rect;
  return h.fake.workbook.numberFormatAt(s, r.row, r.col);
};

describe("Deals: a kept cell keeps its format and link", () => {
  test("a Source cell the user retyped without the link does not get the add-in's hyperlink back, in place or moved", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    const a1 = `${L("Source")}${rowOf(ID)}`;
    expect(link(h, a1)).toEqual(expect.objectContaining({ address: expect.stringMatching(/^https:\/\//) }));
    await user(h, (s) => {
      const c = s.getRange(a1);
      c.clear("Hyperlinks");
      c.formulas = [["my own source note"]];
    });

    const same = await loadDeals(DEALS, { run: h.run });
    expect(same.keptCells).toEqual([`Deals!${a1}`]);
    expect(formulas(h, "Deals", a1)).toEqual([["my own source note"]]);
    expect(link(h, a1)).toBeNull();

    // Rows move down one: the kept cell moves with its deal, still without a link (neither
    // the add-in's nor the one of the deal that was on that row before).
    const list = [EXTRA, ...DEALS];
    const moved = await loadDeals(list, { run: h.run });
    const a1Moved = `${L("Source")}${rowOf(ID, list)}`;
    expect(moved.keptCells).toEqual([`Deals!${a1Moved}`]);
    expect(formulas(h, "Deals", a1Moved)).toEqual([["my own source note"]]);
    expect(link(h, a1Moved)).toBeNull();
    // The other deals' Source cells are linked to their own URLs at their new rows.
    for (const d of list.filter((x) => x.id !== ID && x.sourceUrl !== undefined).slice(0, 5))
      expect(link(h, `${L("Source")}${rowOf(d.id, list)}`)).toEqual({ address: d.sourceUrl, screenTip: d.sourceUrl });
  });

  test("a value the user typed and formatted keeps its number format through reloads and row moves", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    const col = L("Escalator");
    const r0 = rowOf(ID);
    expect(format(h, `${col}${r0}`)).toBe("0.0%");
    await user(h, (s) => {
      const c = s.getRange(`${col}${r0}`);
      c.formulas = [[0.0275]];
      c.numberFormat = [["0.00%"]];
    });
    await loadDeals(DEALS, { run: h.run });
    expect([formulas(h, "Deals", `${col}${r0}`)[0][0], format(h, `${col}${r0}`)]).toEqual([0.0275, "0.00%"]);

    const list = [EXTRA, ...DEALS];
    await loadDeals(list, { run: h.run });
    const r1 = rowOf(ID, list);
    expect([formulas(h, "Deals", `${col}${r1}`)[0][0], format(h, `${col}${r1}`)]).toEqual([0.0275, "0.00%"]);
    // The row it left now holds another deal's escalator, in the column's format.
    expect(format(h, `${col}${r0}`)).toBe("0.0%");
  });

  test("the user's columns carry their number formats with their deal's row", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    await user(h, (_s, ctx) => {
      ctx.workbook.tables.getItem("PivotLensDeals").columns.add(
        undefined,
        DEALS.map((d) => [d.id === ID ? 0.5 : ""]),
        "My weight",
      );
    });
    await user(h, (s) => (s.getRange(`${U1}${rowOf(ID)}`).numberFormat = [["0.0%"]]));
    const list = [EXTRA, ...DEALS];
    await loadDeals(list, { run: h.run });
    const r1 = rowOf(ID, list);
    expect([formulas(h, "Deals", `${U1}${r1}`)[0][0], format(h, `${U1}${r1}`)]).toEqual([0.5, "0.0%"]);
  });
});

describe("Deals: the table found again, or made again", () => {
  test("a renamed table is found in the usual three syncs, and the marker records its new name", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    await user(h, (_s, ctx) => (ctx.workbook.tables.getItem("PivotLensDeals").name = "MyDeals"));
    h.fake.resetSyncCount();
    const r = await loadDeals(DEALS, { run: h.run });
    expect(h.fake.syncCount).toBe(3);
    expect([r.tableName, r.notices]).toEqual(["MyDeals", ["Found the deal table under its new name MyDeals."]]);
    expect(h.fake.workbook.findName("PIVOT__SHEET_DEALS")!.comment).toBe("PivotLens Deals sheet; table=MyDeals");
  });

  test("a deleted table is made again where it was (area empty), with its links, and the load says so", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS.slice(0, 5), { run: h.run });
    await user(h, (_s, ctx) => ctx.workbook.tables.getItem("PivotLensDeals").delete());
    expect(h.fake.workbook.tables).toEqual([]);
    const r = await loadDeals(DEALS.slice(0, 5), { run: h.run });
    expect(r.notices).toEqual([`The deal table on "Deals" was missing and has been recreated.`]);
    expect(r.keptCells).toEqual([]);
    const t = h.fake.workbook.findTable("PivotLensDeals")!;
    expect(t.rect).toEqual({ row: HDR - 1, col: 0, rows: 6, cols: DEALS_TABLE_HEADERS.length });
    const d = DEALS[0];
    expect(link(h, `${L("Source")}${HDR + 1}`)).toEqual(
      d.sourceUrl ? { address: d.sourceUrl, screenTip: d.sourceUrl } : null,
    );
  });

  test("a deleted table whose area now holds the user's content is not written over", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS.slice(0, 5), { run: h.run });
    await user(h, (s, ctx) => {
      ctx.workbook.tables.getItem("PivotLensDeals").delete();
      s.getRange(`C${HDR + 2}`).formulas = [["mine"]];
    });
    await expect(loadDeals(DEALS.slice(0, 5), { run: h.run })).rejects.toMatchObject({
      kind: "layout",
      message: `The add-in's deal table on "Deals" is gone and C${HDR + 2} now holds other content.`,
    });
    expect(formulas(h, "Deals", `C${HDR + 2}`)).toEqual([["mine"]]);
    expect(h.fake.workbook.tables).toEqual([]);
  });
});
