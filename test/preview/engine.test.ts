/**
 * The preview engine: PIVOT.* functions evaluated from cells by HyperFormula exactly as Excel
 * would call them (names, argument counts, ranges, errors, spills, streaming).
 */
import { FormulaEngine, type CellAddress } from "../../src/preview/engine/engine";
import { parseFunctionsMetadata, type FunctionsMetadata } from "../../src/preview/engine/metadata";
import { a1 } from "./a1";
import {
  createRuntimeRegistry,
  installCustomFunctionsRuntime,
  type RuntimeRegistry,
} from "../../src/preview/customFunctionsRuntime";

const A = (ref: string): CellAddress => a1(ref);

function engineWith(metadata: FunctionsMetadata, registry: RuntimeRegistry): FormulaEngine {
  const engine = new FormulaEngine({ metadata, registry });
  engine.op(() => engine.hf.addSheet("Sheet1"));
  return engine;
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

describe("engine mechanics with synthetic functions", () => {
  const meta = parseFunctionsMetadata({
    functions: [
      { id: "SEQ", name: "SEQ", parameters: [{ name: "n", type: "number" }], result: { dimensionality: "matrix" } },
      {
        id: "ADD",
        name: "ADD",
        parameters: [
          { name: "a", type: "number" },
          { name: "b", type: "number", optional: true },
        ],
      },
      { id: "SUMALL", name: "SUMALL", parameters: [{ name: "xs", type: "number", repeating: true }] },
      { id: "BOOM", name: "BOOM", parameters: [] },
      { id: "LATER", name: "LATER", parameters: [{ name: "x", type: "number" }] },
      {
        id: "TICKER",
        name: "TICKER",
        parameters: [{ name: "symbol", type: "string" }],
        options: { stream: true, cancelable: true },
      },
      { id: "UNBOUND", name: "UNBOUND", parameters: [] },
    ],
  });
  const registry = createRuntimeRegistry();
  const started: string[] = [];
  const canceled: string[] = [];
  const streams = new Map<string, (v: unknown) => void>();
  registry.functions.set("SEQ", (n: unknown) => Array.from({ length: Number(n) }, (_, i) => [i + 1]));
  registry.functions.set("ADD", (a: unknown, b: unknown) => (a as number) + (b === null ? 100 : (b as number)));
  registry.functions.set("SUMALL", (xs: unknown) => (xs as number[]).reduce((s, x) => s + x, 0));
  registry.functions.set("BOOM", () => {
    throw new RangeError("kaput");
  });
  registry.functions.set("LATER", (x: unknown) => new Promise((r) => setTimeout(() => r((x as number) * 2), 1)));
  registry.functions.set("TICKER", (symbol: unknown, invocation: unknown) => {
    const inv = invocation as { setResult(v: unknown): void; onCanceled?: () => void };
    started.push(String(symbol));
    streams.set(String(symbol), (v) => inv.setResult(v));
    inv.onCanceled = () => canceled.push(String(symbol));
  });
  let engine: FormulaEngine;
  beforeEach(() => {
    started.length = 0;
    canceled.length = 0;
    engine = engineWith(meta, registry);
  });
  afterEach(() => engine.destroy());

  it("an omitted optional argument is null; an empty one too", () => {
    engine.setContents(A("A1"), [["=PIVOT.ADD(1)", "=PIVOT.ADD(1,)", "=PIVOT.ADD(1,2)"]]);
    expect([engine.value(A("A1")), engine.value(A("B1")), engine.value(A("C1"))]).toEqual([101, 101, 3]);
  });

  it("too few arguments give #VALUE! with the signature", () => {
    engine.setContents(A("A1"), [["=PIVOT.ADD()"]]);
    expect(engine.value(A("A1"))).toEqual({
      error: "#VALUE!",
      message: "PIVOT.ADD(a, [b]) needs at least 1 argument; got 0.",
    });
  });

  it("repeating parameters arrive as one array", () => {
    engine.setContents(A("A1"), [["=PIVOT.SUMALL(1,2,3,4)"]]);
    expect(engine.value(A("A1"))).toBe(10);
  });

  it("a range given to a scalar parameter lifts the call and spills", () => {
    engine.setContents(A("A1"), [[1], [2], [3]]);
    engine.setContents(A("B1"), [["=PIVOT.ADD(A1:A3, 10)"]]);
    expect([engine.value(A("B1")), engine.value(A("B2")), engine.value(A("B3"))]).toEqual([11, 12, 13]);
  });

  it("a thrown exception becomes #VALUE! naming it", () => {
    engine.setContents(A("A1"), [["=PIVOT.BOOM()"]]);
    expect(engine.value(A("A1"))).toEqual({ error: "#VALUE!", message: "PIVOT.BOOM threw RangeError: kaput" });
  });

  it("a declared function without an implementation is #NAME?, and recalculates once associated", async () => {
    engine.setContents(A("A1"), [["=PIVOT.UNBOUND()"]]);
    expect(engine.value(A("A1"))).toMatchObject({ error: "#NAME?" });
    const frame: Record<string, unknown> = {};
    installCustomFunctionsRuntime(frame, registry);
    (frame.CustomFunctions as typeof CustomFunctions).associate("UNBOUND", () => 42);
    await tick();
    expect(engine.value(A("A1"))).toBe(42);
    registry.functions.delete("UNBOUND");
  });

  it("spills re-size when the inputs change the result's shape", () => {
    engine.setContents(A("A1"), [[2, "=PIVOT.SEQ(A1)", "=SUM(B1:B10)"]]);
    expect(engine.value(A("B2"))).toBe(2);
    expect(engine.value(A("B3"))).toBeNull();
    engine.setContents(A("A1"), [[4]]);
    expect([1, 2, 3, 4].map((i) => engine.value({ sheet: 0, row: i - 1, col: 1 }))).toEqual([1, 2, 3, 4]);
    expect(engine.value(A("C1"))).toBe(10);
    engine.setContents(A("A1"), [[1]]);
    expect(engine.value(A("B2"))).toBeNull();
    expect(engine.value(A("C1"))).toBe(1);
  });

  it("a blocked spill is #SPILL!", () => {
    engine.setContents(A("B2"), [["x"]]);
    engine.setContents(A("B1"), [["=PIVOT.SEQ(3)"]]);
    expect(engine.value(A("B1"))).toMatchObject({ error: "#SPILL!" });
  });

  it("a Promise result shows #BUSY! until it settles, then updates dependents", async () => {
    engine.setContents(A("A1"), [["=PIVOT.LATER(21)", "=A1+1"]]);
    expect(engine.value(A("A1"))).toMatchObject({ error: "#BUSY!" });
    await tick();
    await tick();
    expect(engine.value(A("A1"))).toBe(42);
    expect(engine.value(A("B1"))).toBe(43);
  });

  it("streaming: setResult updates the cell and dependents; removal and argument changes cancel", async () => {
    engine.setContents(A("A1"), [['=PIVOT.TICKER("BTC")', "=A1*2"]]);
    expect(engine.value(A("A1"))).toMatchObject({ error: "#BUSY!" });
    expect(started).toEqual(["BTC"]);
    streams.get("BTC")!(100);
    await tick();
    expect(engine.value(A("A1"))).toBe(100);
    expect(engine.value(A("B1"))).toBe(200);
    streams.get("BTC")!(101);
    await tick();
    expect(engine.value(A("B1"))).toBe(202);
    expect(started).toEqual(["BTC"]); // re-evaluation does not restart the stream
    engine.setContents(A("A1"), [['=PIVOT.TICKER("ETH")']]);
    expect(canceled).toEqual(["BTC"]);
    expect(started).toEqual(["BTC", "ETH"]);
    engine.setContents(A("A1"), [[null]]);
    expect(canceled).toEqual(["BTC", "ETH"]);
    streams.get("ETH")!(5); // a canceled stream's results are ignored
    await tick();
    expect(engine.value(A("A1"))).toBeNull();
  });
});
