/**
 * The Deals writer against the fake Excel object model: layout and formats, constant sync
 * count, idempotence, user columns kept through reloads, text that stays text, sheets and
 * names the add-in did not create left alone, and typed errors.
 */
import { bundledDataset } from "../../src/deals/dataset";
import { columnLetters } from "../../src/workbook/a1";
import type { Deal } from "../../src/deals/schema";
import { DEALS_TABLE_HEADERS, dealsColumnLetter as L, loadDeals } from "../../src/workbook/dealsSheet";
import { WorkbookError } from "../../src/workbook/errors";
import {
  dump,
  formulas,
  forbidConsoleErrors,
  newWorkbook,
  syntheticDeals,
  value,
  values,
  type Harness,
} from "./fakeExcel";

const DEALS = bundledDataset().deals;
const HDR = 11; // Excel row of the table header on a fresh sheet
/** The first two user columns, right of the add-in's. */
const U1 = columnLetters(DEALS_TABLE_HEADERS.length);
const U2 = columnLetters(DEALS_TABLE_HEADERS.length + 1);
const rowOf = (id: string, list: readonly Deal[] = DEALS): number => HDR + 1 + list.findIndex((d) => d.id === id);

forbidConsoleErrors();

async function userBatch(h: Harness, fn: (ctx: Excel.RequestContext) => void): Promise<void> {
  await h.run(async (ctx) => {
    fn(ctx);
    await ctx.sync();
  });
}

