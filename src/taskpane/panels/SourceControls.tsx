/**
 * The market sources, one row each, under the Market panel's buttons (a chunk of its own:
 * the pane's first load does not carry it):
 * - during a refresh, each source's state (waiting, requesting, retrying, ok, failed,
 *   skipped, cancelled) with its retry count, from the store's onProgress; a "Cancel refresh"
 *   button calls cancelRefresh() (values already obtained are kept, the rest fall back to the
 *   last good or bundled values, and the Market message says so);
 * - "Test connection" per source asks that source once (testConnection) and shows ok or the
 *   reason, the time it took and when it was tested. A test never changes the values shown.
 */
import { Button, Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useId, useState } from "react";
import type { ConnectionTest, RefreshProgress, SourceProgress, SourceState } from "../../market";
import type { EndpointId } from "../../market/sources";
import { formatUtc } from "../format";
import { errorMessage } from "../notices";
import { useServices } from "../services";

const useStyles = makeStyles({
  box: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS, minWidth: 0 },
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "4px" },
  row: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalS },
  name: { flex: "1 1 8em", minWidth: 0 },
  meta: { color: tokens.colorNeutralForeground3, overflowWrap: "break-word", minWidth: 0, flexBasis: "100%" },
  summary: { cursor: "pointer", color: tokens.colorBrandForegroundLink, width: "fit-content" },
});

/** Every source the store asks, in people's words (what each one supplies). */
export const SOURCE_ROWS: readonly { readonly endpoint: EndpointId; readonly label: string }[] = [
  { endpoint: "mempool.hashrate", label: "mempool.space hashrate and difficulty" },
  { endpoint: "mempool.rewardStats", label: "mempool.space fees" },
  { endpoint: "mempool.tipHeight", label: "mempool.space block height" },
  { endpoint: "mempool.prices", label: "mempool.space BTC price" },
  { endpoint: "coinbase.spot", label: "Coinbase BTC price" },
  { endpoint: "kraken.ticker", label: "Kraken BTC price" },
];

const STATE_TEXT: Readonly<Record<SourceState, string>> = {
  waiting: "waiting",
  requesting: "requesting",
  retrying: "retrying",
  ok: "ok",
  failed: "failed",
  skipped: "skipped",
  cancelled: "cancelled",
};

/** "retrying, 2 retries" / "ok, 1 retry, 340 ms" / "failed: HTTP 500". */
export function progressText(p: SourceProgress): string {
  const parts = [STATE_TEXT[p.state]];
  if (p.retries > 0) parts.push(`${p.retries} ${p.retries === 1 ? "retry" : "retries"}`);
  if (p.durationMs !== undefined) parts.push(`${Math.round(p.durationMs)} ms`);
  const text = parts.join(", ");
  return p.reason !== undefined ? `${text}: ${p.reason}` : text;
}

/** "ok in 120 ms, tested 21:04 UTC" / "failed in 3,000 ms: timed out, tested …". */
export function testText(t: ConnectionTest, testedAtMs: number): string {
  const ms = Math.round(t.durationMs).toLocaleString("en-US");
  const when = formatUtc(new Date(testedAtMs).toISOString());
  return t.ok
    ? `Connection ok in ${ms} ms (tested ${when})`
    : `Failed in ${ms} ms: ${t.reason ?? "no reason given"} (tested ${when})`;
}

type TestState = { readonly kind: "testing" } | { readonly kind: "done"; readonly text: string; readonly ok: boolean };

function SourceRow(props: {
  endpoint: EndpointId;
  label: string;
  progress: SourceProgress | undefined;
  running: boolean;
}): JSX.Element {
  const styles = useStyles();
  const { market, now } = useServices();
  const labelId = useId();
  const [test, setTest] = useState<TestState | undefined>(undefined);
  const mounted = useMounted();

  const onTest = (): void => {
    setTest({ kind: "testing" });
    market.testConnection(props.endpoint).then(
      (t) => {
        if (mounted.current) setTest({ kind: "done", ok: t.ok, text: testText(t, now()) });
      },
      (e: unknown) => {
        if (mounted.current) setTest({ kind: "done", ok: false, text: `The test could not run: ${errorMessage(e)}` });
      },
    );
  };

  return (
    <li aria-labelledby={labelId}>
      <div className={styles.row}>
        <Text id={labelId} className={styles.name}>
          {props.label}
        </Text>
        <Button
          size="small"
          onClick={onTest}
          disabled={test?.kind === "testing"}
          aria-describedby={labelId}
          title={`Ask ${props.label} once; the values shown do not change`}
        >
          Test connection
        </Button>
        {props.progress !== undefined && (props.running || props.progress.state !== "waiting") && (
          <Caption1 className={styles.meta}>
            {props.running ? "Refresh: " : "Last refresh: "}
            {progressText(props.progress)}
          </Caption1>
        )}
        {test !== undefined && (
          <Caption1 className={styles.meta} role="status">
            {test.kind === "testing" ? "Testing…" : test.text}
          </Caption1>
        )}
      </div>
    </li>
  );
}

function useMounted(): { current: boolean } {
  const [ref] = useState(() => ({ current: true }));
  useEffect(() => {
    ref.current = true;
    return () => {
      ref.current = false;
    };
  }, [ref]);
  return ref;
}

/** The store's refresh progress, updated on every change. */
export function useRefreshProgress(): RefreshProgress | undefined {
  const { market } = useServices();
  const [progress, setProgress] = useState<RefreshProgress | undefined>(() => market.progress());
  useEffect(() => {
    const unsubscribe = market.onProgress(setProgress);
    setProgress(market.progress());
    return unsubscribe;
  }, [market]);
  return progress;
}

export function SourceControls(props: { onCancelFailed: (e: unknown) => void }): JSX.Element {
  const styles = useStyles();
  const { market } = useServices();
  const progress = useRefreshProgress();
  const running = progress?.running === true;
  const [cancelling, setCancelling] = useState(false);
  const mounted = useMounted();
  const { onCancelFailed } = props;

  const onCancel = (): void => {
    setCancelling(true);
    // The refresh's own report (cancelled: true) reaches the Refresh button's message.
    market
      .cancelRefresh()
      .catch(onCancelFailed)
      .finally(() => {
        if (mounted.current) setCancelling(false);
      });
  };

  return (
    <div className={styles.box}>
      {running && (
        <div className={styles.row}>
          <Button onClick={onCancel} disabled={cancelling}>
            Cancel refresh
          </Button>
          <Caption1>Values already fetched are kept; the others use the last good or bundled values.</Caption1>
        </div>
      )}
      <details open={running || undefined}>
        <summary className={styles.summary}>
          <Caption1>Sources and connection tests</Caption1>
        </summary>
        <ul className={styles.list} aria-label="Market sources">
          {SOURCE_ROWS.map((row) => (
            <SourceRow
              key={row.endpoint}
              endpoint={row.endpoint}
              label={row.label}
              progress={progress?.sources[row.endpoint]}
              running={running}
            />
          ))}
        </ul>
      </details>
    </div>
  );
}
