/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * The App shell and the bootstrap: keyboard navigation of the tabs, and the background
 * work index.tsx starts (store start-up problems and failed recalculations reach the user as
 * MessageBars; snapshot and deal-list changes recalculate the workbook; auto-refresh runs
 * per Settings; stop unsubscribes).
 */
import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createNoticeHub, functionInputsKey, startBackground } from "../../src/taskpane/bootstrap";
import { servicesWith } from "../../src/taskpane/createServices";
import { MemoryStorage } from "../../src/market/storage";
import { SETTINGS_STORAGE_KEY } from "../../src/market/store";
import type { MarketStore } from "../../src/market";
import { setFeed } from "../../src/deals/store";
import type { ExcelRun } from "../../src/workbook";
import { start, type FixtureServer } from "../support/marketFixtureServer";
import { newWorkbook } from "../workbook/fakeExcel";
import { cellEditModeRun, expectNoConsoleErrors, marketStoreFor, renderApp, resetDeals } from "./support/harness";

expectNoConsoleErrors();

let server: FixtureServer;
const stores: MarketStore[] = [];
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
  resetDeals();
});

async function store(storage = new MemoryStorage()): Promise<MarketStore> {
  const s = await marketStoreFor({ storage, baseUrl: server.url });
  stores.push(s);
  return s;
}

/** Counts Excel.run batches (each recalculation is one batch). */
function counting(run: ExcelRun): { run: ExcelRun; batches: () => number } {
  let n = 0;
  return {
    run: (batch) => {
      n += 1;
      return run(batch);
    },
    batches: () => n,
  };
}

test("tabs: arrow keys, Home and End move the selection and focus; each panel is labelled by its tab", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(await store(), { run: h.run }));
  const market = screen.getByRole("tab", { name: "Market" });
  expect(market.getAttribute("aria-selected")).toBe("true");
  expect(screen.getByRole("tabpanel", { name: "Market" })).toBeTruthy();
  // Only the selected tab is in the Tab order.
  expect(screen.getAllByRole("tab").map((t) => t.getAttribute("tabindex"))).toEqual(["0", "-1", "-1", "-1"]);

  market.focus();
  await user.keyboard("{ArrowRight}");
  const deals = screen.getByRole("tab", { name: "Deals" });
  expect(document.activeElement).toBe(deals);
  expect(deals.getAttribute("aria-selected")).toBe("true");
  expect(screen.getByRole("tabpanel", { name: "Deals" })).toBeTruthy();
  expect(screen.queryByRole("tabpanel", { name: "Market" })).toBeNull();

  await user.keyboard("{End}");
  expect(document.activeElement).toBe(screen.getByRole("tab", { name: "Settings" }));
  await user.keyboard("{ArrowRight}");
  expect(document.activeElement).toBe(screen.getByRole("tab", { name: "Market" }));
  await user.keyboard("{ArrowLeft}");
  expect(screen.getByRole("tab", { name: "Settings" }).getAttribute("aria-selected")).toBe("true");
  await user.keyboard("{Home}");
  expect(screen.getByRole("tab", { name: "Market" }).getAttribute("aria-selected")).toBe("true");
  // Tab from the tab list into the panel is checked in the browser (test/e2e, "keyboard"):
  // the Deals DataGrid brings Fluent's focus manager (tabster), which handles Tab itself and
  // needs a real layout engine; jsdom's simulated Tab cannot stand in for it.
});

test("a market refresh and a deal-feed change each recalculate the workbook; stop unsubscribes", async () => {
  const h = await newWorkbook();
  const counted = counting(h.run);
  const market = await store();
  const services = servicesWith(market, { run: counted.run });
  const hub = createNoticeHub();
  const stop = startBackground(services, hub);
  expect(market.stats().listeners).toBe(1);
  await waitFor(() => expect(counted.batches()).toBe(0));

  const report = await market.refresh();
  expect(report.ok).toBe(true);
  await waitFor(() => expect(counted.batches()).toBe(1));

  setFeed([], {
    url: "https://feeds.example.com/x.json",
    fetchedAt: new Date().toISOString(),
    format: "json",
    rowCount: 0,
    loadedCount: 0,
    issues: [],
  });
  await waitFor(() => expect(counted.batches()).toBe(2));
  expect(hub.current()).toEqual([]);

  stop();
  expect(market.stats().listeners).toBe(0);
  await market.refresh();
  await new Promise((r) => setTimeout(r, 50));
  expect(counted.batches()).toBe(2);
});