describe("first load", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await newWorkbook();
    h.fake.resetSyncCount();
    const r = await loadDeals(DEALS, { run: h.run });
    expect(r).toEqual({
      sheetName: "Deals",
      tableName: "PivotLensDeals",
      created: true,
      dealCount: DEALS.length,
      keptRows: 0,
      userColumns: [],
      notices: [],
      address: `Deals!A${HDR}:${L(DEALS_TABLE_HEADERS[DEALS_TABLE_HEADERS.length - 1])}${HDR + DEALS.length}`,
    });
    expect(h.fake.syncCount).toBe(2);
  });

  test("an Excel table with the add-in's columns and one row per deal", () => {
    const t = h.fake.workbook.findTable("PivotLensDeals")!;
    expect(t.sheet.name).toBe("Deals");
    expect(t.rect).toEqual({ row: HDR - 1, col: 0, rows: DEALS.length + 1, cols: DEALS_TABLE_HEADERS.length });
    expect(values(h, "Deals", `A${HDR}:${L("Status")}${HDR}`)[0]).toEqual(DEALS_TABLE_HEADERS);
    expect(values(h, "Deals", `A${HDR + 1}:A${HDR + DEALS.length}`).flat()).toEqual(DEALS.map((d) => d.id));
    expect(value(h, "Deals", `${L("MW")}${rowOf("HUT-RIVERBEND-2025")}`)).toBe(245);
    expect(value(h, "Deals", `${L("MW")}${rowOf("IREN-NVIDIA-2026")}`)).toBe("");
  });

  test("number formats for USD, MW, % and dates; ISO days become dates, vague dates stay text", () => {
    const s = h.fake.workbook.sheet("Deals");
    const fmt = (col: string, row: number) =>
      h.fake.workbook.numberFormatAt(s, row - 1, h.fake.workbook.resolve(`${col}1`, s).rect.col);
    const r = rowOf("HUT-RIVERBEND-2025");
    expect([
      fmt(L("Value USD"), r),
      fmt(L("MW"), r),
      fmt(L("Margin low"), r),
      fmt(L("Announced"), r),
      fmt(L("Lease NPV USD"), r),
    ]).toEqual(['"$"#,##0', "#,##0.0", "0.0%", "yyyy-mm-dd", '"$"#,##0']);
    // 2025-12-17 is Excel serial 46008.
    expect(value(h, "Deals", `${L("Announced")}${r}`)).toBe(46008);
    expect(values(h, "Deals", `${L("Announced")}${r}:${L("Start")}${r}`)).toEqual([[46008, "Q2 2027"]]);
    // Text that Excel would read as a number or a date stays text.
    const wulf = rowOf("WULF-LAKEMARINER-FLUIDSTACK-2025");
    expect(value(h, "Deals", `${L("Start")}${wulf}`)).toBe("2026");
    expect(value(h, "Deals", `${L("Start")}${rowOf("CIFR-BARBERLAKE-2025")}`)).toBe("2026-09");
    expect(value(h, "Deals", `${L("MW as stated")}${r}`)).toBe("245");
  });

  test("the source is a hyperlink where the deal has a URL", () => {
    const s = h.fake.workbook.sheet("Deals");
    const link = (id: string) => h.fake.workbook.hyperlinkOf(h.fake.workbook.resolve(`${L("Source")}${rowOf(id)}`, s));
    const filed = "https://www.sec.gov/Archives/edgar/data/1964789/000110465925122052/hut-20251217xex99d1.htm";
    expect(link("HUT-RIVERBEND-2025")).toEqual({ address: filed, screenTip: filed });
    const noUrl = DEALS.find((d) => d.sourceUrl === undefined);
    if (noUrl !== undefined) expect(link(noUrl.id)).toBeNull();
    expect(value(h, "Deals", `${L("Source")}${rowOf("HUT-RIVERBEND-2025")}`)).toMatch(
      /^Hut 8 release 2025-12-17 as filed with the SEC \(8-K exhibit 99\.1\)/,
    );
  });

  test("formula columns read the named assumptions; deals without inputs give blanks by design", () => {
    const r = rowOf("HUT-RIVERBEND-2025");
    const ref = (header: string): string => `${L(header)}${r}`;
    expect(formulas(h, "Deals", ref("Lease NPV USD"))[0][0]).toBe(
      `=IF(AND(${ref("Type")}="lease",ISNUMBER(${ref("Rent used USD/kW/month")}),ISNUMBER(${ref("Attributable MW")}),ISNUMBER(${ref("Term years")})),` +
        `PIVOT.HPC_LEASE_NPV(${ref("Attributable MW")},${ref("Rent used USD/kW/month")},${ref("Term years")},PIVOT_DEALS_DISCOUNT_RATE,` +
        `${ref("Escalator used")},${ref("NOI margin used")},${ref("Capex USD/MW used")},${ref("Months to rent start")}),"")`,
    );
    expect(typeof value(h, "Deals", `${L("Lease NPV USD")}${r}`)).toBe("number");
    const gpu = rowOf("IREN-MICROSOFT-2025");
    expect(value(h, "Deals", `${L("Lease NPV USD")}${gpu}`)).toBe("");
    expect(typeof value(h, "Deals", `${L("Annual revenue USD")}${gpu}`)).toBe("number");
    const nvda = rowOf("IREN-NVIDIA-2026");
    const NVDA = DEALS.find((d) => d.id === "IREN-NVIDIA-2026")!;
    expect(values(h, "Deals", `${L("Rent used USD/kW/month")}${nvda}:${L("NPV per MW USD")}${nvda}`)[0]).toEqual([
      expect.stringMatching(/IREN-NVIDIA-2026 is a GPU cloud service contract/),
      0.03,
      0.85,
      9500000,
      // No rent: revenue is the attributable value ÷ term.
      NVDA.contractValueUsd! / NVDA.termYears!,
      "",
      "",
    ]);
    // No formula cell of the table is an error.
    const all = values(
      h,
      "Deals",
      `${L("Rent used USD/kW/month")}${HDR + 1}:${L("NPV per MW USD")}${HDR + DEALS.length}`,
    ).flat();
    expect(all.filter((v) => typeof v === "string" && v.startsWith("#"))).toEqual([]);
    expect(
      h.fake.workbook.names.filter((n) => n.name.startsWith("PIVOT_DEALS_")).map((n) => [n.name, n.formula]),
    ).toEqual([
      ["PIVOT_DEALS_DISCOUNT_RATE", "=Deals!$B$4"],
      ["PIVOT_DEALS_NOI_MARGIN", "=Deals!$B$5"],
      ["PIVOT_DEALS_CAPEX_USD_PER_MW", "=Deals!$B$6"],
      ["PIVOT_DEALS_ESCALATOR", "=Deals!$B$7"],
      ["PIVOT_DEALS_BUILD_MONTHS", "=Deals!$B$8"],
      ["PIVOT_DEALS_VALUATION_DATE", "=Deals!$B$9"],
    ]);
  });

  test("the sheet is marked as the add-in's with a hidden name", () => {
    const marker = h.fake.workbook.findName("PIVOT__SHEET_DEALS")!;
    expect(marker).toEqual(
      expect.objectContaining({
        formula: "=Deals!$A$1",
        visible: false,
        comment: expect.stringMatching(/^PivotLens .*table=PivotLensDeals/),
      }),
    );
  });
});

