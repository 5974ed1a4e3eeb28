/**
 * The credit view of a backstopped HPC lease: how well the rent covers the project debt, and
 * how much of the rent a backstop guarantees. Pure maths, no I/O. It uses the one lease and
 * debt model of core/lease (the model HPC_LEASE_NPV and HPC_EQUITY_IRR use).
 *
 * Debt service coverage (DSCR) of loan year y:
 *   DSCR_y = NOI_y ÷ DS_y
 * - Loan year y covers rent months 12(y − 1) + 1 … min(12y, N) after rent start (N rent
 *   months); debt service starts at rent start (interest during the build is capitalised).
 *   Loan years run from year 1 to the year of the last debt payment (the last amortising
 *   payment, or the last rent month when a balloon is due then).
 * - NOI_y: net cash (gross rent × noi_margin) of those months, USD.
 * - DS_y: the scheduled interest and principal of those months, USD: interest in an
 *   interest-only month, else the level payment. A final balloon (the balance left at the
 *   lease end when amort_years is longer than the term) is refinanced, not covered: it is left
 *   out of DS_y. The last amortising payment (which clears rounding) counts as scheduled.
 * - A loan year with no scheduled service (only at a 0% rate in interest-only months) has no
 *   DSCR; it is left out of the minimum and the average.
 * - Minimum: the lowest DSCR_y. Average: the arithmetic mean of the DSCR_y (not Σ NOI ÷ Σ DS).
 *
 * Backstop coverage = backstop_usd ÷ PV(contracted gross rent), the PV discounted as
 * HPC_LEASE_NPV: effective annual rate, rent month m paid at month build_months + m, month k
 * discounted by (1 + r)^(k/12); gross rent (noi_margin = 1), no capex.
 */
import { ModelError } from "./errors";
import { debtSchedule, leaseNpvUsdOf, leaseSchedule, type DebtTerms, type LeaseTerms } from "./lease";

/** Months in a loan year. */
const MONTHS = 12;

/** One loan year of the coverage schedule. */
export interface DscrYear {
  /** Loan year, 1 = the first 12 months after rent start. */
  readonly year: number;
  /** Net operating income of the year, USD. */
  readonly noiUsd: number;
  /** Scheduled interest and principal of the year (balloon excluded), USD. */
  readonly debtServiceUsd: number;
  /** NOI ÷ debt service; undefined when no service is scheduled in the year. */
  readonly dscr: number | undefined;
}

/** The loan years' NOI, scheduled debt service and DSCR (see the module comment). */
export function dscrSchedule(terms: LeaseTerms, debt: DebtTerms): DscrYear[] {
  const lease = leaseSchedule(terms);
  const d = debtSchedule(terms, debt);
  const B = lease.buildMonths;
  const N = lease.rentMonths;
  let drawnUsd = 0;
  for (let k = 0; k <= B; k++) drawnUsd += d.drawUsd[k];
  if (!(drawnUsd > 0)) {
    throw new ModelError(
      "value",
      "there is no debt: ltc × capex_usd_per_mw × critical_mw is 0, so there is no debt service to cover " +
        "(give ltc > 0 and capex_usd_per_mw > 0).",
    );
  }
  let lastPaymentMonth = 0;
  for (let m = 1; m <= N; m++) if (d.debtServiceUsd[B + m] > 0) lastPaymentMonth = m;
  const years: DscrYear[] = [];
  for (let y = 1; MONTHS * (y - 1) < lastPaymentMonth; y++) {
    let noiUsd = 0;
    let debtServiceUsd = 0;
    for (let m = MONTHS * (y - 1) + 1; m <= Math.min(MONTHS * y, N); m++) {
      noiUsd += lease.netUsd[B + m];
      debtServiceUsd += d.debtServiceUsd[B + m] - d.balloonUsd[B + m];
    }
    years.push({ year: y, noiUsd, debtServiceUsd, dscr: debtServiceUsd > 0 ? noiUsd / debtServiceUsd : undefined });
  }
  return years;
}

/** The DSCRs of the loan years that have scheduled service; an error when there are none. */
function coverages(years: readonly DscrYear[]): number[] {
  const out: number[] = [];
  for (const y of years) if (y.dscr !== undefined) out.push(y.dscr);
  if (out.length === 0) {
    throw new ModelError(
      "value",
      "no debt service is scheduled in any loan year (a 0% debt_rate paying interest only until a balloon): " +
        "there is nothing to cover.",
    );
  }
  return out;
}

/** Lowest DSCR over the loan years. */
export function minDscr(terms: LeaseTerms, debt: DebtTerms): number {
  return Math.min(...coverages(dscrSchedule(terms, debt)));
}

/** Arithmetic mean of the loan years' DSCRs. */
export function avgDscr(terms: LeaseTerms, debt: DebtTerms): number {
  const c = coverages(dscrSchedule(terms, debt));
  let sum = 0;
  for (const x of c) sum += x;
  return sum / c.length;
}

/**
 * Backstop ÷ PV of the contracted gross rent (see the module comment), positional in
 * HPC_BACKSTOP_COVERAGE's order. 1 means the backstop guarantees the whole PV of the rent.
 */
export function backstopCoverageOf(
  backstopUsd: number,
  criticalMw: number,
  rentUsdPerKwMonth: number,
  termYears: number,
  discountRate: number,
  escalator: number,
  buildMonths: number,
): number {
  if (!(backstopUsd >= 0) || !Number.isFinite(backstopUsd))
    throw new ModelError("value", `backstop_usd must be a number ≥ 0 (USD); got ${backstopUsd}.`);
  const rentPvUsd = leaseNpvUsdOf(criticalMw, rentUsdPerKwMonth, termYears, discountRate, escalator, 1, 0, buildMonths);
  if (!(rentPvUsd > 0)) {
    throw new ModelError(
      "value",
      `the contracted rent has no positive present value (rent_usd_kw_month = ${rentUsdPerKwMonth}), so there is nothing for the backstop to cover.`,
    );
  }
  return backstopUsd / rentPvUsd;
}
