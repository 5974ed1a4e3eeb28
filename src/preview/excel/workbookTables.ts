/**
 * Tables of the fake Excel workbook (add, rename, resize, delete, rows and columns added,
 * the totals row shown or hidden) and whole sheet rows or columns inserted (insert.ts),
 * moving the cells, formats and tables they push aside as Excel does.
 */
import { intersects, type Rect } from "./address";
import { WorkbookError } from "./errors";
import { insertLines } from "./insert";
import { WorkbookCells } from "./workbookCells";
import { key, tableBodyRect, VALID_NAME, type RangeRef, type SheetModel, type TableModel } from "./workbookTypes";

export class WorkbookTables extends WorkbookCells {
  private checkTableName(name: string, except?: TableModel): void {
    if (!VALID_NAME.test(name) || /^[A-Za-z]{1,3}\d+$/.test(name) || /^[RrCc]$/.test(name) || name.length > 255) {
      throw new WorkbookError("InvalidArgument", `"${name}" is not a valid table name.`);
    }
    const t = this.findTable(name);
    if ((t !== undefined && t !== except) || this.findName(name) !== undefined) {
      throw new WorkbookError("ItemAlreadyExists", `The name "${name}" is already used by a table or a defined name.`);
    }
  }

  addTable(ref: RangeRef, hasHeaders: boolean): TableModel {
    this.guard(ref.sheet);
    if (!hasHeaders) {
      throw new WorkbookError(
        "InvalidArgument",
        "The preview supports tables.add(address, true) only: write the header row first.",
      );
    }
    for (const t of this.tables) {
      if (t.sheet === ref.sheet && intersects(t.rect, ref.rect)) {
        throw new WorkbookError("InvalidOperation", `A table can't overlap another table (${t.name}).`);
      }
    }
    let i = this.tables.length + 1;
    while (this.findTable(`Table${i}`) || this.findName(`Table${i}`)) i++;
    const table: TableModel = {
      id: this.newId("table"),
      name: `Table${i}`,
      sheet: ref.sheet,
      rect: { ...ref.rect },
      showHeaders: true,
      showTotals: false,
      style: "TableStyleMedium2",
    };
    // Empty header cells get "ColumnN" names, as Excel does.
    const header = this.values({ sheet: ref.sheet, rect: { ...ref.rect, rows: 1 } })[0];
    const fixed = header.map((h, c) => (h === "" ? `Column${c + 1}` : String(h)));
    if (fixed.some((h, c) => h !== header[c]))
      this.write({ sheet: ref.sheet, rect: { ...ref.rect, rows: 1 } }, [fixed.map((h) => `'${h}`)], false);
    this.tables.push(table);
    this.changed();
    return table;
  }

  renameTable(table: TableModel, name: string): void {
    if (table.name === name) return;
    this.checkTableName(name, table);
    table.name = name;
    this.changed();
  }

  tableColumnNames(table: TableModel): string[] {
    return this.values({ sheet: table.sheet, rect: { ...table.rect, rows: 1 } })[0].map(String);
  }
  tableBody(table: TableModel): Rect {
    return tableBodyRect(table);
  }

  /**
   * table.showTotals: showing the Total Row adds a row below the data body (the table grows by
   * one row and the cells below its columns move down, as Excel inserts it); hiding it removes
   * that row (the cells below move back up). Excel remembers the totals row's formulas and
   * puts them back when it is shown again; so does this model.
   */
  setTableTotals(table: TableModel, show: boolean): void {
    if (table.showTotals === show) return;
    const { sheet, rect } = table;
    const last = rect.row + rect.rows;
    if (show) {
      this.shiftDown(sheet, last, rect.col, rect.cols, 1);
      table.rect = { ...rect, rows: rect.rows + 1 };
      table.showTotals = true;
      if (table.hiddenTotals)
        this.write({ sheet, rect: { row: last, col: rect.col, rows: 1, cols: rect.cols } }, [table.hiddenTotals], true);
    } else {
      const row: RangeRef = { sheet, rect: { row: last - 1, col: rect.col, rows: 1, cols: rect.cols } };
      table.hiddenTotals = this.formulas(row)[0];
      this.clear(row, "All");
      table.rect = { ...rect, rows: rect.rows - 1 };
      table.showTotals = false;
      const used = this.usedRect(sheet, false);
      if (used !== undefined && used.row + used.rows > last)
        this.moveBlock(sheet, { row: last, col: rect.col, rows: used.row + used.rows - last, cols: rect.cols }, -1, 0);
    }
    this.changed();
  }

  /**
   * Inserts `n` whole sheet rows at `row` (Range.insert("Down") on entire rows, or the user's
   * Insert › Sheet Rows): cells, formats, tables and charts' sources at or below it move
   * down, a table the rows cut through grows, and workbook names that refer to cells at or
   * below it are re-pointed, as Excel does.
   */
  insertRows(sheet: SheetModel, row: number, n: number): void {
    insertLines(this, sheet, "rows", row, n);
  }

  /** Inserts `n` whole sheet columns at `col` (Range.insert("Right") on entire columns); see insert.ts. */
  insertColumns(sheet: SheetModel, col: number, n: number): void {
    insertLines(this, sheet, "columns", col, n);
  }

  /** Moves the cells below the table's columns down (Excel inserts table rows, not sheet rows). */
  private shiftDown(sheet: SheetModel, fromRow: number, col: number, cols: number, n: number): void {
    const used = this.usedRect(sheet, false);
    if (used === undefined || used.row + used.rows <= fromRow) return;
    this.moveBlock(sheet, { row: fromRow, col, rows: used.row + used.rows - fromRow, cols }, n, 0);
  }

