/**
 * A declared block that moves (declared/moves.ts): laid out in declaration order on every
 * write, its rows and columns changing place, the user's cells moving with them as a copy
 * would move them; an old cell no target lands on is cleared when it was the add-in's and left
 * (reported) when it is the user's.
 */
import { asText } from "../../src/workbook/cells";
import { shiftFormula } from "../../src/workbook/declared/moves";
import { block, type SheetDecl } from "../../src/workbook/declared/sheet";
import { writeDeclaredSheet } from "../../src/workbook/declared/writer";
import { forbidConsoleErrors, formulas, newWorkbook, value, type Harness } from "./fakeExcel";

forbidConsoleErrors();

interface In {
  readonly items: readonly string[];
  readonly cols: readonly string[];
}
const decl: SheetDecl<In> = {
  role: "REVENUE_MIX",
  baseName: "Moves",
  comment: "moves test",
  blocks: [
    {
      block: (input: In) =>
        block<string>({
          id: "grid",
          header: true,
          moves: true,
          rowKey: (r) => r,
          columns: [
            { key: "item", header: "Item", cell: (r) => asText(r) },
            ...input.cols.map((c) => ({ key: c, header: c, cell: (r: string) => asText(`${r}.${c}`) })),
          ],
        }),
      rows: (input) => input.items,
    },
  ],
};
const write = (h: Harness, input: In) => writeDeclaredSheet(decl, input, { run: h.run, what: "test" });
const put = (h: Harness, a1: string, f: string) =>
  h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Moves").getRange(a1).formulas = [[f]];
    await ctx.sync();
  });

test("columns and rows follow the declaration; the user's cell moves with its row and column", async () => {
  const h = await newWorkbook();
  await write(h, { items: ["a", "b"], cols: ["x", "y"] });
  expect(value(h, "Moves", "B2")).toBe("a.x");
  await put(h, "C3", '=B3&"!"'); // b.y, the user's: refers to b.x beside it
  const r = await write(h, { items: ["z", "b", "a"], cols: ["y", "x"] });
  // b is now row 3, y column B: the user's formula moves one column left, shifted as a copy would be (B3 to A3).
  expect(formulas(h, "Moves", "A1:C4")).toEqual([
    ["Item", "y", "x"],
    ["z", "z.y", "z.x"],
    ["b", '=A3&"!"', "b.x"],
    ["a", "a.y", "a.x"],
  ]);
  expect(r.kept).toEqual(["Moves!B3"]);
});

test("a dropped row is cleared when it was the add-in's and left, reported, where it holds the user's cell", async () => {
  const h = await newWorkbook();
  await write(h, { items: ["a", "b", "c"], cols: ["x"] });
  await put(h, "B4", "mine");
  const r = await write(h, { items: ["a"], cols: ["x"] });
  expect(formulas(h, "Moves", "A1:B4")).toEqual([
    ["Item", "x"],
    ["a", "a.x"],
    ["", ""],
    ["", "mine"],
  ]);
  expect(r.kept).toEqual(["Moves!B4"]);
  // It now stands where the block would grow, so a write that needs it stops.
  await expect(write(h, { items: ["a", "b", "c"], cols: ["x"] })).rejects.toMatchObject({
    kind: "layout",
    message: expect.stringMatching(/B4 holds content the add-in did not write/),
  });
});

test("shiftFormula moves relative references as a copy does and leaves absolute ones, text and sheet names", () => {
  expect(shiftFormula("=C8+$B$8+C$5+\"C8\"+'My C8'!C8", 2, 2)).toBe("=E10+$B$8+E$5+\"C8\"+'My C8'!E10");
  expect(shiftFormula("=B2", -2, 0)).toBe("=#REF!");
});
