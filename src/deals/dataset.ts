/**
 * The bundled deal dataset (bundled-deals.json) and the checks that apply to a whole list of
 * deals: every row valid, ids unique (case-insensitively), every `parentId` naming a deal of
 * the same list (no cycles, at most one restatement per parent), and for the bundled data also
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
  /** Ids of rows rejected outright, and their row: a child's message names them. */
  const rejectedIds = new Map<string, number>();
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
      const rawId = result.issues.find((x) => x.id !== undefined)?.id;
      if (rawId !== undefined && !rejectedIds.has(rawId.toUpperCase())) rejectedIds.set(rawId.toUpperCase(), row);
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
  const kept = checkParents(deals, dealRows, options.lines, issues, rejectedIds);
  // Stable: the issues of one row stay in the order they were found.
  issues.sort((a, b) => a.row - b.row);
  return { deals: kept.map((k) => deals[k]), dealRows: kept.map((k) => dealRows[k]), issues };
}

/**
 * Rejects rows whose `parentId` is not a loaded deal of this list (a rejected parent counts as
 * absent, so its children go too), rows on a parent cycle, and a second restatement of the
 * same parent (which one would replace it is ambiguous). Returns the indexes kept, in order.
 */
function checkParents(
  deals: readonly Deal[],
  dealRows: readonly number[],
  lines: readonly number[] | undefined,
  issues: RowIssue[],
  rejectedIds: ReadonlyMap<string, number>,
): number[] {
  const header = fieldByKey("parentId").header;
  const alive = new Set<number>(deals.map((_, i) => i));
  const indexOf = new Map<string, number>(deals.map((d, i) => [d.id.toUpperCase(), i]));
  const reject = (i: number, message: string): void => {
    alive.delete(i);
    const row = dealRows[i];
    issues.push({ line: lines?.[row - 1] ?? 0, row, field: header, id: deals[i].id, severity: "error", message });
  };
  // Each pass can only remove rows; at most deals.length passes change anything.
  for (let pass = 0; pass <= deals.length; pass++) {
    let changed = false;
    const restatedBy = new Map<number, number>();
    for (const i of [...alive]) {
      const parentId = deals[i].parentId;
      if (parentId === undefined) continue;
      const p = indexOf.get(parentId.toUpperCase());
      if (p === undefined || !alive.has(p)) {
        const rejectedRow = p === undefined ? rejectedIds.get(parentId.toUpperCase()) : dealRows[p];
        reject(
          i,
          `"${parentId}" is not a deal of this list${rejectedRow === undefined ? "" : ` (its row ${rejectedRow} was rejected)`}; ` +
            "an expansion or restatement must name a deal loaded with it.",
        );
        changed = true;
        continue;
      }
      let cursor: number | undefined = p;
      for (let steps = 0; cursor !== undefined && steps <= deals.length; steps++) {
        if (cursor === i) break;
        const up: string | undefined = deals[cursor].parentId;
        cursor = up === undefined ? undefined : indexOf.get(up.toUpperCase());
      }
      if (cursor === i) {
        reject(i, `"${parentId}" leads back to this row: parent links must not form a cycle.`);
        changed = true;
        continue;
      }
      if (deals[i].relation === "restatement") {
        const first = restatedBy.get(p);
        if (first !== undefined) {
          reject(i, `"${parentId}" is already restated by row ${dealRows[first]}; restate the restatement instead.`);
          changed = true;
          continue;
        }
        restatedBy.set(p, i);
      }
    }
    if (!changed) break;
  }
  return [...alive].sort((a, b) => a - b);
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
