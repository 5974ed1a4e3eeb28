/**
 * Notices: every outcome the user must see (success, partial failure, error) is a Fluent
 * MessageBar with a title, what happened, and, for anything short of success, what to do
 * next. Errors are turned into notices here, in one place, so no panel swallows one.
 */
import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { SheetReport } from "./services";

export type NoticeIntent = "success" | "info" | "warning" | "error";

export interface Notice {
  readonly intent: NoticeIntent;
  readonly title: string;
  readonly body: string;
  /** What the user can do next (required in spirit for warnings and errors). */
  readonly next?: string;
  /** Item lines (bad feed rows, failed sources), shown as a list. */
  readonly details?: readonly string[];
}

interface ShownNotice extends Notice {
  readonly key: number;
}

/** Most detail lines a notice lists; the rest are counted. */
export const MAX_DETAIL_LINES = 12;

/** The text of anything thrown, bounded (messages from Office and feeds can be long). */
export function errorMessage(e: unknown): string {
  let text: string;
  if (e instanceof Error) text = e.message || e.name;
  else if (typeof e === "string") text = e;
  else text = String(e);
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat || "unknown error";
}

/** Next steps for Office error codes a user can act on (OfficeExtension.Error.code). */
const OFFICE_NEXT: Readonly<Record<string, string>> = {
  InvalidOperationInCellEditMode: "Excel is editing a cell: press Enter or Esc to leave the cell, then try again.",
  AccessDenied:
    "The workbook or sheet is protected or read-only: unprotect it (Review › Unprotect) or save a copy, then try again.",
  EditModeError: "Excel is editing a cell: press Enter or Esc to leave the cell, then try again.",
  GeneralException:
    "Excel could not complete the change: save the workbook, then try again; if it persists, reload the add-in.",
  ItemAlreadyExists:
    "A sheet, table or name the add-in uses already exists in another form: rename it, then try again.",
  RequestPayloadSizeLimitExceeded:
    "The change was too large for Excel on the web: load fewer deals (use a smaller feed), then try again.",
};

/**
 * A notice for a failed action. The next step comes from the error itself when it carries
 * one (`action`, as DealFeedError does), else from the Office error code, else `fallbackNext`.
 */
export function errorNotice(title: string, e: unknown, fallbackNext: string): Notice {
  const action = (e as { action?: unknown } | null)?.action;
  const code = (e as { code?: unknown } | null)?.code;
  const next =
    typeof action === "string" && action !== ""
      ? action
      : typeof code === "string" && OFFICE_NEXT[code] !== undefined
        ? OFFICE_NEXT[code]
        : fallbackNext;
  const body =
    typeof code === "string" && code !== "" && !errorMessage(e).includes(code)
      ? `${errorMessage(e)} (${code})`
      : errorMessage(e);
  return { intent: "error", title, body, next };
}

/** An Excel sheet name as a reference needs it: quoted when it is not a plain word. */
function sheetRef(sheetName: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheetName) ? sheetName : `'${sheetName.replace(/'/g, "''")}'`;
}

/**
 * Where a writer put its result, for a message title: the range (`Inputs!A1:E12`,
 * `'Deals (PivotLens)'!A1:P17`) when the writer reports one, else the sheet
 * (`sheet "Deals"`).
 */
export function whereWritten(report: Pick<SheetReport, "sheetName" | "address">): string {
  const address = report.address?.trim();
  if (address === undefined || address === "") return `sheet "${report.sheetName}"`;
  return address.includes("!") ? address : `${sheetRef(report.sheetName)}!${address}`;
}

/**
 * The notice for a workbook writer's report: success, or a warning when the add-in had to
 * use another sheet name because the user owns a sheet with the standard one.
 */
export function sheetNotice(title: string, report: SheetReport, success: string): Notice {
  if (report.renamedBecause !== undefined) {
    return {
      intent: "warning",
      title,
      body: report.renamedBecause,
      details: report.notes,
      next: `Your sheet was left untouched. Rename or delete it if you want the standard name; running this again updates "${report.sheetName}" in place.`,
    };
  }
  return {
    intent: "success",
    title,
    body: report.summary !== undefined ? `${success} ${report.summary}` : success,
    details: report.notes,
  };
}

/**
 * A panel's one message area: `show` replaces whatever was shown (the newest message wins,
 * so messages never stack up); `clear(slot)` removes it only when it is still that slot's.
 * `notices` holds at most one notice.
 */
