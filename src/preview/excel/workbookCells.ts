/**
 * Cells of the fake Excel workbook: writing values and formulas (interpreted as Excel
 * interprets typed input), reading values, formulas, text and types, cell formats and
 * hyperlinks, clearing, and the used range.
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
import { isEngineError, toExcelValue, type EngineValue, type ExcelCellValue } from "../engine/values";
import { columnLetters, intersects, type Rect } from "./address";
import { WorkbookError } from "./errors";
import { formatValue } from "./numberFormat";
import { rewriteStructuredRefs, StructuredRefError, type TableView } from "./structuredRefs";
import { WorkbookSheets } from "./workbookSheets";
import {
  key,
  tableBodyRect,
  type CellFormat,
  type FormatKey,
  type Hyperlink,
  type RangeRef,
  type SheetModel,
} from "./workbookTypes";

function isNumberText(s: string): boolean {
  return /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s.trim());
}

/** Excel's 1900 date serial of a UTC calendar date. */
export function dateSerial(y: number, m: number, d: number): number {
  const serial = (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000;
  return serial < 61 ? serial - 1 : serial;
}

export class WorkbookCells extends WorkbookSheets {
  protected cellFormat(sheet: SheetModel, row: number, col: number): CellFormat | undefined {
    return sheet.formats.get(key(row, col));
  }

  protected ensureFormat(sheet: SheetModel, row: number, col: number): CellFormat {
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
      bodyRows: tableBodyRect(t).rows,
      columns: this.values({ sheet: t.sheet, rect: { ...t.rect, rows: 1 } })[0].map(String),
    }));
  }

  protected writeRaw(sheet: SheetModel, row: number, col: number, contents: RawCellContent[][]): void {
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
}
