/**
 * Formula level: the formulas the writers produce, evaluated by a real spreadsheet engine
 * (HyperFormula in the fake object model, with the PIVOT functions registered from the
 * sources), must give what the core computes directly. A wrong function name or argument
 * order shows up here, not in the writers' unit tests.
 */
import { companyValue } from "../../src/companies/query";
import { bundledDataset } from "../../src/deals/dataset";
import { attributableMw, effectiveDeals, ownershipShareOf } from "../../src/deals/query";
import type { Deal } from "../../src/deals/schema";
import { impliedRentUsdPerKwMonth, leaseNpvUsd, revenueUsdPerMwYear } from "../../src/core/lease";
import { hashpriceUsdPerPhDay } from "../../src/core/mining";
import { miningNpvUsdPerMw, pivotBreakevenRentUsdPerKwMonth, type MiningInputs } from "../../src/core/pivot";
import { marketValues } from "../../src/market/values";
import { cell } from "../../src/workbook/a1";
import { COMPS_FIRST_COMPANY_COL, buildComps, compsRow } from "../../src/workbook/compsSheet";
import { DEALS_ASSUMPTIONS, dealsColumnLetter as L, loadDeals } from "../../src/workbook/dealsSheet";
import { forbidConsoleErrors, newWorkbook, value, type Harness } from "./fakeExcel";

const DEALS = bundledDataset().deals;
const A = Object.fromEntries(DEALS_ASSUMPTIONS.map((a) => [a.name, a.value]));
forbidConsoleErrors();

function close(actual: unknown, expected: number | "", what: string): void {
  if (expected === "") {
    expect({ what, actual }).toEqual({ what, actual: "" });
    return;
  }
  if (typeof actual !== "number") throw new Error(`${what}: expected ${expected}, got ${JSON.stringify(actual)}`);
  const ok = Math.abs(actual - expected) <= 1e-10 * Math.max(1, Math.abs(expected));
  expect({ what, actual, ok }).toEqual({ what, actual, ok: true });
}

const mid = (lo?: number, hi?: number): number | undefined =>
  lo === undefined && hi === undefined ? undefined : lo === undefined ? hi : hi === undefined ? lo : (lo + hi) / 2;

/** What each Deals formula column should show, computed with the core, not with formulas. */
function expectedDealRow(
  d: Deal,
  a: { discount: number; noi: number; capex: number; escalator: number; build: number },
) {
  const has3 = d.contractValueUsd !== undefined && d.termYears !== undefined && d.criticalItMw !== undefined;
  const rent: number | "" = has3
    ? impliedRentUsdPerKwMonth(d.contractValueUsd!, d.termYears!, d.criticalItMw!)
    : (d.statedRentUsdPerKwMonth ?? "");
  const escalator = has3 ? 0 : (d.escalator ?? a.escalator);
  const noi = mid(d.marginLow, d.marginHigh) ?? a.noi;
  const capex = mid(d.capexUsdPerMwLow, d.capexUsdPerMwHigh) ?? a.capex;
  const revenue: number | "" =
    rent !== "" && d.criticalItMw !== undefined ? revenueUsdPerMwYear(rent) * d.criticalItMw : "";
  const isLease = d.dealType === "lease" && rent !== "" && d.criticalItMw !== undefined && d.termYears !== undefined;
  const npv: number | "" = isLease
    ? leaseNpvUsd(
        {
          criticalMw: d.criticalItMw!,
          rentUsdPerKwMonth: rent as number,
          termYears: d.termYears!,
          escalator,
          noiMargin: noi,
          capexUsdPerMw: capex,
          buildMonths: a.build,
        },
        a.discount,
      )
    : "";
  const perMw: number | "" = npv === "" ? "" : npv / d.criticalItMw!;
  return { rent, escalator, noi, capex, revenue, npv, perMw };
}

