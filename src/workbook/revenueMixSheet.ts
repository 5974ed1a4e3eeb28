/**
 * The Revenue mix sheet: per company (the Comps selection) and calendar year, contracted HPC
 * revenue against mining revenue from the energized MW not committed to HPC, and the HPC share.
 *
 * Every number is a live formula over visible cells, reached through workbook names the add-in
 * points at those cells (so rows or columns the user inserts move nothing):
 *   - PIVOT_MIX_FIRST_YEAR, PIVOT_MIX_YEARS: the visible inputs (default 2026 and 6);
 *   - per company, PIVOT_MIX_<TICKER>_ENERGIZED_MW (=PIVOT.COMPANY(t,"energized_mw")),
 *     PIVOT_MIX_<TICKER>_COMMITTED_MW (a number: the attributable MW of the company's effective
 *     lease and colocation deals, src/deals/query.ts attributableMw, written as an input),
 *     PIVOT_MIX_<TICKER>_J_TH (=PIVOT.COMPANY(t,"fleet_j_th")); all three the analyst may type over.
 * Per year Y:
 *   HPC revenue USD = INDEX(PIVOT.HPC_REVENUE_SCHEDULE(t, first, years, "gross"), Y − first + 1, 2);
 *   hashprice USD/PH/day = the mean of the 12 month-end hashprices (5th column) of
 *     PIVOT.MINER_HASHPRICE_PATH(12, , , , , , , DATE(Y,1,1), 0) (market start values, no growth,
 *     height carried to 1 Jan Y at 144 blocks a day, so halvings fall where they should);
 *   mining revenue USD = MAX(0, energized − committed) MW × 1000 ÷ J/TH (PH/s per MW) × hashprice
 *     × days in Y (DATE(Y+1,1,1) − DATE(Y,1,1));
 *   HPC share = HPC ÷ (HPC + mining).
 * Sector totals, one row per year Y (a block above the companies), over the mix block's
 * columns through the workbook names
 * PIVOT_MIX_ROWS_YEAR, PIVOT_MIX_ROWS_HPC_USD and PIVOT_MIX_ROWS_MINING_USD (pointed at the
 * block's first to last row at every write; Excel grows them over a row inserted inside the
 * block, so it is counted until the next build, which stops on it: see below):
 *   included = COUNTIFS(year = Y, HPC ≥ 0, mining ≥ 0): the companies whose HPC and mining
 *     revenue of Y are both numbers (revenue is never below zero; a #N/A or other error
 *     matches no numeric criterion, so it is neither summed nor counted);
 *   sector HPC = SUMIFS(HPC, same criteria), sector mining = SUMIFS(mining, same criteria):
 *     the totals over the included companies only, so the share compares like with like;
 *   sector HPC share = sector HPC ÷ (sector HPC + sector mining);
 *   selected = COUNTIF(year = Y): the companies on the sheet, shown beside "included" so a
 *     total over fewer companies than selected says so. With none included the totals read
 *     #N/A (not a silent zero). A company is left out until the analyst types its
 *     undisclosed energized MW or J/TH into its blue cells.
 * A stacked-column chart ("PivotLens sector revenue mix") shows sector HPC and mining revenue
 * by year; it is found by name and updated in place on a rebuild (charts.ts), its series over
 * the sector rows as they are now.
 * A company with no schedulable contract, or no disclosed energized MW or fleet J/TH, shows the
 * functions' #N/A with the reason until the analyst types a value.
 *
 * Growing and shrinking. A build on an existing sheet reads its inputs first (the cells
 * PIVOT_MIX_FIRST_YEAR and PIVOT_MIX_YEARS point at, through the writer's `fromSheet` hook, no
 * extra sync), so a number of years typed there sets the year rows (explicit options win; a
 * value that is not a whole number from 1 to 100, or a first year outside 1900-9999, leaves the
 * rows as they were and says so). The sector, companies and mix blocks are moving, stacking
 * blocks (declared/sheet.ts `moves`, `stacks`; declared/moves.ts): on every write each is laid
 * out in declaration order right after the one above, its rows in order (sector: one a year;
 * companies: one a company; mix: company by company, year by year), each row found by its key
 * ("year3", "HUT", "HUT/2") at its remembered place, never by its text. So more or fewer years
 * or companies move every block below to its new place; a cell the user changed moves with its
 * row (written there as a copy would be) and is reported at its new address; a cell of a row no
 * longer needed is cleared when it holds the add-in's content, and left as it is (reported)
 * when it holds the user's; a company no longer selected whose rows hold cells the user changed
 * is kept on the sheet, with a notice, until those cells are cleared (the names of a company
 * that goes are deleted: they would point at other rows' cells). The write stops with the
 * writer's layout message, writing nothing, where the sheet no longer matches the remembered
 * layout (a row inserted, deleted or edited inside a moving block, or a header retyped), where a
 * block would grow over content the add-in did not write, or where it would write over the
 * user's cell in a row no longer needed (a year row dropped under a block that moves up). A
 * sheet an older version wrote in place (memory without layouts) gets them from its memory's
 * order (`olderLayouts`), checked against the sheet like any remembered layout; so one built
 * before the sector totals existed takes them in, its companies and mix moving down under them
 * (a block written for the first time compares with nothing where another block's old cells
 * were: those move away or are cleared, never reported as the user's).
 * Written by the shared declared writer: a cell the user changed is kept and reported.
 */