  private shiftRight(sheet: SheetModel, row: number, rows: number, fromCol: number, n: number): void {
    const used = this.usedRect(sheet, false);
    if (used === undefined || used.col + used.cols <= fromCol) return;
    this.moveBlock(sheet, { row, col: fromCol, rows, cols: used.col + used.cols - fromCol }, 0, n);
  }

  /** Moves a block's contents, formats, written formulas and the tables inside it. */
  private moveBlock(sheet: SheetModel, rect: Rect, dr: number, dc: number): void {
    const id = sheet.engineId;
    this.engine.op(() =>
      this.engine.hf.moveCells(
        {
          start: { sheet: id, row: rect.row, col: rect.col },
          end: { sheet: id, row: rect.row + rect.rows - 1, col: rect.col + rect.cols - 1 },
        },
        { sheet: id, row: rect.row + dr, col: rect.col + dc },
      ),
    );
    const inside = (k: string): [number, number] | undefined => {
      const [r, c] = k.split(":").map(Number);
      return r >= rect.row && r < rect.row + rect.rows && c >= rect.col && c < rect.col + rect.cols
        ? [r, c]
        : undefined;
    };
    for (const map of [sheet.formats, sheet.written] as Map<string, unknown>[]) {
      const moved: [string, unknown][] = [];
      for (const [k, v] of map) {
        const at = inside(k);
        if (at === undefined) continue;
        map.delete(k);
        moved.push([key(at[0] + dr, at[1] + dc), v]);
      }
      for (const [k, v] of moved) map.set(k, v);
    }
    for (const t of this.tables) {
      if (t.sheet !== sheet) continue;
      const r = t.rect;
      if (
        r.row >= rect.row &&
        r.col >= rect.col &&
        r.row + r.rows <= rect.row + rect.rows &&
        r.col + r.cols <= rect.col + rect.cols
      ) {
        t.rect = { ...r, row: r.row + dr, col: r.col + dc };
      }
    }
  }

  /** table.rows.add(null, values): appends rows at the bottom, shifting cells below down. */
  addTableRows(table: TableModel, values: readonly (readonly unknown[])[] | undefined, count = 1): void {
    this.guard(table.sheet);
    const n = values ? values.length : count;
    if (n === 0) return;
    const at = table.rect.row + table.rect.rows - (table.showTotals ? 1 : 0);
    this.shiftDown(table.sheet, at, table.rect.col, table.rect.cols, n);
    table.rect = { ...table.rect, rows: table.rect.rows + n };
    if (values)
      this.write(
        { sheet: table.sheet, rect: { row: at, col: table.rect.col, rows: n, cols: table.rect.cols } },
        values,
        true,
      );
    this.changed();
  }

  /** table.columns.add(index, values, name): inserts a column, shifting cells to its right. */
  addTableColumn(
    table: TableModel,
    index: number | null | undefined,
    values: readonly (readonly unknown[])[] | undefined,
    name: string | undefined,
  ): void {
    const at = index === null || index === undefined ? table.rect.cols : index;
    if (at < 0 || at > table.rect.cols)
      throw new WorkbookError("InvalidArgument", `Column index ${at} is outside the table (0 to ${table.rect.cols}).`);
    const col = table.rect.col + at;
    this.shiftRight(table.sheet, table.rect.row, table.rect.rows, col, 1);
    table.rect = { ...table.rect, cols: table.rect.cols + 1 };
    const names = new Set(this.tableColumnNames(table).map((x) => x.toLowerCase()));
    let header = name;
    if (values && values.length === table.rect.rows) {
      this.write(
        { sheet: table.sheet, rect: { row: table.rect.row, col, rows: table.rect.rows, cols: 1 } },
        values,
        true,
      );
      if (header === undefined) return this.changed();
    }
    if (values && values.length !== table.rect.rows && values.length !== table.rect.rows - 1) {
      throw new WorkbookError(
        "InvalidArgument",
        `columns.add values need ${table.rect.rows} rows (header included); got ${values.length}.`,
      );
    }
    if (header === undefined) {
      let i = at + 1;
      while (names.has(`column${i}`)) i++;
      header = `Column${i}`;
    }
    this.write({ sheet: table.sheet, rect: { row: table.rect.row, col, rows: 1, cols: 1 } }, [[`'${header}`]], false);
    if (values && values.length === table.rect.rows - 1) {
      this.write(
        { sheet: table.sheet, rect: { row: table.rect.row + 1, col, rows: values.length, cols: 1 } },
        values,
        true,
      );
    }
    this.changed();
  }

  resizeTable(table: TableModel, ref: RangeRef): void {
    this.guard(table.sheet);
    if (ref.sheet !== table.sheet || ref.rect.row !== table.rect.row) {
      throw new WorkbookError(
        "InvalidArgument",
        "The table's header row must stay on the same row and sheet when resizing.",
      );
    }
    for (const t of this.tables) {
      if (t !== table && t.sheet === ref.sheet && intersects(t.rect, ref.rect))
        throw new WorkbookError("InvalidOperation", `A table can't overlap another table (${t.name}).`);
    }
    table.rect = { ...ref.rect };
    this.changed();
  }

  deleteTable(table: TableModel, keepCells: boolean): void {
    if (!keepCells) this.clear({ sheet: table.sheet, rect: table.rect }, "All");
    this.tables.splice(this.tables.indexOf(table), 1);
    this.changed();
  }
}
