/** @jest-environment ./test/taskpane/support/jsdomWithFetch.ts */
/**
 * Deals panel (a Fluent DataGrid: role grid, columnheader with aria-sort, gridcell): filtering
 * by company, tenant and backstop; sorting by column header, by mouse and keyboard; "Load to sheet"
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
  return screen.getByRole("grid", { name: "Deals" });
}

/** Company cell (first column) of each body row, in display order. */
function companiesShown(table: HTMLElement): string[] {
  const rows = within(table).getAllByRole("row").slice(1);
  return rows.map((r) => within(r).getAllByRole("gridcell")[0].textContent ?? "");
}

function idsShownByTicker(table: HTMLElement): string[] {
  const rows = within(table).getAllByRole("row").slice(1);
  return rows.map((r) => within(r).getAllByRole("gridcell")[1].textContent ?? "");
}

test("lists every bundled deal with its implied rent, and filters by company, tenant and backstop", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  const table = await openDeals(user);
  expect(screen.getByText(`Showing ${BUNDLED.length} of ${BUNDLED.length} deals`)).toBeTruthy();
  expect(within(table).getAllByRole("row")).toHaveLength(BUNDLED.length + 1);

  // Hut 8 River Bend: $7.0B over 15 years for 245 MW = 7e9 / 15 / 245,000 kW / 12 = $158.7/kW/month.
  const riverBend = within(table).getByRole("row", { name: /Hut 8 HUT Fluidstack \/ Anthropic Google/ });
  const cells = within(riverBend)
    .getAllByRole("gridcell")
    .map((c) => c.textContent);
  const unverified = BUNDLED.find((d) => d.id === "HUT-RIVERBEND-2025")?.unverified;
  expect(cells).toEqual([
    "Hut 8",
    "HUT",
    "Fluidstack / Anthropic",
    "Google",
    "lease",
    "$7.00B",
    "15",
    "245",
    (7e9 / 15 / 245_000 / 12).toFixed(0),
    `no (${unverified})`,
  ]);

  await user.type(screen.getByRole("combobox", { name: "Company" }), "hut");
  expect(companiesShown(table)).toEqual(BUNDLED.filter((d) => d.ticker === "HUT").map(() => "Hut 8"));
  expect(
    screen.getByText(`Showing ${BUNDLED.filter((d) => d.ticker === "HUT").length} of ${BUNDLED.length} deals`),
  ).toBeTruthy();

  await user.click(screen.getByRole("button", { name: "Clear filters" }));
  await user.type(screen.getByRole("combobox", { name: "Tenant" }), "fluidstack");
  await user.type(screen.getByRole("combobox", { name: "Backstop" }), "Google");
  const fluidstackGoogle = BUNDLED.filter((d) => /fluidstack/i.test(d.tenant) && d.backstop === "Google");
  expect(fluidstackGoogle.length).toBeGreaterThan(2);
  expect(idsShownByTicker(table)).toEqual(fluidstackGoogle.map((d) => d.ticker));

  await user.clear(screen.getByRole("combobox", { name: "Tenant" }));
  await user.clear(screen.getByRole("combobox", { name: "Backstop" }));
  await user.type(screen.getByRole("combobox", { name: "Backstop" }), "(none)");
  const noBackstop = BUNDLED.filter((d) => d.backstop === undefined);
  expect(within(table).getAllByRole("row")).toHaveLength(noBackstop.length + 1);
  for (const r of within(table).getAllByRole("row").slice(1))
    expect(within(r).getAllByRole("gridcell")[3].textContent).toBe("—");
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
  expect(idsShownByTicker(table)).toEqual(byValue.map((d) => d.ticker));
  // Riot's $311M Rockdale lease is the smallest stated value.
  expect(within(within(table).getAllByRole("row")[1]).getAllByRole("gridcell")[5].textContent).toBe("$311.00M");

  await user.click(within(valueHeader).getByRole("button"));
  expect(valueHeader.getAttribute("aria-sort")).toBe("descending");
  // Galaxy Helios, $15B, is the largest; the deal without a stated value stays last.
  expect(companiesShown(table)[0]).toBe("Galaxy Digital");
  const last = within(table).getAllByRole("row").slice(-1)[0];
  expect(within(last).getAllByRole("gridcell")[5].textContent).toBe("—");

  // Keyboard: focus the MW header's button and press Enter.
  const mwHeader = within(table).getByRole("columnheader", { name: "MW" });
  within(mwHeader).getByRole("button").focus();
  await user.keyboard("{Enter}");
  expect(mwHeader.getAttribute("aria-sort")).toBe("ascending");
  expect(valueHeader.getAttribute("aria-sort")).toBe("none");
  expect(idsShownByTicker(table)[0]).toBe("RIOT");
});

test("shows the bundled dataset's as-of line, which is loaded on demand", async () => {
  const user = userEvent.setup({ delay: null });
  const h = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  await openDeals(user);
  expect(await screen.findByText(`Bundled dataset as of ${BUNDLED_ABOUT.asOf}`, { exact: false })).toBeTruthy();
});

test("Load to sheet writes the Deals table through the workbook layer; loading again updates it in place", async () => {
  const user = userEvent.setup({ delay: null });
  const h: Harness = await newWorkbook();
  await renderApp(servicesWith(market, { run: h.run }));
  await openDeals(user);
  // Narrowing the view does not narrow what is loaded.
  await user.type(screen.getByRole("combobox", { name: "Company" }), "riot");
  await user.click(screen.getByRole("button", { name: "Load to sheet" }));

  const bar = await screen.findByRole("group", { name: `${BUNDLED.length} deals loaded to sheet "Deals"` });
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
  const bar = await screen.findByRole("group", { name: `${BUNDLED.length} deals loaded to sheet "Deals (PivotLens)"` });
  expect(bar.textContent).toContain(
    'A sheet named "Deals" already exists and was not created by PivotLens, so the deals went to "Deals (PivotLens)".',
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
