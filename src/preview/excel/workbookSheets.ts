/**
 * The workbook's base: its state, change listeners, worksheets (add, rename, delete, move),
 * address resolution ("Sheet!A1:B2", a workbook name or a table name) and workbook names.
 * Cells, tables and charts build on it (workbookCells.ts, workbookTables.ts, workbook.ts).
 */
import type { FormulaEngine } from "../engine/engine";
import { toExcelValue, type EngineValue, type ExcelCellValue } from "../engine/values";
import { AddressError, addressWithSheet, parseRange, quoteSheet, rectA1, splitSheet } from "./address";
import { WorkbookError } from "./errors";
import {
  VALID_NAME,
  type ChartModel,
  type NameModel,
  type RangeRef,
  type SheetModel,
  type TableModel,
} from "./workbookTypes";

export class WorkbookSheets {
  readonly engine: FormulaEngine;
  readonly sheets: SheetModel[] = [];
  readonly tables: TableModel[] = [];
  readonly names: NameModel[] = [];
  readonly charts: ChartModel[] = [];
  activeSheet: SheetModel | undefined;
  /** The selection (Range.select); the active sheet's A1 when none was made there. */
  selection: RangeRef | undefined;
  /** Workbook settings (Office's document settings, Excel.SettingCollection), saved with the file. */
  readonly settings = new Map<string, unknown>();
  calculationMode: "Automatic" | "Manual" | "AutomaticExceptTables" = "Automatic";
  private nextId = 1;
  private readonly listeners = new Set<() => void>();

