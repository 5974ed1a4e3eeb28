/**
 * The reconcile that never loses a user cell: the audit's Inputs scenarios in the fake Excel
 * (0 user cells lost, each kept cell named), protection, reset, and a property test of random
 * user edits to random add-in cells.
 */
import fc from "fast-check";
import { createMarketStore, installMarketStore, type MarketStore } from "../../src/market/store";
import type { MarketSnapshot } from "../../src/market/model";
import { WorkbookError } from "../../src/workbook/errors";
import { INPUT_ROWS, writeInputsSheet } from "../../src/workbook/inputsSheet";
import { decide, fingerprint, planCells, readBackForm, runsOf } from "../../src/workbook/declared/reconcile";
import { dump, formulas, forbidConsoleErrors, newWorkbook, type Harness } from "./fakeExcel";

forbidConsoleErrors();

const NOW = Date.parse("2026-01-12T06:00:00Z");
let store: MarketStore;
let snapshot: MarketSnapshot;
beforeEach(() => {
  store = createMarketStore({
    now: () => NOW,
    fetch: (async () => {
      throw new Error("no network in this test");
    }) as never,
  });
  installMarketStore(store);
  snapshot = store.snapshot();
});
afterEach(() => installMarketStore(undefined));

async function user(h: Harness, sheet: string, a1: string, rows: (string | number)[][]): Promise<void> {
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem(sheet).getRange(a1).formulas = rows;
    await ctx.sync();
  });
}

async function userDo(h: Harness, fn: (ctx: Excel.RequestContext) => void): Promise<void> {
  await h.run(async (ctx) => {
    fn(ctx);
    await ctx.sync();
  });
}

describe("the cell-level decision", () => {
  test("the table of decisions: unchanged → write; changed → kept (or reset when confirmed); never written → write only if empty or the same", () => {
    const f = fingerprint('=PIVOT.MARKET("btc_usd")');
    expect(decide('=PIVOT.MARKET("btc_usd")', f, '=PIVOT.MARKET("btc_usd")')).toBe("write");
    expect(decide(120000, f, '=PIVOT.MARKET("btc_usd")')).toBe("kept");
    expect(decide(120000, f, '=PIVOT.MARKET("btc_usd")', true)).toBe("reset");
    expect(decide("", f, '=PIVOT.MARKET("btc_usd")')).toBe("kept"); // the user cleared it: theirs
    expect(decide("", undefined, "'Unit")).toBe("write");
    expect(decide("Unit", undefined, "'Unit")).toBe("write");
    expect(decide("my note", undefined, "'Unit")).toBe("kept");
    expect(readBackForm("'=not a formula")).toBe("=not a formula");
    expect(fingerprint(1)).not.toBe(fingerprint("1"));
  });

  test("runs never include a kept cell and break at gaps", () => {
    const plan = planCells(
      [0, 1, 2, 4].map((col) => ({ row: 3, col, id: `b/r/${col}`, next: col })),
      (_r, c) => (c === 1 ? "mine" : ""),
      { "b/r/1": fingerprint(1) },
    );
    expect(runsOf(plan.cells).map((r) => [r.col, r.formulas])).toEqual([
      [0, [0]],
      [2, [2]],
      [4, [4]],
    ]);
    expect(plan.memory["b/r/1"]).toBe(fingerprint(1)); // the kept cell keeps its old memory
  });
});

