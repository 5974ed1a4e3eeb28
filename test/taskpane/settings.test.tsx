/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * Settings panel: inline validation (https only, except localhost; durations in range),
 * persistence through the market store's settings API (a new store on the same storage
 * shows the saved values, as after an Excel restart), a storage failure, and loading a
 * deal feed whose bad rows are reported by line and field while the good rows load.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { MemoryStorage } from "../../src/market/storage";
import { LAST_GOOD_STORAGE_KEY, SETTINGS_STORAGE_KEY } from "../../src/market/store";
import type { MarketStore } from "../../src/market";
import {
  expectNoConsoleErrors,
  marketStoreFor,
  realDeals,
  renderApp,
  resetDeals,
  unusedWorkbook,
} from "./support/harness";

expectNoConsoleErrors();

const stores: MarketStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
  resetDeals();
});

async function storeOn(storage = new MemoryStorage()): Promise<MarketStore> {
  const s = await marketStoreFor({ storage });
  stores.push(s);
  return s;
}

async function openSettings(user: UserEvent): Promise<HTMLElement> {
  await user.click(screen.getByRole("tab", { name: "Settings" }));
  return screen.findByRole("form", { name: "Settings" });
}

async function retype(user: UserEvent, label: string, value: string): Promise<void> {
  const input = screen.getByRole("textbox", { name: label });
  await user.clear(input);
  if (value !== "") await user.type(input, value);
}

test("shows the current settings; http to a public host is refused inline, focus goes to the field, nothing is saved", async () => {
  const user = userEvent.setup({ delay: null });
  const storage = new MemoryStorage();
  const market = await storeOn(storage);
  await renderApp({ market, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now });
  await openSettings(user);
  expect((screen.getByRole("textbox", { name: "mempool base URL" }) as HTMLInputElement).value).toBe(
    "https://mempool.space",
  );
  expect((screen.getByRole("textbox", { name: "Refresh interval (TTL), seconds" }) as HTMLInputElement).value).toBe(
    "600",
  );
  expect((screen.getByRole("textbox", { name: "Auto-refresh every, seconds" }) as HTMLInputElement).value).toBe("0");

  await retype(user, "mempool base URL", "http://mempool.example.com");
  await retype(user, "Refresh interval (TTL), seconds", "0");
  await user.click(screen.getByRole("button", { name: "Save settings" }));

  const mempool = screen.getByRole("textbox", { name: "mempool base URL" });
  expect(mempool.getAttribute("aria-invalid")).toBe("true");
  expect(
    screen.getByText(
      "mempool base URL must use https (http is accepted only for localhost and 127.0.0.1). Example: https://mempool.space",
    ),
  ).toBeTruthy();
  expect(screen.getByText("Enter a number of seconds from 1 to 604,800.")).toBeTruthy();
  expect(document.activeElement).toBe(mempool);
  const bar = screen.getByRole("group", { name: "Settings not saved" });
  expect(bar.textContent).toContain("2 fields need fixing: mempool base URL, Refresh interval (TTL), seconds.");
  expect(market.settings.get().mempoolBaseUrl).toBe("https://mempool.space");
  expect(await storage.getItem(SETTINGS_STORAGE_KEY)).toBeNull();
});

test("valid settings are saved, apply at once, and survive a restart (a new store on the same storage)", async () => {
  const user = userEvent.setup({ delay: null });
  const storage = new MemoryStorage();
  const market = await storeOn(storage);
  const first = await renderApp({ market, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now });
  await openSettings(user);
  await retype(user, "mempool base URL", "http://localhost:8999/");
  await retype(user, "Coinbase base URL", "https://coinbase.example.com/api");
  await retype(user, "Refresh interval (TTL), seconds", "120");
  await retype(user, "Auto-refresh every, seconds", "300");
  await retype(user, "Deal feed URL", "https://data.example.com/deals.csv");
  await user.click(screen.getByRole("button", { name: "Save settings" }));

  const bar = await screen.findByRole("group", { name: "Settings saved" });
  expect(bar.textContent).toContain("kept across restarts");
  expect(market.settings.get()).toEqual({
    mempoolBaseUrl: "http://localhost:8999",
    coinbaseBaseUrl: "https://coinbase.example.com/api",
    krakenBaseUrl: "https://api.kraken.com",
    ttlMs: 120_000,
    autoRefreshMs: 300_000,
    dealFeedUrl: "https://data.example.com/deals.csv",
  });
  // The form shows the normalized values (trailing slash removed).
  expect((screen.getByRole("textbox", { name: "mempool base URL" }) as HTMLInputElement).value).toBe(
    "http://localhost:8999",
  );
  first.unmount();

  // "Restart": a fresh store restores from the same storage; the pane shows the saved values.
  const restarted = await storeOn(storage);
  await renderApp({ market: restarted, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now });
  await openSettings(user);
  expect((screen.getByRole("textbox", { name: "mempool base URL" }) as HTMLInputElement).value).toBe(
    "http://localhost:8999",
  );
  expect((screen.getByRole("textbox", { name: "Refresh interval (TTL), seconds" }) as HTMLInputElement).value).toBe(
    "120",
  );
  expect((screen.getByRole("textbox", { name: "Auto-refresh every, seconds" }) as HTMLInputElement).value).toBe("300");
  expect((screen.getByRole("textbox", { name: "Deal feed URL" }) as HTMLInputElement).value).toBe(
    "https://data.example.com/deals.csv",
  );
  expect(restarted.settings.get().ttlMs).toBe(120_000);
});

