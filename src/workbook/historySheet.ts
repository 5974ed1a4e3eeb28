/**
 * The History sheet: mempool's market history as live spills, and a line chart of hashprice
 * (primary axis) against the BTC price (secondary axis).
 *
 * Layout (from the sheet's anchor, A1 on a new sheet):
 *   - a title and a note;
 *   - the inputs block: Start date, End date (real Excel dates, UTC, "yyyy-mm-dd") and
 *     Interval ("month"), blue: the analyst's to change. Defaults: the last 24 calendar
 *     months to today (start = the 1st of the month 23 months before this one, end = today,
 *     UTC), monthly, so 24 rows, the last one the month to date. Workbook names point at the
 *     three cells (PIVOT_HISTORY_START, PIVOT_HISTORY_END, PIVOT_HISTORY_INTERVAL), so rows or
 *     columns the user inserts move nothing;
 *   - one row of spill anchors: =PIVOT.MARKET_HISTORY("hashprice_usd_ph_day", PIVOT_HISTORY_START,
 *     PIVOT_HISTORY_END, PIVOT_HISTORY_INTERVAL) in the first column and the same for "btc_usd"
 *     two columns to its right. Each spills its own header row, then one row per period:
 *     the date (Excel serial, UTC) and the value. Nothing is declared below this row, since
 *     the spills grow and shrink with the dates.
 *
 * Spills and the per-cell reconcile (declared/reconcile.ts): the writer owns only the cells it
 * declares: the title, the inputs and their headers, and the two anchor formulas. The spill
 * columns are declared `spilled` (declared/sheet.ts), so the writer keeps their place but never
 * writes, remembers or reconciles their cells: they are Excel's, recomputed from the anchors
 * (Excel refuses a write into a spill anyway). On a rewrite the anchor row is found again by
 * its formula text (what Range.formulas reads in its first column); an anchor the user edited
 * is kept and reported like any cell. A value the user types inside a spill blocks it
 * (#SPILL! at the anchor); the writer does not clear it: the user's cell stays theirs.
 *
 * The chart: an Excel chart's range is fixed (it cannot follow a spill), so it is declared
 * over the rows the spills will hold for the inputs as they are at write time: the inputs
 * the sheet holds when it is rewritten (the user's dates included), read through the three
 * names just before the write, else the defaults. Categories are the hashprice spill's dates,
 * series the two value columns (BTC price on the secondary axis); the writer updates the chart
 * in place on every rewrite, so its formatting stays. The same rows of the spill columns get
 * the date and $ number formats on every write (a format the user gave those rows is reset). After changing the dates, Write history again to resize the
 * chart (the spills follow at once); the result says which rows the chart covers.
 *
 * Reads one batch (two syncs: the names, then their cells), then writes through the shared
 * declared writer (at most three syncs, declared/writer.ts).
 */
import { endOfMonthSerial, serialFromUnixMs } from "../core/excelDate";
import { dayOfSerial, HISTORY_INTERVAL_NAMES, isoDay, periods, type HistoryInterval } from "../market/history/series";
import { GENESIS_MS, MS_PER_DAY } from "../market/history/sources";
import { quoteSheet, rect as a1Rect } from "./a1";
import { asText, formula, type CellInput } from "./cells";
import type { ChartDecl } from "./declared/charts";
import { block, type SheetDecl } from "./declared/sheet";
import { writeDeclaredSheet } from "./declared/writer";
import { runBatch, type ExcelRun } from "./run";
import { queueOwnName } from "./sheets";

/** Not "History": Excel reserves that sheet name (shared-workbook change history). */
export const HISTORY_SHEET = "Market history";
export const HISTORY_START_NAME = "PIVOT_HISTORY_START";
export const HISTORY_END_NAME = "PIVOT_HISTORY_END";
export const HISTORY_INTERVAL_NAME = "PIVOT_HISTORY_INTERVAL";
export const HISTORY_CHART_NAME = "PivotLens hashprice and BTC price";
export const DATE_FORMAT = "yyyy-mm-dd";
export const HASHPRICE_FORMAT = '"$"#,##0.00';
export const BTC_USD_FORMAT = '"$"#,##0';
/** Calendar months the default window covers (the current month to date included). */
export const DEFAULT_HISTORY_MONTHS = 24;
const BLUE = { fontColor: "#0000FF" } as const;

