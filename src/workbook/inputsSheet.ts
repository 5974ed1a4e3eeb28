/**
 * The Inputs sheet: the market inputs, one row per market field, each with its unit, as-of
 * time (UTC), source and status (live / last good / embedded, with the reason), and a
 * workbook name on the value cell (PIVOT_BTC_USD, PIVOT_DIFFICULTY, PIVOT_NETWORK_EH_S,
 * PIVOT_FEES_BTC_PER_BLOCK, PIVOT_HEIGHT, PIVOT_SUBSIDY_BTC, PIVOT_HASHPRICE, …) so models can
 * use `=PIVOT_BTC_USD` instead of a cell address.
 *
 * Every cell that shows market data is a live formula, never a pasted value:
 * `=PIVOT.MARKET("btc_usd")` for the value, `=PIVOT.MARKET("btc_usd.as_of")`,
 * `…source")` and `…status")` beside it, `=PIVOT.MARKET("as_of")` / `("stale")` for the
 * snapshot; so the named cells follow every market refresh. A field no source has supplied
 * shows PIVOT.MARKET's #N/A (with the reason), never a blank that reads as 0. Labels are
 * escaped text. Writing twice gives the same sheet. Two syncs for a new sheet, three for an
 * existing one (find the sheet and names; read it; write).
 *
 * The sheet is declared (INPUTS_SHEET_DECL: a title, the snapshot row and the inputs table)
 * and written by the shared writer (declared/writer.ts): the blocks are found from the
 * add-in's hidden sheet marker (PIVOT__SHEET_INPUTS) wherever Excel has moved it, the table's
 * columns by their headers and its rows by their labels, so rows and columns the user
 * inserts, above or inside the block, are respected and never written over. A cell the user
 * changed (a scenario value typed over =PIVOT.MARKET("btc_usd"), a note) is kept and named
 * in the notices ("Kept your value in Inputs!B5"); `resetBlocks: ["inputs"]` (after the
 * user confirms in the pane) puts the add-in's formulas back. Each PIVOT_* name is
 * re-pointed at its row's value cell wherever that row is now. As-of times are Excel
 * date-times (serials shown as "yyyy-mm-dd hh:mm", UTC), computed in the cell from the ISO
 * text PIVOT.MARKET returns, so they still follow every refresh.
 *
 * A workbook name of the same spelling that the add-in did not create is left as it is and
 * reported in `skippedNames` (the user's name wins; the task pane says so).
 */
import { FIELD_UNITS, MARKET_FIELDS, type MarketField, type MarketSnapshot } from "../market/model";
import { asText, formula, type CellInput } from "./cells";
import type { ExcelRun } from "./run";
import { queueOwnName } from "./sheets";
import { block, type SheetDecl } from "./declared/sheet";
import { writeDeclaredSheet } from "./declared/writer";

export const INPUTS_SHEET = "Inputs";

interface InputRow {
  readonly field: MarketField;
  readonly label: string;
  /** Workbook name of the value cell. */
  readonly name: string;
  readonly format: string;
}

const LABELS: Readonly<Record<MarketField, string>> = {
  btc_usd: "BTC price",
  difficulty: "Difficulty",
  network_eh_s: "Network hashrate (implied by difficulty)",
  network_eh_s_estimate: "Network hashrate (source's estimate)",
  fees_btc_per_block: "Fees per block (144-block average)",
  height: "Block height",
  subsidy_btc: "Block subsidy",
  hashprice_usd_ph_day: "Hashprice",
  next_halving_date: "Next halving (estimated)",
};

const FORMATS: Readonly<Record<MarketField, string>> = {
  btc_usd: '"$"#,##0.00',
  difficulty: "#,##0",
  network_eh_s: "#,##0.0",
  network_eh_s_estimate: "#,##0.0",
  fees_btc_per_block: "0.000000",
  height: "#,##0",
  subsidy_btc: "0.00000000",
  hashprice_usd_ph_day: '"$"#,##0.00',
  next_halving_date: "yyyy-mm-dd",
};

