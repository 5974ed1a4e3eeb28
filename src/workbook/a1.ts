/**
 * A1 helpers for the writers (zero-based rows and columns in, Excel A1 text out), and the
 * row shift Excel applies to relative references when a formula is copied to another row.
 */

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

/** "B7" (relative) or "$B$7" (absolute) for zero-based row/col. */
export function cell(row: number, col: number, absolute = false): string {
  const d = absolute ? "$" : "";
  return `${d}${columnLetters(col)}${d}${row + 1}`;
}

/** "A1:C3" for a zero-based rectangle. */
export function rect(row: number, col: number, rows: number, cols: number): string {
  return `${cell(row, col)}:${cell(row + rows - 1, col + cols - 1)}`;
}

/** Quotes a sheet name for a formula or address when Excel would: 'Deals (PivotLens)'. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

export interface ParsedAddress {
  readonly sheet: string | undefined;
  /** Zero-based top-left and size. */
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

/** Parses "Sheet!$A$1:B2", "'My sheet'!A1" or "A1". */
export function parseAddress(address: string): ParsedAddress {
  const s = address.trim();
  let sheet: string | undefined;
  let range = s;
  const quoted = /^'((?:[^']|'')+)'!(.+)$/.exec(s);
  if (quoted) {
    sheet = quoted[1].replace(/''/g, "'");
    range = quoted[2];
  } else {
    const bang = s.lastIndexOf("!");
    if (bang > 0) {
      sheet = s.slice(0, bang);
      range = s.slice(bang + 1);
    }
  }
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(range);
  if (!m) throw new Error(`not an A1 cell or range address: ${address}`);
  const c1 = columnIndex(m[1]);
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] ? columnIndex(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) - 1 : r1;
  return {
    sheet,
    row: Math.min(r1, r2),
    col: Math.min(c1, c2),
    rows: Math.abs(r2 - r1) + 1,
    cols: Math.abs(c2 - c1) + 1,
  };
}

/**
 * Moves the relative row references of an A1 formula by `delta` rows, as Excel does when a
 * formula is copied `delta` rows down: B7 → B9 for delta 2, B$7 and $B$7 unchanged. Text in
 * double quotes, quoted sheet names and structured references ([@MW]) are left alone; a
 * reference that would move above row 1 becomes #REF!, as in Excel.
 */
export function shiftFormulaRows(formula: string, delta: number): string {
  if (delta === 0 || !formula.startsWith("=")) return formula;
  let out = "";
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const c = formula[i];
    if (c === '"' || c === "'") {
      // A string literal or a quoted sheet name; a doubled quote is an escaped one.
      let j = i + 1;
      while (j < n) {
        if (formula[j] === c) {
          if (formula[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === "[") {
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)/.exec(formula.slice(i));
    const prev = i > 0 ? formula[i - 1] : "";
    if (m && !/[A-Za-z0-9_.]/.test(prev)) {
      const after = formula[i + m[0].length] ?? "";
      if (!/[A-Za-z0-9_.(]/.test(after)) {
        const [whole, colAbs, letters, rowAbs, digits] = m;
        if (rowAbs === "$") {
          out += whole;
        } else {
          const row = Number(digits) + delta;
          out += row < 1 ? "#REF!" : `${colAbs}${letters}${row}`;
        }
        i += whole.length;
        continue;
      }
    }
    // Copy an identifier whole so that its tail is not read as a reference (LOG10, SHEET2X).
    const word = /^[A-Za-z0-9_.$]+/.exec(formula.slice(i));
    if (word) {
      out += word[0];
      i += word[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
