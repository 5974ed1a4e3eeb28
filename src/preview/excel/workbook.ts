/**
 * The workbook behind the fake Excel API: sheets, cells (through the formula engine), cell
 * formats, tables, workbook names and charts. Plain state and operations, no batching: the
 * API layer (api.ts) queues its calls and applies them here at `context.sync()`, as Excel
 * applies a batch. Tests and the preview page read it directly to see what a batch did.
 *
 * How written text is interpreted — as Excel does (see Excel.Range.values in office-js: "If
 * the value starts with a plus, minus, or equal sign, Excel interprets this value as a
 * formula"): a string written to `values` or `formulas` is parsed like typed input.
 * "=…" is a formula; "+…"/"-…" is a number if it reads as one, else a formula; "@NAME(…)"
 * is a formula (Excel's legacy entry); "123", "1e3", "TRUE", "2024-01-31" become a number,
 * boolean or date serial. A cell whose number format is "@" (Text) keeps any string as text,
 * and a leading apostrophe ("'=x") stores the rest as text. So text from a feed only stays
 * text if the writer sets the "@" format (or an apostrophe) first — exactly as in Excel.
 */
import type { RawCellContent } from "hyperformula";
import type { FormulaEngine } from "../engine/engine";
import { isEngineError, toExcelValue, type EngineValue, type ExcelCellValue } from "../engine/values";
import {
  AddressError,
  addressWithSheet,
  columnLetters,
  intersects,
  parseRange,
  quoteSheet,
  rectA1,
  splitSheet,
  type Rect,
} from "./address";
import { WorkbookError } from "./errors";
import { insertLines } from "./insert";
import { formatValue } from "./numberFormat";
import { rewriteStructuredRefs, StructuredRefError, type TableView } from "./structuredRefs";

export interface Hyperlink {
  readonly address?: string;
  readonly documentReference?: string;
  readonly textToDisplay?: string;
  readonly screenTip?: string;
}

export interface CellFormat {
  numberFormat?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: string;
  fontColor?: string;
  fontName?: string;
  fontSize?: number;
  fill?: string;
  horizontalAlignment?: string;
  verticalAlignment?: string;
  wrapText?: boolean;
  indentLevel?: number;
  hyperlink?: Hyperlink;
}

export type FormatKey = Exclude<keyof CellFormat, "hyperlink">;

export interface SheetModel {
  readonly engineId: number;
  /** Stable id (Excel's worksheet.id is a GUID-like string). */
  readonly id: string;
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden";
  tabColor: string;
  frozenRows: number;
  frozenColumns: number;
  readonly formats: Map<string, CellFormat>;
  readonly columnWidths: Map<number, number>;
  /** Formulas as written where they differ from the engine's (structured references). */
  readonly written: Map<string, string>;
  /** Review › Protect Sheet: every change to the sheet fails with AccessDenied. */
  protected: boolean;
  /** Data validation rules by cell ("row:col"), as Range.dataValidation.rule sets them. */
  readonly validation: Map<string, DataValidationRuleModel>;
}

/** A data-validation rule (ExcelApi 1.8); the preview models list rules and keeps others as given. */
export interface DataValidationRuleModel {
  readonly list?: { readonly inCellDropDown: boolean; readonly source: string };
  readonly [other: string]: unknown;
}

export interface TableModel {
  readonly id: string;
  name: string;
  sheet: SheetModel;
  /** The whole table, header row included (and the totals row when shown). */
  rect: Rect;
  showHeaders: boolean;
  showTotals: boolean;
  /** The totals row's formulas while it is hidden (Excel restores them when it is shown again). */
  hiddenTotals?: (string | number | boolean)[];
  style: string;
}

export interface NameModel {
  name: string;
  /** "=Inputs!$B$2" or any formula. */
  formula: string;
  comment: string;
  visible: boolean;
}

export interface ChartSeriesModel {
  name: string;
  /** Where the values come from, re-read on every view. */
  readonly values: { sheet: SheetModel; rect: Rect };
  /** ChartSeries.axisGroup (ExcelApi 1.8): the value axis the series is drawn against; default Primary. */
  axisGroup?: "Primary" | "Secondary";
}

export interface ChartModel {
  readonly id: string;
  name: string;
  sheet: SheetModel;
  type: string;
  title: string;
  seriesBy: "Columns" | "Rows";
  categories?: { sheet: SheetModel; rect: Rect };
  series: ChartSeriesModel[];
  position?: { start: string; end?: string };
  props: Record<string, unknown>;
}