test("Restore defaults fills in the defaults, which Save then keeps", async () => {
  const user = userEvent.setup({ delay: null });
  const market = await storeOn();
  await market.settings.set({ ttlMs: 5_000, krakenBaseUrl: "https://kraken.example.com" });
  await renderApp({ market, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now });
  await openSettings(user);
  expect((screen.getByRole("textbox", { name: "Kraken base URL" }) as HTMLInputElement).value).toBe(
    "https://kraken.example.com",
  );
  await user.click(screen.getByRole("button", { name: "Restore defaults" }));
  expect((screen.getByRole("textbox", { name: "Kraken base URL" }) as HTMLInputElement).value).toBe(
    "https://api.kraken.com",
  );
  expect(market.settings.get().ttlMs).toBe(5_000);
  await user.click(screen.getByRole("button", { name: "Save settings" }));
  await screen.findByRole("group", { name: "Settings saved" });
  expect(market.settings.get().ttlMs).toBe(600_000);
  expect(market.settings.get().krakenBaseUrl).toBe("https://api.kraken.com");
});

test("a storage failure is reported: the settings apply now, and the user is told they will not survive a restart", async () => {
  const user = userEvent.setup({ delay: null });
  class FailingStorage extends MemoryStorage {
    override async setItem(): Promise<void> {
      throw new Error("QuotaExceededError: storage is full");
    }
  }
  const market = await storeOn(new FailingStorage());
  await renderApp({ market, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now });
  await openSettings(user);
  await retype(user, "Refresh interval (TTL), seconds", "900");
  await user.click(screen.getByRole("button", { name: "Save settings" }));
  const bar = await screen.findByRole("group", { name: "Settings apply now but were not stored" });
  expect(bar.textContent).toContain("storage is full");
  expect(bar.textContent).toContain("Next: They will be lost when Excel restarts");
  expect(market.settings.get().ttlMs).toBe(900_000);
});

const FEED_URL = "https://feeds.example.com/deals.csv";
// Line 1 header; line 2 good; line 3 bad value; line 4 good, with a formula-like tenant kept as text;
// line 5 a row whose Type is not a deal type.
const FEED_CSV = [
  "ID,Company,Ticker,Tenant,Type,Value USD,Term years,MW,Source,Verified",
  'ACME-ONE-2026,Acme Mining,ACME,Example Cloud,lease,"1,200,000,000",10,100,Acme 8-K 2026-03-01,TRUE',
  "ACME-BAD-2026,Acme Mining,ACME,Example Cloud,lease,lots,10,50,Acme 8-K 2026-03-01,TRUE",
  'ACME-TWO-2026,Acme Mining,ACME,"=HYPERLINK(""http://x"",""y"")",lease,,5,20,Acme release,FALSE',
  "ACME-THREE-2026,Acme Mining,ACME,Other Cloud,colo,100,5,20,Acme release,TRUE",
].join("\n");

function feedFetch(body: string, status = 200): jest.Mock {
  return jest.fn(async (url: string) => {
    if (url !== FEED_URL) return new Response("not found", { status: 404 });
    return new Response(body, { status, headers: { "content-type": "text/csv" } });
  });
}

