/**
 * The Excel JavaScript API surface PivotLens uses, over a WorkbookModel, with Excel's
 * batching rules:
 * - Property writes and method calls are queued on the request context and applied, in
 *   order, at `context.sync()`. The first failing operation rejects the sync with an error
 *   carrying Excel's code (ItemNotFound, InvalidArgument, ...); operations before it stay.
 * - Reading a property that was not loaded (and synced) throws PropertyNotLoaded, as
 *   office.js does; a property you set reads back the value you set.
 * - `getItemOrNullObject` objects know `isNullObject` only after a sync.
 * - An object added in a batch (worksheets.add, tables.add) is usable in the same batch and
 *   after the sync; proxies are bound to what they resolved to, like Excel's object paths.
 * - Excel.run invalidates its context when the batch ends.
 * Every value handed back to the caller is copied into the caller's realm (the preview's
 * task pane runs in an iframe; the workbook lives in the page).
 */
import { columnLetters, rectA1, quoteSheet, type Rect } from "./address";
import { WorkbookError } from "./errors";
import {
  accessors,
  block,
  ClientObject,
  Collection,
  ErrorCodes,
  FakeOfficeError,
  toOfficeError,
  type PropDef,
} from "./proxy";
import { TableCollection } from "./apiTables";
import { ChartCollection, NamedItemCollection } from "./apiCharts";
import { ENUMS } from "./enums";
import { DataValidation, SettingCollection, WorksheetProtection } from "./apiExtras";
import type { FormatKey, RangeRef, SheetModel, WorkbookModel } from "./workbook";

type Op = { run: () => void; where: string };

export interface ApiStats {
  syncCount: number;
}

export class RequestContext {
  readonly workbook: Workbook;
  readonly application: Application;
  readonly trackedObjects = { add(): void {}, remove(): void {} };
  /** @internal */ readonly model: WorkbookModel;
  /** @internal */ queue: Op[] = [];
  /** @internal */ readonly created: ClientObject<unknown>[] = [];
  /** @internal */ valid = true;
  private readonly stats: ApiStats;

  constructor(model: WorkbookModel, stats: ApiStats) {
    this.model = model;
    this.stats = stats;
    this.workbook = new Workbook(this);
    this.application = this.workbook.application;
  }

  /** @internal */
  enqueue(where: string, run: () => void): void {
    if (!this.valid) {
      throw new FakeOfficeError(
        ErrorCodes.invalidObjectPath,
        `${where}: this object belongs to an Excel.run batch that has ended; use it inside its Excel.run.`,
      );
    }
    this.queue.push({ run, where });
  }

  /** Applies the queued operations; resolves with `passThroughValue`, as office.js does. */
  sync<T>(passThroughValue?: T): Promise<T> {
    this.stats.syncCount++;
    const ops = this.queue;
    this.queue = [];
    const engine = this.model.engine;
    let failure: FakeOfficeError | undefined;
    engine.suspend();
    try {
      for (const op of ops) {
        try {
          op.run();
        } catch (e) {
          failure = toOfficeError(e, op.where);
          break;
        }
      }
    } finally {
      engine.resume();
    }
    for (const o of this.created) o._afterSync();
    this.model.changed();
    return failure ? Promise.reject(failure) : Promise.resolve(passThroughValue as T);
  }
}

// ---------------- workbook, application ----------------

export class Application extends ClientObject<WorkbookModel> {
  protected readonly props: Record<string, PropDef<WorkbookModel>> = {
    calculationMode: {
      get: (m) => m.calculationMode,
      set: (m, v) => (m.calculationMode = v as WorkbookModel["calculationMode"]),
    },
  };
  constructor(context: RequestContext) {
    super(context, () => context.model, "application", false);
  }
  calculate(_type?: string): void {
    this.queue("calculate", (m) => m.engine.op(() => m.engine.hf.rebuildAndRecalculate()));
  }
  /** Calculation is already deferred to the end of each sync's writes. */
  suspendApiCalculationUntilNextSync(): void {
    this.queue("suspendApiCalculationUntilNextSync", () => undefined);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this.queue("suspendScreenUpdatingUntilNextSync", () => undefined);
  }
}
accessors(Application, ["calculationMode"]);