test("changes during a recalculation are coalesced into one more recalculation", async () => {
  const h = await newWorkbook();
  let release: () => void = () => undefined;
  let batches = 0;
  const slowRun: ExcelRun = async (batch) => {
    batches += 1;
    if (batches === 1) await new Promise<void>((r) => (release = r));
    return h.run(batch);
  };
  const market = await store();
  const stop = startBackground(servicesWith(market, { run: slowRun }), createNoticeHub());
  await market.refresh();
  await waitFor(() => expect(batches).toBe(1));
  await market.refresh();
  await market.refresh();
  await market.refresh();
  release();
  await waitFor(() => expect(batches).toBe(2));
  await new Promise((r) => setTimeout(r, 50));
  expect(batches).toBe(2);
  stop();
});

test("auto-refresh runs per Settings once the bootstrap subscribes", async () => {
  const market = await store();
  await market.settings.set({ autoRefreshMs: 60_000 });
  const h = await newWorkbook();
  expect(market.stats().pollerActive).toBe(false);
  const stop = startBackground(servicesWith(market, { run: h.run }), createNoticeHub());
  expect(market.stats().pollerActive).toBe(true);
  stop();
  expect(market.stats().pollerActive).toBe(false);
});

test("a failed recalculation reaches the user as a MessageBar with the next step", async () => {
  const h = await newWorkbook();
  const market = await store();
  const services = servicesWith(market, { run: cellEditModeRun(h.run) });
  const hub = createNoticeHub();
  await renderApp(services, hub);
  const stop = startBackground(services, hub);
  await act(async () => {
    await market.refresh();
  });
  const bar = await screen.findByRole("group", { name: "Dependent cells were not recalculated" });
  expect(bar.textContent).toContain("cell-editing mode");
  expect(bar.textContent).toContain("Next: Finish editing the cell (press Enter or Esc), then try again.");
  stop();
});

test("unreadable saved settings are reported at start-up; defaults are used", async () => {
  const storage = new MemoryStorage();
  await storage.setItem(
    SETTINGS_STORAGE_KEY,
    JSON.stringify({ ttlMs: "soon", mempoolBaseUrl: "http://evil.example.com" }),
  );
  const market = await store(storage);
  const h = await newWorkbook();
  const services = servicesWith(market, { run: h.run });
  const hub = createNoticeHub();
  await renderApp(services, hub);
  let stop: () => void = () => undefined;
  await act(async () => {
    stop = startBackground(services, hub);
    await market.start();
  });
  const bar = await screen.findByRole("group", { name: "Saved market data was partly unreadable" });
  expect(bar.textContent).toContain("ignored invalid stored settings: ttlMs");
  expect(bar.textContent).toContain("Next: Review Settings and save them again");
  expect(market.settings.get().ttlMs).toBe(600_000);
  await userEvent
    .setup({ delay: null })
    .click(screen.getByRole("button", { name: "Dismiss: Saved market data was partly unreadable" }));
  expect(screen.queryByRole("group", { name: "Saved market data was partly unreadable" })).toBeNull();
  stop();
});

test("only a change in what the functions read asks for a recalculation (functionInputsKey)", async () => {
  const market = await store();
  expect((await market.refresh()).ok).toBe(true);
  const s = market.snapshot();
  const key = functionInputsKey(s);
  // The stale flag flipping, or the snapshot being recomputed, changes nothing a function reads.
  expect(functionInputsKey({ ...s, stale: !s.stale, computedAt: "2030-01-01T00:00:00Z" })).toBe(key);
  // A new price does; so does a new as-of for the height (HALVING_DATE dates from it).
  const btc = s.fields.btc_usd!;
  expect(functionInputsKey({ ...s, fields: { ...s.fields, btc_usd: { ...btc, value: btc.value + 1 } } })).not.toBe(key);
  const height = s.fields.height!;
  expect(
    functionInputsKey({ ...s, fields: { ...s.fields, height: { ...height, asOf: "2030-01-01T00:00:00Z" } } }),
  ).not.toBe(key);
});
