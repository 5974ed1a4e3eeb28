/**
 * PIVOT.MARKET_HISTORY: mempool's market history in cells (src/market/history).
 *
 * An async function: the cell waits for the page's one history service, which shares one
 * request per endpoint between all cells and answers from its cache when it can. Every
 * outcome is a value or an error within the 20 s refresh budget (a guard timer answers #N/A
 * if the service ever takes longer), never a rejection, so no cell stays on #BUSY!.
 */
import { ModelError } from "../core/errors";
import { marketStore } from "../market/store";
import { cleanText, errorText } from "../market/text";
import {
  FIELD_ENDPOINTS,
  HISTORY_FIELDS,
  HISTORY_FIELD_HEADERS,
  HISTORY_INTERVAL_NAMES,
  assembleHistory,
  dayOfSerial,
  isoDay,
  type HistoryField,
  type HistoryInputs,
  type HistoryInterval,
} from "../market/history/series";
import { historyService, DEFAULT_MEMPOOL_BASE_URL, type HistoryLoad } from "../market/history/service";
import { GENESIS_MS, MS_PER_DAY } from "../market/history/sources";
import { coerceText, showValue, unwrapScalar } from "./adapter/coerce";
import { excelError, isExcelError, toExcelError } from "./adapter/excelError";
import { text, optText } from "./adapter/spec";

export const MARKET_HISTORY_ID = "MARKET_HISTORY";
/** The longest a cell waits; the service's own limits (18 s network, 1 s storage) come first. */
export const HISTORY_CELL_BUDGET_MS = 20_000;
const GENESIS_DAY = GENESIS_MS / MS_PER_DAY;

export interface HistoryQuery {
  readonly field: HistoryField;
  readonly startDay: number;
  readonly endDay: number;
  readonly interval: HistoryInterval;
}

function dateArg(raw: unknown, name: string, todayDay: number): number {
  const v = unwrapScalar(raw, name);
  if (isExcelError(v)) throw v;
  if (typeof v !== "number" || !Number.isFinite(v)) {
    throw new ModelError("value", `${name} must be a date (an Excel date serial, UTC); got ${showValue(v)}.`);
  }
  const day = dayOfSerial(v);
  if (day < GENESIS_DAY || day > todayDay) {
    throw new ModelError(
      "value",
      `${name} must be a date from ${isoDay(GENESIS_DAY)} (the genesis block) to today, ${isoDay(todayDay)} (UTC); got ${showValue(v)}.`,
    );
  }
  return day;
}

/** Checks the arguments (#VALUE! naming the argument and its range). `nowMs` fixes "today". */
export function parseHistoryQuery(
  field: unknown,
  start: unknown,
  end: unknown,
  interval: unknown,
  nowMs: number,
): HistoryQuery {
  const f = (coerceText(unwrapScalar(field, "field"), text("field")) as string).trim().toLowerCase();
  if (!(HISTORY_FIELDS as readonly string[]).includes(f)) {
    throw new ModelError("value", `field must be one of ${HISTORY_FIELDS.join(", ")}; got ${showValue(field)}.`);
  }
  const todayDay = Math.floor(nowMs / MS_PER_DAY);
  const startDay = dateArg(start, "start_date", todayDay);
  const endDay = dateArg(end, "end_date", todayDay);
  if (endDay < startDay) {
    throw new ModelError("value", `end_date (${isoDay(endDay)}) must be on or after start_date (${isoDay(startDay)}).`);
  }
  const i = (coerceText(unwrapScalar(interval, "interval"), optText("interval", { default: "day" })) as string)
    .trim()
    .toLowerCase();
  const named = HISTORY_INTERVAL_NAMES[i];
  if (named === undefined) {
    throw new ModelError("value", `interval must be "day", "week" or "month"; got ${showValue(interval)}.`);
  }
  return { field: f as HistoryField, startDay, endDay, interval: named };
}

