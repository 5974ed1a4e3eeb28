/**
 * The Deals audit scenarios: edits in the add-in's own columns (a corrected tenant, a note,
 * an overridden escalator, an overridden formula) survive reloads, move with their deal, and
 * are named; a renamed table or sheet is still found.
 */
import { bundledDataset } from "../../src/deals/dataset";
import type { Deal } from "../../src/deals/schema";
import { dealsColumnLetter as L, loadDeals } from "../../src/workbook/dealsSheet";
import { formulas, forbidConsoleErrors, newWorkbook, type Harness } from "./fakeExcel";

const DEALS = bundledDataset().deals;
const HDR = 11;
const rowOf = (id: string, list: readonly Deal[] = DEALS): number => HDR + 1 + list.findIndex((d) => d.id === id);

forbidConsoleErrors();

async function user(h: Harness, a1: string, rows: (string | number)[][], sheet = "Deals"): Promise<void> {
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem(sheet).getRange(a1).formulas = rows;
    await ctx.sync();
  });
}

describe("Deals: edits in the add-in's own columns are the user's", () => {
  test("a corrected tenant, a note, an overridden escalator and formula survive reloads, move with their deal, and are named", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    const id = "HUT-RIVERBEND-2025";
    const r0 = rowOf(id);
    const edits: [string, string | number][] = [
      [L("Tenant"), "'Anthropic (corrected)"],
      [L("Notes"), "'my note: call IR"],
      [L("Escalator"), 0.025],
      [L("NOI margin used"), 0.8],
    ];
    for (const [col, v] of edits) await user(h, `${col}${r0}`, [[v]]);
    const expected = (row: number) => edits.map(([col, v]) => [col, typeof v === "string" ? v.slice(1) : v, row]);
    const read = (row: number) => edits.map(([col]) => [col, formulas(h, "Deals", `${col}${row}`)[0][0], row]);

    const same = await loadDeals(DEALS, { run: h.run });
    expect(read(r0)).toEqual(expected(r0));
    expect(same.keptCells).toEqual(edits.map(([col]) => `Deals!${col}${r0}`).sort((a, b) => colIndex(a) - colIndex(b)));
    for (const [col] of edits) expect(same.notices).toContain(`Kept your value in Deals!${col}${r0}.`);

    // A new deal first: rows move down one; the edits move with their deal and are still kept.
    const extra = { ...DEALS[0], id: "NEW-FIRST-2026", ticker: "NEW", company: "Newco" } as Deal;
    const list = [extra, ...DEALS];
    const moved = await loadDeals(list, { run: h.run });
    const r1 = rowOf(id, list);
    expect(r1).toBe(r0 + 1);
    expect(read(r1)).toEqual(expected(r1));
    expect(moved.keptCells).toHaveLength(edits.length);
    // The other formula columns of that row still follow their own row.
    expect(formulas(h, "Deals", `${L("Escalator used")}${r1}`)[0][0]).toMatch(new RegExp(`${L("Escalator")}${r1}\\b`));
    // Every other deal row is the add-in's: nothing else was reported.
    expect(moved.notices.filter((n) => n.startsWith("Kept your value"))).toHaveLength(edits.length);
  });
});

function colIndex(address: string): number {
  const m = /!([A-Z]+)/.exec(address);
  let n = 0;
  for (const ch of m![1]) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

describe("Deals: the table is found through the sheet's hidden name", () => {
  test("renaming the table (and the sheet) does not stop later reloads, and edits are still kept", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    const r0 = rowOf("HUT-RIVERBEND-2025");
    await user(h, `${L("Tenant")}${r0}`, [["'Corrected tenant"]]);
    await h.run(async (ctx) => {
      ctx.workbook.tables.getItem("PivotLensDeals").name = "MyDeals";
      ctx.workbook.worksheets.getItem("Deals").name = "HPC deals";
      await ctx.sync();
    });
    const r = await loadDeals(DEALS, { run: h.run });
    expect(r).toMatchObject({ sheetName: "HPC deals", tableName: "MyDeals", created: false, dealCount: DEALS.length });
    expect(r.notices).toContain("Found the deal table under its new name MyDeals.");
    expect(r.keptCells).toEqual([`'HPC deals'!${L("Tenant")}${r0}`]);
    expect(formulas(h, "HPC deals", `${L("Tenant")}${r0}`)).toEqual([["Corrected tenant"]]);
    expect(h.fake.workbook.tables.map((t) => t.name)).toEqual(["MyDeals"]);
    h.fake.resetSyncCount();
    const again = await loadDeals(DEALS, { run: h.run });
    expect(h.fake.syncCount).toBe(3);
    expect(again.tableName).toBe("MyDeals");
  });
});
