/**
 * The task pane's pure helpers: ages and values as shown, deal filters and sorting, the
 * Settings form's checks, and the notices built from refresh reports.
 */
import {
  datasetDateWords,
  formatAge,
  formatDateWords,
  formatMarketValue,
  formatNumber,
  formatSerialDate,
  formatUsdShort,
  formatUtc,
  peopleText,
  sourceName,
} from "../../src/taskpane/format";
import { applyFilter, filterOptions, impliedRent, NO_BACKSTOP, sortDeals } from "../../src/taskpane/dealView";
import { formErrorsFromSettings, formFromSettings, issueLine, validateForm } from "../../src/taskpane/settingsForm";
import { refreshNotice, startNotice } from "../../src/taskpane/marketReport";
import { errorNotice, sheetNotice } from "../../src/taskpane/notices";
import { DEFAULT_SETTINGS } from "../../src/market/settings";
import type { Deal } from "../../src/deals/schema";
import type { RefreshReport } from "../../src/market";
import { createMarketStore } from "../../src/market/store";
import { MemoryStorage } from "../../src/market/storage";
import { WorkbookError } from "../../src/workbook/errors";

describe("formatAge", () => {
  const now = Date.parse("2026-03-01T12:00:00Z");
  test.each([
    ["2026-03-01T11:59:30Z", "just now"],
    ["2026-03-01T12:00:30Z", "just now"], // a source clock slightly ahead
    ["2026-03-01T11:57:00Z", "3 min ago"],
    ["2026-03-01T11:00:01Z", "59 min ago"],
    ["2026-03-01T11:00:00Z", "1 h ago"],
    ["2026-02-28T12:00:01Z", "23 h ago"],
    ["2026-02-27T12:00:01Z", "47 h ago"],
    ["2026-02-27T12:00:00Z", "2 days ago"],
    ["2026-01-12T00:00:00Z", "48 days ago"],
    ["not a date", "unknown age"],
  ])("%s → %s", (asOf, shown) => {
    expect(formatAge(asOf, now)).toBe(shown);
  });
});

test("values are shown with their units", () => {
  expect(formatMarketValue("btc_usd", 97_250.4)).toBe("$97,250");
  expect(formatMarketValue("difficulty", 155.97e12)).toBe("155.97 T");
  expect(formatMarketValue("network_eh_s", 1116.48)).toBe("1,116.5 EH/s");
  expect(formatMarketValue("fees_btc_per_block", 0.025)).toBe("0.0250 BTC");
  expect(formatMarketValue("height", 977_000)).toBe("977,000");
  expect(formatMarketValue("hashprice_usd_ph_day", 39.514)).toBe("$39.51/PH/day");
  // Excel serial 46850 = 2028-04-07 (serial 25569 = 1970-01-01; 46850 − 25569 = 21281 days).
  expect(formatSerialDate(46850)).toBe(new Date(21281 * 86_400_000).toISOString().slice(0, 10));
  expect(formatSerialDate(46850)).toBe("2028-04-07");
  // A fractional serial is a time of day: 46850.6 is 2028-04-07 14:24 UTC, still that day.
  expect(formatMarketValue("next_halving_date", 46850.6)).toBe("2028-04-07 (est.)");
  expect(formatUtc("2026-01-12T14:05:09Z")).toBe("2026-01-12 14:05 UTC");
  // $m / $bn with at most three significant figures, trailing zeros dropped.
  expect(formatUsdShort(16.8e9)).toBe("$16.8bn");
  expect(formatUsdShort(3.7e9)).toBe("$3.7bn");
  expect(formatUsdShort(7e9)).toBe("$7bn");
  expect(formatUsdShort(1.234e9)).toBe("$1.23bn");
  expect(formatUsdShort(311e6)).toBe("$311m");
  expect(formatUsdShort(12.5e6)).toBe("$12.5m");
  expect(formatUsdShort(-2.5e9)).toBe("-$2.5bn");
  expect(formatUsdShort(undefined)).toBe("—");
  // Heights with separators, MW without decimals.
  expect(formatNumber(1_234.6, 0)).toBe("1,235");
  expect(formatMarketValue("height", 1_050_000)).toBe("1,050,000");
});

test("dates and sources read as a person writes them", () => {
  expect(formatDateWords("2026-01-12T00:00:00Z")).toBe("12 Jan 2026");
  expect(formatDateWords("2026-12-31T23:59:59Z")).toBe("31 Dec 2026");
  expect(formatDateWords("not a date")).toBe("an unknown date");
  expect(datasetDateWords("deal data as of 2026-05")).toBe("May 2026");
  expect(datasetDateWords("2026-05-14")).toBe("14 May 2026");
  expect(datasetDateWords("bundled-deals.json")).toBe("an unstated date");
  expect(sourceName({ source: "mempool (mempool.space/api/v1/prices)" })).toBe("mempool.space");
  expect(sourceName({ source: "Coinbase (api.coinbase.com/v2/prices/BTC-USD/spot)" })).toBe("Coinbase");
  expect(sourceName({ source: "Kraken (api.kraken.com/0/public/Ticker?pair=XBTUSD)" })).toBe("Kraken");
  expect(
    sourceName({ source: "Hashrate Index (Luxor), published 2026-01-12", label: "Hashrate Index 2026-01-12" }),
  ).toBe("Hashrate Index 2026-01-12");
  expect(sourceName({ source: "derived: 144 × (subsidy + fees) × price ÷ hashrate" })).toBe("derived");
  expect(peopleText("mempool.prices: HTTP 500; coinbase.spot: timed out")).toBe(
    "mempool.space: HTTP 500; Coinbase: timed out",
  );
});

