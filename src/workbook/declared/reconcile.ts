/**
 * The reconcile that never loses a user cell (pure: no Excel here).
 *
 * The add-in remembers what it last wrote to each of its cells (a fingerprint per cell, kept
 * in the workbook: see memory.ts). On a rewrite each target cell is one of:
 *
 *   what the cell holds now        last written        → plan
 *   ----------------------------   -----------------   --------------------------------------
 *   the same as last written       known               write the new content ("write")
 *   anything else                  known               the user's: keep it, report it ("kept")
 *   empty                          never written       write ("write")
 *   the new content already        never written       write (same content; "write")
 *   anything else                  never written       the user's: keep it, report it ("kept")
 *
 * So an override typed over =PIVOT.MARKET("btc_usd"), a note typed into an add-in cell, a
 * corrected tenant or an overridden escalator all survive every rewrite, and the result says
 * where ("kept your value in Inputs!B5"). A reset (the user confirmed "reset this block to
 * the add-in's values" in the pane) writes every cell of the block and reports each
 * overwritten user cell as "reset".
 *
 * Cells compare as Excel reads them back through Range.formulas: escaped text ("'abc", see
 * cells.ts) reads back without its apostrophe; numbers and booleans as themselves; formulas
 * as written. The fingerprint is a 53-bit hash of that form (cyrb53), so a user edit is
 * mistaken for the add-in's own content only if it hashes the same: about 1 in 9·10^15.
 */
import { shiftFormulaRows } from "../a1";
import type { CellInput } from "../cells";

/** What Range.formulas reads back from a cell: a number, a boolean, or text (formulas included). */
export type CellRead = string | number | boolean;

/** How `written` reads back in Range.formulas (escaped text loses its apostrophe). */
export function readBackForm(written: CellInput): CellRead {
  return typeof written === "string" && written.startsWith("'") ? written.slice(1) : written;
}

/** cyrb53 (public-domain 53-bit string hash), as base-36 text. */
function cyrb53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The fingerprint of a cell's read-back content; type-tagged so 1, "1" and TRUE differ. */
export function fingerprint(read: CellRead): string {
  return cyrb53(`${typeof read}:${String(read)}`);
}

export type CellDecision = "write" | "kept" | "reset";

/**
 * The decision for one target cell. `current` is what Range.formulas read there; `last` the
 * fingerprint of what the add-in last wrote there (undefined: never written); `next` what it
 * would write now; `reset` when the user asked for the add-in's values.
 */
export function decide(current: CellRead, last: string | undefined, next: CellInput, reset = false): CellDecision {
  return decideRead(current, last, readBackForm(next), reset);
}

/** `decide`, with the new content already in its read-back form. */
function decideRead(current: CellRead, last: string | undefined, nextRead: CellRead, reset: boolean): CellDecision {
  // Already the new content: write (checked first, so an unchanged cell is never hashed).
  if (current === nextRead) return "write";
  if (last === undefined ? current === "" : fingerprint(current) === last) return "write";
  return reset ? "reset" : "kept";
}

/** One target cell of a plan: where (zero-based, on the sheet), and its identity for memory. */
export interface TargetCell {
  readonly row: number;
  readonly col: number;
  /** Stable identity: "<block>/<row key>/<column key>"; survives inserted rows and columns. */
  readonly id: string;
  readonly next: CellInput;
  readonly format?: string;
  /**
   * Where the cell's current content is (its row moved: a table row follows its key), or
   * null when nothing of this cell was there before (a new row): then it is written whatever
   * the memory says. Default: the cell itself.
   */
  readonly readFrom?: { readonly row: number; readonly col: number } | null;
  /** Compare and remember formulas as if the cell sat in sheet row 0 (rows that move). */
  readonly rowFree?: boolean;
  /**
   * The new content was built from the cell's current content (a table row kept for the user's
   * work): a cell that differs from what the add-in last wrote stays the user's, kept with its
   * old memory, even though it equals the new content.
   */
  readonly sticky?: boolean;
}

export interface PlannedCell extends TargetCell {
  readonly decision: CellDecision;
  /** A kept cell whose row moved: `next` is the user's content carried to the new place, written there. */
  readonly carried?: boolean;
}

/** A cell's read-back content as if it sat in sheet row 0 (formulas shifted), to compare across moves. */
export function rowFreeForm(content: CellRead, row: number): CellRead {
  return typeof content === "string" && content.startsWith("=") ? shiftFormulaRows(content, -row) : content;
}

export interface Plan {
  readonly cells: readonly PlannedCell[];
  /** Fingerprints to remember after the write: new content where written, the old one where kept. */
  readonly memory: Readonly<Record<string, string>>;
}

