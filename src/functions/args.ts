/**
 * The argument specs of the PIVOT mining and lease functions, declared once: an argument
 * name has ONE domain, unit text and default wherever it appears (mining.ts, lease.ts), so a
 * slip such as $/MWh typed where $/kWh belongs is the same #VALUE! in every function.
 *
 * Specs here accept ranges (`broadcast: true`); a function whose parameters are single values
 * (typed `any`, built with `defineFunction`) takes `scalar(spec)`. The few arguments whose
 * default depends on another argument (a height given with or without its date) take
 * `withoutDefault(spec)` and resolve the same market value in their compute.
 *
 * Limits and why:
 * - rates are fractions (0.08 = 8%): discount_rate and escalator are ≤ 1 (100% a year), growth
 *   rates ≤ 10 (+1,000% a year); a percentage typed as a whole number (8 for 8%) is #VALUE! "did you mean 0.08?";
 * - power_usd_kwh ≤ 10 and efficiency_j_th ≤ 1000 catch $/MWh and W/PH typed by mistake;
 * - terms ≤ 100 years, build ≤ 600 months (50 years), heights ≤ 2^31 − 1 (Bitcoin Core's int).
 *
 * Market defaults: read from `marketValues()` at each call, the store's own fields, which it
 * derives once (network EH/s from difficulty, subsidy from height, hashprice from both), so
 * every function's default is the same number PIVOT.MARKET shows.
 */
import { MAX_HEIGHT } from "../core/halving";
import { MAX_EXCEL_SERIAL, MIN_EXCEL_SERIAL, serialFromUnixMs } from "../core/excelDate";
import { MAX_DISCOUNT_RATE, MAX_ESCALATOR } from "../core/lease";
import { BLOCKS_PER_DAY, feeShareOfReward } from "../core/mining";
import { MAX_PUE } from "../core/pivot";
import { MAX_SEED, MAX_SIM_STEPS, MAX_VOL_YR } from "../core/simulationLimits";
import { marketValues } from "../market/values";
import { num, optNum, type NumberArgSpec } from "./adapter/spec";

// ---- limits --------------------------------------------------------------------------------

/** Longest lease term or mining horizon, years. */
export const MAX_TERM_YEARS = 100;
/** Longest build period, months (50 years). */
export const MAX_BUILD_MONTHS = 600;
/** Longest hashprice path, months (50 years). */
export const MAX_PATH_MONTHS = 600;
/** Highest growth rate, effective annual (10 = +1,000% a year). */
export const MAX_GROWTH_YR = 10;
/** Highest fleet efficiency figure accepted, J/TH. */
export const MAX_EFFICIENCY_J_TH = 1000;
/** Highest power price accepted, USD per kWh ($10,000/MWh). */
export const MAX_POWER_USD_KWH = 10;

// ---- market defaults (read at each call) -----------------------------------------------------

export function marketBtcUsd(): number {
  return marketValues().btcUsd;
}

/** Network EH/s implied by the market difficulty (D × 2^32 / 600 / 1e18, derived by the store). */
export function marketNetworkEhs(): number {
  return marketValues().networkEhs;
}

export function marketFeesBtcPerBlock(): number {
  return marketValues().feesBtcPerBlock;
}

/** Bitcoin Core's subsidy at the market height, BTC (derived by the store). */
export function marketSubsidyBtc(): number {
  return marketValues().subsidyBtc;
}

/** The market's difficulty-based hashprice, USD per PH/s per day (derived by the store). */
export function marketHashpriceUsdPerPhDay(): number {
  return marketValues().hashpriceUsdPerPhDay;
}

/** Fees ÷ (subsidy + fees) of the market's block reward: the part of hashprice a halving leaves. */
export function marketFeeShare(): number {
  const v = marketValues();
  return feeShareOfReward(v.feesBtcPerBlock, v.subsidyBtc);
}

export function marketHeight(): number {
  return marketValues().height;
}

/** When the market height was observed (the chain tip then), as an Excel serial (UTC). */
export function marketHeightAsOfSerial(): number {
  return serialFromUnixMs(marketValues().asOfMs.height);
}

/**
 * The market height carried to another day at 144 blocks a day: height + 144 × (day − the
 * day the height was observed), whole days (UTC). The height on the observation day itself
 * is the market height.
 */
