/**
 * Browser scenario: the Revenue mix sheet and the Comps scenario switch, through the task pane
 * as a user does it, the workbook read from the preview host's model and typed into through
 * the frame's own (fake) Excel as the add-in would.
 *   1. Comps tab: pick HUT and CIFR, Build revenue mix: the sheet is active; with the
 *      companies' undisclosed inputs (HUT's fleet J/TH, CIFR's energized MW) the sector totals
 *      read #N/A and count 0 companies included, never a zero; once the analyst types them,
 *      each year's sector HPC and mining revenue are the sums of the company rows, the HPC
 *      share is their ratio, and the stacked-column chart shows the sector rows.
 *   2. Build side-by-side, then switch the Comps scenario selector Bear → Base → Bull: each
 *      company's discount rate and hashprice growth are the picked scenario's values, and its
 *      mining NPV per MW is src/core's miningNpvUsdPerMw at those inputs (Bear below Bull).
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { miningNpvUsdPerMw } from "../../src/core/pivot";
import { mixName, SECTOR_CHART_NAME } from "../../src/workbook/revenueMixSheet";
import {
  act,
  activeSheet,
  check,
  close,
  noErrors,
  num,
  openPreview,
  openTab,
  pane,
  rowOf,
  setSourcesTo,
  sheetValues,
  waitFor,
  workbookState,
  type Scenario,
} from "./scenarios";

const MIX = "Revenue mix";
const TICKERS = ["HUT", "CIFR"];
/** What the analyst types where the company data discloses nothing (as the sheet asks). */
const TYPED: Record<string, number> = {
  [mixName("HUT", "J_TH")]: 18,
  [mixName("CIFR", "ENERGIZED_MW")]: 900,
};

/** The sheet's values once no cell is waiting for a function's first result. */
export async function settled(page: Page, sheet: string): Promise<unknown[][]> {
  return waitFor(`${sheet} to finish calculating`, async () => {
    const v = await sheetValues(page, sheet);
    return v.some((row) => row.includes("#BUSY!")) ? undefined : v;
  });
}

/** Writes values through the frame's Excel (as the add-in would): by workbook name, or sheet and zero-based cell. */
export async function typeThroughExcel(
  page: Page,
  writes: readonly { name?: string; sheet?: string; row?: number; col?: number; value: string | number }[],
): Promise<void> {
  await pane(page)
    .locator("html")
    .evaluate(
      (_html, list) =>
        Excel.run(async (context) => {
          for (const w of list) {
            const range =
              w.name !== undefined
                ? context.workbook.names.getItem(w.name).getRange()
                : context.workbook.worksheets.getItem(w.sheet!).getRangeByIndexes(w.row!, w.col!, 1, 1);
            range.values = [[w.value]];
          }
          await context.sync();
        }),
      writes,
    );
}

interface MixRows {
  readonly companies: unknown[][];
  readonly sector: unknown[][];
}

/** The mix block's company-year rows and the sector total rows of the Revenue mix sheet. */
function mixRows(values: unknown[][]): MixRows {
  const mixHeader = values.findIndex((r) => r[0] === "Company" && r[1] === "Year");
  const sectorHeader = values.findIndex((r) => r[0] === "Sector total");
  check(mixHeader >= 0 && sectorHeader >= 0, `the ${MIX} sheet has no mix block or no sector totals`);
  /** The rows under a header, to the first empty row. */
  const under = (header: number): unknown[][] => {
    const end = values.findIndex((r, k) => k > header && (r[0] === "" || r[0] === null));
    return values.slice(header + 1, end < 0 ? values.length : end);
  };
  return {
    companies: under(mixHeader).filter((r) => TICKERS.includes(String(r[0]))),
    sector: under(sectorHeader).filter((r) => /^Year \d+$/.test(String(r[0]))),
  };
}

