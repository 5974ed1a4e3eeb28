/** PIVOT.COMPANY and PIVOT.COMPANIES through the adapter, as Excel calls them. */
import { COMPANIES, COMPANY } from "../../src/functions/companies";
import { parseCompanyFeed } from "../../src/companies/feed";
import { clearCompanyFeed, companyStore, setCompanyFeed } from "../../src/companies/store";
import { COMPANY_FIELD_NAMES } from "../../src/companies/schema";
import { expectError, isError } from "../support/excel";

const HUT_10Q =
  "https://www.stocktitan.net/sec-filings/HUT/10-q-hut-8-corp-quarterly-earnings-report-dbcfba973171.html";

afterEach(() => clearCompanyFeed());

function loadFeed(text: string, url = "https://feeds.example.com/companies.csv"): void {
  const parsed = parseCompanyFeed(text, url);
  setCompanyFeed(parsed.rows, {
    url,
    fetchedAt: "2026-12-01T12:00:00.000Z",
    format: parsed.format,
    rowCount: parsed.rowCount,
    loadedCount: parsed.rows.length,
    issues: parsed.issues,
  });
}

describe("PIVOT.COMPANY", () => {
  test("returns the figure the source states (Hut 8 10-Q for Q1 2026: 16,331 BTC, $160.0 million cash)", () => {
    expect(COMPANY("HUT", "btc_held")).toBe(16331);
    expect(COMPANY("hut", " Cash_USD ")).toBe(160_000_000);
    expect(COMPANY("RIOT", "shares_outstanding")).toBe(371_807_186);
    expect(COMPANY("HUT", "period_end")).toBe("2026-03-31");
  });

  test("field.source is the document URL, field.as_of the date the value is as of, field.document the document", () => {
    expect(COMPANY("HUT", "cash_usd.source")).toBe(HUT_10Q);
    expect(COMPANY("HUT", "cash_usd.as_of")).toBe("2026-03-31");
    expect(COMPANY("RIOT", "shares_outstanding.as_of")).toBe("2025-10-29");
    expect(COMPANY("HUT", "btc_held.document")).toMatch(/10-Q for the quarter ended 2026-03-31/);
  });

  test("unknown ticker: #N/A naming it and listing the known tickers", () => {
    expectError(
      COMPANY("NOPE", "cash_usd"),
      "#N/A",
      /ticker "NOPE" is not in the company data/,
      /Known tickers: .*HUT/,
      /RIOT/,
    );
  });

  test("unknown field: #N/A listing the fields and the citation suffixes", () => {
    expectError(
      COMPANY("HUT", "hashrate"),
      "#N/A",
      /"hashrate" is not a company field/,
      /installed_eh_s/,
      /\.source, \.as_of/,
    );
  });

  test("a value the sources do not disclose: #N/A saying so and where to type one, for the value and its citation", () => {
    expectError(
      COMPANY("HUT", "fleet_j_th"),
      "#N/A",
      /fleet_j_th of HUT is not disclosed/,
      /type your own value/,
      /company feed/,
    );
    expectError(COMPANY("HUT", "fleet_j_th.source"), "#N/A", /not disclosed/);
  });

  test("every field name answers a value or a readable #N/A for every company, never an exception or a zero", () => {
    for (const c of companyStore().current) {
      for (const f of COMPANY_FIELD_NAMES) {
        const v = COMPANY(c.ticker, f);
        if (isError(v)) expect(v.message).toMatch(/is not disclosed/);
        else expect(v === 0 || v === "").toBe(false);
      }
    }
  });

  test("empty or non-text arguments: #VALUE! naming the argument", () => {
    expectError(COMPANY(null, "cash_usd"), "#VALUE!", /ticker is required/);
    expectError(COMPANY("HUT", 5), "#VALUE!", /field must be text/);
  });
});

describe("PIVOT.COMPANIES", () => {
  test("spills a header row and one row per company, blanks where undisclosed", () => {
    const t = COMPANIES();
    expect(t[0]).toEqual(["ticker", "name", ...COMPANY_FIELD_NAMES]);
    expect(t.length).toBe(companyStore().current.length + 1);
    const hut = t.find((r) => r[0] === "HUT");
    expect(hut?.[1]).toBe("Hut 8 Corp.");
    expect(hut?.[2 + COMPANY_FIELD_NAMES.indexOf("btc_held")]).toBe(16331);
    expect(hut?.[2 + COMPANY_FIELD_NAMES.indexOf("fleet_j_th")]).toBe("");
  });

  test("takes a field list, citation columns included", () => {
    const t = COMPANIES("cash_usd, cash_usd.as_of btc_held");
    expect(t[0]).toEqual(["ticker", "name", "cash_usd", "cash_usd.as_of", "btc_held"]);
    const hut = t.find((r) => r[0] === "HUT");
    expect(hut).toEqual(["HUT", "Hut 8 Corp.", 160_000_000, "2026-03-31", 16331]);
  });

  test("the documented example: 14 × 4, HUT 16331 as of 2026-03-31", () => {
    const t = COMPANIES("btc_held, btc_held.as_of");
    expect([t.length, t[0].length]).toEqual([14, 4]);
    expect(t.find((r) => r[0] === "HUT")).toEqual(["HUT", "Hut 8 Corp.", 16331, "2026-03-31"]);
  });

  test("an unknown field in the list: #N/A naming it", () => {
    expectError(COMPANIES("cash_usd, ebitda"), "#N/A", /"ebitda" is not a company field/);
  });
});

describe("company feed override", () => {
  test("a feed row replaces exactly the fields it gives; blanks keep the bundled value", () => {
    loadFeed(
      [
        "ticker,as_of,btc_held,cash_usd,fleet_j_th,fleet_j_th.source",
        "HUT,2026-06-30,17000,,16.5,https://research.example.com/hut-fleet",
      ].join("\n"),
    );
    expect(COMPANY("HUT", "btc_held")).toBe(17000);
    expect(COMPANY("HUT", "btc_held.as_of")).toBe("2026-06-30");
    // No per-value or row source: the feed itself is cited.
    expect(COMPANY("HUT", "btc_held.source")).toBe("https://feeds.example.com/companies.csv");
    expect(COMPANY("HUT", "fleet_j_th")).toBe(16.5);
    expect(COMPANY("HUT", "fleet_j_th.source")).toBe("https://research.example.com/hut-fleet");
    // Blank cash_usd: the bundled value and its citation stay.
    expect(COMPANY("HUT", "cash_usd")).toBe(160_000_000);
    expect(COMPANY("HUT", "cash_usd.source")).toBe(HUT_10Q);
    // Other companies are untouched.
    expect(COMPANY("RIOT", "btc_held")).toBe(19287);
  });

  test("a feed ticker the bundle lacks is added; clearing the feed restores the bundled data", () => {
    loadFeed(
      '[{"ticker": "acme", "name": "Acme Mining", "as_of": "2026-09-30", "energized_mw": 300}]',
      "https://feeds.example.com/c.json",
    );
    expect(COMPANY("ACME", "energized_mw")).toBe(300);
    expect(COMPANIES("energized_mw").find((r) => r[0] === "ACME")).toEqual(["ACME", "Acme Mining", 300]);
    clearCompanyFeed();
    expectError(COMPANY("ACME", "energized_mw"), "#N/A", /"ACME" is not in the company data/);
  });
});
