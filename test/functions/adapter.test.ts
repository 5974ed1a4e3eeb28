/**
 * The adapter layer: what Excel passes (null for omitted, "" or null for empty cells, text,
 * booleans, 1×1 and larger ranges) and what every function gives back.
 */
import { ModelError } from "../../src/core/errors";
import { defineFunction, defineGridFunction } from "../../src/functions/adapter/define";
import { num, optNum, optText } from "../../src/functions/adapter/spec";
import { MINER_HASHPRICE } from "../../src/functions/mining";
import { marketValues } from "../../src/market/values";
import { hashpriceUsdPerPhDay } from "../../src/core/mining";
import { expectError, expectRel, isError, single } from "../support/excel";

const area = defineFunction({
  id: "TEST_AREA",
  args: [
    num("width_m", "m", { min: 0, minExclusive: true }),
    optNum("height_m", "m", { min: 0, minExclusive: true, default: 2 }),
    optNum("months", "months", { min: 0, max: 600, integer: true }),
    optText("period", { default: "month", oneOf: ["month", "year"] }),
  ] as const,
  compute: (width, height, months, period) => width * height + (months ?? 0) + (period === "year" ? 1000 : 0),
});

describe("scalar arguments", () => {
  test("an omitted optional argument (null) takes its default; TypeScript defaults never apply", () => {
    expect(area.invoke(3, null, null, null)).toBe(6);
    expect(area.invoke(3)).toBe(6);
  });

  test("an empty cell behaves as omitted", () => {
    expect(area.invoke(3, "", "", "")).toBe(6);
  });

  test("an empty required argument is #VALUE! naming it and its domain", () => {
    expectError(area.invoke(null), "#VALUE!", /width_m is required/, /> 0/, /\(m\)/);
    expectError(area.invoke(""), "#VALUE!", /width_m/);
  });

  test("text where a number belongs is #VALUE! naming the argument, its domain and the text", () => {
    expectError(area.invoke("abc"), "#VALUE!", /^width_m must be a number > 0 \(m\); got text "abc"\.$/);
    // Numbers as text are not parsed: "5" in a cell is usually a paste gone wrong.
    expectError(area.invoke("5"), "#VALUE!", /width_m/, /text "5"/);
  });

  test("booleans are #VALUE!", () => {
    expectError(area.invoke(true), "#VALUE!", /width_m/, /got TRUE/);
    expectError(area.invoke(3, false), "#VALUE!", /height_m/, /got FALSE/);
  });

  test("zero and negative values outside the domain are #VALUE! naming the domain", () => {
    expectError(area.invoke(0), "#VALUE!", /^width_m must be a number > 0 \(m\); got 0\.$/);
    expectError(area.invoke(-1), "#VALUE!", /width_m/, /got -1/);
    expectError(area.invoke(1, 1, 601), "#VALUE!", /months must be a whole number ≥ 0 and ≤ 600 \(months\); got 601/);
  });

  test("a fractional value for a whole-number argument is #VALUE!", () => {
    expectError(area.invoke(1, 1, 2.5), "#VALUE!", /months must be a whole number/, /2\.5/);
  });

  test("text options match case-insensitively; others are #VALUE! listing the options", () => {
    expect(area.invoke(1, 1, 0, "YEAR")).toBe(1001);
    expectError(area.invoke(1, 1, 0, "week"), "#VALUE!", /period must be one of "month", "year"; got text "week"/);
  });

  test("a 1×1 range is its value; a larger range on a scalar argument is #VALUE!", () => {
    expect(area.invoke([[3]], [[2]])).toBe(6);
    expectError(area.invoke([[1, 2]]), "#VALUE!", /width_m takes a single value; got a 1×2 range/);
  });

  test("an Excel error passed in comes back unchanged", () => {
    const upstream = new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, "upstream");
    expect(area.invoke(upstream)).toBe(upstream);
  });

  test("long or control-character text is shortened and neutralised in messages", () => {
    const nasty = `=HYPERLINK("x")\n${"y".repeat(100)}`;
    const result = single(area.invoke(nasty));
    if (!isError(result)) throw new Error("expected an error");
    expect(result.message).not.toContain("\n");
    expect(result.message.length).toBeLessThan(160);
  });
});

