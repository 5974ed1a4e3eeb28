/**
 * PIVOT.MARKET: the market snapshot in a cell, streaming.
 *
 * Each call subscribes its own invocation to the page's one market store (src/market/store):
 * the cell gets the current value at once and again whenever the snapshot changes. The
 * subscription belongs to the invocation object, not to a cell address, so a cancellation
 * that arrives after the cell's next call started only ends the old invocation's
 * subscription. A thousand cells are a thousand listeners on one store, refreshed by one
 * poller (see store.ts); a cell never starts a timer of its own.
 *
 * Text that reaches a cell (sources, status notes) is cleaned by the market layer
 * (control characters stripped, bounded length, no leading formula characters).
 */

import { ModelError } from "../core/errors";
import {
  MARKET_FIELDS,
  PRIMARY_FIELDS,
  isMarketField,
  sourceLabel,
  type FieldValue,
  type MarketField,
  type MarketSnapshot,
} from "../market/model";
import { marketStore } from "../market/store";
import { cleanText } from "../market/text";
import { coerceText, showValue } from "./adapter/coerce";
import { excelError, toExcelError } from "./adapter/excelError";
import { text } from "./adapter/spec";

export const MARKET_ID = "MARKET";

/** Properties of one field that a cell can ask for with "field.property". */
export const FIELD_PROPERTIES = ["as_of", "source", "status"] as const;
export type FieldProperty = (typeof FIELD_PROPERTIES)[number];

/** Snapshot-level names. */
export const SNAPSHOT_NAMES = ["as_of", "source", "stale"] as const;

export type MarketQuery =
  | { readonly kind: "value"; readonly field: MarketField }
  | { readonly kind: "property"; readonly field: MarketField; readonly property: FieldProperty }
  | { readonly kind: "snapshot"; readonly name: (typeof SNAPSHOT_NAMES)[number] };

export type MarketCellValue = number | string | boolean | CustomFunctions.Error;

const fieldSpec = text("field");

/** Longest text PIVOT.MARKET puts in a cell. */
const CELL_TEXT_CHARS = 255;

function validNames(): string {
  return `${[...MARKET_FIELDS, ...SNAPSHOT_NAMES].join(", ")}, or a field name followed by ${FIELD_PROPERTIES.map((p) => `.${p}`).join(", ")}`;
}

/** Parses the field argument (case-insensitive, trimmed). Throws ModelError("value") listing the valid names. */
export function parseMarketQuery(raw: unknown): MarketQuery {
  const given = coerceText(raw, fieldSpec) as string;
  const name = given.trim().toLowerCase();
  if (isMarketField(name)) return { kind: "value", field: name };
  if ((SNAPSHOT_NAMES as readonly string[]).includes(name)) {
    return { kind: "snapshot", name: name as (typeof SNAPSHOT_NAMES)[number] };
  }
  const dot = name.lastIndexOf(".");
  if (dot > 0) {
    const field = name.slice(0, dot);
    const property = name.slice(dot + 1);
    if (isMarketField(field) && (FIELD_PROPERTIES as readonly string[]).includes(property)) {
      return { kind: "property", field, property: property as FieldProperty };
    }
  }
  throw new ModelError("value", `field must be one of ${validNames()}; got ${showValue(raw)}.`);
}

/** "2026-01-12T00:00:00Z": ISO 8601 UTC to the second (unambiguous in any time zone). */
export function isoSeconds(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function originText(v: FieldValue): string {
  const origin = v.origin === "last_good" ? "last good" : v.origin;
  return cleanText(v.note ? `${origin}: ${v.note}` : origin, CELL_TEXT_CHARS);
}

function sourceSummary(s: MarketSnapshot, compact: boolean): string {
  const groups = new Map<string, string[]>();
  for (const field of PRIMARY_FIELDS) {
    const v = s.fields[field];
    if (v === undefined) continue;
    const key = `${sourceLabel(v, compact)}, ${v.origin === "last_good" ? "last good" : v.origin}`;
    const list = groups.get(key) ?? [];
    list.push(field);
    groups.set(key, list);
  }
  return Array.from(groups, ([key, fields]) => `${key}: ${fields.join(", ")}`).join("; ");
}

/**
 * Where the primary inputs came from, grouped by short source label and origin:
 * "mempool (mempool.space), live: difficulty, fees_btc_per_block, height; Coinbase
 * (api.coinbase.com), live: btc_usd". Every primary field is named with its source and
 * origin; the full citation of one field is "field.source". Should that text pass a cell's
 * 255 characters (long host names of self-hosted sources), the labels drop the host and are
 * cut to SOURCE_LABEL_CHARS ("mempool, live: ..."), which always fits: at most four groups
 * of a 36-character label, an origin and the four field names.
 */
export function snapshotSourceText(s: MarketSnapshot): string {
  const full = sourceSummary(s, false);
  if (full.length <= CELL_TEXT_CHARS) return cleanText(full, CELL_TEXT_CHARS);
  return cleanText(sourceSummary(s, true), CELL_TEXT_CHARS);
}

/** The cell value of a query against a snapshot. Never throws. */
export function marketCellValue(q: MarketQuery, s: MarketSnapshot): MarketCellValue {
  if (q.kind === "snapshot") {
    if (q.name === "stale") return s.stale;
    if (q.name === "as_of") return isoSeconds(s.asOf);
    return snapshotSourceText(s);
  }
  const v = s.fields[q.field];
  if (v === undefined) {
    return excelError(
      "na",
      `${q.field} is not available: no source has supplied it yet (it comes from mempool's hashrate endpoint); refresh market inputs.`,
    );
  }
  if (q.kind === "value") return v.value;
  if (q.property === "as_of") return isoSeconds(v.asOf);
  if (q.property === "source") return cleanText(v.source, CELL_TEXT_CHARS);
  return originText(v);
}

function sameValue(a: MarketCellValue | undefined, b: MarketCellValue): boolean {
  if (a === b) return true;
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    return a.code === b.code && a.message === b.message;
  }
  return false;
}

