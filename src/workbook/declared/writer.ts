/**
 * The one writer of declared sheets: read → plan → write, in at most three syncs whatever the
 * rows.
 *   1. find the add-in's sheet by its hidden marker name (sheets.ts), and load the memory of
 *      what the add-in last wrote there (memory.ts), plus what the caller's `prepare` queues;
 *   2. (an existing sheet only) read the sheet's used range (Range.formulas) and whether the
 *      sheet is protected: a protected sheet stops here with a message, nothing written;
 *   3. place the blocks (sheet.ts: found by header and key texts, never by positions), plan
 *      each cell (reconcile.ts: a cell the user changed is kept and reported), write the
 *      cells to write in horizontal runs, save the new memory, activate the sheet and select
 *      the blocks, plus what the caller's `finish` queues, then the declared charts (charts.ts:
 *      found by name and updated in place, or made); one sync;
 *   4. (only when a chart was made) its series, set once Excel has said which series it made
 *      from the source cells; one sync.
 * A sheet the add-in has not made yet takes syncs 1, 3 and 4 only (1 and 3 without charts).
 * A block that moves (its rows and columns in declaration order on every write) is planned
 * against its remembered layout (moves.ts): the user's cells move with their row and column;
 * its written cells get their own style or a plain one (bold off, black font, no fill), since
 * another block's style may be where they land. The `fromSheet` hook revises the input from the
 * sheet as read in sync 2 (Revenue mix: its typed number of years), costing no sync.
 * A sheet with a table block (an Excel table, see table.ts) also reads every table's range in
 * sync 1 and 2, and the used range's values and number formats in sync 2; the table is
 * resized, created or has its Total Row put back in sync 3. Cells with links get their
 * hyperlink where written; a kept cell is never touched: not its content, format, style or link.
 */

import { rect as a1Rect, cell as a1Cell, parseAddress, quoteSheet } from "../a1";
import { asText, type CellInput } from "../cells";
import { WorkbookError } from "../errors";
import { runBatch, type ExcelRun } from "../run";
import {
  freeSheetName,
  MARKER_COMMENT_PREFIX,
  markerName,
  queueCreateSheet,
  queueSheetLookup,
  readSheetLookup,
} from "../sheets";
import { completeCharts, queueCharts, resolveRange, type ChartRange, type SheetRect } from "./charts";
import { queueMemory, queueSaveMemory, readLayouts, readMemory, type Layouts } from "./memory";
import {
  findOld,
  layoutsOf,
  moveTargets,
  oldCells,
  planMoves,
  shiftFormula,
  userCellsOf,
  type MovePlan,
  type OldBlock,
  type SheetMoves,
} from "./moves";
import { planCells, runsOf, stackRuns, type CellRead, type PlannedCell } from "./reconcile";
import {
  blockOf,
  cellAt,
  LayoutProblem,
  placeBlocks,
  targetsOf,
  type CellStyle,
  type Placement,
  type SheetDecl,
  type SheetRead,
  type StyledTarget,
} from "./sheet";
import {
  carryKept,
  planTable,
  queueTableAfter,
  queueTableBefore,
  queueTableLookup,
  queueTableReads,
  tableBox,
  tableTargets,
  type TablePlan,
  type TableReads,
} from "./table";

export interface DeclaredWriteOptions {
  readonly run?: ExcelRun;
  /** Title for a new sheet (default the declaration's baseName). */
  readonly sheetName?: string;
  /** Blocks the user confirmed to reset to the add-in's values (block ids): their changed cells are overwritten. */
  readonly resetBlocks?: readonly string[];
}

/** A cell the user changed in a moving block, at the last write: its row and column keys, the column's header. */
export interface UserCell {
  readonly row: string;
  readonly column: string;
  readonly header: string;
}

