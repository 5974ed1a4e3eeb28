/**
 * The fake Excel: one in-memory workbook (formulas evaluated by the preview engine) behind
 * the Excel JavaScript API surface the add-in uses. The preview page installs it as the
 * global `Excel`; tests (the workbook writers' included) use `createFakeExcel()`.
 *
 *   const fake = createFakeExcel({ metadata, registry });
 *   globalThis.Excel = fake.Excel;            // what src/workbook calls
 *   await writeDeals(...);
 *   fake.syncCount;                           // context.sync() calls so far
 *   fake.workbook.snapshot(fake.workbook.sheet("Deals"));
 */
import { installCustomFunctionsRuntime, type RuntimeRegistry } from "../customFunctionsRuntime";
import { FormulaEngine } from "../engine/engine";
import type { FunctionsMetadata } from "../engine/metadata";
import { createExcelApi, type ApiStats, type FakeExcelNamespace } from "./api";
import { WorkbookModel } from "./workbook";

export interface FakeExcelOptions {
  /** functions.json; without it only Excel's built-in functions evaluate. */
  readonly metadata?: FunctionsMetadata;
  /** Where CustomFunctions.associate registered the implementations (default: the global one). */
  readonly registry?: RuntimeRegistry;
  readonly namespace?: string;
  /** Initial sheets (default ["Sheet1"], as a new workbook). */
  readonly sheetNames?: readonly string[];
}

export interface FakeExcel {
  /** The `Excel` namespace: Excel.run, enums, ErrorCodes. */
  readonly Excel: FakeExcelNamespace;
  readonly workbook: WorkbookModel;
  readonly engine: FormulaEngine;
  /** context.sync() calls since creation (or since resetSyncCount). */
  readonly syncCount: number;
  /** The counter object itself (shared with API layers built in other windows). */
  readonly stats: ApiStats;
  resetSyncCount(): void;
  /** Installs `Excel` on `target` (default globalThis); returns a function that restores it. */
  install(target?: Record<string, unknown>): () => void;
  destroy(): void;
}

export function createFakeExcel(options: FakeExcelOptions = {}): FakeExcel {
  const registry = options.registry ?? installCustomFunctionsRuntime();
  const engine = new FormulaEngine({
    metadata: options.metadata,
    registry,
    namespace: options.namespace,
    makeError: (code, message) => new CustomFunctions.Error(code as CustomFunctions.ErrorCode, message),
  });
  const workbook = new WorkbookModel(engine, { sheetNames: options.sheetNames });
  const stats: ApiStats = { syncCount: 0 };
  const Excel = createExcelApi(workbook, stats);
  return {
    Excel,
    workbook,
    engine,
    get syncCount() {
      return stats.syncCount;
    },
    stats,
    resetSyncCount() {
      stats.syncCount = 0;
    },
    install(target: Record<string, unknown> = globalThis as never) {
      const before = target.Excel;
      target.Excel = Excel;
      return () => {
        target.Excel = before;
      };
    },
    destroy() {
      engine.destroy();
    },
  };
}

export { createExcelApi, type ApiStats } from "./api";
export { FakeOfficeError, ErrorCodes } from "./proxy";
export { WorkbookModel } from "./workbook";
export { WorkbookError } from "./errors";
