/**
 * Market panel: each input with its value, source (named for people: mempool.space,
 * Coinbase, Kraken) and age, and where it came from in one vocabulary: live / last good /
 * bundled. When any value is the snapshot bundled with the add-in, one banner says so with
 * its date in words instead of a badge on every row; the full source text (endpoint URL,
 * arithmetic of a derived value) and any refresh note are behind the "Sources" disclosure.
 * "Refresh market inputs" (progress, then a message built from the store's refresh report);
 * "Write inputs to sheet" (the workbook layer's Inputs writer; the message says where);
 * "Write history" (the Market history sheet: MARKET_HISTORY spills and their chart).
 */
import { Button, Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Busy } from "../Busy";
import { Suspense, lazy, useCallback, useId, useState } from "react";
import type { FieldValue, MarketSnapshot, Origin } from "../../market";
import {
  formatAge,
  formatDateWords,
  formatMarketValue,
  formatUtc,
  MARKET_ROWS,
  peopleText,
  sourceName,
} from "../format";
import { useMarketSnapshot, useNow, useRunner } from "../hooks";
import { refreshNotice } from "../marketReport";
import { MessageBox, NoticeList, errorNotice, sheetNotice, useNotices, whereWritten } from "../notices";
import { useServices } from "../services";

/** Per-source progress, Cancel and Test connection: a chunk of their own, off the first load. */
const SourceControls = lazy(async () => ({
  default: (await import(/* webpackChunkName: "pane-sources" */ "./SourceControls")).SourceControls,
}));

/** Shown once a write kept the user's cells: a chunk of its own. */
const InputsReset = lazy(async () => ({
  default: (await import(/* webpackChunkName: "pane-sources" */ "./InputsReset")).InputsReset,
}));

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM, minWidth: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  list: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  item: {
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    paddingBottom: tokens.spacingVerticalXS,
  },
  line: { display: "flex", justifyContent: "space-between", gap: tokens.spacingHorizontalS, flexWrap: "wrap" },
  meta: {
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalXS,
    alignItems: "center",
    color: tokens.colorNeutralForeground3,
  },
  sources: { color: tokens.colorNeutralForeground3 },
  sourceList: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  wrap: { overflowWrap: "break-word", minWidth: 0 },
  summary: { cursor: "pointer", color: tokens.colorBrandForegroundLink, width: "fit-content" },
});

/** One vocabulary for where a value came from, everywhere in the pane. */
export const ORIGIN_TEXT: Readonly<Record<Origin, string>> = {
  live: "live",
  last_good: "last good",
  embedded: "bundled",
};

function InputRow(props: {
  label: string;
  field: (typeof MARKET_ROWS)[number]["field"];
  value: FieldValue | undefined;
  nowMs: number;
}): JSX.Element {
  const styles = useStyles();
  const labelId = useId();
  const { value } = props;
  if (value === undefined) {
    return (
      <li className={styles.item} aria-labelledby={labelId}>
        <div className={styles.line}>
          <Text weight="semibold" id={labelId}>
            {props.label}
          </Text>
          <Text>not available</Text>
        </div>
      </li>
    );
  }
  return (
    <li className={styles.item} aria-labelledby={labelId}>
      <div className={styles.line}>
        <Text weight="semibold" id={labelId}>
          {props.label}
        </Text>
        <Text>{formatMarketValue(props.field, value.value)}</Text>
      </div>
      <div className={styles.meta}>
        <Caption1 className={styles.wrap}>{sourceName(value)}</Caption1>
        <Caption1>·</Caption1>
        <Caption1>
          <time dateTime={value.asOf} title={`as of ${formatUtc(value.asOf)}`}>
            {formatAge(value.asOf, props.nowMs)}
          </time>
        </Caption1>
        <Caption1>·</Caption1>
        <Caption1>{ORIGIN_TEXT[value.origin]}</Caption1>
      </div>
    </li>
  );
}

/** The oldest as-of among the bundled values shown, or undefined when none is bundled. */
export function bundledAsOf(snapshot: MarketSnapshot): string | undefined {
  let oldest: string | undefined;
  for (const { field } of MARKET_ROWS) {
    const v = snapshot.fields[field];
    if (v?.origin !== "embedded") continue;
    if (oldest === undefined || Date.parse(v.asOf) < Date.parse(oldest)) oldest = v.asOf;
  }
  return oldest;
}

/** The one line above the list: bundled values (banner), else old values, else nothing. */
function DataState(props: { snapshot: MarketSnapshot; ttlMs: number }): JSX.Element | null {
  const bundled = bundledAsOf(props.snapshot);
  if (bundled !== undefined) {
    return <MessageBox intent="warning" title={`Bundled values of ${formatDateWords(bundled)}: Refresh to update`} />;
  }
  if (!props.snapshot.stale) return null;
  const minutes = Math.round(props.ttlMs / 60_000);
  return (
    <Caption1>Some values are older than {minutes} min (the refresh interval in Settings): Refresh to update.</Caption1>
  );
}