describe("reload", () => {
  test("loading twice gives the same workbook, in three syncs", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    const before = dump(h);
    h.fake.resetSyncCount();
    const r = await loadDeals(DEALS, { run: h.run });
    expect(h.fake.syncCount).toBe(3);
    expect(r.created).toBe(false);
    expect(dump(h)).toEqual(before);
  });

  test("the sync count does not depend on the row count (20 and 2,000 deals)", async () => {
    const counts: number[][] = [];
    for (const n of [20, 2000]) {
      const h = await newWorkbook();
      const list = syntheticDeals(n);
      h.fake.resetSyncCount();
      await loadDeals(list, { run: h.run });
      const first = h.fake.syncCount;
      h.fake.resetSyncCount();
      await loadDeals(list, { run: h.run });
      counts.push([first, h.fake.syncCount]);
      expect(h.fake.workbook.findTable("PivotLensDeals")!.rect.rows).toBe(n + 1);
    }
    expect(counts).toEqual([
      [2, 3],
      [2, 3],
    ]);
  }, 120_000);

  test("user columns to the right keep their content, which follows its deal when rows move", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    const hutRow = rowOf("HUT-RIVERBEND-2025");
    const riotRow = rowOf("RIOT-ROCKDALE-2026");
    await userBatch(h, (ctx) => {
      const t = ctx.workbook.tables.getItem("PivotLensDeals");
      const notes = DEALS.map((d) => [
        d.id === "HUT-RIVERBEND-2025" ? "call IR" : d.id === "RIOT-ROCKDALE-2026" ? "=1+1" : "",
      ]);
      t.columns.add(undefined, notes, "My note");
      t.columns.add(
        undefined,
        DEALS.map((_, i) => [`=${L("MW")}${HDR + 1 + i}*2`]),
        "Twice MW",
      );
    });
    // The note "=1+1" was typed as a formula by the user: it is theirs, and stays one.
    expect(value(h, "Deals", `${U1}${riotRow}`)).toBe(2);
    const userCols = (row: number) => values(h, "Deals", `${U1}${row}:${U2}${row}`)[0];
    expect(userCols(hutRow)).toEqual(["call IR", 490]);

    // Same list: nothing moves.
    const before = dump(h);
    const same = await loadDeals(DEALS, { run: h.run });
    expect(same.userColumns).toEqual(["My note", "Twice MW"]);
    expect(dump(h)).toEqual(before);

    // A new deal first: every row moves down one; the user's cells move with their deal.
    const extra = { ...DEALS[0], id: "NEW-FIRST-2026", ticker: "NEW", company: "Newco", criticalItMw: 10 } as Deal;
    const list = [extra, ...DEALS];
    const r = await loadDeals(list, { run: h.run });
    expect(r.keptRows).toBe(0);
    expect(userCols(rowOf("HUT-RIVERBEND-2025", list))).toEqual(["call IR", 490]);
    expect(formulas(h, "Deals", `${U2}${rowOf("HUT-RIVERBEND-2025", list)}`)[0][0]).toBe(
      `=${L("MW")}${rowOf("HUT-RIVERBEND-2025", list)}*2`,
    );
    // The new row gets the user's calculated column, as Excel fills a table column.
    expect(userCols(rowOf("NEW-FIRST-2026", list))).toEqual(["", 20]);
    expect(value(h, "Deals", `${U1}${rowOf("RIOT-ROCKDALE-2026", list)}`)).toBe(2);

    // RIOT leaves the list: its row is kept (the user's note is there), marked in Status.
    const without = list.filter((d) => d.id !== "RIOT-ROCKDALE-2026");
    const r2 = await loadDeals(without, { run: h.run });
    expect(r2.keptRows).toBe(1);
    expect(r2.notices[0]).toMatch(/kept because your columns hold content/);
    const lastRow = HDR + without.length + 1;
    expect(value(h, "Deals", `A${lastRow}`)).toBe("RIOT-ROCKDALE-2026");
    expect(value(h, "Deals", `${L("Status")}${lastRow}`)).toMatch(/not in the loaded deal list/);
    expect(value(h, "Deals", `${U1}${lastRow}`)).toBe(2);
    expect(value(h, "Deals", `${U2}${lastRow}`)).toBe(50);
    expect(h.fake.workbook.findTable("PivotLensDeals")!.rect.rows).toBe(without.length + 2);

    // Fewer deals: the table shrinks and the rows it left are empty. Rows whose user cells
    // hold only the "Twice MW" calculated formula are not kept; RIOT's typed note still is.
    const short = without.slice(0, 5);
    const r3 = await loadDeals(short, { run: h.run });
    expect(r3.keptRows).toBe(1);
    expect(h.fake.workbook.findTable("PivotLensDeals")!.rect.rows).toBe(short.length + 2);
    expect(value(h, "Deals", `A${HDR + short.length + 1}`)).toBe("RIOT-ROCKDALE-2026");
    expect(
      values(h, "Deals", `A${HDR + short.length + 2}:${U2}${HDR + 20}`)
        .flat()
        .filter((v) => v !== ""),
    ).toEqual([]);
  });

  test("a deal that leaves the list keeps its row when the user changed one of the add-in's cells in it (no user columns)", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    const riot = rowOf("RIOT-ROCKDALE-2026");
    await userBatch(
      h,
      (ctx) =>
        (ctx.workbook.worksheets.getItem("Deals").getRange(`${L("Tenant")}${riot}`).values = [["AMD (checked)"]]),
    );
    const without = DEALS.filter((d) => d.id !== "RIOT-ROCKDALE-2026");
    const r = await loadDeals(without, { run: h.run });
    expect(r.keptRows).toBe(1);
    const lastRow = HDR + without.length + 1;
    expect(value(h, "Deals", `A${lastRow}`)).toBe("RIOT-ROCKDALE-2026");
    expect(value(h, "Deals", `${L("Tenant")}${lastRow}`)).toBe("AMD (checked)");
    expect(value(h, "Deals", `${L("Status")}${lastRow}`)).toMatch(/not in the loaded deal list/);
    expect(r.keptCells).toContain(`Deals!${L("Tenant")}${lastRow}`);
    // Unchanged rows of deals that left are not kept: dropping a second deal without edits shrinks the table.
    const fewer = without.filter((d) => d.id !== "HUT-RIVERBEND-2025");
    const r2 = await loadDeals(fewer, { run: h.run });
    expect(r2.keptRows).toBe(1);
    expect(h.fake.workbook.findTable("PivotLensDeals")!.rect.rows).toBe(fewer.length + 2); // header + rows + kept RIOT
  });

  test("assumptions the user edited are kept, and the formulas use them", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    const npvCell = `${L("Lease NPV USD")}${rowOf("HUT-RIVERBEND-2025")}`;
    const at8 = value(h, "Deals", npvCell) as number;
    await userBatch(h, (ctx) => (ctx.workbook.worksheets.getItem("Deals").getRange("B4").values = [[0.1]]));
    const at10 = value(h, "Deals", npvCell) as number;
    expect(at10).toBeLessThan(at8);
    await loadDeals(DEALS, { run: h.run });
    expect(value(h, "Deals", "B4")).toBe(0.1);
    expect(value(h, "Deals", npvCell)).toBe(at10);
  });

  test("cells outside the add-in's ranges never change", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    await userBatch(h, (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Deals");
      s.getRange("E2:F3").values = [
        ["mine", 1],
        ["=B4*100", "x"],
      ];
      s.getRange("BA1").values = [["far away"]];
      ctx.workbook.worksheets.getItem("Sheet1").getRange("A1").values = [["other sheet"]];
    });
    const outside = () => [
      values(h, "Deals", "E2:F3"),
      formulas(h, "Deals", "E3"),
      value(h, "Deals", "BA1"),
      value(h, "Sheet1", "A1"),
    ];
    const before = outside();
    await loadDeals([...DEALS].reverse(), { run: h.run });
    await loadDeals(DEALS.slice(0, 3), { run: h.run });
    expect(outside()).toEqual(before);
  });

  test("growing into the user's cells below the table is refused, with nothing written", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS.slice(0, 4), { run: h.run });
    await userBatch(
      h,
      (ctx) => (ctx.workbook.worksheets.getItem("Deals").getRange(`C${HDR + 8}`).values = [["below"]]),
    );
    const before = dump(h);
    const err = await loadDeals(DEALS, { run: h.run }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect(err).toMatchObject({
      kind: "layout",
      message: expect.stringMatching(new RegExp(`C${HDR + 8}.*not empty`)),
      action: expect.stringMatching(/Move the content/),
    });
    expect(dump(h)).toEqual(before);
  });

  test("with the Total Row on, reload puts every deal in the data body and keeps the Total Row, in three syncs", async () => {
    const h = await newWorkbook();
    const first = DEALS.slice(0, 4);
    await loadDeals(first, { run: h.run });
    const n = first.length;
    await userBatch(h, (ctx) => {
      ctx.workbook.tables.getItem("PivotLensDeals").showTotals = true;
      ctx.workbook.worksheets.getItem("Deals").getRange(`A${HDR + n + 1}`).values = [["My total"]];
      ctx.workbook.worksheets.getItem("Deals").getRange(`A${HDR + 20}`).values = [["my note below"]];
    });
    const body = (h2: Harness, rows: number): unknown[] =>
      values(h2, "Deals", `A${HDR + 1}:A${HDR + rows}`).map((r) => r[0]);
    for (const list of [first, DEALS.slice(0, 7), DEALS.slice(0, 3)]) {
      h.fake.resetSyncCount();
      await loadDeals(list, { run: h.run });
      expect(h.fake.syncCount).toBeLessThanOrEqual(3);
      const t = h.fake.workbook.findTable("PivotLensDeals")!;
      expect(t.showTotals).toBe(true);
      expect(t.rect.rows).toBe(1 + list.length + 1);
      expect(body(h, list.length)).toEqual(list.map((d) => d.id));
      // The Total Row follows the last deal, with what the user put in it; the note below stays.
      expect(value(h, "Deals", `A${HDR + list.length + 1}`)).toBe("My total");
      expect(value(h, "Deals", `A${HDR + 20}`)).toBe("my note below");
    }
  });

  test("a table whose add-in columns were rearranged is not written over", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    await userBatch(h, (ctx) => (ctx.workbook.worksheets.getItem("Deals").getRange(`B${HDR}`).values = [["Firm"]]));
    await expect(loadDeals(DEALS, { run: h.run })).rejects.toMatchObject({
      kind: "layout",
      message: expect.stringMatching(/Column 2 .* should be "Company" but is "Firm"/),
    });
  });
});