export class Workbook extends ClientObject<WorkbookModel> {
  protected readonly props: Record<string, PropDef<WorkbookModel>> = { name: { get: () => "Book1.xlsx" } };
  readonly worksheets: WorksheetCollection;
  readonly tables: TableCollection;
  readonly names: NamedItemCollection;
  readonly settings: SettingCollection;
  readonly application: Application;
  constructor(context: RequestContext) {
    super(context, () => context.model, "workbook", false);
    this.worksheets = new WorksheetCollection(context);
    this.tables = new TableCollection(context, undefined);
    this.names = new NamedItemCollection(context);
    this.settings = new SettingCollection(context);
    this.application = new Application(context);
  }
  getSelectedRange(): Range {
    return new Range(
      this.context,
      () => {
        const sheet = this.context.model.activeSheet;
        if (sheet === undefined) throw new WorkbookError(ErrorCodes.itemNotFound, "No active worksheet.");
        const selection = this.context.model.selection;
        return selection?.sheet === sheet ? selection : { sheet, rect: { row: 0, col: 0, rows: 1, cols: 1 } };
      },
      "getSelectedRange",
    );
  }
  getActiveCell(): Range {
    return this.getSelectedRange();
  }
}

// ---------------- worksheets ----------------

export class WorksheetCollection extends Collection<SheetModel, Worksheet> {
  constructor(context: RequestContext) {
    super(context, () => context.model.sheets.slice(), "worksheets", false);
  }
  protected wrap(s: SheetModel): Worksheet {
    return new Worksheet(this.context, () => s, "worksheets.items", false);
  }
  add(name?: string): Worksheet {
    return new Worksheet(this.context, () => this.context.model.addSheet(name), `worksheets.add(${name ?? ""})`);
  }
  getItem(key: string): Worksheet {
    return new Worksheet(this.context, () => this.context.model.sheet(key), `worksheets.getItem(${key})`);
  }
  getItemOrNullObject(key: string): Worksheet {
    return new Worksheet(
      this.context,
      () => this.context.model.findSheet(key) ?? null,
      `worksheets.getItemOrNullObject(${key})`,
    );
  }
  getActiveWorksheet(): Worksheet {
    return new Worksheet(this.context, () => this.context.model.activeSheet ?? null, "worksheets.getActiveWorksheet");
  }
  getFirst(): Worksheet {
    return new Worksheet(this.context, () => this.context.model.sheets[0] ?? null, "worksheets.getFirst");
  }
  getLast(): Worksheet {
    return new Worksheet(
      this.context,
      () => this.context.model.sheets[this.context.model.sheets.length - 1] ?? null,
      "worksheets.getLast",
    );
  }
}

export class Worksheet extends ClientObject<SheetModel> {
  protected readonly props: Record<string, PropDef<SheetModel>> = {
    name: { get: (s) => s.name, set: (s, v) => this.context.model.renameSheet(s, String(v)) },
    id: { get: (s) => s.id },
    position: {
      get: (s) => this.context.model.sheets.indexOf(s),
      set: (s, v) => this.context.model.moveSheet(s, Number(v)),
    },
    visibility: { get: (s) => s.visibility, set: (s, v) => (s.visibility = v as SheetModel["visibility"]) },
    tabColor: { get: (s) => s.tabColor, set: (s, v) => (s.tabColor = String(v)) },
    showGridlines: { get: () => true, set: () => undefined },
  };
  private tablesProxy?: TableCollection;
  private chartsProxy?: ChartCollection;
  private protectionProxy?: WorksheetProtection;
  readonly freezePanes = {
    freezeRows: (n = 1): void => this.queue("freezePanes.freezeRows", (s) => (s.frozenRows = n)),
    freezeColumns: (n = 1): void => this.queue("freezePanes.freezeColumns", (s) => (s.frozenColumns = n)),
    unfreeze: (): void => this.queue("freezePanes.unfreeze", (s) => ((s.frozenRows = 0), (s.frozenColumns = 0))),
  };