/** An Excel date-time format for as-of times (the serials are UTC). */
export const AS_OF_FORMAT = 'yyyy-mm-dd hh:mm "UTC"';

/** The rows of the Inputs sheet, in order, with their workbook names. */
export const INPUT_ROWS: readonly InputRow[] = MARKET_FIELDS.map((field) => ({
  field,
  label: LABELS[field],
  name: field === "hashprice_usd_ph_day" ? "PIVOT_HASHPRICE" : `PIVOT_${field.toUpperCase()}`,
  format: FORMATS[field],
}));

/** `=PIVOT.MARKET("name")`: the live market value for a field, a field's property or the snapshot. */
export function marketFormula(name: string): string {
  return formula(`=PIVOT.MARKET("${name}")`);
}

/**
 * An ISO 8601 UTC time from PIVOT.MARKET ("2026-01-12T00:00:00Z") as an Excel date-time
 * serial, computed in the cell (DATE + TIME of its parts) so it follows every refresh; a
 * #N/A from PIVOT.MARKET stays #N/A.
 */
export function asOfFormula(name: string): string {
  const x = `PIVOT.MARKET("${name}")`;
  const part = (from: number, n: number): string => `VALUE(MID(${x},${from},${n}))`;
  return formula(`=DATE(${part(1, 4)},${part(6, 2)},${part(9, 2)})+TIME(${part(12, 2)},${part(15, 2)},${part(18, 2)})`);
}

interface Line {
  readonly text: string;
}

const TITLE = block<Line>({
  id: "title",
  header: false,
  rowStyle: { bold: true },
  columns: [{ key: "text", header: "", cell: (l) => asText(l.text) }],
});

const SNAPSHOT = block<null>({
  id: "snapshot",
  header: false,
  columnsOf: "inputs",
  rowKey: () => "snapshot",
  columns: [
    { key: "label", header: "", cell: () => asText("Snapshot as of (UTC)") },
    { key: "as_of", header: "", format: AS_OF_FORMAT, cell: () => asOfFormula("as_of") },
    { key: "stale_label", header: "", cell: () => asText("Stale") },
    { key: "stale", header: "", cell: () => marketFormula("stale") },
  ],
});

/** The inputs table: one row per market field. A new column is one entry here. */
const INPUTS = block<InputRow>({
  id: "inputs",
  header: true,
  rowKey: (r) => r.field,
  columns: [
    { key: "label", header: "Input", cell: (r) => asText(r.label) },
    { key: "value", header: "Value", format: (r) => r.format, cell: (r) => marketFormula(r.field) },
    { key: "unit", header: "Unit", cell: (r) => asText(FIELD_UNITS[r.field]) },
    { key: "as_of", header: "As of (UTC)", format: AS_OF_FORMAT, cell: (r) => asOfFormula(`${r.field}.as_of`) },
    { key: "source", header: "Source", cell: (r) => marketFormula(`${r.field}.source`) },
    { key: "status", header: "Status", cell: (r) => marketFormula(`${r.field}.status`) },
    { key: "name", header: "Workbook name", cell: (r) => asText(r.name) },
  ],
});

const TITLE_LINES: readonly Line[] = [
  { text: "PivotLens market inputs" },
  {
    text: "Live PIVOT.MARKET formulas: they update with every market refresh (Market › Refresh). Workbook names point at column B.",
  },
];

/** The Inputs sheet, declared: a title, the snapshot row, the inputs table. */
export const INPUTS_SHEET_DECL: SheetDecl<null> = {
  role: "INPUTS",
  baseName: INPUTS_SHEET,
  comment: "Inputs sheet",
  blocks: [
    { block: TITLE, rows: () => TITLE_LINES },
    { block: SNAPSHOT, rows: () => [null] },
    { block: INPUTS, rows: () => INPUT_ROWS },
  ],
};