/** Every input's full source (endpoint URL or citation) and refresh note, for the curious. */
function SourceDetails(props: { snapshot: MarketSnapshot }): JSX.Element {
  const styles = useStyles();
  return (
    <details className={styles.sources}>
      <summary className={styles.summary}>
        <Caption1>Sources</Caption1>
      </summary>
      <ul className={styles.sourceList}>
        {MARKET_ROWS.map(({ field, label }) => {
          const v = props.snapshot.fields[field];
          if (v === undefined) return null;
          return (
            <li key={field} className={styles.wrap}>
              <Caption1>
                {label}: {v.source}, as of {formatUtc(v.asOf)} ({ORIGIN_TEXT[v.origin]})
                {v.note !== undefined ? `. ${peopleText(v.note)}` : ""}
              </Caption1>
            </li>
          );
        })}
      </ul>
    </details>
  );
}

export function MarketPanel(): JSX.Element {
  const styles = useStyles();
  const { market, workbook, now } = useServices();
  const snapshot: MarketSnapshot = useMarketSnapshot();
  const nowMs = useNow(snapshot.version);
  const { notices, show, dismiss } = useNotices();
  const ttlMs = market.settings.get().ttlMs;

  const refreshFailed = useCallback(
    (e: unknown) =>
      show(
        "refresh",
        errorNotice("Refresh failed", e, "Check the network and the source URLs in Settings, then refresh again."),
      ),
    [show],
  );
  const refresh = useRunner(refreshFailed);
  const writeFailed = useCallback(
    (e: unknown) =>
      show(
        "write",
        errorNotice(
          "Could not write the Inputs sheet",
          e,
          "Make sure no cell is being edited and the workbook is not protected, then select Write inputs to sheet again.",
        ),
      ),
    [show],
  );
  const write = useRunner(writeFailed);

  const historyFailed = useCallback(
    (e: unknown) =>
      show(
        "history",
        errorNotice(
          "Could not write the Market history sheet",
          e,
          "Make sure no cell is being edited and the workbook is not protected, then select Write history again.",
        ),
      ),
    [show],
  );
  const history = useRunner(historyFailed);
  const onHistory = (): void =>
    history.run(async () => {
      const report = await workbook.writeHistory();
      show(
        "history",
        sheetNotice(
          `History written to ${whereWritten(report)}`,
          report,
          "Change the blue dates to look at another window; the spills follow at once.",
        ),
      );
    });

  const onRefresh = (): void =>
    refresh.run(async () => {
      const report = await market.refresh();
      show("refresh", refreshNotice(report, now()));
    });

  // Cells the user changed that the last write kept: offers "Reset this sheet…".
  const [keptCells, setKeptCells] = useState<readonly string[]>([]);

  const onWrite = (resetSheet = false): void =>
    write.run(async () => {
      const report = await workbook.writeInputs(market.snapshot(), { resetSheet });
      setKeptCells(report.kept ?? []);
      show(
        "write",
        sheetNotice(
          `Inputs written to ${whereWritten(report)}`,
          report,
          "Each input is a named cell (PIVOT_BTC_USD, …) with its as-of time and source; formulas can use the names.",
        ),
      );
    });

  return (
    <div className={styles.panel}>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={onRefresh} disabled={refresh.running}>
          Refresh market inputs
        </Button>
        <Button onClick={() => onWrite()} disabled={write.running}>
          Write inputs to sheet
        </Button>
        <Button onClick={onHistory} disabled={history.running}>
          Write history
        </Button>
      </div>
      {keptCells.length > 0 && (
        <Suspense fallback={null}>
          <InputsReset keptCells={keptCells} disabled={write.running} onReset={() => onWrite(true)} />
        </Suspense>
      )}
      <Suspense fallback={null}>
        <SourceControls onCancelFailed={refreshFailed} />
      </Suspense>
      <div aria-live="polite" role="status">
        {refresh.running && <Busy size="tiny" label="Refreshing market inputs…" />}
        {write.running && <Busy size="tiny" label="Writing the Inputs sheet…" />}
        {history.running && <Busy size="tiny" label="Writing the Market history sheet…" />}
      </div>
      <NoticeList notices={notices} onDismiss={dismiss} label="Market messages" />
      <DataState snapshot={snapshot} ttlMs={ttlMs} />
      <ul className={styles.list} aria-label="Market inputs">
        {MARKET_ROWS.map((row) => (
          <InputRow
            key={row.field}
            label={row.label}
            field={row.field}
            value={snapshot.fields[row.field]}
            nowMs={nowMs}
          />
        ))}
      </ul>
      <SourceDetails snapshot={snapshot} />
    </div>
  );
}
