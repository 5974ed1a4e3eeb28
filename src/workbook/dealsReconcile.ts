/**
 * The reconcile (declared/reconcile.ts) on the Deals table: a cell of the add-in's columns
 * the user changed since the add-in last wrote it (a corrected tenant, a note, an overridden
 * escalator or formula) is kept through every reload, moved with its deal's row when rows
 * move, and reported ("Kept your value in Deals!F14"). Cells are remembered by deal id and
 * column header, and formulas row-independently (as if in row 1), so a deal whose row moved
 * is still recognised.
 */
import { cell, quoteSheet, shiftFormulaRows } from "./a1";
import { asText, type CellInput } from "./cells";
import { DEALS_TABLE_HEADERS, N_OWN } from "./dealsColumns";
import { decide, fingerprint, readBackForm, type CellRead } from "./declared/reconcile";

/** A cell's content as if it sat in sheet row `0` (formulas shifted), for comparison across moves. */
function rowFree(content: CellRead, row: number): CellRead {
  return typeof content === "string" && content.startsWith("=") ? shiftFormulaRows(content, -row) : content;
}

export interface DealsCellsPlan {
  /** The rows to write, with the user's cells in place of the add-in's where kept. */
  readonly own: CellInput[][];
  readonly memory: Record<string, string>;
  /** "Deals!F14" of each kept cell (at its new place). */
  readonly kept: string[];
}

export interface DealsRowSource {
  /** Deal id of the row (new or kept). */
  readonly id: string;
  /** Old body row index it comes from, if any. */
  readonly from?: number;
}

/**
 * `own[i]` are the add-in's cells for body row i (sheet row headerRow + 1 + i); `rows[i]`
 * says which deal and old row it is; `oldFormulas`/`oldValues` are the table as read (header
 * first); `memory` what the add-in last wrote.
 */
export function reconcileDeals(
  sheetName: string,
  headerRow: number,
  col0: number,
  own: readonly CellInput[][],
  rows: readonly DealsRowSource[],
  old: { formulas: readonly (readonly unknown[])[]; values: readonly (readonly unknown[])[] } | undefined,
  memory: Readonly<Record<string, string>>,
): DealsCellsPlan {
  const out: CellInput[][] = own.map((r) => [...r]);
  const next: Record<string, string> = {};
  const kept: string[] = [];
  rows.forEach((src, i) => {
    const toRow = headerRow + 1 + i;
    for (let c = 0; c < N_OWN; c++) {
      const id = `deals/${src.id.toUpperCase()}/${DEALS_TABLE_HEADERS[c]}`;
      const want = rowFree(readBackForm(out[i][c]), toRow);
      if (src.from !== undefined && old !== undefined) {
        const fromRow = headerRow + 1 + src.from;
        const f = old.formulas[1 + src.from]?.[c];
        const v = old.values[1 + src.from]?.[c];
        const current: CellRead = typeof f === "number" || typeof f === "boolean" || typeof f === "string" ? f : "";
        const last = memory[id];
        const decision = decide(
          rowFree(current, fromRow),
          last,
          typeof want === "string" && !want.startsWith("=") ? asText(want) : want,
        );
        if (decision === "kept") {
          const isFormula = typeof f === "string" && f.startsWith("=") && f !== v;
          out[i][c] = isFormula
            ? shiftFormulaRows(f, toRow - fromRow)
            : typeof v === "number" || typeof v === "boolean"
              ? v
              : asText(String(v ?? ""));
          kept.push(`${quoteSheet(sheetName)}!${cell(toRow, col0 + c)}`);
          if (last !== undefined) next[id] = last;
          continue;
        }
      }
      next[id] = fingerprint(want);
    }
  });
  return { own: out, memory: next, kept };
}
