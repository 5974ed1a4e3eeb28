/**
 * No call can freeze Excel's runtime: over the fuzz corpus (every function of every listed
 * file; valid calls at the longest horizons, the largest allowed grids, full-column and
 * full-sheet ranges), each call returns something Excel can show, of at most 1,000,000
 * cells, or is refused with #VALUE! naming the size. The corpus is fixed (seeded) and bounded.
 * Time is not asserted here (a timed test fails on a loaded machine, not on slow code): what
 * bounds a call's time is the deterministic work cap (MAX_RESULT_CELLS and the model-step
 * budget), checked below; the time itself is measured by the bench
 * (test/bench/mining.bench.ts: the slowest single call of this corpus, target under 1 s).
 */
import { MAX_RESULT_CELLS } from "../../src/functions/adapter/define";
import { isError, single } from "../support/excel";
import { fuzzCorpus, resultCells, showable } from "./fuzzCorpus";
import { definedFunctions } from "./registry";

test("every call of the fuzz corpus: ≤ 1,000,000 cells, or refused with #VALUE!", async () => {
  const corpus = fuzzCorpus(await definedFunctions(), 10);
  expect(corpus.length).toBeGreaterThan(250);
  const failures: string[] = [];
  for (const call of corpus) {
    const out = call.run();
    if (!showable(out)) failures.push(`${call.name}: not something Excel can show`);
    if (resultCells(out) > MAX_RESULT_CELLS) failures.push(`${call.name}: ${resultCells(out)} cells`);
    const first = Array.isArray(out) && resultCells(out) === 1 ? single(out) : out;
    const refused =
      isError(first) && first.code === "#VALUE!" && /more than|too much work|takes a single value/.test(first.message);
    if (call.refused === true && !refused)
      failures.push(`${call.name}: not refused (${JSON.stringify(first).slice(0, 100)})`);
    if (call.refused === false && refused)
      failures.push(`${call.name}: refused: ${(first as { message: string }).message}`);
  }
  expect(failures).toEqual([]);
}, 300_000);

test("a refusal names the shapes and comes before the result is allocated", async () => {
  const { MINER_HASHPRICE } = await import("../../src/functions/mining");
  const column = Array.from({ length: 1_048_576 }, () => [90_000]);
  const row = [Array.from({ length: 16_384 }, () => 1000)];
  // Allocating the 17-billion-cell result would exhaust memory long before the test's timeout.
  const out = MINER_HASHPRICE(column, row);
  expect(single(out)).toMatchObject({
    code: "#VALUE!",
    message:
      "MINER_HASHPRICE: the result would be 1,048,576×16,384 = 17,179,869,184 cells, more than 1,000,000 " +
      "(btc_usd 1048576×1, network_eh_s 1×16384).",
  });
});

test("MINING_NPV_PER_MW over 300 × 300 cells at 100 years is refused at once, naming the work", async () => {
  const { MINING_NPV_PER_MW } = await import("../../src/functions/lease");
  const col = Array.from({ length: 300 }, (_, i) => [15 + i * 0.01]);
  const row = [Array.from({ length: 300 }, (_, j) => 0.03 + j * 1e-4)];
  const out = MINING_NPV_PER_MW(col, row, [[100]], [[0.08]], [[40]], [[0]], [[1]], [[0]], [[0.01]], [[931000]]);
  expect(single(out)).toMatchObject({
    code: "#VALUE!",
    message: expect.stringMatching(/300×300 cells .* more than 250,000 model steps/),
  });
  // A 100 × 100 table at 15 years computes: 10,000 cells × (4 + 9) steps.
  const ok = MINING_NPV_PER_MW(
    col.slice(0, 100),
    [row[0].slice(0, 100)],
    [[15]],
    [[0.08]],
    [[40]],
    [[0]],
    [[1]],
    [[0]],
    [[0.01]],
    [[931000]],
  );
  expect(resultCells(ok)).toBe(10_000);
  expect((ok as number[][]).every((r) => r.every((x) => typeof x === "number" && x >= 0))).toBe(true);
});
