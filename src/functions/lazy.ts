/**
 * Functions whose code is fetched on their first call instead of with functions.js.
 *
 * Excel needs every function associated when functions.js loads, but most sheets never call
 * the deal, company, history or simulation functions, and their code and bundled datasets
 * are about half of functions.js. So functions.js associates, for each function of a file
 * that src/functions/files.json gives a `chunk`, the stand-in `onFirstCall` returns; the
 * file itself is a separate chunk (webpack.config.js writes these associations from the
 * metadata generator's list, so no id is written twice).
 *
 * The stand-in, per call:
 * - once the file's module is loaded: calls the real function and returns what it returns
 *   (a value, or the real function's own promise), synchronously, as if it had been there;
 * - before that: returns a promise that loads the module (one load for all the functions of
 *   a chunk, whichever asks first) and then resolves to the real function's result. Excel
 *   shows #BUSY! meanwhile, as for any async function;
 * - if the module cannot be loaded (the add-in's server unreachable, or a runtime with no
 *   page to load a script into): resolves to #N/A naming the function, the reason and what
 *   to do, never a rejection and never a promise that stays pending. A later call tries the
 *   load again.
 * The real function is an adapter (src/functions/adapter/define.ts), which never throws;
 * should it still throw, the error becomes an Excel error as the adapter would make it.
 *
 * Arguments, including the invocation object Excel passes to cancelable and address-aware
 * functions, are passed through unchanged.
 */
import { excelError, toExcelError } from "./adapter/excelError";
import { cleanText } from "../market/text";

/** The result dimensionality functions.json declares for the function. */
export type ResultShape = "scalar" | "matrix";

type AnyFunction = (...args: unknown[]) => unknown;

/** What to tell the user when the code cannot be fetched. */
export const LOAD_FAILED_NEXT =
  "Check that the add-in's server can be reached, then recalculate (Ctrl+Alt+F9); if it keeps failing, reload the add-in.";

/**
 * One module load shared by every function of a chunk: the pending or settled promise is
 * reused, except that a failed load is forgotten so that a later call retries.
 */
export function sharedLoad<M>(load: () => Promise<M>): () => Promise<M> {
  let pending: Promise<M> | undefined;
  return () => {
    if (pending !== undefined) return pending;
    let started: Promise<M>;
    try {
      started = Promise.resolve(load());
    } catch (e) {
      // webpack's import() throws synchronously where it cannot insert a <script>.
      started = Promise.reject(e);
    }
    const current = started.catch((e: unknown) => {
      if (pending === current) pending = undefined;
      throw e;
    });
    pending = current;
    return current;
  };
}

/**
 * Loads webpack chunks only where a page can run them: webpack fetches a chunk by adding a
 * <script> to the document, so without one (a JavaScript-only runtime) the load fails at
 * once with a reason, instead of a promise webpack would leave pending.
 */
export function inPage<M>(load: () => Promise<M>, scope: object = globalThis): () => Promise<M> {
  return () => {
    const doc = (scope as { document?: { head?: unknown } }).document;
    if (doc === undefined || doc === null || doc.head === undefined || doc.head === null) {
      return Promise.reject(new Error("this runtime has no page to load the function's code into"));
    }
    return load();
  };
}

function describe(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.trim() === "" ? "unknown error" : text.trim();
}

function shaped(shape: ResultShape, value: CustomFunctions.Error): CustomFunctions.Error | CustomFunctions.Error[][] {
  return shape === "matrix" ? [[value]] : value;
}

/**
 * The function to associate with `id` at load: `exportName` of the module `load` gives,
 * fetched on the first call. `load` should come from `sharedLoad` so that the functions of
 * one chunk share one fetch.
 */
export function onFirstCall(
  id: string,
  load: () => Promise<Record<string, unknown>>,
  exportName: string,
  shape: ResultShape,
): AnyFunction {
  let impl: AnyFunction | undefined;
  const call = (fn: AnyFunction, args: unknown[]): unknown => {
    try {
      return fn(...args);
    } catch (e) {
      return shaped(shape, toExcelError(e, id));
    }
  };
  return (...args: unknown[]): unknown => {
    if (impl !== undefined) return call(impl, args);
    return load().then(
      (mod) => {
        const fn = mod[exportName];
        if (typeof fn !== "function") {
          return shaped(
            shape,
            excelError("na", cleanText(`PIVOT.${id}: internal error: its module has no function ${exportName}.`, 255)),
          );
        }
        impl = fn as AnyFunction;
        return call(impl, args);
      },
      (e: unknown) =>
        shaped(
          shape,
          // Excel shows at most 255 characters of an error's message: the next step is kept whole.
          excelError(
            "na",
            `${cleanText(`PIVOT.${id}: its code could not be loaded (${describe(e)}).`, 254 - LOAD_FAILED_NEXT.length)} ${LOAD_FAILED_NEXT}`,
          ),
        ),
    );
  };
}