describe("results and failures below the adapter", () => {
  const failing = (thrown: unknown) =>
    defineFunction({
      id: "TEST_FAIL",
      args: [num("x", "units")] as const,
      compute: () => {
        throw thrown;
      },
    });

  test("a ModelError keeps its kind and message", () => {
    expectError(failing(new ModelError("na", "no such deal")).invoke(1), "#N/A", /^no such deal$/);
    expectError(failing(new ModelError("num", "did not converge")).invoke(1), "#NUM!", /did not converge/);
  });

  test("any other exception becomes #NUM! with the function id, never an exception", () => {
    expectError(failing(new TypeError("boom")).invoke(1), "#NUM!", /TEST_FAIL: internal error: boom/);
  });

  test("NaN and Infinity never reach a cell", () => {
    const divide = defineFunction({
      id: "TEST_DIV",
      args: [num("a", "units"), num("b", "units")] as const,
      compute: (a, b) => a / b,
    });
    expectError(divide.invoke(1, 0), "#NUM!", /not a finite number/);
    expectError(divide.invoke(0, 0), "#NUM!", /not a finite number/);
  });
});

describe("broadcasting", () => {
  const add = defineGridFunction({
    id: "TEST_ADD",
    args: [
      optNum("a", "units", { broadcast: true, default: 0 }),
      optNum("b", "units", { broadcast: true, min: 0, default: 0 }),
      optNum("c", "units", { default: 0 }),
    ] as const,
    compute: (a, b, c) => a * 10 + b + c * 100,
  });

  test("scalars give a 1×1 array", () => {
    expect(add.invoke(1, 2, 3)).toEqual([[312]]);
    expect(add.invoke([[1]], [[2]], null)).toEqual([[12]]);
  });

  test("a row against a column gives a grid, like Excel arithmetic", () => {
    expect(add.invoke([[1, 2, 3]], [[4], [5]])).toEqual([
      [14, 24, 34],
      [15, 25, 35],
    ]);
  });

  test("equal shapes go element by element; a 1-sized dimension repeats", () => {
    expect(
      add.invoke(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ),
    ).toEqual([
      [15, 26],
      [37, 48],
    ]);
    expect(
      add.invoke(
        [
          [1, 2],
          [3, 4],
        ],
        [[5, 6]],
      ),
    ).toEqual([
      [15, 26],
      [35, 46],
    ]);
  });

  test("mismatched shapes are #VALUE! naming both arguments and their shapes", () => {
    expectError(add.invoke([[1], [2], [3]], [[1], [2]]), "#VALUE!", /a \(3×1\) and b \(2×1\)/, /do not broadcast/);
    expectError(add.invoke([[1, 2, 3]], [[1, 2]]), "#VALUE!", /a \(1×3\) and b \(1×2\)/);
  });

  test("a bad element gives an error in its own cell only", () => {
    const out = add.invoke([[1, "x", 3]], [[1]]);
    expect(out[0][0]).toBe(11);
    expectError([[out[0][1]]], "#VALUE!", /a must be a number/, /text "x"/);
    expect(out[0][2]).toBe(31);
    const neg = add.invoke([[1]], [[1], [-1]]);
    expect(neg[0][0]).toBe(11);
    expectError([[neg[1][0]]], "#VALUE!", /b must be a number ≥ 0/);
  });

  test("a range on an argument that does not broadcast is #VALUE!", () => {
    expectError(add.invoke(1, 1, [[1, 2]]), "#VALUE!", /c takes a single value; got a 1×2 range/);
  });

  test("empty cells inside a range take the default", () => {
    expect(add.invoke([[1, null, ""]], 0)).toEqual([[10, 0, 0]]);
  });
});

describe("a headline function through the adapter: MINER_HASHPRICE", () => {
  test("omitted arguments come from the market snapshot", () => {
    const m = marketValues();
    const expected = hashpriceUsdPerPhDay(m.btcUsd, m.networkEhs, m.feesBtcPerBlock, m.subsidyBtc);
    expectRel(single(MINER_HASHPRICE(undefined, undefined, undefined, undefined)), expected);
  });

  test("overrides apply argument by argument", () => {
    const m = marketValues();
    const expected = hashpriceUsdPerPhDay(90000, 1000, m.feesBtcPerBlock, m.subsidyBtc);
    expectRel(single(MINER_HASHPRICE([[90000]], [[1000]], undefined, undefined)), expected);
  });

  test("bad inputs name the argument and the domain", () => {
    expectError(MINER_HASHPRICE([[-5]]), "#VALUE!", /btc_usd must be a number > 0 \(USD per BTC\); got -5/);
    expectError(MINER_HASHPRICE([[90000]], [["fast"]]), "#VALUE!", /network_eh_s/, /EH\/s/);
    expectError(MINER_HASHPRICE([[90000]], [[0]]), "#VALUE!", /network_eh_s must be a number > 0/);
    expectError(MINER_HASHPRICE([[90000]], [[1000]], [[-0.1]]), "#VALUE!", /fees_btc_per_block must be a number ≥ 0/);
    expectError(MINER_HASHPRICE([[true]]), "#VALUE!", /btc_usd/, /TRUE/);
  });
});
