/**
 * Excel date serials, computed in UTC so that no result depends on the machine's time zone.
 *
 * Excel's 1900 date system counts days from 1899-12-30 for every date from 1900-03-01 on
 * (serial 61; before that Excel keeps Lotus's fictitious 1900-02-29). 1970-01-01 is serial
 * 25569, so serial = Unix milliseconds / 86,400,000 + 25,569. The fraction is the time of
 * day, here always UTC.
 *
 * Only UTC APIs are used (Date.UTC, getUTC*): never `new Date(y, m, d)`, getHours,
 * getDate or toLocale*String, which read the local time zone.
 */

/** Milliseconds in a day. */
export const MS_PER_DAY = 86_400_000;
/** Excel serial of 1970-01-01 (the Unix epoch). */
export const UNIX_EPOCH_SERIAL = 25_569;
/** First serial this module converts correctly: 1900-03-01 (after Excel's fictitious 1900-02-29). */
export const MIN_EXCEL_SERIAL = 61;
/** Excel's last date, 9999-12-31. */
export const MAX_EXCEL_SERIAL = 2_958_465;

export function serialFromUnixMs(unixMs: number): number {
  return unixMs / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

export function unixMsFromSerial(serial: number): number {
  return (serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY;
}

/** Serial of a calendar day (UTC), month 1-12. Months past 12 or day 0 roll over like Date.UTC. */
export function serialFromUtcDate(year: number, month: number, day: number): number {
  return serialFromUnixMs(Date.UTC(year, month - 1, day));
}

export interface UtcDay {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  /** 1-31 */
  readonly day: number;
}

/** Calendar day (UTC) of a serial; the time of day is dropped. */
export function utcDayOfSerial(serial: number): UtcDay {
  const d = new Date(unixMsFromSerial(Math.floor(serial)));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Days in a calendar month (month 1-12). */
export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Serial of the last day of the month `offset` months after the month of `serial` (Excel's EOMONTH). */
export function endOfMonthSerial(serial: number, offset: number): number {
  const { year, month } = utcDayOfSerial(serial);
  return serialFromUtcDate(year, month + offset + 1, 0);
}
