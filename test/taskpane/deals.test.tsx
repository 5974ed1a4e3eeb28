/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * Deals panel (a Fluent DataGrid: role grid, columnheader with aria-sort, gridcell; a chunk of
 * its own, loaded when the tab is first opened): the four-column view, one search box; sorting by column header, by mouse and keyboard; "Load to sheet"
 * through the real workbook layer over the fake Excel object model (the Deals table exists
 * afterwards), the renamed-sheet notice, and a failing write.
 */
import { screen, within } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import { servicesWith } from "../../src/taskpane/createServices";
import { BUNDLED_ABOUT, bundledDataset } from "../../src/deals/dataset";
import type { MarketStore } from "../../src/market";
import { newWorkbook, values, type Harness } from "../workbook/fakeExcel";
import { cellEditModeRun, expectNoConsoleErrors, marketStoreFor, renderApp, resetDeals } from "./support/harness";

expectNoConsoleErrors();

const BUNDLED = bundledDataset().deals;
let market: MarketStore;
beforeEach(async () => {
  resetDeals();
  market = await marketStoreFor();
});
afterEach(() => market.dispose());

async function openDeals(user: UserEvent): Promise<HTMLElement> {
  await user.click(screen.getByRole("tab", { name: "Deals" }));
  // The panel is a lazily loaded chunk and role queries over a 24-row grid are slow in jsdom:
  // on a loaded machine it takes about 2 s to appear, past findByRole's 1 s default.
  return screen.findByRole("grid", { name: "Deals" }, { timeout: 10_000 });
}

/** Company cell (first column) of each body row, in display order. */
function companiesShown(table: HTMLElement): string[] {
  const rows = within(table).getAllByRole("row").slice(1);
  return rows.map((r) => within(r).getAllByRole("gridcell")[0].textContent ?? "");
}

/** The deals as rows show them: company, tenant, MW, value. */
function rowsShown(table: HTMLElement): string[][] {
  const rows = within(table).getAllByRole("row").slice(1);
  return rows.map((r) =>
    within(r)
      .getAllByRole("gridcell")
      .map((c) => c.textContent ?? ""),
  );
}

const rowOf = (d: (typeof BUNDLED)[number]): string[] => [
  d.company,
  d.tenant,
  d.criticalItMw === undefined ? "—" : d.criticalItMw.toLocaleString("en-US"),
  d.contractValueUsd === undefined ? "—" : expect.stringMatching(/^\$[\d.,]+(bn|m)$/),
];

test("lists every bundled deal in four columns, and one search box narrows by company, ticker, tenant or backstop", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  const table = await openDeals(user);
  expect(screen.getByText(`Showing ${BUNDLED.length} of ${BUNDLED.length} deals`)).toBeTruthy();
  expect(within(table).getAllByRole("row")).toHaveLength(BUNDLED.length + 1);
  expect(
    within(table)
      .getAllByRole("columnheader")
      .map((c) => c.textContent),
  ).toEqual(["Company", "Tenant", "MW", "Value"]);

  // Hut 8 River Bend: $7.0B, 245 MW (src/deals/bundled-deals.json).
  const riverBend = within(table).getByRole("row", { name: /Hut 8 Fluidstack \/ Anthropic 245/ });
  expect(
    within(riverBend)
      .getAllByRole("gridcell")
      .map((c) => c.textContent),
  ).toEqual(["Hut 8", "Fluidstack / Anthropic", "245", "$7bn"]);
  expect(rowsShown(table)).toEqual(BUNDLED.map(rowOf));

  const search = screen.getByRole("searchbox", { name: "Search deals" });
  await user.type(search, "hut");
  expect(companiesShown(table)).toEqual(BUNDLED.filter((d) => d.ticker === "HUT").map(() => "Hut 8"));
  expect(
    screen.getByText(`Showing ${BUNDLED.filter((d) => d.ticker === "HUT").length} of ${BUNDLED.length} deals`),
  ).toBeTruthy();

  await user.click(screen.getByRole("button", { name: "Clear search" }));
  await user.type(search, "fluidstack google");
  const fluidstackGoogle = BUNDLED.filter((d) => /fluidstack/i.test(d.tenant) && d.backstop === "Google");
  expect(fluidstackGoogle.length).toBeGreaterThan(2);
  expect(rowsShown(table)).toEqual(fluidstackGoogle.map(rowOf));

  await user.clear(search);
  await user.type(search, "(none)");
  const noBackstop = BUNDLED.filter((d) => d.backstop === undefined);
  expect(rowsShown(table)).toEqual(noBackstop.map(rowOf));
});