/**
 * Plans a rewrite: a decision per target cell, and the memory to store afterwards. `read`
 * gives a cell's current content (row, col on the sheet); `last` the remembered fingerprints;
 * `reset` the ids (or id prefixes, "<block>/") the user asked to reset.
 */
export function planCells(
  targets: readonly TargetCell[],
  read: (row: number, col: number) => CellRead,
  last: Readonly<Record<string, string>>,
  reset: readonly string[] = [],
): Plan {
  // A Map while filling (an object with 100,000 keys is slow to grow), an object to store.
  const memory = new Map<string, string>();
  // Rows of a table share their row-free formulas: each is hashed once.
  const hashes = new Map<CellRead, string>();
  const hash = (x: CellRead): string => {
    let h = hashes.get(x);
    if (h === undefined) hashes.set(x, (h = fingerprint(x)));
    return h;
  };
  const cells = targets.map((t): PlannedCell => {
    const isReset = reset.length > 0 && reset.some((p) => t.id === p || (p.endsWith("/") && t.id.startsWith(p)));
    const from = t.readFrom === undefined ? { row: t.row, col: t.col } : t.readFrom;
    const current = from === null ? "" : read(from.row, from.col);
    const nextRead = t.rowFree ? rowFreeForm(readBackForm(t.next), t.row) : readBackForm(t.next);
    const currentForm = t.rowFree && from !== null ? rowFreeForm(current, from.row) : current;
    // Nothing of this cell was there before (a new row, a table made again): the add-in's to write.
    const before = last[t.id];
    const userChanged =
      t.sticky === true && from !== null && before !== undefined && fingerprint(currentForm) !== before;
    const decision =
      from === null
        ? "write"
        : userChanged
          ? isReset
            ? "reset"
            : "kept"
          : decideRead(currentForm, before, nextRead, isReset);
    if (decision === "kept") {
      if (before !== undefined) memory.set(t.id, before);
    } else {
      memory.set(
        t.id,
        typeof nextRead === "string" && nextRead.startsWith("=") ? hash(nextRead) : fingerprint(nextRead),
      );
    }
    // One object shape for every cell (a spread of the target's optional fields is slow on a 100,000-cell table).
    return {
      row: t.row,
      col: t.col,
      id: t.id,
      next: t.next,
      format: t.format,
      readFrom: t.readFrom,
      rowFree: t.rowFree,
      decision,
    };
  });
  return { cells, memory: Object.fromEntries(memory) };
}

/** A horizontal run of cells to write: one Range.formulas (and numberFormat) assignment. */
export interface Run {
  readonly row: number;
  readonly col: number;
  readonly formulas: CellInput[];
  readonly formats: (string | undefined)[];
}

/**
 * Groups the cells to write into horizontal runs of adjacent cells on one row, so a rewrite
 * is a few range assignments in one sync, never one per cell, and never touches a kept cell
 * or a column the user inserted between the add-in's.
 */
export function runsOf(cells: readonly PlannedCell[]): Run[] {
  const toWrite = cells
    .filter((c) => c.decision !== "kept" || c.carried === true)
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const runs: { row: number; col: number; formulas: CellInput[]; formats: (string | undefined)[] }[] = [];
  for (const c of toWrite) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last.row === c.row && last.col + last.formulas.length === c.col) {
      last.formulas.push(c.next);
      last.formats.push(c.format);
    } else runs.push({ row: c.row, col: c.col, formulas: [c.next], formats: [c.format] });
  }
  return runs;
}

/** Runs of equal column and width on consecutive rows, stacked: one range assignment for a whole table body. */
export interface StackedRuns {
  readonly row: number;
  readonly col: number;
  readonly formulas: CellInput[][];
  readonly formats: string[][];
}

/** Stacks the runs (runsOf) that line up on consecutive rows into rectangles. */
export function stackRuns(runs: readonly Run[]): StackedRuns[] {
  const out: StackedRuns[] = [];
  const open = new Map<string, StackedRuns>();
  for (const r of runs) {
    const key = `${r.col}:${r.formulas.length}`;
    const formats = r.formats.map((f) => f ?? "General");
    const at = open.get(key);
    if (at !== undefined && at.row + at.formulas.length === r.row) {
      at.formulas.push(r.formulas);
      at.formats.push(formats);
    } else {
      const rect = { row: r.row, col: r.col, formulas: [r.formulas], formats: [formats] };
      open.set(key, rect);
      out.push(rect);
    }
  }
  return out;
}