export interface RangeRef {
  readonly sheet: SheetModel;
  readonly rect: Rect;
}

export { WorkbookError };

const key = (row: number, col: number): string => `${row}:${col}`;

function isNumberText(s: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());
}

/** Excel's 1900 date serial of a UTC calendar date. */
export function dateSerial(y: number, m: number, d: number): number {
  const serial = (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
  return serial < 61 ? serial - 1 : serial;
}

const VALID_NAME = /^[A-Za-z_\\][A-Za-z0-9_.\\]*$/;

export class WorkbookModel {
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

  private newId(prefix: string): string {
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

  // ---- cells ----

  private cellFormat(sheet: SheetModel, row: number, col: number): CellFormat | undefined {
    return sheet.formats.get(key(row, col));
  }

  private ensureFormat(sheet: SheetModel, row: number, col: number): CellFormat {
    const k = key(row, col);
    let f = sheet.formats.get(k);
    if (f === undefined) {
      f = {};
      sheet.formats.set(k, f);
    }
    return f;
  }

  numberFormatAt(sheet: SheetModel, row: number, col: number): string {
    return this.cellFormat(sheet, row, col)?.numberFormat ?? "General";
  }

  /** Interprets one written value as Excel interprets typed input (see the file comment). */
  private interpret(sheet: SheetModel, row: number, col: number, v: unknown, asFormula: boolean): RawCellContent {
    if (v === null || v === undefined) return undefined;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new WorkbookError("InvalidArgument", `Cannot write ${v} to a cell.`);
      return v;
    }
    if (typeof v === "boolean") return v;
    if (typeof v !== "string")
      throw new WorkbookError("InvalidArgument", `Cannot write a value of type ${typeof v} to a cell.`);
    if (v === "") return null;
    const textFormat = this.numberFormatAt(sheet, row, col) === "@";
    if (textFormat && !(asFormula && v.startsWith("="))) return `'${v}`;
    if (v.startsWith("'")) return `'${v.slice(1)}`;
    if (v.startsWith("=") && v.length > 1) return v;
    if ((v.startsWith("+") || v.startsWith("-")) && v.length > 1) return isNumberText(v) ? Number(v) : `=${v}`;
    if (/^@[A-Za-z_]/.test(v)) return `=${v.slice(1)}`;
    if (isNumberText(v)) return Number(v);
    if (/^(true|false)$/i.test(v)) return v.toLowerCase() === "true";
    const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v) ?? /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(v);
    const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
    const ymd = iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : us
        ? [Number(us[3]), Number(us[1]), Number(us[2])]
        : undefined;
    if (ymd !== undefined && ymd[1] >= 1 && ymd[1] <= 12 && ymd[2] >= 1 && ymd[2] <= 31) {
      if (this.numberFormatAt(sheet, row, col) === "General")
        this.ensureFormat(sheet, row, col).numberFormat = iso ? "yyyy-mm-dd" : "m/d/yyyy";
      return dateSerial(ymd[0], ymd[1], ymd[2]);
    }
    return `'${v}`;
  }

  /** Excel refuses any change to a protected sheet. */
  guard(sheet: SheetModel): void {
    if (sheet.protected)
      throw new WorkbookError(
        "AccessDenied",
        `The cell or chart you're trying to change is on a protected sheet (${sheet.name}).`,
      );
  }

  /** Writes a block (values or formulas), one engine operation whatever its size. */
  write(ref: RangeRef, data: readonly (readonly unknown[])[], asFormulas: boolean): void {
    const { sheet, rect } = ref;
    this.guard(sheet);
    this.checkBlock(rect, data, asFormulas ? "formulas" : "values");
    const views = this.tables.length > 0 ? this.tableViews() : [];
    // Array.from builds this window's arrays: the data may come from the task pane's frame,
    // and HyperFormula checks `instanceof Array`.
    const contents: RawCellContent[][] = Array.from(data, (row, r) =>
      Array.from(row, (v, c) => {
        const content = this.interpret(sheet, rect.row + r, rect.col + c, v, asFormulas);
        const k = key(rect.row + r, rect.col + c);
        sheet.written.delete(k);
        if (typeof content !== "string" || !content.startsWith("=") || !content.includes("[")) return content;
        try {
          const rewritten = rewriteStructuredRefs(
            content,
            { sheetName: sheet.name, row: rect.row + r, col: rect.col + c },
            views,
          );
          if (rewritten === undefined) return content;
          sheet.written.set(k, content);
          return rewritten;
        } catch (e) {
          if (e instanceof StructuredRefError) throw new WorkbookError("InvalidArgument", `${content}: ${e.message}`);
          throw e;
        }
      }),
    );
    this.writeRaw(sheet, rect.row, rect.col, contents);
  }

  private tableViews(): TableView[] {
    return this.tables.map((t) => ({
      name: t.name,
      sheetName: t.sheet.name,
      rect: t.rect,
      bodyRows: this.tableBody(t).rows,
      columns: this.values({ sheet: t.sheet, rect: { ...t.rect, rows: 1 } })[0].map(String),
    }));
  }

  private writeRaw(sheet: SheetModel, row: number, col: number, contents: RawCellContent[][]): void {
    try {
      this.engine.setContents({ sheet: sheet.engineId, row, col }, contents);
    } catch (e) {
      // HyperFormula refuses to write into part of a spilled array formula, as Excel does.
      throw new WorkbookError("InvalidOperation", e instanceof Error ? e.message : String(e));
    }
  }

  checkBlock(rect: Rect, data: readonly (readonly unknown[])[], what: string): void {
    if (
      !Array.isArray(data) ||
      data.length !== rect.rows ||
      data.some((r) => !Array.isArray(r) || r.length !== rect.cols)
    ) {
      const got = Array.isArray(data) ? `${data.length}×${Array.isArray(data[0]) ? data[0].length : "?"}` : typeof data;
      throw new WorkbookError(
        "InvalidArgument",
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range: ${what} is ${got}, the range is ${rect.rows}×${rect.cols}.`,
      );
    }
  }

  private readBlock<T>(
    ref: RangeRef,
    cell: (row: number, col: number, value: EngineValue, formula: string | undefined) => T,
  ): T[][] {
    const { sheet, rect } = ref;
    const hf = this.engine.hf;
    return this.engine.read(() => {
      const out: T[][] = [];
      for (let r = 0; r < rect.rows; r++) {
        const line: T[] = [];
        for (let c = 0; c < rect.cols; c++) {
          const address = { sheet: sheet.engineId, row: rect.row + r, col: rect.col + c };
          const value = this.engineValue(address);
          const formula = hf.doesCellHaveFormula(address) ? hf.getCellFormula(address) : undefined;
          line.push(cell(rect.row + r, rect.col + c, value, formula));
        }
        out.push(line);
      }
      return out;
    });
  }

  private engineValue(address: { sheet: number; row: number; col: number }): EngineValue {
    return this.engine.value(address);
  }

  values(ref: RangeRef): ExcelCellValue[][] {
    return this.readBlock(ref, (_r, _c, v) => toExcelValue(v));
  }

  /** Values with error messages kept (for the preview's cell inspector). */
  engineValues(ref: RangeRef): EngineValue[][] {
    return this.readBlock(ref, (_r, _c, v) => v);
  }

  formulas(ref: RangeRef): (string | number | boolean)[][] {
    return this.readBlock(ref, (r, c, v, f) =>
      f !== undefined ? (ref.sheet.written.get(key(r, c)) ?? f) : toExcelValue(v),
    );
  }

  text(ref: RangeRef): string[][] {
    return this.readBlock(ref, (r, c, v) => {
      if (isEngineError(v)) return v.error;
      return formatValue(v, this.numberFormatAt(ref.sheet, r, c));
    });
  }

  valueTypes(ref: RangeRef): string[][] {
    return this.readBlock(ref, (_r, _c, v) =>
      v === null
        ? "Empty"
        : isEngineError(v)
          ? "Error"
          : typeof v === "number"
            ? "Double"
            : typeof v === "boolean"
              ? "Boolean"
              : "String",
    );
  }

  numberFormats(ref: RangeRef): string[][] {
    const { sheet, rect } = ref;
    return Array.from({ length: rect.rows }, (_, r) =>
      Array.from({ length: rect.cols }, (_, c) => this.numberFormatAt(sheet, rect.row + r, rect.col + c)),
    );
  }

  setNumberFormats(ref: RangeRef, formats: readonly (readonly string[])[]): void {
    this.guard(ref.sheet);
    this.checkBlock(ref.rect, formats, "numberFormat");
    formats.forEach((row, r) =>
      row.forEach((f, c) => {
        if (typeof f !== "string")
          throw new WorkbookError("InvalidArgument", `numberFormat must be text; got ${typeof f}.`);
        this.ensureFormat(ref.sheet, ref.rect.row + r, ref.rect.col + c).numberFormat = f;
      }),
    );
    this.changed();
  }

  /** One format property over a range: the common value, or null when cells differ. */
  formatOf<K extends FormatKey>(ref: RangeRef, k: K): CellFormat[K] | null {
    let first: CellFormat[K] | undefined;
    let seen = false;
    for (let r = 0; r < ref.rect.rows; r++) {
      for (let c = 0; c < ref.rect.cols; c++) {
        const v = this.cellFormat(ref.sheet, ref.rect.row + r, ref.rect.col + c)?.[k];
        if (!seen) {
          first = v;
          seen = true;
        } else if (v !== first) return null;
      }
    }
    return first ?? null;
  }

  setFormat<K extends FormatKey>(ref: RangeRef, k: K, value: CellFormat[K]): void {
    this.guard(ref.sheet);
    this.forEachCell(ref, (r, c) => {
      this.ensureFormat(ref.sheet, r, c)[k] = value;
    });
    this.changed();
  }

  hyperlinkOf(ref: RangeRef): Hyperlink | null {
    return this.cellFormat(ref.sheet, ref.rect.row, ref.rect.col)?.hyperlink ?? null;
  }

  setHyperlink(ref: RangeRef, link: Hyperlink | null): void {
    this.guard(ref.sheet);
    this.forEachCell(ref, (r, c) => {
      const f = this.ensureFormat(ref.sheet, r, c);
      if (link === null) delete f.hyperlink;
      else f.hyperlink = { ...link };
    });
    // Excel shows the link text in the cell when textToDisplay is given.
    if (link?.textToDisplay !== undefined) {
      this.write(
        ref,
        Array.from({ length: ref.rect.rows }, () =>
          Array.from({ length: ref.rect.cols }, () => `'${link.textToDisplay}`),
        ),
        false,
      );
    }
    this.changed();
  }

  private forEachCell(ref: RangeRef, fn: (row: number, col: number) => void): void {
    const rows = Math.min(ref.rect.rows, 100000);
    for (let r = 0; r < rows; r++) for (let c = 0; c < ref.rect.cols; c++) fn(ref.rect.row + r, ref.rect.col + c);
  }

  clear(ref: RangeRef, applyTo: "All" | "Formats" | "Contents" | "Hyperlinks" | "RemoveHyperlinks" = "All"): void {
    const { sheet, rect } = ref;
    this.guard(sheet);
    if (applyTo === "All" || applyTo === "Contents") {
      const used = this.usedRect(sheet, true);
      if (used !== undefined && intersects(used, rect)) {
        const r0 = Math.max(rect.row, used.row);
        const c0 = Math.max(rect.col, used.col);
        const r1 = Math.min(rect.row + rect.rows, used.row + used.rows);
        const c1 = Math.min(rect.col + rect.cols, used.col + used.cols);
        this.writeRaw(
          sheet,
          r0,
          c0,
          Array.from({ length: r1 - r0 }, () => Array.from({ length: c1 - c0 }, () => null)),
        );
      }
    }
    for (const [k, f] of [...sheet.formats]) {
      const [r, c] = k.split(":").map(Number);
      if (r < rect.row || r >= rect.row + rect.rows || c < rect.col || c >= rect.col + rect.cols) continue;
      if (applyTo === "All" || applyTo === "Formats") sheet.formats.delete(k);
      else if (applyTo === "Hyperlinks" || applyTo === "RemoveHyperlinks" || applyTo === "Contents") {
        if (applyTo !== "Contents") delete f.hyperlink;
      }
    }
    this.changed();
  }

  /** Bounding box of cells with content (and, unless valuesOnly, formats); undefined if none. */
  usedRect(sheet: SheetModel, valuesOnly = false): Rect | undefined {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    const add = (r: number, c: number): void => {
      r0 = Math.min(r0, r);
      c0 = Math.min(c0, c);
      r1 = Math.max(r1, r);
      c1 = Math.max(c1, c);
    };
    const values = this.engine.read((hf) => hf.getSheetSerialized(sheet.engineId));
    const computed = this.engine.read((hf) => hf.getSheetValues(sheet.engineId));
    values.forEach((row, r) =>
      row.forEach((v, c) => (v !== null && v !== undefined && v !== "" ? add(r, c) : undefined)),
    );
    computed.forEach((row, r) => row.forEach((v, c) => (v !== null && v !== undefined ? add(r, c) : undefined)));
    if (!valuesOnly) {
      for (const k of sheet.formats.keys()) {
        const [r, c] = k.split(":").map(Number);
        add(r, c);
      }
    }
    if (r1 < 0) return undefined;
    return { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  // ---- tables ----

  findTable(nameOrId: string): TableModel | undefined {
    const lower = nameOrId.toLowerCase();
    return this.tables.find((t) => t.name.toLowerCase() === lower || t.id === nameOrId);
  }

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
    const rows = table.rect.rows - 1 - (table.showTotals ? 1 : 0);
    return { row: table.rect.row + 1, col: table.rect.col, rows: Math.max(rows, 0), cols: table.rect.cols };
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

  // ---- charts ----

  addChart(sheet: SheetModel, type: string, source: RangeRef, seriesBy: string | undefined): ChartModel {
    this.guard(sheet);
    const { rect } = source;
    const by: "Columns" | "Rows" =
      seriesBy === "Rows" ? "Rows" : seriesBy === "Columns" ? "Columns" : rect.rows >= rect.cols ? "Columns" : "Rows";
    const chart: ChartModel = {
      id: this.newId("chart"),
      name: `Chart ${this.charts.length + 1}`,
      sheet,
      type,
      title: "",
      seriesBy: by,
      series: [],
      props: {},
    };
    this.setChartData(chart, source, by);
    this.charts.push(chart);
    this.changed();
    return chart;
  }

  /** Series as Excel builds them: first row/column are names/categories when they are text. */
  setChartData(chart: ChartModel, source: RangeRef, seriesBy: "Columns" | "Rows"): void {
    this.guard(chart.sheet);
    const { sheet, rect } = source;
    const values = this.engineValues(source); // an error cell is data (a gap), not a header: only text is
    const firstCellText = typeof values[0]?.[0] === "string";
    const headerRow = values[0]?.some((v, c) => c > 0 && typeof v === "string") || firstCellText;
    const headerCol = values.some((row, r) => r > 0 && typeof row[0] === "string") || firstCellText;
    const dataRow0 = rect.row + (headerRow ? 1 : 0);
    const dataCol0 = rect.col + (headerCol ? 1 : 0);
    const series: ChartSeriesModel[] = [];
    if (seriesBy === "Columns") {
      for (let c = dataCol0; c < rect.col + rect.cols; c++) {
        series.push({
          name: headerRow ? String(values[0][c - rect.col]) : `Series${series.length + 1}`,
          values: { sheet, rect: { row: dataRow0, col: c, rows: rect.row + rect.rows - dataRow0, cols: 1 } },
        });
      }
      chart.categories = headerCol
        ? { sheet, rect: { row: dataRow0, col: rect.col, rows: rect.row + rect.rows - dataRow0, cols: 1 } }
        : undefined;
    } else {
      for (let r = dataRow0; r < rect.row + rect.rows; r++) {
        series.push({
          name: headerCol ? String(values[r - rect.row][0]) : `Series${series.length + 1}`,
          values: { sheet, rect: { row: r, col: dataCol0, rows: 1, cols: rect.col + rect.cols - dataCol0 } },
        });
      }
      chart.categories = headerRow
        ? { sheet, rect: { row: rect.row, col: dataCol0, rows: 1, cols: rect.col + rect.cols - dataCol0 } }
        : undefined;
    }
    chart.series = series;
    chart.seriesBy = seriesBy;
    this.changed();
  }

  deleteChart(chart: ChartModel): void {
    this.guard(chart.sheet);
    this.charts.splice(this.charts.indexOf(chart), 1);
    this.changed();
  }

  /** A chart as the preview draws it: categories and each series' current values. */
  chartData(chart: ChartModel): { categories: string[]; series: { name: string; values: ExcelCellValue[] }[] } {
    const flat = (ref: RangeRef): ExcelCellValue[] => this.values(ref).flat();
    return {
      categories: chart.categories ? flat(chart.categories).map(String) : [],
      series: chart.series.map((s) => ({ name: s.name, values: flat(s.values) })),
    };
  }

  // ---- whole-workbook views for tests and the preview ----

  /** A sheet's cells as { "A1": value } for the non-empty ones. */
  snapshot(sheet: SheetModel): Record<string, ExcelCellValue> {
    const used = this.usedRect(sheet, true);
    const out: Record<string, ExcelCellValue> = {};
    if (used === undefined) return out;
    const values = this.values({ sheet, rect: used });
    values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v !== "") out[`${columnLetters(used.col + c)}${used.row + r + 1}`] = v;
      }),
    );
    return out;
  }

  /** "Sheet!A1:B2" text of a range, for messages. */
  describe(ref: RangeRef): string {
    return `${quoteSheet(ref.sheet.name)}!${rectA1(ref.rect)}`;
  }
}
