/**
 * The Inputs sheet: today's market inputs as values, one row per market field, each with its
 * unit, as-of time (UTC), source and origin (live / last good / embedded), and a workbook
 * name on the value cell (PIVOT_BTC_USD, PIVOT_DIFFICULTY, PIVOT_NETWORK_EH_S,
 * PIVOT_FEES_BTC_PER_BLOCK, PIVOT_HEIGHT, PIVOT_SUBSIDY_BTC, PIVOT_HASHPRICE, …) so models can
 * use `=PIVOT_BTC_USD` instead of a cell address.
 *
 * Values are written as values (a snapshot of the inputs, as the issue asks; the live value
 * is PIVOT.MARKET). A field the snapshot lacks gets =NA(), never a blank that reads as 0.
 * Text from the sources is escaped so it stays text. Writing the same snapshot twice gives
 * the same sheet. Two syncs: find the sheet and names, then write.
 *
 * A workbook name of the same spelling that the add-in did not create is left as it is and
 * reported in `skippedNames` (the user's name wins; the task pane says so).
 */
import { FIELD_UNITS, MARKET_FIELDS, type MarketField, type MarketSnapshot } from "../market/model";
import { asText, isoTimestampSerial, type CellInput } from "./cells";
import { runBatch, type ExcelRun } from "./run";
import {
  absoluteRef,
  freeSheetName,
  isOwnComment,
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

const HEADER = ["Input", "Value", "Unit", "As of (UTC)", "Source", "Origin", "Workbook name", "Note"];
const TITLE_ROW = 0;
const SNAPSHOT_ROW = 2;
const HEADER_ROW = 3;
const FIRST_ROW = 4;
const DATETIME = "yyyy-mm-dd hh:mm";

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

/** The cells of the block (header + one row per field), values only. */
export function inputsCells(snapshot: MarketSnapshot): { rows: CellInput[][]; formats: string[][] } {
  const rows: CellInput[][] = [HEADER.map(asText)];
  const formats: string[][] = [HEADER.map(() => "General")];
  for (const r of INPUT_ROWS) {
    const f = snapshot.fields[r.field];
    const asOf = f ? isoTimestampSerial(f.asOf) : undefined;
    rows.push([
      asText(r.label),
      f ? f.value : "=NA()",
      asText(FIELD_UNITS[r.field]),
      f ? (asOf ?? asText(f.asOf)) : "",
      asText(f ? f.source : "not available in this snapshot"),
      asText(f ? f.origin : ""),
      asText(r.name),
      asText(f?.note ?? ""),
    ]);
    formats.push(["General", r.format, "General", DATETIME, "General", "General", "General", "General"]);
  }
  return { rows, formats };
}

/** Writes (or refreshes) the Inputs sheet. Two syncs. Throws WorkbookError. */
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

    context.application.suspendApiCalculationUntilNextSync();
    const sheet = created
      ? queueCreateSheet(context, "INPUTS", sheetName, found, "Inputs sheet")
      : context.workbook.worksheets.getItem(sheetName);
    const title = sheet.getRangeByIndexes(TITLE_ROW, 0, 2, 1);
    title.values = [
      [asText("PivotLens market inputs")],
      [
        asText(
          "Values written by the task pane (Market › Write inputs to sheet); PIVOT.MARKET gives the live ones. Workbook names point at column B.",
        ),
      ],
    ];
    title.format.font.bold = true;
    const snap = sheet.getRangeByIndexes(SNAPSHOT_ROW, 0, 1, 4);
    const asOf = isoTimestampSerial(snapshot.asOf);
    snap.values = [[asText("Snapshot as of (UTC)"), asOf ?? asText(snapshot.asOf), asText("Stale"), snapshot.stale]];
    snap.numberFormat = [["General", DATETIME, "General", "General"]];
    const { rows, formats } = inputsCells(snapshot);
    const block = sheet.getRangeByIndexes(HEADER_ROW, 0, rows.length, HEADER.length);
    block.formulas = rows;
    block.numberFormat = formats;
    sheet.getRangeByIndexes(HEADER_ROW, 0, 1, HEADER.length).format.font.bold = true;

    const written: string[] = [];
    const skipped: string[] = [];
    INPUT_ROWS.forEach((r, i) => {
      const n = names[i];
      const want = absoluteRef(sheetName, FIRST_ROW + i, 1);
      if (!n.isNullObject) {
        if (!isOwnComment(n.comment)) {
          skipped.push(r.name);
          return;
        }
        const target = sheetOfNameFormula(n.formula);
        if (n.formula === want || (!created && target?.toLowerCase() === sheetName.toLowerCase())) {
          written.push(r.name);
          return;
        }
        context.workbook.names.getItem(r.name).delete();
      }
      context.workbook.names.add(
        r.name,
        sheet.getRangeByIndexes(FIRST_ROW + i, 1, 1, 1),
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
