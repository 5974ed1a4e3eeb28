/**
 * Charts declared beside a declared sheet's blocks (src/workbook/declared/charts.ts): made on
 * the first write with the declared series, categories, axis group and axis formats; found by
 * name and updated in place on a rewrite (the user's formatting stays; the ranges follow the
 * rows); made again when the user deleted it. All within the writer's three syncs.
 */
import { asText } from "../../src/workbook/cells";
import type { ChartDecl } from "../../src/workbook/declared/charts";
import { block, type SheetDecl } from "../../src/workbook/declared/sheet";
import { writeDeclaredSheet } from "../../src/workbook/declared/writer";
import type { ExcelRun } from "../../src/workbook/run";
import { forbidConsoleErrors, newWorkbook, type Harness } from "./fakeExcel";

forbidConsoleErrors();

interface Row {
  readonly year: number;
  readonly price: number;
  readonly hashprice: number;
}
const SERIES = block<Row>({
  id: "series",
  header: true,
  rowKey: (r) => String(r.year),
  columns: [
    { key: "year", header: "Year", cell: (r) => asText(String(r.year)) },
    { key: "hashprice", header: "Hashprice", cell: (r) => r.hashprice },
    { key: "price", header: "BTC price", cell: (r) => r.price },
  ],
});
const CHART: ChartDecl = {
  name: "Test hashprice and price",
  type: "Line",
  title: "Hashprice and BTC price",
  categories: { block: "series", column: "year" },
  series: [
    { name: "Hashprice", values: { block: "series", column: "hashprice" } },
    { name: "BTC price", values: { block: "series", column: "price" }, secondaryAxis: true },
  ],
  valueAxisFormat: '"$"#,##0',
  secondaryValueAxisFormat: '"$"#,##0,"k"',
};
const DECL: SheetDecl<readonly Row[]> = {
  role: "HISTORY",
  baseName: "Chart test",
  comment: "chart test sheet",
  blocks: [{ block: SERIES, rows: (rows) => rows }],
  charts: () => [CHART],
};
const ROWS: Row[] = [
  { year: 2024, price: 90000, hashprice: 50 },
  { year: 2025, price: 100000, hashprice: 45 },
  { year: 2026, price: 110000, hashprice: 40 },
];

function counting(h: Harness): { run: ExcelRun; syncs: () => number } {
  let n = 0;
  const run = (async (batch: (ctx: Excel.RequestContext) => Promise<unknown>) =>
    h.run(async (ctx) => {
      const sync = ctx.sync.bind(ctx);
      ctx.sync = (async () => {
        n++;
        return sync();
      }) as typeof ctx.sync;
      return batch(ctx);
    })) as unknown as ExcelRun;
  return { run, syncs: () => n };
}

test("the first write makes the chart: series, categories, secondary axis and axis formats as declared", async () => {
  const h = await newWorkbook();
  const c = counting(h);
  const r = await writeDeclaredSheet(DECL, ROWS, { run: c.run, what: "Writing the test sheet" });
  expect(r.chartsMade).toEqual([CHART.name]);
  expect(c.syncs()).toBeLessThanOrEqual(3);
  const [chart] = h.fake.workbook.charts;
  expect(chart.name).toBe(CHART.name);
  expect(chart.type).toBe("Line");
  expect(chart.title).toBe("Hashprice and BTC price");
  const data = h.fake.workbook.chartData(chart);
  expect(data.categories).toEqual(["2024", "2025", "2026"]);
  expect(data.series).toEqual([
    { name: "Hashprice", values: [50, 45, 40] },
    { name: "BTC price", values: [90000, 100000, 110000] },
  ]);
  expect(chart.series.map((s) => s.axisGroup ?? "Primary")).toEqual(["Primary", "Secondary"]);
  expect(chart.props["valueAxis.numberFormat"]).toBe('"$"#,##0');
  expect(chart.props["valueAxis.secondary.numberFormat"]).toBe('"$"#,##0,"k"');
});

test("a rewrite with more rows updates the same chart in place and keeps the user's formatting", async () => {
  const h = await newWorkbook();
  await writeDeclaredSheet(DECL, ROWS, { run: h.run, what: "Writing the test sheet" });
  const id = h.fake.workbook.charts[0].id;
  await h.run(async (ctx) => {
    const chart = ctx.workbook.worksheets.getItem("Chart test").charts.getItem(CHART.name);
    chart.title.text = "My title";
    chart.legend.position = "Bottom";
    await ctx.sync();
  });
  const c = counting(h);
  const more = [...ROWS, { year: 2027, price: 120000, hashprice: 35 }];
  const r = await writeDeclaredSheet(DECL, more, { run: c.run, what: "Writing the test sheet" });
  expect(r.chartsMade).toEqual([]);
  expect(c.syncs()).toBeLessThanOrEqual(3);
  expect(h.fake.workbook.charts).toHaveLength(1);
  const [chart] = h.fake.workbook.charts;
  expect(chart.id).toBe(id);
  expect(chart.title).toBe("My title");
  expect(chart.props["legend.position"]).toBe("Bottom");
  const data = h.fake.workbook.chartData(chart);
  expect(data.categories).toEqual(["2024", "2025", "2026", "2027"]);
  expect(data.series.map((s) => s.values)).toEqual([
    [50, 45, 40, 35],
    [90000, 100000, 110000, 120000],
  ]);
});

test("a chart the user deleted is made again on the next write", async () => {
  const h = await newWorkbook();
  await writeDeclaredSheet(DECL, ROWS, { run: h.run, what: "Writing the test sheet" });
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Chart test").charts.getItem(CHART.name).delete();
    await ctx.sync();
  });
  expect(h.fake.workbook.charts).toHaveLength(0);
  const r = await writeDeclaredSheet(DECL, ROWS, { run: h.run, what: "Writing the test sheet" });
  expect(r.chartsMade).toEqual([CHART.name]);
  expect(h.fake.workbook.chartData(h.fake.workbook.charts[0]).series).toHaveLength(2);
});
