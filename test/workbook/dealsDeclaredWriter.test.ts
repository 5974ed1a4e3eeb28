/**
 * The pieces of the shared declared writer that the Deals table needs, on hand-built cells:
 * a row that moved is compared with its old place row-free (a formula moved with its row is
 * still the add-in's), a new row is the add-in's whatever the memory says, a kept cell whose
 * row moved is carried with its number format, and equal runs on consecutive rows are one
 * range write. Plus the Deals sheet on a protected sheet: nothing written.
 */
import { bundledDataset } from "../../src/deals/dataset";
import { loadDeals } from "../../src/workbook/dealsSheet";
import { fingerprint, planCells, runsOf, stackRuns } from "../../src/workbook/declared/reconcile";
import { carryKept } from "../../src/workbook/declared/table";
import { dump, forbidConsoleErrors, newWorkbook } from "./fakeExcel";

forbidConsoleErrors();

describe("rows that move (table blocks)", () => {
  // The add-in wrote =B5*2 in C5 (row index 4); the row now lands on row index 6.
  const target = { row: 6, col: 2, id: "t/K/c", next: "=B7*2", rowFree: true, readFrom: { row: 4, col: 2 } };
  const at = (content: string | number) => (r: number, c: number) => (r === 4 && c === 2 ? content : "");
  const lastWritten = { "t/K/c": fingerprint("=B5*2") };

  test("a formula moved with its row is compared as if in row 0: still the add-in's, rewritten", () => {
    // Row-free, =B5*2 in row index 4 and =B7*2 in row index 6 are the same formula: written, no memory needed.
    expect(planCells([target], at("=B5*2"), {}).cells[0].decision).toBe("write");
    // Its memory is row-free too: the same fingerprint wherever the row lands.
    const a = planCells([target], at("=B5*2"), {}).memory["t/K/c"];
    const b = planCells([{ ...target, row: 9, next: "=B10*2" }], at("=B5*2"), {}).memory["t/K/c"];
    expect(a).toBe(b);
    expect(planCells([target], at("=B5*2"), { "t/K/c": a }).cells[0].decision).toBe("write");
  });

  test("the user's value at the row's old place is kept, then carried to the new place with its format", () => {
    const plan = planCells([target], at(0.0275), { "t/K/c": planCells([target], at("=B5*2"), {}).memory["t/K/c"] });
    expect(plan.cells[0].decision).toBe("kept");
    const read = { top: 4, left: 2, formulas: [[0.0275]], values: [[0.0275]], formats: [["0.00%"]] };
    const [carried] = carryKept(plan.cells, read);
    expect(carried).toMatchObject({ decision: "kept", carried: true, row: 6, col: 2, next: 0.0275, format: "0.00%" });
    // A carried cell is written (at its new place), so it is in the runs.
    expect(runsOf([carried]).map((r) => [r.row, r.col, r.formulas, r.formats])).toEqual([[6, 2, [0.0275], ["0.00%"]]]);
    // A formula the user typed moves as Excel moves a copied formula; text stays text.
    const f = carryKept(plan.cells, { top: 4, left: 2, formulas: [["=A5+1"]], values: [[3]], formats: [["0"]] })[0];
    expect(f.next).toBe("=A7+1");
    const t = carryKept(plan.cells, { top: 4, left: 2, formulas: [["=x"]], values: [["=x"]], formats: [["@"]] })[0];
    expect(t.next).toBe("'=x");
  });

  test("a cell of a new row (nothing of it was there) is written whatever the memory says", () => {
    // Read at an old place, "someone else's" differs from what was last written there: kept.
    expect(planCells([target], () => "someone else's", lastWritten).cells[0].decision).toBe("kept");
    // The same cell in a new row: what is there belonged to a row that moved away; written.
    const fresh = { ...target, readFrom: null };
    expect(planCells([fresh], () => "someone else's", lastWritten).cells[0].decision).toBe("write");
  });

  test("runs of equal column and width on consecutive rows stack into one rectangle; a gap starts another", () => {
    const cells = [10, 11, 12, 14].flatMap((row) =>
      [0, 1].map((col) => ({ row, col, id: `b/${row}/${col}`, next: row * 10 + col, format: "0" })),
    );
    const plan = planCells(cells, () => "", {});
    expect(stackRuns(runsOf(plan.cells))).toEqual([
      {
        row: 10,
        col: 0,
        formulas: [
          [100, 101],
          [110, 111],
          [120, 121],
        ],
        formats: [
          ["0", "0"],
          ["0", "0"],
          ["0", "0"],
        ],
      },
      { row: 14, col: 0, formulas: [[140, 141]], formats: [["0", "0"]] },
    ]);
  });
});

describe("the Deals sheet through the shared writer", () => {
  test("a protected Deals sheet: a clear message, and nothing is written", async () => {
    const h = await newWorkbook();
    const deals = bundledDataset().deals;
    await loadDeals(deals, { run: h.run });
    await h.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Deals").protection.protect();
      await ctx.sync();
    });
    const before = dump(h);
    await expect(loadDeals(deals.slice(0, 3), { run: h.run })).rejects.toMatchObject({
      kind: "excel",
      code: "AccessDenied",
      message: 'The sheet "Deals" is protected, so the add-in wrote nothing to it (none of your cells changed).',
    });
    expect(dump(h)).toEqual(before);
  });
});