  constructor(engine: FormulaEngine, options: { sheetNames?: readonly string[] } = {}) {
    this.engine = engine;
    engine.onChange(() => this.changed());
    for (const name of options.sheetNames ?? ["Sheet1"]) this.addSheet(name);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells the listeners (the preview's grid) that something changed. */
  changed(): void {
    for (const l of [...this.listeners]) l();
  }

  protected newId(prefix: string): string {
    return `{${prefix}-${String(this.nextId++).padStart(8, "0")}}`;
  }

  // ---- sheets ----

  findSheet(nameOrId: string): SheetModel | undefined {
    const lower = nameOrId.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower || s.id === nameOrId);
  }

  sheet(nameOrId: string): SheetModel {
    const s = this.findSheet(nameOrId);
    if (s === undefined)
      throw new WorkbookError("ItemNotFound", `The requested resource doesn't exist: worksheet "${nameOrId}".`);
    return s;
  }

  private checkSheetName(name: string, except?: SheetModel): void {
    if (
      name.length === 0 ||
      name.length > 31 ||
      /[:\\/?*[\]]/.test(name) ||
      /^'|'$/.test(name) ||
      name.toLowerCase() === "history"
    ) {
      throw new WorkbookError(
        "InvalidArgument",
        `"${name}" is not a valid worksheet name: 1-31 characters, none of : \\ / ? * [ ], not starting or ending with an apostrophe.`,
      );
    }
    const clash = this.findSheet(name);
    if (clash !== undefined && clash !== except)
      throw new WorkbookError("ItemAlreadyExists", `A worksheet named "${name}" already exists.`);
  }

  addSheet(name?: string): SheetModel {
    let n = name;
    if (n === undefined) {
      let i = this.sheets.length + 1;
      while (this.findSheet(`Sheet${i}`)) i++;
      n = `Sheet${i}`;
    }
    this.checkSheetName(n);
    const engineName = this.engine.op(() => this.engine.hf.addSheet(n));
    const sheet: SheetModel = {
      engineId: this.engine.hf.getSheetId(engineName) as number,
      id: this.newId("sheet"),
      name: n,
      visibility: "Visible",
      tabColor: "",
      frozenRows: 0,
      frozenColumns: 0,
      formats: new Map(),
      columnWidths: new Map(),
      written: new Map(),
      protected: false,
      validation: new Map(),
    };
    this.sheets.push(sheet);
    this.activeSheet ??= sheet;
    this.changed();
    return sheet;
  }

  renameSheet(sheet: SheetModel, name: string): void {
    if (sheet.name === name) return;
    this.checkSheetName(name, sheet);
    this.engine.op(() => this.engine.hf.renameSheet(sheet.engineId, name));
    const old = sheet.name;
    sheet.name = name;
    const oldRef = `${quoteSheet(old)}!`;
    for (const n of this.names)
      if (n.formula.includes(oldRef)) n.formula = n.formula.split(oldRef).join(`${quoteSheet(name)}!`);
    this.changed();
  }

  deleteSheet(sheet: SheetModel): void {
    if (this.sheets.filter((s) => s.visibility === "Visible").length === 1 && sheet.visibility === "Visible") {
      throw new WorkbookError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
    }
    this.engine.op(() => this.engine.hf.removeSheet(sheet.engineId));
    this.sheets.splice(this.sheets.indexOf(sheet), 1);
    for (let i = this.tables.length - 1; i >= 0; i--) if (this.tables[i].sheet === sheet) this.tables.splice(i, 1);
    for (let i = this.charts.length - 1; i >= 0; i--) if (this.charts[i].sheet === sheet) this.charts.splice(i, 1);
    if (this.activeSheet === sheet) this.activeSheet = this.sheets.find((s) => s.visibility === "Visible");
    this.changed();
  }

  moveSheet(sheet: SheetModel, position: number): void {
    const i = this.sheets.indexOf(sheet);
    this.sheets.splice(i, 1);
    this.sheets.splice(Math.max(0, Math.min(position, this.sheets.length)), 0, sheet);
    this.changed();
  }

  // ---- addresses ----

  /** Resolves "A1:B2" on `sheet`, or "Sheet!A1:B2", or a workbook name, to a range. */
  resolve(address: string, sheet?: SheetModel): RangeRef {
    const { sheet: sheetName, range } = splitSheet(address);
    if (sheetName === undefined) {
      const named = this.findName(range);
      if (named !== undefined) return this.nameRange(named);
      const table = this.findTable(range);
      if (table !== undefined) return { sheet: table.sheet, rect: table.rect };
    }
    const s = sheetName !== undefined ? this.sheet(sheetName) : sheet;
    if (s === undefined) throw new WorkbookError("InvalidArgument", `"${address}" needs a worksheet name.`);
    try {
      return { sheet: s, rect: parseRange(range) };
    } catch (e) {
      if (e instanceof AddressError) throw new WorkbookError("InvalidArgument", e.message);
      throw e;
    }
  }

  address(ref: RangeRef): string {
    return addressWithSheet(ref.sheet.name, ref.rect);
  }

  // ---- names ----

  findName(name: string): NameModel | undefined {
    const lower = name.toLowerCase();
    return this.names.find((n) => n.name.toLowerCase() === lower);
  }

  addName(name: string, reference: RangeRef | string, comment = ""): NameModel {
    if (
      !VALID_NAME.test(name) ||
      /^[A-Za-z]{1,3}\d+$/.test(name) ||
      /^[RrCc]$/.test(name) ||
      /^[Rr]\d*[Cc]\d*$/.test(name) ||
      name.length > 255
    ) {
      throw new WorkbookError(
        "InvalidArgument",
        `"${name}" is not a valid name: start with a letter or underscore, no spaces, not a cell reference.`,
      );
    }
    if (this.findName(name) !== undefined || this.findTable(name) !== undefined) {
      throw new WorkbookError("ItemAlreadyExists", `The name "${name}" already exists.`);
    }
    const formula =
      typeof reference === "string"
        ? reference.startsWith("=")
          ? reference
          : `=${reference}`
        : `=${addressWithSheet(reference.sheet.name, reference.rect, true)}`;
    try {
      this.engine.op(() => this.engine.hf.addNamedExpression(name, formula));
    } catch (e) {
      throw new WorkbookError(
        "InvalidArgument",
        `Name "${name}" refers to "${formula}", which is not valid: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const model: NameModel = { name, formula, comment, visible: true };
    this.names.push(model);
    this.changed();
    return model;
  }

  deleteName(name: NameModel): void {
    this.engine.op(() => this.engine.hf.removeNamedExpression(name.name));
    this.names.splice(this.names.indexOf(name), 1);
    this.changed();
  }

  /** The range a name refers to; throws if it refers to a constant or formula. */
  nameRange(name: NameModel): RangeRef {
    const m = /^=(.+)$/.exec(name.formula);
    try {
      if (m) {
        const { sheet, range } = splitSheet(m[1]);
        if (sheet !== undefined) return { sheet: this.sheet(sheet), rect: parseRange(range) };
      }
    } catch (e) {
      if (!(e instanceof AddressError)) throw e;
    }
    throw new WorkbookError("InvalidOperation", `The name "${name.name}" does not refer to a range (${name.formula}).`);
  }

  nameValue(name: NameModel): ExcelCellValue {
    return toExcelValue(
      this.engine.read((hf) => {
        const v = hf.getNamedExpressionValue(name.name);
        if (Array.isArray(v)) return null;
        return v === undefined ? null : (v as never);
      }) as EngineValue,
    );
  }
  // ---- tables, as names resolve them ----

  findTable(nameOrId: string): TableModel | undefined {
    const lower = nameOrId.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === lower || t.id === nameOrId);
  }

  /** "Sheet!A1:B2" text of a range, for messages. */
  describe(ref: RangeRef): string {
    return `${quoteSheet(ref.sheet.name)}!${rectA1(ref.rect)}`;
  }
}
