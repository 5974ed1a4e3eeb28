/** The bundled company dataset and the schema every value goes through. */
import bundled from "../../src/companies/bundled-companies.json";
import { bundledCompanies, validateCompanyDataset } from "../../src/companies/dataset";
import { COMPANY_FIELDS, companyFieldByName, isIsoDate } from "../../src/companies/schema";
import { safeHttpsUrl } from "../../src/deals/links";

const COVERED = ["CORZ", "RIOT", "BITF", "WULF", "IREN", "CLSK", "HUT", "BTBT", "WYFI", "MARA", "CIFR", "APLD", "GLXY"];

describe("bundled company dataset", () => {
  const { companies, issues } = bundledCompanies();

  test("validates without a single issue", () => {
    expect(issues).toEqual([]);
  });

  test("lists every covered company", () => {
    const tickers = companies.map((c) => c.ticker);
    for (const t of COVERED) expect(tickers).toContain(t);
  });

  test("every value in the file carries an https URL (safeHttpsUrl), an ISO as-of date, a document and a quote", () => {
    type Raw = { value: unknown; source: unknown; as_of: unknown; document: unknown; quote: unknown };
    const file = bundled as unknown as { companies: { ticker: string; values: Record<string, Raw> }[] };
    let n = 0;
    for (const c of file.companies) {
      for (const [name, v] of Object.entries(c.values)) {
        n++;
        expect(companyFieldByName(name)?.name).toBe(name);
        expect(safeHttpsUrl(v.source)).toBe(v.source);
        expect(String(v.source)).toMatch(/^https:\/\//);
        expect(isIsoDate(String(v.as_of))).toBe(true);
        expect(typeof v.document).toBe("string");
        expect(String(v.quote).length).toBeGreaterThan(10);
        // The as-of date is not in the future of the compilation date.
        expect(String(v.as_of) <= "2026-12-01").toBe(true);
      }
    }
    expect(n).toBeGreaterThan(20);
    expect(n).toBe(companies.reduce((k, c) => k + Object.keys(c.values).length, 0));
  });

  test("period_end, where given, is the as-of date of at least one balance-sheet value of the company", () => {
    for (const c of companies) {
      const pe = c.values.period_end;
      if (pe === undefined) continue;
      const dates = ["cash_usd", "debt_usd", "btc_held", "convertible_debt_usd"].map(
        (k) => c.values[k as "cash_usd"]?.asOf,
      );
      expect(dates).toContain(pe.value);
    }
  });

  test("the schema declares each field once, with a unit", () => {
    const names = COMPANY_FIELDS.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      "shares_outstanding",
      "shares_diluted",
      "cash_usd",
      "debt_usd",
      "convertible_debt_usd",
      "btc_held",
      "energized_mw",
      "pipeline_mw",
      "installed_eh_s",
      "fleet_j_th",
      "power_usd_kwh",
      "period_end",
    ]);
    for (const f of COMPANY_FIELDS) expect(f.unit).not.toBe("");
  });
});

describe("validateCompanyDataset", () => {
  const good = { value: 5, source: "https://www.sec.gov/x.htm", as_of: "2026-03-31", document: "10-Q", quote: "5 BTC" };

  test("rejects a value without an https source, with a user-info host, or without a calendar as-of date", () => {
    const r = validateCompanyDataset({
      companies: [
        {
          ticker: "ABC",
          name: "Abc",
          values: {
            btc_held: { ...good, source: "http://www.sec.gov/x.htm" },
            cash_usd: { ...good, source: "https://www.sec.gov@evil.example/" },
            debt_usd: { ...good, as_of: "2026-02-30" },
            energized_mw: { ...good, as_of: undefined },
            installed_eh_s: good,
          },
        },
      ],
    });
    expect(r.issues.map((i) => i.field).sort()).toEqual([
      "btc_held.source",
      "cash_usd.source",
      "debt_usd.as_of",
      "energized_mw.as_of",
    ]);
    expect(r.issues.find((i) => i.field === "cash_usd.source")?.message).toMatch(/user name or password/);
    // The good value still loads; the bad ones are left out, never guessed.
    expect(r.companies[0].values).toEqual({
      installed_eh_s: { value: 5, source: "https://www.sec.gov/x.htm", asOf: "2026-03-31", document: "10-Q" },
    });
  });

  test("rejects out-of-range numbers, unknown fields, duplicate tickers and bad tickers", () => {
    const r = validateCompanyDataset({
      companies: [
        { ticker: "ABC", name: "Abc", values: { fleet_j_th: { ...good, value: 2 }, hashrate: good } },
        { ticker: "abc", name: "Abc again", values: {} },
        { ticker: "=1+1", name: "Formula", values: {} },
        {
          ticker: "XYZ",
          name: "Xyz",
          values: { cash_usd: { ...good, value: -1 }, shares_outstanding: { ...good, value: "1,000" } },
        },
      ],
    });
    const at = r.issues.map((i) => `${i.row}:${i.field}`);
    expect(at).toEqual(["1:fleet_j_th", "1:hashrate", "2:ticker", "3:ticker", "4:cash_usd"]);
    expect(r.issues[0].message).toMatch(/from 5 to 200 \(J\/TH\)/);
    expect(r.companies.map((c) => c.ticker)).toEqual(["ABC", "XYZ"]);
    expect(r.companies[1].values.shares_outstanding?.value).toBe(1000);
  });

  test("a file that is not an object with a companies list is one issue", () => {
    expect(validateCompanyDataset([]).issues[0].field).toBe("(file)");
  });
});
