/**
 * The preview engine's date serials equal Excel's 1900 date system. Excel documents serial 1 as
 * 1900-01-01 and keeps the fictitious 1900-02-29 (serial 60, Lotus 1-2-3 compatibility), so
 * 1900-03-01 is 61 (support.microsoft.com "DATE function" and "Excel incorrectly assumes that the
 * year 1900 is a leap year"). 2026-01-12 is 46034: 45658 (2025-01-01, 45,658 days) + 365 + 11.
 */
import { HyperFormula } from "hyperformula";
import { HYPERFORMULA_CONFIG } from "../../src/preview/engine/engine";

function serials(formulas: string[]): unknown[] {
  const hf = HyperFormula.buildFromArray([formulas], HYPERFORMULA_CONFIG);
  try {
    return hf.getSheetValues(0)[0] ?? [];
  } finally {
    hf.destroy();
  }
}

describe("preview engine dates follow Excel's serials", () => {
  test("DATE(1900,1,1) = 1, DATE(1900,2,28) = 59, DATE(1900,3,1) = 61", () => {
    expect(serials(["=DATE(1900,1,1)", "=DATE(1900,2,28)", "=DATE(1900,3,1)"])).toEqual([1, 59, 61]);
  });

  test("DATE(2026,1,12) = 46034, one more than DATE(2026,1,11)", () => {
    expect(serials(["=DATE(2026,1,12)", "=DATE(2026,1,11)"])).toEqual([46034, 46033]);
  });

  test("YEAR/MONTH/DAY read a serial back: 46034 is 2026-01-12", () => {
    expect(serials(["=YEAR(46034)", "=MONTH(46034)", "=DAY(46034)"])).toEqual([2026, 1, 12]);
  });
});