import { attributableMw, effectiveDeals } from "../deals/query";
import { currentDeals } from "../deals/store";
import type { Deal } from "../deals/schema";
import { asText, formula } from "./cells";
import type { ExcelRun } from "./run";
import { cell as a1Cell, parseAddress } from "./a1";
import { isOwnComment, queueOwnName } from "./sheets";
import { resolveRange, type ChartDecl, type SheetRect } from "./declared/charts";
import type { BlockLayout, Layouts } from "./declared/memory";
import { block, cellAt, type Placement, type SheetDecl } from "./declared/sheet";
import { writeDeclaredSheet } from "./declared/writer";

export const REVENUE_MIX_SHEET = "Revenue mix";
export const MIX_FIRST_YEAR_NAME = "PIVOT_MIX_FIRST_YEAR";
export const MIX_YEARS_NAME = "PIVOT_MIX_YEARS";
const USD = '"$"#,##0';
/** Chart axis: $bn from a billion up, $m below ("$1.2bn", "$350m"). */
export const USD_M_BN = '[>=1000000000]"$"#,##0.0,,,"bn";[>=1000000]"$"#,##0,,"m";"$"#,##0';
/** The mix block's columns over all its rows, as workbook names (the sector totals sum through them). */
export const MIX_ROWS_NAMES = {
  year: "PIVOT_MIX_ROWS_YEAR",
  hpc: "PIVOT_MIX_ROWS_HPC_USD",
  mining: "PIVOT_MIX_ROWS_MINING_USD",
} as const;
export const SECTOR_CHART_NAME = "PivotLens sector revenue mix";
const BLUE = { fontColor: "#0000FF" } as const;

/** The workbook-name stem of a ticker's cells ("PIVOT_MIX_HUT"). */
export function mixName(ticker: string, what: "ENERGIZED_MW" | "COMMITTED_MW" | "J_TH"): string {
  return `PIVOT_MIX_${ticker.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_${what}`;
}

/** Attributable MW of the company's effective lease and colocation deals (deals without MW left out). */
export function committedHpcMw(ticker: string, deals: readonly Deal[] = currentDeals()): number {
  return effectiveDeals(deals)
    .filter((d) => d.ticker === ticker && (d.dealType === "lease" || d.dealType === "colocation"))
    .reduce((s, d) => s + (attributableMw(d) ?? 0), 0);
}

interface MixInput {
  readonly tickers: readonly string[];
  readonly firstYear: number;
  readonly years: number;
  readonly deals: readonly Deal[];
}
interface InputRow {
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly unit: string;
}
interface Line {
  readonly text: string;
}
interface CompanyRow {
  readonly ticker: string;
  readonly committedMw: number;
}
interface MixRow {
  readonly ticker: string;
  readonly i: number;
}

const TITLE = block<Line>({
  id: "title",
  header: false,
  rowStyle: { bold: true },
  columns: [{ key: "text", header: "", cell: (l) => asText(l.text) }],
});

