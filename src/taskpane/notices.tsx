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
import { useCallback, useRef, useState } from "react";
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

/** A panel's notice list: `show` replaces the notices of the same `slot` (one per action). */
export function useNotices(): {
  notices: readonly ShownNotice[];
  show: (slot: string, notice: Notice) => void;
  clear: (slot: string) => void;
  dismiss: (key: number) => void;
} {
  const [notices, setNotices] = useState<readonly (ShownNotice & { slot: string })[]>([]);
  const counter = useRef(0);
  const show = useCallback((slot: string, notice: Notice) => {
    counter.current += 1;
    const key = counter.current;
    setNotices((list) => [...list.filter((n) => n.slot !== slot), { ...notice, slot, key }]);
  }, []);
  const clear = useCallback((slot: string) => setNotices((list) => list.filter((n) => n.slot !== slot)), []);
  const dismiss = useCallback((key: number) => setNotices((list) => list.filter((n) => n.key !== key)), []);
  return { notices, show, clear, dismiss };
}

const useStyles = makeStyles({
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  details: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  next: { display: "block", marginTop: tokens.spacingVerticalXS },
  body: { whiteSpace: "normal", overflowWrap: "anywhere" },
});

function NoticeBar(props: { notice: ShownNotice; onDismiss?: (key: number) => void }): JSX.Element {
  const { notice } = props;
  const styles = useStyles();
  const details = notice.details ?? [];
  const shown = details.slice(0, MAX_DETAIL_LINES);
  return (
    <MessageBar intent={notice.intent} layout="multiline">
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>{notice.title}</MessageBarTitle>
        {notice.body}
        {shown.length > 0 && (
          <ul className={styles.details}>
            {shown.map((line, i) => (
              <li key={i}>{line}</li>
            ))}
            {details.length > shown.length && <li>…and {details.length - shown.length} more.</li>}
          </ul>
        )}
        {notice.next !== undefined && <span className={styles.next}>Next: {notice.next}</span>}
      </MessageBarBody>
      {props.onDismiss !== undefined && (
        <MessageBarActions
          containerAction={
            <Button
              appearance="transparent"
              size="small"
              aria-label={`Dismiss: ${notice.title}`}
              onClick={() => props.onDismiss?.(notice.key)}
            >
              ✕
            </Button>
          }
        />
      )}
    </MessageBar>
  );
}

/**
 * The notices of one panel. The container is a polite live region so screen readers hear a
 * new notice even where the host's announcer is absent; each MessageBar is a group named by
 * its title (tests find them with getByRole("group", { name })).
 */
export function NoticeList(props: {
  notices: readonly ShownNotice[];
  /** Omitted: the notices cannot be dismissed. */
  onDismiss?: (key: number) => void;
  label: string;
}): JSX.Element {
  const styles = useStyles();
  return (
    <div className={styles.list} aria-live="polite" aria-label={props.label} role="region">
      {props.notices.map((n) => (
        <NoticeBar key={n.key} notice={n} onDismiss={props.onDismiss} />
      ))}
    </div>
  );
}
