import { installCustomFunctionsRuntime } from "../src/preview/customFunctionsRuntime";
installCustomFunctionsRuntime();
(async () => {
  const { definedFunctions } = await import("../test/functions/registry");
  const { fuzzCorpus, resultCells } = await import("../test/functions/fuzzCorpus");
  const corpus = fuzzCorpus(await definedFunctions(), 2);
  for (const c of corpus) {
    const t = performance.now();
    const out = c.run();
    const ms = performance.now() - t;
    if (ms > 50 || c.refused) {
      const first = Array.isArray(out) ? out[0][0] : out;
      console.log(ms.toFixed(0), c.name, resultCells(out), JSON.stringify(first).slice(0, 120));
    }
  }
})();
