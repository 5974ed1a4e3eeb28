/**
 * Snapshot and fallback: how the store turns what it knows (the last good value of each
 * input, which of them came live in the latest refresh, the notes of what failed, and the
 * embedded snapshot) into the immutable MarketSnapshot every reader gets.
 *
 * Per input field: the last good value (live when the latest refresh brought it), unless the
 * embedded snapshot is newer; else the embedded value. Derived fields come from derive.ts.
 * `stale` is true when any primary input was fetched longer ago than the TTL.
 */
import { deriveFields } from "./derive";
import type { EmbeddedSnapshot } from "./embedded";
import {
  INPUT_FIELDS,
  PRIMARY_FIELDS,
  type FieldValue,
  type InputField,
  type MarketField,
  type MarketSnapshot,
  type MarketValues,
  type Origin,
  type PrimaryField,
} from "./model";
import type { LastGood } from "./persistence";
import type { FallbackUse } from "./types";

export interface SnapshotInputs {
  readonly lastGood: LastGood;
  readonly embedded: EmbeddedSnapshot;
  /** Fields the most recent refresh obtained live. */
  readonly liveFields: ReadonlySet<InputField>;
  /** Why each field is not live / came from an alternate source (most recent refresh). */
  readonly notes: Readonly<Partial<Record<InputField, string>>>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function inputValue(field: InputField, s: SnapshotInputs): FieldValue | undefined {
  const good = s.lastGood[field];
  const embedded = s.embedded.fields[field];
  const note = s.notes[field];
  if (good !== undefined && (embedded === undefined || Date.parse(good.asOf) >= Date.parse(embedded.asOf))) {
    const origin: Origin = s.liveFields.has(field) ? "live" : "last_good";
    return { ...good, origin, ...(note !== undefined ? { note } : {}) };
  }
  if (embedded !== undefined) return { ...embedded, origin: "embedded", ...(note !== undefined ? { note } : {}) };
  return undefined;
}

export function computeSnapshot(s: SnapshotInputs, nowMs: number, ttlMs: number, version: number): MarketSnapshot {
  const fields: Partial<Record<MarketField, FieldValue>> = {};
  for (const field of INPUT_FIELDS) {
    const v = inputValue(field, s);
    if (v !== undefined) fields[field] = Object.freeze(v);
  }
  const primary = fields as Record<PrimaryField, FieldValue>;
  for (const [name, value] of Object.entries(deriveFields(primary))) {
    fields[name as MarketField] = Object.freeze(value);
  }
  let asOf = primary.btc_usd.asOf;
  let stale = false;
  for (const field of PRIMARY_FIELDS) {
    const v = primary[field];
    if (Date.parse(v.asOf) < Date.parse(asOf)) asOf = v.asOf;
    if (nowMs - Date.parse(v.fetchedAt) > ttlMs) stale = true;
  }
  return Object.freeze({ fields: Object.freeze(fields), stale, asOf, computedAt: iso(nowMs), version });
}

/** When `snapshot` turns stale (the earliest primary fetch time plus the TTL), Unix ms. */
export function staleAt(snapshot: MarketSnapshot, ttlMs: number): number {
  let earliest = Infinity;
  for (const field of PRIMARY_FIELDS) {
    const v = snapshot.fields[field];
    if (v !== undefined) earliest = Math.min(earliest, Date.parse(v.fetchedAt));
  }
  return earliest + ttlMs + 1;
}

/** How a field that did not come live now stands: last good, embedded or unavailable. */
export function fallbackOf(snapshot: MarketSnapshot, field: InputField): FallbackUse {
  const v = snapshot.fields[field];
  return v === undefined ? "unavailable" : v.origin === "embedded" ? "embedded" : "last_good";
}

export function valuesOf(s: MarketSnapshot): MarketValues {
  const f = s.fields as Record<MarketField, FieldValue>;
  return Object.freeze({
    btcUsd: f.btc_usd.value,
    difficulty: f.difficulty.value,
    networkEhs: f.network_eh_s.value,
    feesBtcPerBlock: f.fees_btc_per_block.value,
    height: f.height.value,
    subsidyBtc: f.subsidy_btc.value,
    hashpriceUsdPerPhDay: f.hashprice_usd_ph_day.value,
    asOfMs: Object.freeze({
      btcUsd: Date.parse(f.btc_usd.asOf),
      difficulty: Date.parse(f.difficulty.asOf),
      feesBtcPerBlock: Date.parse(f.fees_btc_per_block.asOf),
      height: Date.parse(f.height.asOf),
    }),
    stale: s.stale,
  });
}
