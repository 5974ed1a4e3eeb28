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
import {
  DEALS_ASSUMPTIONS,
  DEALS_TABLE_HEADER_ROW,
  dealsColumnLetter as L,
  loadDeals,
} from "../../src/workbook/dealsSheet";
import { impliedRentMeaning } from "../../src/deals/query";
import { forbidConsoleErrors, newWorkbook, value, type Harness } from "./fakeExcel";

const DEALS = bundledDataset().deals;
/** Excel row of the Deals table header on a fresh sheet. */
const HDR = DEALS_TABLE_HEADER_ROW + 1;
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

/** Ids of the deals another row restates: replaced, so counted nowhere. */
const RESTATED = new Set(
  DEALS.filter((d) => d.relation === "restatement" && d.parentId !== undefined).map((d) => d.parentId!.toUpperCase()),
);

/**
 * Months from the valuation month to the deal's rent-start month (Rent start, else Start),
 * by the conventions written out here: a stated month; a quarter's middle month; 2H October,
 * 1H April; a bare year July. Undefined when neither names a year.
 */
function monthsToRentStart(d: Deal, valuation: { year: number; month: number }): number | undefined {
  const read = (t: string | undefined): { y: number; m: number } | undefined => {
    if (t === undefined) return undefined;
    const cands: { i: number; y: number; m: number }[] = [];
    const push = (re: RegExp, f: (m: RegExpExecArray) => { y: number; m: number }) => {
      const m = re.exec(t);
      if (m) cands.push({ i: m.index, ...f(m) });
    };
    push(/\b(20\d\d)-(0[1-9]|1[0-2])\b/, (m) => ({ y: +m[1], m: +m[2] }));
    push(/\bQ([1-4]) (20\d\d)/, (m) => ({ y: +m[2], m: [2, 5, 8, 11][+m[1] - 1] }));
    push(/\b([12])H (20\d\d)/, (m) => ({ y: +m[2], m: m[1] === "1" ? 4 : 10 }));
    push(/\bend of (20\d\d)|\bYE(20\d\d)/, (m) => ({ y: +(m[1] ?? m[2]), m: 12 }));
    push(/\bmid-(20\d\d)/, (m) => ({ y: +m[1], m: 7 }));
    push(/\b(20\d\d)\b/, (m) => ({ y: +m[1], m: 7 }));
    // Earliest in the text; at the same place the more specific (pushed first) wins.
    return cands.sort((p, q) => p.i - q.i)[0];
  };
  const s = read(d.rentStart) ?? read(d.start);
  return s === undefined ? undefined : Math.max(0, (s.y - valuation.year) * 12 + s.m - valuation.month);
}

/** What each Deals formula column should show, computed with the core, not with formulas. */
/** A deal as the Comps detail values it: whole (the share applies after), rent from the build months. */
function compsView(d: Deal): Deal {
  return { ...d, ownershipShare: undefined, rentStart: undefined, start: undefined };
}