test("Load deal feed: bad rows are listed by line and field, good rows load into the Deals list", async () => {
  const user = userEvent.setup({ delay: null });
  const market = await storeOn();
  const fetchImpl = feedFetch(FEED_CSV);
  await renderApp({ market, workbook: unusedWorkbook(), deals: realDeals({ fetchImpl }), now: Date.now });
  await openSettings(user);
  await retype(user, "Deal feed URL", FEED_URL);
  await user.click(screen.getByRole("button", { name: "Load deal feed" }));

  const bar = await screen.findByRole("group", { name: "Deal feed loaded, 2 rows left out" });
  expect(bar.textContent).toContain("Loaded 2 of 4 deals from feeds.example.com (CSV).");
  const items = within(bar)
    .getAllByRole("listitem")
    .map((li) => li.textContent);
  expect(items).toHaveLength(2);
  expect(items[0]).toMatch(/^Line 3 \(ACME-BAD-2026\), Value USD: /);
  expect(items[1]).toMatch(/^Line 5 \(ACME-THREE-2026\), Type: /);
  expect(bar.textContent).toContain("Next: Fix the rows listed in the feed");
  // The feed URL was saved with the load.
  expect(market.settings.get().dealFeedUrl).toBe(FEED_URL);

  await user.click(screen.getByRole("tab", { name: "Deals" }));
  const grid = await screen.findByRole("grid", { name: "Deals" });
  expect(within(grid).getByRole("row", { name: /Acme.*Example Cloud/i })).toBeTruthy();
  // The formula-like tenant is shown as the literal text it is.
  expect(within(grid).getByText('=HYPERLINK("http://x","y")')).toBeTruthy();
  expect(within(grid).queryByText("ACME-BAD-2026")).toBeNull();
});

test("a feed that cannot be fetched gives an error MessageBar with the next step; the bundled deals stay", async () => {
  const user = userEvent.setup({ delay: null });
  const market = await storeOn();
  const fetchImpl = feedFetch("server exploded", 503);
  const deals = realDeals({ fetchImpl });
  const before = deals.current().length;
  await renderApp({ market, workbook: unusedWorkbook(), deals, now: Date.now });
  await openSettings(user);
  await retype(user, "Deal feed URL", FEED_URL);
  await user.click(screen.getByRole("button", { name: "Load deal feed" }));
  const bar = await screen.findByRole("group", { name: "The deal feed did not load" });
  expect(bar.textContent).toContain("The deal feed at feeds.example.com answered HTTP 503.");
  expect(bar.textContent).toContain("Next: The server failed: try again later. The bundled deals stay available.");
  expect(deals.current().length).toBe(before);
});

test("Load deal feed with no URL asks for one inline", async () => {
  const user = userEvent.setup({ delay: null });
  const market = await storeOn();
  await renderApp({ market, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now });
  await openSettings(user);
  await user.click(screen.getByRole("button", { name: "Load deal feed" }));
  expect(screen.getByText("Enter the https address of your deal feed (JSON or CSV).")).toBeTruthy();
  expect(document.activeElement).toBe(screen.getByRole("textbox", { name: "Deal feed URL" }));
  await waitFor(() => expect(screen.getByRole("group", { name: "No deal feed URL" })).toBeTruthy());
});

test("a mempool URL typed with a trailing /api/ is saved without it, and the field says what was removed", async () => {
  const user = userEvent.setup({ delay: null });
  const market = await storeOn();
  await renderApp({ market, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now });
  await openSettings(user);
  await retype(user, "mempool base URL", "http://localhost:8999/api/");
  await user.click(screen.getByRole("button", { name: "Save settings" }));
  await screen.findByRole("group", { name: "Settings saved" });
  expect(market.settings.get().mempoolBaseUrl).toBe("http://localhost:8999");
  expect(
    screen.getByText(
      'Removed the trailing "/" and the trailing "/api" (the endpoint paths add it): using http://localhost:8999.',
    ),
  ).toBeTruthy();
  expect((screen.getByRole("textbox", { name: "mempool base URL" }) as HTMLInputElement).value).toBe(
    "http://localhost:8999",
  );
});

test("Reset saved market data asks first; Keep changes nothing, confirming clears the saved values", async () => {
  const user = userEvent.setup({ delay: null });
  const storage = new MemoryStorage();
  const market = await storeOn(storage);
  await storage.setItem(LAST_GOOD_STORAGE_KEY, '{"saved":"before"}');
  await renderApp({ market, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now });
  await openSettings(user);
  await user.click(screen.getByRole("button", { name: "Reset saved market data…" }));
  const confirm = screen.getByRole("group", { name: "Confirm reset of saved market data" });
  await user.click(within(confirm).getByRole("button", { name: "Keep saved data" }));
  expect(screen.queryByRole("group", { name: "Confirm reset of saved market data" })).toBeNull();
  expect(await storage.getItem(LAST_GOOD_STORAGE_KEY)).toBe('{"saved":"before"}');

  await user.click(screen.getByRole("button", { name: "Reset saved market data…" }));
  await user.click(screen.getByRole("button", { name: "Reset saved data" }));
  const bar = await screen.findByRole("group", { name: "Saved market data reset" });
  expect(bar.textContent).toContain("Cleared: ");
  // The store keeps its record but with no field in it.
  expect(JSON.parse((await storage.getItem(LAST_GOOD_STORAGE_KEY)) ?? "null")).toEqual({ schema: 1, fields: {} });
  expect(market.settings.get().mempoolBaseUrl).toBe("https://mempool.space");
});
