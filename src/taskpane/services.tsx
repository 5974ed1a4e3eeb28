/**
 * What the task pane's components may call, passed down through React context.
 *
 * Components never call Excel.run (only src/workbook does) and never reach for module
 * globals: they get the market store, the workbook writers and the deal list from
 * `useServices()`. index.tsx provides the real ones (createServices.ts); tests provide the
 * same real implementations wired to the fake Excel object model, a fixture server or a
 * failing source.
 */
import { createContext, useContext, type ReactNode } from "react";
import type { MarketSnapshot, MarketStore } from "../market";
import type { Deal, FeedInfo, FeedLoadResult } from "../deals";
import type { CompanyFeedLoadResult } from "../companies";

/** What a workbook writer reports back, in the terms the panels show. */
export interface SheetReport {
  /** The sheet the add-in wrote (its own, possibly under a new name). */
  readonly sheetName: string;
  /** The range written (e.g. "Inputs!A1:E12" or "A1:E12"), when the writer reports it. */
  readonly address?: string;
  /**
   * Set when a sheet with the wanted name existed and was not the add-in's: the add-in left
   * it alone, wrote `sheetName` instead, and this says so.
   */
  readonly renamedBecause?: string;
  /** Rows, cells or columns written, for the success message (e.g. "24 deals"). */
  readonly summary?: string;
  /** Anything else the user should know (kept rows, names left alone, …). */
  readonly notes?: readonly string[];
  /** Cells the user had changed that the write kept as they were ("Inputs!B5"). */
  readonly kept?: readonly string[];
  /** Cells the user had changed that a confirmed reset put back to the add-in's values. */
  readonly reset?: readonly string[];
}

export interface WriteInputsRequest {
  /** The user confirmed "Reset this sheet to the add-in's values": every block is rewritten. */
  readonly resetSheet?: boolean;
}

/** The workbook layer as the task pane uses it. Each call is one Excel.run batch. */
export interface WorkbookApi {
  /** Maintains the Inputs sheet (named cells PIVOT_BTC_USD, … with as-of and source). */
  writeInputs(snapshot: MarketSnapshot, request?: WriteInputsRequest): Promise<SheetReport>;
  /** Writes (or updates in place) the Deals table with its assumptions and formula columns. */
  loadDeals(deals: readonly Deal[]): Promise<SheetReport>;
  /** Builds the Comps sheet: one column per company (tickers), live formulas, a chart. */
  buildComps(tickers: readonly string[], deals: readonly Deal[]): Promise<SheetReport>;
  /** Builds the Revenue mix sheet: HPC vs mining revenue per company and year, live formulas. */
  buildRevenueMix(tickers: readonly string[], deals: readonly Deal[]): Promise<SheetReport>;
  /** Writes the Market history sheet: live PIVOT.MARKET_HISTORY spills and their chart. */
  writeHistory(): Promise<SheetReport>;
  /** Recalculates the cells that depend on market or deal data (after a snapshot or feed change). */
  recalcMarketDependents(): Promise<void>;
}

/** The firm's company feed (PIVOT.COMPANY / COMPANIES read it over the bundled data). */
export interface CompaniesApi {
  /** Fetches, validates and loads the feed; rejects when nothing loads (the previous data stays). */
  loadFeed(url: string): Promise<CompanyFeedLoadResult>;
  /** The companies the company data covers (bundled, with the firm's feed), loaded on demand. */
  covered?(): Promise<readonly { ticker: string; name: string }[]>;
}

/** The shared deal list (bundled deals plus the firm's feed). */
export interface DealsApi {
  /**
   * Resolves once the list is on the page, fetching it if needed (the pane's first load does
   * not carry it); rejects when it cannot be fetched, and a later call tries again.
   */
  ready(): Promise<void>;
  /** The list; throws if read before `ready()` resolved. */
  current(): readonly Deal[];
  feedInfo(): FeedInfo | undefined;
  /** Calls `listener` after every change of the list; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** The bundled dataset's as-of line (loaded on demand: the dataset is not in taskpane.js). */
  bundledAsOf(): Promise<string>;
  /** Fetches, validates and loads a feed; rejects with DealFeedError when nothing loads. */
  loadFeed(url: string): Promise<FeedLoadResult>;
}

export interface TaskpaneServices {
  readonly market: MarketStore;
  readonly workbook: WorkbookApi;
  readonly deals: DealsApi;
  /** Default: the page's company store loaded through companiesApi.ts. */
  readonly companies?: CompaniesApi;
  /** The clock ages are computed from (Unix ms). */
  readonly now: () => number;
}

const ServicesContext = createContext<TaskpaneServices | undefined>(undefined);

export function ServicesProvider(props: { services: TaskpaneServices; children: ReactNode }): JSX.Element {
  return <ServicesContext.Provider value={props.services}>{props.children}</ServicesContext.Provider>;
}

export function useServices(): TaskpaneServices {
  const services = useContext(ServicesContext);
  if (services === undefined)
    throw new Error("useServices() outside <ServicesProvider>: the task pane was mounted without its services");
  return services;
}
