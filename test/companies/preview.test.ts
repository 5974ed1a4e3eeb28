/**
 * PIVOT.COMPANY and PIVOT.COMPANIES evaluated from cells by the preview engine (HyperFormula),
 * with functions.json and the associations generated from the sources as the build does: the
 * value drives arithmetic, an undisclosed field is #N/A with its message.
 */
import { FormulaEngine, type CellAddress } from "../../src/preview/engine/engine";
import { associateFromSource } from "../../src/preview/engine/fromSource";
import { installCustomFunctionsRuntime } from "../../src/preview/customFunctionsRuntime";
import { a1 } from "../preview/a1";

const A = (ref: string): CellAddress => a1(ref);

describe("company functions in the preview engine", () => {
  let engine: FormulaEngine;
  beforeAll(async () => {
    const metadata = await associateFromSource();
    const registry = installCustomFunctionsRuntime();
    engine = new FormulaEngine({ metadata, registry });
    engine.op(() => engine.hf.addSheet("Sheet1"));
  });
  afterAll(() => engine.destroy());

  it("a value feeds arithmetic; its citation is text; an undisclosed field is #N/A", () => {
    engine.setContents(A("A1"), [
      [
        '=PIVOT.COMPANY("HUT","btc_held")*100000',
        '=PIVOT.COMPANY("HUT","cash_usd.as_of")',
        '=PIVOT.COMPANY("HUT","fleet_j_th")',
      ],
    ]);
    expect(engine.value(A("A1"))).toBe(1_633_100_000);
    expect(engine.value(A("B1"))).toBe("2026-03-31");
    const c1 = engine.value(A("C1")) as { type?: string; message?: string } | null;
    expect(JSON.stringify(c1)).toMatch(/not disclosed/);
  });

  it("PIVOT.COMPANIES spills its header row and one row per company", () => {
    engine.setContents(A("E1"), [['=PIVOT.COMPANIES("cash_usd")']]);
    expect(engine.value(A("E1"))).toBe("ticker");
    expect(engine.value(A("G1"))).toBe("cash_usd");
    let n = 0;
    while (n < 100 && engine.value({ sheet: 0, row: n, col: 4 }) !== null) n++;
    expect(n).toBe(14);
  });
});
