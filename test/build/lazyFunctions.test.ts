/**
 * Functions fetched on their first call (src/functions/lazy.ts, scripts/lazy-functions.cjs):
 * the stand-in's rules on their own, then dist/functions.js as Excel's runtime runs it, with a
 * minimal page that loads webpack's chunks from dist/ the way a browser does (a <script>
 * appended to document.head, then its load or error event).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import vm from "node:vm";
import { installCustomFunctionsRuntime } from "../../src/preview/customFunctionsRuntime";
import { LOAD_FAILED_NEXT, inPage, onFirstCall, sharedLoad } from "../../src/functions/lazy";
import { DIST, distFile, distFunctions } from "../support/dist";

installCustomFunctionsRuntime();

const FILES = (
  JSON.parse(readFileSync(join(__dirname, "../../src/functions/files.json"), "utf8")) as {
    files: { path: string; chunk?: string }[];
  }
).files;

type Fn = (...args: unknown[]) => unknown;
interface CfError {
  code: string;
  message?: string;
}

function isThenable(x: unknown): x is PromiseLike<unknown> {
  return typeof (x as { then?: unknown } | null)?.then === "function";
}

describe("onFirstCall, the stand-in associated at load", () => {
  test("the first call loads the module and resolves to the real function's result; later calls are direct", async () => {
    let loads = 0;
    const load = sharedLoad(async () => {
      loads++;
      return { TWICE: (x: unknown) => Number(x) * 2 };
    });
    const twice = onFirstCall("TWICE", load, "TWICE", "scalar");
    const first = twice(21);
    expect(isThenable(first)).toBe(true);
    await expect(first).resolves.toBe(42);
    expect(twice(5)).toBe(10); // loaded: synchronous, as if it had always been there
    expect(loads).toBe(1);
  });

  test("functions of one chunk share one load, even when called together before it arrives", async () => {
    let loads = 0;
    const load = sharedLoad(async () => {
      loads++;
      return { A: () => "a", B: () => [["b"]] };
    });
    const a = onFirstCall("A", load, "A", "scalar");
    const b = onFirstCall("B", load, "B", "matrix");
    await expect(Promise.all([a(), b(), a()])).resolves.toEqual(["a", [["b"]], "a"]);
    expect(loads).toBe(1);
  });

  test("a load that fails answers #N/A with the reason and what to do, shaped as the result; the next call retries", async () => {
    let attempt = 0;
    const load = sharedLoad(async () => {
      attempt++;
      if (attempt === 1) throw new Error("Loading chunk 123 failed.");
      return { T: () => [[1, 2]] };
    });
    const table = onFirstCall("T", load, "T", "matrix");
    const failed = (await table()) as CfError[][];
    expect(failed).toHaveLength(1);
    expect(failed[0][0].code).toBe("#N/A");
    expect(failed[0][0].message).toBe(
      `PIVOT.T: its code could not be loaded (Loading chunk 123 failed.). ${LOAD_FAILED_NEXT}`,
    );
    await expect(table()).resolves.toEqual([[1, 2]]);
    expect(attempt).toBe(2);
  });

  test("a load that throws synchronously (no <script> possible) still settles, as #N/A", async () => {
    const load = sharedLoad((): Promise<Record<string, unknown>> => {
      throw new ReferenceError("document is not defined");
    });
    const f = onFirstCall("F", load, "F", "scalar");
    const r = (await f()) as CfError;
    expect(r.code).toBe("#N/A");
    expect(r.message).toContain("document is not defined");
  });

  test("inPage refuses at once where there is no document to add a <script> to", async () => {
    let called = false;
    const load = inPage(async () => {
      called = true;
      return {};
    }, {});
    await expect(load()).rejects.toThrow("this runtime has no page to load the function's code into");
    expect(called).toBe(false);
    await expect(inPage(async () => ({ ok: 1 }), { document: { head: {} } })()).resolves.toEqual({ ok: 1 });
  });

  test("a real function that throws becomes an Excel error, never an exception", async () => {
    const f = onFirstCall(
      "BAD",
      sharedLoad(async () => ({
        BAD: () => {
          throw new Error("boom");
        },
      })),
      "BAD",
      "scalar",
    );
    const first = (await f()) as CfError;
    expect(first.code).toBe("#NUM!");
    expect(first.message).toBe("BAD: internal error: boom");
    expect((f() as CfError).code).toBe("#NUM!");
  });

  test("arguments are passed through unchanged, the invocation object included", async () => {
    const seen: unknown[][] = [];
    const f = onFirstCall(
      "ECHO",
      sharedLoad(async () => ({ ECHO: (...args: unknown[]) => seen.push(args) })),
      "ECHO",
      "scalar",
    );
    const invocation = { address: "Sheet1!A1" };
    await f([[1]], undefined, invocation);
    f("x", invocation);
    expect(seen).toEqual([
      [[[1]], undefined, invocation],
      ["x", invocation],
    ]);
    expect(seen[0][2]).toBe(invocation);
  });

  test("a module without the export answers #N/A naming the function", async () => {
    const f = onFirstCall(
      "GONE",
      sharedLoad(async () => ({})),
      "GONE",
      "scalar",
    );
    const r = (await f()) as CfError;
    expect(r.code).toBe("#N/A");
    expect(r.message).toBe("PIVOT.GONE: internal error: its module has no function GONE.");
  });
  test("a load failure's message fits Excel's 255 characters and keeps the next step whole", async () => {
    const f = onFirstCall(
      "LONG",
      sharedLoad(async () => {
        throw new Error(`Loading chunk 7 failed. (error: https://example.invalid/${"x".repeat(400)}.js)`);
      }),
      "LONG",
      "scalar",
    );
    const r = (await f()) as CfError;
    expect(r.code).toBe("#N/A");
    const message = r.message ?? "";
    expect(message.length).toBeLessThanOrEqual(255);
    expect(message.startsWith("PIVOT.LONG: its code could not be loaded (Loading chunk 7 failed.")).toBe(true);
    expect(message.endsWith(LOAD_FAILED_NEXT)).toBe(true);
  });
});

// ---- dist/functions.js ------------------------------------------------------------------------

interface Page {
  readonly registry: Map<string, Fn>;
  /** Scripts the page was asked to load, in order. */
  readonly requested: string[];
}

