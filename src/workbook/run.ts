/**
 * How the writers reach Excel. `ExcelRun` has Excel.run's shape; the default is the real
 * `Excel.run`, and tests and the preview pass the fake object model's run instead.
 * Every writer goes through `runBatch`, which turns any failure into a WorkbookError.
 */
import { asWorkbookError, WorkbookError } from "./errors";

export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Excel.run of the host, or a WorkbookError when the page is not inside Excel. */
export function hostRun(): ExcelRun {
  const excel = (globalThis as { Excel?: { run?: unknown } }).Excel;
  if (excel === undefined || typeof excel.run !== "function") {
    throw new WorkbookError(
      "no-excel",
      "Excel is not available: the task pane is not running inside Excel.",
      "Open the add-in from Excel (Home › PivotLens) and try again.",
    );
  }
  return (excel.run as ExcelRun).bind(excel);
}

export async function runBatch<T>(
  run: ExcelRun | undefined,
  what: string,
  batch: (context: Excel.RequestContext) => Promise<T>,
): Promise<T> {
  try {
    return await (run ?? hostRun())(batch);
  } catch (e) {
    throw asWorkbookError(e, what);
  }
}
