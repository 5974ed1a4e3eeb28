/**
 * Company fundamentals speed.
 * Figure 1: ms to compute 1,000 PIVOT.COMPANY cells (every covered ticker × value and citation
 *   fields, as Excel passes them: 1×1 arrays), median of 21 recalculations after 20 warm-up
 *   recalculations (a workbook's steady state; target < 5 ms).
 * Figure 1b: the first recalculation of those cells in this process (cold: nothing cached, no JIT).
 * Figure 2: network requests those 7,000+ calls made (target 0: the data is bundled; only the
 *   task pane's feed load fetches). Counted by replacing globalThis.fetch for the run.
 */
import { COMPANY } from "../../src/functions/companies";
import { companyStore } from "../../src/companies/store";
import { COMPANY_FIELD_NAMES } from "../../src/companies/schema";
import { medianMs, round, type Emit } from "./harness";

export default async function bench(emit: Emit): Promise<void> {
  const tickers = companyStore().current.map((c) => c.ticker);
  const fields = [...COMPANY_FIELD_NAMES, ...COMPANY_FIELD_NAMES.map((f) => `${f}.source`), "cash_usd.as_of"];
  const cells: [unknown[][], unknown[][]][] = [];
  for (let i = 0; i < 1000; i++) {
    cells.push([[[tickers[i % tickers.length]]], [[fields[Math.floor(i / tickers.length) % fields.length]]]]);
  }
  const realFetch = globalThis.fetch;
  let requests = 0;
  globalThis.fetch = ((...args: Parameters<typeof fetch>) => {
    requests++;
    return realFetch(...args);
  }) as typeof fetch;
  let ms: number;
  let coldMs: number;
  let values = 0;
  try {
    const recalc = (): void => {
      for (const [t, f] of cells) {
        const v = (COMPANY as (a: unknown, b: unknown) => unknown)(t, f);
        if (v !== undefined) values++;
      }
    };
    const start = performance.now();
    recalc();
    coldMs = performance.now() - start;
    for (let i = 0; i < 20; i++) recalc();
    ms = await medianMs(recalc, 21);
  } finally {
    globalThis.fetch = realFetch;
  }
  if (values === 0) throw new Error("PIVOT.COMPANY returned nothing");
  emit({
    name: "PIVOT.COMPANY 1,000 cells",
    value: round(ms),
    unit: "ms",
    note: "median of 21 recalculations; target < 5 ms",
  });
  emit({ name: "PIVOT.COMPANY 1,000 cells, first recalculation", value: round(coldMs), unit: "ms", note: "cold" });
  emit({ name: "PIVOT.COMPANY requests for 43,000 calls", value: requests, unit: "requests", note: "target 0" });
}
