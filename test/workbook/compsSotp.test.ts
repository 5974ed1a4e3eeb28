/**
 * Formula level: the Comps sheet's sum of the parts, evaluated by HyperFormula in the fake
 * object model, equals each part recomputed here from the core (src/core), the deal list
 * (src/deals) and the company data (src/companies), for Hut 8, TeraWulf and Cipher. Where a
 * company discloses no figure the test types one (the analyst's path) and checks that the
 * cells waiting on it read #N/A before.
 */
import { companyValue } from "../../src/companies/query";
import { minDscr, backstopCoverageOf } from "../../src/core/credit";
import { impliedRentUsdPerKwMonth, leaseNpvUsd } from "../../src/core/lease";
import {
  miningFloorMonth,
  miningNpvUsdPerMw,
  pivotBreakevenRentUsdPerKwMonth,
  type MiningInputs,
} from "../../src/core/pivot";
import { bundledDataset } from "../../src/deals/dataset";
import { attributableMw, effectiveDeals, ownershipShareOf } from "../../src/deals/query";
import { marketValues } from "../../src/market/values";
import { cell } from "../../src/workbook/a1";
import { COMPS_FIRST_COMPANY_COL, buildComps, compsRow } from "../../src/workbook/compsSheet";
import { forbidConsoleErrors, newWorkbook, value, type Harness } from "./fakeExcel";

const DEALS = bundledDataset().deals;
forbidConsoleErrors();
const TICKERS = ["HUT", "WULF", "CIFR"];
const A = { discount: 0.08, noi: 0.85, capex: 9.5e6, escalator: 0.03, build: 0, ltc: 0.7, debtRate: 0.08 };
/** What the analyst types where the company data discloses nothing (shares, debt, BTC, MW). */
const TYPED: Record<string, number> = { shares: 400e6, debt: 1.2e9, cash: 5e8, btcHeld: 2500, energizedMw: 900 };

function close(actual: unknown, expected: number, what: string): void {
  if (typeof actual !== "number") throw new Error(`${what}: expected ${expected}, got ${JSON.stringify(actual)}`);
  const ok = Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
  expect({ what, actual, ok }).toEqual({ what, actual, ok: true });
}

/** The company's disclosed figure, or undefined. */
function disclosed(ticker: string, field: string): number | undefined {
  try {
    return companyValue(ticker, field) as number;
  } catch {
    return undefined;
  }
}

const mid = (lo?: number, hi?: number): number | undefined =>
  lo === undefined && hi === undefined ? undefined : lo === undefined ? hi : hi === undefined ? lo : (lo + hi) / 2;

/** Every part of the company's sum of the parts, from the core. */
function expected(ticker: string, btcUsd: number, hashprice: number) {
  const m = marketValues();
  const leases = effectiveDeals(DEALS)
    .filter((d) => d.ticker === ticker && d.dealType === "lease" && d.criticalItMw !== undefined)
    .flatMap((d) => {
      const has3 = d.contractValueUsd !== undefined && d.termYears !== undefined;
      const rent = has3
        ? impliedRentUsdPerKwMonth(d.contractValueUsd!, d.termYears!, d.criticalItMw!)
        : d.statedRentUsdPerKwMonth;
      if (rent === undefined || d.termYears === undefined) return [];
      const terms = {
        criticalMw: d.criticalItMw!,
        rentUsdPerKwMonth: rent,
        termYears: d.termYears,
        escalator: has3 ? 0 : (d.escalator ?? A.escalator),
        noiMargin: mid(d.marginLow, d.marginHigh) ?? A.noi,
        capexUsdPerMw: mid(d.capexUsdPerMwLow, d.capexUsdPerMwHigh) ?? A.capex,
        buildMonths: A.build,
      };
      return [{ d, terms, share: ownershipShareOf(d), attMw: attributableMw(d)! }];
    });
  const leaseMw = leases.reduce((s, l) => s + l.attMw, 0);
  const npv = leases.reduce((s, l) => s + leaseNpvUsd(l.terms, A.discount) * l.share, 0);
  const horizon = leaseMw > 0 ? leases.reduce((s, l) => s + l.terms.termYears * l.attMw, 0) / leaseMw : 10;
  const withBackstop = leases.filter((l) => l.d.backstopUsd !== undefined);
  const backstop = withBackstop.reduce((s, l) => s + l.d.backstopUsd! * l.share, 0);
  const rentPv = withBackstop.reduce(
    (s, l) =>
      s +
      (l.d.backstopUsd! * l.share) /
        backstopCoverageOf(
          l.d.backstopUsd!,
          l.terms.criticalMw,
          l.terms.rentUsdPerKwMonth,
          l.terms.termYears,
          A.discount,
          l.terms.escalator,
          A.build,
        ),
    0,
  );
  const dscr = Math.min(...leases.map((l) => minDscr(l.terms, { ltc: A.ltc, debtRate: A.debtRate })));
  const mining: MiningInputs = {
    efficiencyJPerTh: disclosed(ticker, "fleet_j_th") ?? 20,
    powerUsdPerKwh: disclosed(ticker, "power_usd_kwh") ?? 0.05,
    termYears: horizon,
    hashpriceUsdPerPhDay: hashprice,
    hashpriceGrowthYr: 0,
    uptime: 1,
    poolFee: 0.02,
    feeShare: m.feesBtcPerBlock / (m.subsidyBtc + m.feesBtcPerBlock),
    startHeight: m.height,
  };
  const miningPerMw = miningNpvUsdPerMw(mining, A.discount);
  const breakeven = pivotBreakevenRentUsdPerKwMonth(
    { termYears: horizon, escalator: A.escalator, noiMargin: A.noi, capexUsdPerMw: A.capex, buildMonths: A.build },
    mining,
    A.discount,
  );
  const f = (k: string, field: string): number => disclosed(ticker, field) ?? TYPED[k];
  const shares = disclosed(ticker, "shares_diluted") ?? disclosed(ticker, "shares_outstanding") ?? TYPED.shares;
  const energized = f("energizedMw", "energized_mw");
  const miningMw = Math.max(0, energized - leaseMw);
  const netDebt = f("debt", "debt_usd") - f("cash", "cash_usd");
  const btcValue = f("btcHeld", "btc_held") * btcUsd;
  const equity = npv + miningMw * miningPerMw + btcValue - netDebt;
  return {
    leaseMw,
    npv,
    backstop,
    coverage: backstop / rentPv,
    dscr,
    miningPerMw,
    floorMonth: miningFloorMonth(mining),
    breakeven,
    miningMw,
    netDebt,
    btcValue,
    equity,
    perShare: equity / shares,
    shares,
  };
}

