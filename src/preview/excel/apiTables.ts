/** Tables, their columns and rows, in the fake Excel API. */
import type { Rect } from "./address";
import { WorkbookError } from "./errors";
import { Range, Worksheet, type RequestContext } from "./api";
import { accessors, ClientObject, Collection, ErrorCodes, type PropDef } from "./proxy";
import type { RangeRef, SheetModel, TableModel, WorkbookModel } from "./workbook";

// ---------------- tables ----------------

function sheetOf(scope: Worksheet | undefined): SheetModel | undefined {
  return scope?._get();
}

export class TableCollection extends Collection<TableModel, Table> {
  private readonly scope: Worksheet | undefined;
  constructor(context: RequestContext, scope: Worksheet | undefined) {
    super(
      context,
      () => {
        const s = sheetOf(scope);
        return context.model.tables.filter((t) => s === undefined || t.sheet === s);
      },
      "tables",
      false,
    );
    this.scope = scope;
  }
  protected wrap(t: TableModel): Table {
    return new Table(this.context, () => t, "tables.items", false);
  }
  add(address: string | Range, hasHeaders: boolean): Table {
    return new Table(
      this.context,
      () => {
        const ref =
          typeof address === "string" ? this.context.model.resolve(address, sheetOf(this.scope)) : address._get();
        return this.context.model.addTable(ref, hasHeaders);
      },
      "tables.add",
    );
  }
  private find(key: string): TableModel | null {
    const t = this.context.model.findTable(key);
    const s = sheetOf(this.scope);
    return t !== undefined && (s === undefined || t.sheet === s) ? t : null;
  }
  getItem(key: string): Table {
    return new Table(
      this.context,
      () => {
        const t = this.find(key);
        if (t === null)
          throw new WorkbookError(ErrorCodes.itemNotFound, `The requested resource doesn't exist: table "${key}".`);
        return t;
      },
      `tables.getItem(${key})`,
    );
  }
  getItemOrNullObject(key: string): Table {
    return new Table(this.context, () => this.find(key), `tables.getItemOrNullObject(${key})`);
  }
  getItemAt(index: number): Table {
    return new Table(this.context, () => this._get()[index] ?? null, "tables.getItemAt");
  }
}

export class Table extends ClientObject<TableModel> {
  protected readonly props: Record<string, PropDef<TableModel>> = {
    name: { get: (t) => t.name, set: (t, v) => this.context.model.renameTable(t, String(v)) },
    id: { get: (t) => t.id },
    showHeaders: { get: (t) => t.showHeaders, set: (t, v) => (t.showHeaders = Boolean(v)) },
    showTotals: { get: (t) => t.showTotals, set: (t, v) => this.context.model.setTableTotals(t, Boolean(v)) },
    style: { get: (t) => t.style, set: (t, v) => (t.style = String(v)) },
    showBandedRows: { get: () => true, set: () => undefined },
    showFilterButton: { get: () => true, set: () => undefined },
  };
  readonly columns: TableColumnCollection;
  readonly rows: TableRowCollection;
  constructor(context: RequestContext, resolver: () => TableModel | null, where: string, eager = true) {
    super(context, resolver, where, eager);
    this.columns = new TableColumnCollection(context, this);
    this.rows = new TableRowCollection(context, this);
  }
  get worksheet(): Worksheet {
    return new Worksheet(this.context, () => this._get().sheet, "table.worksheet");
  }
  private rangeOf(where: string, fn: (t: TableModel) => Rect | null): Range {
    return new Range(
      this.context,
      () => {
        const t = this._get();
        const rect = fn(t);
        return rect === null ? null : { sheet: t.sheet, rect };
      },
      where,
    );
  }
  getRange(): Range {
    return this.rangeOf("table.getRange", (t) => t.rect);
  }
  getHeaderRowRange(): Range {
    return this.rangeOf("table.getHeaderRowRange", (t) => ({ ...t.rect, rows: 1 }));
  }
  getDataBodyRange(): Range {
    return this.rangeOf("table.getDataBodyRange", (t) => {
      const body = this.context.model.tableBody(t);
      // Excel keeps one (empty) body row in a table with no data.
      return body.rows > 0 ? body : { ...body, rows: 1 };
    });
  }
  getTotalRowRange(): Range {
    return this.rangeOf("table.getTotalRowRange", (t) =>
      t.showTotals ? { ...t.rect, row: t.rect.row + t.rect.rows - 1, rows: 1 } : null,
    );
  }
  resize(newRange: string | Range): void {
    this.queue("resize", (t) => {
      const ref = typeof newRange === "string" ? this.context.model.resolve(newRange, t.sheet) : newRange._get();
      this.context.model.resizeTable(t, ref);
    });
  }
  delete(): void {
    this.queue("delete", (t) => this.context.model.deleteTable(t, false));
  }
  convertToRange(): Range {
    return new Range(
      this.context,
      () => {
        const t = this._get();
        this.context.model.deleteTable(t, true);
        return { sheet: t.sheet, rect: t.rect };
      },
      "convertToRange",
    );
  }
}
accessors(Table, ["name", "id", "showHeaders", "showTotals", "style", "showBandedRows", "showFilterButton"]);

