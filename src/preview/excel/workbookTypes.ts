/**
 * The plain state of the fake Excel workbook (sheets, cell formats, tables, names, charts)
 * and the small helpers the workbook modules share. See workbook.ts for how they fit.
 */
import type { Rect } from "./address";

export interface Hyperlink {
  readonly address?: string;
  readonly documentReference?: string;
  readonly textToDisplay?: string;
  readonly screenTip?: string;
}

export interface CellFormat {
  numberFormat?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: string;
  fontColor?: string;
  fontName?: string;
  fontSize?: number;
  fill?: string;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  indentLevel?: number;
  hyperlink?: Hyperlink;
}

export type FormatKey = Exclude<keyof CellFormat, "hyperlink">;

export interface SheetModel {
  readonly engineId: number;
  /** Stable id (Excel's worksheet.id is a GUID-like string). */
  readonly id: string;
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  tabColor: string;
  frozenRows: number;
  frozenColumns: number;
  readonly formats: Map<string, CellFormat>;
  readonly columnWidths: Map<number, number>;
  /** Formulas as written where they differ from the engine's (structured references). */
  readonly written: Map<string, string>;
  /** Review › Protect Sheet: every change to the sheet fails with AccessDenied. */
  protected: boolean;
  /** Data validation rules by cell ("row:col"), as Range.dataValidation.rule sets them. */
  readonly validation: Map<string, DataValidationRuleModel>;
}

/** A data-validation rule (ExcelApi 1.8); the preview models list rules and keeps others as given. */
export interface DataValidationRuleModel {
  readonly list?: { readonly inCellDropDown: boolean; readonly source: string };
  readonly [other: string]: unknown;
}

export interface TableModel {
  readonly id: string;
  name: string;
  sheet: SheetModel;
  /** The whole table, header row included (and the totals row when shown). */
  rect: Rect;
  showHeaders: boolean;
  showTotals: boolean;
  /** The totals row's formulas while it is hidden (Excel restores them when it is shown again). */
  hiddenTotals?: (string | number | boolean)[];
  style: string;
}

export interface NameModel {
  name: string;
  /** "=Inputs!$B$2" or any formula. */
  formula: string;
  comment: string;
  visible: boolean;
}

export interface ChartSeriesModel {
  name: string;
  /** Where the values come from, re-read on every view. */
  readonly values: { sheet: SheetModel; rect: Rect };
  /** ChartSeries.axisGroup (ExcelApi 1.8): the value axis the series is drawn against; default Primary. */
  axisGroup?: "Primary" | "Secondary";
}

export interface ChartModel {
  readonly id: string;
  name: string;
  sheet: SheetModel;
  type: string;
  title: string;
  seriesBy: "Columns" | "Rows";
  categories?: { sheet: SheetModel; rect: Rect };
  series: ChartSeriesModel[];
  position?: { start: string; end?: string };
  props: Record<string, unknown>;
}

export interface RangeRef {
  readonly sheet: SheetModel;
  readonly rect: Rect;
}

/** The key of a cell in a sheet's per-cell maps (formats, written formulas, validation). */
export const key = (row: number, col: number): string => `${row}:${col}`;

/** A defined name's or table's name: Excel's name characters (cell references are refused separately). */
export const VALID_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;

/** A table's data body: the rows between its header and its totals row. */
export function tableBodyRect(table: TableModel): Rect {
  const rows = table.rect.rows - 1 - (table.showTotals ? 1 : 0);
  return { row: table.rect.row + 1, col: table.rect.col, rows: Math.max(rows, 0), cols: table.rect.cols };
}
