/**
 * The one error type the workbook layer throws. Every failure of a writer reaches the task
 * pane as a `WorkbookError`: `message` says what went wrong, `action` what the user can do
 * next (the MessageBar shows both). Errors from Excel itself keep their code and are
 * wrapped, never swallowed.
 */

export type WorkbookErrorKind =
  /** Excel's API is not there (the page is not running inside Excel). */
  | "no-excel"
  /** Excel rejected a request (edit mode, protected sheet, API not supported, ...). */
  | "excel"
  /** The add-in's own table or sheet was changed in a way it cannot update in place. */
  | "layout"
  /** Bad input from the caller (no deals, no companies, unknown company). */
  | "input";

export class WorkbookError extends Error {
  readonly kind: WorkbookErrorKind;
  readonly action: string;
  /** Excel's error code (OfficeExtension.Error.code), when Excel raised it. */
  readonly code?: string;
  override readonly cause?: unknown;

  constructor(
    kind: WorkbookErrorKind,
    message: string,
    action: string,
    options: { code?: string; cause?: unknown } = {},
  ) {
    super(message);
    this.name = "WorkbookError";
    this.kind = kind;
    this.action = action;
    this.code = options.code;
    this.cause = options.cause;
  }
}

/** What to do for Excel's common error codes. */
function actionFor(code: string | undefined): string {
  switch (code) {
    case "InvalidOperationInCellEditMode":
      return "Finish editing the cell (press Enter or Esc), then try again.";
    case "AccessDenied":
      return "Unprotect the sheet or workbook (Review › Unprotect), then try again.";
    case "ApiNotFound":
    case "UnsupportedFeature":
    case "UnsupportedOperation":
      return "This Excel version lacks a feature the add-in needs; update Excel (Microsoft 365) and try again.";
    case "RequestPayloadSizeLimitExceeded":
    case "ResponsePayloadSizeLimitExceeded":
      return "Too much data for one request: load fewer deals (filter the list) and try again.";
    default:
      return "Try again. If it keeps failing, save the workbook, reopen it and try again.";
  }
}

/** Wraps anything thrown during an Excel batch; a WorkbookError passes through unchanged. */
export function asWorkbookError(e: unknown, what: string): WorkbookError {
  if (e instanceof WorkbookError) return e;
  const code =
    typeof e === "object" && e !== null && typeof (e as { code?: unknown }).code === "string"
      ? (e as { code: string }).code
      : undefined;
  const detail = e instanceof Error ? e.message : String(e);
  return new WorkbookError("excel", `${what} failed: ${detail}${code ? ` (${code})` : ""}`, actionFor(code), {
    code,
    cause: e,
  });
}
