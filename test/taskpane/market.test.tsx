/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * Market panel against a real market store whose sources are the local fixture server:
 * refresh shows progress, then the live values, sources, ages and badges; a failing source
 * gives a partial-failure MessageBar naming it and what was used instead.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { nextHalvingHeight } from "../../src/core/halving";
import { DEFAULT_FIXTURE_DATA, FIXTURE_SUBSIDY_BTC, start, type FixtureServer } from "../support/marketFixtureServer";
import {
  cellEditModeRun,
  expectNoConsoleErrors,
  marketStoreFor,
  realDeals,
  renderApp,
  unusedWorkbook,
} from "./support/harness";
import type { MarketStore } from "../../src/market";
import { installMarketStore } from "../../src/market/store";
import { servicesWith } from "../../src/taskpane/createServices";
import { formulas, newWorkbook, value } from "../workbook/fakeExcel";

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

function inputItem(label: string): HTMLElement {
  return within(screen.getByRole("list", { name: "Market inputs" })).getByRole("listitem", { name: label });
}

test("before a refresh one banner says the values are bundled, with the date in words; no row has a badge", async () => {
  await renderApp(services());
  // Embedded snapshot: $91,132 from Hashrate Index, 2026-01-12 (src/market/embedded-snapshot.json).
  expect(screen.getByRole("group", { name: "Bundled values of 12 Jan 2026: Refresh to update" })).toBeTruthy();
  const price = inputItem("BTC price");
  expect(within(price).getByText("$91,132")).toBeTruthy();
  expect(within(price).getByText("Hashrate Index 2026-01-12")).toBeTruthy();
  expect(within(price).getByText("bundled")).toBeTruthy();
  const ageDays = Math.floor((Date.now() - Date.parse("2026-01-12T00:00:00Z")) / 86_400_000);
  expect(within(price).getByText(`${ageDays} days ago`)).toBeTruthy();
  expect(screen.queryByText("stale")).toBeNull();
  const list = screen.getByRole("list", { name: "Market inputs" });
  expect(within(list).getAllByRole("listitem")).toHaveLength(8);
  // The full citation is in the Sources details, not on the row.
  expect(
    screen.getByText(/^BTC price: Hashrate Index \(Luxor\), published 2026-01-12, as of 2026-01-12 00:00 UTC/),
  ).toBeTruthy();
  // No internal names reach the pane.
  expect(document.body.textContent).not.toMatch(/domain\.md|mempool\.prices|\/api\/v1/);
});

