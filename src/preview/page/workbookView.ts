/**
 * The preview's workbook view: sheet tabs, a grid of displayed cell values (number formats,
 * bold, fills, links, table headers, errors with their messages), the selected cell's address
 * and formula, and an editable formula bar. Entering text in the bar is typed input: "=..."
 * is a formula, "123" a number, as in Excel. Charts show as a table of their series.
 * Plain DOM, rows rendered for the visible part of the sheet only.
 */
import { cellA1, columnLetters, type Rect } from "../excel/address";
import { isEngineError, type EngineValue } from "../engine/values";
import type { CellFormat, SheetModel, WorkbookModel } from "../excel/workbook";

const ROW_H = 22;
const COL_W = 112;
const HEAD_W = 44;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export class WorkbookView {
  private readonly workbook: WorkbookModel;
  private readonly nameBox: HTMLInputElement;
  private readonly formulaBar: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly scroller: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly table: HTMLTableElement;
  private readonly tabs: HTMLElement;
  private readonly charts: HTMLElement;
  private selected = { row: 0, col: 0 };
  private sheetShown: SheetModel | undefined;
  private frame = 0;
  private editing = false;
  /** Column widths in px per sheet: fitted to the longest text seen, never shrinking. */
  private readonly widths = new Map<SheetModel, number[]>();

  constructor(root: HTMLElement, workbook: WorkbookModel) {
    this.workbook = workbook;
    const bar = el("div", { class: "bar" });
    this.nameBox = el("input", { "aria-label": "Name box", readonly: "", class: "namebox" });
    this.formulaBar = el("input", { "aria-label": "Formula bar", class: "formula", spellcheck: "false" });
    bar.append(this.nameBox, el("span", { class: "fx", "aria-hidden": "true" }, "fx"), this.formulaBar);
    this.status = el("div", { class: "status", role: "status", "aria-label": "Cell status" });
    this.scroller = el("div", { class: "scroller", role: "grid", tabindex: "0", "aria-label": "Worksheet" });
    this.spacer = el("div", { class: "spacer" });
    this.table = el("table", { class: "cells", role: "presentation" });
    this.scroller.append(this.spacer, this.table);
    this.charts = el("section", { class: "charts", "aria-label": "Charts" });
    this.tabs = el("div", { class: "tabs", role: "tablist", "aria-label": "Sheets" });
    root.append(bar, this.status, this.scroller, this.charts, this.tabs);

    this.scroller.addEventListener("scroll", () => this.schedule());
    this.scroller.addEventListener("click", (e) => {
      const td = (e.target as HTMLElement).closest("td[data-row]");
      if (td instanceof HTMLElement) this.select(Number(td.dataset.row), Number(td.dataset.col));
    });
    this.scroller.addEventListener("keydown", (e) => this.onGridKey(e));
    this.formulaBar.addEventListener("focus", () => (this.editing = true));
    this.formulaBar.addEventListener("blur", () => (this.editing = false));
    this.formulaBar.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        this.commit(this.formulaBar.value);
        this.select(this.selected.row + 1, this.selected.col);
        this.scroller.focus();
      } else if (e.key === "Escape") {
        this.showSelection();
        this.scroller.focus();
      }
    });
    workbook.onChange(() => this.schedule());
    this.render();
  }

  private get sheet(): SheetModel | undefined {
    const active = this.workbook.activeSheet;
    return active !== undefined && this.workbook.sheets.includes(active) ? active : this.workbook.sheets[0];
  }

  private schedule(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  select(row: number, col: number): void {
    this.selected = { row: Math.max(0, row), col: Math.max(0, col) };
    this.showSelection();
    const top = this.selected.row * ROW_H;
    if (top < this.scroller.scrollTop + ROW_H) this.scroller.scrollTop = Math.max(0, top - ROW_H);
    else if (top > this.scroller.scrollTop + this.scroller.clientHeight - 2 * ROW_H)
      this.scroller.scrollTop = top - this.scroller.clientHeight + 2 * ROW_H;
    this.render();
  }

  /** Name box, formula bar and status for the selected cell. */
  private showSelection(): void {
    const sheet = this.sheet;
    if (sheet === undefined) return;
    const ref = { sheet, rect: { row: this.selected.row, col: this.selected.col, rows: 1, cols: 1 } };
    this.nameBox.value = cellA1(this.selected.row, this.selected.col);
    const formula = this.workbook.formulas(ref)[0][0];
    if (!this.editing) this.formulaBar.value = String(formula);
    const value = this.workbook.engineValues(ref)[0][0];
    this.status.textContent = isEngineError(value) ? `${value.error} ${value.message}` : "";
  }

  private commit(text: string): void {
    const sheet = this.sheet;
    if (sheet === undefined) return;
    try {
      this.workbook.write(
        { sheet, rect: { row: this.selected.row, col: this.selected.col, rows: 1, cols: 1 } },
        [[text]],
        true,
      );
    } catch (e) {
      this.status.textContent = e instanceof Error ? e.message : String(e);
    }
  }

  private onGridKey(e: KeyboardEvent): void {
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
      Enter: [1, 0],
      Tab: [0, 1],
    };
    const move = moves[e.key];
    if (move !== undefined) {
      e.preventDefault();
      this.select(this.selected.row + move[0], this.selected.col + move[1]);
    } else if (e.key === "Delete" || e.key === "Backspace") {
      e.preventDefault();
      this.commit("");
      this.showSelection();
    } else if (e.key === "F2") {
      e.preventDefault();
      this.formulaBar.focus();
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.formulaBar.focus();
      this.formulaBar.value = e.key;
    }
  }

  private render(): void {
    const sheet = this.sheet;
    this.renderTabs(sheet);
    if (sheet === undefined) return;
    if (sheet !== this.sheetShown) {
      this.sheetShown = sheet;
      this.scroller.setAttribute("aria-label", `Worksheet ${sheet.name}`);
      this.scroller.scrollTop = 0;
    }
    const used = this.workbook.engine.read((hf) => hf.getSheetDimensions(sheet.engineId));
    const totalRows = Math.max(40, used.height + 10, this.selected.row + 10);
    const totalCols = Math.max(12, used.width + 2, this.selected.col + 2);
    this.spacer.style.height = `${(totalRows + 1) * ROW_H}px`;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / ROW_H) - 3);
    const visible = Math.ceil((this.scroller.clientHeight || 600) / ROW_H) + 6;
    const rect: Rect = { row: first, col: 0, rows: Math.min(visible, totalRows - first), cols: totalCols };
    const text = this.workbook.text({ sheet, rect });
    const values = this.workbook.engineValues({ sheet, rect });
    const headerCells = this.tableHeaderCells(sheet);
    const widths = this.widths.get(sheet) ?? [];
    this.widths.set(sheet, widths);
    for (let c = 0; c < totalCols; c++) {
      const longest = Math.max(0, ...text.map((row) => row[c]?.length ?? 0));
      const fromSheet = sheet.columnWidths.get(c);
      const px =
        fromSheet !== undefined
          ? Math.round((fromSheet * 96) / 72)
          : Math.min(260, Math.max(COL_W * 0.6, longest * 7.2 + 12));
      widths[c] = Math.max(widths[c] ?? 0, px);
    }
    const colgroup = el("colgroup");
    colgroup.append(el("col", { style: `width:${HEAD_W}px` }));
    for (let c = 0; c < totalCols; c++) colgroup.append(el("col", { style: `width:${widths[c]}px` }));
    const tableWidth = HEAD_W + widths.slice(0, totalCols).reduce((a, b) => a + b, 0);
    this.spacer.style.width = `${tableWidth}px`;
    this.table.style.width = `${tableWidth}px`;

    const head = el("tr", { class: "colheads" });
    head.append(el("th", { class: "corner" }));
    for (let c = 0; c < totalCols; c++) head.append(el("th", { scope: "col" }, columnLetters(c)));
    const body = el("tbody");
    for (let r = 0; r < rect.rows; r++) {
      const row = rect.row + r;
      const tr = el("tr", { role: "row" });
      tr.append(el("th", { scope: "row", class: "rowhead" }, String(row + 1)));
      for (let c = 0; c < totalCols; c++) {
        const td = el(
          "td",
          { role: "gridcell", "data-row": String(row), "data-col": String(c), "aria-label": cellA1(row, c) },
          text[r][c],
        );
        this.styleCell(td, sheet.formats.get(`${row}:${c}`), values[r][c], headerCells.has(`${row}:${c}`));
        if (row === this.selected.row && c === this.selected.col) {
          td.classList.add("selected");
          td.setAttribute("aria-selected", "true");
        }
        tr.append(td);
      }
      body.append(tr);
    }
    this.table.replaceChildren(colgroup, el("thead"), body);
    this.table.tHead?.append(head);
    this.table.style.top = `${rect.row * ROW_H}px`;
    this.showSelection();
    this.renderCharts(sheet);
  }

  private tableHeaderCells(sheet: SheetModel): Set<string> {
    const out = new Set<string>();
    for (const t of this.workbook.tables) {
      if (t.sheet !== sheet) continue;
      for (let c = 0; c < t.rect.cols; c++) out.add(`${t.rect.row}:${t.rect.col + c}`);
    }
    return out;
  }

  private styleCell(td: HTMLElement, f: CellFormat | undefined, v: EngineValue, tableHeader: boolean): void {
    if (typeof v === "number") td.classList.add("num");
    if (isEngineError(v)) {
      td.classList.add("error");
      td.title = `${v.error} ${v.message}`;
    }
    if (tableHeader) td.classList.add("thead");
    if (f === undefined) return;
    if (f.bold) td.style.fontWeight = "600";
    if (f.italic) td.style.fontStyle = "italic";
    if (f.fontColor) td.style.color = f.fontColor;
    if (f.fill) td.style.background = f.fill;
    if (f.horizontalAlignment && f.horizontalAlignment !== "General")
      td.style.textAlign = f.horizontalAlignment.toLowerCase();
    if (f.hyperlink?.address) {
      td.classList.add("link");
      td.title = f.hyperlink.address;
    }
  }

  private renderTabs(active: SheetModel | undefined): void {
    const buttons = this.workbook.sheets
      .filter((s) => s.visibility === "Visible")
      .map((s) => {
        const b = el(
          "button",
          { role: "tab", "aria-selected": String(s === active), class: s === active ? "tab active" : "tab" },
          s.name,
        );
        b.addEventListener("click", () => {
          this.workbook.activeSheet = s;
          this.selected = { row: 0, col: 0 };
          this.render();
        });
        return b;
      });
    this.tabs.replaceChildren(...buttons);
  }

  private renderCharts(sheet: SheetModel): void {
    const figures = this.workbook.charts
      .filter((c) => c.sheet === sheet)
      .map((chart) => {
        const data = this.workbook.chartData(chart);
        const fig = el("figure", { "aria-label": `Chart ${chart.title || chart.name}` });
        fig.append(el("figcaption", {}, `${chart.title || chart.name} (${chart.type})`));
        const table = el("table", { class: "chart" });
        const head = el("tr");
        head.append(el("th", {}, ""));
        for (const s of data.series) head.append(el("th", { scope: "col" }, s.name));
        table.append(head);
        const max = Math.max(
          1e-12,
          ...data.series.flatMap((s) => s.values.map((v) => (typeof v === "number" ? Math.abs(v) : 0))),
        );
        const rows = Math.max(data.categories.length, ...data.series.map((s) => s.values.length));
        for (let i = 0; i < rows; i++) {
          const tr = el("tr");
          tr.append(el("th", { scope: "row" }, data.categories[i] ?? String(i + 1)));
          for (const s of data.series) {
            const v = s.values[i];
            const td = el("td");
            const bar = el("span", { class: "barfill" });
            bar.style.width = `${typeof v === "number" ? (Math.abs(v) / max) * 100 : 0}%`;
            td.append(
              bar,
              el(
                "span",
                { class: "barval" },
                typeof v === "number" ? v.toLocaleString("en-US", { maximumFractionDigits: 2 }) : String(v ?? ""),
              ),
            );
            tr.append(td);
          }
          table.append(tr);
        }
        fig.append(table);
        return fig;
      });
    this.charts.replaceChildren(...figures);
    this.charts.hidden = figures.length === 0;
  }
}
