/**
 * The only place that builds `CustomFunctions.Error` values. Excel shows custom messages
 * for #VALUE! and #N/A; for #NUM! it shows the code alone, but the message is still
 * attached (the preview host and the tests read it).
 */
import { ModelError, type ModelErrorKind } from "../../core/errors";

const CODE_BY_KIND: Record<ModelErrorKind, CustomFunctions.ErrorCode> = {
  value: "#VALUE!" as CustomFunctions.ErrorCode.invalidValue,
  num: "#NUM!" as CustomFunctions.ErrorCode.invalidNumber,
  na: "#N/A" as CustomFunctions.ErrorCode.notAvailable,
};

export function excelError(kind: ModelErrorKind, message: string): CustomFunctions.Error {
  return new CustomFunctions.Error(CODE_BY_KIND[kind], message);
}

export function isExcelError(value: unknown): value is CustomFunctions.Error {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    (value as { code: string }).code.startsWith("#")
  );
}

/**
 * Turns anything thrown below the adapter into an Excel error. A `ModelError` keeps its kind
 * and message; anything else is a defect, reported as #NUM! with its message rather than
 * escaping as an exception (which Excel would show as a generic #VALUE! with no hint).
 */
export function toExcelError(e: unknown, functionId: string): CustomFunctions.Error {
  if (isExcelError(e)) return e;
  if (e instanceof ModelError) return excelError(e.kind, e.message);
  const detail = e instanceof Error ? e.message : String(e);
  return excelError("num", `${functionId}: internal error: ${detail}`);
}
