/** The Comps rebuild updates its chart in place: same chart, the user's title and formatting kept, series and categories following the new companies. */
import { bundledDataset } from "../../src/deals/dataset";
import { buildComps } from "../../src/workbook/compsSheet";
import { forbidConsoleErrors, newWorkbook } from "./fakeExcel";

const DEALS = bundledDataset().deals;
forbidConsoleErrors();

test("a rebuild with other companies keeps the chart (id, title, user formatting) and updates its series in place", async () => {
  const h = await newWorkbook();
  const first = await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  const chart0 = h.fake.workbook.charts[0];
  await h.run(async (ctx) => {
    const c = ctx.workbook.worksheets.getItem("Comps").charts.getItem(first.chartName);
    c.title.text = "My chart";
    c.legend.position = "Bottom";
    await ctx.sync();
  });
  await buildComps(["HUT", "CIFR", "IREN"], DEALS, { run: h.run });
  expect(h.fake.workbook.charts).toHaveLength(2);
  const chart = h.fake.workbook.charts[0];
  expect(chart.id).toBe(chart0.id);
  expect(chart.props["title.text"] ?? chart.title).toBe("My chart");
  expect(chart.props["legend.position"]).toBe("Bottom");
  const data = h.fake.workbook.chartData(chart);
  expect(data.categories).toEqual(["HUT", "CIFR", "IREN"]);
  expect(data.series.map((s) => s.name)).toEqual(["HPC lease NPV", "Mining", "BTC held", "Minus net debt"]);
  expect(data.series.every((s) => s.values.length === 3)).toBe(true);
});