export function marketHeightOnDay(serial: number): number {
  const asOfDay = Math.floor(marketHeightAsOfSerial());
  return marketHeight() + BLOCKS_PER_DAY * (Math.floor(serial) - asOfDay);
}

// ---- helpers --------------------------------------------------------------------------------

/** The same spec for a single-value parameter (`defineFunction`): no broadcasting. */
export function scalar<S extends NumberArgSpec>(spec: S): S {
  return { ...spec, broadcast: false };
}

/**
 * The same spec without its default: an omitted value reaches compute as `undefined`, for an
 * argument whose default depends on another argument (compute then applies it).
 */
export function withoutDefault(spec: NumberArgSpec & { readonly optional: true }): NumberArgSpec & {
  readonly optional: true;
} {
  const { default: _unused, ...rest } = spec;
  return rest;
}

const B = { broadcast: true } as const;
/** A fraction as an effective annual rate: > −100% and ≤ max. */
const annualRate = (max: number) => ({ min: -1, minExclusive: true, max }) as const;

// ---- market inputs ----------------------------------------------------------------------------

export const btcUsd = optNum("btc_usd", "USD per BTC", { ...B, min: 0, minExclusive: true, default: marketBtcUsd });
export const networkEhs = optNum("network_eh_s", "EH/s", {
  ...B,
  min: 0,
  minExclusive: true,
  default: marketNetworkEhs,
});
export const feesBtcPerBlock = optNum("fees_btc_per_block", "BTC per block", {
  ...B,
  min: 0,
  default: marketFeesBtcPerBlock,
});
export const subsidyBtc = optNum("subsidy_btc", "BTC per block", {
  ...B,
  min: 0,
  max: 50,
  default: marketSubsidyBtc,
});
export const hashpriceUsdPerPhDay = optNum("hashprice_usd_ph_day", "USD per PH/s per day", {
  ...B,
  min: 0,
  default: marketHashpriceUsdPerPhDay,
});
export const feeShare = optNum("fee_share", "fraction of hashprice from fees, 0.01 = 1%", {
  ...B,
  min: 0,
  max: 1,
  default: marketFeeShare,
});
export const height = optNum("height", "block height", {
  ...B,
  min: 0,
  max: MAX_HEIGHT,
  integer: true,
  default: marketHeight,
});
export const startHeight = optNum("start_height", "block height", {
  ...B,
  min: 0,
  max: MAX_HEIGHT,
  integer: true,
  default: marketHeight,
});

// ---- the fleet ------------------------------------------------------------------------------

export const efficiencyJPerTh = num("efficiency_j_th", "J/TH", {
  ...B,
  min: 0,
  minExclusive: true,
  max: MAX_EFFICIENCY_J_TH,
});
export const powerUsdPerKwh = num("power_usd_kwh", "USD per kWh; $/MWh ÷ 1000, so $50/MWh is 0.05", {
  ...B,
  min: 0,
  max: MAX_POWER_USD_KWH,
});
export const uptime = optNum("uptime", "fraction of hours running, 0.95 = 95%", {
  ...B,
  min: 0,
  minExclusive: true,
  max: 1,
  default: 1,
});
export const poolFee = optNum("pool_fee", "fraction of revenue, 0.02 = 2%", {
  ...B,
  min: 0,
  max: 1,
  maxExclusive: true,
  default: 0,
});
export const otherUsdPerPhDay = optNum("other_usd_ph_day", "USD per PH/s per day", { ...B, min: 0, default: 0 });

/** A growth rate named `name`: effective annual, > −100% and ≤ +1,000%, default 0. */
function growthYr<const N extends string>(name: N) {
  return optNum(name, "effective annual rate, 0.2 = +20% a year", {
    ...B,
    ...annualRate(MAX_GROWTH_YR),
    default: 0,
  });
}
export const btcGrowthYr = growthYr("btc_growth_yr");
export const hashrateGrowthYr = growthYr("hashrate_growth_yr");
export const hashpriceGrowthYr = growthYr("hashprice_growth_yr");

// ---- the lease ----------------------------------------------------------------------------------