describe("text from a feed stays text", () => {
  test.each(['=HYPERLINK("http://x","y")', "+1", "-cmd", "@SUM(A1)", "=1+1", "TRUE", "1e5", "2025-12-17", "'quoted"])(
    "tenant %j",
    async (tenant) => {
      const h = await newWorkbook();
      const deal = { ...DEALS[0], id: "INJ-1", tenant, notes: tenant, site: tenant } as Deal;
      await loadDeals([deal], { run: h.run });
      const row = HDR + 1;
      const cells = [`${L("Tenant")}${row}`, `${L("Notes")}${row}`, `${L("Site")}${row}`];
      for (const a1 of cells) {
        expect(value(h, "Deals", a1)).toBe(tenant);
        expect(formulas(h, "Deals", a1)[0][0]).toBe(tenant);
        const s = h.fake.workbook.sheet("Deals");
        expect(h.fake.workbook.valueTypes(h.fake.workbook.resolve(a1, s))[0][0]).toBe("String");
      }
    },
  );
});

describe("sheets and names the add-in did not create", () => {
  test('a user sheet named "Deals" is left alone; the deals go to "Deals (PivotLens)" and the result says so', async () => {
    const h = await newWorkbook(["Deals"]);
    await userBatch(
      h,
      (ctx) =>
        (ctx.workbook.worksheets.getItem("Deals").getRange("A1:B2").values = [
          ["mine", 1],
          [2, "=A2*2"],
        ]),
    );
    const mine = () => [formulas(h, "Deals", "A1:B2"), values(h, "Deals", "A1:B2")];
    const before = mine();
    const r = await loadDeals(DEALS, { run: h.run });
    expect(r.sheetName).toBe("Deals (PivotLens)");
    expect(r.renamedBecause).toMatch(/"Deals" already exists and was not created by PivotLens.*"Deals \(PivotLens\)"/);
    expect(r.notices).toEqual([r.renamedBecause]);
    expect(mine()).toEqual(before);
    expect(h.fake.workbook.usedRect(h.fake.workbook.sheet("Deals"), false)).toEqual({
      row: 0,
      col: 0,
      rows: 2,
      cols: 2,
    });
    // A reload finds the add-in's sheet by its marker, not by its title.
    const again = await loadDeals(DEALS, { run: h.run });
    expect([again.sheetName, again.created]).toEqual(["Deals (PivotLens)", false]);
  });

  test("the add-in's sheet renamed by the user is still found", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    await userBatch(h, (ctx) => (ctx.workbook.worksheets.getItem("Deals").name = "My deals"));
    const r = await loadDeals(DEALS, { run: h.run });
    expect([r.sheetName, r.created]).toEqual(["My deals", false]);
    expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1", "My deals"]);
  });

  test("a deleted add-in sheet is recreated (its stale marker replaced)", async () => {
    const h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
    await userBatch(h, (ctx) => ctx.workbook.worksheets.getItem("Deals").delete());
    const r = await loadDeals(DEALS, { run: h.run });
    expect([r.sheetName, r.created]).toEqual(["Deals", true]);
    expect(h.fake.workbook.findName("PIVOT__SHEET_DEALS")!.formula).toBe("=Deals!$A$1");
  });

  test("a user name PIVOT_DEALS_DISCOUNT_RATE is not taken over", async () => {
    const h = await newWorkbook();
    await userBatch(h, (ctx) =>
      ctx.workbook.names.add("PIVOT_DEALS_DISCOUNT_RATE", ctx.workbook.worksheets.getItem("Sheet1").getRange("A1")),
    );
    const err = await loadDeals(DEALS, { run: h.run }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      kind: "layout",
      message: expect.stringMatching(/PIVOT_DEALS_DISCOUNT_RATE that PivotLens did not create/),
      action: expect.stringMatching(/Name Manager/),
    });
    expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  });
});

