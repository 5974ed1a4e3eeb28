/**
 * Starting the page's market store from an add-in entry point.
 *
 * `start()` restores settings and the last good snapshot from storage and enables lazy and
 * auto refresh. The functions bundle calls `startMarketInOffice()` when it loads; it starts
 * the store only inside an Office runtime (where `OfficeRuntime` exists), so a test or a
 * tool that merely imports the functions never reaches the network. The task pane calls
 * `marketStore().start()` itself (idempotent: the same promise, with its StartReport of
 * storage problems to show) and subscribes its workbook recalculation.
 */
import { marketStore, type StartReport } from "./store";

export function startMarketInOffice(scope: object = globalThis): Promise<StartReport> | undefined {
  if ((scope as { OfficeRuntime?: unknown }).OfficeRuntime === undefined) return undefined;
  return marketStore().start();
}
