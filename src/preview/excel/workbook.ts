/**
 * The workbook behind the fake Excel API: sheets, cells (through the formula engine), cell
 * formats, tables, workbook names and charts. Plain state and operations, no batching: the
 * API layer (api.ts) queues its calls and applies them here at `context.sync()`, as Excel
 * applies a batch. Tests and the preview page read it directly to see what a batch did.
 *
 * Built in layers, one job each: workbookTypes.ts (the state's shapes), workbookSheets.ts
 * (sheets, addresses, names), workbookCells.ts (writing and reading cells, formats: how
 * written text is interpreted is described there), workbookTables.ts (tables, inserted rows
 * and columns), and this file (charts): WorkbookModel is the whole.
 */
import type { ExcelCellValue } from "../engine/values";
import { WorkbookError } from "./errors";
import { WorkbookTables } from "./workbookTables";
import type { ChartModel, ChartSeriesModel, RangeRef, SheetModel } from "./workbookTypes";

export type {
  CellFormat,
  ChartModel,
  ChartSeriesModel,
  DataValidationRuleModel,
  FormatKey,
  Hyperlink,
  NameModel,
  RangeRef,
  SheetModel,
  TableModel,
} from "./workbookTypes";
export { dateSerial } from "./workbookCells";
export { WorkbookError };

export class WorkbookModel extends WorkbookTables {
  // ---- charts ----

  addChart(sheet: SheetModel, type: string, source: RangeRef, seriesBy: string | undefined): ChartModel {
    this.guard(sheet);
    const { rect } = source;
    const by: "Columns" | "Rows" =
      seriesBy === "Rows" ? "Rows" : seriesBy === "Columns" ? "Columns" : rect.rows >= rect.cols ? "Columns" : "Rows";
    const chart: ChartModel = {
      id: this.newId("chart"),
      name: `Chart ${this.charts.length + 1}`,
      sheet,
      type,
      title: "",
      seriesBy: by,
      series: [],
      props: {},
    };
    this.setChartData(chart, source, by);
    this.charts.push(chart);
    this.changed();
    return chart;
  }

  /** Series as Excel builds them: first row/column are names/categories when they are text. */
  setChartData(chart: ChartModel, source: RangeRef, seriesBy: "Columns" | "Rows"): void {
    this.guard(chart.sheet);
    const { sheet, rect } = source;
    const values = this.engineValues(source); // an error cell is data (a gap), not a header: only text is
    const firstCellText = typeof values[0]?.[0] === "string";
    const headerRow = values[0]?.some((v, c) => c > 0 && typeof v === "string") || firstCellText;
    const headerCol = values.some((row, r) => r > 0 && typeof row[0] === "string") || firstCellText;
    const dataRow0 = rect.row + (headerRow ? 1 : 0);
    const dataCol0 = rect.col + (headerCol ? 1 : 0);
    const series: ChartSeriesModel[] = [];
    if (seriesBy === "Columns") {
      for (let c = dataCol0; c < rect.col + rect.cols; c++) {
        series.push({
          name: headerRow ? String(values[0][c - rect.col]) : `Series${series.length + 1}`,
          values: { sheet, rect: { row: dataRow0, col: c, rows: rect.row + rect.rows - dataRow0, cols: 1 } },
        });
      }
      chart.categories = headerCol
        ? { sheet, rect: { row: dataRow0, col: rect.col, rows: rect.row + rect.rows - dataRow0, cols: 1 } }
        : undefined;
    } else {
      for (let r = dataRow0; r < rect.row + rect.rows; r++) {
        series.push({
          name: headerCol ? String(values[r - rect.row][0]) : `Series${series.length + 1}`,
          values: { sheet, rect: { row: r, col: dataCol0, rows: 1, cols: rect.col + rect.cols - dataCol0 } },
        });
      }
      chart.categories = headerRow
        ? { sheet, rect: { row: rect.row, col: dataCol0, rows: 1, cols: rect.col + rect.cols - dataCol0 } }
        : undefined;
    }
    chart.series = series;
    chart.seriesBy = seriesBy;
    this.changed();
  }

  deleteChart(chart: ChartModel): void {
    this.guard(chart.sheet);
    this.charts.splice(this.charts.indexOf(chart), 1);
    this.changed();
  }

  /** A chart as the preview draws it: categories and each series' current values. */
  chartData(chart: ChartModel): { categories: string[]; series: { name: string; values: ExcelCellValue[] }[] } {
    const flat = (ref: RangeRef): ExcelCellValue[] => this.values(ref).flat();
    return {
      categories: chart.categories ? flat(chart.categories).map(String) : [],
      series: chart.series.map((s) => ({ name: s.name, values: flat(s.values) })),
    };
  }
}
