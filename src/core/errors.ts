/**
 * The one error type the pure core raises. It knows nothing of Excel: the custom-function
 * adapter maps `kind` to an Excel error code (#VALUE!, #NUM!, #N/A).
 *
 * - "value": an argument has the wrong type or shape.
 * - "num": a number is outside its domain, or a computation has no finite answer
 *   (an IRR that does not converge).
 * - "na": data is missing (an unknown deal id, no market value available).
 */
export type ModelErrorKind = "value" | "num" | "na";

export class ModelError extends Error {
  readonly kind: ModelErrorKind;

  constructor(kind: ModelErrorKind, message: string) {
    super(message);
    this.name = "ModelError";
    this.kind = kind;
  }
}
