/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * The Market panel's source controls against a real market store whose sources are the local
 * fixture server: Test connection per source (ok with its time, or the failure's reason, and
 * the values shown unchanged), and Cancel refresh during a slow refresh (the refresh ends at
 * once, the message says it was cancelled and the slow source's row says so).
 */
import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { start, type FixtureServer } from "../support/marketFixtureServer";
import { expectNoConsoleErrors, marketStoreFor, realDeals, renderApp, unusedWorkbook } from "./support/harness";
import type { MarketStore } from "../../src/market";
import { installMarketStore } from "../../src/market/store";

let server: FixtureServer;
let store: MarketStore;

beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  server.reset();
  store = await marketStoreFor({ baseUrl: server.url });
});
afterEach(() => {
  installMarketStore(undefined);
  store.dispose();
});

expectNoConsoleErrors();

function services() {
  return { market: store, workbook: unusedWorkbook(), deals: realDeals(), now: Date.now };
}

async function sourceRow(name: string): Promise<HTMLElement> {
  const list = await screen.findByRole("list", { name: "Market sources" });
  return within(list).getByRole("listitem", { name });
}

test("Test connection asks that one source once and shows ok with the time taken; the values shown stay bundled", async () => {
  const user = userEvent.setup({ delay: null });
  await renderApp(services());
  const row = await sourceRow("Coinbase BTC price");
  server.resetRequests();
  await user.click(within(row).getByRole("button", { name: "Test connection" }));
  const status = await within(row).findByText(
    /^Connection ok in \d[\d,]* ms \(tested \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)$/,
  );
  expect(status).toBeTruthy();
  expect(server.requests["coinbase.spot"]).toBe(1);
  expect(server.requests["mempool.prices"]).toBe(0);
  // The test's answer does not enter the snapshot.
  const price = within(screen.getByRole("list", { name: "Market inputs" })).getByRole("listitem", {
    name: "BTC price",
  });
  expect(within(price).getByText("bundled")).toBeTruthy();
});

test("Test connection on a failing source shows the reason", async () => {
  const user = userEvent.setup({ delay: null });
  server.setFault("kraken.ticker", { kind: "status", status: 500 });
  await renderApp(services());
  const row = await sourceRow("Kraken BTC price");
  await user.click(within(row).getByRole("button", { name: "Test connection" }));
  const status = await within(row).findByText(/^Failed in \d[\d,]* ms: .*500.* \(tested /);
  expect(status).toBeTruthy();
  expect(within(await sourceRow("Coinbase BTC price")).queryByText(/Failed|Connection ok/)).toBeNull();
});

test("during a slow refresh each source shows its state; Cancel refresh ends it and the message says so", async () => {
  const user = userEvent.setup({ delay: null });
  server.setFault("mempool.hashrate", { kind: "delay", ms: 5_000 });
  await renderApp(services());
  await user.click(screen.getByRole("button", { name: "Refresh market inputs" }));
  const cancel = await screen.findByRole("button", { name: "Cancel refresh" }, { timeout: 3_000 });
  const row = await sourceRow("mempool.space hashrate and difficulty");
  expect(await within(row).findByText(/^Refresh: requesting/)).toBeTruthy();
  const started = Date.now();
  await user.click(cancel);
  expect(await screen.findByText("Refresh cancelled", {}, { timeout: 3_000 })).toBeTruthy();
  expect(Date.now() - started).toBeLessThan(4_000);
  expect(screen.queryByRole("button", { name: "Cancel refresh" })).toBeNull();
  expect(within(row).getByText(/^Last refresh: cancelled/)).toBeTruthy();
  expect((screen.getByRole("button", { name: "Refresh market inputs" }) as HTMLButtonElement).disabled).toBe(false);
});
