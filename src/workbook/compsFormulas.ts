/**
 * The formula templates of the Comps rows (compsRows.ts): what each company cell (and column B)
 * holds before the analyst changes it. `T` is the company's ticker cell (C$5), `x(key)` the
 * company's cell in another row, and the deal detail (compsDetail.ts) is summed by ticker.
 *
 * Sum of the parts, per company (USD):
 *   HPC value = Σ attributable lease NPV, net of capex (0 with no valued lease);
 *   mining MW = max(0, energized MW − attributable contracted MW);
 *   mining value = mining MW × PIVOT.MINING_NPV_PER_MW at the company's fleet J/TH and power;
 *   BTC value = BTC held × BTC price; net debt = debt − cash;
 *   equity = HPC + mining + BTC − net debt; value per share = equity ÷ diluted shares;
 *   upside = value per share ÷ your share price − 1; EV = price × shares + net debt.
 * An undisclosed fundamental is #N/A from PIVOT.COMPANY, so the parts that need it read #N/A
 * (not a silent zero) until the analyst types a value.
 */
import { cell } from "./a1";
import { asText, type CellInput } from "./cells";
import { D, detailRange, type DetailHeader } from "./compsDetail";
import { COMPS_ROWS, ROW, SCENARIO_PARAMS } from "./compsRows";

const COMPANY_FIELD: Readonly<Record<string, string>> = {
  cash: "cash_usd",
  debt: "debt_usd",
  btcHeld: "btc_held",
  energizedMw: "energized_mw",
  fleetJTh: "fleet_j_th",
  powerUsdKwh: "power_usd_kwh",
};