const INPUTS = block<InputRow>({
  id: "inputs",
  header: true,
  rowKey: (r) => r.key,
  columns: [
    { key: "label", header: "Input", cell: (r) => asText(r.label) },
    { key: "value", header: "Value", owner: "user input", style: BLUE, cell: (r) => r.value },
    { key: "unit", header: "Unit", cell: (r) => asText(r.unit) },
  ],
});

const COMPANIES = block<CompanyRow>({
  id: "companies",
  header: true,
  moves: true,
  stacks: true,
  rowKey: (r) => r.ticker,
  columns: [
    { key: "ticker", header: "Company", cell: (r) => asText(r.ticker) },
    {
      key: "energized",
      header: "Energized MW",
      owner: "user input",
      style: BLUE,
      format: "#,##0.0",
      cell: (r) => formula(`=PIVOT.COMPANY("${r.ticker}","energized_mw")`),
    },
    {
      key: "committed",
      header: "Committed HPC MW (lease + colocation, attributable)",
      owner: "user input",
      style: BLUE,
      format: "#,##0.0",
      cell: (r) => r.committedMw,
    },
    {
      key: "jth",
      header: "Fleet J/TH",
      owner: "user input",
      style: BLUE,
      format: "0.0",
      cell: (r) => formula(`=PIVOT.COMPANY("${r.ticker}","fleet_j_th")`),
    },
  ],
});

const year = (i: number): string => `(${MIX_FIRST_YEAR_NAME}+${i})`;

/** Mean month-end hashprice over calendar year Y (USD/PH/day): the path's 5th column picked by MMULT. */
function hashpriceYear(i: number): string {
  return `AVERAGE(MMULT(PIVOT.MINER_HASHPRICE_PATH(12,,,,,,,DATE(${year(i)},1,1),0),{0;0;0;0;1}))`;
}
function hpc(r: MixRow): string {
  return `INDEX(PIVOT.HPC_REVENUE_SCHEDULE("${r.ticker}",${MIX_FIRST_YEAR_NAME},${MIX_YEARS_NAME},"gross"),${r.i + 1},2)`;
}
function mining(r: MixRow): string {
  const mw = `MAX(0,${mixName(r.ticker, "ENERGIZED_MW")}-${mixName(r.ticker, "COMMITTED_MW")})`;
  const days = `(DATE(${year(r.i)}+1,1,1)-DATE(${year(r.i)},1,1))`;
  return `${mw}*1000/${mixName(r.ticker, "J_TH")}*${hashpriceYear(r.i)}*${days}`;
}

const MIX = block<MixRow>({
  id: "mix",
  header: true,
  moves: true,
  stacks: true,
  rowKey: (r) => `${r.ticker}/${r.i}`,
  columns: [
    { key: "ticker", header: "Company", cell: (r) => asText(r.ticker) },
    { key: "year", header: "Year", format: "0", cell: (r) => formula(`=${year(r.i)}`) },
    { key: "hpc", header: "HPC revenue USD (gross)", format: USD, cell: (r) => formula(`=${hpc(r)}`) },
    { key: "mining", header: "Mining revenue USD", format: USD, cell: (r) => formula(`=${mining(r)}`) },
    {
      key: "share",
      header: "HPC share",
      format: "0.0%",
      cell: (r) => formula(`=${hpc(r)}/(${hpc(r)}+${mining(r)})`),
    },
  ],
});

interface SectorRow {
  readonly i: number;
}
/** Criteria of the company-years in the sector total of year i: that year, HPC and mining both numbers. */
function included(i: number): string {
  return `${MIX_ROWS_NAMES.year},${year(i)},${MIX_ROWS_NAMES.hpc},">=0",${MIX_ROWS_NAMES.mining},">=0"`;
}
function sectorCount(i: number): string {
  return `COUNTIFS(${included(i)})`;
}
function sectorSum(i: number, what: "hpc" | "mining"): string {
  return `SUMIFS(${MIX_ROWS_NAMES[what]},${included(i)})`;
}
/** A sector figure, or #N/A when no company of the year has numbers (never a silent zero). */
function orNa(i: number, expr: string): string {
  return `=IF(${sectorCount(i)}=0,NA(),${expr})`;
}

