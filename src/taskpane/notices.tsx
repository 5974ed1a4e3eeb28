/**
 * Notices: every outcome the user must see (success, partial failure, error) is a message bar
 * with a one-line title, what happened, and, for anything short of success, what to do next.
 * Errors are turned into notices here, in one place, so no panel swallows one.
 *
 * The bar is drawn here with Fluent's tokens and icons and the same semantics as Fluent's
 * MessageBar (a group named by its title, an intent icon, an icon button to dismiss): the
 * MessageBar package and its layout observer cost ~3 KB gzip of the pane's 120 KB first load,
 * and the pane needs one layout of it.
 */
import { Button, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import {
  CheckmarkCircleFilled,
  DismissRegular,
  ErrorCircleFilled,
  InfoFilled,
  WarningFilled,
} from "@fluentui/react-icons";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
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
  // Absolute markers ($A$1) mean nothing to a reader of the message.
  const address = report.address?.trim().replace(/\$/g, "");
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
  bar: {
    display: "flex",
    alignItems: "flex-start",
    gap: tokens.spacingHorizontalS,
    minWidth: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS} ${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
  },
  success: {
    backgroundColor: tokens.colorPaletteGreenBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder1}`,
  },
  warning: {
    backgroundColor: tokens.colorPaletteDarkOrangeBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteDarkOrangeBorder1}`,
  },
  error: {
    backgroundColor: tokens.colorPaletteRedBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteRedBorder1}`,
  },
  icon: { flex: "0 0 auto", fontSize: "16px", lineHeight: 0, paddingTop: "2px" },
  successIcon: { color: tokens.colorPaletteGreenForeground1 },
  warningIcon: { color: tokens.colorPaletteDarkOrangeForeground1 },
  errorIcon: { color: tokens.colorPaletteRedForeground1 },
  infoIcon: { color: tokens.colorNeutralForeground2 },
  body: { flex: "1 1 auto", minWidth: 0, whiteSpace: "normal", overflowWrap: "break-word" },
  title: { display: "block", fontWeight: tokens.fontWeightSemibold },
  disclosure: { marginTop: tokens.spacingVerticalXXS },
  summary: { cursor: "pointer", color: tokens.colorBrandForegroundLink, width: "fit-content" },
  details: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL },
  para: { display: "block", marginTop: tokens.spacingVerticalXS },
  dismiss: { flex: "0 0 auto", marginTop: "-4px", marginRight: "-4px" },
});

const ICONS: Readonly<Record<NoticeIntent, JSX.Element>> = {
  success: <CheckmarkCircleFilled />,
  warning: <WarningFilled />,
  error: <ErrorCircleFilled />,
  info: <InfoFilled />,
};

/**
 * A message bar: intent icon, then the title (`title`; names the group) and `children`,
 * then the dismiss button when `onDismiss` is given. Exported for one-line banners too.
 */
export function MessageBox(props: {
  intent: NoticeIntent;
  title?: string;
  children?: ReactNode;
  onDismiss?: () => void;
}): JSX.Element {
  const styles = useStyles();
  const titleId = useId();
  const { intent } = props;
  return (
    <div
      role="group"
      aria-labelledby={props.title !== undefined ? titleId : undefined}
      className={mergeClasses(styles.bar, intent !== "info" && styles[intent])}
    >
      <span className={mergeClasses(styles.icon, styles[`${intent}Icon`])} aria-hidden="true">
        {ICONS[intent]}
      </span>
      <div className={styles.body}>
        {props.title !== undefined && (
          <span id={titleId} className={styles.title}>
            {props.title}
          </span>
        )}
        {props.children}
      </div>
      {props.onDismiss !== undefined && (
        <Button
          className={styles.dismiss}
          appearance="transparent"
          size="small"
          icon={<DismissRegular />}
          aria-label={`Dismiss: ${props.title ?? "message"}`}
          title="Dismiss"
          onClick={props.onDismiss}
        />
      )}
    </div>
  );
}

/**
 * One message: the title is the one-line summary; what happened, the item lines and the next
 * step are behind a "Details" disclosure (native <details>: keyboard and screen-reader
 * support at no bundle cost), so a message takes two lines of the pane, not twenty.
 */
function NoticeBar(props: { notice: ShownNotice; onDismiss?: (key: number) => void }): JSX.Element {
  const { notice, onDismiss } = props;
  const styles = useStyles();
  const details = notice.details ?? [];
  const shown = details.slice(0, MAX_DETAIL_LINES);
  const hasMore = notice.body !== "" || shown.length > 0 || notice.next !== undefined;
  return (
    <MessageBox
      intent={notice.intent}
      title={notice.title}
      onDismiss={onDismiss !== undefined ? () => onDismiss(notice.key) : undefined}
    >
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
    </MessageBox>
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