describe("Comps sum of the parts equals the core (HUT, WULF, CIFR)", () => {
  let h: Harness;
  const at = (key: string, k: number): string => cell(compsRow(key), COMPS_FIRST_COMPANY_COL + k);
  const got = (key: string, k: number): unknown => value(h, "Comps", at(key, k));
  beforeAll(async () => {
    h = await newWorkbook();
    await buildComps(TICKERS, DEALS, { run: h.run });
  });

  test("an undisclosed fundamental reads #N/A, and so do the parts that need it (no silent zero)", () => {
    // TeraWulf's bundled data discloses neither its BTC held nor its energized MW.
    expect(got("btcHeld", 1)).toBe("#N/A");
    expect(got("btcValue", 1)).toBe("#N/A");
    expect(got("miningMw", 1)).toBe("#N/A");
    expect(got("perShare", 1)).toBe("#N/A");
  });

  test("Cipher's Barber Lake counts once, as restated: 207 MW, not 168 + 207", () => {
    // Barber Lake restated (207 MW); AWS states 300 MW of gross capacity (no critical IT MW) and the
    // third lease states no MW, so neither adds.
    close(got("mw", 2), 207, "CIFR contracted MW");
    // TeraWulf's Abernathy JV at 50.1%: 360 + 168 × 0.501 + 60 MW.
    close(got("mw", 1), 360 + 168 * 0.501 + 60, "WULF attributable MW");
  });

  test("after the analyst types the undisclosed figures, every part and the value per share match", async () => {
    await h.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem("Comps");
      TICKERS.forEach((_t, k) => {
        for (const [key, v] of Object.entries(TYPED)) {
          if (typeof got(key, k) !== "number") s.getRange(at(key, k)).values = [[v]];
        }
      });
      await ctx.sync();
    });
    const btcUsd = value(h, "Comps", cell(compsRow("btcPrice"), 1)) as number;
    const hashprice = value(h, "Comps", cell(compsRow("hashprice"), 1)) as number;
    TICKERS.forEach((t, k) => {
      const e = expected(t, btcUsd, hashprice);
      const contracted = effectiveDeals(DEALS)
        .filter((d) => d.ticker === t && (d.dealType === "lease" || d.dealType === "colocation"))
        .reduce((s, d) => s + (attributableMw(d) ?? 0), 0);
      close(got("mw", k), contracted, `${t} contracted MW`);
      close(got("npv", k), e.npv, `${t} attributable lease NPV`);
      close(got("hpcValue", k), e.npv, `${t} HPC part`);
      close(got("miningPerMw", k), e.miningPerMw, `${t} mining NPV per MW (own fleet and power)`);
      if (e.floorMonth === undefined) expect(got("floorMonth", k)).toBe("never within the horizon");
      else expect(got("floorMonth", k)).toBe(e.floorMonth);
      close(got("breakeven", k), e.breakeven, `${t} break-even rent`);
      close(got("miningMw", k), e.miningMw, `${t} mining MW`);
      close(got("miningValue", k), e.miningMw * e.miningPerMw, `${t} mining part`);
      close(got("btcValue", k), e.btcValue, `${t} BTC part`);
      close(got("netDebt", k), e.netDebt, `${t} net debt`);
      close(got("equity", k), e.equity, `${t} equity value`);
      close(got("perShare", k), e.perShare, `${t} value per diluted share`);
      close(got("dscr", k), e.dscr, `${t} minimum DSCR`);
      if (e.backstop > 0) close(got("coverage", k), e.coverage, `${t} backstop coverage`);
      else expect(got("coverage", k)).toBe("");
      close(got("chartHpc", k), e.npv / e.shares, `${t} chart HPC per share`);
      close(got("chartDebt", k), -e.netDebt / e.shares, `${t} chart net debt per share`);
    });
  });

  test("your share price gives the upside and the EV per MW", async () => {
    await h.run(async (ctx) => {
      ctx.workbook.worksheets.getItem("Comps").getRange(at("sharePrice", 0)).values = [[20]];
      await ctx.sync();
    });
    const btcUsd = value(h, "Comps", cell(compsRow("btcPrice"), 1)) as number;
    const hashprice = value(h, "Comps", cell(compsRow("hashprice"), 1)) as number;
    const e = expected("HUT", btcUsd, hashprice);
    close(got("upside", 0), e.perShare / 20 - 1, "HUT upside");
    const ev = 20 * e.shares + e.netDebt;
    close(got("marketEv", 0), ev, "HUT EV");
    close(got("evPerMw", 0), ev / e.leaseMw, "HUT EV per contracted MW");
    close(got("evPerEnergizedMw", 0), ev / 1020, "HUT EV per energized MW (1,020 MW, its release)");
  });
});
