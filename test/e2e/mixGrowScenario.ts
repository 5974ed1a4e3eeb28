/**
 * Browser scenario: the Revenue mix sheet grows and shrinks through the task pane as a user
 * does it. Comps tab: pick HUT and CIFR, Build revenue mix, type the undisclosed inputs; then
 *   1. type 8 into the Number of years cell, Build revenue mix again: 8 sector rows and 2 × 8
 *      company-year rows, each year's totals the sums of the company rows, the chart over the
 *      8 years, the typed inputs kept (moved with their company rows);
 *   2. also pick WULF and type 4 years, build again: 3 × 4 company-year rows, 4 sector rows,
 *      WULF selected but left out of the totals until its energized MW is typed, nothing left
 *      below the block of the rows no longer needed.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { MIX_YEARS_NAME, mixName, SECTOR_CHART_NAME } from "../../src/workbook/revenueMixSheet";
import { settled, typeThroughExcel } from "./mixScenario";
import { act, check, close, noErrors, num, openPreview, openTab, pane, setSourcesTo, type Scenario } from "./scenarios";

const MIX = "Revenue mix";
const TYPED: Record<string, number> = {
  [mixName("HUT", "J_TH")]: 18,
  [mixName("CIFR", "ENERGIZED_MW")]: 900,
};

/** Checks the sheet for these companies and years: rows in order, totals the sums, the chart over them. */
async function checkLayout(page: Page, tickers: readonly string[], years: number, included: number): Promise<void> {
  const values = await settled(page, MIX);
  const sectorHeader = values.findIndex((r) => r[0] === "Sector total");
  const mixHeader = values.findIndex((r) => r[0] === "Company" && r[1] === "Year");
  check(sectorHeader >= 0 && mixHeader > sectorHeader, `the ${MIX} sheet has no sector totals above its mix block`);
  const sector = values.slice(sectorHeader + 1).filter((r) => /^Year \d+$/.test(String(r[0])));
  check(sector.length === years, `${sector.length} sector rows, expected ${years}`);
  const below = values.slice(mixHeader + 1).filter((r) => r.some((v) => v !== "" && v !== null));
  // The companies block's order (the pane's selection order), its rows to the first empty row.
  const companiesHeader = values.findIndex((r) => r[0] === "Company" && r[1] === "Energized MW");
  const end = values.findIndex((r, k) => k > companiesHeader && (r[0] === "" || r[0] === null));
  const order = values.slice(companiesHeader + 1, end).map((r) => String(r[0]));
  check(
    JSON.stringify([...order].sort()) === JSON.stringify([...tickers].sort()),
    `the companies block lists ${JSON.stringify(order)}, expected ${JSON.stringify(tickers)}`,
  );
  const want = order.flatMap((t) => Array.from({ length: years }, (_, i) => `${t} ${2026 + i}`));
  const got = below.map((r) => `${String(r[0])} ${String(r[1])}`);
  check(JSON.stringify(got) === JSON.stringify(want), `the company-year rows are ${JSON.stringify(got)}`);
  for (const s of sector) {
    const year = num(s[1], `year of ${String(s[0])}`);
    const of = below.filter((r) => r[1] === year && typeof r[2] === "number" && typeof r[3] === "number");
    check(of.length === included, `${of.length} company rows with numbers for ${year}, expected ${included}`);
    const hpc = of.reduce((sum, r) => sum + num(r[2], `HPC revenue of ${String(r[0])} ${year}`), 0);
    const mining = of.reduce((sum, r) => sum + num(r[3], `mining revenue of ${String(r[0])} ${year}`), 0);
    close(s[2], hpc, `sector HPC revenue ${year}`);
    close(s[3], mining, `sector mining revenue ${year}`);
    check(s[5] === included && s[6] === tickers.length, `included/selected ${year}: ${String(s[5])}/${String(s[6])}`);
  }
  const chart = await page.evaluate((name) => {
    type Host = {
      workbook: { charts: { name: string }[]; chartData(c: unknown): { categories: string[] } };
    };
    const wb = (window as unknown as { __pivotPreview: Host }).__pivotPreview.workbook;
    const c = wb.charts.find((x) => x.name === name);
    return c === undefined ? [] : wb.chartData(c).categories;
  }, SECTOR_CHART_NAME);
  const years1 = sector.map((s) => String(s[1]));
  check(JSON.stringify(chart) === JSON.stringify(years1), `the chart's categories are ${JSON.stringify(chart)}`);
}

async function rebuild(page: Page): Promise<string> {
  const built = await act(page, "Build revenue mix", "Comps messages");
  check(/^Revenue mix built on /.test(built), `building the revenue mix said "${built}"`);
  return built;
}

export const MIX_GROW_SCENARIO: Scenario = {
  name: "revenue mix grows and shrinks: typed years and more companies on a rebuild, every row in place",
  async run(env) {
    env.fixtures.reset();
    const w = await openPreview(env);
    const { page } = w;
    try {
      await setSourcesTo(page, env.fixtures.url);
      const refreshed = await act(page, "Refresh market inputs", "Market messages");
      check(refreshed === "Market inputs refreshed", `refresh said "${refreshed}"`);
      await openTab(page, "Comps");
      await pane(page).getByRole("button", { name: "Clear", exact: true }).click();
      for (const t of ["HUT", "CIFR"])
        await pane(page)
          .getByRole("checkbox", { name: new RegExp(`\\b${t}\\b`) })
          .check();
      await rebuild(page);
      await typeThroughExcel(
        page,
        Object.entries(TYPED).map(([name, value]) => ({ name, value })),
      );
      await checkLayout(page, ["HUT", "CIFR"], 6, 2);

      await typeThroughExcel(page, [{ name: MIX_YEARS_NAME, value: 8 }]);
      await rebuild(page);
      await checkLayout(page, ["HUT", "CIFR"], 8, 2);

      await pane(page)
        .getByRole("checkbox", { name: /\bWULF\b/ })
        .check();
      await typeThroughExcel(page, [{ name: MIX_YEARS_NAME, value: 4 }]);
      await rebuild(page);
      await checkLayout(page, ["HUT", "CIFR", "WULF"], 4, 2);
      await page.getByRole("tab", { name: MIX, exact: true }).click();
      await page.screenshot({ path: join(env.artifacts, "revenue-mix-grown.png") });
      noErrors(w);
    } finally {
      await w.context.close();
    }
  },
};