function expectedDealRow(
  d: Deal,
  a: { discount: number; noi: number; capex: number; escalator: number; build: number },
) {
  const counted = !RESTATED.has(d.id.toUpperCase());
  const share = d.ownershipShare ?? 1;
  const attrMw = counted && d.criticalItMw !== undefined ? d.criticalItMw * share : undefined;
  const attrValue = counted && d.contractValueUsd !== undefined ? d.contractValueUsd * share : undefined;
  const months = monthsToRentStart(d, { year: 2026, month: 12 }) ?? a.build;
  const noRent = d.dealType !== "lease" && !impliedRentMeaning(d).meaningful;
  const has3 = d.contractValueUsd !== undefined && d.termYears !== undefined && d.criticalItMw !== undefined;
  const rent: number | "" = noRent
    ? ""
    : has3
      ? impliedRentUsdPerKwMonth(d.contractValueUsd!, d.termYears!, d.criticalItMw!)
      : (d.statedRentUsdPerKwMonth ?? "");
  const escalator = has3 ? 0 : (d.escalator ?? a.escalator);
  const noi = mid(d.marginLow, d.marginHigh) ?? a.noi;
  const capex = mid(d.capexUsdPerMwLow, d.capexUsdPerMwHigh) ?? a.capex;
  const revenue: number | "" =
    rent !== "" && attrMw !== undefined
      ? revenueUsdPerMwYear(rent) * attrMw
      : attrValue !== undefined && d.termYears !== undefined
        ? attrValue / d.termYears
        : "";
  const isLease = d.dealType === "lease" && rent !== "" && attrMw !== undefined && d.termYears !== undefined;
  const npv: number | "" = isLease
    ? leaseNpvUsd(
        {
          criticalMw: attrMw,
          rentUsdPerKwMonth: rent as number,
          termYears: d.termYears!,
          escalator,
          noiMargin: noi,
          capexUsdPerMw: capex,
          buildMonths: months,
        },
        a.discount,
      )
    : "";
  const perMw: number | "" = npv === "" ? "" : npv / attrMw!;
  return {
    counted,
    attrMw: attrMw ?? "",
    attrValue: attrValue ?? "",
    months,
    noRent,
    rent,
    escalator,
    noi,
    capex,
    revenue,
    npv,
    perMw,
  };
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
      const row = HDR + 1 + i;
      const e = expectedDealRow(d, a);
      const got = (h: string) => value(hh, "Deals", `${L(h)}${row}`);
      const hh = h;
      expect({ id: d.id, counted: got("Counted in totals") }).toEqual({ id: d.id, counted: e.counted });
      close(got("Attributable MW"), e.attrMw as number | "", `${d.id} attributable MW`);
      close(got("Attributable value USD"), e.attrValue as number | "", `${d.id} attributable value`);
      close(got("Months to rent start"), e.months, `${d.id} months to rent start`);
      if (e.noRent)
        expect(got("Rent used USD/kW/month")).toEqual(
          impliedRentMeaning(d).meaningful ? "" : expect.stringContaining(d.id),
        );
      else close(got("Rent used USD/kW/month"), e.rent, `${d.id} rent`);
      close(got("Escalator used"), e.escalator, `${d.id} escalator`);
      close(got("NOI margin used"), e.noi, `${d.id} noi`);
      close(got("Capex USD/MW used"), e.capex, `${d.id} capex`);
      close(got("Annual revenue USD"), e.revenue, `${d.id} revenue`);
      close(got("Lease NPV USD"), e.npv, `${d.id} npv`);
      close(got("NPV per MW USD"), e.perMw, `${d.id} npv per MW`);
      if (e.npv !== "") leases++;
    });
    expect(leases).toBe(DEALS.filter((d) => expectedDealRow(d, a).npv !== "").length);
    expect(leases).toBeGreaterThanOrEqual(14);
  });

  test("a hand check: Hut 8 River Bend's implied rent is $158.73/kW/month (value / term / MW / 12,000)", () => {
    close(value(h, "Deals", `${L("Rent used USD/kW/month")}${HDR + 1}`), 7e9 / 15 / 245 / 12000, "HUT rent");
  });

  test("attributable figures: Abernathy at 50.1%; Cipher's restated parent is replaced; a GPU-cloud rent says why", () => {
    const row = (id: string) => HDR + 1 + DEALS.findIndex((d) => d.id === id);
    const ab = row("WULF-ABERNATHY-2025");
    close(value(h, "Deals", `${L("Attributable MW")}${ab}`), 168 * 0.501, "Abernathy MW");
    close(value(h, "Deals", `${L("Attributable value USD")}${ab}`), 9.5e9 * 0.501, "Abernathy value");
    // 2H 2026 is October 2026: before the December 2026 valuation month, so 0 months.
    close(value(h, "Deals", `${L("Months to rent start")}${ab}`), 0, "Abernathy months");
    close(value(h, "Deals", `${L("Months to rent start")}${row("HUT-RIVERBEND-2025")}`), 5, "River Bend: May 2027");
    const parent = row("CIFR-BARBERLAKE-2025");
    expect(value(h, "Deals", `${L("Counted in totals")}${parent}`)).toBe(false);
    expect(value(h, "Deals", `${L("Attributable MW")}${parent}`)).toBe("");
    expect(value(h, "Deals", `${L("Status")}${parent}`)).toMatch(/replaced: restated by CIFR-BARBERLAKE-EXP-2025/);
    expect(value(h, "Deals", `${L("Rent used USD/kW/month")}${row("IREN-MICROSOFT-2025")}`)).toMatch(
      /GPU cloud service/,
    );
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
        // Comps values each lease at 100% from the assumptions' build months, then × the share.
        .map((d) => ({
          d,
          e: expectedDealRow(compsView(d), a),
          share: ownershipShareOf(d),
          mw: attributableMw(d) ?? 0,
        }));
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
