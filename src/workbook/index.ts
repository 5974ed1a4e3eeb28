/**
 * The workbook layer: the only code that calls Excel.run. The task pane calls these; each
 * returns a result to show, or throws a WorkbookError (message + action for a MessageBar).
 */
export {
  loadDeals,
  DEALS_ASSUMPTIONS,
  DEALS_TABLE_HEADERS,
  type LoadDealsOptions,
  type LoadDealsResult,
} from "./dealsSheet";
export { writeInputsSheet, INPUT_ROWS, type WriteInputsOptions, type WriteInputsResult } from "./inputsSheet";
export {
  buildComps,
  resolveCompanies,
  COMPS_ROWS,
  type BuildCompsOptions,
  type BuildCompsResult,
  type CompanyColumn,
} from "./compsSheet";
export { recalcMarketDependents, recalcDealDependents } from "./recalc";
export { WorkbookError, type WorkbookErrorKind } from "./errors";
export { hostRun, type ExcelRun } from "./run";
export {
  buildRevenueMix,
  committedHpcMw,
  REVENUE_MIX_SHEET,
  type BuildRevenueMixOptions,
  type BuildRevenueMixResult,
} from "./revenueMixSheet";
export {
  writeHistory,
  defaultHistoryWindow,
  HISTORY_SHEET,
  HISTORY_CHART_NAME,
  type HistoryWindow,
  type WriteHistoryOptions,
  type WriteHistoryResult,
} from "./historySheet";
