/**
 * The Comps sheet's deal detail: one row per effective deal of the selected companies (a deal
 * restated by another row is replaced by it, not added), below the declared rows. Each row
 * reads its deal with PIVOT.DEAL (so the sheet does not depend on the Deals sheet), values it
 * with HPC_IMPLIED_RENT / HPC_LEASE_NPV / HPC_BACKSTOP_COVERAGE / HPC_DSCR over its company's
 * assumptions, and scales MW, value, NPV and backstop by the company's ownership share. The
 * company rows sum it with SUMIFS by ticker.
 */
import type { Deal } from "../deals/schema";
import { cell } from "./a1";
import { asText, type CellInput } from "./cells";
import { COMPS_ROWS, PCT, RENT, ROW, USD } from "./compsRows";

/** Deal detail columns. */
export const DETAIL_HEADERS = [
  "Ticker",
  "Deal ID",
  "Type",
  "MW",
  "Value USD",
  "Term years",
  "Stated rent USD/kW/month",
  "Stated escalator",
  "Margin low",
  "Margin high",
  "Capex USD/MW low",
  "Capex USD/MW high",
  "Ownership share",
  "Backstop USD",
  "Rent used USD/kW/month",
  "Escalator used",
  "NOI margin used",
  "Capex USD/MW used",
  "Lease NPV USD",
  "In deal list",
  "Lease MW",
  "Rent × MW",
  "Term × MW",
  "Attributable MW",
  "Attributable value USD",
  "Attributable backstop USD",
  "Rent PV USD (leases with a backstop)",
  "Minimum DSCR",
] as const;
export type DetailHeader = (typeof DETAIL_HEADERS)[number];
export const D = Object.fromEntries(DETAIL_HEADERS.map((h, i) => [h, i])) as Record<DetailHeader, number>;

export const DETAIL_HEADER_ROW = COMPS_ROWS.length;
export const DETAIL_FIRST_ROW = DETAIL_HEADER_ROW + 1;

/** PIVOT.DEAL field read by each detail column ("" where the source states none). */
const DETAIL_FIELDS: Partial<Record<DetailHeader, string>> = {
  Type: "Type",
  MW: "MW",
  "Value USD": "Value USD",
  "Term years": "Term years",
  "Stated rent USD/kW/month": "Stated rent USD/kW/month",
  "Stated escalator": "Escalator",
  "Margin low": "Margin low",
  "Margin high": "Margin high",
  "Capex USD/MW low": "Capex USD/MW low",
  "Capex USD/MW high": "Capex USD/MW high",
  "Backstop USD": "Backstop USD",
};

export const DETAIL_FORMATS: Record<DetailHeader, string> = {
  Ticker: "General",
  "Deal ID": "General",
  Type: "General",
  MW: "#,##0.0",
  "Value USD": USD,
  "Term years": "0.0",
  "Stated rent USD/kW/month": RENT,
  "Stated escalator": PCT,
  "Margin low": PCT,
  "Margin high": PCT,
  "Capex USD/MW low": USD,
  "Capex USD/MW high": USD,
  "Ownership share": PCT,
  "Backstop USD": USD,
  "Rent used USD/kW/month": RENT,
  "Escalator used": PCT,
  "NOI margin used": PCT,
  "Capex USD/MW used": USD,
  "Lease NPV USD": USD,
  "In deal list": "General",
  "Lease MW": "#,##0.0",
  "Rent × MW": "#,##0",
  "Term × MW": "#,##0",
  "Attributable MW": "#,##0.0",
  "Attributable value USD": USD,
  "Attributable backstop USD": USD,
  "Rent PV USD (leases with a backstop)": USD,
  "Minimum DSCR": "0.00",
};

/** Absolute column range of the detail block: $A$51:$A$66 (one empty row when there are no deals). */
export function detailRange(column: number, count: number): string {
  const last = DETAIL_FIRST_ROW + Math.max(count, 1) - 1;
  return `${cell(DETAIL_FIRST_ROW, column, true)}:${cell(last, column, true)}`;
}

/**
 * One deal-detail row: zero-based sheet row `row`, its company in column `companyCol`.
 * A lease (or colocation) with MW, term and a rent gets a lease NPV; GPU cloud service and
 * other contracts are revenue, not rent, and get none. "Lease NPV USD" is the attributable
 * NPV (the deal's NPV × ownership share); the rent is the deal's own (value ÷ term ÷ MW), which
 * the share does not change; "Lease MW" is the attributable MW of the leases valued.
 */