/** What the caller hooks into the writer's batch (Inputs: its workbook names). */
export interface WriterHooks<P, F, I = unknown> {
  /** Queued in sync 1; its proxies are loaded after it. */
  prepare?(context: Excel.RequestContext): P;
  /** Right after sync 1, before anything is written (throw a WorkbookError to stop). */
  checkPrepared?(prepared: P): void;
  /** Queued in the write sync, after the cells. */
  finish?(
    context: Excel.RequestContext,
    at: { sheet: Excel.Worksheet; sheetName: string; created: boolean; places: ReadonlyMap<string, Placement> },
    prepared: P,
  ): F;
  /**
   * After the sheet is read: the cells the user changed in each moving block (by block id),
   * where its rows and columns were last written; returns the input to write (Comps keeps a
   * company whose column holds them although it is no longer selected).
   */
  revise?(input: I, userCells: ReadonlyMap<string, readonly UserCell[]>): I;
  /**
   * After the sheet is read (sync 2), before the blocks are placed: the input to write, from
   * what the sheet holds now (Revenue mix reads its typed number of years). Not called for a
   * new sheet.
   */
  fromSheet?(input: I, read: SheetRead, prepared: P): I;
  /** After the blocks are placed, before anything is queued: throw LayoutProblem to write nothing. */
  check?(places: ReadonlyMap<string, Placement>): void;
  /**
   * An existing sheet without memory (an older version wrote it): what that write was, from the
   * sheet as read (moves.ts memoryAfter), or undefined to compare its cells in place.
   */
  prior?(read: SheetRead, prepared: P): { memory: Record<string, string>; layouts: Layouts } | undefined;
  /**
   * An existing sheet with memory but without the remembered layout of some moving blocks (an
   * older version wrote them in place): their layouts as written, from the memory (its keys are
   * in the order written); checked against the sheet like any remembered layout.
   */
  olderLayouts?(blockIds: readonly string[], memory: Readonly<Record<string, string>>): Layouts;
}

export interface DeclaredWriteResult<F = undefined> {
  readonly sheetName: string;
  readonly created: boolean;
  readonly renamedBecause?: string;
  /** Where the blocks are, e.g. "Inputs!A1:G13": the range selected after the write. */
  readonly address: string;
  /** Cells the user had changed, kept as they were ("Inputs!B5"). */
  readonly kept: readonly string[];
  /** Cells the user had changed that a confirmed reset overwrote. */
  readonly reset: readonly string[];
  readonly notices: readonly string[];
  readonly places: ReadonlyMap<string, Placement>;
  /** Declared charts made by this write (the others were updated in place). */
  readonly chartsMade: readonly string[];
  /** The sheet's table block, when it has one: its name, its user columns, the rows kept for the user's work. */
  readonly table?: {
    readonly name: string;
    readonly userColumns: readonly string[];
    readonly keptRows: number;
  };
  readonly finished: F;
}

function layoutError(sheetName: string, what: string): WorkbookError {
  return new WorkbookError(
    "layout",
    `The add-in cannot find its cells on "${sheetName}" again: ${what}. Nothing was written, so none of your cells changed.`,
    `Type the header back as it was, or rename the sheet "${sheetName}" to keep it as it is and write again to get a fresh sheet.`,
  );
}

function protectedError(sheetName: string): WorkbookError {
  return new WorkbookError(
    "excel",
    `The sheet "${sheetName}" is protected, so the add-in wrote nothing to it (none of your cells changed).`,
    "Unprotect the sheet (Review › Unprotect Sheet), then try again.",
    { code: "AccessDenied" },
  );
}

/** A style as written: `clearFill` takes a fill away (a moving block's cell where a filled one was). */
type WrittenStyle = CellStyle & { readonly clearFill?: boolean };
/** What a moving block's cell without a style of its own is written with. */
const PLAIN: CellStyle = { bold: false, fontColor: "#000000" };

function applyStyle(range: Excel.Range, style: WrittenStyle | undefined): void {
  if (style === undefined) return;
  if (style.bold !== undefined) range.format.font.bold = style.bold;
  if (style.fontColor !== undefined) range.format.font.color = style.fontColor;
  if (style.fill !== undefined) range.format.fill.color = style.fill;
  if (style.clearFill === true) range.format.fill.clear();
}

