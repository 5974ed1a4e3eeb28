/** The options and result of loadDeals (src/workbook/dealsSheet.ts). */
import type { ExcelRun } from "./run";

export interface LoadDealsOptions {
  /** Excel.run to use (default: the host's). */
  readonly run?: ExcelRun;
  /** The sheet's preferred name (default "Deals"). */
  readonly sheetName?: string;
}

export interface LoadDealsResult {
  readonly sheetName: string;
  readonly tableName: string;
  /** True when this call created the sheet. */
  readonly created: boolean;
  /** Set when the preferred name belonged to a sheet the add-in did not create. */
  readonly renamedBecause?: string;
  /** Deals written. */
  readonly dealCount: number;
  /** Rows kept for the user's content although their deal left the list. */
  readonly keptRows: number;
  /** Headers of the user's columns preserved to the right of the add-in's. */
  readonly userColumns: readonly string[];
  /** Cells of the add-in's columns the user changed, kept ("Deals!F14"); each is also in `notices`. */
  readonly keptCells?: readonly string[];
  /** Messages for the task pane (what happened that the user should know). */
  readonly notices: readonly string[];
  /** The deal table's range, e.g. "Deals!A11:AZ33": activated and selected after the write. */
  readonly address?: string;
}
