/**
 * Comps rebuilds keep the analyst's cells as the analyst left them: a kept cell keeps its
 * content and its format (number format, fill, font), whether it stays or moves with its
 * company's column or its deal's row; rows inserted inside the block stop the rebuild with
 * nothing written.
 */
import { bundledDataset } from "../../src/deals/dataset";
import { cell } from "../../src/workbook/a1";
import { COMPS_DETAIL_FIRST_ROW, DETAIL_HEADERS, buildComps, compsRow } from "../../src/workbook/compsSheet";
import { dump, formulas, forbidConsoleErrors, newWorkbook, value, type Harness } from "./fakeExcel";

const DEALS = bundledDataset().deals;
forbidConsoleErrors();
const C = 2;
const at = (key: string, col: number): string => cell(compsRow(key), col);

function fmt(h: Harness, a1: string): unknown[] {
  const wb = h.fake.workbook;
  const ref = wb.resolve(a1, wb.sheet("Comps"));
  return [
    wb.numberFormats(ref)[0][0],
    wb.formatOf(ref, "fill"),
    wb.formatOf(ref, "fontColor"),
    wb.formatOf(ref, "bold") ?? false,
  ];
}

/** The analyst types a value and formats the cell their own way. */
async function typeFormatted(h: Harness, a1: string, v: unknown): Promise<void> {
  await h.run(async (ctx) => {
    const r = ctx.workbook.worksheets.getItem("Comps").getRange(a1);
    r.values = [[v]];
    r.numberFormat = [["0.00E+00"]];
    r.format.fill.color = "#FF0000";
    r.format.font.color = "#00AA00";
    r.format.font.bold = true;
    await ctx.sync();
  });
}

const MINE = ["0.00E+00", "#FF0000", "#00AA00", true];

test("a kept input and a kept metric keep the analyst's format on a rebuild; the add-in's cells keep theirs", async () => {
  const h = await newWorkbook();
  await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  const input = at("shares", C);
  const metric = at("npv", C + 1);
  expect(fmt(h, input)).toEqual(["#,##0", "#FFF2CC", "#0000FF", false]);
  await typeFormatted(h, input, 100e6);
  await typeFormatted(h, metric, 123);
  const r = await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  expect(r.kept).toEqual([`Comps!${input}`, `Comps!${metric}`]);
  expect([value(h, "Comps", input), value(h, "Comps", metric)]).toEqual([100e6, 123]);
  expect(fmt(h, input)).toEqual(MINE);
  expect(fmt(h, metric)).toEqual(MINE);
  // The neighbours are the add-in's and styled as such.
  expect(fmt(h, at("shares", C + 1))).toEqual(["#,##0", "#FFF2CC", "#0000FF", false]);
  expect(fmt(h, at("npv", C))[0]).toBe('"$"#,##0');
});

test("a kept cell moving with its company's column takes its value and number format along", async () => {
  const h = await newWorkbook();
  await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  await typeFormatted(h, at("shares", C), 100e6);
  const r = await buildComps(["CIFR", "HUT"], DEALS, { run: h.run });
  expect(r.kept).toEqual([`Comps!${at("shares", C + 1)}`]);
  expect(value(h, "Comps", at("shares", C + 1))).toBe(100e6);
  expect(fmt(h, at("shares", C + 1))[0]).toBe("0.00E+00");
  // CIFR's cell, where HUT's was, is the add-in's formula and format again.
  expect(formulas(h, "Comps", at("shares", C))[0][0]).toMatch(/^=IFERROR\(PIVOT\.COMPANY\(C\$5,"shares_diluted"\)/);
  expect(fmt(h, at("shares", C))[0]).toBe("#,##0");
});

test("a deal-detail cell typed over moves with its deal's row when the rows above it change", async () => {
  const h = await newWorkbook();
  await buildComps(["CIFR"], DEALS, { run: h.run });
  const col = DETAIL_HEADERS.indexOf("Stated escalator");
  const first = COMPS_DETAIL_FIRST_ROW;
  const id = value(h, "Comps", cell(first, DETAIL_HEADERS.indexOf("Deal ID")));
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Comps").getRange(cell(first, col)).values = [[0.025]];
    await ctx.sync();
  });
  // HUT first: its deals come before CIFR's, so CIFR's first deal moves down.
  const r = await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  const ids = Array.from({ length: 8 }, (_, i) =>
    value(h, "Comps", cell(first + i, DETAIL_HEADERS.indexOf("Deal ID"))),
  );
  const moved = first + ids.indexOf(id);
  expect(moved).toBeGreaterThan(first);
  expect(value(h, "Comps", cell(moved, col))).toBe(0.025);
  expect(r.kept).toEqual([`Comps!${cell(moved, col)}`]);
  // The row it left holds a HUT deal's own formula.
  expect(formulas(h, "Comps", cell(first, col))[0][0]).toBe(
    `=IFNA(PIVOT.DEAL(${cell(first, DETAIL_HEADERS.indexOf("Deal ID"))},"Escalator"),"")`,
  );
});

test("a row inserted inside the comps stops the rebuild: nothing written", async () => {
  const h = await newWorkbook();
  await buildComps(["HUT"], DEALS, { run: h.run });
  await h.run(async (ctx) => {
    ctx.workbook.worksheets
      .getItem("Comps")
      .getRange(`${compsRow("cash") + 1}:${compsRow("cash") + 1}`)
      .insert("Down");
    await ctx.sync();
  });
  const before = dump(h);
  await expect(buildComps(["HUT"], DEALS, { run: h.run })).rejects.toMatchObject({
    kind: "layout",
    message: expect.stringMatching(/rows were inserted, deleted or edited inside the comps block.*Nothing was written/),
  });
  expect(dump(h)).toEqual(before);
});

test("a sheet an earlier version built (no memory, its range marker name) rebuilds with its companies moving as usual", async () => {
  const h = await newWorkbook();
  await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  await typeFormatted(h, at("shares", C), 100e6);
  // What an earlier version left: the same cells, no memory setting, a range marker name.
  await h.run(async (ctx) => {
    ctx.workbook.settings.getItem("PivotLens.written.COMPS").delete();
    const s = ctx.workbook.worksheets.getItem("Comps");
    ctx.workbook.names.add(
      "PIVOT__COMPS_RANGE",
      s.getRange("A1:AB90"),
      "PivotLens: the range the Comps build wrote last",
    );
    await ctx.sync();
  });
  const r = await buildComps(["CIFR", "HUT"], DEALS, { run: h.run });
  expect(r.kept).toEqual([`Comps!${at("shares", C + 1)}`]);
  expect(value(h, "Comps", at("shares", C + 1))).toBe(100e6);
  expect(formulas(h, "Comps", at("shares", C))[0][0]).toMatch(/^=IFERROR\(PIVOT\.COMPANY\(C\$5,"shares_diluted"\)/);
  expect(h.fake.workbook.names.map((n) => n.name)).not.toContain("PIVOT__COMPS_RANGE");
});
