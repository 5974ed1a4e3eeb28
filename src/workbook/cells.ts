/**
 * What the writers put in a cell.
 *
 * Text from outside the add-in (a deal feed, a market source) must land as text. Excel reads
 * a string written to `Range.values` or `Range.formulas` the way it reads typing: "=...",
 * "+...", "-..." and "@..." become formulas, and "2026", "1e5", "2025-12-17" or "TRUE"
 * become numbers, dates or booleans. Typing a leading apostrophe makes Excel store the rest
 * as text (the apostrophe is Excel's "prefix character": it is not part of the value, a
 * formula reading the cell sees the text without it, and `Range.values` reads it back
 * without it). So every string a writer puts in a cell goes through `asText`, which adds
 * that apostrophe.
 *
 * Why the apostrophe rather than the Text number format ("@"): it works cell by cell, so a
 * column can mix real dates with vague text dates ("Q2 2027"); it leaves the cell's number
 * format alone; and a formula the user later types into the cell still works. A Text-format
 * cell would turn that formula into text too.
 */
import { serialFromUnixMs, serialFromUtcDate } from "../core/excelDate";

/** A cell as written through `Range.formulas`: a number, a boolean, a formula or escaped text. */
export type CellInput = number | boolean | string;

/** Text that Excel stores as exactly this text: "" stays an empty cell. */
export function asText(text: string): string {
  return text === "" ? "" : `'${text}`;
}

/** A formula (must start with "="). */
export function formula(f: string): string {
  if (!f.startsWith("=")) throw new Error(`internal error: not a formula: ${f}`);
  return f;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * An ISO calendar day ("2025-12-17") as an Excel date serial (UTC, so no time zone enters);
 * undefined for anything else ("Q2 2027", "2026-09", "~2024-12").
 */
export function isoDaySerial(text: string): number | undefined {
  const m = ISO_DAY.exec(text.trim());
  if (!m) return undefined;
  return serialFromUtcDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * An ISO 8601 instant ("2026-01-12T00:00:00Z", with Z or an offset, or a bare date, which
 * ECMAScript reads as UTC) as an Excel date-time serial in UTC; undefined otherwise. A local
 * time without an offset is refused: it would depend on the machine's time zone.
 */
export function isoTimestampSerial(text: string): number | undefined {
  if (!ISO_INSTANT.test(text.trim())) return undefined;
  const ms = Date.parse(text.trim());
  return Number.isFinite(ms) ? serialFromUnixMs(ms) : undefined;
}
