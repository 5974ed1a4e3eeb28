/**
 * Workbook writers against the fake Excel object model (src/preview/excel; formulas
 * evaluated by HyperFormula with the PIVOT functions): context.sync() counts for loading
 * 20 and 2,000 deals (first load and reload), for the Inputs sheet and for the Comps build,
 * and the wall time of writing 2,000 deals. The time includes the fake's formula engine
 * computing every PIVOT formula of the table, which real Excel does after the batch.
 */
import { createFakeExcel } from "../../src/preview/excel";
import { associateFromSource } from "../../src/preview/engine/fromSource";
import { installCustomFunctionsRuntime } from "../../src/preview/customFunctionsRuntime";
import { bundledDataset } from "../../src/deals/dataset";
import { clearFeed, setFeed } from "../../src/deals/store";
import { createMarketStore } from "../../src/market/store";
import { companyStore } from "../../src/companies/store";
import { buildComps } from "../../src/workbook/compsSheet";
import { loadDeals } from "../../src/workbook/dealsSheet";
import { writeInputsSheet } from "../../src/workbook/inputsSheet";
import type { ExcelRun } from "../../src/workbook/run";
import { syntheticDeals } from "../support/syntheticDeals";
import { round, type Emit } from "./harness";

export default async function workbookBench(emit: Emit): Promise<void> {
  const metadata = await associateFromSource();
  const registry = installCustomFunctionsRuntime();
  const fresh = () => {
    const fake = createFakeExcel({ metadata, registry });
    return { fake, run: fake.Excel.run as unknown as ExcelRun };
  };

  for (const n of [20, 2000]) {
    const deals = syntheticDeals(n);
    const { fake, run } = fresh();
    fake.resetSyncCount();
    let t0 = performance.now();
    await loadDeals(deals, { run });
    const firstMs = performance.now() - t0;
    emit({ name: `workbook.loadDeals.syncs.first.${n}_deals`, value: fake.syncCount, unit: "syncs" });
    fake.resetSyncCount();
    t0 = performance.now();
    await loadDeals(deals, { run });
    const reloadMs = performance.now() - t0;
    emit({ name: `workbook.loadDeals.syncs.reload.${n}_deals`, value: fake.syncCount, unit: "syncs" });
    if (n === 2000) {
      emit({
        name: "workbook.loadDeals.time.first.2000_deals",
        value: round(firstMs),
        unit: "ms",
        note: "fake object model + HyperFormula evaluating every formula column",
      });
      emit({ name: "workbook.loadDeals.time.reload.2000_deals", value: round(reloadMs), unit: "ms" });
    }
    fake.destroy();
  }

  const { fake: inputsFake, run: inputsRun } = fresh();
  const store = createMarketStore({
    fetch: (async () => {
      throw new Error("bench: no network");
    }) as never,
  });
  inputsFake.resetSyncCount();
  await writeInputsSheet(store.snapshot(), { run: inputsRun });
  await writeInputsSheet(store.snapshot(), { run: inputsRun });
  store.dispose();
  emit({ name: "workbook.writeInputsSheet.syncs.first_plus_rewrite", value: inputsFake.syncCount, unit: "syncs" });
  inputsFake.destroy();

  const deals = bundledDataset().deals;
  // Every covered company (13): those with deals and those the company data alone covers.
  const tickers = companyStore().current.map((c) => c.ticker);
  const { fake: compsFake, run: compsRun } = fresh();
  compsFake.resetSyncCount();
  await buildComps(tickers, deals, { run: compsRun });
  emit({
    name: `workbook.buildComps.syncs.first.${tickers.length}_companies`,
    value: compsFake.syncCount,
    unit: "syncs",
  });
  compsFake.resetSyncCount();
  await buildComps(tickers, deals, { run: compsRun });
  emit({
    name: `workbook.buildComps.syncs.rebuild.${tickers.length}_companies`,
    value: compsFake.syncCount,
    unit: "syncs",
  });
  compsFake.destroy();

  const many = syntheticDeals(2000);
  setFeed(many, {
    url: "https://bench.invalid/feed",
    fetchedAt: "2026-01-01T00:00:00Z",
    format: "json",
    rowCount: many.length,
    loadedCount: many.length,
    issues: [],
  });
  try {
    const { fake, run } = fresh();
    fake.resetSyncCount();
    await buildComps(["AAA", "BBB", "CCC", "DDD"], many, { run });
    emit({ name: "workbook.buildComps.syncs.first.2000_deals", value: fake.syncCount, unit: "syncs" });
    fake.destroy();
  } finally {
    clearFeed();
  }
}