/**
 * A context with what Excel's runtime gives functions.js (CustomFunctions, OfficeRuntime,
 * fetch, URL, timers) and, when `page`, a document whose <script>s run dist/ files: `fail(src)`
 * makes that load fire `error` instead.
 */
function runFunctionsJs(options: { page: boolean; fail?: (src: string) => boolean }): Page {
  const registry = new Map<string, Fn>();
  const requested: string[] = [];
  class Error_ {
    constructor(
      readonly code: string,
      readonly message?: string,
    ) {}
  }
  const sandbox: Record<string, unknown> = {
    CustomFunctions: {
      Error: Error_,
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
      associate: (id: string, fn: Fn) => {
        if (registry.has(id)) throw new Error(`${id} associated twice`);
        registry.set(id, fn);
      },
    },
    OfficeRuntime: {
      storage: { getItem: async () => null, setItem: async () => undefined, removeItem: async () => undefined },
    },
    fetch: () => Promise.reject(new Error("no network in this test")),
    // The bundled datasets' source links are checked with URL, which every runtime has.
    URL,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
  };
  const context = vm.createContext(sandbox);
  if (options.page) {
    type Script = { src: string; onload?: (e: object) => void; onerror?: (e: object) => void };
    sandbox.document = {
      head: {
        appendChild(script: Script) {
          requested.push(script.src);
          setTimeout(() => {
            if (options.fail?.(script.src) === true) {
              script.onerror?.({ type: "error", target: script });
              return;
            }
            vm.runInContext(readFileSync(join(DIST, script.src), "utf8"), context, { filename: script.src });
            script.onload?.({ type: "load", target: script });
          }, 0);
        },
      },
      createElement: (): Script & { setAttribute(): void; getAttribute(): null } => ({
        src: "",
        setAttribute() {},
        getAttribute: () => null,
      }),
      getElementsByTagName: () => [],
    };
  }
  vm.runInContext(readFileSync(distFile("functions.js"), "utf8"), context, { filename: "functions.js" });
  return { registry, requested };
}

const chunked = FILES.filter((f) => f.chunk !== undefined);

