/**
 * The Comps sheet, declared as data for the shared writer (declared/): three blocks and two
 * charts.
 *   - "title": the title and the note (column A);
 *   - "comps": a header row (Company, Defaults, one column per company: its name), then the rows
 *     of COMPS_ROWS (compsRows.ts) from the ticker row down; column A the labels, column B the
 *     defaults (compsFormulas.ts baseCell), one column per company (defaultCompanyCell). It
 *     moves (sheet.ts `moves`): the company columns follow the selection's order, the analyst's
 *     cells moving with their company;
 *   - "detail": the deal detail (compsDetail.ts), one row per effective deal, keyed by deal id,
 *     found by its Deal ID; it moves too, its rows following the deal list.
 * The formula templates address cells by position (C$5, $B$8, $A$86:$A$101), so the writer's
 * `check` hook (compsSheet.ts) requires each block where this declaration puts it.
 *
 * Styles (the modelling convention): assumption rows blue in column B and the company columns;
 * the fundamentals (inputs) blue on a yellow fill; the scenario values blue in column B, the
 * selector on the yellow fill; section and ticker rows bold.
 */
import type { Deal } from "../deals/schema";
import { asText } from "./cells";
import { DETAIL_FIRST_ROW, DETAIL_FORMATS, DETAIL_HEADERS, detailRowCells } from "./compsDetail";
import { baseCell, defaultCompanyCell } from "./compsFormulas";
import { COMPS_CHARTS, COMPS_ROWS, FIRST_COMPANY_COL, ROW, type RowSpec } from "./compsRows";
import type { ChartDecl } from "./declared/charts";
import { block, type Block, type CellStyle, type ColumnDecl, type SheetDecl } from "./declared/sheet";

export interface CompanyColumn {
  readonly ticker: string;
  readonly company: string;
}

/** What a Comps write lays out: the company columns in order, and their effective deals in company order. */
export interface CompsInput {
  readonly companies: readonly CompanyColumn[];
  readonly deals: readonly Deal[];
}

/** Rows whose cells (column B and company columns) the analyst may type over. */
export const KEEPABLE: ReadonlySet<string> = new Set(
  COMPS_ROWS.filter(
    (r) => r.kind === "assumption" || r.kind === "input" || r.kind === "metric" || r.kind === "scenario",
  ).map((r) => r.key),
);

/** The company column's key in the "comps" block (and in the writer's memory). */
export const companyKey = (ticker: string): string => `co:${ticker}`;

const BLUE = "#0000FF";
const INPUT_FILL = "#FFF2CC";
const BOLD: CellStyle = { bold: true };
const boldRow = (spec: RowSpec): boolean => spec.kind === "section" || spec.kind === "ticker";

const TITLE = block<RowSpec>({
  id: "title",
  header: false,
  rowKey: (r) => r.key,
  columns: [
    { key: "label", header: "", cell: (r) => asText(r.label), style: (r) => (r.kind === "title" ? BOLD : undefined) },
  ],
});

function baseStyle(spec: RowSpec): CellStyle | undefined {
  if (spec.key === "scenario") return { fontColor: BLUE, fill: INPUT_FILL };
  if (spec.kind === "assumption" || spec.kind === "scenario") return { fontColor: BLUE };
  return boldRow(spec) ? BOLD : undefined;
}

function companyStyle(spec: RowSpec): CellStyle | undefined {
  if (spec.kind === "assumption") return { fontColor: BLUE };
  if (spec.kind === "input") return { fontColor: BLUE, fill: INPUT_FILL };
  return boldRow(spec) ? BOLD : undefined;
}

/** The "comps" block for these companies (one column each, in order). */
function compsBlock(input: CompsInput): Block {
  const detailCount = input.deals.length;
  const companyColumns = input.companies.map((c, k): ColumnDecl<RowSpec> => ({
    key: companyKey(c.ticker),
    header: c.company,
    format: (spec) => (KEEPABLE.has(spec.key) ? (spec.format ?? "General") : "General"),
    style: companyStyle,
    owner: "user input",
    cell: (spec) =>
      spec.kind === "ticker"
        ? asText(c.ticker)
        : KEEPABLE.has(spec.key)
          ? defaultCompanyCell(spec.key, FIRST_COMPANY_COL + k, detailCount)
          : "",
  }));
  return block<RowSpec>({
    id: "comps",
    header: true,
    moves: true,
    rowKey: (r) => r.key,
    columns: [
      {
        key: "label",
        header: COMPS_ROWS[ROW.company].label,
        cell: (spec) => asText(spec.label),
        style: (spec) => (boldRow(spec) ? BOLD : undefined),
      },
      {
        key: "base",
        header: "Defaults",
        format: (spec) =>
          spec.kind === "assumption" || spec.kind === "scenario" ? (spec.format ?? "General") : "General",
        style: baseStyle,
        owner: "user input",
        cell: (spec) => (KEEPABLE.has(spec.key) ? baseCell(spec.key, detailCount) : ""),
      },
      ...companyColumns,
    ],
  });
}

interface DetailRow {
  readonly key: string;
  readonly cells: readonly (string | number | boolean)[];
}

const DETAIL = block<DetailRow>({
  id: "detail",
  header: true,
  moves: true,
  keyColumn: "Deal ID",
  rowKey: (r) => r.key,
  columns: DETAIL_HEADERS.map((h, i) => ({ key: h, header: h, format: DETAIL_FORMATS[h], cell: (r) => r.cells[i] })),
});

function detailRows(input: CompsInput): DetailRow[] {
  const colOf = new Map(input.companies.map((c, k) => [c.ticker.toUpperCase(), FIRST_COMPANY_COL + k]));
  const seen = new Map<string, number>();
  return input.deals.map((deal, i) => {
    const companyCol = colOf.get(deal.ticker.toUpperCase());
    if (companyCol === undefined) throw new Error(`internal error: deal ${deal.id} has no company column`);
    const n = (seen.get(deal.id) ?? 0) + 1;
    seen.set(deal.id, n);
    return {
      key: n === 1 ? deal.id : `${deal.id}#${n}`,
      cells: detailRowCells(deal, DETAIL_FIRST_ROW + i, companyCol),
    };
  });
}

function compsCharts(input: CompsInput): ChartDecl[] {
  const first = companyKey(input.companies[0].ticker);
  const at = (row: string) => ({ block: "comps", row, fromColumn: first });
  return COMPS_CHARTS.map((spec) => ({
    name: spec.name,
    type: spec.type,
    title: spec.title,
    categories: at(spec.header),
    series: spec.series.map((key) => ({ name: COMPS_ROWS[ROW[key]].label, values: at(key) })),
    madeFrom: { block: "comps", fromRow: spec.header, toRow: spec.series[spec.series.length - 1], fromColumn: "base" },
  }));
}

export const COMPS_DECL: SheetDecl<CompsInput> = {
  role: "COMPS",
  baseName: "Comps",
  comment: "Comps sheet",
  blocks: [
    { block: TITLE, rows: () => COMPS_ROWS.slice(0, ROW.blank1) },
    { block: compsBlock, gapBefore: ROW.company - ROW.blank1, rows: () => COMPS_ROWS.slice(ROW.company + 1) },
    { block: DETAIL, rows: detailRows },
  ],
  charts: compsCharts,
};
