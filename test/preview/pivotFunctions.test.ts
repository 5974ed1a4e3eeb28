/**
 * PIVOT.* functions evaluated from cells by the preview engine, with functions.json and the
 * associations generated from the sources exactly as the webpack build does.
 */
import { FormulaEngine, type CellAddress } from "../../src/preview/engine/engine";
import { associateFromSource } from "../../src/preview/engine/fromSource";
import { installCustomFunctionsRuntime } from "../../src/preview/customFunctionsRuntime";
import { marketValues } from "../../src/market/values";
import { hashpriceUsdPerPhDay } from "../../src/core/mining";
import { a1 } from "./a1";
import { bundledDataset } from "../../src/deals/dataset";
import { createMarketStore, installMarketStore, type MarketStore } from "../../src/market/store";
import { MemoryStorage } from "../../src/market/storage";
import { DEFAULT_FIXTURE_DATA, start as startFixtures, type FixtureServer } from "../support/marketFixtureServer";

const A = (ref: string): CellAddress => a1(ref);

describe("PIVOT functions from functions.json and functions.js", () => {
  let engine: FormulaEngine;
  beforeAll(async () => {
    const metadata = await associateFromSource();
    const registry = installCustomFunctionsRuntime();
    engine = new FormulaEngine({ metadata, registry });
    engine.op(() => engine.hf.addSheet("Sheet1"));
  });
  afterAll(() => engine.destroy());

  it("evaluates the documented example, dotted name and all", () => {
    // 144 × (3.125 + 0.02) BTC × 90,000 USD ÷ (1,000 EH/s = 1,000,000 PH/s) = 40.7592
    engine.setContents(A("A1"), [[90000, 1000, 0.02, 3.125, "=PIVOT.MINER_HASHPRICE(A1,B1,C1,D1)"]]);
    expect(engine.value(A("E1"))).toBeCloseTo(40.7592, 10);
    engine.setContents(A("E2"), [["=pivot.miner_hashprice(90000, 1000, 0.02, 3.125)"]]);
    expect(engine.value(A("E2"))).toBeCloseTo(40.7592, 10);
    expect(engine.hf.getCellFormula(A("E2"))).toBe("=PIVOT.MINER_HASHPRICE(90000, 1000, 0.02, 3.125)");
  });

  it("passes omitted optional arguments as null, so the market snapshot fills them", () => {
    engine.setContents(A("A3"), [["=PIVOT.MINER_HASHPRICE(90000, 1000)"]]);
    const m = marketValues();
    expect(engine.value(A("A3"))).toBeCloseTo(hashpriceUsdPerPhDay(90000, 1000, m.feesBtcPerBlock, m.subsidyBtc), 10);
  });

  it("recalculates dependents when an input cell changes", () => {
    engine.setContents(A("A1"), [[45000]]);
    expect(engine.value(A("E1"))).toBeCloseTo(40.7592 / 2, 10);
  });

  it("passes ranges as 2-D arrays and spills the broadcast grid", () => {
    engine.setContents(A("A10"), [
      [80000, 100000],
      [null, null],
    ]);
    engine.setContents(A("C10"), [[800], [1000]]);
    engine.setContents(A("E10"), [["=PIVOT.MINER_HASHPRICE(A10:B10, C10:C11, 0, 3.125)"]]);
    const expected = [
      [(144 * 3.125 * 80000) / 800000, (144 * 3.125 * 100000) / 800000],
      [(144 * 3.125 * 80000) / 1000000, (144 * 3.125 * 100000) / 1000000],
    ];
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 2; c++) {
        expect(engine.value({ sheet: 0, row: 9 + r, col: 4 + c })).toBeCloseTo(expected[r][c], 10);
      }
  });

  it("maps a CustomFunctions.Error to the Excel error with its message", () => {
    engine.setContents(A("G1"), [["=PIVOT.MINER_HASHPRICE(-5, 1000)"]]);
    const v = engine.value(A("G1"));
    expect(v).toEqual({ error: "#VALUE!", message: expect.stringContaining("btc_usd") });
    engine.setContents(A("G2"), [['=PIVOT.MINER_HASHPRICE("abc", 1000)']]);
    expect(engine.value(A("G2"))).toEqual({ error: "#VALUE!", message: expect.stringContaining("btc_usd") });
  });

  it("rejects too many arguments with #VALUE! and an unknown name with #NAME?", () => {
    engine.setContents(A("H1"), [
      ["=PIVOT.MINER_HASHPRICE(1,2,3,4,5)"],
      ["=PIVOT.NO_SUCH_FUNCTION(1)"],
      ["=MINER_HASHPRICE(1,2)"],
    ]);
    expect(engine.value(A("H1"))).toEqual({
      error: "#VALUE!",
      message: expect.stringMatching(/at most 4 arguments; got 5/),
    });
    expect(engine.value(A("H2"))).toMatchObject({ error: "#NAME?" });
    expect(engine.value(A("H3"))).toMatchObject({ error: "#NAME?" });
  });

  it("propagates an error given to a function, as Excel does", () => {
    engine.setContents(A("I1"), [["=1/0", "=PIVOT.MINER_HASHPRICE(I1, 1000)"]]);
    expect(engine.value(A("J1"))).toMatchObject({ error: "#DIV/0!" });
  });
});

