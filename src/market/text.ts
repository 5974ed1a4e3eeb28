/**
 * Text that came from outside the add-in (a server's status text, a parse error, a Kraken
 * `error` entry, a host name from a settings URL) passes through `cleanText` before it is
 * stored in a snapshot, a refresh report or a cell. It removes control characters (so a
 * response cannot smuggle line breaks or escape sequences into a cell or a log), collapses
 * whitespace, drops leading characters that a spreadsheet could read as a formula
 * (= + - @), and truncates.
 */

/** Longest text the market layer puts in a cell or a report entry. */
export const MAX_TEXT_CHARS = 200;

// C0 and C1 control characters, DEL, and the Unicode line/paragraph separators and
// bidirectional overrides (which can make text read differently from what it contains).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(raw: unknown, maxChars: number = MAX_TEXT_CHARS): string {
  const text = typeof raw === "string" ? raw : String(raw);
  const flat = text
    .replace(CONTROL, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[=+\-@\s]+/, "");
  if (flat.length <= maxChars) return flat;
  return `${flat.slice(0, Math.max(0, maxChars - 1))}…`;
}

/** The message of anything thrown, cleaned. */
export function errorText(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    const causeText =
      cause instanceof Error && cause.message && cause.message !== e.message ? `: ${cause.message}` : "";
    return cleanText(`${e.message}${causeText}`);
  }
  return cleanText(e);
}
