/**
 * Contracted revenue by calendar year for HPC leases and GPU-cloud contracts (pure: no deal
 * store, no Office). PIVOT.HPC_REVENUE_SCHEDULE and the Revenue mix sheet read it.
 *
 * Conventions:
 * - A contract earns monthly from the first day of its rent-start month for round(term × 12)
 *   months. In contract year k (months 12k … 12k+11) the monthly revenue is base × (1+e)^k,
 *   e the annual escalator (0 when the source states none), and base is scaled so that the
 *   months add up to the stated contract value: base = value ÷ Σ_m (1+e)^floor(m/12).
 * - A calendar year gets the months of the contract that fall in it (pro rata by month).
 * - Attributable revenue is the contract's revenue × the company's ownership share.
 * - Money in USD; escalator and share as fractions (0.03 = 3%).
 */
import { ModelError } from "./errors";

/** One contract as the schedule needs it. */
export interface ScheduleContract {
  readonly id: string;
  /** Stated contract value at 100%, USD (over the initial term, renewals excluded). */
  readonly valueUsd: number;
  readonly termYears: number;
  /** Calendar year and month (1–12) in which rent starts. */
  readonly startYear: number;
  readonly startMonth: number;
  /** Annual escalator, fraction; 0 for flat. */
  readonly escalator: number;
  /** Company's ownership share, fraction in (0, 1]. */
  readonly share: number;
}

/** The month a rent-start text is read as, and the rule used. */
export interface RentStartMonth {
  readonly year: number;
  /** 1–12. */
  readonly month: number;
  readonly rule: string;
}

interface StartPattern {
  readonly re: RegExp;
  readonly read: (m: RegExpExecArray) => { year: number; month: number };
  readonly rule: string;
}

/** Most specific first: at the same position an earlier pattern wins. */
const START_PATTERNS: readonly StartPattern[] = [
  {
    re: /\b(20\d{2})-(0[1-9]|1[0-2])(?:-\d{2})?\b/,
    read: (m) => ({ year: Number(m[1]), month: Number(m[2]) }),
    rule: "a stated month (YYYY-MM)",
  },
  {
    re: /\bQ([1-4])\s*(20\d{2})\b/i,
    read: (m) => ({ year: Number(m[2]), month: 3 * Number(m[1]) - 1 }),
    rule: "a quarter: its middle month (Q1 February, Q2 May, Q3 August, Q4 November)",
  },
  {
    re: /\b([12])H\s*(20\d{2})\b/i,
    read: (m) => ({ year: Number(m[2]), month: m[1] === "1" ? 4 : 10 }),
    rule: "a half year: the month that begins at its midpoint (1H April, 2H October)",
  },
  {
    re: /\b(?:end of|YE)\s*(20\d{2})\b/i,
    read: (m) => ({ year: Number(m[1]), month: 12 }),
    rule: "the end of a year: December",
  },
  {
    re: /\bmid-?\s*(20\d{2})\b/i,
    read: (m) => ({ year: Number(m[1]), month: 7 }),
    rule: "mid-year: July",
  },
  {
    re: /\b(20\d{2})\b/,
    read: (m) => ({ year: Number(m[1]), month: 7 }),
    rule: "a bare year: July, the month that begins at its midpoint",
  },
];

/**
 * Reads a rent-start (or service-start) text as a month: the first date the text names, by
 * the rules of START_PATTERNS (a stated month as is; a quarter its middle month; a half the
 * month at its midpoint; "end of"/"YE" December; "mid-" and a bare year July). Undefined when
 * the text names no year. Example: "Q2 2027" is May 2027; "phased 2026-01 to 2026-05" is
 * January 2026; "2H 2026" is October 2026.
 */
export function parseRentStart(text: string | undefined): RentStartMonth | undefined {
  if (text === undefined) return undefined;
  let best: { index: number; order: number; value: RentStartMonth } | undefined;
  START_PATTERNS.forEach((p, order) => {
    const m = p.re.exec(text);
    if (m === null) return;
    if (best === undefined || m.index < best.index || (m.index === best.index && order < best.order)) {
      const ym = p.read(m);
      best = { index: m.index, order, value: { ...ym, rule: p.rule } };
    }
  });
  return best?.value;
}

/** Months a contract earns for: round(term × 12), at least 1. */
export function termMonths(termYears: number): number {
  return Math.max(1, Math.round(termYears * 12));
}

/** Σ over the term's months of (1+e)^floor(m/12): the divisor that turns value into base. */
function escalatedMonthSum(months: number, escalator: number): number {
  let sum = 0;
  for (let m = 0; m < months; m++) sum += (1 + escalator) ** Math.floor(m / 12);
  return sum;
}

function checkContract(c: ScheduleContract): void {
  const bad = (what: string): never => {
    throw new ModelError("value", `contract ${c.id}: ${what}`);
  };
  if (!Number.isFinite(c.valueUsd) || c.valueUsd < 0) bad(`value must be a number ≥ 0 (USD); got ${c.valueUsd}`);
  if (!Number.isFinite(c.termYears) || c.termYears <= 0 || c.termYears > 100)
    bad(`term must be > 0 and ≤ 100 (years); got ${c.termYears}`);
  if (!Number.isInteger(c.startYear) || c.startYear < 1900 || c.startYear > 9999)
    bad(`start year must be a whole number from 1900 to 9999; got ${c.startYear}`);
  if (!Number.isInteger(c.startMonth) || c.startMonth < 1 || c.startMonth > 12)
    bad(`start month must be a whole number from 1 to 12; got ${c.startMonth}`);
  if (!Number.isFinite(c.escalator) || c.escalator <= -1 || c.escalator > 1)
    bad(`escalator must be > -1 and ≤ 1 (fraction per year); got ${c.escalator}`);
  if (!Number.isFinite(c.share) || c.share <= 0 || c.share > 1)
    bad(`ownership share must be > 0 and ≤ 1 (fraction); got ${c.share}`);
}

/**
 * Attributable revenue of one contract in each calendar year firstYear … firstYear+years-1,
 * USD. Example: $120M over 1 year from July 2026, flat, wholly owned: 2026 is $60M and 2027
 * is $60M.
 */
export function contractRevenueByYear(c: ScheduleContract, firstYear: number, years: number): number[] {
  checkContract(c);
  const out = new Array<number>(years).fill(0);
  const months = termMonths(c.termYears);
  const base = (c.valueUsd * c.share) / escalatedMonthSum(months, c.escalator);
  const startIndex = c.startYear * 12 + (c.startMonth - 1);
  for (let m = 0; m < months; m++) {
    const year = Math.floor((startIndex + m) / 12);
    const slot = year - firstYear;
    if (slot < 0) continue;
    if (slot >= years) break;
    out[slot] += base * (1 + c.escalator) ** Math.floor(m / 12);
  }
  return out;
}

/** Σ of contractRevenueByYear over the contracts, per calendar year, USD. */
export function revenueByYear(contracts: readonly ScheduleContract[], firstYear: number, years: number): number[] {
  const total = new Array<number>(years).fill(0);
  for (const c of contracts) {
    contractRevenueByYear(c, firstYear, years).forEach((v, i) => {
      total[i] += v;
    });
  }
  return total;
}
