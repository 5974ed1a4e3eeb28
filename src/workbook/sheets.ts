/**
 * Which sheets are the add-in's, and names on them.
 *
 * The add-in marks each sheet it creates with a hidden workbook name, `PIVOT__SHEET_<ROLE>`
 * (ROLE = INPUTS, DEALS, COMPS), that refers to the sheet's A1 and carries the comment
 * "PivotLens …". A name follows its sheet when the user renames or moves it, so the add-in
 * finds its sheet again by the name, never by the sheet's title. A sheet called "Deals"
 * without the marker is the user's: the add-in never writes to it and creates
 * "Deals (PivotLens)" (or "Deals (PivotLens 2)", …) instead, and says so in its result.
 * A marker whose sheet was deleted (its formula then holds #REF!) is replaced.
 */
import { parseAddress, quoteSheet } from "./a1";

export const MARKER_COMMENT_PREFIX = "PivotLens";

export type SheetRole = "INPUTS" | "DEALS" | "COMPS" | "REVENUE_MIX" | "HISTORY";

export function markerName(role: SheetRole): string {
  return `PIVOT__SHEET_${role}`;
}

/** Is this name's comment the add-in's? */
export function isOwnComment(comment: string | undefined): boolean {
  return typeof comment === "string" && comment.startsWith(MARKER_COMMENT_PREFIX);
}

/** The sheet a name's formula ("=Deals!$A$1", "='Deals (PivotLens)'!$A$1") refers to, or undefined (#REF!, a constant). */
export function sheetOfNameFormula(formula: unknown): string | undefined {
  if (typeof formula !== "string") return undefined;
  const body = formula.replace(/^=/, "");
  if (body.includes("#REF!")) return undefined;
  try {
    return parseAddress(body).sheet;
  } catch {
    return undefined;
  }
}

/** Absolute reference to a cell or range of a sheet, as a name's formula: ='Deals (PivotLens)'!$A$1:$B$2. */
export function absoluteRef(sheet: string, row: number, col: number, rows = 1, cols = 1): string {
  const a = (r: number, c: number): string => `$${colLetters(c)}$${r + 1}`;
  const range = rows === 1 && cols === 1 ? a(row, col) : `${a(row, col)}:${a(row + rows - 1, col + cols - 1)}`;
  return `=${quoteSheet(sheet)}!${range}`;
}

/**
 * Queues one of the add-in's workbook names on a rectangle of the sheet just written: a name
 * already pointing there is left alone; the add-in's own pointing elsewhere (rows moved, its
 * sheet deleted) is replaced; a name of that spelling the add-in did not create is left as it
 * is ("foreign": the caller reports it). `current` is the name as loaded ("formula,comment"),
 * null or a null object when absent.
 */
export function queueOwnName(
  context: Excel.RequestContext,
  current: Pick<Excel.NamedItem, "isNullObject" | "formula" | "comment"> | null,
  name: string,
  at: { readonly sheet: Excel.Worksheet; readonly sheetName: string },
  rect: { readonly row: number; readonly col: number; readonly rows?: number; readonly cols?: number },
  comment: string,
): { readonly outcome: "foreign" | "unchanged" } | { readonly outcome: "written"; readonly item: Excel.NamedItem } {
  const rows = rect.rows ?? 1;
  const cols = rect.cols ?? 1;
  if (current !== null && !current.isNullObject) {
    if (!isOwnComment(current.comment)) return { outcome: "foreign" };
    if (current.formula === absoluteRef(at.sheetName, rect.row, rect.col, rows, cols)) return { outcome: "unchanged" };
    context.workbook.names.getItem(name).delete();
  }
  const item = context.workbook.names.add(name, at.sheet.getRangeByIndexes(rect.row, rect.col, rows, cols), comment);
  return { outcome: "written", item };
}

function colLetters(col: number): string {
  let s = "";
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

/** "Deals" if free, else "Deals (PivotLens)", "Deals (PivotLens 2)", …: the first name no sheet has (case-insensitive). */
export function freeSheetName(base: string, existing: readonly string[]): string {
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? `${base} (PivotLens)` : `${base} (PivotLens ${i})`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

/** What sync 1 learned about one of the add-in's sheets. */
export interface SheetLookup {
  /** The add-in's sheet, when its marker points at an existing sheet. */
  readonly ownSheet: string | undefined;
  /** The marker name exists (possibly stale). */
  readonly markerExists: boolean;
  /** The marker's comment (holds e.g. the table name). */
  readonly markerComment: string;
  readonly sheetNames: readonly string[];
}

/** The proxies sync 1 loads to find an add-in sheet. */
export interface PendingLookup {
  readonly sheets: Excel.WorksheetCollection;
  readonly marker: Excel.NamedItem;
}

/** Queues the loads sync 1 needs to find an add-in sheet. Call `readSheetLookup` after the sync. */
export function queueSheetLookup(context: Excel.RequestContext, role: SheetRole): PendingLookup {
  const sheets = context.workbook.worksheets.load("items/name");
  const marker = context.workbook.names.getItemOrNullObject(markerName(role));
  marker.load("formula,comment");
  return { sheets, marker };
}

/** What the loads of `queueSheetLookup` found (read after the sync). */
export function readSheetLookup(pending: PendingLookup): SheetLookup {
  const { sheets, marker } = pending;
  const sheetNames = sheets.items.map((s) => s.name);
  if (marker.isNullObject) return { ownSheet: undefined, markerExists: false, markerComment: "", sheetNames };
  const target = sheetOfNameFormula(marker.formula);
  const own = target === undefined ? undefined : sheetNames.find((n) => n.toLowerCase() === target.toLowerCase());
  return {
    ownSheet: isOwnComment(marker.comment) ? own : undefined,
    markerExists: true,
    markerComment: marker.comment,
    sheetNames,
  };
}

/**
 * Queues the creation of a new add-in sheet named `name` and its marker (replacing a stale
 * or foreign-commented marker of the same name: the name is reserved for the add-in).
 */
export function queueCreateSheet(
  context: Excel.RequestContext,
  role: SheetRole,
  name: string,
  lookup: SheetLookup,
  comment: string,
): Excel.Worksheet {
  const sheet = context.workbook.worksheets.add(name);
  if (lookup.markerExists) context.workbook.names.getItem(markerName(role)).delete();
  const marker = context.workbook.names.add(
    markerName(role),
    sheet.getRange("A1"),
    `${MARKER_COMMENT_PREFIX} ${comment}`,
  );
  marker.visible = false;
  return sheet;
}

/** Activates the written sheet and selects its block, so the user sees the result of a write. */
export function showWritten(sheet: Excel.Worksheet, row: number, col: number, rows: number, cols: number): void {
  sheet.activate();
  sheet.getRangeByIndexes(row, col, rows, cols).select();
}