const SECTOR = block<SectorRow>({
  id: "sector",
  header: true,
  moves: true,
  stacks: true,
  rowKey: (r) => `year${r.i + 1}`,
  columns: [
    { key: "label", header: "Sector total", cell: (r) => asText(`Year ${r.i + 1}`) },
    { key: "year", header: "Year", format: "0", cell: (r) => formula(`=${year(r.i)}`) },
    {
      key: "hpc",
      header: "HPC revenue USD (gross)",
      format: USD,
      cell: (r) => formula(orNa(r.i, sectorSum(r.i, "hpc"))),
    },
    {
      key: "mining",
      header: "Mining revenue USD",
      format: USD,
      cell: (r) => formula(orNa(r.i, sectorSum(r.i, "mining"))),
    },
    {
      key: "share",
      header: "HPC share",
      format: "0.0%",
      cell: (r) =>
        formula(orNa(r.i, `${sectorSum(r.i, "hpc")}/(${sectorSum(r.i, "hpc")}+${sectorSum(r.i, "mining")})`)),
    },
    {
      key: "included",
      header: "Companies included (HPC and mining are numbers)",
      format: "0",
      cell: (r) => formula(`=${sectorCount(r.i)}`),
    },
    {
      key: "selected",
      header: "Companies selected",
      format: "0",
      cell: (r) => formula(`=COUNTIF(${MIX_ROWS_NAMES.year},${year(r.i)})`),
    },
  ],
});

/** The stacked columns of sector HPC and mining revenue by year. */
export const SECTOR_CHART: ChartDecl = {
  name: SECTOR_CHART_NAME,
  type: "ColumnStacked",
  title: "Sector revenue: contracted HPC vs mining, USD",
  categories: { block: "sector", column: "year" },
  series: [
    { name: "HPC revenue (gross)", values: { block: "sector", column: "hpc" } },
    { name: "Mining revenue", values: { block: "sector", column: "mining" } },
  ],
  valueAxisFormat: USD_M_BN,
  categoryAxisFormat: "0",
};

export const REVENUE_MIX_DECL: SheetDecl<MixInput> = {
  role: "REVENUE_MIX",
  baseName: REVENUE_MIX_SHEET,
  comment: "Revenue mix sheet",
  blocks: [
    {
      block: TITLE,
      rows: () => [
        { text: "PivotLens revenue mix: contracted HPC vs mining" },
        { text: "Blue cells are inputs you may overwrite; the rest are live PIVOT formulas over them." },
      ],
    },
    {
      block: INPUTS,
      gapBefore: 1,
      rows: (m) => [
        { key: "first_year", label: "First calendar year", value: m.firstYear, unit: "year" },
        { key: "years", label: "Number of years", value: m.years, unit: "years" },
      ],
    },
    {
      // The sector, companies and mix blocks stack (declared/sheet.ts): laid out in this order
      // on every write, each following the one above as it grows or shrinks.
      block: SECTOR,
      gapBefore: 1,
      rows: (m) => (m.tickers.length === 0 ? [] : Array.from({ length: m.years }, (_, i) => ({ i }))),
    },
    {
      block: COMPANIES,
      gapBefore: 1,
      rows: (m) => m.tickers.map((t) => ({ ticker: t, committedMw: committedHpcMw(t, m.deals) })),
    },
    {
      block: MIX,
      gapBefore: 1,
      rows: (m) => m.tickers.flatMap((t) => Array.from({ length: m.years }, (_, i) => ({ ticker: t, i }))),
    },
  ],
  charts: (m) => (m.tickers.length === 0 ? [] : [SECTOR_CHART]),
};

/** The mix block's column keys in declaration order (resolveRange reads placements through them). */
const MIX_COLUMN_KEYS: ReadonlyMap<string, readonly string[]> = new Map([["mix", MIX.columns.map((c) => c.key)]]);

/** A workbook name the build points: one cell of a block, or a mix column over all the block's rows. */
type NamedCells =
  | { name: string; block: string; row: string; col: number; comment: string }
  | { name: string; column: "year" | "hpc" | "mining"; comment: string };

