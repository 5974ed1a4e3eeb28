/**
 * The contracted-revenue schedule. Oracles: schedules built by hand here (month counts and
 * escalator steps written out), and the deal list itself (each company's years add up to the
 * Σ value × ownership share of its schedulable effective deals, computed in the test).
 */
import {
  contractRevenueByYear,
  parseRentStart,
  revenueByYear,
  type ScheduleContract,
} from "../../src/core/revenueSchedule";
import { bundledDataset } from "../../src/deals/dataset";
import { effectiveDeals, matchesCompany } from "../../src/deals/query";
import {
  DEFAULT_LEASE_NOI_MARGIN,
  HPC_REVENUE_SCHEDULE,
  revenueSchedule,
  scheduleContracts,
} from "../../src/functions/revenue";
import { isError } from "../support/excel";

const deals = bundledDataset().deals;
const c = (over: Partial<ScheduleContract>): ScheduleContract => ({
  id: "T",
  valueUsd: 120e6,
  termYears: 1,
  startYear: 2026,
  startMonth: 7,
  escalator: 0,
  share: 1,
  ...over,
});
const close = (a: number, b: number): void =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));

describe("rent start conventions", () => {
  test.each([
    ["2026-08", 2026, 8],
    ["Q2 2027", 2027, 5],
    ["Q4 2025 to 2027", 2025, 11],
    ["2H 2026", 2026, 10],
    ["1H 2026 / 2027", 2026, 4],
    ["phased 2026-01 to 2026-05", 2026, 1],
    ["20 MW 2026-04-30, 20 MW 2026-05-30", 2026, 4],
    ["mid-2027", 2027, 7],
    ["site completion targeted around the end of 2026", 2026, 12],
    ["2026", 2026, 7],
  ])("%s is %i-%i", (text, year, month) => {
    expect(parseRentStart(text)).toMatchObject({ year, month });
  });
  test("no year, no start", () => {
    expect(parseRentStart("after permitting")).toBeUndefined();
    expect(parseRentStart(undefined)).toBeUndefined();
  });
});

describe("one contract, by hand", () => {
  test("a flat year from July splits 6/6", () => {
    expect(contractRevenueByYear(c({}), 2026, 3)).toEqual([60e6, 60e6, 0]);
  });
  test("the escalator steps on the anniversary, and the months add up to the value", () => {
    // 2 years from 2026-04 at 10%: base b with 12b + 12(1.1b) = 252e6 → b = 10e6.
    // 2026: Apr–Dec 9b = 90e6; 2027: Jan–Mar 3b + Apr–Dec 9(1.1b) = 30e6 + 99e6; 2028: Jan–Mar 3(1.1b) = 33e6.
    const r = contractRevenueByYear(c({ valueUsd: 252e6, termYears: 2, startMonth: 4, escalator: 0.1 }), 2026, 3);
    [90e6, 129e6, 33e6].forEach((v, i) => close(r[i], v));
  });
  test("ownership share scales, and years before the window are cut off", () => {
    const r = contractRevenueByYear(
      c({ share: 0.5, startYear: 2025, startMonth: 1, termYears: 2, valueUsd: 240e6 }),
      2026,
      2,
    );
    expect(r).toEqual([60e6, 0]);
  });
  test("a bad contract is #VALUE!-kind", () => {
    expect(() => contractRevenueByYear(c({ startMonth: 13 }), 2026, 1)).toThrow(/start month/);
    expect(() => revenueByYear([c({ share: 0 })], 2026, 1)).toThrow(/ownership share/);
  });
});

