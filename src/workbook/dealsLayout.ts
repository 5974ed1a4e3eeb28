/**
 * The Deals sheet, declared (declared/sheet.ts): a title, the assumptions block (label,
 * value, note; the values blue on yellow, the user's to change, each with a workbook name the
 * formula columns read) and the deals table, an Excel table whose columns are DEALS_COLUMNS
 * (dealsColumns.ts) and whose rows follow their deal id (declared/table.ts). The shared
 * writer does the rest; what stays Deals-specific here is the assumption names.
 */
import type { Deal } from "../deals/schema";
import { asText } from "./cells";
import { WorkbookError } from "./errors";
import {
  DEALS_ASSUMPTIONS,
  DEALS_COLUMNS,
  DEALS_SHEET,
  DEALS_TABLE,
  dealRowKey,
  dealRows,
  type Assumption,
  type DealRow,
} from "./dealsColumns";
import { block, type Placement, type SheetDecl } from "./declared/sheet";
import { isOwnComment, queueOwnName } from "./sheets";

interface Line {
  readonly text: string;
}

const TITLE_LINES: readonly Line[] = [
  { text: "PivotLens: announced miner AI/HPC deals" },
  {
    text: "Data columns come from the deal list (sources in Source and Source URL). Formula columns read the blue assumptions below; edit those.",
  },
];

const TITLE = block<Line>({
  id: "title",
  header: false,
  rowStyle: { bold: true },
  columns: [{ key: "text", header: "", cell: (l) => asText(l.text) }],
});

/** The assumptions: editable starting points, each named (PIVOT_DEALS_DISCOUNT_RATE, …). */
const ASSUMPTIONS = block<Assumption>({
  id: "assumptions",
  header: true,
  rowKey: (a) => a.name,
  columns: [
    { key: "label", header: "Assumption", cell: (a) => asText(a.label) },
    {
      key: "value",
      header: "Value",
      owner: "user input",
      format: (a) => a.format,
      style: { fontColor: "#0000FF", fill: "#FFF2CC" },
      cell: (a) => a.value,
    },
    { key: "note", header: "Note", cell: (a) => asText(a.note) },
  ],
});

/** The deals table: one row per deal, keyed by its id. A new column is one entry in DEALS_COLUMNS. */
const DEALS = block<DealRow>({
  id: "deals",
  header: true,
  rowKey: dealRowKey,
  columns: DEALS_COLUMNS,
  table: {
    name: DEALS_TABLE,
    style: "TableStyleLight9",
    wrapHeader: true,
    noun: "deal table",
    rowsNoun: "deals",
    again: "load the deals again",
    keptRow: (values) => ({ kept: values }),
  },
});

export const DEALS_SHEET_DECL: SheetDecl<readonly Deal[]> = {
  role: "DEALS",
  baseName: DEALS_SHEET,
  comment: "Deals sheet",
  blocks: [
    { block: TITLE, rows: () => TITLE_LINES },
    { block: ASSUMPTIONS, rows: () => DEALS_ASSUMPTIONS },
    { block: DEALS, rows: (deals) => dealRows(deals), gapBefore: 1 },
  ],
  select: "deals",
};

/** Queued in sync 1: the assumption names as they are. */
export function loadAssumptionNames(context: Excel.RequestContext): Excel.NamedItem[] {
  return DEALS_ASSUMPTIONS.map((a) => context.workbook.names.getItemOrNullObject(a.name).load("formula,comment"));
}

/** After sync 1: a name of the same spelling the add-in did not create stops the load (the formulas need it). */
export function checkAssumptionNames(names: readonly Excel.NamedItem[]): void {
  names.forEach((n, i) => {
    if (!n.isNullObject && !isOwnComment(n.comment))
      throw new WorkbookError(
        "layout",
        `The workbook already has a name ${DEALS_ASSUMPTIONS[i].name} that PivotLens did not create; the Deals formulas need it.`,
        "Rename or delete that name (Formulas › Name Manager), then load the deals again.",
      );
  });
}

/**
 * Queued in the write sync: each assumption name on its value cell, wherever the block is
 * now. A name already right is left alone; one pointing elsewhere (its sheet deleted) is
 * replaced.
 */
export function writeAssumptionNames(
  context: Excel.RequestContext,
  at: { sheet: Excel.Worksheet; sheetName: string; places: ReadonlyMap<string, Placement> },
  names: readonly Excel.NamedItem[],
): void {
  const place = at.places.get("assumptions");
  DEALS_ASSUMPTIONS.forEach((a, i) => {
    const row = place?.rows.get(a.name);
    const col = place?.cols[1];
    if (row === undefined || col === undefined) throw new Error(`internal error: assumption ${a.name} not placed`);
    // A foreign name of this spelling already stopped the load (checkAssumptionNames).
    const r = queueOwnName(context, names[i], a.name, at, { row, col }, `PivotLens Deals assumption: ${a.label}`);
    if (r.outcome === "written") r.item.visible = true;
  });
}
