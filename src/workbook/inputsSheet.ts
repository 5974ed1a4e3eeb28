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
 * escaped text. Writing twice gives the same sheet. Two syncs: find the sheet and names,
 * then write.
 *
 * Where the block is: at the add-in's hidden sheet marker (PIVOT__SHEET_INPUTS, created on
 * the block's top-left cell), wherever Excel has moved it since (a row inserted above moves
 * it down). Each of the add-in's PIVOT_* names on the sheet must point at its row's value
 * cell relative to that marker; a name is kept only when its formula is exactly that
 * address, and re-pointed when it refers elsewhere (a deleted sheet, #REF!). When a name on
 * the sheet disagrees with the marker (rows inserted or deleted inside the block), the
 * writer stops with a "layout" WorkbookError naming the cell rather than write over the
 * user's rows.
 *
 * A workbook name of the same spelling that the add-in did not create is left as it is and
 * reported in `skippedNames` (the user's name wins; the task pane says so).
 */
import { FIELD_UNITS, MARKET_FIELDS, type MarketField, type MarketSnapshot } from "../market/model";
import { cell, parseAddress, type ParsedAddress } from "./a1";
import { asText, formula, type CellInput } from "./cells";
import { WorkbookError } from "./errors";
import { runBatch, type ExcelRun } from "./run";
import {
  absoluteRef,
  freeSheetName,
  isOwnComment,
  markerName,
  queueCreateSheet,
  queueSheetLookup,
  readSheetLookup,
  sheetOfNameFormula,
} from "./sheets";

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
  height: "0",
  subsidy_btc: "0.00000000",
  hashprice_usd_ph_day: '"$"#,##0.00',
  next_halving_date: "yyyy-mm-dd",
};

/** The rows of the Inputs sheet, in order, with their workbook names. */
export const INPUT_ROWS: readonly InputRow[] = MARKET_FIELDS.map((field) => ({
  field,
  label: LABELS[field],
  name: field === "hashprice_usd_ph_day" ? "PIVOT_HASHPRICE" : `PIVOT_${field.toUpperCase()}`,
  format: FORMATS[field],
}));

const HEADER = ["Input", "Value", "Unit", "As of (UTC)", "Source", "Status", "Workbook name"];
const TITLE_ROW = 0;
const SNAPSHOT_ROW = 2;
const HEADER_ROW = 3;
const FIRST_ROW = 4;

export interface WriteInputsOptions {
  readonly run?: ExcelRun;
  readonly sheetName?: string;
}

export interface WriteInputsResult {
  readonly sheetName: string;
  readonly created: boolean;
  readonly renamedBecause?: string;
  /** Workbook names that point at this sheet's values. */
  readonly names: readonly string[];
  /** Names that exist but were not created by the add-in: left unchanged. */
  readonly skippedNames: readonly string[];
  readonly notices: readonly string[];
}

/** `=PIVOT.MARKET("name")`: the live market value for a field, a field's property or the snapshot. */
export function marketFormula(name: string): string {
  return formula(`=PIVOT.MARKET("${name}")`);
}

/** The cells of the block (header + one row per field): labels and live PIVOT.MARKET formulas. */
export function inputsCells(): { rows: CellInput[][]; formats: string[][] } {
  const rows: CellInput[][] = [HEADER.map(asText)];
  const formats: string[][] = [HEADER.map(() => "General")];
  for (const r of INPUT_ROWS) {
    rows.push([
      asText(r.label),
      marketFormula(r.field),
      asText(FIELD_UNITS[r.field]),
      marketFormula(`${r.field}.as_of`),
      marketFormula(`${r.field}.source`),
      marketFormula(`${r.field}.status`),
      asText(r.name),
    ]);
    formats.push(["General", r.format, "General", "General", "General", "General", "General"]);
  }
  return { rows, formats };
}

/** The single cell a name's formula refers to ("=Inputs!$B$5"), or undefined (#REF!, a range, a constant). */
function cellOfNameFormula(nameFormula: unknown): ParsedAddress | undefined {
  if (typeof nameFormula !== "string" || sheetOfNameFormula(nameFormula) === undefined) return undefined;
  let a: ParsedAddress;
  try {
    a = parseAddress(nameFormula.replace(/^=/, ""));
  } catch {
    return undefined; // not a cell reference: treated as pointing nowhere, and re-pointed
  }
  return a.rows === 1 && a.cols === 1 ? a : undefined;
}

function layoutError(sheetName: string, what: string): WorkbookError {
  return new WorkbookError(
    "layout",
    `The add-in cannot tell where its inputs block on "${sheetName}" is: ${what}. Writing would overwrite your cells.`,
    `Undo the rows or columns inserted or deleted inside the block, or rename the sheet "${sheetName}" to keep it as it is and write the inputs again to get a fresh Inputs sheet.`,
  );
}

/**
 * Writes (or rewrites) the Inputs sheet. Two syncs. `snapshot` is the market store's current
 * snapshot: the cells read the store themselves; the snapshot tells which fields show #N/A
 * (said in `notices`). Throws WorkbookError ("layout" when the block cannot be located).
 */
export async function writeInputsSheet(
  snapshot: MarketSnapshot,
  options: WriteInputsOptions = {},
): Promise<WriteInputsResult> {
  const base = options.sheetName ?? INPUTS_SHEET;
  return runBatch(options.run, "Writing the market inputs", async (context) => {
    const lookup = queueSheetLookup(context, "INPUTS");
    const names = INPUT_ROWS.map((r) => {
      const n = context.workbook.names.getItemOrNullObject(r.name);
      n.load("formula,comment");
      return n;
    });
    await context.sync();
    const found = readSheetLookup(lookup);
    const created = found.ownSheet === undefined;
    const sheetName = found.ownSheet ?? freeSheetName(base, found.sheetNames);
    const sameSheet = (f: unknown): boolean => sheetOfNameFormula(f)?.toLowerCase() === sheetName.toLowerCase();

    // Where the block is now: the marker's cell (Excel moves it with inserted rows).
    let top = TITLE_ROW;
    let left = 0;
    if (!created) {
      const marker = cellOfNameFormula(lookup.marker.formula);
      if (marker === undefined)
        throw layoutError(
          sheetName,
          `its marker name ${markerName("INPUTS")} refers to ${String(lookup.marker.formula)}`,
        );
      top = marker.row;
      left = marker.col;
      // Every add-in name on this sheet must agree with the marker.
      INPUT_ROWS.forEach((r, i) => {
        const n = names[i];
        if (n.isNullObject || !isOwnComment(n.comment) || !sameSheet(n.formula)) return;
        const at = cellOfNameFormula(n.formula);
        const want = cell(top + FIRST_ROW + i, left + 1);
        if (at === undefined || at.row !== top + FIRST_ROW + i || at.col !== left + 1) {
          throw layoutError(
            sheetName,
            `${r.name} refers to ${at ? cell(at.row, at.col) : String(n.formula)} but belongs at ${want} (the block starts at ${cell(top, left)}); rows or columns were inserted or deleted inside it`,
          );
        }
      });
    }

    context.application.suspendApiCalculationUntilNextSync();
    const sheet = created
      ? queueCreateSheet(context, "INPUTS", sheetName, found, "Inputs sheet")
      : context.workbook.worksheets.getItem(sheetName);
    const title = sheet.getRangeByIndexes(top + TITLE_ROW, left, 2, 1);
    title.values = [
      [asText("PivotLens market inputs")],
      [
        asText(
          "Live PIVOT.MARKET formulas: they update with every market refresh (Market › Refresh). Workbook names point at column B.",
        ),
      ],
    ];
    title.format.font.bold = true;
    const snap = sheet.getRangeByIndexes(top + SNAPSHOT_ROW, left, 1, 4);
    snap.formulas = [[asText("Snapshot as of (UTC)"), marketFormula("as_of"), asText("Stale"), marketFormula("stale")]];
    snap.numberFormat = [["General", "General", "General", "General"]];
    const { rows, formats } = inputsCells();
    const block = sheet.getRangeByIndexes(top + HEADER_ROW, left, rows.length, HEADER.length);
    block.formulas = rows;
    block.numberFormat = formats;
    sheet.getRangeByIndexes(top + HEADER_ROW, left, 1, HEADER.length).format.font.bold = true;

    const written: string[] = [];
    const skipped: string[] = [];
    INPUT_ROWS.forEach((r, i) => {
      const n = names[i];
      const want = absoluteRef(sheetName, top + FIRST_ROW + i, left + 1);
      if (!n.isNullObject) {
        if (!isOwnComment(n.comment)) {
          skipped.push(r.name);
          return;
        }
        if (n.formula === want) {
          written.push(r.name);
          return;
        }
        context.workbook.names.getItem(r.name).delete();
      }
      context.workbook.names.add(
        r.name,
        sheet.getRangeByIndexes(top + FIRST_ROW + i, left + 1, 1, 1),
        `PivotLens market input: ${r.label} (${FIELD_UNITS[r.field]})`,
      );
      written.push(r.name);
    });
    await context.sync();

    const notices: string[] = [];
    const renamed =
      created && sheetName !== base
        ? `A sheet named "${base}" already exists and was not created by PivotLens, so the inputs went to "${sheetName}".`
        : undefined;
    if (renamed) notices.push(renamed);
    const missing = INPUT_ROWS.filter((r) => snapshot.fields[r.field] === undefined).map((r) => r.name);
    if (missing.length > 0)
      notices.push(
        `No source has supplied these inputs yet, so they show #N/A until a refresh brings them: ${missing.join(", ")}.`,
      );
    if (skipped.length > 0)
      notices.push(
        `These workbook names already exist and were not created by PivotLens, so they were left as they are: ${skipped.join(", ")}.`,
      );
    return {
      sheetName,
      created,
      ...(renamed ? { renamedBecause: renamed } : {}),
      names: written,
      skippedNames: skipped,
      notices,
    };
  });
}