describe("the deal list", () => {
  const tickers = [...new Set(deals.map((d) => d.ticker))];
  test.each(tickers.filter((t) => t !== "BTDR"))("%s: its years add up to its attributable contract values", (t) => {
    const sel = scheduleContracts(t, "gross", deals);
    const expected = effectiveDeals(deals)
      .filter((d) => matchesCompany(d, t) && sel.contracts.some((x) => x.id === d.id))
      .reduce((s, d) => s + d.contractValueUsd! * (d.ownershipShare ?? 1), 0);
    const rows = revenueSchedule(t, 2020, 60, "gross", deals);
    close(
      rows.reduce((s, r) => s + r[1], 0),
      expected,
    );
    expect(rows[0][0]).toBe(2020);
    expect(rows[59][0]).toBe(2079);
  });
  test("Cipher counts the restated Barber Lake lease once; TeraWulf's Abernathy at 50.1%", () => {
    expect(scheduleContracts("CIFR", "gross", deals).contracts.map((x) => x.id)).not.toContain("CIFR-BARBERLAKE-2025");
    const abernathy = revenueSchedule("WULF-ABERNATHY-2025", 2026, 30, "gross", deals);
    close(
      abernathy.reduce((s, r) => s + r[1], 0),
      9.5e9 * 0.501,
    );
    // 2H 2026 → October 2026: 3 of 300 flat months in 2026.
    close(abernathy[0][1], (9.5e9 * 0.501 * 3) / 300);
  });
  test("GPU-cloud revenue is included on gross, left out on noi without a stated margin", () => {
    const iren = scheduleContracts("IREN", "gross", deals);
    expect(iren.contracts.map((x) => x.id)).toEqual(["IREN-MICROSOFT-2025"]);
    expect(() => revenueSchedule("IREN", 2026, 5, "noi", deals)).toThrow(/no stated NOI margin/);
  });
  test("noi: the stated NOI margin's middle, else the lease default", () => {
    const gross = revenueSchedule("CIFR-BARBERLAKE-2025", 2026, 12, "gross", deals);
    const noi = revenueSchedule("CIFR-BARBERLAKE-2025", 2026, 12, "noi", deals);
    noi.forEach((r, i) => close(r[1], gross[i][1] * 0.825));
    const hutG = revenueSchedule("HUT", 2027, 3, "gross", deals);
    const hutN = revenueSchedule("HUT", 2027, 3, "noi", deals);
    hutN.forEach((r, i) => close(r[1], hutG[i][1] * DEFAULT_LEASE_NOI_MARGIN));
  });
  test("the documented example, by hand", () => {
    // $7.0B, 15 y, 3%: b = 7e9 / (12 Σ_{k<15} 1.03^k); May 2027 start.
    const b = 7e9 / ((12 * (1.03 ** 15 - 1)) / 0.03);
    const rows = HPC_REVENUE_SCHEDULE("HUT-RIVERBEND-2025", [[2027]], [[2]], null);
    expect(rows[0][0]).toBe(2027);
    close(rows[0][1] as number, 8 * b);
    close(rows[1][1] as number, 4 * b + 8 * 1.03 * b);
    expect(Math.abs((rows[0][1] as number) - 250910708.82)).toBeLessThan(0.01);
    expect(Math.abs((rows[1][1] as number) - 383893384.5)).toBeLessThan(0.01);
  });
  test("errors the user can read", () => {
    const unknown = HPC_REVENUE_SCHEDULE("NOPE", 2026, 5)[0][0];
    expect(isError(unknown) && unknown.code).toBe("#N/A");
    const btdr = HPC_REVENUE_SCHEDULE("BTDR", 2026, 5)[0][0];
    expect(isError(btdr) && btdr.message).toMatch(/BTDR-TYDAL-2026: no stated contract value/);
    const bad = HPC_REVENUE_SCHEDULE("HUT", 2026, 0)[0][0];
    expect(isError(bad) && bad.code).toBe("#VALUE!");
    expect(isError(bad) && bad.message).toMatch(/years/);
    const basis = HPC_REVENUE_SCHEDULE("HUT", 2026, 5, "net")[0][0];
    expect(isError(basis) && basis.code).toBe("#VALUE!");
  });
});
