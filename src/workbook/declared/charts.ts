/**
 * Charts declared as data, beside a sheet's blocks. A chart is found again by its name and
 * updated in place on every rewrite (its series' names, values and categories), so the size,
 * position, colours and titles the user gave it stay; a chart the user deleted is made again.
 *
 *   const REVENUE: ChartDecl = {
 *     name: "PivotLens sector revenue", type: "ColumnStacked", title: "Sector revenue, USD",
 *     categories: { block: "sector", column: "year" },
 *     series: [
 *       { name: "HPC revenue", values: { block: "sector", column: "hpc" } },
 *       { name: "Mining revenue", values: { block: "sector", column: "mining" } },
 *     ],
 *     valueAxisFormat: '"$"#,##0,,"m"',
 *   };
 *
 * A range is a column of a block over the block's rows (first to last placed row), a row of
 * a block from one of its columns to its last column, or a column's cells that a formula in
 * the block spills into (a fixed number of rows, declared by the sheet from its inputs). Both are resolved from the placement the
 * writer computed (placed by names, never by positions), so rows or columns the user inserted
 * inside a block stay inside the chart's range, as Excel itself would extend it.
 *
 * Excel API: Worksheet.charts.add (1.1), ChartSeriesCollection.add, ChartSeries.setValues and
 * setXAxisValues (1.7), ChartAxes.getItem (1.7), ChartSeries.axisGroup (1.8).
 */
import type { Placement } from "./sheet";

export type ChartRange =
  | { readonly block: string; readonly column: string }
  /**
   * A column's cells below the block's first row that a formula anchored in the block spills
   * into: `skip` rows down (1 skips a spilled header row), then `rows` rows. A chart's range
   * is fixed, so `rows` is what the writer's input says the spill will hold.
   */
  | {
      readonly block: string;
      readonly column: string;
      readonly spill: { readonly skip: number; readonly rows: number };
    }
  | { readonly block: string; readonly row: string; readonly fromColumn: string };

export interface ChartSeriesDecl {
  readonly name: string;
  readonly values: ChartRange;
  /** Drawn against a second value axis on the right (a price beside a hashprice). */
  readonly secondaryAxis?: boolean;
}

export interface ChartDecl {
  /** The chart's name in Excel: how it is found again. */
  readonly name: string;
  /** An Excel.ChartType value: "Line", "ColumnStacked", "ColumnClustered", … */
  readonly type: string;
  readonly title: string;
  readonly categories: ChartRange;
  readonly series: readonly ChartSeriesDecl[];
  /** Number format of the (primary) value axis, set when the chart is made. */
  readonly valueAxisFormat?: string;
  /** Number format of the secondary value axis, when a series uses it. */
  readonly secondaryValueAxisFormat?: string;
  /** Number format of the category axis (dates), set when the chart is made. */
  readonly categoryAxisFormat?: string;
  /**
   * The table a missing chart is made from: rows `fromRow` to `toRow` of a block, from column
   * `fromColumn` to the block's last, series by rows (the names in its first column, the
   * categories in its first row, as Excel reads a table). Each series is then set as declared.
   * Default: the first series' values.
   */
  readonly madeFrom?: {
    readonly block: string;
    readonly fromRow: string;
    readonly toRow: string;
    readonly fromColumn: string;
  };
}