  get tables(): TableCollection {
    this.tablesProxy ??= new TableCollection(this.context, this);
    return this.tablesProxy;
  }
  get charts(): ChartCollection {
    this.chartsProxy ??= new ChartCollection(this.context, this);
    return this.chartsProxy;
  }
  get protection(): WorksheetProtection {
    this.protectionProxy ??= new WorksheetProtection(this.context, () => this._get());
    return this.protectionProxy;
  }
  protected override nav(name: string): ClientObject<unknown> | undefined {
    return name === "protection" ? (this.protection as ClientObject<unknown>) : undefined;
  }
  getRange(address?: string): Range {
    return new Range(
      this.context,
      () => {
        const s = this._get();
        if (address === undefined || address === "")
          return { sheet: s, rect: { row: 0, col: 0, rows: 1048576, cols: 16384 } };
        const ref = this.context.model.resolve(address, s);
        if (ref.sheet !== s)
          throw new WorkbookError(ErrorCodes.invalidArgument, `"${address}" is not on worksheet ${s.name}.`);
        return ref;
      },
      `getRange(${address ?? ""})`,
    );
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): Range {
    return new Range(
      this.context,
      () => {
        if (rowCount < 1 || columnCount < 1 || startRow < 0 || startColumn < 0) {
          throw new WorkbookError(
            ErrorCodes.invalidArgument,
            `getRangeByIndexes(${startRow}, ${startColumn}, ${rowCount}, ${columnCount}): indexes must be ≥ 0 and counts ≥ 1.`,
          );
        }
        return { sheet: this._get(), rect: { row: startRow, col: startColumn, rows: rowCount, cols: columnCount } };
      },
      "getRangeByIndexes",
    );
  }
  getCell(row: number, column: number): Range {
    return this.getRangeByIndexes(row, column, 1, 1);
  }
  getUsedRange(valuesOnly = false): Range {
    return new Range(
      this.context,
      () => {
        const s = this._get();
        return { sheet: s, rect: this.context.model.usedRect(s, valuesOnly) ?? { row: 0, col: 0, rows: 1, cols: 1 } };
      },
      "getUsedRange",
    );
  }
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return new Range(
      this.context,
      () => {
        const s = this._get();
        const rect = this.context.model.usedRect(s, valuesOnly);
        return rect === undefined ? null : { sheet: s, rect };
      },
      "getUsedRangeOrNullObject",
    );
  }
  activate(): void {
    this.queue("activate", (s) => {
      if (s.visibility !== "Visible")
        throw new WorkbookError(ErrorCodes.invalidOperation, `Worksheet ${s.name} is hidden and cannot be activated.`);
      this.context.model.activeSheet = s;
    });
  }
  delete(): void {
    this.queue("delete", (s) => this.context.model.deleteSheet(s));
  }
}
accessors(Worksheet, ["name", "id", "position", "visibility", "tabColor", "showGridlines"]);

// ---------------- ranges ----------------

