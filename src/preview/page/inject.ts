/**
 * Runs in the task pane frame (/taskpane.html?preview) after office.js and before
 * functions.js and taskpane.js: installs the CustomFunctions runtime (feeding the page's
 * registry, replacing office.js's, which has no Excel behind it) and a global `Excel` over
 * the page's workbook. Outside Office, office.js leaves `Excel` undefined and resolves
 * Office.onReady with host null, so the task pane renders against this `Excel`.
 */
import { installCustomFunctionsRuntime } from "../customFunctionsRuntime";
import { createExcelApi } from "../excel/api";
import { HOST_KEY, type HostWindow } from "./host";

const host = window.parent !== window ? (window.parent as HostWindow)[HOST_KEY] : undefined;
if (host === undefined) {
  throw new Error("This page is the task pane of the PivotLens preview: open /preview.html instead.");
}
const frame = window as unknown as Record<string, unknown>;
// office.js defined a CustomFunctions object of its own (it has no __registry): replace it
// before functions.js runs.
installCustomFunctionsRuntime(frame, host.registry);
frame.Excel = createExcelApi(host.workbook, host.stats);

// Excel's shared runtime provides OfficeRuntime.storage, where the add-in keeps its settings
// and last good market snapshot; functions.js starts the market store only where it exists
// (src/market/start.ts). The preview provides the same interface over the frame's
// localStorage, so the page runs as it does in Excel: functions.js creates the stores and
// the task pane takes them (no on-demand store chunks).
if (frame.OfficeRuntime === undefined) {
  const local = window.localStorage;
  frame.OfficeRuntime = {
    storage: {
      getItem: async (key: string): Promise<string | null> => local.getItem(key),
      setItem: async (key: string, value: string): Promise<void> => local.setItem(key, value),
      removeItem: async (key: string): Promise<void> => local.removeItem(key),
    },
  };
}
