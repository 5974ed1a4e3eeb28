/** An error with Excel's error code (ItemNotFound, InvalidArgument, ...), thrown by the workbook. */
export class WorkbookError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = "WorkbookError";
  }
}

/** Duck-typed: errors may come from another window's realm. */
export function isCodedError(e: unknown): e is { code: string; message: string } {
  return (
    typeof e === "object" &&
    e !== null &&
    typeof (e as { code?: unknown }).code === "string" &&
    typeof (e as { message?: unknown }).message === "string"
  );
}