export class Range extends ClientObject<RangeRef> {
  protected readonly props: Record<string, PropDef<RangeRef>> = {
    address: { get: (r) => `${quoteSheet(r.sheet.name)}!${rectA1(r.rect)}` },
    addressLocal: { get: (r) => `${quoteSheet(r.sheet.name)}!${rectA1(r.rect)}` },
    rowCount: { get: (r) => r.rect.rows },
    columnCount: { get: (r) => r.rect.cols },
    cellCount: { get: (r) => r.rect.rows * r.rect.cols },
    rowIndex: { get: (r) => r.rect.row },
    columnIndex: { get: (r) => r.rect.col },
    values: {
      get: (r) => this.context.model.values(r),
      set: (r, v) => this.context.model.write(r, block(r, v), false),
    },
    formulas: {
      get: (r) => this.context.model.formulas(r),
      set: (r, v) => this.context.model.write(r, block(r, v), true),
    },
    formulasLocal: {
      get: (r) => this.context.model.formulas(r),
      set: (r, v) => this.context.model.write(r, block(r, v), true),
    },
    numberFormat: {
      get: (r) => this.context.model.numberFormats(r),
      set: (r, v) => this.context.model.setNumberFormats(r, block(r, v) as string[][]),
    },
    text: { get: (r) => this.context.model.text(r) },
    valueTypes: { get: (r) => this.context.model.valueTypes(r) },
    hyperlink: {
      get: (r) => this.context.model.hyperlinkOf(r),
      set: (r, v) => this.context.model.setHyperlink(r, (v as never) ?? null),
    },
    style: { get: () => "Normal", set: () => undefined },
  };
  private formatProxy?: RangeFormat;
  private validationProxy?: DataValidation;