/**
 * Runs one PIVOT.MARKET invocation: sets its value now, on every snapshot change (only when
 * the cell's own value changes), and unsubscribes on cancel. Asks for a lazy refresh. Never
 * throws: a failure to reach the store sets an Excel error (#N/A with the reason for two
 * builds in one page, #NUM! "internal error" for a defect).
 */
export function startMarketCell(field: unknown, invocation: CustomFunctions.StreamingInvocation<any>): void {
  let query: MarketQuery;
  try {
    query = parseMarketQuery(field);
  } catch (e) {
    invocation.setResult(toExcelError(e, MARKET_ID));
    return;
  }
  let shown: MarketCellValue | undefined;
  const push = (snapshot: MarketSnapshot): void => {
    const value = marketCellValue(query, snapshot);
    if (sameValue(shown, value)) return;
    shown = value;
    invocation.setResult(value);
  };
  let unsubscribe: (() => void) | undefined;
  try {
    // Inside the try: marketStore() throws when two builds share the page (API version
    // mismatch), and an exception here would leave the cell on #BUSY!.
    const store = marketStore();
    push(store.snapshot());
    unsubscribe = store.subscribe(push);
    invocation.onCanceled = unsubscribe;
    store.ensureFresh();
  } catch (e) {
    unsubscribe?.();
    invocation.setResult(toExcelError(e, MARKET_ID));
  }
}

/**
 * A market input, with its as-of time and source, from the add-in's market snapshot. The
 * cell updates by itself when the snapshot is refreshed (streaming).
 * Fields: btc_usd (USD per BTC), difficulty, network_eh_s (EH/s implied by difficulty,
 * D × 2^32 / 600 / 1e18), network_eh_s_estimate (EH/s, mempool's own estimate),
 * fees_btc_per_block (BTC, trailing 144-block average: reward-stats totalFee / 144 / 1e8),
 * height, subsidy_btc (Bitcoin Core GetBlockSubsidy at height), hashprice_usd_ph_day
 * (Hashrate Index definition: 144 × (subsidy + fees) × price ÷ network PH/s), and
 * next_halving_date (Excel date serial, UTC, estimated at 10 minutes per block).
 * Add ".as_of" for when the source observed it (ISO 8601 UTC text), ".source" for who
 * supplied it (the full citation), ".status" for live, last good or embedded and why.
 * "as_of" alone is the oldest input's time; "source" names each input's source (a short
 * label) and origin, e.g. "mempool (mempool.space), live: difficulty, height; ...";
 * "stale" is TRUE when an input was fetched longer ago than the refresh TTL (10 minutes by
 * default).
 * Sources: mempool.space (or the configured mempool instance), Coinbase and Kraken for the
 * price; offline, the last good values, else the dated snapshot embedded in the add-in.
 * Example: =PIVOT.MARKET("subsidy_btc") returns 3.125
 * @customfunction MARKET
 * @helpurl https://localhost:3000/help.html#MARKET
 * @streaming
 * @param {any} field Field name such as "btc_usd", "hashprice_usd_ph_day", "as_of", "source", "stale" or "btc_usd.source".
 * @param {CustomFunctions.StreamingInvocation<any>} invocation Streaming invocation (supplied by Excel).
 */
export function MARKET(field: any, invocation: CustomFunctions.StreamingInvocation<any>): void {
  startMarketCell(field, invocation);
}