/** The spilled table for a query over loaded endpoints: header, then [serial, value or #N/A]. */
export function historyTable(q: HistoryQuery, loaded: HistoryLoad): (number | string | CustomFunctions.Error)[][] {
  const needed = FIELD_ENDPOINTS[q.field];
  const inputs: HistoryInputs = {};
  const missing: string[] = [];
  for (const id of needed) {
    const e = loaded[id];
    if (e?.input !== undefined) inputs[id] = e.input;
    else missing.push(`${id}: ${e?.note ?? "not loaded"}`);
  }
  if (missing.length > 0) throw new ModelError("na", cleanText(`no ${q.field} history: ${missing.join("; ")}`, 255));
  const rows = assembleHistory(q.field, q.startDay, q.endDay, q.interval, inputs);
  if (rows.every((r) => r.value === undefined)) {
    const asOf = needed.map((id) => `${id} ${loaded[id]?.origin} as of ${loaded[id]?.asOf}`).join(", ");
    throw new ModelError(
      "na",
      cleanText(`no ${q.field} observation from ${isoDay(q.startDay)} to ${isoDay(q.endDay)} (${asOf})`, 255),
    );
  }
  const out: (number | string | CustomFunctions.Error)[][] = [["Date (UTC)", HISTORY_FIELD_HEADERS[q.field]]];
  for (const r of rows) {
    out.push([
      r.serial,
      r.value ?? excelError("na", `no ${q.field} observation for the period ending ${isoDay(dayOfSerial(r.serial))}`),
    ]);
  }
  return out;
}

function mempoolBaseUrl(): string {
  try {
    return marketStore().settings.get().mempoolBaseUrl;
  } catch (e) {
    // Another build's store in the page (marketStore throws a ModelError): use the public instance.
    if (e instanceof ModelError) return DEFAULT_MEMPOOL_BASE_URL;
    throw e;
  }
}

/** The whole call, never rejecting. `nowMs` and the service are injectable for tests. */
export async function marketHistory(
  field: unknown,
  start: unknown,
  end: unknown,
  interval: unknown,
  nowMs: number = Date.now(),
): Promise<(number | string | CustomFunctions.Error)[][]> {
  let q: HistoryQuery;
  try {
    q = parseHistoryQuery(field, start, end, interval, nowMs);
  } catch (e) {
    return [[toExcelError(e, MARKET_HISTORY_ID)]];
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const guard = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new ModelError("na", `the history did not arrive within ${HISTORY_CELL_BUDGET_MS / 1000} s`)),
        HISTORY_CELL_BUDGET_MS,
      );
    });
    const loaded = await Promise.race([historyService(mempoolBaseUrl).load(FIELD_ENDPOINTS[q.field]), guard]);
    return historyTable(q, loaded);
  } catch (e) {
    if (e instanceof ModelError || isExcelError(e)) return [[toExcelError(e, MARKET_HISTORY_ID)]];
    return [[excelError("na", `MARKET_HISTORY: ${errorText(e)}`)]];
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Market history from mempool, spilled: a header row, then one row per day, week or month with the date (Excel serial, UTC) and the value. Fields: btc_usd (the day's closing USD price), difficulty (in force at the day's end), network_eh_s (implied by that difficulty, D × 2^32 / 600 / 1e18), fees_btc_per_block (the day's mean fees per block, BTC), hashprice_usd_ph_day (USD per PH/s per day, as PIVOT.MINER_HASHPRICE: 144 × (subsidy + fees) × price ÷ (network EH/s × 1000), the subsidy at the day's mean height).
 * Weeks (ISO, Monday to Sunday) and months (calendar) show the last daily value on or before the period end, dated by the period end (cut to end_date). A day the source has no observation for is #N/A in its own row, never filled.
 * Errors: #VALUE! for an unknown field or interval, or a date outside 2009-01-03 to today; #N/A with the reason when no history is available (offline with nothing cached).
 * Source: mempool.space /api/v1/historical-price, /api/v1/mining/difficulty-adjustments and /api/v1/mining/blocks/fees (or the mempool instance in Settings), cached with its fetch time; offline, the cached copy, else the monthly history bundled with the add-in.
 * Example: =PIVOT.MARKET_HISTORY("hashprice_usd_ph_day", 45658, 45688, "week") spills 6 rows: the header, then the weeks ending 2025-01-05, 01-12, 01-19, 01-26 and 2025-01-31 (end_date) with their values.
 * @customfunction MARKET_HISTORY
 * @helpurl https://localhost:3000/help.html#MARKET_HISTORY
 * @param {any} field One of btc_usd, difficulty, network_eh_s, fees_btc_per_block, hashprice_usd_ph_day (any case).
 * @param {any} start_date First date, an Excel date serial (UTC), from 2009-01-03.
 * @param {any} end_date Last date, an Excel date serial (UTC), on or after start_date and not after today.
 * @param {any} [interval] "day" (default), "week" or "month".
 * @returns {Promise<any[][]>} Header row, then date serial and value per period.
 */
export async function MARKET_HISTORY(field: any, start_date: any, end_date: any, interval?: any): Promise<any[][]> {
  return marketHistory(field, start_date, end_date, interval);
}