/** Writes one declared sheet (see the module comment). Throws WorkbookError. */
export async function writeDeclaredSheet<I, P = undefined, F = undefined>(
  decl: SheetDecl<I>,
  input: I,
  options: DeclaredWriteOptions & { what: string },
  hooks: WriterHooks<P, F, I> = {},
): Promise<DeclaredWriteResult<F>> {
  const base = options.sheetName ?? decl.baseName;
  return runBatch(options.run, options.what, async (context) => {
    const lookup = queueSheetLookup(context, decl.role);
    const memorySetting = queueMemory(context, decl.role);
    const tableBlocks = decl.blocks.filter((b) => blockOf(b, input).table !== undefined);
    if (tableBlocks.length > 1) throw new Error(`internal error: ${decl.role} declares more than one table block`);
    const tableLookup = tableBlocks.length > 0 ? queueTableLookup(context) : undefined;
    const prepared = hooks.prepare?.(context) as P;
    await context.sync();
    hooks.checkPrepared?.(prepared);
    const found = readSheetLookup(lookup);
    const created = found.ownSheet === undefined;
    const sheetName = found.ownSheet ?? freeSheetName(base, found.sheetNames);
    let memory = created ? {} : readMemory(memorySetting);
    let layouts: Layouts = created ? {} : readLayouts(memorySetting);
    const moves = decl.blocks.some((b) => blockOf(b, input).moves);

    let anchor = { row: 0, col: 0 };
    let read: SheetRead | undefined;
    let tableReads: TableReads | undefined;
    const chartDecls = decl.charts?.(input) ?? [];
    let chartsThere = new Set<string>();
    if (!created) {
      const markerCell = String(lookup.marker.formula).replace(/^=/, "");
      try {
        const a = parseAddress(markerCell);
        anchor = { row: a.row, col: a.col };
      } catch {
        throw layoutError(sheetName, `its marker name ${markerName(decl.role)} refers to ${markerCell}`);
      }
      const ws = context.workbook.worksheets.getItem(sheetName);
      const used = ws
        .getUsedRangeOrNullObject()
        .load(
          `formulas,rowIndex,columnIndex${tableLookup ? ",values" : ""}${tableLookup || moves ? ",numberFormat" : ""}`,
        );
      const protection = ws.protection.load("protected");
      tableReads = tableLookup === undefined ? undefined : queueTableReads(tableLookup);
      const charts = chartDecls.length > 0 ? ws.charts.load("items/name") : undefined;
      await context.sync();
      if (charts !== undefined) chartsThere = new Set(charts.items.map((c) => c.name));
      if (protection.protected) throw protectedError(sheetName);
      read = used.isNullObject
        ? { top: 0, left: 0, formulas: [] }
        : {
            top: used.rowIndex,
            left: used.columnIndex,
            formulas: used.formulas as CellRead[][],
            ...(tableLookup ? { values: used.values as CellRead[][] } : {}),
            ...(tableLookup || moves ? { formats: used.numberFormat as string[][] } : {}),
          };
      const prior = Object.keys(memory).length === 0 ? hooks.prior?.(read, prepared) : undefined;
      if (prior !== undefined) ({ memory, layouts } = prior);
      const written = new Set(Object.keys(memory).map((k) => k.slice(0, k.indexOf("/"))));
      const unlaid = decl.blocks
        .map((b) => blockOf(b, input))
        .filter((b) => b.moves && layouts[b.id] === undefined && written.has(b.id))
        .map((b) => b.id);
      if (unlaid.length > 0 && hooks.olderLayouts !== undefined)
        layouts = { ...hooks.olderLayouts(unlaid, memory), ...layouts };
    }

    let table: TablePlan | undefined;
    const layout = (data: I) => {
      const built = decl.blocks.map((b) => {
        const blk = blockOf(b, data);
        return { block: blk, rows: blk.build(b.rows(data)), gapBefore: b.gapBefore ?? 0 };
      });
      const writtenBlocks = new Set(Object.keys(memory).map((k) => k.slice(0, k.indexOf("/"))));
      const places = placeBlocks(
        built,
        anchor,
        read,
        (id) => writtenBlocks.has(id),
        (b, rows, freshStart) => {
          const t = planTable(b, rows, freshStart, {
            sheetName,
            read,
            reads: tableReads,
            lookup: tableLookup as NonNullable<typeof tableLookup>,
            markerComment: found.markerComment,
            anchorCol: anchor.col,
            memory,
          });
          table = t.plan;
          return t.place;
        },
        (id) => layouts[id]?.rows.length,
      );
      const old = new Map<string, OldBlock>();
      for (const { block: blk } of built) {
        const remembered = layouts[blk.id];
        const p = places.get(blk.id);
        if (blk.moves && read !== undefined && remembered !== undefined && p !== undefined)
          old.set(blk.id, findOld(blk, p, remembered, read));
      }
      return { built, places, old };
    };
    let data = read !== undefined && hooks.fromSheet !== undefined ? hooks.fromSheet(input, read, prepared) : input;
    let built: ReturnType<typeof layout>["built"];
    let places: Map<string, Placement>;
    const movePlans: MovePlan[] = [];
    // Targets of moving blocks written for the first time that land on another moving block's old cells.
    let freshOverOld = new Set<string>();
    try {
      let laid = layout(data);
      if (hooks.revise !== undefined && read !== undefined && laid.old.size > 0) {
        const r = read;
        const before = data;
        data = hooks.revise(data, new Map([...laid.old].map(([id, o]) => [id, userCellsOf(o, r, memory)])));
        if (data !== before) laid = layout(data);
      }
      ({ built, places } = laid);
      hooks.check?.(places);
      const moving = built.flatMap((b) => {
        const o = laid.old.get(b.block.id);
        const p = places.get(b.block.id);
        return o !== undefined && p !== undefined ? [{ ...b, o, p }] : [];
      });
      // Stacking blocks move into each other's old places: each plan sees every block's targets and old cells.
      const fresh = built.flatMap((b) => {
        const p = places.get(b.block.id);
        return b.block.moves && !laid.old.has(b.block.id) && p !== undefined && p.headerRow !== undefined
          ? [...moveTargets(b.block, b.rows, p)]
          : [];
      });
      const sheetMoves: SheetMoves = {
        targets: new Set([...moving.flatMap((m) => [...moveTargets(m.block, m.rows, m.p)]), ...fresh]),
        old: new Set(moving.flatMap((m) => [...oldCells(m.o)])),
      };
      freshOverOld = new Set(fresh.filter((at) => sheetMoves.old.has(at)));
      if (read !== undefined)
        for (const m of moving) movePlans.push(planMoves(m.o, m.rows, m.p, read, memory, sheetMoves));
    } catch (e) {
      if (e instanceof LayoutProblem) throw layoutError(sheetName, e.message);
      throw e;
    }
    const tablePlan = table as TablePlan | undefined;
    const targets: StyledTarget[] = [
      ...targetsOf(built, places),
      ...(tablePlan === undefined
        ? []
        : tableTargets(built.find((b) => b.block.id === tablePlan.blockId)!.block, tablePlan)),
    ];
    // A target of a moving block compares with where its row and column were (empty: new there).
    const sourceOf = (r: number, c: number): { row: number; col: number } | undefined | null => {
      for (const m of movePlans) if (m.targets.has(`${r}:${c}`)) return m.sources.get(`${r}:${c}`) ?? null;
      return undefined;
    };
    const readAt = (r: number, c: number): CellRead => {
      if (read === undefined) return "";
      const src = sourceOf(r, c);
      // null: a new row of a moving block; a fresh block over another's old cells (which move away or are cleared): new there too
      if (src === null || freshOverOld.has(`${r}:${c}`)) return "";
      return src === undefined ? cellAt(read, r, c) : cellAt(read, src.row, src.col);
    };
    const planned = planCells(
      targets,
      readAt,
      memory,
      (options.resetBlocks ?? []).map((id) => `${id}/`),
    );
    const plan = { ...planned, cells: carryKept(planned.cells, read) };
    // Styles of the cells written (plan.cells[i] is targets[i]); a kept cell, carried to its row's new place or not, gets none.
    const styles = new Map<number, WrittenStyle>();
    // A moving block's cell may land where another style was (a header's bold, an input's blue): its own style, or plain.
    const moved = new Set([...movePlans.flatMap((m) => [...m.targets]), ...freshOverOld]);
    plan.cells.forEach((c, i) => {
      const style = targets[i].style;
      // A kept cell gets none, unless it moved with its row or column: then its row's style at its new place.
      const src = c.decision === "kept" ? sourceOf(c.row, c.col) : undefined;
      if (c.decision === "kept" && (src === undefined || src === null || (src.row === c.row && src.col === c.col)))
        return;
      if (moved.has(`${c.row}:${c.col}`))
        styles.set(posKey(c.row, c.col), {
          ...PLAIN,
          ...style,
          ...(style?.fill === undefined ? { clearFill: true } : {}),
        });
      else if (style !== undefined) styles.set(posKey(c.row, c.col), style);
    });
    // The user's cells that move with their row or column (moving blocks): written at their new place, as a copy.
    const movedKept = plan.cells.flatMap((c) => {
      const src = c.decision === "kept" ? sourceOf(c.row, c.col) : undefined;
      if (src === undefined || src === null || read === undefined || (src.row === c.row && src.col === c.col))
        return [];
      const content = cellAt(read, src.row, src.col);
      const next: CellInput =
        typeof content === "string"
          ? content.startsWith("=")
            ? shiftFormula(content, c.row - src.row, c.col - src.col)
            : asText(content)
          : content;
      const format = read.formats?.[src.row - read.top]?.[src.col - read.left] ?? "General";
      return [{ row: c.row, col: c.col, next, format }];
    });

    context.application.suspendApiCalculationUntilNextSync();
    const comment = tablePlan === undefined ? decl.comment : `${decl.comment}; table=${tablePlan.name}`;
    const sheet = created
      ? queueCreateSheet(context, decl.role, sheetName, found, comment)
      : context.workbook.worksheets.getItem(sheetName);
    const excelTable = tablePlan?.exists ? context.workbook.tables.getItem(tablePlan.name) : undefined;
    if (tablePlan !== undefined) queueTableBefore(sheet, excelTable, tablePlan);
    const runs = runsOf(plan.cells);
    for (const rect of stackRuns(runs)) {
      const range = sheet.getRangeByIndexes(rect.row, rect.col, rect.formulas.length, rect.formulas[0].length);
      range.formulas = rect.formulas;
      range.numberFormat = rect.formats;
    }
    for (const run of runs) {
      // Styles by stretches of equal style within the run.
      let from = 0;
      for (let i = 1; i <= run.formulas.length; i++) {
        const a = styles.get(posKey(run.row, run.col + from));
        const b = i < run.formulas.length ? styles.get(posKey(run.row, run.col + i)) : undefined;
        if (i < run.formulas.length && (a === b || JSON.stringify(a) === JSON.stringify(b))) continue;
        if (a !== undefined) applyStyle(sheet.getRangeByIndexes(run.row, run.col + from, 1, i - from), a);
        from = i;
      }
    }
    for (const m of movedKept) {
      const range = sheet.getRangeByIndexes(m.row, m.col, 1, 1);
      range.formulas = [[m.next]];
      range.numberFormat = [[m.format]];
      applyStyle(range, styles.get(posKey(m.row, m.col)));
    }
    for (const m of movePlans)
      for (const p of m.clear) sheet.getRangeByIndexes(p.row, p.col, 1, 1).clear("All" as Excel.ClearApplyTo);
    queueLinks(sheet, plan.cells, targets);
    if (tablePlan !== undefined) {
      queueTableAfter(sheet, excelTable, tablePlan, read);
      if (!created && (!tablePlan.exists || tablePlan.renamed))
        context.workbook.names.getItem(markerName(decl.role)).comment = `${MARKER_COMMENT_PREFIX} ${comment}`;
    }
    queueSaveMemory(context, decl.role, plan.memory, layoutsOf(built));
    const box =
      tablePlan !== undefined && decl.select === tablePlan.blockId
        ? tableBox(tablePlan)
        : boundingBox(
            decl.select === undefined ? plan.cells : plan.cells.filter((c) => c.id.startsWith(`${decl.select}/`)),
          );
    const address = `${quoteSheet(sheetName)}!${a1Rect(box.row, box.col, box.rows, box.cols)}`;
    sheet.activate();
    sheet.getRangeByIndexes(box.row, box.col, box.rows, box.cols).select();
    const finished = hooks.finish?.(context, { sheet, sheetName, created, places }, prepared) as F;
    // Last in the batch: cells and memory are queued before any chart call.
    const columnKeys = new Map(built.map((b) => [b.block.id, b.block.columns.map((c) => c.key)]));
    const rectOf = (range: ChartRange): SheetRect => resolveRange(range, places, columnKeys);
    const made = queueCharts(sheet, chartDecls, chartsThere, rectOf, box);
    await context.sync();
    if (made.length > 0) {
      // A chart made now: its series once Excel has said which it made from the cells (charts.ts).
      completeCharts(sheet, made, rectOf);
      await context.sync();
    }
    const chartsMade = made.map((m) => m.decl.name);

    const at = (c: { row: number; col: number }): string => `${quoteSheet(sheetName)}!${a1Cell(c.row, c.col)}`;
    const kept = [
      ...plan.cells.filter((c) => c.decision === "kept").map(at),
      ...movePlans.flatMap((m) => m.left.map(at)),
    ];
    const reset = plan.cells.filter((c) => c.decision === "reset").map(at);
    const notices: string[] = [];
    const renamed =
      created && sheetName !== base
        ? `A sheet named "${base}" already exists and was not created by PivotLens, so the add-in wrote to "${sheetName}".`
        : undefined;
    if (renamed) notices.push(renamed);
    for (const k of kept) notices.push(`Kept your value in ${k}.`);
    if (reset.length > 0) notices.push(`Reset to the add-in's values, as you confirmed: ${reset.join(", ")}.`);
    if (tablePlan?.renamed) notices.push(`Found the ${tablePlan.decl.noun} under its new name ${tablePlan.name}.`);
    if (tablePlan !== undefined && !tablePlan.exists && !created)
      notices.push(`The ${tablePlan.decl.noun} on "${sheetName}" was missing and has been recreated.`);
    return {
      sheetName,
      created,
      ...(renamed ? { renamedBecause: renamed } : {}),
      address,
      kept,
      reset,
      notices,
      places,
      chartsMade,
      ...(tablePlan !== undefined
        ? { table: { name: tablePlan.name, userColumns: tablePlan.userHeaders, keptRows: tablePlan.keptRows } }
        : {}),
      finished,
    };
  });
}

