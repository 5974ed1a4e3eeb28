/**
 * The HPC lease model: one definition used by every lease function (pure maths, no I/O).
 * Sources: the lease terms as the miners' releases state them (critical IT MW, $/kW/month rent,
 * term, annual escalator, NOI margin, build months and capex per MW; see the deal data), in the
 * timeline below.
 *
 * Timeline. Valuation at t = 0; month k ends at t = k/12 years.
 * - Build: `buildMonths` B (whole, ≥ 0). Capex C = capexUsdPerMw × criticalMw is spent in
 *   equal parts C/B at the end of months 1..B, or all at t = 0 when B = 0.
 * - Rent: months m = 1..N, N = round(termYears × 12), fall at month B + m.
 *   Gross rent_m = criticalMw × 1000 × rentUsdPerKwMonth × (1 + escalator)^floor((m − 1)/12)
 *   (the escalator steps once a lease year). Net cash_m = gross_m × noiMargin.
 * - Discounting: `discountRate` is an EFFECTIVE ANNUAL rate (> −1, ≤ 1 = 100%); the monthly rate is
 *   (1 + r)^(1/12) − 1. So leaseNpvUsd = Excel NPV((1+r)^(1/12)−1, flows of months 1..B+N)
 *   + flow at t = 0 (Excel's NPV discounts its first value one period).
 * - Debt (equity IRR): `debtRate` is a NOMINAL annual rate compounded monthly (rate/12), as
 *   loans are quoted.
 */
import { ModelError } from "./errors";
import { annualEffectiveFromMonthly, annuityFactor, geometricSum, irr, pmt } from "./finance";

export interface LeaseTerms {
  /** Critical IT load leased, MW. */
  readonly criticalMw: number;
  /** Rent, USD per kW of critical IT per month, in lease year 1. */
  readonly rentUsdPerKwMonth: number;
  /** Lease term, years; rent months = round(termYears × 12). */
  readonly termYears: number;
  /** Annual escalator, stepping once a lease year (0.03 = 3%), > −1 and ≤ MAX_ESCALATOR. Default 0. */
  readonly escalator?: number;
  /** Net operating income as a share of gross rent, in (0, 1]. Default 1. */
  readonly noiMargin?: number;
  /** Build cost, USD per MW of critical IT. Default 0. */
  readonly capexUsdPerMw?: number;
  /** Months of construction before rent starts (whole, ≥ 0). Default 0. */
  readonly buildMonths?: number;
}

/** Months in a lease year. */
const MONTHS = 12;

/**
 * Largest effective annual discount rate accepted: 1 = 100% a year. A rate is a fraction
 * (0.08 = 8%); above 100% the likelier cause is a percentage typed as a whole number (8 for
 * 8%), which would otherwise value every lease at nearly nothing without a word.
 */
export const MAX_DISCOUNT_RATE = 1;
/** Largest annual rent escalator accepted: 1 = rent doubling every lease year (0.03 = 3%). */
export const MAX_ESCALATOR = 1;

/** A domain error: #VALUE! with a message naming the argument and its range (#NUM! is kept for
 * computations with no result, such as an IRR that does not exist). */
function fail(message: string): never {
  throw new ModelError("value", message);
}

/** Validated, defaulted terms with the derived month counts. */
interface Resolved {
  readonly mw: number;
  readonly rent: number;
  readonly escalator: number;
  readonly noi: number;
  readonly capexUsd: number;
  readonly buildMonths: number;
  readonly rentMonths: number;
}

/** Rent months of a term: round(termYears × 12), at least 1. */
export function rentMonthsOf(termYears: number): number {
  if (!(termYears > 0) || !Number.isFinite(termYears))
    fail(`term_years must be a number > 0 (years); got ${termYears}.`);
  const n = Math.round(termYears * MONTHS);
  if (n < 1) fail(`term_years must be at least 1/24 year so that it rounds to one rent month; got ${termYears}.`);
  return n;
}

/** Checks an effective annual discount rate: > −100% and ≤ MAX_DISCOUNT_RATE (100%). */
export function checkDiscountRate(discountRate: number): void {
  if (!(discountRate > -1 && discountRate <= MAX_DISCOUNT_RATE)) {
    fail(
      `discount_rate must be a number > -1 and ≤ ${MAX_DISCOUNT_RATE} (effective annual rate, 0.08 = 8%); got ${discountRate}.`,
    );
  }
}

