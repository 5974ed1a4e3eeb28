/**
 * Comps scenarios: the selector (a data-validation list) switches BTC price, hashprice growth,
 * discount rate, NOI margin and capex/MW by plain formulas, and every row follows; the values
 * after a switch are the core's at the selected scenario's inputs.
 */
import { leaseNpvUsd } from "../../src/core/lease";
import { bundledDataset } from "../../src/deals/dataset";
import { cell } from "../../src/workbook/a1";
import { COMPS_FIRST_COMPANY_COL, buildComps, compsRow } from "../../src/workbook/compsSheet";
import { forbidConsoleErrors, newWorkbook, value, type Harness } from "./fakeExcel";

const DEALS = bundledDataset().deals;
forbidConsoleErrors();
const B = (key: string): string => cell(compsRow(key), 1);
const HUT = (key: string): string => cell(compsRow(key), COMPS_FIRST_COMPANY_COL);

async function pick(h: Harness, scenario: string): Promise<void> {
  await h.run(async (ctx) => {
    ctx.workbook.worksheets.getItem("Comps").getRange(B("scenario")).values = [[scenario]];
    await ctx.sync();
  });
}

/**
 * Hut 8's two leases from the core: River Bend ($7.0B / 15 y / 245 MW) and Beacon Point
 * ($9.8B / 15 y / 352 MW); neither states a capex per MW, so both take the scenario's capex.
 */
function hutLeaseNpv(discount: number, noi: number, capex: number): number {
  return [
    [7e9, 245, capex],
    [9.8e9, 352, capex],
  ].reduce(
    (s, [value, mw, capexUsdPerMw]) =>
      s +
      leaseNpvUsd(
        {
          criticalMw: mw,
          rentUsdPerKwMonth: value / 15 / mw / 12000,
          termYears: 15,
          escalator: 0,
          noiMargin: noi,
          capexUsdPerMw,
          buildMonths: 0,
        },
        discount,
      ),
    0,
  );
}

test("the selector is a Bear/Base/Bull drop-down, on Base, and Bear and Bull values are visible inputs", async () => {
  const h = await newWorkbook();
  await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  const s = h.fake.workbook.sheet("Comps");
  const ref = h.fake.workbook.resolve(B("scenario"), s);
  expect(s.validation.get(`${ref.rect.row}:${ref.rect.col}`)).toEqual({
    list: { inCellDropDown: true, source: "Bear,Base,Bull" },
  });
  expect(value(h, "Comps", B("scenario"))).toBe("Base");
  expect([value(h, "Comps", B("discountBear")), value(h, "Comps", B("discountBull"))]).toEqual([0.1, 0.07]);
});

test("switching the scenario moves every row as the core says", async () => {
  const h = await newWorkbook();
  await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  const market = value(h, "Comps", B("btcPriceBase")) as number;
  close(value(h, "Comps", HUT("npv")), hutLeaseNpv(0.08, 0.85, 9.5e6));
  await pick(h, "Bear");
  expect(value(h, "Comps", HUT("discount"))).toBe(0.1);
  expect(value(h, "Comps", HUT("growth"))).toBe(-0.1);
  close(value(h, "Comps", HUT("btcPrice")), 0.7 * market);
  close(value(h, "Comps", HUT("npv")), hutLeaseNpv(0.1, 0.8, 11e6));
  // Hut 8's BTC held (16,331, its release) at the Bear price.
  close(value(h, "Comps", HUT("btcValue")), 16331 * 0.7 * market);
  await pick(h, "Bull");
  close(value(h, "Comps", HUT("npv")), hutLeaseNpv(0.07, 0.9, 8.5e6));
  close(value(h, "Comps", HUT("chartRent")), value(h, "Comps", HUT("rent")) as number);
  // A rebuild keeps the analyst's pick.
  const r = await buildComps(["HUT", "CIFR"], DEALS, { run: h.run });
  expect(value(h, "Comps", B("scenario"))).toBe("Bull");
  expect(r.kept).toContain(`Comps!${B("scenario")}`);
});

function close(actual: unknown, expected: number): void {
  if (typeof actual !== "number") throw new Error(`expected ${expected}, got ${JSON.stringify(actual)}`);
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)));
}