function rectOf(n: NamedCells, places: ReadonlyMap<string, Placement>): SheetRect {
  if ("column" in n) return resolveRange({ block: "mix", column: n.column }, places, MIX_COLUMN_KEYS);
  const place = places.get(n.block);
  const row = place?.rows.get(n.row);
  const col = place?.cols[n.col];
  if (row === undefined || col === undefined) throw new Error(`internal error: ${n.name} not placed`);
  return { row, col, rows: 1, cols: 1 };
}

interface Typed {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly used: (m: MixInput) => string;
}
const FIRST_YEAR: Typed = { label: "First calendar year", min: 1900, max: 9999, used: (m) => `${m.firstYear}` };
const YEARS: Typed = { label: "Number of years", min: 1, max: 100, used: (m) => `${m.years} years` };

/** The cell a PivotLens name of this sheet points at, or undefined (no such name, or not the add-in's). */
function ownCell(name: Excel.NamedItem | undefined): { row: number; col: number } | undefined {
  if (name === undefined || !isOwnComment(name.comment)) return undefined;
  try {
    const a = parseAddress(String(name.formula).replace(/^=/, ""));
    return a.rows === 1 && a.cols === 1 ? { row: a.row, col: a.col } : undefined;
  } catch {
    return undefined; // not a cell reference (the user pointed the name elsewhere): the default stands
  }
}

/** The workbook names a build points, for the companies on the sheet. */
function namedCells(tickers: readonly string[]): NamedCells[] {
  return [
    { name: MIX_FIRST_YEAR_NAME, block: "inputs", row: "first_year", col: 1, comment: "first calendar year" },
    { name: MIX_YEARS_NAME, block: "inputs", row: "years", col: 1, comment: "number of years" },
    ...tickers.flatMap((t) => [
      { name: mixName(t, "ENERGIZED_MW"), block: "companies", row: t, col: 1, comment: `${t} energized MW` },
      { name: mixName(t, "COMMITTED_MW"), block: "companies", row: t, col: 2, comment: `${t} committed HPC MW` },
      { name: mixName(t, "J_TH"), block: "companies", row: t, col: 3, comment: `${t} fleet J/TH` },
    ]),
    // The whole mix columns the sector totals sum over (none while no company is on the sheet).
    ...(tickers.length === 0
      ? []
      : (["year", "hpc", "mining"] as const).map((column) => ({
          name: MIX_ROWS_NAMES[column],
          column,
          comment: `every company-year's ${column === "year" ? "year" : `${column} revenue`}`,
        }))),
  ];
}

/** A row's key text from its key: "year3" → "Year 3", "HUT/2" → "HUT", "HUT" → "HUT". */
const KEY_TEXT: Readonly<Record<string, (rowKey: string) => string>> = {
  sector: (k) => `Year ${k.slice("year".length)}`,
  companies: (k) => k,
  mix: (k) => k.slice(0, k.lastIndexOf("/")),
};

/**
 * The layouts of the moving blocks as an older version wrote them in place (same blocks, same
 * order, no remembered layout): row keys in the memory's order ("<block>/<row key>/<column>").
 */
function olderLayouts(ids: readonly string[], memory: Readonly<Record<string, string>>): Layouts {
  const out: Record<string, BlockLayout> = {};
  for (const b of [SECTOR, COMPANIES, MIX]) {
    const text = KEY_TEXT[b.id];
    if (!ids.includes(b.id)) continue;
    const keys = new Set<string>();
    for (const k of Object.keys(memory)) {
      if (!k.startsWith(`${b.id}/`) || k.startsWith(`${b.id}/#header/`)) continue;
      keys.add(k.slice(b.id.length + 1, k.lastIndexOf("/")));
    }
    out[b.id] = { rows: [...keys].map((k) => [k, text(k)]), cols: b.columns.map((c) => [c.key, c.header]) };
  }
  return out;
}

export interface BuildRevenueMixOptions {
  readonly run?: ExcelRun;
  readonly firstYear?: number;
  readonly years?: number;
  readonly deals?: readonly Deal[];
}

