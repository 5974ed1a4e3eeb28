/**
 * The Excel error code an argument outside its domain gives, in ONE place. Today the adapter
 * (src/functions/adapter/coerce.ts) and the lease and mining core raise #NUM! for it; the
 * product rule is #VALUE! (Excel shows a custom message only for #VALUE! and #N/A). When the
 * adapter changes, flip this constant and the credit and simulation tests follow.
 */
import { expectError } from "./excel";

/** Code of a domain error raised by the adapter's argument specs. */
export const DOMAIN_ERROR_CODE: string = "#VALUE!";

/** Asserts a domain error (see DOMAIN_ERROR_CODE) whose message matches every pattern. */
export function expectDomainError(result: unknown, ...patterns: (string | RegExp)[]): void {
  expectError(result, DOMAIN_ERROR_CODE, ...patterns);
}