describe("dist/functions.js: chunked files load on first call", () => {
  test("files.json gives chunks to the deal, company, history, credit and simulation files, which functions.js does not carry", () => {
    expect(chunked.map((f) => f.path).sort()).toEqual(
      [
        "src/functions/companies.ts",
        "src/functions/credit.ts",
        "src/functions/deals.ts",
        "src/functions/history.ts",
        "src/functions/revenue.ts",
        "src/functions/simulation.ts",
      ].sort(),
    );
    for (const f of chunked) distFile(`${f.chunk}.js`);
    const functionsJs = readFileSync(distFile("functions.js"), "utf8");
    // The bundled datasets are in the chunks, not in the first load.
    expect(functionsJs).not.toContain("HUT-RIVERBEND-2025");
    expect(readFileSync(distFile("deal-store.js"), "utf8")).toContain("HUT-RIVERBEND-2025");
    expect(functionsJs).not.toMatch(/shares_outstanding\.as_of|convertible_debt_usd/);
  });

  test("in a page, the first calls resolve to the documented examples and later calls answer synchronously", async () => {
    const { registry, requested } = runFunctionsJs({ page: true });
    const call = (id: string, ...args: unknown[]): unknown => {
      const fn = registry.get(id);
      if (fn === undefined) throw new Error(`${id} is not associated`);
      return fn(...args);
    };
    const first = call("DEAL", "HUT-RIVERBEND-2025", "MW");
    expect(isThenable(first)).toBe(true);
    await expect(first).resolves.toBe(245);
    expect(call("DEAL", "cifr-barberlake-2025", "value usd")).toBe(3_000_000_000);

    // =PIVOT.DEALS("RIOT") spills a 2 × 38 table: the header row and RIOT-ROCKDALE-2026.
    const riot = (await call("DEALS", "RIOT")) as unknown[][];
    expect([riot.length, riot[0].length, riot[1][0]]).toEqual([2, 38, "RIOT-ROCKDALE-2026"]);

    await expect(call("COMPANY", "HUT", "btc_held")).resolves.toBe(16331);
    // HPC_REVENUE_SCHEDULE("HUT-RIVERBEND-2025", 2027, 2): {2027, 250,910,708.82; 2028, 383,893,384.50}
    const schedule = (await call("HPC_REVENUE_SCHEDULE", "HUT-RIVERBEND-2025", 2027, 2)) as number[][];
    expect(schedule[0][0]).toBe(2027);
    expect(schedule[0][1]).toBeCloseTo(250_910_708.82, 2);
    expect(schedule[1][1]).toBeCloseTo(383_893_384.5, 2);
    const dscr = (await call(
      "HPC_DSCR",
      [[1]],
      [[100]],
      [[1]],
      [[1_000_000]],
      [[0]],
      [[1]],
      [[0]],
      [[0.5]],
      [[0]],
    )) as number[][];
    expect(dscr[0][0]).toBeCloseTo(2.4, 10);
    const sim = (await call(
      "MINING_NPV_SIM",
      20,
      0.05,
      5,
      0.12,
      0,
      0,
      0,
      100,
      1,
      40,
      1,
      0,
      0.01,
      931_000,
    )) as unknown[][];
    expect(sim[0][0]).toBe("Statistic");
    // History: an unknown field is #VALUE! naming the argument (no network needed).
    const history = (await call("MARKET_HISTORY", "nonsense", 45658, 45688, "week")) as CfError[][];
    expect(history[0][0].code).toBe("#VALUE!");
    expect(history[0][0].message).toMatch(/^field must be one of btc_usd/);

    // Each chunk was fetched once; the deal and revenue functions share one.
    expect([...requested].sort()).toEqual([...new Set(chunked.map((f) => `${f.chunk}.js`))].sort());
  });

  test("without a page, a chunked function answers #N/A saying why, at once (never a pending #BUSY!)", async () => {
    const { registry } = runFunctionsJs({ page: false });
    const matrixIds = new Set(
      distFunctions()
        .filter((f) => f.result.dimensionality === "matrix")
        .map((f) => f.id),
    );
    for (const id of ["DEAL", "DEALS", "COMPANY", "MINING_NPV_SIM"]) {
      const result = await registry.get(id)!("x", "y");
      const error = (matrixIds.has(id) ? (result as CfError[][])[0][0] : result) as CfError;
      expect(error.code).toBe("#N/A");
      expect(error.message).toBe(
        `PIVOT.${id}: its code could not be loaded (this runtime has no page to load the function's code into). ${LOAD_FAILED_NEXT}`,
      );
    }
    // The functions functions.js carries still compute there.
    expect(
      (registry.get("MINER_HASHPRICE")!([[90000]], [[1000]], [[0.02]], [[3.125]]) as number[][])[0][0],
    ).toBeCloseTo(40.7592, 10);
  });

  test("a chunk that cannot be fetched answers #N/A; a later call fetches it again and computes", async () => {
    let failures = 1;
    const { registry, requested } = runFunctionsJs({ page: true, fail: () => failures-- > 0 });
    const failed = (await registry.get("DEAL")!("HUT-RIVERBEND-2025", "MW")) as CfError;
    expect(failed.code).toBe("#N/A");
    expect(failed.message).toMatch(/^PIVOT\.DEAL: its code could not be loaded \(Loading chunk \S+ failed\./);
    await expect(registry.get("DEAL")!("HUT-RIVERBEND-2025", "MW")).resolves.toBe(245);
    expect(requested).toEqual(["deal-store.js", "deal-store.js"]);
  });
});