export function useNotices(): {
  notices: readonly ShownNotice[];
  show: (slot: string, notice: Notice) => void;
  clear: (slot: string) => void;
  dismiss: (key: number) => void;
} {
  const [current, setCurrent] = useState<(ShownNotice & { slot: string }) | undefined>(undefined);
  const counter = useRef(0);
  const show = useCallback((slot: string, notice: Notice) => {
    counter.current += 1;
    setCurrent({ ...notice, slot, key: counter.current });
  }, []);
  const clear = useCallback((slot: string) => setCurrent((n) => (n?.slot === slot ? undefined : n)), []);
  const dismiss = useCallback((key: number) => setCurrent((n) => (n?.key === key ? undefined : n)), []);
  const notices = useMemo(() => (current === undefined ? [] : [current]), [current]);
  return { notices, show, clear, dismiss };
}

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, scrollMarginTop: "48px" },
  bar: { minWidth: 0 },
  body: { whiteSpace: "normal", overflowWrap: "break-word", hyphens: "auto", minWidth: 0 },
  title: { display: "block" },
  disclosure: { marginTop: tokens.spacingVerticalXXS },
  summary: { cursor: "pointer", color: tokens.colorBrandForegroundLink, width: "fit-content" },
  details: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  para: { display: "block", marginTop: tokens.spacingVerticalXS },
});

/**
 * One message: the title is the one-line summary; what happened, the item lines and the next
 * step are behind a "Details" disclosure (native <details>: keyboard and screen-reader
 * support at no bundle cost), so a message takes two lines of the pane, not twenty.
 */
function NoticeBar(props: { notice: ShownNotice; onDismiss?: (key: number) => void }): JSX.Element {
  const { notice } = props;
  const styles = useStyles();
  const details = notice.details ?? [];
  const shown = details.slice(0, MAX_DETAIL_LINES);
  const hasMore = notice.body !== "" || shown.length > 0 || notice.next !== undefined;
  return (
    <MessageBar intent={notice.intent} layout="multiline" className={styles.bar}>
      <MessageBarBody className={styles.body}>
        <MessageBarTitle className={styles.title}>{notice.title}</MessageBarTitle>
        {hasMore && (
          <details className={styles.disclosure}>
            <summary className={styles.summary}>Details</summary>
            {notice.body !== "" && <span className={styles.para}>{notice.body}</span>}
            {shown.length > 0 && (
              <ul className={styles.details}>
                {shown.map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
                {details.length > shown.length && <li>…and {details.length - shown.length} more.</li>}
              </ul>
            )}
            {notice.next !== undefined && <span className={styles.para}>Next: {notice.next}</span>}
          </details>
        )}
      </MessageBarBody>
      {props.onDismiss !== undefined && (
        <MessageBarActions
          containerAction={
            <Button
              appearance="transparent"
              size="small"
              icon={<DismissRegular />}
              aria-label={`Dismiss: ${notice.title}`}
              title="Dismiss"
              onClick={() => props.onDismiss?.(notice.key)}
            />
          }
        />
      )}
    </MessageBar>
  );
}

/**
 * The message area of one panel. The container is a polite live region so screen readers hear
 * a new message even where the host's announcer is absent; each MessageBar is a group named by
 * its title (tests find them with getByRole("group", { name })). A new message is scrolled
 * into view (the button that caused it may be far below, e.g. Save settings).
 */
export function NoticeList(props: {
  notices: readonly ShownNotice[];
  /** Omitted: the notices cannot be dismissed. */
  onDismiss?: (key: number) => void;
  label: string;
}): JSX.Element {
  const styles = useStyles();
  const ref = useRef<HTMLDivElement>(null);
  const newest = props.notices.length > 0 ? props.notices[props.notices.length - 1].key : undefined;
  useEffect(() => {
    const el = ref.current;
    // jsdom has no layout and no scrollIntoView; a hidden panel has nothing to scroll to.
    if (newest === undefined || el === null || typeof el.scrollIntoView !== "function") return;
    if (el.offsetParent === null) return;
    el.scrollIntoView({ block: "nearest", behavior: "smooth" });
  }, [newest]);
  return (
    <div ref={ref} className={styles.list} aria-live="polite" aria-label={props.label} role="region">
      {props.notices.map((n) => (
        <NoticeBar key={n.key} notice={n} onDismiss={props.onDismiss} />
      ))}
    </div>
  );
}
