/** The recalculation strategy: one full calculation, so cells over shared state catch up. */
import { clearFeed, currentDeals, setFeed } from "../../src/deals/store";
import { recalcMarketDependents } from "../../src/workbook/recalc";
import { forbidConsoleErrors, newWorkbook, value } from "./fakeExcel";

forbidConsoleErrors();
afterEach(() => clearFeed());

test("after a deal feed changes a deal, one full recalculation (one sync) updates PIVOT.DEAL cells", async () => {
  const h = await newWorkbook();
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").formulas = [['=PIVOT.DEAL("HUT-RIVERBEND-2025","MW")']];
    await ctx.sync();
  });
  expect(value(h, "Sheet1", "A1")).toBe(245);
  const hut = currentDeals().find((d) => d.id === "HUT-RIVERBEND-2025")!;
  setFeed([{ ...hut, criticalItMw: 300 }], {
    url: "https://x.example/f",
    fetchedAt: "2026-02-01T00:00:00Z",
    format: "json",
    rowCount: 1,
    loadedCount: 1,
    issues: [],
  });
  // Excel does not know the cell depends on the feed: it still shows the old value.
  expect(value(h, "Sheet1", "A1")).toBe(245);
  h.fake.resetSyncCount();
  await recalcMarketDependents({ run: h.run });
  expect(h.fake.syncCount).toBe(1);
  expect(value(h, "Sheet1", "A1")).toBe(300);
});

test("outside Excel it is a typed error", async () => {
  await expect(recalcMarketDependents()).rejects.toMatchObject({ name: "WorkbookError", kind: "no-excel" });
});
