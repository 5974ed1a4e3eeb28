/**
 * The Deals sheet's fixed block: title, note and the assumptions (values, formats and the
 * workbook names the formula columns read). Queued only; dealsSheet.ts syncs.
 */
import { asText } from "./cells";
import {
  DEALS_ASSUMPTIONS,
  ASSUMPTIONS_HEADER_ROW,
  FIRST_ASSUMPTION_ROW,
  TABLE_HEADER_ROW,
  TITLE_ROW,
} from "./dealsColumns";
import { absoluteRef, sheetOfNameFormula } from "./sheets";

/** Title, note and assumptions block; `withValues` false keeps the values the user edited. */
export function writeFixedBlock(sheet: Excel.Worksheet, withValues: boolean): void {
  const title = sheet.getRangeByIndexes(TITLE_ROW, 0, 2, 1);
  title.values = [
    [asText("PivotLens: announced miner AI/HPC deals")],
    [
      asText(
        "Data columns come from the deal list (sources in Source and Source URL). Formula columns read the blue assumptions below; edit those.",
      ),
    ],
  ];
  title.format.font.bold = true;
  const head = sheet.getRangeByIndexes(ASSUMPTIONS_HEADER_ROW, 0, 1, 3);
  head.values = [[asText("Assumption"), asText("Value"), asText("Note")]];
  head.format.font.bold = true;
  const labels = sheet.getRangeByIndexes(FIRST_ASSUMPTION_ROW, 0, DEALS_ASSUMPTIONS.length, 1);
  labels.values = DEALS_ASSUMPTIONS.map((a) => [asText(a.label)]);
  const notes = sheet.getRangeByIndexes(FIRST_ASSUMPTION_ROW, 2, DEALS_ASSUMPTIONS.length, 1);
  notes.values = DEALS_ASSUMPTIONS.map((a) => [asText(a.note)]);
  const inputs = sheet.getRangeByIndexes(FIRST_ASSUMPTION_ROW, 1, DEALS_ASSUMPTIONS.length, 1);
  if (withValues) {
    inputs.values = DEALS_ASSUMPTIONS.map((a) => [a.value]);
    inputs.numberFormat = DEALS_ASSUMPTIONS.map((a) => [a.format]);
  }
  inputs.format.font.color = "#0000FF";
  inputs.format.fill.color = "#FFF2CC";
}

/**
 * The assumption names, each on its cell of the block above the table header (`headerRow`).
 * A name the add-in made that points elsewhere (its sheet deleted) is replaced; a name that
 * is already right is left alone.
 */
export function writeAssumptionNames(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  sheetName: string,
  headerRow: number,
  existing: readonly Excel.NamedItem[],
  fresh: boolean,
): void {
  const first = headerRow - (TABLE_HEADER_ROW - FIRST_ASSUMPTION_ROW);
  DEALS_ASSUMPTIONS.forEach((a, i) => {
    const n = existing[i];
    const want = absoluteRef(sheetName, first + i, 1);
    if (!n.isNullObject) {
      const current = typeof n.formula === "string" ? n.formula : "";
      const target = sheetOfNameFormula(current);
      if (!fresh && target !== undefined && target.toLowerCase() === sheetName.toLowerCase()) return;
      if (current === want) return;
      context.workbook.names.getItem(a.name).delete();
    }
    const added = context.workbook.names.add(
      a.name,
      sheet.getRangeByIndexes(first + i, 1, 1, 1),
      `PivotLens Deals assumption: ${a.label}`,
    );
    added.visible = true;
  });
}
