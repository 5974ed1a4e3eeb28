/**
 * A1 addresses as the Excel API writes them: "A1", "B2:D5", "Sheet1!A1:B2", "'My sheet'!$A$1",
 * whole columns "A:C" and rows "2:4".
 *
 * Why the fake keeps its own parser rather than sharing src/workbook/a1.ts: the preview's fake
 * Excel stands in for Excel under the workbook layer, so neither may import the other (a bug
 * shared by both would hide itself: the writers' addresses would parse back the way they were
 * written, right or wrong). The two also do different jobs: a1.ts writes addresses (indices to
 * text, formula row shifts); this reads every form Excel's API accepts (sheet-qualified,
 * quoted, absolute, whole rows and columns) into rectangles. Their agreement is tested, not
 * assumed: the writers' output is read back through this parser in the workbook tests.
 */

export interface Rect {
  /** Zero-based, inclusive. */
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export function columnLetters(col: number): string {
  let s = "";
  for (let c = col + 1; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

export function columnIndex(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + ch.charCodeAt(0) - 64;
  return col - 1;
}

/** Quotes a sheet name when Excel would ("'My sheet'!A1"). */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

export function cellA1(row: number, col: number, absolute = false): string {
  const d = absolute ? "$" : "";
  return `${d}${columnLetters(col)}${d}${row + 1}`;
}

export function rectA1(r: Rect, absolute = false): string {
  const tl = cellA1(r.row, r.col, absolute);
  if (r.rows === 1 && r.cols === 1) return tl;
  return `${tl}:${cellA1(r.row + r.rows - 1, r.col + r.cols - 1, absolute)}`;
}

export function addressWithSheet(sheet: string, r: Rect, absolute = false): string {
  return `${quoteSheet(sheet)}!${rectA1(r, absolute)}`;
}

export class AddressError extends Error {}

/** Splits "Sheet!A1:B2" into sheet name (or undefined) and the range part. */
export function splitSheet(address: string): { sheet?: string; range: string } {
  const s = address.trim();
  const quoted = /^'((?:[^']|'')+)'!(.+)$/.exec(s);
  if (quoted) return { sheet: quoted[1].replace(/''/g, "'"), range: quoted[2] };
  const bang = s.lastIndexOf("!");
  if (bang > 0) return { sheet: s.slice(0, bang), range: s.slice(bang + 1) };
  return { range: s };
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;
const COL = /^\$?([A-Za-z]{1,3})$/;
const ROW = /^\$?(\d{1,7})$/;

function parseEnd(part: string): { row?: number; col?: number } {
  let m = CELL.exec(part);
  if (m) return { col: columnIndex(m[1]), row: Number(m[2]) - 1 };
  m = COL.exec(part);
  if (m) return { col: columnIndex(m[1]) };
  m = ROW.exec(part);
  if (m) return { row: Number(m[1]) - 1 };
  throw new AddressError(`"${part}" is not an A1 reference`);
}

/** Parses the range part ("B2", "B2:D5", "A:C", "2:4") to a rectangle. */
export function parseRange(range: string): Rect {
  const parts = range.trim().split(":");
  if (parts.length < 1 || parts.length > 2 || parts.some((p) => p === ""))
    throw new AddressError(`"${range}" is not an A1 range`);
  const a = parseEnd(parts[0]);
  const b = parts.length === 2 ? parseEnd(parts[1]) : a;
  const wholeCols = a.row === undefined && b.row === undefined;
  const wholeRows = a.col === undefined && b.col === undefined;
  if ((a.row === undefined) !== (b.row === undefined) || (a.col === undefined) !== (b.col === undefined)) {
    throw new AddressError(`"${range}" mixes a cell with a whole row or column`);
  }
  if (parts.length === 1 && (wholeCols || wholeRows)) throw new AddressError(`"${range}" is not an A1 range`);
  const r0 = wholeCols ? 0 : Math.min(a.row as number, b.row as number);
  const r1 = wholeCols ? MAX_ROWS - 1 : Math.max(a.row as number, b.row as number);
  const c0 = wholeRows ? 0 : Math.min(a.col as number, b.col as number);
  const c1 = wholeRows ? MAX_COLS - 1 : Math.max(a.col as number, b.col as number);
  if (r1 >= MAX_ROWS || c1 >= MAX_COLS) throw new AddressError(`"${range}" is outside the sheet`);
  return { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
}

export function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.row >= outer.row &&
    inner.col >= outer.col &&
    inner.row + inner.rows <= outer.row + outer.rows &&
    inner.col + inner.cols <= outer.col + outer.cols
  );
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.row < b.row + b.rows && b.row < a.row + a.rows && a.col < b.col + b.cols && b.col < a.col + a.cols;
}