interface ColumnRef {
  readonly table: TableModel;
  /** Bound by name, as Excel binds a column object to the column, not its position. */
  readonly header: string;
}

function columnIndexOf(model: WorkbookModel, c: ColumnRef): number {
  const i = model.tableColumnNames(c.table).findIndex((n) => n.toLowerCase() === c.header.toLowerCase());
  if (i < 0) throw new WorkbookError(ErrorCodes.itemNotFound, `Table ${c.table.name} has no column "${c.header}".`);
  return i;
}

export class TableColumnCollection extends Collection<ColumnRef, TableColumn> {
  private readonly table: Table;
  constructor(context: RequestContext, table: Table) {
    super(
      context,
      () => {
        const t = table._get();
        return context.model.tableColumnNames(t).map((header) => ({ table: t, header }));
      },
      "columns",
      false,
    );
    this.table = table;
  }
  protected wrap(c: ColumnRef): TableColumn {
    return new TableColumn(this.context, () => c, "columns.items", false);
  }
  add(index?: number | null, values?: unknown[][], name?: string): TableColumn {
    return new TableColumn(
      this.context,
      () => {
        const t = this.table._get();
        const at = index === null || index === undefined ? t.rect.cols : index;
        this.context.model.addTableColumn(t, at, values, name);
        return { table: t, header: this.context.model.tableColumnNames(t)[at] };
      },
      "columns.add",
    );
  }
  private find(key: string | number): ColumnRef | null {
    const t = this.table._get();
    const names = this.context.model.tableColumnNames(t);
    const i = typeof key === "number" ? key : names.findIndex((n) => n.toLowerCase() === String(key).toLowerCase());
    return i >= 0 && i < names.length ? { table: t, header: names[i] } : null;
  }
  getItem(key: string | number): TableColumn {
    return new TableColumn(
      this.context,
      () => {
        const c = this.find(key);
        if (c === null)
          throw new WorkbookError(ErrorCodes.itemNotFound, `The requested resource doesn't exist: column "${key}".`);
        return c;
      },
      "columns.getItem",
    );
  }
  getItemOrNullObject(key: string | number): TableColumn {
    return new TableColumn(this.context, () => this.find(key), "columns.getItemOrNullObject");
  }
  getItemAt(index: number): TableColumn {
    return this.getItem(index);
  }
}

