/**
 * `invoke` is typed by the spec's arity: `tsc --noEmit -p .` (npm test's type-check) fails
 * if any `@ts-expect-error` line below stops being an error, i.e. if a wrapper could again
 * pass a stray argument (as MINING_NPV_PER_MW once passed pue) or leave out a required one.
 */
import { defineFunction, defineGridFunction } from "../../src/functions/adapter/define";
import { num, optNum } from "../../src/functions/adapter/spec";
import { miningNpvPerMw } from "../../src/functions/pivot";

const two = defineFunction({
  id: "TEST_TWO",
  args: [num("a", "units"), optNum("b", "units", { default: 1 })] as const,
  compute: (a, b) => a * b,
});
const grid = defineGridFunction({
  id: "TEST_GRID",
  args: [num("a", "units", { broadcast: true })] as const,
  compute: (a) => a,
});

test("calls with the declared arity type-check and run; wrong counts are type errors", () => {
  expect(two.invoke(3)).toBe(3);
  expect(two.invoke(3, 2)).toBe(6);
  expect(grid.invoke([[1, 2]])).toEqual([[1, 2]]);
  // @ts-expect-error one argument too many
  expect(two.invoke(3, 2, 1)).toBe(6);
  // @ts-expect-error a required argument left out
  expect(two.invoke()).toMatchObject({ code: "#VALUE!" });
  // @ts-expect-error MINING_NPV_PER_MW takes ten arguments, not eleven
  void miningNpvPerMw.invoke(20, 0.05, 5, 0.12, 40, 0, 1, 0, 0.01, 931000, 1);
});