/**
 * Hyperlinks of the written cells of link columns: set where the row has an address, cleared
 * (a stale link of the row that was there before) where it has none. Kept cells are not touched.
 */
function queueLinks(sheet: Excel.Worksheet, cells: readonly PlannedCell[], targets: readonly StyledTarget[]): void {
  const clears: { row: number; col: number }[] = [];
  cells.forEach((c, i) => {
    const t = targets[i];
    if (!t.linked || (c.decision === "kept" && c.carried !== true)) return;
    // A kept cell carried to its row's new place never gets the add-in's link (the one there was another row's).
    if (c.carried !== true && t.link !== undefined)
      sheet.getRangeByIndexes(c.row, c.col, 1, 1).hyperlink = { address: t.link, screenTip: t.link };
    else clears.push({ row: c.row, col: c.col });
  });
  // One clear per vertical stretch of a column.
  clears.sort((a, b) => a.col - b.col || a.row - b.row);
  for (let i = 0; i < clears.length;) {
    let j = i + 1;
    while (j < clears.length && clears[j].col === clears[i].col && clears[j].row === clears[j - 1].row + 1) j++;
    sheet.getRangeByIndexes(clears[i].row, clears[i].col, j - i, 1).clear("Hyperlinks");
    i = j;
  }
}

/** A cell position as one number (Excel has at most 16,384 columns). */
const posKey = (row: number, col: number): number => row * 16384 + col;

function boundingBox(cells: readonly PlannedCell[]): { row: number; col: number; rows: number; cols: number } {
  let r0 = Infinity;
  let c0 = Infinity;
  let r1 = -Infinity;
  let c1 = -Infinity;
  for (const c of cells) {
    r0 = Math.min(r0, c.row);
    c0 = Math.min(c0, c.col);
    r1 = Math.max(r1, c.row);
    c1 = Math.max(c1, c.col);
  }
  if (!Number.isFinite(r0)) return { row: 0, col: 0, rows: 1, cols: 1 };
  return { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
}