/** Checks the lease inputs other than the term and the discount rate (core callers skip the adapter). */
function checkLease(
  mw: number,
  rent: number,
  escalator: number,
  noi: number,
  capexPerMw: number,
  buildMonths: number,
): void {
  if (!(mw >= 0) || !Number.isFinite(mw)) fail(`critical_mw must be a number ≥ 0 (MW); got ${mw}.`);
  if (!Number.isFinite(rent)) fail(`rent_usd_kw_month must be a finite number (USD per kW per month); got ${rent}.`);
  if (!(escalator > -1 && escalator <= MAX_ESCALATOR))
    fail(
      `escalator must be a number > -1 and ≤ ${MAX_ESCALATOR} (rent step per lease year, 0.03 = 3%); got ${escalator}.`,
    );
  if (!(noi > 0 && noi <= 1)) fail(`noi_margin must be a number > 0 and ≤ 1 (share of gross rent); got ${noi}.`);
  if (!(capexPerMw >= 0) || !Number.isFinite(capexPerMw))
    fail(`capex_usd_per_mw must be a number ≥ 0 (USD per MW); got ${capexPerMw}.`);
  if (!Number.isInteger(buildMonths) || buildMonths < 0)
    fail(`build_months must be a whole number ≥ 0 (months); got ${buildMonths}.`);
}

function resolve(t: LeaseTerms): Resolved {
  const escalator = t.escalator ?? 0;
  const noi = t.noiMargin ?? 1;
  const capexPerMw = t.capexUsdPerMw ?? 0;
  const buildMonths = t.buildMonths ?? 0;
  checkLease(t.criticalMw, t.rentUsdPerKwMonth, escalator, noi, capexPerMw, buildMonths);
  const rentMonths = rentMonthsOf(t.termYears);
  return {
    mw: t.criticalMw,
    rent: t.rentUsdPerKwMonth,
    escalator,
    noi,
    capexUsd: capexPerMw * t.criticalMw,
    buildMonths,
    rentMonths,
  };
}

/**
 * NPV in USD of the lease at t = 0, closed form, O(1) in the term.
 *
 * With L = ln(1 + r)/12 (monthly log discount), S(n) = Σ_{k=1..n} e^{−kL} (annuity factor),
 * D = ln(1 + escalator) − 12L, Y full lease years and R remaining months (N = 12Y + R):
 *   PV(capex) = C (B = 0)  or  (C/B)·S(B)
 *   PV(rent)  = net₁ · e^{−BL} · [ S(12) · Σ_{y<Y} e^{yD} + e^{YD} · S(R) ]
 * where net₁ = MW × 1000 × rent × noi is the monthly net cash of lease year 1.
 * NPV = PV(rent) − PV(capex) = Excel NPV(monthly rate, months 1..B+N) + flow at t = 0.
 */
export function leaseNpvUsd(terms: LeaseTerms, discountRate: number): number {
  return leaseNpvUsdOf(
    terms.criticalMw,
    terms.rentUsdPerKwMonth,
    terms.termYears,
    discountRate,
    terms.escalator ?? 0,
    terms.noiMargin ?? 1,
    terms.capexUsdPerMw ?? 0,
    terms.buildMonths ?? 0,
  );
}

/**
 * leaseNpvUsd with positional arguments in HPC_LEASE_NPV's order (no allocation: the
 * sensitivity grids call it once per cell).
 */
export function leaseNpvUsdOf(
  criticalMw: number,
  rentUsdPerKwMonth: number,
  termYears: number,
  discountRate: number,
  escalator: number,
  noiMargin: number,
  capexUsdPerMw: number,
  buildMonths: number,
): number {
  checkDiscountRate(discountRate);
  checkLease(criticalMw, rentUsdPerKwMonth, escalator, noiMargin, capexUsdPerMw, buildMonths);
  const rentMonths = rentMonthsOf(termYears);
  const logDiscount = Math.log1p(discountRate) / MONTHS;
  const B = buildMonths;
  const capexUsd = capexUsdPerMw * criticalMw;
  const capexPv = B === 0 ? capexUsd : (capexUsd / B) * annuityFactor(B, logDiscount);
  const years = Math.floor(rentMonths / MONTHS);
  const rest = rentMonths - years * MONTHS;
  const logRatio = Math.log1p(escalator) - MONTHS * logDiscount;
  const net1 = criticalMw * 1000 * rentUsdPerKwMonth * noiMargin;
  const yearsPv = annuityFactor(MONTHS, logDiscount) * geometricSum(years, logRatio);
  const restPv = rest === 0 ? 0 : Math.exp(years * logRatio) * annuityFactor(rest, logDiscount);
  const rentPv = net1 * Math.exp(-B * logDiscount) * (yearsPv + restPv);
  return rentPv - capexPv;
}

