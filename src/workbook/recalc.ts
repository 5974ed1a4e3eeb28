/**
 * Recalculation strategy. PIVOT.* functions that take market defaults (hashprice, price,
 * difficulty) and PIVOT.DEAL/DEALS read shared state that changes outside Excel's
 * dependency graph: a market refresh or a newly loaded deal feed. Excel does not know those
 * cells are stale, so after such a change the task pane calls `recalcMarketDependents()`,
 * which asks Excel for a full calculation (`application.calculate(Excel.CalculationType.full)`:
 * every formula in every open workbook, custom functions included). One sync.
 *
 * Wiring (task pane bootstrap): `marketStore().subscribe(() => recalcMarketDependents())`
 * and `subscribeDeals(() => recalcMarketDependents())`. PIVOT.MARKET itself streams and
 * updates without this.
 */
import { runBatch, type ExcelRun } from "./run";

export async function recalcMarketDependents(options: { run?: ExcelRun } = {}): Promise<void> {
  await runBatch(options.run, "Recalculating the workbook", async (context) => {
    context.application.calculate("Full");
    await context.sync();
  });
}

/** The same full recalculation, named for its other trigger: a deal feed was loaded. */
export const recalcDealDependents = recalcMarketDependents;
