/**
 * Excel table structured references, rewritten to A1 for the engine (HyperFormula has no
 * tables). Supported: `[@Col]`, `[@[Col name]]`, `Table[@Col]`, `Table[[#This Row],[Col]]`,
 * `Table[Col]`, `Table[[Col]]`, `Table[[#Headers],[Col]]`, `Table[[#All],[Col]]`,
 * `Table[#Data]`, `Table[#All]`, `Table[#Headers]`, and `[Col]` inside the table itself.
 * The workbook keeps the formula as written for `Range.formulas`.
 */
import { cellA1, rectA1, type Rect } from "./address";

export interface TableView {
  readonly name: string;
  readonly sheetName: string;
  /** Header row included. */
  readonly rect: Rect;
  readonly bodyRows: number;
  readonly columns: readonly string[];
}

export class StructuredRefError extends Error {}

function unescape(name: string): string {
  return name.replace(/'([[\]#'@])/g, "$1").trim();
}

/** Splits "[#This Row],[Col]" into its bracketed items; a bare "Col" is one item. */
function items(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === "'" && i + 1 < inner.length) {
      cur += ch + inner[++i];
      continue;
    }
    if (ch === "[") {
      depth++;
      if (depth === 1) continue;
    } else if (ch === "]") {
      depth--;
      if (depth === 0) {
        out.push(cur);
        cur = "";
        continue;
      }
    } else if (ch === "," && depth === 0) {
      if (cur.trim() !== "") out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  if (cur.trim() !== "") out.push(cur);
  return out.map(unescape);
}

function resolveRef(table: TableView, inner: string, row: number, sameSheet: boolean): string {
  const thisRow = inner.startsWith("@");
  const parts = items(thisRow ? inner.slice(1) : inner);
  let area = thisRow ? "#this row" : "#data";
  const cols: string[] = [];
  for (const p of parts) {
    if (p.startsWith("#")) area = p.toLowerCase();
    else if (p !== "") cols.push(p);
  }
  const colIndex = (name: string): number => {
    const i = table.columns.findIndex((c) => c.toLowerCase() === name.toLowerCase());
    if (i < 0) throw new StructuredRefError(`Table ${table.name} has no column "${name}".`);
    return i;
  };
  let c0 = 0;
  let c1 = table.columns.length - 1;
  if (cols.length === 1 && cols[0].includes("]:[")) {
    const [a, b] = cols[0].split("]:[");
    c0 = colIndex(a);
    c1 = colIndex(b);
  } else if (cols.length >= 1) {
    c0 = colIndex(cols[0]);
    c1 = colIndex(cols[cols.length - 1]);
  }
  const { rect } = table;
  let r0: number;
  let r1: number;
  if (area === "#this row") {
    if (row <= rect.row || row >= rect.row + 1 + table.bodyRows)
      throw new StructuredRefError(`[@...] used outside the rows of table ${table.name}.`);
    r0 = r1 = row;
  } else if (area === "#headers") r0 = r1 = rect.row;
  else if (area === "#all") {
    r0 = rect.row;
    r1 = rect.row + rect.rows - 1;
  } else if (area === "#data") {
    r0 = rect.row + 1;
    r1 = rect.row + Math.max(table.bodyRows, 1);
  } else throw new StructuredRefError(`Unsupported structured reference item ${area}.`);
  const prefix = sameSheet ? "" : `'${table.sheetName.replace(/'/g, "''")}'!`;
  const sub: Rect = { row: r0, col: rect.col + c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  if (area === "#this row") return prefix + rectA1(sub, false);
  return prefix + (sub.rows === 1 && sub.cols === 1 ? cellA1(sub.row, sub.col, true) : rectA1(sub, true));
}

/**
 * Rewrites the structured references in `formula` (entered at `row`/`col` of `sheetName`).
 * Returns undefined when the formula has none.
 */
export function rewriteStructuredRefs(
  formula: string,
  at: { sheetName: string; row: number; col: number },
  tables: readonly TableView[],
): string | undefined {
  if (!formula.includes("[")) return undefined;
  const own = tables.find(
    (t) =>
      t.sheetName === at.sheetName &&
      at.row >= t.rect.row &&
      at.row < t.rect.row + t.rect.rows + 1 &&
      at.col >= t.rect.col &&
      at.col < t.rect.col + t.rect.cols,
  );
  let out = "";
  let changed = false;
  for (let i = 0; i < formula.length;) {
    const ch = formula[i];
    if (ch === '"') {
      const end = formula.indexOf('"', i + 1);
      const stop = end < 0 ? formula.length : end + 1;
      out += formula.slice(i, stop);
      i = stop;
      continue;
    }
    if (ch !== "[") {
      out += ch;
      i++;
      continue;
    }
    // The table name just before the bracket, if any.
    const m = /([A-Za-z_\\][A-Za-z0-9_.\\]*)$/.exec(out);
    const name = m?.[1];
    let depth = 0;
    let j = i;
    for (; j < formula.length; j++) {
      if (formula[j] === "'") {
        j++;
        continue;
      }
      if (formula[j] === "[") depth++;
      else if (formula[j] === "]" && --depth === 0) break;
    }
    const inner = formula.slice(i + 1, j);
    const table = name !== undefined ? tables.find((t) => t.name.toLowerCase() === name.toLowerCase()) : own;
    if (table === undefined)
      throw new StructuredRefError(
        name ? `No table named ${name}.` : "A structured reference outside a table needs the table's name.",
      );
    if (name !== undefined) out = out.slice(0, out.length - name.length);
    out += resolveRef(table, inner, at.row, table.sheetName === at.sheetName);
    changed = true;
    i = j + 1;
  }
  return changed ? out : undefined;
}