describe("Inputs audit scenarios: 0 user cells lost", () => {
  test('a scenario override typed over =PIVOT.MARKET("btc_usd") and a note beside it survive a rewrite, and are named', async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await user(h, "Inputs", "B5:C5", [[150000, "bull case, my note"]]);
    const r = await writeInputsSheet(snapshot, { run: h.run });
    expect(formulas(h, "Inputs", "B5:C5")).toEqual([[150000, "bull case, my note"]]);
    expect(r.kept).toEqual(["Inputs!B5", "Inputs!C5"]);
    expect(r.notices).toEqual(
      expect.arrayContaining(["Kept your value in Inputs!B5.", "Kept your value in Inputs!C5."]),
    );
    // The name still points at the (overridden) value, so models use the scenario.
    expect(h.fake.workbook.findName("PIVOT_BTC_USD")!.formula).toBe("=Inputs!$B$5");
    // And again: still kept, still reported.
    const again = await writeInputsSheet(snapshot, { run: h.run });
    expect(again.kept).toEqual(["Inputs!B5", "Inputs!C5"]);
    expect(formulas(h, "Inputs", "B5:C5")).toEqual([[150000, "bull case, my note"]]);
  });

  test("a column inserted inside the block: its 10 user cells are kept, the add-in's columns are found by header, no stale column is left", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await userDo(h, (ctx) => void ctx.workbook.worksheets.getItem("Inputs").getRange("C:C").insert("Right"));
    const mine = [["My view"], ...INPUT_ROWS.map((_, i) => [`note ${i}`])]; // header + 9 rows = 10 cells
    await user(h, "Inputs", `C4:C${4 + INPUT_ROWS.length}`, mine);
    const r = await writeInputsSheet(snapshot, { run: h.run });
    expect(mine.length).toBe(10);
    expect(formulas(h, "Inputs", `C4:C${4 + INPUT_ROWS.length}`)).toEqual(mine);
    expect(r.kept).toEqual([]);
    expect(formulas(h, "Inputs", "A4:H4")).toEqual([
      ["Input", "Value", "My view", "Unit", "As of (UTC)", "Source", "Status", "Workbook name"],
    ]);
    expect(formulas(h, "Inputs", "D5")).toEqual([["USD per BTC"]]);
    // The snapshot row lines up with the table's columns: nothing written into the inserted column there either.
    expect(formulas(h, "Inputs", "C3:E3")).toEqual([["", "Stale", '=PIVOT.MARKET("stale")']]);
    expect(
      formulas(h, "Inputs", "I4:I14")
        .flat()
        .every((v) => v === ""),
    ).toBe(true);
  });

  test("a protected Inputs sheet: a clear message, and nothing is half-written", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await userDo(h, (ctx) => ctx.workbook.worksheets.getItem("Inputs").protection.protect());
    const before = dump(h);
    const settingsBefore = [...h.fake.workbook.settings.entries()];
    const err = await writeInputsSheet(snapshot, { run: h.run }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookError);
    expect(err).toMatchObject({
      kind: "excel",
      code: "AccessDenied",
      message: 'The sheet "Inputs" is protected, so the add-in wrote nothing to it (none of your cells changed).',
      action: expect.stringMatching(/Unprotect/),
    });
    expect(dump(h)).toEqual(before);
    expect([...h.fake.workbook.settings.entries()]).toEqual(settingsBefore);
  });

  test("a confirmed reset puts the add-in's formulas back and says which cells it overwrote", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    await user(h, "Inputs", "B5", [[150000]]);
    const r = await writeInputsSheet(snapshot, { run: h.run, resetBlocks: ["inputs"] });
    expect(r.reset).toEqual(["Inputs!B5"]);
    expect(r.notices).toContain("Reset to the add-in's values, as you confirmed: Inputs!B5.");
    expect(formulas(h, "Inputs", "B5")).toEqual([['=PIVOT.MARKET("btc_usd")']]);
    const after = await writeInputsSheet(snapshot, { run: h.run });
    expect(after.kept).toEqual([]);
  });

  test("the memory lives in the workbook (its settings), so it travels with the file", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    const saved = h.fake.workbook.settings.get("PivotLens.written.INPUTS") as {
      v: number;
      cells: Record<string, string>;
    };
    expect(saved.v).toBe(1);
    expect(saved.cells["inputs/btc_usd/value"]).toBe(fingerprint('=PIVOT.MARKET("btc_usd")'));
  });
});

describe("property: random user edits to random add-in cells all survive a rewrite", () => {
  test("every edit survives and is reported; every other cell is the add-in's", async () => {
    const h = await newWorkbook();
    await writeInputsSheet(snapshot, { run: h.run });
    const pristine = formulas(h, "Inputs", `A4:G${4 + INPUT_ROWS.length}`);
    const cellArb = fc.record({
      // Rows of the table (1..9; 0 is the header row, whose edit is a layout change: tested in inputsSheet.test.ts).
      row: fc.integer({ min: 1, max: INPUT_ROWS.length }),
      col: fc.integer({ min: 0, max: 6 }),
      // A typed number, a typed text (never one that would read as the add-in's own content), or a formula.
      value: fc.oneof(
        fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
        fc.string({ minLength: 1, maxLength: 12 }).map((s) => `u:${s.replace(/^[=+\-@']/, "")}`),
        fc.integer({ min: 1, max: 999 }).map((n) => `=${n}*2`),
      ),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(cellArb, { minLength: 1, maxLength: 8, selector: (c) => `${c.row}:${c.col}` }),
        async (edits) => {
          // Start each run from the add-in's sheet.
          await writeInputsSheet(snapshot, { run: h.run, resetBlocks: ["inputs"] });
          for (const e of edits) {
            const typed = typeof e.value === "string" && !e.value.startsWith("=") ? `'${e.value}` : e.value;
            await user(h, "Inputs", `${"ABCDEFG"[e.col]}${4 + e.row}`, [[typed]]);
          }
          const edited = formulas(h, "Inputs", `A4:G${4 + INPUT_ROWS.length}`);
          const r = await writeInputsSheet(snapshot, { run: h.run });
          const after = formulas(h, "Inputs", `A4:G${4 + INPUT_ROWS.length}`);
          const changed = edits.filter((e) => edited[e.row][e.col] !== pristine[e.row][e.col]);
          for (const e of changed) expect(after[e.row][e.col]).toEqual(edited[e.row][e.col]);
          expect([...r.kept].sort()).toEqual(changed.map((e) => `Inputs!${"ABCDEFG"[e.col]}${4 + e.row}`).sort());
          after.forEach((row, i) =>
            row.forEach((v, j) => {
              if (!changed.some((e) => e.row === i && e.col === j)) expect(v).toEqual(pristine[i][j]);
            }),
          );
        },
      ),
      { numRuns: 15, interruptAfterTimeLimit: 15_000 },
    );
  });
});