/** The dates and interval of the history (Excel serials, UTC). */
export interface HistoryWindow {
  readonly startSerial: number;
  readonly endSerial: number;
  readonly interval: HistoryInterval;
}

/**
 * The default window at `nowMs`: from the 1st of the month 23 months before the current UTC
 * month to today, monthly (24 rows). E.g. on 2026-12-02: 2025-01-01 to 2026-12-02.
 */
export function defaultHistoryWindow(nowMs: number): HistoryWindow {
  const endSerial = Math.floor(serialFromUnixMs(nowMs));
  // The month end DEFAULT_HISTORY_MONTHS months back, plus one day: the 1st of the first month.
  const startSerial = endOfMonthSerial(endSerial, -DEFAULT_HISTORY_MONTHS) + 1;
  return { startSerial, endSerial, interval: "month" };
}

/** How many rows (periods) each spill holds for a window, after its header row. */
export function historyRows(w: HistoryWindow): number {
  return periods(dayOfSerial(w.startSerial), dayOfSerial(w.endSerial), w.interval).length;
}

/**
 * The window the three input cells hold, as PIVOT.MARKET_HISTORY reads them, or the reason it
 * cannot (then the spills show #VALUE! with their own message).
 */
export function windowOfCells(
  start: unknown,
  end: unknown,
  interval: unknown,
  nowMs: number = Date.now(),
): HistoryWindow | string {
  const first = GENESIS_MS / MS_PER_DAY;
  const today = Math.floor(nowMs / MS_PER_DAY);
  const date = (v: unknown, what: string): number | string => {
    if (typeof v !== "number" || !Number.isFinite(v)) return `${what} is not a date`;
    const day = dayOfSerial(v);
    return day < first || day > today
      ? `${what} is not a date from ${isoDay(first)} (the genesis block) to today, ${isoDay(today)}`
      : Math.floor(v);
  };
  const s = date(start, "Start date");
  if (typeof s === "string") return s;
  const e = date(end, "End date");
  if (typeof e === "string") return e;
  if (e < s) return "End date is before Start date";
  // Blank is the function's default, "day".
  const word = interval === undefined || interval === null || interval === "" ? "day" : interval;
  const i = HISTORY_INTERVAL_NAMES[typeof word === "string" ? word.trim().toLowerCase() : ""];
  if (i === undefined) return 'Interval is not "day", "week" or "month"';
  return { startSerial: s, endSerial: e, interval: i };
}

interface HistoryInput {
  readonly defaults: HistoryWindow;
  /** The window the spills will show (the sheet's inputs, else the defaults): sizes the chart. */
  readonly shown: HistoryWindow;
}
interface Line {
  readonly text: string;
}
interface InputRow {
  readonly key: "start" | "end" | "interval";
  readonly label: string;
  readonly value: CellInput;
  readonly format: string;
  readonly unit: string;
}

const TITLE = block<Line>({
  id: "title",
  header: false,
  rowStyle: { bold: true },
  columns: [{ key: "text", header: "", cell: (l) => asText(l.text) }],
});

const INPUTS = block<InputRow>({
  id: "inputs",
  header: true,
  rowKey: (r) => r.key,
  columns: [
    { key: "label", header: "Input", cell: (r) => asText(r.label) },
    { key: "value", header: "Value", owner: "user input", style: BLUE, format: (r) => r.format, cell: (r) => r.value },
    { key: "unit", header: "Unit", cell: (r) => asText(r.unit) },
  ],
});

