/**
 * The bundled deal dataset (bundled-deals.json) and the checks that apply to a whole list of
 * deals: every row valid, ids unique (case-insensitively), and for the bundled data also
 * `verified === false` exactly when `unverified` names the unverified figures.
 *
 * The same `validateDataset` runs at build time (scripts/validate-deals.ts, which fails the
 * build) and when the bundle loads (a bad row is then left out and reported, so one defect
 * cannot take every PIVOT function down with it).
 */
import bundled from "./bundled-deals.json";
import { DEAL_HEADERS, fieldByKey, validateDealRecord, type Deal, type RowIssue } from "./schema";

export interface DatasetResult {
  readonly deals: readonly Deal[];
  /** 1-based row of each deal in `deals` (same index). */
  readonly dealRows: readonly number[];
  readonly issues: readonly RowIssue[];
}

export interface DatasetOptions {
  /** Bundled data only: `verified` must be false exactly when `unverified` is given. */
  readonly requireVerifiedNotes?: boolean;
  /** Line of each row in the source text, when known (index = row − 1). */
  readonly lines?: readonly number[];
}

/** Validates a list of deal records; rows with errors are left out of `deals` (warnings do not reject a row). */
export function validateDataset(records: readonly unknown[], options: DatasetOptions = {}): DatasetResult {
  const deals: Deal[] = [];
  const dealRows: number[] = [];
  const issues: RowIssue[] = [];
  const seen = new Map<string, number>();
  const idHeader = fieldByKey("id").header;
  const unknownSeen = new Set<string>();
  records.forEach((record, i) => {
    const row = i + 1;
    const line = options.lines?.[i] ?? 0;
    const result = validateDealRecord(record, { line, row });
    for (const name of result.unknownNames) {
      if (unknownSeen.has(name)) continue;
      unknownSeen.add(name);
      issues.push({
        line,
        row,
        field: name,
        severity: "warning",
        message: `is not a deal field and was ignored. Valid fields: ${DEAL_HEADERS.join(", ")}.`,
      });
    }
    if (!result.ok) {
      issues.push(...result.issues);
      return;
    }
    const deal = result.deal;
    const key = deal.id.toUpperCase();
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({
        line,
        row,
        field: idHeader,
        id: deal.id,
        severity: "error",
        message: `duplicates the id of row ${first}${options.lines ? ` (line ${options.lines[first - 1]})` : ""}.`,
      });
      return;
    }
    if (options.requireVerifiedNotes) {
      const hasNote = deal.unverified !== undefined && deal.unverified !== "";
      if (!deal.verified && !hasNote) {
        issues.push({
          line,
          row,
          field: fieldByKey("unverified").header,
          id: deal.id,
          severity: "error",
          message: "must name the unverified figures when Verified is FALSE.",
        });
        return;
      }
      if (deal.verified && hasNote) {
        issues.push({
          line,
          row,
          field: fieldByKey("verified").header,
          id: deal.id,
          severity: "error",
          message: "must be FALSE when Unverified figures is given.",
        });
        return;
      }
    }
    seen.set(key, row);
    deals.push(deal);
    dealRows.push(row);
  });
  return { deals, dealRows, issues };
}

interface BundledFile {
  readonly about: string;
  readonly as_of: string;
  readonly deals: readonly unknown[];
}

const file = bundled as BundledFile;

/** What the bundled file says about itself (shown in the task pane and the README). */
export const BUNDLED_ABOUT: { readonly about: string; readonly asOf: string } = { about: file.about, asOf: file.as_of };

let cached: DatasetResult | undefined;

/** The bundled deals, validated once per bundle load. */
export function bundledDataset(): DatasetResult {
  cached ??= validateDataset(Array.isArray(file.deals) ? file.deals : [], { requireVerifiedNotes: true });
  return cached;
}