test("column headers sort ascending, then descending, and say so with aria-sort", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  const table = await openDeals(user);
  const valueHeader = within(table).getByRole("columnheader", { name: "Value" });
  await user.click(within(valueHeader).getByRole("button"));
  expect(valueHeader.getAttribute("aria-sort")).toBe("ascending");
  const byValue = [...BUNDLED].sort((a, b) => (a.contractValueUsd ?? Infinity) - (b.contractValueUsd ?? Infinity));
  expect(byValue.slice(-1)[0].contractValueUsd).toBeUndefined();
  expect(rowsShown(table)).toEqual(byValue.map(rowOf));
  // Bit Digital's Initial Customer GPU contract ($150M, derived: > $50M a year × 3 years) is the
  // smallest value, then Riot's $311M Rockdale lease.
  expect(within(within(table).getAllByRole("row")[1]).getAllByRole("gridcell")[3].textContent).toBe("$150m");
  expect(within(within(table).getAllByRole("row")[2]).getAllByRole("gridcell")[3].textContent).toBe("$311m");

  await user.click(within(valueHeader).getByRole("button"));
  expect(valueHeader.getAttribute("aria-sort")).toBe("descending");
  // Galaxy Helios, $15B, is the largest; the deal without a stated value stays last.
  expect(companiesShown(table)[0]).toBe("Galaxy Digital");
  const last = within(table).getAllByRole("row").slice(-1)[0];
  expect(within(last).getAllByRole("gridcell")[3].textContent).toBe("—");

  // Keyboard: focus the MW header's button and press Enter.
  const mwHeader = within(table).getByRole("columnheader", { name: "MW" });
  within(mwHeader).getByRole("button").focus();
  await user.keyboard("{Enter}");
  expect(mwHeader.getAttribute("aria-sort")).toBe("ascending");
  expect(valueHeader.getAttribute("aria-sort")).toBe("none");
  // Cerebras at WhiteFiber's MTL-3 (5 MW) is the smallest stated MW, then Riot's 25 MW.
  expect(companiesShown(table).slice(0, 2)).toEqual(["WhiteFiber (Bit Digital)", "Riot Platforms"]);
});

test("shows the bundled dataset's date in words, never its as-of text or a file name", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  await openDeals(user);
  // bundled-deals.json "as_of" is a day (2026-12-01 → "1 Dec 2026") or a month (2026-05 → "May 2026").
  const [, year, month, day] = /(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(BUNDLED_ABOUT.asOf) ?? [];
  const monthYear = `${new Date(Date.UTC(Number(year), Number(month) - 1, 1)).toLocaleString("en-US", { month: "short", timeZone: "UTC" })} ${year}`;
  const words = day === undefined ? monthYear : `${Number(day)} ${monthYear}`;
  expect(await screen.findByText(`Deals as of ${words}`, { exact: false })).toBeTruthy();
  expect(screen.getByRole("tabpanel", { name: "Deals" }).textContent).not.toContain(BUNDLED_ABOUT.asOf);
  expect(screen.getByRole("tabpanel", { name: "Deals" }).textContent).not.toMatch(/\.md\b|\.json\b/);
});

test("Load to sheet writes the Deals table through the workbook layer; loading again updates it in place", async () => {
  const user = userEvent.setup({ delay: null });
  const h: Harness = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  await openDeals(user);
  // Narrowing the view does not narrow what is loaded.
  await user.type(screen.getByRole("searchbox", { name: "Search deals" }), "riot");
  await user.click(screen.getByRole("button", { name: "Load to sheet" }));

  const bar = await screen.findByRole("group", {
    name: new RegExp(`^${BUNDLED.length} deals loaded to Deals!A\\d+:[A-Z]+\\d+$`),
  });
  expect(bar.textContent).toContain(`Table PivotLensDeals, ${BUNDLED.length} deals, new sheet.`);
  const table = h.fake.workbook.findTable("PivotLensDeals");
  expect(table?.sheet.name).toBe("Deals");
  expect(table?.rect.rows).toBe(BUNDLED.length + 1);
  const ids = values(h, "Deals", `A${table!.rect.row + 2}:A${table!.rect.row + 1 + BUNDLED.length}`).flat();
  expect(ids).toEqual(BUNDLED.map((d) => d.id));

  await user.click(screen.getByRole("button", { name: "Load to sheet" }));
  const again = await screen.findByText(`Table PivotLensDeals, ${BUNDLED.length} deals, updated in place.`, {
    exact: false,
  });
  expect(again).toBeTruthy();
  expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1", "Deals"]);
});

test("a user's own sheet named Deals is left alone: the notice names the sheet used instead", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook(["Sheet1", "Deals"]);
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Deals").getRange("A1").values = [["my notes"]];
    await ctx.sync();
  });
  await renderApp(servicesWith(market, { run: h.run }));
  await openDeals(user);
  await user.click(screen.getByRole("button", { name: "Load to sheet" }));
  const bar = await screen.findByRole("group", {
    name: new RegExp(`^${BUNDLED.length} deals loaded to 'Deals \\(PivotLens\\)'!A\\d+:[A-Z]+\\d+$`),
  });
  expect(bar.textContent).toContain(
    'A sheet named "Deals" already exists and was not created by PivotLens, so the add-in wrote to "Deals (PivotLens)".',
  );
  expect(bar.textContent).toContain("Next: Your sheet was left untouched.");
  expect(values(h, "Deals", "A1:A1")).toEqual([["my notes"]]);
});

test("when Excel refuses the write, an error MessageBar says what happened and what to do next", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: cellEditModeRun(h.run) }));
  await openDeals(user);
  await user.click(screen.getByRole("button", { name: "Load to sheet" }));
  const bar = await screen.findByRole("group", { name: "Could not load the deals to the sheet" });
  expect(bar.textContent).toContain("cell-editing mode");
  expect(bar.textContent).toContain("Next: Finish editing the cell (press Enter or Esc), then try again.");
  expect(h.fake.workbook.sheets.map((s) => s.name)).toEqual(["Sheet1"]);
  expect((screen.getByRole("button", { name: "Load to sheet" }) as HTMLButtonElement).disabled).toBe(false);
});
