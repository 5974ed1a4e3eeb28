/**
 * The embedded snapshot: dated, sourced market inputs bundled with the add-in so it works
 * with no network from its first start. `embedded-snapshot.json` is regenerated from live
 * sources by `npm run snapshot:update` (scripts/update-snapshot.ts), never edited by hand
 * except to cite a published figure as the file's first version did.
 *
 * File format (schema 1): top-level `generated_at`, `generated_by`, `note`, and one entry
 * `{value, as_of, source, label?}` per input field (`network_eh_s_estimate` optional).
 * `source` is the field's full citation (what `PIVOT.MARKET("field.source")` shows, at most
 * 255 characters); `label` is a short name of it (at most SOURCE_LABEL_CHARS) for the
 * whole-snapshot summary `PIVOT.MARKET("source")`. A value the file derives from published
 * figures says so in its source ("derived: ..."), with the arithmetic. Derived snapshot
 * fields (subsidy, implied hashrate, hashprice, halving date) are never stored.
 *
 * The bundled version is the Hashrate Index Roundup of 2026-01-12
 * (https://hashrateindex.com/blog/hashrate-index-roundup-january-12-2026), every input true
 * on that date:
 * - btc_usd 91,132: published.
 * - difficulty 146.48T: the level in force after the 2026-01-08 retarget (block 931,392 =
 *   462 × 2016), until the next on 2026-01-22. The roundup writes "-1.20% to 148.26T", but
 *   148.26T is the level before it: 148.26T × (1 − 0.0120) = 146.48T. Its published BTC
 *   hashprice, 0.00043143 BTC/PH/day, implies 146.52T; 148.26T would be 1.2% off.
 * - fees_btc_per_block 0.017283: fees were 0.55% of block rewards, so
 *   3.125 × 0.0055 ÷ (1 − 0.0055).
 * - height 931,968: the retarget block 931,392 + 144 blocks/day × 4 days; an estimate at the
 *   10-minute target (the roundup gives the past day's average as 10 min 12 s).
 * With these, the offline hashprice is $39.33/PH/day against the published $39.53 (−0.5%,
 * Luxor's price timing), 0.00043154 BTC/PH/day against 0.00043143, and the halving-date
 * estimate 2028-04-10 16:00 UTC.
 */
import bundled from "./embedded-snapshot.json";
import { INPUT_FIELDS, PRIMARY_FIELDS, SOURCE_LABEL_CHARS, type InputField, type Observation } from "./model";
import { cleanText } from "./text";
import { checkBtcUsd, checkDifficulty, checkFees, checkHeight, SourceRejection } from "./sources";

export interface EmbeddedSnapshot {
  readonly generatedAt: string;
  readonly fields: Readonly<Partial<Record<InputField, Observation>>>;
}

export interface EmbeddedEntryJson {
  readonly value: number;
  readonly as_of: string;
  readonly source: string;
  readonly label?: string;
}

/** Longest citation kept per field: what one cell can show. */
export const EMBEDDED_SOURCE_CHARS = 255;

export type EmbeddedSnapshotJson = {
  readonly schema: 1;
  readonly generated_at: string;
  readonly generated_by: string;
  readonly note: string;
} & { readonly [F in InputField]?: EmbeddedEntryJson };

function isoOrThrow(text: unknown, what: string): string {
  if (typeof text !== "string" || Number.isNaN(Date.parse(text))) {
    throw new Error(`embedded snapshot: ${what} must be an ISO 8601 date; got ${String(text)}`);
  }
  return new Date(Date.parse(text)).toISOString();
}

/** Checks a value with the same plausibility rules a live source must pass. */
export function checkFieldValue(field: InputField, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new SourceRejection(`${field} is not a finite number`);
  switch (field) {
    case "btc_usd":
      checkBtcUsd(value);
      break;
    case "difficulty":
      checkDifficulty(value);
      break;
    case "fees_btc_per_block":
      checkFees(value);
      break;
    case "height":
      checkHeight(value, 0);
      break;
    case "network_eh_s_estimate":
      if (!(value > 0)) throw new SourceRejection(`network_eh_s_estimate ${value} is not > 0`);
      break;
  }
}

/** Parses and validates a snapshot file; throws on anything missing or implausible. */
export function parseEmbeddedSnapshot(json: unknown): EmbeddedSnapshot {
  if (typeof json !== "object" || json === null) throw new Error("embedded snapshot: not an object");
  const data = json as Record<string, unknown>;
  if (data.schema !== 1) throw new Error(`embedded snapshot: schema must be 1; got ${String(data.schema)}`);
  const generatedAt = isoOrThrow(data.generated_at, "generated_at");
  const fields: Partial<Record<InputField, Observation>> = {};
  for (const field of INPUT_FIELDS) {
    const entry = data[field] as Partial<EmbeddedEntryJson> | undefined;
    if (entry === undefined && !(PRIMARY_FIELDS as readonly string[]).includes(field)) continue;
    if (typeof entry !== "object" || entry === null) throw new Error(`embedded snapshot: ${field} is missing`);
    if (typeof entry.source !== "string" || entry.source.trim() === "") {
      throw new Error(`embedded snapshot: ${field}.source is missing`);
    }
    if (cleanText(entry.source, Infinity) !== entry.source || entry.source.length > EMBEDDED_SOURCE_CHARS) {
      throw new Error(
        `embedded snapshot: ${field}.source must be plain text of at most ${EMBEDDED_SOURCE_CHARS} characters`,
      );
    }
    const label = entry.label;
    if (
      label !== undefined &&
      (typeof label !== "string" ||
        label.trim() === "" ||
        cleanText(label, Infinity) !== label ||
        label.length > SOURCE_LABEL_CHARS)
    ) {
      throw new Error(
        `embedded snapshot: ${field}.label must be plain text of 1 to ${SOURCE_LABEL_CHARS} characters; got ${JSON.stringify(label)}`,
      );
    }
    checkFieldValue(field, entry.value as number);
    fields[field] = {
      value: entry.value as number,
      asOf: isoOrThrow(entry.as_of, `${field}.as_of`),
      fetchedAt: generatedAt,
      source: entry.source,
      ...(label !== undefined ? { label } : {}),
    };
  }
  return { generatedAt, fields };
}

let cached: EmbeddedSnapshot | undefined;

/** The bundled snapshot, parsed once. */
export function bundledSnapshot(): EmbeddedSnapshot {
  cached ??= parseEmbeddedSnapshot(bundled);
  return cached;
}