export class TableColumn extends ClientObject<ColumnRef> {
  protected readonly props: Record<string, PropDef<ColumnRef>> = {
    name: {
      get: (c) => c.header,
      set: (c, v) => {
        const i = columnIndexOf(this.context.model, c);
        this.context.model.write(
          { sheet: c.table.sheet, rect: { row: c.table.rect.row, col: c.table.rect.col + i, rows: 1, cols: 1 } },
          [[`'${String(v)}`]],
          false,
        );
      },
    },
    index: { get: (c) => columnIndexOf(this.context.model, c) },
    id: { get: (c) => columnIndexOf(this.context.model, c) + 1 },
    values: {
      get: (c) => this.context.model.values(this.ref(c, false)),
      set: (c, v) => this.context.model.write(this.ref(c, false), v as unknown[][], false),
    },
  };
  private ref(c: ColumnRef, bodyOnly: boolean): RangeRef {
    const i = columnIndexOf(this.context.model, c);
    const t = c.table;
    const rect = bodyOnly
      ? { ...this.context.model.tableBody(t), col: t.rect.col + i, cols: 1 }
      : { ...t.rect, col: t.rect.col + i, cols: 1 };
    return { sheet: t.sheet, rect: bodyOnly && rect.rows === 0 ? { ...rect, rows: 1 } : rect };
  }
  getRange(): Range {
    return new Range(this.context, () => this.ref(this._get(), false), "column.getRange");
  }
  getDataBodyRange(): Range {
    return new Range(this.context, () => this.ref(this._get(), true), "column.getDataBodyRange");
  }
  getHeaderRowRange(): Range {
    return new Range(
      this.context,
      () => ({ ...this.ref(this._get(), false), rect: { ...this.ref(this._get(), false).rect, rows: 1 } }),
      "column.getHeaderRowRange",
    );
  }
  delete(): void {
    this.queue("delete", (c) => {
      const i = columnIndexOf(this.context.model, c);
      const t = c.table;
      this.context.model.clear({ sheet: t.sheet, rect: { ...t.rect, col: t.rect.col + i, cols: 1 } }, "All");
      if (i === t.rect.cols - 1)
        this.context.model.resizeTable(t, { sheet: t.sheet, rect: { ...t.rect, cols: t.rect.cols - 1 } });
      else throw new WorkbookError(ErrorCodes.notImplemented, "The preview deletes only the last column of a table.");
    });
  }
}
accessors(TableColumn, ["name", "index", "id", "values"]);

interface RowRef {
  readonly table: TableModel;
  readonly index: number;
}

export class TableRowCollection extends Collection<RowRef, TableRow> {
  private readonly table: Table;
  constructor(context: RequestContext, table: Table) {
    super(
      context,
      () => {
        const t = table._get();
        return Array.from({ length: context.model.tableBody(t).rows }, (_, index) => ({ table: t, index }));
      },
      "rows",
      false,
    );
    this.table = table;
  }
  protected wrap(r: RowRef): TableRow {
    return new TableRow(this.context, () => r, "rows.items", false);
  }
  add(index?: number | null, values?: unknown[][] | unknown[], _alwaysInsert?: boolean): TableRow {
    return new TableRow(
      this.context,
      () => {
        const t = this.table._get();
        if (index !== null && index !== undefined && index !== this.context.model.tableBody(t).rows) {
          throw new WorkbookError(
            ErrorCodes.notImplemented,
            "The preview adds table rows at the end only (index null).",
          );
        }
        const rows =
          values === undefined ? undefined : Array.isArray(values[0]) ? (values as unknown[][]) : [values as unknown[]];
        const before = this.context.model.tableBody(t).rows;
        this.context.model.addTableRows(t, rows, 1);
        return { table: t, index: before };
      },
      "rows.add",
    );
  }
  getItemAt(index: number): TableRow {
    return new TableRow(
      this.context,
      () => {
        const t = this.table._get();
        if (index < 0 || index >= this.context.model.tableBody(t).rows)
          throw new WorkbookError(ErrorCodes.itemNotFound, `Table row ${index} doesn't exist.`);
        return { table: t, index };
      },
      "rows.getItemAt",
    );
  }
}

export class TableRow extends ClientObject<RowRef> {
  protected readonly props: Record<string, PropDef<RowRef>> = {
    index: { get: (r) => r.index },
    values: {
      get: (r) => this.context.model.values(this.ref(r)),
      set: (r, v) => this.context.model.write(this.ref(r), v as unknown[][], false),
    },
  };
  private ref(r: RowRef): RangeRef {
    const body = this.context.model.tableBody(r.table);
    return { sheet: r.table.sheet, rect: { ...body, row: body.row + r.index, rows: 1 } };
  }
  getRange(): Range {
    return new Range(this.context, () => this.ref(this._get()), "row.getRange");
  }
  delete(): void {
    this.queue("delete", () => {
      throw new WorkbookError(
        ErrorCodes.notImplemented,
        "The preview does not delete table rows; resize the table instead.",
      );
    });
  }
}
accessors(TableRow, ["index", "values"]);