export interface WriteInputsOptions {
  readonly run?: ExcelRun;
  readonly sheetName?: string;
  /** Blocks ("title", "snapshot", "inputs") the user confirmed to reset to the add-in's formulas. */
  readonly resetBlocks?: readonly string[];
}

export interface WriteInputsResult {
  readonly sheetName: string;
  readonly created: boolean;
  readonly renamedBecause?: string;
  /** The written blocks, e.g. "Inputs!A1:G13" (activated and selected after the write). */
  readonly address: string;
  /** Workbook names that point at this sheet's values. */
  readonly names: readonly string[];
  /** Names that exist but were not created by the add-in: left unchanged. */
  readonly skippedNames: readonly string[];
  /** Cells the user changed, kept ("Inputs!B5"); each is also in `notices`. */
  readonly kept: readonly string[];
  /** Cells the user changed that a confirmed reset overwrote. */
  readonly reset: readonly string[];
  readonly notices: readonly string[];
}

/** The cells of the table (header + one row per field): labels and live PIVOT.MARKET formulas. */
export function inputsCells(): { rows: CellInput[][]; formats: string[][] } {
  const built = INPUTS.build(INPUT_ROWS);
  return {
    rows: [INPUTS.columns.map((c) => asText(c.header)), ...built.map((r) => r.cells.map((c) => c.next))],
    formats: [INPUTS.columns.map(() => "General"), ...built.map((r) => r.cells.map((c) => c.format ?? "General"))],
  };
}

/**
 * Writes (or rewrites) the Inputs sheet; see the module comment. `snapshot` is the market
 * store's current snapshot: the cells read the store themselves; the snapshot tells which
 * fields show #N/A (said in `notices`). Throws WorkbookError ("layout" when a header of the
 * table was changed so the block cannot be found; "excel" with code AccessDenied when the
 * sheet is protected: nothing is written then).
 */
export async function writeInputsSheet(
  snapshot: MarketSnapshot,
  options: WriteInputsOptions = {},
): Promise<WriteInputsResult> {
  const r = await writeDeclaredSheet(
    INPUTS_SHEET_DECL,
    null,
    { ...options, what: "Writing the market inputs" },
    {
      prepare: (context) =>
        INPUT_ROWS.map((row) => context.workbook.names.getItemOrNullObject(row.name).load("formula,comment")),
      finish: (context, at, names) => {
        const place = at.places.get("inputs");
        const valueCol = place?.cols[1];
        const written: string[] = [];
        const skipped: string[] = [];
        INPUT_ROWS.forEach((row, i) => {
          const n = names[i];
          const r0 = place?.rows.get(row.field);
          if (r0 === undefined || valueCol === undefined) throw new Error(`internal error: ${row.field} not placed`);
          const r = queueOwnName(
            context,
            n,
            row.name,
            at,
            { row: r0, col: valueCol },
            `PivotLens market input: ${row.label} (${FIELD_UNITS[row.field]})`,
          );
          (r.outcome === "foreign" ? skipped : written).push(row.name);
        });
        return { written, skipped };
      },
    },
  );
  const notices = [...r.notices];
  const missing = INPUT_ROWS.filter((x) => snapshot.fields[x.field] === undefined).map((x) => x.name);
  if (missing.length > 0)
    notices.push(
      `No source has supplied these inputs yet, so they show #N/A until a refresh brings them: ${missing.join(", ")}.`,
    );
  if (r.finished.skipped.length > 0)
    notices.push(
      `These workbook names already exist and were not created by PivotLens, so they were left as they are: ${r.finished.skipped.join(", ")}.`,
    );
  return {
    sheetName: r.sheetName,
    created: r.created,
    ...(r.renamedBecause ? { renamedBecause: r.renamedBecause } : {}),
    address: r.address,
    names: r.finished.written,
    skippedNames: r.finished.skipped,
    kept: r.kept,
    reset: r.reset,
    notices,
  };
}
