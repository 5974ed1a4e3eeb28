/**
 * Renders the task pane as index.tsx does (FluentProvider + ServicesProvider + App) with
 * services the test chooses, and checks that nothing was logged to console.error.
 */
import { FluentProvider, RendererProvider, createDOMRenderer, webLightTheme } from "@fluentui/react-components";
import { act, cleanup, render, type RenderResult } from "@testing-library/react";
import { App } from "../../../src/taskpane/App";
import type { NoticeHub } from "../../../src/taskpane/bootstrap";
import {
  ServicesProvider,
  type DealsApi,
  type TaskpaneServices,
  type WorkbookApi,
} from "../../../src/taskpane/services";
import { createMarketStore, type MarketStore } from "../../../src/market";
import { MemoryStorage, type KeyValueStorage } from "../../../src/market/storage";
import type { FetchLike, HttpPolicy } from "../../../src/market/http";
import { clearFeed, dealStore } from "../../../src/deals";
import { dealsApiOver } from "../../../src/taskpane/pageDealStore";
import type { FetchOptions } from "../../../src/deals/feed";
import type { ExcelRun } from "../../../src/workbook";
import { FakeOfficeError } from "../../../src/preview/excel";

/** Short timeouts so failure paths stay fast. */
export const FAST_HTTP: Partial<HttpPolicy> = {
  timeoutMs: 5_000,
  maxAttempts: 2,
  backoffBaseMs: 10,
  maxRefreshMs: 10_000,
};

export interface StoreOptions {
  readonly storage?: KeyValueStorage;
  /** Base URL every source is pointed at (the fixture server). */
  readonly baseUrl?: string;
  readonly fetch?: FetchLike;
}

/** A started market store (real implementation) with every source pointed at `baseUrl`. */
export async function marketStoreFor(options: StoreOptions = {}): Promise<MarketStore> {
  const store = createMarketStore({
    storage: options.storage ?? new MemoryStorage(),
    http: FAST_HTTP,
    fetch: options.fetch,
  });
  await store.start();
  if (options.baseUrl !== undefined) {
    const r = await store.settings.set({
      mempoolBaseUrl: options.baseUrl,
      coinbaseBaseUrl: options.baseUrl,
      krakenBaseUrl: options.baseUrl,
    });
    if (!r.ok) throw new Error(`settings rejected: ${JSON.stringify(r.errors)}`);
  }
  return store;
}

/** The real shared deal list; the feed is fetched with `fetchImpl` when given. */
export function realDeals(feedOptions: FetchOptions = {}): DealsApi {
  return dealsApiOver(dealStore(), feedOptions);
}

// In Excel, functions.js creates the page's deal list before the task pane loads
// (servicesWith takes it from the page); tests do the same.
dealStore();

/** Resets the page-wide deal list between tests. */
export function resetDeals(): void {
  if (dealStore().feedInfo !== undefined) clearFeed();
}

/** A workbook API for tests that must not touch the workbook: any call fails the test. */
export function unusedWorkbook(): WorkbookApi {
  const fail = (what: string) => async (): Promise<never> => {
    throw new Error(`test error: the workbook's ${what} was called`);
  };
  return {
    writeInputs: fail("writeInputs"),
    loadDeals: fail("loadDeals"),
    buildComps: fail("buildComps"),
    buildRevenueMix: fail("buildRevenueMix"),
    writeHistory: fail("writeHistory"),
    recalcMarketDependents: fail("recalcMarketDependents"),
  };
}

/**
 * Griffel renderer that inserts only the CSS rules that hide things (display: none,
 * visibility: hidden), which decide what is in the accessibility tree (e.g. the hidden
 * duplicate of each tab's label). jsdom does no layout, so the other rules test nothing
 * here, but thousands of them make every getComputedStyle (which role queries call on each
 * element) slow.
 */
const TEST_RENDERER = createDOMRenderer(document, {
  unstable_filterCSSRule: (rule) => /display:\s*none|visibility:\s*hidden/.test(rule),
});

/**
 * Renders the App and lets its start-up effects settle (the Settings panel reads the store's
 * settings once they are restored), so later assertions see a quiet pane.
 */
export async function renderApp(services: TaskpaneServices, hub?: NoticeHub): Promise<RenderResult> {
  let result: RenderResult | undefined;
  await act(async () => {
    result = render(
      <RendererProvider renderer={TEST_RENDERER}>
        <FluentProvider theme={webLightTheme}>
          <ServicesProvider services={services}>
            <App hub={hub} />
          </ServicesProvider>
        </FluentProvider>
      </RendererProvider>,
    );
  });
  if (result === undefined) throw new Error("render did not run");
  return result;
}

/** Spies on console.error (and warn) before each test; after it, unmounts and expects no calls. */
export function expectNoConsoleErrors(): void {
  let errorSpy: jest.SpyInstance;
  let warnSpy: jest.SpyInstance;
  beforeEach(() => {
    errorSpy = jest.spyOn(console, "error");
    warnSpy = jest.spyOn(console, "warn");
  });
  afterEach(() => {
    cleanup();
    const errors = errorSpy.mock.calls;
    const warnings = warnSpy.mock.calls;
    errorSpy.mockRestore();
    warnSpy.mockRestore();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
  });
}

/**
 * Excel.run over the fake object model whose every context.sync() fails as Excel does when
 * the user is editing a cell (OfficeExtension.Error code InvalidOperationInCellEditMode).
 */
export function cellEditModeRun(run: ExcelRun): ExcelRun {
  return (batch) =>
    run(async (context) => {
      context.sync = async () => {
        throw new FakeOfficeError(
          "InvalidOperationInCellEditMode",
          "The request cannot be processed because Excel is in cell-editing mode.",
        );
      };
      return batch(context);
    });
}
