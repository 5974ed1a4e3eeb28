/**
 * Whole rows or columns inserted into a sheet (Range.insert on entire rows or columns, or the
 * user's Insert › Sheet Rows / Sheet Columns), as Excel does it: cells, formats, written
 * formulas and validation rules at or after the insertion point move; a table, a chart's
 * source or a workbook name the insertion cuts through grows; one after it moves. Formulas
 * that refer across the insertion are adjusted by the formula engine, as Excel adjusts them.
 * A table that grows by a column gets the header Excel gives a new column ("Column1", …).
 */
import { AddressError, addressWithSheet, parseRange, splitSheet, type Rect } from "./address";
import type { WorkbookTables } from "./workbookTables";
import type { SheetModel } from "./workbookTypes";

export type InsertAxis = "rows" | "columns";

const key = (row: number, col: number): string => `${row}:${col}`;

/** `rect` after inserting `n` lines at `at` along `axis`: moved when after it, grown when cut through. */
export function shiftRect(rect: Rect, axis: InsertAxis, at: number, n: number): Rect {
  const start = axis === "rows" ? rect.row : rect.col;
  const size = axis === "rows" ? rect.rows : rect.cols;
  if (start >= at) return axis === "rows" ? { ...rect, row: rect.row + n } : { ...rect, col: rect.col + n };
  if (start + size > at) return axis === "rows" ? { ...rect, rows: rect.rows + n } : { ...rect, cols: rect.cols + n };
  return rect;
}

export function insertLines(model: WorkbookTables, sheet: SheetModel, axis: InsertAxis, at: number, n: number): void {
  if (n <= 0) return;
  model.guard(sheet);
  const { engine } = model;
  engine.op(() =>
    axis === "rows" ? engine.hf.addRows(sheet.engineId, [at, n]) : engine.hf.addColumns(sheet.engineId, [at, n]),
  );
  for (const map of [sheet.formats, sheet.written, sheet.validation] as Map<string, unknown>[]) {
    const moved: [string, unknown][] = [];
    for (const [k, v] of map) {
      const [r, c] = k.split(":").map(Number);
      if ((axis === "rows" ? r : c) < at) continue;
      map.delete(k);
      moved.push([axis === "rows" ? key(r + n, c) : key(r, c + n), v]);
    }
    for (const [k, v] of moved) map.set(k, v);
  }
  const shift = (rect: Rect): Rect => shiftRect(rect, axis, at, n);
  for (const t of model.tables) {
    if (t.sheet !== sheet) continue;
    const before = t.rect;
    t.rect = shift(before);
    if (axis === "columns" && t.showHeaders && t.rect.cols > before.cols) {
      const taken = new Set(model.tableColumnNames(t).map((h) => h.toLowerCase()));
      const headers: string[] = [];
      for (let i = 1; headers.length < n; i++) if (!taken.has(`column${i}`)) headers.push(`'Column${i}`);
      model.write({ sheet, rect: { row: t.rect.row, col: at, rows: 1, cols: n } }, [headers], false);
    }
  }
  for (const c of model.charts) {
    if (c.categories?.sheet === sheet) c.categories = { ...c.categories, rect: shift(c.categories.rect) };
    c.series = c.series.map((x) =>
      x.values.sheet === sheet ? { ...x, values: { sheet, rect: shift(x.values.rect) } } : x,
    );
  }
  for (const name of model.names) {
    const m = /^=(.+)$/.exec(name.formula);
    if (!m) continue;
    let target: { sheet?: string; range: string };
    let rect: Rect;
    try {
      target = splitSheet(m[1]);
      rect = parseRange(target.range);
    } catch (e) {
      if (e instanceof AddressError) continue; // a constant or a formula: nothing to re-point
      throw e;
    }
    if (target.sheet === undefined || model.findSheet(target.sheet) !== sheet) continue;
    const moved = shift(rect);
    if (moved === rect) continue;
    name.formula = `=${addressWithSheet(sheet.name, moved, true)}`;
    engine.op(() => engine.hf.changeNamedExpression(name.name, name.formula));
  }
  model.changed();
}