async function sectorChart(page: Page): Promise<{ type: string; categories: string[]; series: unknown[][] }> {
  return page.evaluate((name) => {
    type Host = {
      workbook: {
        charts: { name: string; type: string; sheet: { name: string } }[];
        chartData(c: unknown): { categories: string[]; series: { values: unknown[] }[] };
      };
    };
    const wb = (window as unknown as { __pivotPreview: Host }).__pivotPreview.workbook;
    const c = wb.charts.find((x) => x.name === name);
    if (c === undefined) return { type: "", categories: [], series: [] };
    const data = wb.chartData(c);
    return { type: `${c.sheet.name}/${c.type}`, categories: data.categories, series: data.series.map((s) => s.values) };
  }, SECTOR_CHART_NAME);
}

async function checkRevenueMix(page: Page): Promise<void> {
  await openTab(page, "Comps");
  await pane(page).getByRole("button", { name: "Clear", exact: true }).click();
  for (const t of TICKERS)
    await pane(page)
      .getByRole("checkbox", { name: new RegExp(`\\b${t}\\b`) })
      .check();
  const built = await act(page, "Build revenue mix", "Comps messages");
  check(/^Revenue mix built on /.test(built), `building the revenue mix said "${built}"`);
  const active = await activeSheet(page);
  check(active === MIX, `after building the revenue mix the active sheet is "${active}"`);

  // As built: every mining cell is #N/A (an undisclosed input each), so no company is in the totals.
  let rows = mixRows(await settled(page, MIX));
  check(rows.sector.length === 6, `${rows.sector.length} sector rows, expected 6 years`);
  for (const s of rows.sector)
    check(
      JSON.stringify(s.slice(2, 7)) === JSON.stringify(["#N/A", "#N/A", "#N/A", 0, 2]),
      `sector row ${String(s[0])} before the inputs are typed: ${JSON.stringify(s)}`,
    );

  await typeThroughExcel(
    page,
    Object.entries(TYPED).map(([name, value]) => ({ name, value })),
  );
  rows = mixRows(await settled(page, MIX));
  check(rows.companies.length === 12, `${rows.companies.length} company-year rows, expected 2 × 6`);
  let both = false;
  for (const s of rows.sector) {
    const year = num(s[1], `year of ${String(s[0])}`);
    const of = rows.companies.filter((r) => r[1] === year);
    check(of.length === 2, `${of.length} company rows for ${year}`);
    const hpc = of.reduce((sum, r) => sum + num(r[2], `HPC revenue of ${String(r[0])} ${year}`), 0);
    const mining = of.reduce((sum, r) => sum + num(r[3], `mining revenue of ${String(r[0])} ${year}`), 0);
    close(s[2], hpc, `sector HPC revenue ${year}`);
    close(s[3], mining, `sector mining revenue ${year}`);
    close(s[4], hpc / (hpc + mining), `sector HPC share ${year}`);
    check(s[5] === 2 && s[6] === 2, `companies included/selected ${year}: ${String(s[5])}/${String(s[6])}`);
    if (hpc > 0 && mining > 0) both = true;
  }
  check(both, "no year has both HPC and mining revenue: the totals check proves little");

  const chart = await sectorChart(page);
  check(chart.type === `${MIX}/ColumnStacked`, `the sector chart is ${JSON.stringify(chart.type)}`);
  check(
    JSON.stringify(chart.categories) === JSON.stringify(rows.sector.map((s) => String(s[1]))),
    `the chart's categories are ${JSON.stringify(chart.categories)}`,
  );
  check(
    JSON.stringify(chart.series) === JSON.stringify([rows.sector.map((s) => s[2]), rows.sector.map((s) => s[3])]),
    `the chart's series are ${JSON.stringify(chart.series)}`,
  );
}

/** The value in column B of the row whose label is `label` (the scenario table's values). */
function columnB(values: unknown[][], label: string): number {
  return num(rowOf(values, label)[1], label);
}

