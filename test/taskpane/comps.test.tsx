/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * Comps panel: picking companies and "Build side-by-side" through the real workbook layer
 * over the fake Excel object model (a Comps sheet with one column per company and a chart),
 * the empty-selection message, and a failing write.
 */
import { screen, waitFor, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { servicesWith } from "../../src/taskpane/createServices";
import { companies } from "../../src/deals/query";
import { bundledDataset } from "../../src/deals/dataset";
import { bundledCompanies } from "../../src/companies/dataset";
import type { MarketStore } from "../../src/market";
import { newWorkbook, values } from "../workbook/fakeExcel";
import { cellEditModeRun, expectNoConsoleErrors, marketStoreFor, renderApp, resetDeals } from "./support/harness";

expectNoConsoleErrors();

let market: MarketStore;
beforeEach(async () => {
  resetDeals();
  market = await marketStoreFor();
});
afterEach(() => market.dispose());

async function openComps(user: UserEvent): Promise<HTMLElement> {
  await user.click(screen.getByRole("tab", { name: "Comps" }));
  return screen.findByRole("group", { name: "Companies" });
}

test("lists the deal list's companies, then the covered companies without deals; Select all and Clear work", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  const group = await openComps(user);
  const withDeals = companies(bundledDataset().deals);
  const tickers = new Set(withDeals.map((c) => c.ticker));
  const without = bundledCompanies().companies.filter((c) => !tickers.has(c.ticker));
  // The bundled company data covers Bitfarms, CleanSpark, Bit Digital and MARA, which have no deal.
  expect(without.map((c) => c.ticker).sort()).toEqual(["BITF", "BTBT", "CLSK", "MARA"]);
  const expected = [
    ...withDeals.map((c) => `${c.company} (${c.ticker})`),
    ...without.map((c) => `${c.name} (${c.ticker}), no deals`),
  ];
  await waitFor(() => expect(within(group).getAllByRole("checkbox")).toHaveLength(expected.length));
  expect(
    within(group)
      .getAllByRole("checkbox")
      .map((c) => c.closest("label")?.textContent),
  ).toEqual(expected);
  await user.click(screen.getByRole("button", { name: "Select all" }));
  expect(screen.getByText(`${expected.length} selected`)).toBeTruthy();
  await user.click(screen.getByRole("button", { name: "Clear" }));
  expect(screen.getByText("0 selected")).toBeTruthy();
});

test("Build with nothing picked says what to do; nothing is written", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  await openComps(user);
  await user.click(screen.getByRole("button", { name: "Build side-by-side" }));
  const bar = screen.getByRole("group", { name: "No company picked" });
  expect(bar.textContent).toContain("Next: Tick one or more companies above");
  expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
});

test("Build side-by-side creates the Comps sheet with a column per picked company and its charts", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  const group = await openComps(user);
  await user.click(within(group).getByRole("checkbox", { name: "Hut 8 (HUT)" }));
  await user.click(within(group).getByRole("checkbox", { name: "Cipher Mining (CIFR)" }));
  expect(screen.getByText("2 selected")).toBeTruthy();
  await user.click(screen.getByRole("button", { name: "Build side-by-side" }));

  const bar = await screen.findByRole(
    "group",
    { name: /^Comps for HUT, CIFR built on (sheet "Comps"|Comps![A-Z]+\d+(:[A-Z]+\d+)?)$/ },
    { timeout: 10_000 },
  );
  expect(bar.textContent).toContain("Columns: HUT, CIFR;");
  const sheet = h.fake.workbook.sheet("Comps");
  expect(sheet).toBeTruthy();
  // The company columns carry the tickers somewhere in the block's header rows.
  const used = h.fake.workbook.usedRect(sheet, false);
  expect(used).toBeTruthy();
  const cells = values(h, "Comps", `A1:H${Math.min(12, used!.rows)}`).flat();
  expect(cells).toEqual(expect.arrayContaining(["HUT", "CIFR"]));
  expect(h.fake.workbook.charts.filter((c) => c.sheet.name === "Comps")).toHaveLength(2); // value by part; rent vs break-even
});

test("a company without deals can be picked: its column has no contracted HPC, its mining and BTC from the company data", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  const group = await openComps(user);
  const mara = await within(group).findByRole("checkbox", { name: "MARA Holdings, Inc. (MARA), no deals" });
  await user.click(within(group).getByRole("checkbox", { name: "Hut 8 (HUT)" }));
  await user.click(mara);
  await user.click(screen.getByRole("button", { name: "Build side-by-side" }));
  const bar = await screen.findByRole("group", { name: /^Comps for HUT, MARA built on / }, { timeout: 10_000 });
  expect(bar.textContent).toContain("Columns: HUT, MARA;");
  const used = h.fake.workbook.usedRect(h.fake.workbook.sheet("Comps"), false);
  expect(values(h, "Comps", `A1:H${Math.min(12, used!.rows)}`).flat()).toEqual(expect.arrayContaining(["HUT", "MARA"]));
});

test("when Excel refuses the write, an error MessageBar gives the next step", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: cellEditModeRun(h.run) }));
  const group = await openComps(user);
  await user.click(within(group).getByRole("checkbox", { name: "Riot Platforms (RIOT)" }));
  await user.click(screen.getByRole("button", { name: "Build side-by-side" }));
  const bar = await screen.findByRole("group", { name: "Could not build the Comps sheet" });
  expect(bar.textContent).toContain("Next: Finish editing the cell (press Enter or Esc), then try again.");
  expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
});