export function detailRowCells(deal: Deal, row: number, companyCol: number): CellInput[] {
  const c = (h: DetailHeader): string => cell(row, D[h]);
  const a = (key: string): string => cell(ROW[key], companyCol, true);
  const id = c("Deal ID");
  const out: CellInput[] = new Array(DETAIL_HEADERS.length);
  out[D.Ticker] = asText(deal.ticker);
  out[D["Deal ID"]] = asText(deal.id);
  for (const [h, field] of Object.entries(DETAIL_FIELDS) as [DetailHeader, string][]) {
    // "Not stated" is #N/A from PIVOT.DEAL: blank here, so SUMIFS skips it. An unknown id shows in "In deal list".
    out[D[h]] = `=IFNA(PIVOT.DEAL(${id},"${field}"),"")`;
  }
  // No ownership share stated: wholly owned.
  out[D["Ownership share"]] = `=IFNA(PIVOT.DEAL(${id},"Ownership share"),1)`;
  const [v, t, m, sr, share] = [
    c("Value USD"),
    c("Term years"),
    c("MW"),
    c("Stated rent USD/kW/month"),
    c("Ownership share"),
  ];
  const has3 = `AND(ISNUMBER(${v}),ISNUMBER(${t}),ISNUMBER(${m}))`;
  const rent = c("Rent used USD/kW/month");
  const npv = c("Lease NPV USD");
  const esc = c("Escalator used");
  const noi = c("NOI margin used");
  const capex = c("Capex USD/MW used");
  const isRent = `OR(${c("Type")}="lease",${c("Type")}="colocation")`;
  const valued = `AND(${isRent},ISNUMBER(${rent}),ISNUMBER(${m}),ISNUMBER(${t}))`;
  out[D["Rent used USD/kW/month"]] = `=IF(${has3},PIVOT.HPC_IMPLIED_RENT(${v},${t},${m}),IF(ISNUMBER(${sr}),${sr},""))`;
  out[D["Escalator used"]] =
    `=IF(${has3},0,IF(ISNUMBER(${c("Stated escalator")}),${c("Stated escalator")},${a("escalator")}))`;
  out[D["NOI margin used"]] =
    `=IF(COUNT(${c("Margin low")},${c("Margin high")})>0,AVERAGE(${c("Margin low")},${c("Margin high")}),${a("noi")})`;
  out[D["Capex USD/MW used"]] =
    `=IF(COUNT(${c("Capex USD/MW low")},${c("Capex USD/MW high")})>0,AVERAGE(${c("Capex USD/MW low")},${c("Capex USD/MW high")}),${a("capex")})`;
  out[D["Lease NPV USD"]] =
    `=IF(${valued},PIVOT.HPC_LEASE_NPV(${m},${rent},${t},${a("discount")},${esc},${noi},${capex},${a("build")})*${share},"")`;
  out[D["In deal list"]] = `=IF(ISNA(PIVOT.DEAL(${id},"ID")),"missing","ok")`;
  const attMw = c("Attributable MW");
  out[D["Lease MW"]] = `=IF(ISNUMBER(${npv}),${attMw},"")`;
  out[D["Rent × MW"]] = `=IF(ISNUMBER(${npv}),${rent}*${attMw},"")`;
  out[D["Term × MW"]] = `=IF(ISNUMBER(${npv}),${t}*${attMw},"")`;
  out[D["Attributable MW"]] = `=IF(ISNUMBER(${m}),${m}*${share},"")`;
  out[D["Attributable value USD"]] = `=IF(ISNUMBER(${v}),${v}*${share},"")`;
  const b = c("Backstop USD");
  out[D["Attributable backstop USD"]] = `=IF(ISNUMBER(${b}),${b}*${share},"")`;
  // Coverage is a ratio, the same for the deal and the company's share of it: share × PV = share × backstop ÷ coverage.
  out[D["Rent PV USD (leases with a backstop)"]] =
    `=IF(AND(ISNUMBER(${npv}),ISNUMBER(${b})),${c("Attributable backstop USD")}/PIVOT.HPC_BACKSTOP_COVERAGE(${b},${m},${rent},${t},${a("discount")},${esc},${a("build")}),"")`;
  out[D["Minimum DSCR"]] =
    `=IF(ISNUMBER(${npv}),PIVOT.HPC_DSCR(${m},${rent},${t},${capex},${esc},${noi},${a("build")},${a("ltc")},${a("debtRate")}),"")`;
  return out;
}
