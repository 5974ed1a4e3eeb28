/**
 * Persistence of the market layer: its settings and its last good values, in the runtime's
 * storage (storage.ts). Every storage call has a time limit (`withTimeout`): a read or write
 * that never settles ends as a failure after `timeoutMs`, so start, refresh and save go on
 * with the defaults and say why, instead of hanging.
 *
 * A stored value is restored only when it passes the checks a live answer must pass, and is
 * not dated in the future (beyond BOUNDS.futureSkewMs of the clock): a last good value stamped
 * 2099 would otherwise pass for fresh forever. A stored height must also be one the clock
 * allows at its as-of (height.ts).
 */
import { checkFieldValue } from "./embedded";
import { heightImplausibility } from "./height";
import { INPUT_FIELDS, type InputField, type Observation } from "./model";
import { restoreSettings, type MarketSettings } from "./settings";
import { BOUNDS } from "./sources";
import type { KeyValueStorage } from "./storage";
import { cleanText, errorText } from "./text";

export const SETTINGS_STORAGE_KEY = "pivotlens.market.settings.v1";
export const LAST_GOOD_STORAGE_KEY = "pivotlens.market.lastGood.v1";
export const DEFAULT_STORAGE_TIMEOUT_MS = 3_000;

export type LastGood = Partial<Record<InputField, Observation>>;

interface PersistedLastGood {
  readonly schema: 1;
  readonly fields: LastGood;
}

/** The same storage, each call failing after `timeoutMs` if it has not settled. */
export function withTimeout(storage: KeyValueStorage, timeoutMs: number): KeyValueStorage {
  const limit = <T>(what: string, work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`storage did not answer the ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      let started: Promise<T>;
      try {
        started = work();
      } catch (e) {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
        return;
      }
      started.then(
        (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        (e: unknown) => {
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  return {
    getItem: (key) => limit("read", () => storage.getItem(key)),
    setItem: (key, value) => limit("write", () => storage.setItem(key, value)),
  };
}

function isObservation(x: unknown): x is Observation {
  if (typeof x !== "object" || x === null) return false;
  const o = x as Record<string, unknown>;
  return (
    typeof o.value === "number" &&
    typeof o.asOf === "string" &&
    !Number.isNaN(Date.parse(o.asOf)) &&
    typeof o.fetchedAt === "string" &&
    !Number.isNaN(Date.parse(o.fetchedAt)) &&
    typeof o.source === "string"
  );
}

export async function readSettings(
  storage: KeyValueStorage,
  kind: string,
): Promise<{ settings: MarketSettings; problems: string[] }> {
  const problems: string[] = [];
  let json: string | null = null;
  try {
    json = await storage.getItem(SETTINGS_STORAGE_KEY);
  } catch (e) {
    problems.push(`could not read settings from ${kind} (using the defaults): ${errorText(e)}`);
  }
  const restored = restoreSettings(json);
  if (restored.dropped.length > 0) problems.push(`ignored invalid stored settings: ${restored.dropped.join(", ")}`);
  return { settings: restored.settings, problems };
}

export async function writeSettings(storage: KeyValueStorage, settings: MarketSettings): Promise<void> {
  await storage.setItem(SETTINGS_STORAGE_KEY, JSON.stringify(settings));
}

/** The stored last good values that pass every check at `nowMs`, and why others were dropped. */
export async function readLastGood(
  storage: KeyValueStorage,
  kind: string,
  nowMs: number,
): Promise<{ fields: LastGood; problems: string[] }> {
  const problems: string[] = [];
  const out: LastGood = {};
  let json: string | null = null;
  try {
    json = await storage.getItem(LAST_GOOD_STORAGE_KEY);
  } catch (e) {
    problems.push(`could not read the last good snapshot from ${kind} (using the embedded values): ${errorText(e)}`);
  }
  if (json === null) return { fields: out, problems };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    problems.push(`the stored last good snapshot is unreadable: ${errorText(e)}`);
    return { fields: out, problems };
  }
  const fields = (parsed as Partial<PersistedLastGood> | null)?.fields;
  if (typeof fields !== "object" || fields === null) {
    problems.push("the stored last good snapshot has no fields");
    return { fields: out, problems };
  }
  for (const field of INPUT_FIELDS) {
    const o = (fields as Record<string, unknown>)[field];
    if (o === undefined) continue;
    if (!isObservation(o)) {
      problems.push(`the stored ${field} is malformed`);
      continue;
    }
    try {
      checkFieldValue(field, o.value);
    } catch (e) {
      problems.push(`the stored ${field} is implausible: ${errorText(e)}`);
      continue;
    }
    const latest = Math.max(Date.parse(o.asOf), Date.parse(o.fetchedAt));
    if (latest > nowMs + BOUNDS.futureSkewMs) {
      problems.push(`the stored ${field} is dated in the future (${new Date(latest).toISOString()}): discarded`);
      continue;
    }
    if (field === "height") {
      const why = heightImplausibility(o.value, Date.parse(o.asOf));
      if (why !== undefined) {
        problems.push(`the stored height was dropped: ${why}`);
        continue;
      }
    }
    out[field] = { value: o.value, asOf: o.asOf, fetchedAt: o.fetchedAt, source: cleanText(o.source) };
  }
  return { fields: out, problems };
}

export async function writeLastGood(storage: KeyValueStorage, fields: LastGood): Promise<void> {
  const payload: PersistedLastGood = { schema: 1, fields };
  await storage.setItem(LAST_GOOD_STORAGE_KEY, JSON.stringify(payload));
}
