/**
 * A small RFC 4180 CSV reader: comma separated, fields optionally in double quotes, a quote
 * inside a quoted field doubled (""), CRLF or LF line ends, quoted fields may span lines.
 * A UTF-8 byte order mark is dropped. Each record keeps the 1-based line on which it starts,
 * so a feed error can point at the line a person sees in an editor.
 */

export interface CsvRecord {
  /** 1-based line where the record starts. */
  readonly line: number;
  readonly cells: readonly string[];
}

export class CsvSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
    this.line = line;
  }
}

/** Parses CSV text into records; blank lines (and lines of empty cells) are skipped. Throws CsvSyntaxError on a malformed quote. */
export function parseCsv(text: string): CsvRecord[] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let quoted = false;
  let cellStarted = false;
  const n = src.length;
  const endCell = (): void => {
    cells.push(cell);
    cell = "";
    quoted = false;
    cellStarted = false;
  };
  const endRecord = (): void => {
    endCell();
    // A line of empty cells (",,,," as spreadsheets export) is blank too.
    const blank = cells.every((c) => c.trim() === "");
    if (!blank) records.push({ line: recordLine, cells });
    cells = [];
  };
  while (i < n) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        // After a closing quote only a separator, a line end or the end of text may follow.
        const next = src[i];
        if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
          throw new CsvSyntaxError(line, `unexpected character ${JSON.stringify(next)} after a closing quote.`);
        }
        continue;
      }
      if (c === "\n") line++;
      cell += c;
      i++;
      continue;
    }
    if (c === '"' && !cellStarted) {
      quoted = true;
      cellStarted = true;
      i++;
      continue;
    }
    if (c === ",") {
      endCell();
      i++;
      continue;
    }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && src[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (c === '"')
      throw new CsvSyntaxError(
        line,
        "a quote inside an unquoted field; quote the whole field and double the inner quote.",
      );
    cell += c;
    cellStarted = true;
    i++;
  }
  if (quoted) throw new CsvSyntaxError(recordLine, "a quoted field is not closed before the end of the file.");
  if (cellStarted || cell !== "" || cells.length > 0) endRecord();
  return records;
}
