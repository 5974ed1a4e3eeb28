/**
 * Turns the market store's refresh report into the notice the Market panel shows: which
 * source failed and why, and for every input what was used instead (an alternate source,
 * the last good value, the bundled snapshot) with its true source and age.
 */
import type { FallbackUse, FieldValue, InputField, MarketSnapshot, RefreshReport, StartReport } from "../market";
import { formatAge, formatDateWords, peopleText } from "./format";
import type { Notice } from "./notices";

const INPUT_LABELS: Readonly<Record<InputField, string>> = {
  btc_usd: "BTC price",
  difficulty: "Difficulty",
  fees_btc_per_block: "Fees per block",
  height: "Block height",
  network_eh_s_estimate: "mempool's hashrate estimate",
};

const NEXT_NETWORK =
  "Check the network connection and the source URLs in Settings, then select Refresh market inputs again. Until then the values shown (with their sources and ages) are used.";

function usedInstead(
  field: InputField,
  use: FallbackUse,
  value: FieldValue | undefined,
  nowMs: number,
): string | undefined {
  const label = INPUT_LABELS[field];
  switch (use) {
    case "none":
      return undefined;
    case "alternate_source":
      return `${label}: used ${value?.source ?? "an alternate source"} instead.`;
    case "last_good":
      return value
        ? `${label}: kept the last good value from ${value.source}, as of ${formatAge(value.asOf, nowMs)}.`
        : `${label}: kept the last good value.`;
    case "embedded":
      return value
        ? `${label}: using the snapshot bundled with the add-in (${value.source}), as of ${formatAge(value.asOf, nowMs)}.`
        : `${label}: using the snapshot bundled with the add-in.`;
    case "unavailable":
      return `${label}: no value is available.`;
  }
}

/**
 * What a failed refresh left on screen, in the pane's one vocabulary (live / last good /
 * bundled): "bundled values of 12 Jan 2026", "last good values", or both.
 */
function keptWords(kept: ReadonlySet<"last_good" | "embedded">, snapshot: MarketSnapshot): string {
  const embeddedAsOf = Object.values(snapshot.fields)
    .filter((v): v is FieldValue => v?.origin === "embedded")
    .map((v) => v.asOf)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  const bundled = embeddedAsOf !== undefined ? `bundled values of ${formatDateWords(embeddedAsOf)}` : "bundled values";
  if (kept.has("embedded") && kept.has("last_good")) return `last good and ${bundled}`;
  if (kept.has("embedded")) return bundled;
  return "last good values";
}

/** The notice for a completed refresh. */
export function refreshNotice(report: RefreshReport, nowMs: number): Notice {
  const snapshot: MarketSnapshot = report.snapshot;
  const failures = report.failures.map((f) => `${f.source} failed: ${peopleText(f.reason)}`);
  const fallbacks: string[] = [];
  let primaryNotLive = 0;
  let primaryLive = 0;
  const kept = new Set<"last_good" | "embedded">();
  for (const [field, use] of Object.entries(report.usedFallback) as [InputField, FallbackUse][]) {
    const line = usedInstead(field, use, snapshot.fields[field], nowMs);
    if (line !== undefined) fallbacks.push(line);
    if (field === "network_eh_s_estimate") continue;
    if (use === "none" || use === "alternate_source") primaryLive += 1;
    else primaryNotLive += 1;
    if (use === "last_good" || use === "embedded") kept.add(use);
  }
  if (report.cancelled === true) {
    return {
      intent: "info",
      title: "Refresh cancelled",
      body:
        primaryLive > 0
          ? "Values fetched before the cancel are in use; for the others:"
          : "No value was fetched before the cancel; in use instead:",
      details: fallbacks,
      next: "Select Refresh market inputs when you want live values again.",
    };
  }
  if (report.ok) {
    return {
      intent: "success",
      title: "Market inputs refreshed",
      body: "Every input came live from its first-choice source.",
    };
  }
  if (primaryNotLive === 0 && fallbacks.length === 0) {
    // Only non-value failures (e.g. the last good values could not be saved).
    return {
      intent: "warning",
      title: "Market inputs refreshed, with a problem",
      body: "Every input came live, but:",
      details: failures,
      next: "The values are in use now; if saving keeps failing they will not survive a restart of Excel.",
    };
  }
  if (primaryLive === 0) {
    return {
      intent: "warning",
      title: `Refresh failed: showing ${keptWords(kept, snapshot)}`,
      body: "No source answered. What failed, and what is used instead:",
      details: [...failures, ...fallbacks],
      next: NEXT_NETWORK,
    };
  }
  return {
    intent: "warning",
    title: "Refresh partly failed",
    body: "Some sources failed. What failed, and what was used instead:",
    details: [...failures, ...fallbacks],
    next: NEXT_NETWORK,
  };
}

/** The notice for problems found while restoring saved settings and values, if any. */
export function startNotice(report: StartReport): Notice | undefined {
  if (report.problems.length === 0) return undefined;
  return {
    intent: "warning",
    title: "Saved market data was partly unreadable",
    body: `Defaults or bundled values are used where saved ones could not be read (storage: ${report.storage}).`,
    details: report.problems,
    next: "Review Settings and save them again, then refresh the market inputs.",
  };
}
