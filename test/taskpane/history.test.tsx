/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * The Market tab's "Write history" button: one message in the panel's message area saying
 * where the sheet was written and which rows the chart covers; a rewrite names the cell the
 * user changed; a refused write says what to do. The workbook is the fake object model, the
 * history source the local history fixture server.
 */
import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { MarketStore } from "../../src/market";
import { createHistoryService, installHistoryService } from "../../src/market/history/service";
import { MemoryStorage } from "../../src/market/storage";
import { servicesWith } from "../../src/taskpane/createServices";
import { startHistoryFixture, type HistoryFixture } from "../support/historyFixtureServer";
import { formulas, newWorkbook } from "../workbook/fakeExcel";
import { cellEditModeRun, expectNoConsoleErrors, marketStoreFor, renderApp } from "./support/harness";

let fixture: HistoryFixture;
let store: MarketStore;

beforeAll(async () => {
  fixture = await startHistoryFixture();
});
afterAll(async () => {
  installHistoryService(undefined);
  await fixture.close();
});
beforeEach(async () => {
  installHistoryService(createHistoryService({ baseUrl: () => fixture.url, storage: new MemoryStorage() }));
  store = await marketStoreFor({ baseUrl: fixture.url });
});
afterEach(() => {
  store.dispose();
});

expectNoConsoleErrors();

test("Write history writes the Market history sheet, activates it and says where; a rewrite names the kept cell", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(store, { run: h.run }));
  await user.click(screen.getByRole("button", { name: "Write history" }));
  const bar = await screen.findByRole("group", { name: "History written to 'Market history'!A1:C9" });
  expect(bar.textContent).toContain("live PIVOT.MARKET_HISTORY spills");
  // The default window: 24 calendar months to today, monthly, so the chart covers 24 rows.
  expect(bar.textContent).toContain("The chart covers 24 rows ('Market history'!A10:D33)");
  expect(h.fake.workbook.activeSheet?.name).toBe("Market history");
  expect(h.fake.workbook.charts.map((c) => c.series.length)).toEqual([2]);

  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Market history").getRange("B7").formulas = [["week"]];
    await ctx.sync();
  });
  await user.click(screen.getByRole("button", { name: "Write history" }));
  expect(await screen.findByText(/Kept your value in 'Market history'!B7\./)).toBeTruthy();
  expect(formulas(h, "Market history", "B7")[0][0]).toBe("week");
  // One message area: the newest message replaced the first.
  expect(screen.getAllByRole("group", { name: /^History written to / })).toHaveLength(1);
});

test("when Excel refuses the write, the message says what to do next", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(store, { run: cellEditModeRun(h.run) }));
  await user.click(screen.getByRole("button", { name: "Write history" }));
  const bar = await screen.findByRole("group", { name: "Could not write the Market history sheet" });
  expect(bar.textContent).toContain("Next: Finish editing the cell (press Enter or Esc), then try again.");
  expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
});