test("refresh shows progress, then live values with their sources, ages and no stale badge", async () => {
  const user = userEvent.setup({ delay: null });
  // Slow the price so the progress state is observable.
  server.setFault("mempool.prices", { kind: "delay", ms: 150 }, { times: 1 });
  await renderApp(services());
  const button = screen.getByRole("button", { name: "Refresh market inputs" });
  await user.click(button);
  expect(screen.getByRole("status").textContent).toContain("Refreshing market inputs…");
  expect((button as HTMLButtonElement).disabled).toBe(true);

  const done = await screen.findByRole("group", { name: "Market inputs refreshed" }, { timeout: 3000 });
  expect(done.textContent).toContain("Every input came live");
  expect((button as HTMLButtonElement).disabled).toBe(false);
  expect(screen.queryByText("Refreshing market inputs…")).toBeNull();

  // Fixture values (test/support/marketFixtureServer.ts DEFAULT_FIXTURE_DATA).
  const price = inputItem("BTC price");
  expect(within(price).getByText("$97,250")).toBeTruthy();
  expect(within(price).getByText("mempool.space")).toBeTruthy();
  expect(within(price).getByText("live")).toBeTruthy();
  expect(within(price).getByText("just now")).toBeTruthy();
  expect(screen.queryByRole("group", { name: /^Bundled values/ })).toBeNull();
  // The endpoint's URL is in the Sources details.
  expect(
    screen.getByText(new RegExp(`^BTC price: mempool \\(${new URL(server.url).host}/api/v1/prices\\)`)),
  ).toBeTruthy();
  expect(within(inputItem("Difficulty")).getByText("155.97 T")).toBeTruthy();
  // The fixture's height is the one the clock expects today (977,000 was it in late November 2026).
  const height = DEFAULT_FIXTURE_DATA.height;
  expect(within(inputItem("Block height")).getByText(height.toLocaleString("en-US"))).toBeTruthy();
  // 360,000,000 sat over 144 blocks = 0.025 BTC per block.
  expect(within(inputItem("Fees per block")).getByText("0.0250 BTC")).toBeTruthy();
  // Until block 1,050,000 the height is in the fourth epoch: 50 / 2^4 = 3.125 BTC.
  expect(within(inputItem("Block subsidy")).getByText(`${FIXTURE_SUBSIDY_BTC.toFixed(4)} BTC`)).toBeTruthy();
  // D × 2^32 / 600 = 155.97e12 × 4294967296 / 600 H/s = 1,116.5 EH/s.
  expect(within(inputItem("Network hashrate")).getByText("1,116.5 EH/s")).toBeTruthy();
  // 144 × (3.125 + 0.025) × 97,250 / (1,116.5 EH/s in PH/s = 1,116,480.9) = $39.51 at a 3.125 BTC subsidy.
  const hashprice = (144 * (FIXTURE_SUBSIDY_BTC + 0.025) * 97_250) / ((155.97e12 * 2 ** 32) / 600 / 1e15);
  expect(within(inputItem("Hashprice")).getByText(`$${hashprice.toFixed(2)}/PH/day`)).toBeTruthy();
  // Next halving (block 1,050,000 until it is mined): its blocks to go at 10 min each after now.
  const halvingMs = Date.now() + (nextHalvingHeight(height) - height) * 600_000;
  const halvingDay = new Date(halvingMs).toISOString().slice(0, 10);
  const halvingText = within(inputItem("Next halving")).getByText(/\(est\.\)$/).textContent ?? "";
  expect(Math.abs(Date.parse(halvingText.slice(0, 10)) - Date.parse(halvingDay))).toBeLessThanOrEqual(86_400_000);
});

test("a failing price source gives a partial-failure MessageBar naming it and the fallback used", async () => {
  const user = userEvent.setup({ delay: null });
  server.setFault("mempool.prices", { kind: "status", status: 500 });
  await renderApp(services());
  await user.click(screen.getByRole("button", { name: "Refresh market inputs" }));
  const bar = await screen.findByRole("group", { name: "Refresh partly failed" }, { timeout: 3000 });
  const host = new URL(server.url).host;
  expect(bar.textContent).toContain(`mempool (${host}/api/v1/prices) failed`);
  expect(bar.textContent).toContain("500");
  expect(bar.textContent).toContain(`BTC price: used Coinbase (${host}/v2/prices/BTC-USD/spot) instead.`);
  expect(bar.textContent).toContain("Next: Check the network connection and the source URLs in Settings");
  // The value shown is Coinbase's, with Coinbase as its source.
  const price = inputItem("BTC price");
  expect(within(price).getByText("$97,262")).toBeTruthy();
  expect(within(price).getByText("Coinbase")).toBeTruthy();
});

test("when every source fails the message says bundled values of their date are shown, and the banner stays", async () => {
  const user = userEvent.setup({ delay: null });
  for (const e of [
    "mempool.hashrate",
    "mempool.rewardStats",
    "mempool.tipHeight",
    "mempool.prices",
    "coinbase.spot",
    "kraken.ticker",
  ] as const) {
    server.setFault(e, { kind: "malformed" });
  }
  await renderApp(services());
  await user.click(screen.getByRole("button", { name: "Refresh market inputs" }));
  const bar = await screen.findByRole(
    "group",
    { name: "Refresh failed: showing bundled values of 12 Jan 2026" },
    { timeout: 3000 },
  );
  expect(bar.textContent).toContain(
    "BTC price: using the snapshot bundled with the add-in (Hashrate Index (Luxor), published 2026-01-12)",
  );
  expect(bar.textContent).toContain(
    "Difficulty: using the snapshot bundled with the add-in (derived: Hashrate Index 2026-01-12",
  );
  expect(bar.textContent).toMatch(/Kraken \([^)]+\) failed: rejected: malformed JSON/);
  const price = inputItem("BTC price");
  expect(within(price).getByText("$91,132")).toBeTruthy();
  expect(screen.getByRole("group", { name: "Bundled values of 12 Jan 2026: Refresh to update" })).toBeTruthy();
  // The message can be dismissed from the keyboard.
  screen.getByRole("button", { name: "Dismiss: Refresh failed: showing bundled values of 12 Jan 2026" }).focus();
  await user.keyboard("{Enter}");
  expect(screen.queryByRole("group", { name: "Refresh failed: showing bundled values of 12 Jan 2026" })).toBeNull();
});

