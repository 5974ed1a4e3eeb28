/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * Settings → Load company feed: a local server (127.0.0.1, port 0) serves a CSV company feed
 * with one good row and one bad one; the good row's value replaces the bundled one in the
 * page's company store, the workbook's dependent cells are recalculated, and the bad row is
 * reported by line and field. A URL that is not https is refused inline and nothing is fetched.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { expectNoConsoleErrors, marketStoreFor, realDeals, renderApp, resetDeals } from "./support/harness";
import type { MarketStore } from "../../src/market";
import { clearCompanyFeed, companyStore } from "../../src/companies";
import { workbookApi } from "../../src/taskpane/createServices";
import { companiesApi } from "../../src/taskpane/companiesApi";
import { newWorkbook } from "../workbook/fakeExcel";

const FEED = [
  "ticker,name,source,as_of,cash_usd",
  "CORZ,Core Scientific,https://data.example.com/corz-q3,2026-11-30,123456789",
  "RIOT,Riot Platforms,https://data.example.com/riot-q3,2026-11-30,-5",
].join("\n");

let server: Server;
let url: string;
let requests = 0;
let store: MarketStore;

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests += 1;
    res.writeHead(200, { "content-type": "text/csv" });
    res.end(FEED);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/companies.csv`;
});
afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});
beforeEach(async () => {
  requests = 0;
  store = await marketStoreFor({});
});
afterEach(() => {
  store.dispose();
  clearCompanyFeed();
  resetDeals();
});

expectNoConsoleErrors();

test("Load company feed loads the good row, recalculates, and reports the bad row by line and field", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  const workbook = workbookApi(h.run);
  let recalcs = 0;
  const counted = { ...workbook, recalcMarketDependents: async () => (recalcs++, workbook.recalcMarketDependents()) };
  await renderApp({ market: store, workbook: counted, deals: realDeals(), companies: companiesApi(), now: Date.now });
  await user.click(screen.getByRole("tab", { name: "Settings" }));
  await user.type(await screen.findByRole("textbox", { name: "Company feed URL" }), url);
  await user.click(screen.getByRole("button", { name: "Load company feed" }));
  const bar = await screen.findByRole("group", { name: "Company feed loaded, 1 rows left out" }, { timeout: 5_000 });
  expect(bar.textContent).toContain("Loaded 1 of 2 companies from 127.0.0.1");
  expect(bar.textContent).toMatch(/Line 3 \(RIOT\), cash_usd: /);
  expect(requests).toBe(1);
  expect(recalcs).toBe(1);
  const corz = companyStore().byTicker.get("CORZ");
  expect(JSON.stringify(corz)).toContain("123456789");
});

test("a company feed URL over http to a public host is refused inline; nothing is fetched", async () => {
  const user = userEvent.setup({ delay: null });
  await renderApp({
    market: store,
    workbook: workbookApi(),
    deals: realDeals(),
    companies: companiesApi(),
    now: Date.now,
  });
  await user.click(screen.getByRole("tab", { name: "Settings" }));
  const input = await screen.findByRole("textbox", { name: "Company feed URL" });
  await user.type(input, "http://data.example.com/companies.csv");
  await user.click(screen.getByRole("button", { name: "Load company feed" }));
  expect(screen.getByText(/^Company feed URL must use https/)).toBeTruthy();
  expect(input.getAttribute("aria-invalid")).toBe("true");
  expect(requests).toBe(0);
});
