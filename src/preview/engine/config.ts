/**
 * HyperFormula's configuration for the preview engine: Excel's conventions (1900 date system
 * with its fictitious 1900-02-29, array arithmetic, Excel's sheet size, no smart rounding).
 */
import type { ConfigParams } from "hyperformula";

export const HYPERFORMULA_CONFIG: Partial<ConfigParams> = {
  licenseKey: "gpl-v3",
  smartRounding: false,
  useArrayArithmetic: true,
  evaluateNullToZero: true,
  leapYear1900: true,
  // Excel's 1900 date system: serial 1 = 1900-01-01 and the fictitious 1900-02-29 = 60 (Lotus
  // compatibility), so DATE(1900,3,1) = 61 and DATE(2026,1,12) = 46034. With leapYear1900 the null
  // date must be 1899-12-31; 1899-12-30 puts every date after February 1900 one day late.
  nullDate: { year: 1899, month: 12, day: 31 },
  dateFormats: ["MM/DD/YYYY", "MM/DD/YY", "YYYY-MM-DD", "YYYY/MM/DD"],
  timeFormats: ["hh:mm", "hh:mm:ss.sss"],
  undoLimit: 0,
  maxRows: 1048576,
  maxColumns: 16384,
};