describe("errors are typed, with what to do next", () => {
  test("no deals", async () => {
    const h = await newWorkbook();
    await expect(loadDeals([], { run: h.run })).rejects.toMatchObject({
      name: "WorkbookError",
      kind: "input",
      action: expect.stringMatching(/Clear the filters/),
    });
  });

  test("duplicate ids", async () => {
    const h = await newWorkbook();
    await expect(
      loadDeals([DEALS[0], { ...DEALS[1], id: DEALS[0].id.toLowerCase() }], { run: h.run }),
    ).rejects.toMatchObject({ kind: "input", message: expect.stringMatching(/appears twice/) });
  });

  test("outside Excel", async () => {
    await expect(loadDeals(DEALS)).rejects.toMatchObject({
      kind: "no-excel",
      action: expect.stringMatching(/Open the add-in from Excel/),
    });
  });

  test("an Excel failure keeps its code and gets an action", async () => {
    const failing = (async () => {
      throw Object.assign(new Error("The cell is being edited."), { code: "InvalidOperationInCellEditMode" });
    }) as never;
    await expect(loadDeals(DEALS, { run: failing })).rejects.toMatchObject({
      kind: "excel",
      code: "InvalidOperationInCellEditMode",
      message: expect.stringMatching(/Loading the deals failed: The cell is being edited/),
      action: expect.stringMatching(/Finish editing the cell/),
    });
  });
});