async function checkScenarioSwitch(page: Page): Promise<void> {
  const built = await act(page, "Build side-by-side", "Comps messages");
  check(/^Comps for .* built on /.test(built), `building comps said "${built}"`);
  let values = await settled(page, "Comps");
  const selectorRow = values.findIndex((r) => String(r[0]).startsWith("Scenario:"));
  check(selectorRow >= 0 && values[selectorRow][1] === "Base", "the Comps sheet has no scenario selector on Base");
  const tickers = rowOf(values, "Ticker");
  const cols = TICKERS.map((t) => tickers.indexOf(t));
  check(
    cols.every((c) => c >= 2),
    `the Comps tickers are ${JSON.stringify(tickers)}`,
  );
  const names = (await workbookState(page)).names;
  const fees = num(names.PIVOT_FEES_BTC_PER_BLOCK, "PIVOT_FEES_BTC_PER_BLOCK");
  const subsidy = num(names.PIVOT_SUBSIDY_BTC, "PIVOT_SUBSIDY_BTC");
  const height = num(names.PIVOT_HEIGHT, "PIVOT_HEIGHT");
  const miningPerMw: Record<string, number> = {};
  for (const scenario of ["Bear", "Base", "Bull"]) {
    await typeThroughExcel(page, [{ sheet: "Comps", row: selectorRow, col: 1, value: scenario }]);
    values = await settled(page, "Comps");
    let checked = 0;
    for (const c of cols) {
      const who = `${String(tickers[c])} (${scenario})`;
      const at = (label: string): unknown => rowOf(values, label)[c];
      close(
        at("Discount rate (effective annual)"),
        columnB(values, `Discount rate: ${scenario}`),
        `discount of ${who}`,
      );
      close(
        at("Hashprice growth per year"),
        columnB(values, `Hashprice growth per year: ${scenario}`),
        `growth of ${who}`,
      );
      // Mining NPV per MW where the company's fleet efficiency is disclosed (HUT's is not: #N/A).
      if (typeof at("Fleet efficiency J/TH") !== "number") continue;
      const n = (label: string): number => num(at(label), `${label} of ${who}`);
      const expected = miningNpvUsdPerMw(
        {
          efficiencyJPerTh: n("Fleet efficiency J/TH"),
          powerUsdPerKwh: n("Power price USD/kWh"),
          termYears: n("Mining horizon years (company: its MW-weighted lease term)"),
          hashpriceUsdPerPhDay: n("Hashprice USD/PH/day"),
          hashpriceGrowthYr: n("Hashprice growth per year"),
          uptime: n("Mining uptime"),
          poolFee: n("Pool fee"),
          feeShare: fees / (subsidy + fees),
          startHeight: height,
        },
        n("Discount rate (effective annual)"),
      );
      close(at("Mining NPV per MW USD"), expected, `mining NPV per MW of ${who}`);
      miningPerMw[`${String(tickers[c])}/${scenario}`] = expected;
      checked++;
    }
    check(checked > 0, `no company's mining NPV per MW could be checked under ${scenario}`);
  }
  check(
    miningPerMw["CIFR/Bear"] < miningPerMw["CIFR/Base"] && miningPerMw["CIFR/Base"] < miningPerMw["CIFR/Bull"],
    `CIFR's mining NPV per MW does not rise from Bear to Bull: ${JSON.stringify(miningPerMw)}`,
  );
}

export const MIX_SCENARIO: Scenario = {
  name: "revenue mix: sector totals are the company rows' sums and charted; the Comps scenario switch follows the core",
  async run(env) {
    env.fixtures.reset();
    const w = await openPreview(env);
    const { page } = w;
    try {
      // The market inputs the Comps check reads (names), from the fixture server.
      await setSourcesTo(page, env.fixtures.url);
      const refreshed = await act(page, "Refresh market inputs", "Market messages");
      check(refreshed === "Market inputs refreshed", `refresh said "${refreshed}"`);
      await act(page, "Write inputs to sheet", "Market messages");
      await checkRevenueMix(page);
      await page.getByRole("tab", { name: MIX, exact: true }).click();
      await page.screenshot({ path: join(env.artifacts, "revenue-mix.png") });
      await checkScenarioSwitch(page);
      noErrors(w);
    } finally {
      await w.context.close();
    }
  },
};