describe("streaming PIVOT.MARKET and spilled PIVOT.DEALS in the engine", () => {
  let fixtures: FixtureServer;
  let engine: FormulaEngine;
  let store: MarketStore;
  beforeAll(async () => {
    fixtures = await startFixtures({ port: 0 });
    const metadata = await associateFromSource();
    engine = new FormulaEngine({ metadata, registry: installCustomFunctionsRuntime() });
    engine.op(() => engine.hf.addSheet("Sheet1"));
  });
  beforeEach(async () => {
    store = createMarketStore({ storage: new MemoryStorage() });
    installMarketStore(store);
    await store.settings.set({
      mempoolBaseUrl: fixtures.url,
      coinbaseBaseUrl: fixtures.url,
      krakenBaseUrl: fixtures.url,
    });
  });
  afterEach(() => {
    engine.setContents(A("A1"), [[null, null]]);
    store.dispose();
    installMarketStore(undefined);
  });
  afterAll(async () => {
    engine.destroy();
    await fixtures.close();
  });

  const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

  it("shows the snapshot, follows a refresh with its dependents, and unsubscribes when cleared", async () => {
    engine.setContents(A("A1"), [['=PIVOT.MARKET("btc_usd")', "=A1*2"]]);
    expect(engine.value(A("A1"))).toBe(store.snapshot().fields.btc_usd?.value);
    expect(store.stats().listeners).toBe(1);
    await store.refresh();
    await settle();
    expect(engine.value(A("A1"))).toBe(DEFAULT_FIXTURE_DATA.btcUsd);
    expect(engine.value(A("B1"))).toBe(2 * DEFAULT_FIXTURE_DATA.btcUsd);
    engine.setContents(A("A1"), [[null]]);
    expect(store.stats().listeners).toBe(0);
  });

  it("spills PIVOT.DEALS with its header row, and re-spills when the company changes", () => {
    const all = bundledDataset().deals;
    const ticker = all[0].ticker;
    const mine = all.filter((d) => d.ticker === ticker).length;
    engine.setContents(A("H1"), [["", "=PIVOT.DEALS(H1)"]]);
    const rows = (): number => {
      let n = 0;
      while (engine.value({ sheet: 0, row: n, col: 8 }) !== null) n++;
      return n;
    };
    expect(engine.value(A("I1"))).toBe("ID");
    expect(rows()).toBe(all.length + 1);
    engine.setContents(A("H1"), [[ticker]]);
    expect(rows()).toBe(mine + 1);
    engine.setContents(A("H1"), [[null, null]]);
  });
});