/** The monthly schedule: index k is month k (0 = t = 0), length buildMonths + rentMonths + 1. */
export interface LeaseSchedule {
  readonly buildMonths: number;
  readonly rentMonths: number;
  /** Gross rent, USD (≥ 0). */
  readonly grossUsd: Float64Array;
  /** Net cash = gross × noi margin, USD. */
  readonly netUsd: Float64Array;
  /** Capex, USD, as a negative flow. */
  readonly capexUsd: Float64Array;
  /** net + capex, USD: the flows the NPV discounts and the IRR solves. */
  readonly totalUsd: Float64Array;
}

/** Builds the explicit monthly schedule the NPV discounts (for audit, IRR and the debt model). */
export function leaseSchedule(terms: LeaseTerms): LeaseSchedule {
  const t = resolve(terms);
  const B = t.buildMonths;
  const length = B + t.rentMonths + 1;
  const grossUsd = new Float64Array(length);
  const netUsd = new Float64Array(length);
  const capexUsd = new Float64Array(length);
  const totalUsd = new Float64Array(length);
  // 0 − x, not −x: no capex shows as 0, not −0.
  if (B === 0) capexUsd[0] = 0 - t.capexUsd;
  else for (let k = 1; k <= B; k++) capexUsd[k] = 0 - t.capexUsd / B;
  const base = t.mw * 1000 * t.rent;
  for (let m = 1; m <= t.rentMonths; m++) {
    const gross = base * Math.pow(1 + t.escalator, Math.floor((m - 1) / MONTHS));
    grossUsd[B + m] = gross;
    netUsd[B + m] = gross * t.noi;
  }
  for (let k = 0; k < length; k++) totalUsd[k] = netUsd[k] + capexUsd[k];
  return { buildMonths: B, rentMonths: t.rentMonths, grossUsd, netUsd, capexUsd, totalUsd };
}

/**
 * Unlevered IRR of the lease, effective annual: (1 + monthly IRR)^12 − 1, the monthly IRR
 * solved on the schedule's total flows (month 0 at t = 0), as Excel's IRR on the same flows.
 * #NUM! (ModelError "num") when there is no rate of return (e.g. no capex: no negative flow).
 */
export function leaseIrrAnnual(terms: LeaseTerms): number {
  const s = leaseSchedule(terms);
  return annualEffectiveFromMonthly(irr(s.totalUsd));
}

export interface DebtTerms {
  /** Loan to cost: the share of each capex draw funded by debt, in [0, 1). */
  readonly ltc: number;
  /** Nominal annual interest rate, compounded monthly (rate / 12). */
  readonly debtRate: number;
  /** Years over which the level payment amortises the debt, from rent start. Default: the lease term. */
  readonly amortYears?: number;
  /** Months after rent start that pay interest only (whole, ≥ 0, < amortYears × 12). Default 0. */
  readonly interestOnlyMonths?: number;
}

/** The levered monthly schedule: debt and equity flows, same indexing as LeaseSchedule. */
export interface DebtSchedule {
  /** Debt drawn, USD (≥ 0). */
  readonly drawUsd: Float64Array;
  /** Interest accrued in the month, USD (capitalised during the build). */
  readonly interestUsd: Float64Array;
  /** Debt service paid (interest + principal, balloon included), USD (≥ 0). */
  readonly debtServiceUsd: Float64Array;
  /**
   * The lease-end balloon inside debtServiceUsd, USD (≥ 0): in the last rent month, when the
   * loan is not yet repaid, what is paid beyond that month's scheduled payment (interest, in
   * an interest-only month, else the level payment). 0 in every other month.
   */
  readonly balloonUsd: Float64Array;
  /** Balance at the end of the month, after draws and payments, USD. */
  readonly balanceUsd: Float64Array;
  /** Equity flows: −(1 − ltc) × capex draws, then net cash − debt service, USD. */
  readonly equityUsd: Float64Array;
}

/**
 * The debt and equity schedule of the lease.
 *
 * - Draws: debt funds `ltc` of each capex draw (at t = 0 when build_months = 0, else at the
 *   end of each build month). Interest during construction (balance × rate/12 each month) is
 *   capitalised into the balance.
 * - From rent start (end of month B): the first `interestOnlyMonths` pay interest only; then
 *   a level payment PMT(rate/12, amortMonths − interestOnlyMonths, balance) amortises the
 *   balance so the loan is repaid amortYears after rent start. If that is later than the
 *   lease end, the balance left after the last rent month is repaid then (a balloon).
 * - Equity: −(1 − ltc) × each capex draw, then net cash − debt service each rent month.
 */