  get format(): RangeFormat {
    this.formatProxy ??= new RangeFormat(this.context, () => this._get());
    return this.formatProxy;
  }
  get dataValidation(): DataValidation {
    this.validationProxy ??= new DataValidation(this.context, () => this._get());
    return this.validationProxy;
  }
  get worksheet(): Worksheet {
    return new Worksheet(this.context, () => this._get().sheet, "range.worksheet");
  }
  protected override nav(name: string): ClientObject<unknown> | undefined {
    if (name === "dataValidation") return this.dataValidation as ClientObject<unknown>;
    return name === "format" ? (this.format as ClientObject<unknown>) : undefined;
  }
  private derive(where: string, fn: (r: RangeRef) => Rect | null): Range {
    return new Range(
      this.context,
      () => {
        const r = this._get();
        const rect = fn(r);
        if (rect === null) return null;
        if (
          rect.rows < 1 ||
          rect.cols < 1 ||
          rect.row < 0 ||
          rect.col < 0 ||
          rect.row + rect.rows > 1048576 ||
          rect.col + rect.cols > 16384
        ) {
          throw new WorkbookError(
            ErrorCodes.invalidArgument,
            `${where}: the resulting range is outside the worksheet.`,
          );
        }
        return { sheet: r.sheet, rect };
      },
      where,
    );
  }
  getResizedRange(deltaRows: number, deltaColumns: number): Range {
    return this.derive("getResizedRange", (r) => ({
      ...r.rect,
      rows: r.rect.rows + deltaRows,
      cols: r.rect.cols + deltaColumns,
    }));
  }
  getOffsetRange(rowOffset: number, columnOffset: number): Range {
    return this.derive("getOffsetRange", (r) => ({
      ...r.rect,
      row: r.rect.row + rowOffset,
      col: r.rect.col + columnOffset,
    }));
  }
  getCell(row: number, column: number): Range {
    return this.derive("getCell", (r) => ({ row: r.rect.row + row, col: r.rect.col + column, rows: 1, cols: 1 }));
  }
  getRow(row: number): Range {
    return this.derive("getRow", (r) => ({ ...r.rect, row: r.rect.row + row, rows: 1 }));
  }
  getColumn(column: number): Range {
    return this.derive("getColumn", (r) => ({ ...r.rect, col: r.rect.col + column, cols: 1 }));
  }
  getLastRow(): Range {
    return this.derive("getLastRow", (r) => ({ ...r.rect, row: r.rect.row + r.rect.rows - 1, rows: 1 }));
  }
  getLastColumn(): Range {
    return this.derive("getLastColumn", (r) => ({ ...r.rect, col: r.rect.col + r.rect.cols - 1, cols: 1 }));
  }
  getEntireColumn(): Range {
    return this.derive("getEntireColumn", (r) => ({ ...r.rect, row: 0, rows: 1048576 }));
  }
  getEntireRow(): Range {
    return this.derive("getEntireRow", (r) => ({ ...r.rect, col: 0, cols: 16384 }));
  }
  getUsedRange(valuesOnly = false): Range {
    return this.derive("getUsedRange", (r) => this.usedWithin(r, valuesOnly) ?? { ...r.rect, rows: 1, cols: 1 });
  }
  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return this.derive("getUsedRangeOrNullObject", (r) => this.usedWithin(r, valuesOnly));
  }
  private usedWithin(r: RangeRef, valuesOnly: boolean): Rect | null {
    const used = this.context.model.usedRect(r.sheet, valuesOnly);
    if (used === undefined) return null;
    const r0 = Math.max(used.row, r.rect.row);
    const c0 = Math.max(used.col, r.rect.col);
    const r1 = Math.min(used.row + used.rows, r.rect.row + r.rect.rows);
    const c1 = Math.min(used.col + used.cols, r.rect.col + r.rect.cols);
    return r1 > r0 && c1 > c0 ? { row: r0, col: c0, rows: r1 - r0, cols: c1 - c0 } : null;
  }
  /** Range.insert: the preview supports entire rows shifted down and entire columns shifted right. */
  insert(shift: "Down" | "Right"): Range {
    this.queue("insert", (r) => {
      const rows = r.rect.col === 0 && r.rect.cols === 16384;
      const cols = r.rect.row === 0 && r.rect.rows === 1048576;
      if (shift === "Down" && rows) this.context.model.insertRows(r.sheet, r.rect.row, r.rect.rows);
      else if (shift === "Right" && cols) this.context.model.insertColumns(r.sheet, r.rect.col, r.rect.cols);
      else
        throw new WorkbookError(
          ErrorCodes.invalidArgument,
          'The preview supports insert("Down") on entire rows and insert("Right") on entire columns only.',
        );
    });
    return this;
  }
  clear(applyTo?: "All" | "Formats" | "Contents" | "Hyperlinks" | "RemoveHyperlinks"): void {
    this.queue("clear", (r) => this.context.model.clear(r, applyTo ?? "All"));
  }
  select(): void {
    this.queue("select", (r) => {
      if (r.sheet.visibility !== "Visible")
        throw new WorkbookError(
          ErrorCodes.invalidSelection,
          `Worksheet ${r.sheet.name} is hidden; nothing on it can be selected.`,
        );
      this.context.model.activeSheet = r.sheet;
      this.context.model.selection = r;
    });
  }
  merge(): void {
    this.queue("merge", () => undefined);
  }
}
accessors(Range, [
  "address",
  "addressLocal",
  "rowCount",
  "columnCount",
  "cellCount",
  "rowIndex",
  "columnIndex",
  "values",
  "formulas",
  "formulasLocal",
  "numberFormat",
  "text",
  "valueTypes",
  "hyperlink",
  "style",
]);

function formatProp(k: FormatKey, model: () => WorkbookModel): PropDef<RangeRef> {
  return { get: (r) => model().formatOf(r, k), set: (r, v) => model().setFormat(r, k, v as never) };
}