describe("Deals formula columns equal the core", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await newWorkbook();
    await loadDeals(DEALS, { run: h.run });
  });

  test.each([
    ["with the default assumptions", {}],
    ["after the analyst edits them", { B4: 0.1, B5: 0.8, B6: 7e6, B7: 0.025, B8: 18 }],
  ])("every deal, %s", async (_label, edits: Record<string, number>) => {
    if (Object.keys(edits).length > 0) {
      await h.run(async (ctx) => {
        const s = ctx.workbook.worksheets.getItem("Deals");
        for (const [a1, v] of Object.entries(edits)) s.getRange(a1).values = [[v]];
        await ctx.sync();
      });
    }
    const a = {
      discount: edits.B4 ?? A.PIVOT_DEALS_DISCOUNT_RATE,
      noi: edits.B5 ?? A.PIVOT_DEALS_NOI_MARGIN,
      capex: edits.B6 ?? A.PIVOT_DEALS_CAPEX_USD_PER_MW,
      escalator: edits.B7 ?? A.PIVOT_DEALS_ESCALATOR,
      build: edits.B8 ?? A.PIVOT_DEALS_BUILD_MONTHS,
    };
    let leases = 0;
    DEALS.forEach((d, i) => {
      const row = 11 + i;
      const e = expectedDealRow(d, a);
      const got = (h: string) => value(hh, "Deals", `${L(h)}${row}`);
      const hh = h;
      close(got("Rent used USD/kW/month"), e.rent, `${d.id} rent`);
      close(got("Escalator used"), e.escalator, `${d.id} escalator`);
      close(got("NOI margin used"), e.noi, `${d.id} noi`);
      close(got("Capex USD/MW used"), e.capex, `${d.id} capex`);
      close(got("Annual revenue USD"), e.revenue, `${d.id} revenue`);
      close(got("Lease NPV USD"), e.npv, `${d.id} npv`);
      close(got("NPV per MW USD"), e.perMw, `${d.id} npv per MW`);
      if (e.npv !== "") leases++;
    });
    expect(leases).toBe(14);
  });

  test("a hand check: Hut 8 River Bend's implied rent is $158.73/kW/month (domain.md: value / term / MW / 12,000)", () => {
    close(value(h, "Deals", `${L("Rent used USD/kW/month")}11`), 7e9 / 15 / 245 / 12000, "HUT rent");
  });
});

describe("Comps formulas equal the core", () => {
  test("lease NPV, per-MW values, mining NPV, break-even rent and ratio per company", async () => {
    const h = await newWorkbook();
    const tickers = ["HUT", "WULF", "CIFR", "IREN", "RIOT"];
    await buildComps(tickers, DEALS, { run: h.run });
    const m = marketValues();
    const hashprice = value(h, "Comps", cell(compsRow("hashprice"), 1)) as number;
    close(hashprice, hashpriceUsdPerPhDay(m.btcUsd, m.networkEhs, m.feesBtcPerBlock, m.subsidyBtc), "market hashprice");
    close(value(h, "Comps", cell(compsRow("btcPrice"), 1)), m.btcUsd, "market BTC price");
    const a = { discount: 0.08, noi: 0.85, capex: 9.5e6, escalator: 0.03, build: 0 };
    tickers.forEach((t, k) => {
      const col = COMPS_FIRST_COMPANY_COL + k;
      const got = (key: string) => value(h, "Comps", cell(compsRow(key), col));
      // The effective deals (a restated lease replaces its parent), weighted by ownership share.
      const rows = effectiveDeals(DEALS)
        .filter((d) => d.ticker === t)
        .map((d) => ({ d, e: expectedDealRow(d, a), share: ownershipShareOf(d), mw: attributableMw(d) ?? 0 }));
      const leases = rows.filter((r) => r.e.npv !== "");
      const leaseMw = leases.reduce((s, r) => s + r.mw, 0);
      const npv = leases.reduce((s, r) => s + (r.e.npv as number) * r.share, 0);
      const horizon = leaseMw > 0 ? leases.reduce((s, r) => s + r.d.termYears! * r.mw, 0) / leaseMw : 10;
      const own = (field: string): number | undefined => {
        try {
          return companyValue(t, field) as number;
        } catch {
          return undefined;
        }
      };
      const mining: MiningInputs = {
        efficiencyJPerTh: own("fleet_j_th") ?? 20,
        powerUsdPerKwh: own("power_usd_kwh") ?? 0.05,
        termYears: horizon,
        hashpriceUsdPerPhDay: hashprice,
        hashpriceGrowthYr: 0,
        uptime: 1,
        poolFee: 0.02,
        feeShare: m.feesBtcPerBlock / (m.subsidyBtc + m.feesBtcPerBlock),
        startHeight: m.height,
      };
      const miningPerMw = miningNpvUsdPerMw(mining, a.discount);
      const breakeven = pivotBreakevenRentUsdPerKwMonth(
        { termYears: horizon, escalator: a.escalator, noiMargin: a.noi, capexUsdPerMw: a.capex, buildMonths: a.build },
        mining,
        a.discount,
      );
      close(got("horizon"), horizon, `${t} horizon`);
      close(
        got("mw"),
        rows.filter((r) => r.d.dealType === "lease" || r.d.dealType === "colocation").reduce((s, r) => s + r.mw, 0),
        `${t} attributable lease MW`,
      );
      close(got("npv"), leaseMw > 0 ? npv : "", `${t} lease NPV`);
      close(got("npvPerMw"), leaseMw > 0 ? npv / leaseMw : "", `${t} NPV per MW`);
      close(
        got("rent"),
        leaseMw > 0 ? leases.reduce((s, r) => s + (r.e.rent as number) * r.mw, 0) / leaseMw : "",
        `${t} weighted rent`,
      );
      close(got("miningPerMw"), miningPerMw, `${t} mining NPV per MW`);
      close(got("breakeven"), breakeven, `${t} break-even rent`);
      close(got("ratio"), leaseMw > 0 && miningPerMw > 0 ? npv / leaseMw / miningPerMw : "", `${t} ratio`);
    });
  });
});