test("Write inputs to sheet writes the Inputs sheet with named cells holding the values shown", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  // The sheet's cells are live PIVOT.MARKET formulas: in the shared runtime they read the
  // same page store as the pane, so this test makes the pane's store the page's store.
  installMarketStore(store);
  await renderApp(servicesWith(store, { run: h.run }));
  await user.click(screen.getByRole("button", { name: "Refresh market inputs" }));
  await screen.findByRole("group", { name: "Market inputs refreshed" }, { timeout: 3000 });
  await user.click(screen.getByRole("button", { name: "Write inputs to sheet" }));
  const bar = await screen.findByRole("group", {
    name: /^Inputs written to (sheet "Inputs"|Inputs![A-Z]+\d+(:[A-Z]+\d+)?)$/,
  });
  expect(bar.textContent).toContain("PIVOT_BTC_USD");
  const name = h.fake.workbook.names.find((n) => n.name === "PIVOT_BTC_USD");
  expect(name).toBeTruthy();
  // The named cell holds the price the panel shows (the fixture's 97,250).
  const ref = String(name?.formula).replace(/^=/, "").replace(/\$/g, "");
  const [sheetPart, cellPart] = ref.split("!");
  expect(value(h, sheetPart.replace(/'/g, ""), cellPart)).toBe(97_250);
});

test("when Excel refuses the Inputs write, an error MessageBar gives the next step", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(store, { run: cellEditModeRun(h.run) }));
  await user.click(screen.getByRole("button", { name: "Write inputs to sheet" }));
  const bar = await screen.findByRole("group", { name: "Could not write the Inputs sheet" });
  expect(bar.textContent).toContain("cell-editing mode");
  expect(bar.textContent).toContain("Next: Finish editing the cell (press Enter or Esc), then try again.");
  expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
});

test("a value the user typed over an input is kept and named; Reset this sheet asks first, then puts the formula back", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  installMarketStore(store);
  await renderApp(servicesWith(store, { run: h.run }));
  await user.click(screen.getByRole("button", { name: "Write inputs to sheet" }));
  await screen.findByRole("group", { name: /^Inputs written to / });
  const priceFormula = formulas(h, "Inputs", "B5")[0][0];
  expect(priceFormula).toBe('=PIVOT.MARKET("btc_usd")');
  // The analyst types a scenario price over the live formula.
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Inputs").getRange("B5").formulas = [[150000]];
    await ctx.sync();
  });
  await user.click(screen.getByRole("button", { name: "Write inputs to sheet" }));
  await waitFor(() => expect(screen.getByText(/Kept your value in Inputs!B5\./)).toBeTruthy());
  expect(formulas(h, "Inputs", "B5")[0][0]).toBe(150000);

  // Keep my values: nothing changes. (The reset prompt is a lazy chunk: wait for it to load.)
  await user.click(
    await screen.findByRole("button", { name: "Reset this sheet to the add-in's values…" }, { timeout: 10_000 }),
  );
  const confirm = screen.getByRole("group", { name: "Confirm reset of the Inputs sheet" });
  expect(confirm.textContent).toContain("Inputs!B5");
  await user.click(within(confirm).getByRole("button", { name: "Keep my values" }));
  expect(formulas(h, "Inputs", "B5")[0][0]).toBe(150000);

  await user.click(screen.getByRole("button", { name: "Reset this sheet to the add-in's values…" }));
  await user.click(screen.getByRole("button", { name: "Reset the sheet" }));
  await waitFor(() => expect(screen.getByText(/Put back the add-in's values in Inputs!B5\./)).toBeTruthy());
  expect(formulas(h, "Inputs", "B5")[0][0]).toBe('=PIVOT.MARKET("btc_usd")');
  expect(screen.queryByRole("button", { name: "Reset this sheet to the add-in's values…" })).toBeNull();
});
