/**
 * The real services: the page's shared market store and deal list, and the workbook
 * writers, whose results are turned into the reports the panels show. `run` is Excel.run
 * (the default, inside Excel) or the fake object model's run (tests, the preview page).
 * The stores are the page's (pageMarketStore.ts, pageDealStore.ts): the market store is the
 * one functions.js created, and the deal list is fetched when a panel showing it first
 * opens, so taskpane.js bundles neither. The workbook writers are a chunk of their own,
 * fetched at the first write or recalculation: the pane's first load only has to show the
 * market inputs.
 */
import type { MarketStore } from "../market";
import type { DealStoreState } from "../deals/store";
import type { FetchOptions } from "../deals/feed";
import { pageMarketStore } from "./pageMarketStore";
import { dealsApiOver, pageDealStore } from "./pageDealStore";
import type { ExcelRun } from "../workbook";
import { companiesApi } from "./companiesApi";
import type { SheetReport, TaskpaneServices, WorkbookApi } from "./services";

/** The writer's notices, less the rename text (the report carries it on its own). */
function otherNotices(notices: readonly string[], renamedBecause: string | undefined): string[] {
  return notices.filter((n) => n !== renamedBecause);
}

/**
 * The range a writer reports, when it does: the workbook layer's results are gaining an
 * `address`; until every writer has one this reads it only where present and valid.
 */
function addressOf(result: object): string | undefined {
  const address = (result as { address?: unknown }).address;
  return typeof address === "string" && address !== "" ? address : undefined;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The Inputs sheet's declared blocks (inputsSheet.ts INPUTS_SHEET_DECL), all reset on request. */
const INPUTS_BLOCKS: readonly string[] = ["title", "snapshot", "inputs"];

/** The workbook layer, loaded once on first use. */
const loadWorkbookModule = (): Promise<typeof import("../workbook")> =>
  import(/* webpackChunkName: "workbook" */ "../workbook");

/**
 * The workbook writers. `ready` (index.tsx: Office.onReady()) is awaited before each call:
 * the pane renders before Office is ready (nothing on the first screen needs Excel), and a
 * write or recalculation asked for in that moment waits for it instead of failing.
 */
export function workbookApi(run?: ExcelRun, ready?: Promise<unknown>): WorkbookApi {
  const workbookModule = async (): Promise<typeof import("../workbook")> => {
    await ready;
    return loadWorkbookModule();
  };
  return {
    async writeInputs(snapshot, request = {}): Promise<SheetReport> {
      const { writeInputsSheet } = await workbookModule();
      const resetBlocks = request.resetSheet === true ? INPUTS_BLOCKS : undefined;
      const r = await writeInputsSheet(snapshot, { run, resetBlocks });
      const reset = r.reset.length > 0 ? ` Put back the add-in's values in ${r.reset.join(", ")}.` : "";
      return {
        sheetName: r.sheetName,
        address: addressOf(r),
        renamedBecause: r.renamedBecause,
        summary: `Named cells: ${r.names.join(", ")}.${reset}`,
        notes: otherNotices(r.notices, r.renamedBecause),
        kept: r.kept,
        reset: r.reset,
      };
    },
    async loadDeals(deals): Promise<SheetReport> {
      const { loadDeals } = await workbookModule();
      const r = await loadDeals(deals, { run });
      const parts = [
        `Table ${r.tableName}, ${plural(r.dealCount, "deal", "deals")}${r.created ? ", new sheet" : ", updated in place"}.`,
      ];
      if (r.userColumns.length > 0) parts.push(`Your columns kept: ${r.userColumns.join(", ")}.`);
      return {
        sheetName: r.sheetName,
        address: addressOf(r),
        renamedBecause: r.renamedBecause,
        summary: parts.join(" "),
        notes: otherNotices(r.notices, r.renamedBecause),
      };
    },
    async buildComps(tickers, deals): Promise<SheetReport> {
      const { buildComps } = await workbookModule();
      const r = await buildComps(tickers, deals, { run });
      return {
        sheetName: r.sheetName,
        address: addressOf(r),
        renamedBecause: r.renamedBecause,
        summary: `Columns: ${r.companies.map((c) => c.ticker).join(", ")}; chart "${r.chartName}".`,
        notes: otherNotices(r.notices, r.renamedBecause),
      };
    },
    async buildRevenueMix(tickers, deals): Promise<SheetReport> {
      const { buildRevenueMix } = await workbookModule();
      const r = await buildRevenueMix(tickers, { run, deals });
      return {
        sheetName: r.sheetName,
        address: r.address,
        summary: `Companies: ${tickers.join(", ")}; years from the First calendar year input.`,
        notes: r.notices,
      };
    },
    async writeHistory(): Promise<SheetReport> {
      const { writeHistory } = await workbookModule();
      const r = await writeHistory({ run });
      return {
        sheetName: r.sheetName,
        address: r.address,
        renamedBecause: r.renamedBecause,
        summary:
          "Hashprice and BTC price as live PIVOT.MARKET_HISTORY spills over the dates in its blue cells, with a chart.",
        notes: otherNotices(r.notices, r.renamedBecause),
        kept: r.kept,
      };
    },
    async recalcMarketDependents(): Promise<void> {
      const { recalcMarketDependents } = await workbookModule();
      await recalcMarketDependents({ run });
    },
  };
}

export interface ServicesOptions {
  /** Excel.run to use; default: the host's, looked up at each call. */
  readonly run?: ExcelRun;
  /** Resolves when Office is ready (Office.onReady()); workbook calls wait for it. */
  readonly officeReady?: Promise<unknown>;
  readonly feed?: FetchOptions;
  readonly now?: () => number;
  /** The deal store; default: the page's, fetched when first needed (pageDealStore). */
  readonly deals?: DealStoreState;
}

/** The services over a given market store (tests pass their own). */
export function servicesWith(market: MarketStore, options: ServicesOptions = {}): TaskpaneServices {
  return {
    market,
    workbook: workbookApi(options.run, options.officeReady),
    deals: dealsApiOver(options.deals ?? pageDealStore, options.feed),
    companies: companiesApi(),
    now: options.now ?? Date.now,
  };
}

/** The add-in's services: the page's shared market store and deal list, and Excel. */
export async function createServices(options: ServicesOptions = {}): Promise<TaskpaneServices> {
  return servicesWith(await pageMarketStore(), options);
}