const args = `${HISTORY_START_NAME},${HISTORY_END_NAME},${HISTORY_INTERVAL_NAME}`;
const SPILLS = block<{ readonly key: "spills" }>({
  id: "spills",
  header: false,
  rowKey: (r) => r.key,
  columns: [
    {
      key: "hashprice_date",
      header: "",
      cell: () => formula(`=PIVOT.MARKET_HISTORY("hashprice_usd_ph_day",${args})`),
    },
    { key: "hashprice", header: "", spilled: true, cell: () => "" },
    { key: "btc_date", header: "", cell: () => formula(`=PIVOT.MARKET_HISTORY("btc_usd",${args})`) },
    { key: "btc", header: "", spilled: true, cell: () => "" },
  ],
});

/** The chart over the rows the spills hold for `w` (below their header rows). */
export function historyChart(w: HistoryWindow): ChartDecl {
  const spill = { skip: 1, rows: historyRows(w) };
  return {
    name: HISTORY_CHART_NAME,
    type: "Line",
    title: "Hashprice (USD/PH/day) and BTC price (USD)",
    categories: { block: "spills", column: "hashprice_date", spill },
    series: [
      { name: "Hashprice USD/PH/day", values: { block: "spills", column: "hashprice", spill } },
      { name: "BTC price USD", values: { block: "spills", column: "btc", spill }, secondaryAxis: true },
    ],
    valueAxisFormat: HASHPRICE_FORMAT,
    secondaryValueAxisFormat: BTC_USD_FORMAT,
    categoryAxisFormat: w.interval === "month" ? "mmm yyyy" : DATE_FORMAT,
  };
}

export const HISTORY_DECL: SheetDecl<HistoryInput> = {
  role: "HISTORY",
  baseName: HISTORY_SHEET,
  comment: "History sheet",
  blocks: [
    {
      block: TITLE,
      rows: () => [
        { text: "PivotLens market history: hashprice and BTC price (mempool)" },
        {
          text: "Blue cells are inputs you may change; below them, live PIVOT.MARKET_HISTORY spills. The chart covers the rows of the dates at the last Write history: write again after changing them.",
        },
      ],
    },
    {
      block: INPUTS,
      gapBefore: 1,
      rows: (m) => [
        { key: "start", label: "Start date", value: m.defaults.startSerial, format: DATE_FORMAT, unit: "date (UTC)" },
        { key: "end", label: "End date", value: m.defaults.endSerial, format: DATE_FORMAT, unit: "date (UTC)" },
        {
          key: "interval",
          label: "Interval",
          value: asText(m.defaults.interval),
          format: "General",
          unit: "day, week or month",
        },
      ],
    },
    { block: SPILLS, gapBefore: 1, rows: () => [{ key: "spills" }] },
  ],
  charts: (m) => [historyChart(m.shown)],
};

const NAMED = [
  { name: HISTORY_START_NAME, row: "start", comment: "start date" },
  { name: HISTORY_END_NAME, row: "end", comment: "end date" },
  { name: HISTORY_INTERVAL_NAME, row: "interval", comment: "interval" },
] as const;

/** The cells the three names point at now (values), or undefined where a name is not a range. */
async function readInputCells(run: ExcelRun | undefined): Promise<(unknown | undefined)[]> {
  return runBatch(run, "Reading the History inputs", async (context) => {
    const items = NAMED.map((n) => context.workbook.names.getItemOrNullObject(n.name).load("type"));
    await context.sync();
    const ranges = items.map((item, i) =>
      !item.isNullObject && item.type === "Range"
        ? context.workbook.names.getItem(NAMED[i].name).getRange().load("values")
        : undefined,
    );
    if (ranges.some((r) => r !== undefined)) await context.sync();
    return ranges.map((r) => r?.values[0]?.[0]);
  });
}

export interface WriteHistoryOptions {
  readonly run?: ExcelRun;
  /** "Now" for the default window (tests); default Date.now(). */
  readonly nowMs?: number;
  /** The window a new sheet starts with; default defaultHistoryWindow(nowMs). */
  readonly window?: HistoryWindow;
}