export class RangeFormat extends ClientObject<RangeRef> {
  protected readonly props: Record<string, PropDef<RangeRef>>;
  readonly font: RangeFont;
  readonly fill: RangeFill;
  readonly borders = { getItem: () => ({ style: "Continuous", color: "#000000", weight: "Thin" }) };
  constructor(context: RequestContext, resolver: () => RangeRef) {
    super(context, resolver, "format", false);
    const m = (): WorkbookModel => context.model;
    this.props = {
      horizontalAlignment: formatProp("horizontalAlignment", m),
      verticalAlignment: formatProp("verticalAlignment", m),
      wrapText: formatProp("wrapText", m),
      indentLevel: formatProp("indentLevel", m),
      columnWidth: {
        get: (r) => r.sheet.columnWidths.get(r.rect.col) ?? 48,
        set: (r, v) => {
          for (let c = r.rect.col; c < r.rect.col + r.rect.cols; c++) r.sheet.columnWidths.set(c, Number(v));
        },
      },
      rowHeight: { get: () => 15, set: () => undefined },
    };
    this.font = new RangeFont(context, resolver);
    this.fill = new RangeFill(context, resolver);
  }
  protected override nav(name: string): ClientObject<unknown> | undefined {
    return name === "font"
      ? (this.font as ClientObject<unknown>)
      : name === "fill"
        ? (this.fill as ClientObject<unknown>)
        : undefined;
  }
  autofitColumns(): void {
    this.queue("autofitColumns", () => undefined);
  }
  autofitRows(): void {
    this.queue("autofitRows", () => undefined);
  }
}
accessors(RangeFormat, [
  "horizontalAlignment",
  "verticalAlignment",
  "wrapText",
  "indentLevel",
  "columnWidth",
  "rowHeight",
]);

export class RangeFont extends ClientObject<RangeRef> {
  protected readonly props: Record<string, PropDef<RangeRef>>;
  constructor(context: RequestContext, resolver: () => RangeRef) {
    super(context, resolver, "font", false);
    const m = (): WorkbookModel => context.model;
    this.props = {
      bold: formatProp("bold", m),
      italic: formatProp("italic", m),
      color: formatProp("fontColor", m),
      name: formatProp("fontName", m),
      size: formatProp("fontSize", m),
      underline: formatProp("underline", m),
    };
  }
}
accessors(RangeFont, ["bold", "italic", "color", "name", "size", "underline"]);

export class RangeFill extends ClientObject<RangeRef> {
  protected readonly props: Record<string, PropDef<RangeRef>>;
  constructor(context: RequestContext, resolver: () => RangeRef) {
    super(context, resolver, "fill", false);
    this.props = { color: formatProp("fill", () => context.model) };
  }
  clear(): void {
    this.queue("fill.clear", (r) => this.context.model.setFormat(r, "fill", undefined));
  }
}
accessors(RangeFill, ["color"]);

// ---------------- Excel namespace ----------------

export interface FakeExcelNamespace {
  run<T>(batch: (context: RequestContext) => Promise<T>): Promise<T>;
  run<T>(object: unknown, batch: (context: RequestContext) => Promise<T>): Promise<T>;
  readonly RequestContext: new () => RequestContext;
  readonly ErrorCodes: typeof ErrorCodes;
  readonly [enumName: string]: unknown;
}

/**
 * The `Excel` namespace over `model`. `stats.syncCount` counts `context.sync()` calls.
 * Each Excel.run gets a fresh context, invalidated when its batch settles.
 */
export function createExcelApi(model: WorkbookModel, stats: ApiStats = { syncCount: 0 }): FakeExcelNamespace {
  async function run<T>(a: unknown, b?: (context: RequestContext) => Promise<T>): Promise<T> {
    const batch = (typeof a === "function" ? a : b) as (context: RequestContext) => Promise<T>;
    if (typeof batch !== "function")
      throw new FakeOfficeError(ErrorCodes.invalidArgument, "Excel.run needs a batch function.");
    const context = new RequestContext(model, stats);
    try {
      const result = await batch(context);
      // Excel syncs what is still queued when the batch returns.
      if (context.queue.length > 0) await context.sync();
      return result;
    } finally {
      context.valid = false;
    }
  }
  const ns: Record<string, unknown> = {
    run,
    RequestContext: function RequestContextCtor(): RequestContext {
      return new RequestContext(model, stats);
    },
    ErrorCodes,
    ...ENUMS,
  };
  return ns as unknown as FakeExcelNamespace;
}

/** Column letters for messages and the preview grid. */
export { columnLetters };
