/**
 * Market panel: each input with its value, source, age and stale badge; "Refresh market
 * inputs" (progress, then a notice built from the store's refresh report); "Write inputs to
 * sheet" (the workbook layer's Inputs writer).
 */
import { Button, Caption1, Spinner, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Pill } from "../Pill";
import { useCallback, useId } from "react";
import type { FieldValue, MarketSnapshot, Origin } from "../../market";
import { formatAge, formatMarketValue, formatUtc, MARKET_ROWS } from "../format";
import { useMarketSnapshot, useNow, useRunner } from "../hooks";
import { refreshNotice } from "../marketReport";
import { NoticeList, errorNotice, sheetNotice, useNotices } from "../notices";
import { useServices } from "../services";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
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
    gap: tokens.spacingHorizontalXS,
    alignItems: "center",
    color: tokens.colorNeutralForeground3,
  },
  source: { overflowWrap: "anywhere" },
});

const ORIGIN_TEXT: Readonly<Record<Origin, string>> = { live: "live", last_good: "last good", embedded: "bundled" };

/** A field is stale when it was obtained longer ago than the TTL (the store's own rule). */
function isStale(value: FieldValue, ttlMs: number, nowMs: number): boolean {
  return nowMs - Date.parse(value.fetchedAt) > ttlMs;
}

function InputRow(props: {
  label: string;
  field: (typeof MARKET_ROWS)[number]["field"];
  value: FieldValue | undefined;
  ttlMs: number;
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
  const stale = isStale(value, props.ttlMs, props.nowMs);
  return (
    <li className={styles.item} aria-labelledby={labelId}>
      <div className={styles.line}>
        <Text weight="semibold" id={labelId}>
          {props.label}
        </Text>
        <Text>{formatMarketValue(props.field, value.value)}</Text>
      </div>
      <div className={styles.meta}>
        <Caption1 className={styles.source}>{value.source}</Caption1>
        <Caption1>
          ·{" "}
          <time dateTime={value.asOf} title={`as of ${formatUtc(value.asOf)}`}>
            {formatAge(value.asOf, props.nowMs)}
          </time>
        </Caption1>
        <Pill color={value.origin === "live" ? "success" : "informative"}>{ORIGIN_TEXT[value.origin]}</Pill>
        {stale && <Pill color="warning">stale</Pill>}
      </div>
      {value.note !== undefined && <Caption1 className={styles.source}>{value.note}</Caption1>}
    </li>
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

  const onRefresh = (): void =>
    refresh.run(async () => {
      const report = await market.refresh();
      show("refresh", refreshNotice(report, now()));
    });

  const onWrite = (): void =>
    write.run(async () => {
      const report = await workbook.writeInputs(market.snapshot());
      show(
        "write",
        sheetNotice(
          `Inputs written to sheet "${report.sheetName}"`,
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
        <Button onClick={onWrite} disabled={write.running}>
          Write inputs to sheet
        </Button>
      </div>
      <div aria-live="polite" role="status">
        {refresh.running && <Spinner size="tiny" label="Refreshing market inputs…" />}
        {write.running && <Spinner size="tiny" label="Writing the Inputs sheet…" />}
      </div>
      <NoticeList notices={notices} onDismiss={dismiss} label="Market messages" />
      <Caption1>
        {snapshot.stale
          ? "Some inputs are older than the refresh interval (TTL)."
          : "All inputs are within the refresh interval (TTL)."}{" "}
        Oldest input as of {formatUtc(snapshot.asOf)}.
      </Caption1>
      <ul className={styles.list} aria-label="Market inputs">
        {MARKET_ROWS.map((row) => (
          <InputRow
            key={row.field}
            label={row.label}
            field={row.field}
            value={snapshot.fields[row.field]}
            ttlMs={ttlMs}
            nowMs={nowMs}
          />
        ))}
      </ul>
    </div>
  );
}