export interface BuildRevenueMixResult {
  readonly sheetName: string;
  readonly created: boolean;
  readonly address: string;
  readonly kept: readonly string[];
  readonly notices: readonly string[];
}

/** Builds (or rebuilds) the Revenue mix sheet for the tickers; throws WorkbookError. */
export async function buildRevenueMix(
  tickers: readonly string[],
  options: BuildRevenueMixOptions = {},
): Promise<BuildRevenueMixResult> {
  const input: MixInput = {
    tickers,
    firstYear: options.firstYear ?? 2026,
    years: options.years ?? 6,
    deals: options.deals ?? currentDeals(),
  };
  const inputNotices: string[] = [];
  const r = await writeDeclaredSheet(
    REVENUE_MIX_DECL,
    input,
    { run: options.run, what: "Building the revenue mix" },
    {
      // Every workbook name (one load): the inputs' cells, and the names of companies kept below.
      prepare: (context) => context.workbook.names.load("items/name,items/formula,items/comment"),
      fromSheet: (m, read, names) => {
        const typed = (name: string, what: Typed): number | undefined => {
          const at = ownCell(names.items.find((n) => n.name === name));
          if (at === undefined) return undefined;
          const v = cellAt(read, at.row, at.col);
          if (typeof v === "number" && Number.isInteger(v) && v >= what.min && v <= what.max) return v;
          if (v !== "")
            inputNotices.push(
              `The ${what.label} cell (${a1Cell(at.row, at.col)}) holds ${JSON.stringify(v)}, not a whole number from ${what.min} to ${what.max}, so the rows were laid out for ${what.used(m)}.`,
            );
          return undefined;
        };
        const firstYear = options.firstYear ?? typed(MIX_FIRST_YEAR_NAME, FIRST_YEAR) ?? m.firstYear;
        const years = options.years ?? typed(MIX_YEARS_NAME, YEARS) ?? m.years;
        return firstYear === m.firstYear && years === m.years ? m : { ...m, firstYear, years };
      },
      revise: (m, userCells) => {
        // A company no longer selected whose rows hold cells the user changed stays, its cells with it.
        const held = new Set<string>();
        for (const c of userCells.get("companies") ?? []) held.add(c.row);
        for (const c of userCells.get("mix") ?? []) held.add(c.row.slice(0, c.row.lastIndexOf("/")));
        const kept = [...held].filter((t) => !m.tickers.includes(t));
        if (kept.length === 0) return m;
        inputNotices.push(
          `Kept ${kept.join(", ")} on the sheet although not selected: cells you changed are in ${kept.length === 1 ? "its rows" : "their rows"}. Clear those cells and build again to drop ${kept.length === 1 ? "it" : "them"}.`,
        );
        return { ...m, tickers: [...m.tickers, ...kept] };
      },
      olderLayouts: (ids, memory) => olderLayouts(ids, memory),
      finish: (context, at, names) => {
        const skipped: string[] = [];
        const onSheet = [...(at.places.get("companies")?.rows.keys() ?? [])];
        const wanted = namedCells(onSheet);
        // The add-in's names of companies no longer on the sheet go (they would point at other rows' cells now).
        const stem = /^PIVOT_MIX_.+_(ENERGIZED_MW|COMMITTED_MW|J_TH)$/;
        for (const x of names.items)
          if (stem.test(x.name) && isOwnComment(x.comment) && !wanted.some((n) => n.name === x.name))
            context.workbook.names.getItem(x.name).delete();
        for (const n of wanted) {
          const r = rectOf(n, at.places);
          const existing = names.items.find((x) => x.name === n.name) ?? null;
          const q = queueOwnName(context, existing, n.name, at, r, `PivotLens revenue mix: ${n.comment}`);
          if (q.outcome === "foreign") skipped.push(n.name);
        }
        return skipped;
      },
    },
  );
  const notices = [...inputNotices, ...r.notices];
  if (r.finished.length > 0)
    notices.push(
      `These workbook names already exist and were not created by PivotLens, so the sheet's formulas use them as they are: ${r.finished.join(", ")}.`,
    );
  return { sheetName: r.sheetName, created: r.created, address: r.address, kept: r.kept, notices };
}
