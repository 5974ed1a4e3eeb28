/**
 * dist/functions.js must register every function in functions.json synchronously when it
 * loads, in a context with nothing but CustomFunctions, OfficeRuntime, fetch and timers
 * (Excel's JavaScript-only runtime has no DOM).
 */
import { readFileSync } from "node:fs";
import vm from "node:vm";
import { distFile, distFunctions } from "../support/dist";

function bareContext(associated: string[]): vm.Context {
  class CfError {
    constructor(
      readonly code: string,
      readonly message?: string,
    ) {}
  }
  const sandbox = {
    CustomFunctions: {
      Error: CfError,
      ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", invalidNumber: "#NUM!" },
      associate: (id: string, fn: unknown) => {
        if (typeof fn !== "function") throw new TypeError(`associate(${id}) without a function`);
        associated.push(id);
      },
    },
    OfficeRuntime: {
      storage: {
        getItem: async () => null,
        setItem: async () => undefined,
        removeItem: async () => undefined,
      },
    },
    fetch: () => Promise.reject(new Error("no network in this test")),
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
  };
  return vm.createContext(sandbox);
}

describe("dist/functions.js in a bare runtime", () => {
  test("registers exactly the ids listed in functions.json, synchronously", () => {
    const associated: string[] = [];
    const context = bareContext(associated);
    const code = readFileSync(distFile("functions.js"), "utf8");
    vm.runInContext(code, context, { filename: "functions.js" });
    // Nothing awaited: registration happened during evaluation.
    const ids = distFunctions().map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["MINER_HASHPRICE", "HPC_LEASE_NPV"]));
    expect([...associated].sort()).toEqual([...ids].sort());
    expect(new Set(associated).size).toBe(associated.length);
  });

  test("a registered function computes in that context", () => {
    const registry = new Map<string, (...args: unknown[]) => unknown>();
    const context = bareContext([]);
    (context.CustomFunctions as { associate: unknown }).associate = (id: string, fn: (...a: unknown[]) => unknown) =>
      registry.set(id, fn);
    vm.runInContext(readFileSync(distFile("functions.js"), "utf8"), context);
    const hashprice = registry.get("MINER_HASHPRICE");
    expect(hashprice).toBeDefined();
    // 144 × (3.125 + 0.02) × 90,000 / (1,000 EH/s × 1,000) = 40.7592 $/PH/day
    const result = hashprice!([[90000]], [[1000]], [[0.02]], [[3.125]]) as number[][];
    expect(result[0][0]).toBeCloseTo(40.7592, 10);
  });

  test("functions.js carries no Internet Explorer polyfills", () => {
    const code = readFileSync(distFile("functions.js"), "utf8");
    expect(code).not.toMatch(/core-js|regenerator-runtime|es6-promise/);
  });
});