const deal = (over: Partial<Deal>): Deal => ({
  id: "X-1",
  company: "Acme Mining",
  ticker: "ACME",
  tenant: "Example Cloud",
  dealType: "lease",
  source: "test",
  verified: true,
  ...over,
});

describe("deal view", () => {
  const deals = [
    deal({
      id: "A",
      company: "Hut 8",
      ticker: "HUT",
      tenant: "Fluidstack / Anthropic",
      backstop: "Google",
      contractValueUsd: 7e9,
      termYears: 15,
      criticalItMw: 245,
    }),
    deal({ id: "B", company: "TeraWulf", ticker: "WULF", tenant: "Core42", termYears: 10, criticalItMw: 60 }),
    deal({
      id: "C",
      company: "Cipher Mining",
      ticker: "CIFR",
      tenant: "Fluidstack",
      backstop: "Google",
      contractValueUsd: 3e9,
      termYears: 10,
      criticalItMw: 168,
    }),
    deal({
      id: "D",
      company: "Riot Platforms",
      ticker: "RIOT",
      tenant: "AMD",
      contractValueUsd: 311e6,
      termYears: 10,
      criticalItMw: 25,
    }),
  ];

  test("filters match any part, any case; company also matches the ticker; (none) = no backstop", () => {
    const ids = (f: Partial<{ company: string; tenant: string; backstop: string }>): string[] =>
      applyFilter(deals, { company: "", tenant: "", backstop: "", ...f }).map((d) => d.id);
    expect(ids({})).toEqual(["A", "B", "C", "D"]);
    expect(ids({ company: "wulf" })).toEqual(["B"]);
    expect(ids({ company: " Hut " })).toEqual(["A"]);
    expect(ids({ tenant: "FLUIDSTACK" })).toEqual(["A", "C"]);
    expect(ids({ backstop: NO_BACKSTOP })).toEqual(["B", "D"]);
    expect(ids({ backstop: "goo", tenant: "anthropic" })).toEqual(["A"]);
    expect(filterOptions(deals).backstops).toEqual([NO_BACKSTOP, "Google"]);
    expect(filterOptions(deals).companies).toEqual(["Cipher Mining", "Hut 8", "Riot Platforms", "TeraWulf"]);
  });

  test("sorting keeps deals without a value last in both directions", () => {
    const byValue = (dir: "ascending" | "descending"): string[] =>
      sortDeals(deals, (d) => d.contractValueUsd, dir).map((d) => d.id);
    expect(byValue("ascending")).toEqual(["D", "C", "A", "B"]);
    expect(byValue("descending")).toEqual(["A", "C", "D", "B"]);
    expect(sortDeals(deals, (d) => d.company, "ascending").map((d) => d.id)).toEqual(["C", "A", "D", "B"]);
  });

  test("implied rent = value / term / (MW × 1000) / 12 (the headline convention), absent when a figure is missing", () => {
    // Hut 8 River Bend: 7e9 / 15 / 245,000 kW / 12 months = 158.73 USD/kW/month.
    expect(impliedRent(deals[0])).toBeCloseTo(158.7301587, 6);
    expect(impliedRent(deals[1])).toBeUndefined();
  });
});