export const criticalMw = num("critical_mw", "MW of critical IT", { ...B, min: 0, minExclusive: true });
export const rentUsdPerKwMonth = num("rent_usd_kw_month", "USD per kW per month", { ...B, min: 0 });
export const termYears = num("term_years", "years", { ...B, min: 0, minExclusive: true, max: MAX_TERM_YEARS });
export const discountRate = num("discount_rate", "effective annual rate, 0.08 = 8%", {
  ...B,
  ...annualRate(MAX_DISCOUNT_RATE),
});
export const escalator = optNum("escalator", "rent step per lease year, 0.03 = 3%", {
  ...B,
  ...annualRate(MAX_ESCALATOR),
  default: 0,
});
export const noiMargin = optNum("noi_margin", "fraction of gross rent, 0.85 = 85%", {
  ...B,
  min: 0,
  minExclusive: true,
  max: 1,
  default: 1,
});
/** Build cost per MW of critical IT; required where it precedes required arguments or is the point. */
export const capexUsdPerMw = num("capex_usd_per_mw", "USD per MW", { ...B, min: 0 });
/** Build cost per MW of critical IT, 0 when omitted. */
export const capexUsdPerMwOpt = optNum("capex_usd_per_mw", "USD per MW", { ...B, min: 0, default: 0 });
export const buildMonths = optNum("build_months", "months", {
  ...B,
  min: 0,
  max: MAX_BUILD_MONTHS,
  integer: true,
  default: 0,
});
export const contractValueUsd = num("contract_value_usd", "USD", { ...B, min: 0, minExclusive: true });
export const ltc = num("ltc", "loan to cost, fraction of capex, 0.8 = 80%", {
  ...B,
  min: 0,
  max: 1,
  maxExclusive: true,
});
export const debtRate = num("debt_rate", "nominal annual rate compounded monthly, 0.07 = 7%", { ...B, min: 0, max: 1 });
export const amortYears = optNum("amort_years", "years", { ...B, min: 0, minExclusive: true, max: MAX_TERM_YEARS });
export const interestOnlyMonths = optNum("interest_only_months", "months", {
  ...B,
  min: 0,
  max: 12 * MAX_TERM_YEARS,
  integer: true,
  default: 0,
});
export const pue = optNum("pue", "MW of site power per MW of critical IT", { ...B, min: 1, max: MAX_PUE, default: 1 });

// ---- chain and calendar -------------------------------------------------------------------------

export const difficulty = num("difficulty", "difficulty", { ...B, min: 0, minExclusive: true });
export const blockSeconds = optNum("block_seconds", "seconds per block", {
  ...B,
  min: 0,
  minExclusive: true,
  default: 600,
});
export const blockMinutes = optNum("block_minutes", "minutes per block", {
  ...B,
  min: 0,
  minExclusive: true,
  max: 1440,
  default: 10,
});
export const which = optNum("which", "halvings ahead", { ...B, min: 1, max: 64, integer: true, default: 1 });
export const asOf = optNum("as_of", "Excel date serial", { ...B, min: MIN_EXCEL_SERIAL, max: MAX_EXCEL_SERIAL });
export const startDate = optNum("start_date", "Excel date serial", {
  ...B,
  min: MIN_EXCEL_SERIAL,
  max: MAX_EXCEL_SERIAL,
});
export const months = num("months", "months", { ...B, min: 1, max: MAX_PATH_MONTHS, integer: true });
export const headers = optNum("headers", "1 or TRUE for a header row, 0 or FALSE for none", {
  ...B,
  min: 0,
  max: 1,
  integer: true,
  default: 1,
});

// ---- credit and simulation ------------------------------------------------------------------------

export const backstopUsd = num("backstop_usd", "USD guaranteed", { ...B, min: 0 });
export const btcVolYr = optNum("btc_vol_yr", "annualised volatility of ln(BTC price), 0.6 = 60%", {
  ...B,
  min: 0,
  max: MAX_VOL_YR,
  default: 0,
});
export const btcDriftYr = growthYr("btc_drift_yr");
export const paths = optNum("paths", "simulated paths", {
  ...B,
  min: 1,
  max: MAX_SIM_STEPS,
  integer: true,
  default: 10_000,
});
export const seed = optNum("seed", "whole number", { ...B, min: 0, max: MAX_SEED, integer: true, default: 1 });
/** A lease NPV to compare with; omitted reaches compute as `undefined`. */
export const leaseNpvUsd = optNum("lease_npv_usd", "USD", { ...B });