/** The default content of a company cell (or of column B when `col` is 1) in row `key`. */
export function defaultCompanyCell(key: string, col: number, detailCount: number): CellInput {
  const spec = COMPS_ROWS[ROW[key]];
  const x = (k: string): string => cell(ROW[k], col);
  const T = `${cell(ROW.ticker, col, false).replace(/(\d+)$/, "$$$1")}`; // C$5: the company's ticker cell
  const det = (h: DetailHeader): string => detailRange(D[h], detailCount);
  const byTicker = (h: DetailHeader): string => `SUMIFS(${det(h)},${det("Ticker")},${T})`;
  const byType = (h: DetailHeader, types: readonly string[]): string =>
    types.map((t) => `SUMIFS(${det(h)},${det("Ticker")},${T},${det("Type")},"${t}")`).join("+");
  const leaseMw = byTicker("Lease MW");
  const B = (k: string): string => `$B$${ROW[k] + 1}`;
  if (col === 1) {
    if (SCENARIO_PARAMS.some((p) => p.key === key)) {
      // The selected scenario's value, by a plain formula: Bear, Bull, else Base.
      const sc = (s: string): string => B(`${key}${s}`);
      return `=IF(${B("scenario")}="Bear",${sc("Bear")},IF(${B("scenario")}="Bull",${sc("Bull")},${sc("Base")}))`;
    }
    if (spec.kind === "assumption") return spec.base ?? "";
    if (spec.kind === "scenario")
      return typeof spec.base === "string" && !spec.base.startsWith("=") ? asText(spec.base) : (spec.base ?? "");
    return "";
  }
  switch (spec.kind) {
    case "assumption":
      if (key === "horizon") return `=IF(${leaseMw}>0,${byTicker("Term × MW")}/${leaseMw},${B("horizon")})`;
      // The company's own figure; column B's default only where the company discloses none.
      if (key === "efficiency") return `=IF(ISNUMBER(${x("fleetJTh")}),${x("fleetJTh")},${B("efficiency")})`;
      if (key === "power") return `=IF(ISNUMBER(${x("powerUsdKwh")}),${x("powerUsdKwh")},${B("power")})`;
      return `=${B(key)}`;
    case "input":
      if (key === "sharePrice") return "";
      if (key === "shares")
        return `=IFERROR(PIVOT.COMPANY(${T},"shares_diluted"),PIVOT.COMPANY(${T},"shares_outstanding"))`;
      return `=PIVOT.COMPANY(${T},"${COMPANY_FIELD[key]}")`;
    case "metric":
      break;
    default:
      return "";
  }
  const num = (k: string): string => `IF(ISNUMBER(${x(k)}),${x(k)},0)`;
  switch (key) {
    case "fleetUsed":
      return `=IF(ISNUMBER(${x("fleetJTh")}),"company J/TH","column B J/TH (undisclosed)")&"; "&IF(ISNUMBER(${x("powerUsdKwh")}),"company power","column B power (undisclosed)")`;
    case "mw":
      return `=${byType("Attributable MW", ["lease", "colocation"])}`;
    case "value":
      return `=${byType("Attributable value USD", ["lease", "colocation"])}`;
    case "other":
      return `=${byType("Attributable value USD", ["GPU cloud service", "other"])}`;
    case "rent":
      return `=IF(${leaseMw}>0,${byTicker("Rent × MW")}/${leaseMw},"")`;
    case "npv":
      return `=IF(${leaseMw}>0,${byTicker("Lease NPV USD")},"")`;
    case "npvPerMw":
      return `=IF(${leaseMw}>0,${byTicker("Lease NPV USD")}/${leaseMw},"")`;
    case "miningPerMw":
      return `=PIVOT.MINING_NPV_PER_MW(${x("efficiency")},${x("power")},${x("horizon")},${x("discount")},${x("hashprice")},${x("growth")},${x("uptime")},${x("poolFee")})`;
    case "floorMonth":
      return `=IFNA(PIVOT.MINING_FLOOR_MONTH(${x("efficiency")},${x("power")},${x("horizon")},${x("hashprice")},${x("growth")},${x("uptime")},${x("poolFee")}),"never within the horizon")`;
    case "breakeven":
      return `=PIVOT.PIVOT_BREAKEVEN_RENT(${x("efficiency")},${x("power")},${x("capex")},${x("horizon")},${x("discount")},${x("noi")},${x("hashprice")},${x("growth")},${x("build")},${x("escalator")},${x("uptime")},${x("poolFee")})`;
    case "rentToBreakeven":
      return `=IF(AND(ISNUMBER(${x("rent")}),ISNUMBER(${x("breakeven")})),${x("rent")}/${x("breakeven")},"")`;
    case "ratio":
      return `=IF(AND(ISNUMBER(${x("npvPerMw")}),ISNUMBER(${x("miningPerMw")}),N(${x("miningPerMw")})>0),${x("npvPerMw")}/${x("miningPerMw")},"")`;
    case "missing":
      return `=COUNTIFS(${det("Ticker")},${T},${det("In deal list")},"missing")`;
    case "backstop":
      return `=${byTicker("Attributable backstop USD")}`;
    case "coverage":
      return `=IF(${byTicker("Rent PV USD (leases with a backstop)")}>0,${x("backstop")}/${byTicker("Rent PV USD (leases with a backstop)")},"")`;
    case "dscr":
      return `=IF(${leaseMw}>0,MINIFS(${det("Minimum DSCR")},${det("Ticker")},${T},${det("Lease MW")},">0"),"")`;
    case "hpcValue":
      return `=${num("npv")}`;
    case "miningMw":
      return `=MAX(0,${x("energizedMw")}-${x("mw")})`;
    case "miningValue":
      return `=${x("miningMw")}*${x("miningPerMw")}`;
    case "btcValue":
      return `=${x("btcHeld")}*${x("btcPrice")}`;
    case "netDebt":
      return `=${x("debt")}-${x("cash")}`;
    case "equity":
      return `=${x("hpcValue")}+${x("miningValue")}+${x("btcValue")}-${x("netDebt")}`;
    case "perShare":
      return `=${x("equity")}/${x("shares")}`;
    case "upside":
      return `=IF(ISNUMBER(${x("sharePrice")}),${x("perShare")}/${x("sharePrice")}-1,"")`;
    case "marketEv":
      return `=IF(ISNUMBER(${x("sharePrice")}),${x("sharePrice")}*${x("shares")}+${x("netDebt")},"")`;
    case "evPerMw":
      return `=IF(AND(ISNUMBER(${x("marketEv")}),N(${x("mw")})>0),${x("marketEv")}/${x("mw")},"")`;
    case "evPerEnergizedMw":
      return `=IF(ISNUMBER(${x("marketEv")}),${x("marketEv")}/${x("energizedMw")},"")`;
    case "chartHeader":
    case "chartRentHeader":
      return `=${T}`;
    case "chartHpc":
      return `=${x("hpcValue")}/${x("shares")}`;
    case "chartMining":
      return `=${x("miningValue")}/${x("shares")}`;
    case "chartBtc":
      return `=${x("btcValue")}/${x("shares")}`;
    case "chartDebt":
      return `=-${x("netDebt")}/${x("shares")}`;
    case "chartRent":
      return `=${x("rent")}`;
    case "chartBreakeven":
      return `=${x("breakeven")}`;
    default:
      throw new Error(`internal error: no formula for comps row ${key}`);
  }
}

/** Column B's content in a row, before any analyst override: the default, or a chart series' name. */
export function baseCell(key: string, detailCount: number): CellInput {
  const spec = COMPS_ROWS[ROW[key]];
  if (spec.kind === "assumption" || spec.kind === "scenario") return defaultCompanyCell(key, 1, detailCount);
  if (key.startsWith("chart") && key !== "chartHeader" && key !== "chartRentHeader") return asText(spec.label);
  return "";
}
