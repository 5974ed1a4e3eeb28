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
import { isCodedError, WorkbookError } from "./errors";
import type { ChartModel, FormatKey, NameModel, RangeRef, SheetModel, TableModel, WorkbookModel } from "./workbook";

export const ErrorCodes = {
  accessDenied: "AccessDenied",
  generalException: "GeneralException",
  insertDeleteConflict: "InsertDeleteConflict",
  invalidArgument: "InvalidArgument",
  invalidBinding: "InvalidBinding",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  notImplemented: "NotImplemented",
  propertyNotLoaded: "PropertyNotLoaded",
  invalidObjectPath: "InvalidObjectPath",
} as const;

/** office.js's OfficeExtension.Error shape: name "RichApi.Error", code, debugInfo. */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

function notLoaded(prop: string): FakeOfficeError {
  return new FakeOfficeError(
    ErrorCodes.propertyNotLoaded,
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

function toOfficeError(e: unknown, location: string): FakeOfficeError {
  if (e instanceof FakeOfficeError) return e;
  if (isCodedError(e)) return new FakeOfficeError(e.code, e.message, location);
  return new FakeOfficeError(ErrorCodes.generalException, e instanceof Error ? e.message : String(e), location);
}

/** Deep copy into this realm (values may come from the page's realm). */
function copy<T>(v: T): T {
  if (Array.isArray(v)) return Array.from(v, (x) => copy(x)) as T;
  if (typeof v === "object" && v !== null) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = copy(x);
    return o as T;
  }
  return v;
}

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

export class ClientResult<T> {
  private has = false;
  private v: T | undefined;
  /** @internal */ _set(v: T): void {
    this.v = v;
    this.has = true;
  }
  get value(): T {
    if (!this.has) throw notLoaded("value");
    return this.v as T;
  }
}

type LoadSpec = string | string[] | { select?: string | string[]; expand?: string | string[] } | undefined;

function parseLoad(spec: LoadSpec): string[] | undefined {
  if (spec === undefined) return undefined;
  const list = (x: string | string[] | undefined): string[] =>
    x === undefined ? [] : (Array.isArray(x) ? x : x.split(",")).map((s) => s.trim()).filter((s) => s !== "");
  if (typeof spec === "string" || Array.isArray(spec)) return list(spec);
  return [...list(spec.select), ...list(spec.expand)];
}

interface PropDef<T> {
  get(entity: T, self: ClientObject<T>): unknown;
  set?(entity: T, value: unknown, self: ClientObject<T>): void;
}

/** A proxy bound to one model entity, resolved when its first queued operation runs. */
export abstract class ClientObject<T> {
  /** @internal */ readonly context: RequestContext;
  private readonly resolver: () => T | null;
  private resolved = false;
  private entity: T | null = null;
  private isNull: boolean | undefined;
  /** @internal */ readonly _loaded = new Map<string, unknown>();
  protected abstract readonly props: Record<string, PropDef<T>>;

  constructor(context: RequestContext, resolver: () => T | null, where: string, eager = true) {
    this.context = context;
    this.resolver = resolver;
    context.created.push(this as ClientObject<unknown>);
    if (eager) context.enqueue(where, () => void this._resolve());
  }

  /** @internal */ _resolve(): T | null {
    if (!this.resolved) {
      this.entity = this.resolver();
      this.resolved = true;
    }
    return this.entity;
  }

  /** @internal */ _get(): T {
    const e = this._resolve();
    if (e === null)
      throw new WorkbookError(
        ErrorCodes.itemNotFound,
        `The requested resource doesn't exist (${this.constructor.name} is a null object).`,
      );
    return e;
  }

  /** @internal */ _afterSync(): void {
    if (this.resolved) this.isNull = this.entity === null;
  }

  get isNullObject(): boolean {
    if (this.isNull === undefined) throw notLoaded("isNullObject");
    return this.isNull;
  }

  /** @internal Child proxies reachable by load paths ("format/font/bold"). */
  protected nav(_name: string): ClientObject<unknown> | undefined {
    return undefined;
  }

  load(spec?: LoadSpec): this {
    const paths = parseLoad(spec);
    const own: string[] = [];
    for (const p of paths ?? Object.keys(this.props)) {
      const [head, ...rest] = p.split("/");
      const child = this.nav(head);
      if (child !== undefined) child.load(rest.length > 0 ? rest.join("/") : undefined);
      else if (head in this.props || head === "items") own.push(head);
      else
        throw new FakeOfficeError(
          ErrorCodes.invalidArgument,
          `Cannot load "${p}": ${this.constructor.name} has no such property in the preview's Excel.`,
        );
    }
    this.context.enqueue(`${this.constructor.name}.load`, () => this._load(own));
    return this;
  }

  /** @internal */ _load(props: readonly string[]): void {
    const e = this._resolve();
    if (e === null) return;
    for (const p of props) this._loaded.set(p, copy(this.props[p].get(e, this)));
  }

  /** @internal */ protected read(prop: string): unknown {
    if (!this._loaded.has(prop)) throw notLoaded(prop);
    return this._loaded.get(prop);
  }

  /** @internal */ protected write(prop: string, value: unknown): void {
    const def = this.props[prop];
    if (def?.set === undefined) throw new FakeOfficeError(ErrorCodes.invalidOperation, `${prop} is read-only.`);
    const v = copy(value);
    this._loaded.set(prop, v);
    this.context.enqueue(`${this.constructor.name}.${prop}`, () => def.set?.(this._get(), v, this));
  }

  /** @internal */ protected queue(where: string, fn: (e: T) => void): void {
    this.context.enqueue(`${this.constructor.name}.${where}`, () => fn(this._get()));
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

/** Installs getters/setters for each prop of the class's table. */
function accessors(cls: { prototype: object }, names: readonly string[]): void {
  for (const name of names) {
    Object.defineProperty(cls.prototype, name, {
      get(this: ClientObject<unknown> & { read(p: string): unknown }) {
        return this.read(name);
      },
      set(this: ClientObject<unknown> & { write(p: string, v: unknown): void }, v: unknown) {
        this.write(name, v);
      },
      configurable: true,
    });
  }
}

/** A 2-D block from a scalar (fills the range) or an array (must match the range). */
function block(ref: RangeRef, v: unknown): unknown[][] {
  if (Array.isArray(v)) return v as unknown[][];
  return Array.from({ length: ref.rect.rows }, () => Array.from({ length: ref.rect.cols }, () => v));
}

// ---------------- collections ----------------

abstract class Collection<T, P extends ClientObject<T>> extends ClientObject<T[]> {
  private itemsList: P[] | undefined;
  protected abstract wrap(entity: T): P;

  get items(): P[] {
    if (this.itemsList === undefined) throw notLoaded("items");
    return this.itemsList;
  }

  override load(spec?: LoadSpec): this {
    const paths = parseLoad(spec) ?? [];
    const itemProps: string[] = [];
    for (const p of paths) {
      if (p === "items") continue;
      itemProps.push(p.startsWith("items/") ? p.slice("items/".length) : p);
    }
    this.context.enqueue(`${this.constructor.name}.load`, () => {
      const list = this._get().map((e) => {
        const proxy = this.wrap(e);
        proxy._resolve();
        const own = itemProps.length > 0 ? itemProps : Object.keys((proxy as unknown as { props: object }).props);
        proxy._load(own.filter((x) => !x.includes("/")));
        return proxy;
      });
      this.itemsList = list;
    });
    return this;
  }

  getCount(): ClientResult<number> {
    const r = new ClientResult<number>();
    this.queue("getCount", (list) => r._set(list.length));
    return r;
  }

  protected override readonly props: Record<string, PropDef<T[]>> = { count: { get: (l) => l.length } };
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
  readonly application: Application;
  constructor(context: RequestContext) {
    super(context, () => context.model, "workbook", false);
    this.worksheets = new WorksheetCollection(context);
    this.tables = new TableCollection(context, undefined);
    this.names = new NamedItemCollection(context);
    this.application = new Application(context);
  }
  getSelectedRange(): Range {
    return new Range(
      this.context,
      () => {
        const sheet = this.context.model.activeSheet;
        if (sheet === undefined) throw new WorkbookError(ErrorCodes.itemNotFound, "No active worksheet.");
        return { sheet, rect: { row: 0, col: 0, rows: 1, cols: 1 } };
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

  get format(): RangeFormat {
    this.formatProxy ??= new RangeFormat(this.context, () => this._get());
    return this.formatProxy;
  }
  get worksheet(): Worksheet {
    return new Worksheet(this.context, () => this._get().sheet, "range.worksheet");
  }
  protected override nav(name: string): ClientObject<unknown> | undefined {
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
  /** Range.insert: the preview supports whole rows shifted down (Insert › Sheet Rows). */
  insert(shift: "Down" | "Right"): Range {
    this.queue("insert", (r) => {
      if (shift !== "Down" || r.rect.col !== 0 || r.rect.cols !== 16384) {
        throw new WorkbookError(
          ErrorCodes.invalidArgument,
          'The preview supports insert("Down") on entire rows only (range.getEntireRow().insert("Down")).',
        );
      }
      this.context.model.insertRows(r.sheet, r.rect.row, r.rect.rows);
    });
    return this;
  }
  clear(applyTo?: "All" | "Formats" | "Contents" | "Hyperlinks" | "RemoveHyperlinks"): void {
    this.queue("clear", (r) => this.context.model.clear(r, applyTo ?? "All"));
  }
  select(): void {
    this.queue("select", (r) => (this.context.model.activeSheet = r.sheet));
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

// ---------------- names ----------------

export class NamedItemCollection extends Collection<NameModel, NamedItem> {
  constructor(context: RequestContext) {
    super(context, () => context.model.names.slice(), "names", false);
  }
  protected wrap(n: NameModel): NamedItem {
    return new NamedItem(this.context, () => n, "names.items", false);
  }
  add(name: string, reference: Range | string, comment?: string): NamedItem {
    return new NamedItem(
      this.context,
      () => this.context.model.addName(name, typeof reference === "string" ? reference : reference._get(), comment),
      `names.add(${name})`,
    );
  }
  getItem(name: string): NamedItem {
    return new NamedItem(
      this.context,
      () => {
        const n = this.context.model.findName(name);
        if (n === undefined)
          throw new WorkbookError(ErrorCodes.itemNotFound, `The requested resource doesn't exist: name "${name}".`);
        return n;
      },
      `names.getItem(${name})`,
    );
  }
  getItemOrNullObject(name: string): NamedItem {
    return new NamedItem(
      this.context,
      () => this.context.model.findName(name) ?? null,
      `names.getItemOrNullObject(${name})`,
    );
  }
}

export class NamedItem extends ClientObject<NameModel> {
  protected readonly props: Record<string, PropDef<NameModel>> = {
    name: { get: (n) => n.name },
    formula: {
      get: (n) => n.formula,
      set: (n, v) => {
        const model = this.context.model;
        model.deleteName(n);
        const added = model.addName(n.name, String(v), n.comment);
        Object.assign(n, added);
        model.names.splice(model.names.indexOf(added), 1, n);
      },
    },
    comment: { get: (n) => n.comment, set: (n, v) => (n.comment = String(v)) },
    visible: { get: (n) => n.visible, set: (n, v) => (n.visible = Boolean(v)) },
    type: {
      get: (n) => {
        try {
          this.context.model.nameRange(n);
          return "Range";
        } catch (e) {
          if (!isCodedError(e)) throw e;
          return typeof this.context.model.nameValue(n) === "number" ? "Double" : "String";
        }
      },
    },
    value: { get: (n) => n.formula.replace(/^=/, "") },
  };
  getRange(): Range {
    return new Range(this.context, () => this.context.model.nameRange(this._get()), "name.getRange");
  }
  getRangeOrNullObject(): Range {
    return new Range(
      this.context,
      () => {
        try {
          return this.context.model.nameRange(this._get());
        } catch (e) {
          if (isCodedError(e)) return null;
          throw e;
        }
      },
      "name.getRangeOrNullObject",
    );
  }
  delete(): void {
    this.queue("delete", (n) => this.context.model.deleteName(n));
  }
}
accessors(NamedItem, ["name", "formula", "comment", "visible", "type", "value"]);

// ---------------- charts ----------------

export class ChartCollection extends Collection<ChartModel, Chart> {
  private readonly scope: Worksheet;
  constructor(context: RequestContext, scope: Worksheet) {
    super(context, () => context.model.charts.filter((c) => c.sheet === scope._get()), "charts", false);
    this.scope = scope;
  }
  protected wrap(c: ChartModel): Chart {
    return new Chart(this.context, () => c, "charts.items", false);
  }
  add(type: string, sourceData: Range, seriesBy?: string): Chart {
    return new Chart(
      this.context,
      () => this.context.model.addChart(this.scope._get(), type, sourceData._get(), seriesBy),
      "charts.add",
    );
  }
  getItem(name: string): Chart {
    return new Chart(
      this.context,
      () => {
        const c = this._get().find((x) => x.name === name || x.id === name);
        if (c === undefined)
          throw new WorkbookError(ErrorCodes.itemNotFound, `The requested resource doesn't exist: chart "${name}".`);
        return c;
      },
      "charts.getItem",
    );
  }
  getItemOrNullObject(name: string): Chart {
    return new Chart(
      this.context,
      () => this._get().find((x) => x.name === name || x.id === name) ?? null,
      "charts.getItemOrNullObject",
    );
  }
  getItemAt(index: number): Chart {
    return new Chart(this.context, () => this._get()[index] ?? null, "charts.getItemAt");
  }
}

/** Chart sub-objects (title, legend, axes) as bags of settable properties kept on the model. */
class ChartPart extends ClientObject<ChartModel> {
  protected readonly props: Record<string, PropDef<ChartModel>>;
  constructor(
    context: RequestContext,
    chart: Chart,
    path: string,
    names: readonly string[],
    special: Record<string, PropDef<ChartModel>> = {},
  ) {
    super(context, () => chart._get(), path, false);
    this.props = { ...special };
    for (const n of names) {
      this.props[n] ??= { get: (c) => c.props[`${path}.${n}`] ?? null, set: (c, v) => (c.props[`${path}.${n}`] = v) };
    }
    for (const n of Object.keys(this.props)) {
      Object.defineProperty(this, n, {
        get: () => this.read(n),
        set: (v: unknown) => {
          this.write(n, v);
        },
        configurable: true,
      });
    }
  }
}

export class Chart extends ClientObject<ChartModel> {
  protected readonly props: Record<string, PropDef<ChartModel>> = {
    name: { get: (c) => c.name, set: (c, v) => (c.name = String(v)) },
    id: { get: (c) => c.id },
    chartType: { get: (c) => c.type, set: (c, v) => (c.type = String(v)) },
    top: { get: (c) => c.props.top ?? 0, set: (c, v) => (c.props.top = v) },
    left: { get: (c) => c.props.left ?? 0, set: (c, v) => (c.props.left = v) },
    width: { get: (c) => c.props.width ?? 360, set: (c, v) => (c.props.width = v) },
    height: { get: (c) => c.props.height ?? 216, set: (c, v) => (c.props.height = v) },
  };
  readonly title: ChartPart;
  readonly legend: ChartPart;
  readonly axes: { valueAxis: ChartPart & { title: ChartPart }; categoryAxis: ChartPart & { title: ChartPart } };
  readonly series: ChartSeriesCollection;
  constructor(context: RequestContext, resolver: () => ChartModel | null, where: string, eager = true) {
    super(context, resolver, where, eager);
    this.title = new ChartPart(context, this, "title", ["visible", "overlay"], {
      text: { get: (c) => c.title, set: (c, v) => (c.title = String(v)) },
    });
    this.legend = new ChartPart(context, this, "legend", ["visible", "position"]);
    const axis = (name: string): ChartPart & { title: ChartPart } =>
      Object.assign(new ChartPart(context, this, name, ["visible", "numberFormat", "minimum", "maximum"]), {
        title: new ChartPart(context, this, `${name}.title`, ["text", "visible"]),
      });
    this.axes = { valueAxis: axis("valueAxis"), categoryAxis: axis("categoryAxis") };
    this.series = new ChartSeriesCollection(context, this);
  }
  setPosition(startCell: string | Range, endCell?: string | Range): void {
    const a = (x: string | Range | undefined): string | undefined =>
      x === undefined ? undefined : typeof x === "string" ? x : this.context.model.describe(x._get());
    this.queue("setPosition", (c) => (c.position = { start: a(startCell) as string, end: a(endCell) }));
  }
  setData(sourceData: Range, seriesBy?: string): void {
    this.queue("setData", (c) => {
      const ref = sourceData._get();
      const by =
        seriesBy === "Rows"
          ? "Rows"
          : seriesBy === "Columns"
            ? "Columns"
            : ref.rect.rows >= ref.rect.cols
              ? "Columns"
              : "Rows";
      this.context.model.setChartData(c, ref, by);
    });
  }
  delete(): void {
    this.queue("delete", (c) => this.context.model.deleteChart(c));
  }
}
accessors(Chart, ["name", "id", "chartType", "top", "left", "width", "height"]);

interface SeriesRef {
  readonly chart: ChartModel;
  readonly index: number;
}

export class ChartSeriesCollection extends Collection<SeriesRef, ChartSeries> {
  constructor(context: RequestContext, chart: Chart) {
    super(
      context,
      () => {
        const c = chart._get();
        return c.series.map((_, index) => ({ chart: c, index }));
      },
      "series",
      false,
    );
  }
  protected wrap(s: SeriesRef): ChartSeries {
    return new ChartSeries(this.context, () => s, "series.items", false);
  }
  getItemAt(index: number): ChartSeries {
    return new ChartSeries(this.context, () => this._get()[index] ?? null, "series.getItemAt");
  }
}

export class ChartSeries extends ClientObject<SeriesRef> {
  protected readonly props: Record<string, PropDef<SeriesRef>> = {
    name: { get: (s) => s.chart.series[s.index].name, set: (s, v) => (s.chart.series[s.index].name = String(v)) },
    chartType: { get: (s) => s.chart.type },
  };
}
accessors(ChartSeries, ["name", "chartType"]);

// ---------------- Excel namespace ----------------

export interface FakeExcelNamespace {
  run<T>(batch: (context: RequestContext) => Promise<T>): Promise<T>;
  run<T>(object: unknown, batch: (context: RequestContext) => Promise<T>): Promise<T>;
  readonly RequestContext: new () => RequestContext;
  readonly ErrorCodes: typeof ErrorCodes;
  readonly [enumName: string]: unknown;
}

const ENUMS: Record<string, Record<string, string>> = {
  CalculationType: { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" },
  CalculationMode: { automatic: "Automatic", automaticExceptTables: "AutomaticExceptTables", manual: "Manual" },
  ChartType: {
    columnClustered: "ColumnClustered",
    columnStacked: "ColumnStacked",
    barClustered: "BarClustered",
    line: "Line",
    lineMarkers: "LineMarkers",
    pie: "Pie",
    xyscatter: "XYScatter",
    area: "Area",
  },
  ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
  ClearApplyTo: {
    all: "All",
    formats: "Formats",
    contents: "Contents",
    hyperlinks: "Hyperlinks",
    removeHyperlinks: "RemoveHyperlinks",
  },
  SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
  HorizontalAlignment: { general: "General", left: "Left", center: "Center", right: "Right" },
  VerticalAlignment: { top: "Top", center: "Center", bottom: "Bottom" },
  RangeValueType: {
    unknown: "Unknown",
    empty: "Empty",
    string: "String",
    integer: "Integer",
    double: "Double",
    boolean: "Boolean",
    error: "Error",
  },
  ChartLegendPosition: {
    top: "Top",
    bottom: "Bottom",
    left: "Left",
    right: "Right",
    invalid: "Invalid",
    corner: "Corner",
    custom: "Custom",
  },
};

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
