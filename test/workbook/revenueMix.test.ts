/**
 * The Revenue mix sheet, evaluated by HyperFormula in the fake object model: each company-year
 * equals HPC revenue from src/core (revenueByYear over scheduleContracts) and mining revenue from
 * the core hashprice path, recomputed here; a rebuild keeps a typed value; sync counts.
 */
import { companyValue } from "../../src/companies/query";
import { hashpricePath } from "../../src/core/hashpricePath";
import { revenueByYear } from "../../src/core/revenueSchedule";
import { serialFromUtcDate } from "../../src/core/excelDate";
import { bundledDataset } from "../../src/deals/dataset";
import { attributableMw, effectiveDeals } from "../../src/deals/query";
import { marketHeightOnDay } from "../../src/functions/args";
import { scheduleContracts } from "../../src/functions/revenue";
import { marketValues } from "../../src/market/values";
import { cell } from "../../src/workbook/a1";
import { buildRevenueMix, mixName } from "../../src/workbook/revenueMixSheet";
import { forbidConsoleErrors, newWorkbook, value, type Harness } from "./fakeExcel";

forbidConsoleErrors();
const DEALS = bundledDataset().deals;
const TICKERS = ["HUT", "CIFR"];
const TYPED = { energizedMw: 900, jth: 18 };

function disclosed(ticker: string, field: string): number | undefined {
  try {
    return companyValue(ticker, field) as number;
  } catch {
    return undefined;
  }
}

function close(actual: unknown, expected: number, what: string): void {
  const ok = typeof actual === "number" && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  expect({ what, actual, ok }).toEqual({ what, actual, ok: true });
}

async function typeAt(h: Harness, name: string, v: number): Promise<void> {
  await h.run(async (ctx) => {
    const r = ctx.workbook.names.getItem(name).getRange();
    r.formulas = [[v]];
    await ctx.sync();
  });
}

async function addressOf(h: Harness, name: string): Promise<string> {
  let f = "";
  await h.run(async (ctx) => {
    const n = ctx.workbook.names.getItem(name).load("formula");
    await ctx.sync();
    f = String(n.formula);
  });
  return f.replace(/^=/, "").split("!")[1].replace(/\$/g, "");
}

describe("Revenue mix sheet", () => {
  test("two companies' years equal the core's HPC revenue and hashprice-path mining revenue", async () => {
    const h = await newWorkbook();
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    expect(h.fake.syncCount).toBe(2);
    const sheet = r.sheetName;
    const m = marketValues();
    let minedSomewhere = false;
    for (const t of TICKERS) {
      const energized = disclosed(t, "energized_mw") ?? TYPED.energizedMw;
      const jth = disclosed(t, "fleet_j_th") ?? TYPED.jth;
      if (disclosed(t, "energized_mw") === undefined) await typeAt(h, mixName(t, "ENERGIZED_MW"), energized);
      if (disclosed(t, "fleet_j_th") === undefined) await typeAt(h, mixName(t, "J_TH"), jth);
      const committed = effectiveDeals(DEALS)
        .filter((d) => d.ticker === t && (d.dealType === "lease" || d.dealType === "colocation"))
        .reduce((s, d) => s + (attributableMw(d) ?? 0), 0);
      close(value(h, sheet, await addressOf(h, mixName(t, "COMMITTED_MW"))), committed, `${t} committed MW`);
      // attributable (× ownership share) contracted revenue by calendar year, from the core
      const hpc = revenueByYear(scheduleContracts(t, "gross", DEALS).contracts, 2026, 6);
      for (let i = 0; i < 6; i++) {
        const y = 2026 + i;
        const start = serialFromUtcDate(y, 1, 1);
        const path = hashpricePath({
          months: 12,
          btcUsd: m.btcUsd,
          networkEhs: m.networkEhs,
          feesBtcPerBlock: m.feesBtcPerBlock,
          btcGrowthYr: 0,
          hashrateGrowthYr: 0,
          startHeight: marketHeightOnDay(start),
          startSerial: start,
        });
        const hp = path.reduce((s, row) => s + (row[4] as number), 0) / path.length;
        const days = serialFromUtcDate(y + 1, 1, 1) - start;
        const mining = ((Math.max(0, energized - committed) * 1000) / jth) * hp * days;
        if (mining > 0 && hpc[i] > 0) minedSomewhere = true;
        const row = await mixRow(h, sheet, t, i);
        close(value(h, sheet, cell(row, 1)), y, `${t} year ${i}`);
        close(value(h, sheet, cell(row, 2)), hpc[i], `${t} ${y} HPC`);
        close(value(h, sheet, cell(row, 3)), mining, `${t} ${y} mining`);
        close(value(h, sheet, cell(row, 4)), hpc[i] / (hpc[i] + mining), `${t} ${y} share`);
      }
    }
    // the check is not vacuous: some company-year has both HPC and mining revenue
    expect(minedSomewhere).toBe(true);
  });

  test("a rebuild keeps a typed value, reports it, and takes three syncs", async () => {
    const h = await newWorkbook();
    await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    await typeAt(h, mixName("HUT", "COMMITTED_MW"), 123);
    const at = await addressOf(h, mixName("HUT", "COMMITTED_MW"));
    h.fake.resetSyncCount();
    const r = await buildRevenueMix(TICKERS, { run: h.run, deals: DEALS });
    expect(h.fake.syncCount).toBe(3);
    expect(value(h, r.sheetName, at)).toBe(123);
    expect(r.kept.some((k) => k.endsWith(`!${at}`))).toBe(true);
  });
});

/** Zero-based sheet row of the i-th year row of a ticker in the mix block (below the companies block). */
async function mixRow(h: Harness, sheet: string, ticker: string, i: number): Promise<number> {
  let rows: unknown[][] = [];
  await h.run(async (ctx) => {
    const u = ctx.workbook.worksheets.getItem(sheet).getUsedRange().load("values");
    await ctx.sync();
    rows = u.values as unknown[][];
  });
  const header = rows.findIndex((r) => r[1] === "Year");
  const hits = rows.map((r, k) => ({ r, k })).filter(({ r, k }) => k > header && r[0] === ticker);
  return hits[i].k;
}