describe("settings form", () => {
  const form = formFromSettings(DEFAULT_SETTINGS);

  test("shows durations in seconds and round-trips the defaults", () => {
    expect(form.ttlSeconds).toBe("600");
    expect(form.autoRefreshSeconds).toBe("0");
    const r = validateForm(form);
    expect(r).toEqual({ ok: true, patch: { ...DEFAULT_SETTINGS } });
  });

  test("https only, except http on localhost; no query on base URLs; durations in range", () => {
    const r = validateForm({
      ...form,
      mempoolBaseUrl: "http://mempool.example.com",
      coinbaseBaseUrl: "https://api.coinbase.com?x=1",
      krakenBaseUrl: "http://127.0.0.1:9000",
      ttlSeconds: "0.5",
      autoRefreshSeconds: "90000",
      dealFeedUrl: "ftp://feeds.example.com/deals.csv",
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      mempoolBaseUrl:
        "mempool base URL must use https (http is accepted only for localhost and 127.0.0.1). Example: https://mempool.space",
      coinbaseBaseUrl:
        "Coinbase base URL must not contain a ?query (endpoint paths are appended). Example: https://mempool.space",
      ttlSeconds: "Enter a number of seconds from 1 to 604,800.",
      autoRefreshSeconds: "Enter a number of seconds from 1 to 86,400, or 0 for off.",
      dealFeedUrl:
        "Deal feed URL must use https (http is accepted only for localhost and 127.0.0.1). Example: https://data.example.com/deals.json",
    });
  });

  test("valid input becomes a settings patch in milliseconds", () => {
    const r = validateForm({
      ...form,
      ttlSeconds: "90.5",
      autoRefreshSeconds: "300",
      dealFeedUrl: " https://x.example.com/d.csv ",
    });
    expect(r).toEqual({
      ok: true,
      patch: { ...DEFAULT_SETTINGS, ttlMs: 90_500, autoRefreshMs: 300_000, dealFeedUrl: "https://x.example.com/d.csv" },
    });
  });

  test("the settings API's errors land on the matching fields", () => {
    expect(formErrorsFromSettings({ ttlMs: "ttlMs bad.", dealFeedUrl: "feed bad." })).toEqual({
      ttlSeconds: "ttlMs bad.",
      dealFeedUrl: "feed bad.",
    });
  });

  test("a feed row issue names its line, id and field", () => {
    expect(
      issueLine({ line: 3, row: 2, field: "Value USD", message: "must be a number.", id: "ACME-1", severity: "error" }),
    ).toBe("Line 3 (ACME-1), Value USD: must be a number.");
    expect(issueLine({ line: 0, row: 4, field: "Foo", message: "is not a deal field.", severity: "warning" })).toBe(
      "Row 4, Foo: is not a deal field. [loaded anyway]",
    );
  });
});

describe("notices", () => {
  test("a WorkbookError's action is the next step; an Office code without one gets ours", () => {
    const wb = new WorkbookError(
      "excel",
      "Writing failed: locked (AccessDenied)",
      "Unprotect the sheet, then try again.",
      { code: "AccessDenied" },
    );
    expect(errorNotice("T", wb, "fallback")).toEqual({
      intent: "error",
      title: "T",
      body: "Writing failed: locked (AccessDenied)",
      next: "Unprotect the sheet, then try again.",
    });
    const office = Object.assign(new Error("busy"), { code: "InvalidOperationInCellEditMode" });
    expect(errorNotice("T", office, "fallback")).toEqual({
      intent: "error",
      title: "T",
      body: "busy (InvalidOperationInCellEditMode)",
      next: "Excel is editing a cell: press Enter or Esc to leave the cell, then try again.",
    });
    expect(errorNotice("T", "plain text", "do this")).toEqual({
      intent: "error",
      title: "T",
      body: "plain text",
      next: "do this",
    });
  });

  test("a renamed sheet makes a warning that says the user's sheet was left alone", () => {
    const n = sheetNotice(
      "Done",
      { sheetName: "Deals (PivotLens)", renamedBecause: "A sheet named Deals exists.", notes: ["x"] },
      "ok",
    );
    expect(n.intent).toBe("warning");
    expect(n.body).toBe("A sheet named Deals exists.");
    expect(n.next).toContain('running this again updates "Deals (PivotLens)" in place');
    expect(sheetNotice("Done", { sheetName: "Deals", summary: "16 deals." }, "Written.")).toEqual({
      intent: "success",
      title: "Done",
      body: "Written. 16 deals.",
      details: undefined,
    });
  });

  test("refresh notices: success, failure of every source, storage-only failure", async () => {
    const store = createMarketStore({ storage: new MemoryStorage() });
    const snapshot = store.snapshot();
    const base = { startedAt: snapshot.computedAt, durationMs: 5, snapshot };
    const all = (use: "none" | "embedded") =>
      ({ btc_usd: use, difficulty: use, fees_btc_per_block: use, height: use, network_eh_s_estimate: use }) as const;
    const ok: RefreshReport = { ...base, ok: true, failures: [], usedFallback: all("none") };
    expect(refreshNotice(ok, Date.now()).intent).toBe("success");
    const down: RefreshReport = {
      ...base,
      ok: false,
      failures: [{ source: "mempool (x)", endpoint: "mempool.prices", reason: "HTTP 500" }],
      usedFallback: all("embedded"),
    };
    const n = refreshNotice(down, Date.parse(snapshot.fields.btc_usd!.asOf) + 3 * 60_000);
    // The values kept are the bundled snapshot's, so the title says so, with its date.
    expect(n.title).toBe(`Refresh failed: showing bundled values of ${formatDateWords(snapshot.fields.btc_usd!.asOf)}`);
    expect(n.details).toContain("mempool (x) failed: HTTP 500");
    expect(n.details).toContain(
      `BTC price: using the snapshot bundled with the add-in (${snapshot.fields.btc_usd!.source}), as of 3 min ago.`,
    );
    const storageOnly: RefreshReport = {
      ...base,
      ok: false,
      failures: [{ source: "storage (memory)", endpoint: "storage", reason: "not saved: full" }],
      usedFallback: all("none"),
    };
    expect(refreshNotice(storageOnly, Date.now()).title).toBe("Market inputs refreshed, with a problem");
    expect(startNotice({ storage: "memory", restoredFields: [], problems: [] })).toBeUndefined();
    store.dispose();
  });
});