export function debtSchedule(terms: LeaseTerms, debt: DebtTerms): DebtSchedule {
  const s = leaseSchedule(terms);
  const { ltc, debtRate } = debt;
  if (!(ltc >= 0 && ltc < 1)) fail(`ltc must be a number ≥ 0 and < 1 (loan to cost); got ${ltc}.`);
  if (!(debtRate >= 0) || !Number.isFinite(debtRate))
    fail(`debt_rate must be a number ≥ 0 (nominal annual rate); got ${debtRate}.`);
  const amortMonths = debt.amortYears === undefined ? s.rentMonths : Math.round(debt.amortYears * MONTHS);
  if (!(amortMonths >= 1)) fail(`amort_years must be at least 1/24 year (years); got ${debt.amortYears}.`);
  const io = debt.interestOnlyMonths ?? 0;
  if (!Number.isInteger(io) || io < 0 || io >= amortMonths) {
    fail(
      `interest_only_months must be a whole number ≥ 0 and < amort_years × 12 = ${amortMonths} (months); got ${io}.`,
    );
  }
  const B = s.buildMonths;
  const N = s.rentMonths;
  const length = s.totalUsd.length;
  const j = debtRate / MONTHS;
  const drawUsd = new Float64Array(length);
  const interestUsd = new Float64Array(length);
  const debtServiceUsd = new Float64Array(length);
  const balloonUsd = new Float64Array(length);
  const balanceUsd = new Float64Array(length);
  const equityUsd = new Float64Array(length);

  let balance = 0;
  for (let k = 0; k <= B; k++) {
    const capex = -s.capexUsd[k];
    const interest = balance * j;
    const draw = ltc * capex;
    balance += interest + draw;
    drawUsd[k] = draw;
    interestUsd[k] = interest;
    balanceUsd[k] = balance;
    equityUsd[k] = s.netUsd[k] - (capex - draw);
  }
  const payment = balance === 0 ? 0 : -pmt(j, amortMonths - io, balance);
  for (let m = 1; m <= N; m++) {
    const k = B + m;
    const interest = balance * j;
    let service = 0;
    if (balance > 0) {
      if (m === amortMonths || m === N) {
        // The last amortising payment, or the lease-end balloon, clears the balance exactly.
        service = balance + interest;
        if (m !== amortMonths) balloonUsd[k] = service - (m <= io ? interest : Math.min(payment, service));
        balance = 0;
      } else {
        service = m <= io ? interest : Math.min(payment, balance + interest);
        balance = balance + interest - service;
      }
    }
    interestUsd[k] = interest;
    debtServiceUsd[k] = service;
    balanceUsd[k] = balance;
    equityUsd[k] = s.netUsd[k] - service;
  }
  return { drawUsd, interestUsd, debtServiceUsd, balloonUsd, balanceUsd, equityUsd };
}

/** Equity IRR, effective annual: (1 + monthly IRR of the equity flows)^12 − 1. #NUM! when none exists. */
export function equityIrrAnnual(terms: LeaseTerms, debt: DebtTerms): number {
  return annualEffectiveFromMonthly(irr(debtSchedule(terms, debt).equityUsd));
}

/** Implied rent of a headline deal, USD/kW/month = value / term / (MW × 1000) / 12 (averages the escalators). */
export function impliedRentUsdPerKwMonth(contractValueUsd: number, termYears: number, criticalMw: number): number {
  if (!(termYears > 0)) fail(`term_years must be a number > 0 (years); got ${termYears}.`);
  if (!(criticalMw > 0)) fail(`critical_mw must be a number > 0 (MW); got ${criticalMw}.`);
  return contractValueUsd / termYears / (criticalMw * 1000) / MONTHS;
}

/** Rent per MW per year, USD: rent × 1000 kW × 12 months × noi margin (gross rent when noi = 1). */
export function revenueUsdPerMwYear(rentUsdPerKwMonth: number, noiMargin = 1): number {
  if (!(noiMargin > 0 && noiMargin <= 1))
    fail(`noi_margin must be a number > 0 and ≤ 1 (share of gross rent); got ${noiMargin}.`);
  return rentUsdPerKwMonth * 1000 * MONTHS * noiMargin;
}
