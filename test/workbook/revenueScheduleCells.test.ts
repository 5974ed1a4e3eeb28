/**
 * PIVOT.HPC_REVENUE_SCHEDULE in a spreadsheet engine (HyperFormula in the fake object model,
 * the PIVOT functions registered from the sources): it spills year and USD rows, and a SUM
 * over a company's long schedule equals its attributable contract values, Σ value × share over
 * its effective deals that have a value, a term and a dated start (computed from the data here).
 */
import { bundledDataset } from "../../src/deals/dataset";
import { effectiveDeals } from "../../src/deals/query";
import { forbidConsoleErrors, newWorkbook, values } from "./fakeExcel";

const DEALS = bundledDataset().deals;
forbidConsoleErrors();

test("a company's spilled schedule adds up to its attributable values, year by year in order", async () => {
  const h = await newWorkbook(["Sheet1"]);
  await h.run(async (ctx) => {
    const s = ctx.workbook.worksheets.getItem("Sheet1");
    s.getRange("A1").formulas = [['=PIVOT.HPC_REVENUE_SCHEDULE("WULF", 2026, 40)']];
    s.getRange("D1").formulas = [["=SUM(B1:B40)"]];
    await ctx.sync();
  });
  const grid = values(h, "Sheet1", "A1:B40");
  expect(grid.map((r) => r[0])).toEqual(Array.from({ length: 40 }, (_, i) => 2026 + i));
  // WULF: Lake Mariner/Fluidstack (wholly owned) and Abernathy at 50.1%; Core42 has no value.
  const expected = effectiveDeals(DEALS)
    .filter((d) => d.ticker === "WULF" && d.contractValueUsd !== undefined && d.termYears !== undefined)
    .reduce((s, d) => s + d.contractValueUsd! * (d.ownershipShare ?? 1), 0);
  expect(expected).toBeCloseTo(6.7e9 + 9.5e9 * 0.501, 0);
  const sum = values(h, "Sheet1", "D1")[0][0] as number;
  expect(Math.abs(sum - expected)).toBeLessThan(1);
});