export interface WriteHistoryResult {
  readonly sheetName: string;
  readonly created: boolean;
  readonly renamedBecause?: string;
  /** The cells the writer owns (title, inputs, spill anchors), selected after the write. */
  readonly address: string;
  readonly kept: readonly string[];
  readonly notices: readonly string[];
  /** The rows the chart and the spill number formats cover ("History!A10:D33"). */
  readonly chartRange: string;
  readonly window: HistoryWindow;
}

const EVERY: Readonly<Record<HistoryInterval, string>> = { day: "daily", week: "weekly", month: "monthly" };
const describe = (w: HistoryWindow): string =>
  `${isoDay(dayOfSerial(w.startSerial))} to ${isoDay(dayOfSerial(w.endSerial))}, ${EVERY[w.interval]}`;

/** Writes (or rewrites) the History sheet; throws WorkbookError. */
export async function writeHistory(options: WriteHistoryOptions = {}): Promise<WriteHistoryResult> {
  const defaults = options.window ?? defaultHistoryWindow(options.nowMs ?? Date.now());
  const cells = await readInputCells(options.run);
  const notices: string[] = [];
  let shown = defaults;
  if (cells.some((c) => c !== undefined)) {
    const w = windowOfCells(cells[0], cells[1], cells[2], options.nowMs ?? Date.now());
    if (typeof w === "string")
      notices.push(
        `${w} on the Market history sheet, so its spills show #VALUE!; the chart was sized for ${describe(defaults)}.`,
      );
    else shown = w;
  }
  const rows = historyRows(shown);
  let chartRange = "";
  const r = await writeDeclaredSheet(
    HISTORY_DECL,
    { defaults, shown },
    { run: options.run, what: "Writing the History sheet" },
    {
      prepare: (context) =>
        NAMED.map((n) => context.workbook.names.getItemOrNullObject(n.name).load("formula,comment")),
      finish: (context, at, names) => {
        const skipped: string[] = [];
        const inputs = at.places.get("inputs");
        NAMED.forEach((n, i) => {
          const row = inputs?.rows.get(n.row);
          const col = inputs?.cols[1];
          if (row === undefined || col === undefined) throw new Error(`internal error: ${n.name} not placed`);
          const r = queueOwnName(context, names[i], n.name, at, { row, col }, `PivotLens history: ${n.comment}`);
          if (r.outcome === "foreign") skipped.push(n.name);
        });
        // Number formats of the spilled rows the chart covers: dates, then $ values.
        const spills = at.places.get("spills");
        const top = spills?.rows.get("spills");
        if (spills === undefined || top === undefined) throw new Error("internal error: spills not placed");
        const formats = [DATE_FORMAT, HASHPRICE_FORMAT, DATE_FORMAT, BTC_USD_FORMAT];
        spills.cols.forEach((col, k) => {
          at.sheet.getRangeByIndexes(top + 1, col, rows, 1).numberFormat = Array.from({ length: rows }, () => [
            formats[k],
          ]);
        });
        const left = Math.min(...spills.cols);
        chartRange = `${quoteSheet(at.sheetName)}!${a1Rect(top + 1, left, rows, Math.max(...spills.cols) - left + 1)}`;
        return skipped;
      },
    },
  );
  notices.push(...r.notices);
  if (r.finished.length > 0)
    notices.push(
      `These workbook names already exist and were not created by PivotLens, so the sheet's formulas use them as they are: ${r.finished.join(", ")}.`,
    );
  notices.push(
    `The chart covers ${rows} ${rows === 1 ? "row" : "rows"} (${chartRange}): ${describe(shown)}. After changing the dates, write history again to resize it.`,
  );
  return {
    sheetName: r.sheetName,
    created: r.created,
    ...(r.renamedBecause !== undefined ? { renamedBecause: r.renamedBecause } : {}),
    address: r.address,
    kept: r.kept,
    notices,
    chartRange,
    window: shown,
  };
}