/** A resolved range: zero-based sheet rectangle. */
export interface SheetRect {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** Thrown when a declaration names a block, row or column that is not there (a programming error). */
function unknown(what: string): Error {
  return new Error(`internal error: chart range refers to unknown ${what}`);
}

/**
 * The rectangle of a chart range at the blocks' placements. `columnKeys` gives each block's
 * column keys in declaration order (Placement.cols follows that order).
 */
export function resolveRange(
  range: ChartRange,
  places: ReadonlyMap<string, Placement>,
  columnKeys: ReadonlyMap<string, readonly string[]>,
): SheetRect {
  const p = places.get(range.block);
  const keys = columnKeys.get(range.block);
  if (p === undefined || keys === undefined) throw unknown(`block ${range.block}`);
  if ("column" in range) {
    const i = keys.indexOf(range.column);
    if (i < 0) throw unknown(`column ${range.block}/${range.column}`);
    const rows = [...p.rows.values()];
    if (rows.length === 0) throw unknown(`rows of block ${range.block} (it has none)`);
    const top = Math.min(...rows);
    if ("spill" in range) {
      const { skip, rows: n } = range.spill;
      if (!Number.isInteger(skip) || skip < 0 || !Number.isInteger(n) || n < 1)
        throw new Error(`internal error: spill range of ${range.block}/${range.column} is ${skip}+${n} rows`);
      return { row: top + skip, col: p.cols[i], rows: n, cols: 1 };
    }
    return { row: top, col: p.cols[i], rows: Math.max(...rows) - top + 1, cols: 1 };
  }
  const r = p.rows.get(range.row);
  const i = keys.indexOf(range.fromColumn);
  if (r === undefined) throw unknown(`row ${range.block}/${range.row}`);
  if (i < 0) throw unknown(`column ${range.block}/${range.fromColumn}`);
  const left = p.cols[i];
  return { row: r, col: left, rows: 1, cols: Math.max(...p.cols.slice(i)) - left + 1 };
}

/** A chart made in this batch: its series are set once Excel has said what it made (completeCharts). */
export interface MadeChart {
  readonly decl: ChartDecl;
  readonly chart: Excel.Chart;
  /** The series Excel made from the source range, loaded by the write sync. */
  readonly auto: Excel.ChartSeriesCollection;
}

/**
 * Queues the charts of a sheet: each one found by name is updated in place, each missing one
 * is made, placed to the right of `beside` (the blocks' bounding box), one under another.
 * Returns the charts made now: how many series Excel makes from a source range depends on
 * what the cells hold when it makes the chart (an empty top cell reads as a header, and a
 * formula's cells may not be computed yet: a spill is empty until its function answers), so
 * their series are set after the sync, by completeCharts.
 */
export function queueCharts(
  sheet: Excel.Worksheet,
  charts: readonly ChartDecl[],
  existing: ReadonlySet<string>,
  rectOf: (range: ChartRange) => SheetRect,
  beside: SheetRect,
): MadeChart[] {
  const made: MadeChart[] = [];
  const at = (r: SheetRect): Excel.Range => sheet.getRangeByIndexes(r.row, r.col, r.rows, r.cols);
  charts.forEach((decl, k) => {
    if (decl.series.length === 0) throw new Error(`internal error: chart ${decl.name} has no series`);
    const categories = at(rectOf(decl.categories));
    if (existing.has(decl.name)) {
      const chart = sheet.charts.getItem(decl.name);
      decl.series.forEach((s, i) => {
        const series = chart.series.getItemAt(i);
        series.name = s.name;
        series.setValues(at(rectOf(s.values)));
        series.setXAxisValues(categories);
      });
      return;
    }
    const from = decl.madeFrom;
    const source = from
      ? ((a: SheetRect, b: SheetRect) => ({ row: a.row, col: a.col, rows: b.row - a.row + 1, cols: a.cols }))(
          rectOf({ block: from.block, row: from.fromRow, fromColumn: from.fromColumn }),
          rectOf({ block: from.block, row: from.toRow, fromColumn: from.fromColumn }),
        )
      : rectOf(decl.series[0].values);
    const seriesBy = from !== undefined || !("column" in decl.series[0].values) ? "Rows" : "Columns";
    const chart = sheet.charts.add(decl.type as Excel.ChartType, at(source), seriesBy as Excel.ChartSeriesBy);
    chart.name = decl.name;
    chart.title.text = decl.title;
    const top = beside.row + 16 * k;
    const left = beside.col + beside.cols + 1;
    chart.setPosition(sheet.getRangeByIndexes(top, left, 1, 1), sheet.getRangeByIndexes(top + 14, left + 7, 1, 1));
    made.push({ decl, chart, auto: chart.series.load("items/name") });
  });
  return made;
}

/**
 * Sets the series of the charts queueCharts made, after the sync that made them: Excel's own
 * series are reused in order, missing ones added, extra ones deleted; then the axis groups
 * and axis number formats. Queues only (the caller syncs).
 */
export function completeCharts(
  sheet: Excel.Worksheet,
  made: readonly MadeChart[],
  rectOf: (range: ChartRange) => SheetRect,
): void {
  const at = (r: SheetRect): Excel.Range => sheet.getRangeByIndexes(r.row, r.col, r.rows, r.cols);
  for (const { decl, chart, auto } of made) {
    const categories = at(rectOf(decl.categories));
    const own = auto.items;
    for (let i = own.length - 1; i >= decl.series.length; i--) own[i].delete();
    decl.series.forEach((s, i) => {
      const series = i < own.length ? own[i] : chart.series.add(s.name);
      series.name = s.name;
      series.setValues(at(rectOf(s.values)));
      series.setXAxisValues(categories);
      if (s.secondaryAxis) series.axisGroup = "Secondary" as Excel.ChartAxisGroup;
    });
    if (decl.valueAxisFormat !== undefined) chart.axes.valueAxis.numberFormat = decl.valueAxisFormat;
    if (decl.categoryAxisFormat !== undefined) chart.axes.categoryAxis.numberFormat = decl.categoryAxisFormat;
    if (decl.secondaryValueAxisFormat !== undefined && decl.series.some((s) => s.secondaryAxis))
      chart.axes.getItem("Value" as Excel.ChartAxisType, "Secondary" as Excel.ChartAxisGroup).numberFormat =
        decl.secondaryValueAxisFormat;
  }
}
