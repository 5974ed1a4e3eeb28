/** Company feed parsing (rows reported by line and field) and loading through an injected fetchFeedText. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { CompanyFeedError, parseCompanyFeed, type FetchFeedText } from "../../src/companies/feed";
import { loadCompanyFeed } from "../../src/companies/load";
import { clearCompanyFeed, companyStore } from "../../src/companies/store";
import { companyValue } from "../../src/companies/query";

const URL_ = "https://feeds.example.com/companies";

afterEach(() => clearCompanyFeed());

describe("parseCompanyFeed", () => {
  test("CSV: bad rows are rejected whole and reported by line and field; good rows load", () => {
    const text = [
      "ticker,name,as_of,cash_usd,btc_held,btc_held.as_of,fleet_j_th,cash_usd.source,colour",
      "HUT,,2026-06-30,150000000,,,,,",
      'RIOT,"Riot, Inc.",2026-06-30,lots,19000,2026-13-01,,,',
      "MARA,,,1000000,,,,,",
      "CIFR,,2026-06-30,,,,300,,",
      "CORZ,,2026-06-30,5,,,,http://insecure.example.com/x,blue",
      ",,2026-06-30,5,,,,,",
      "HUT,,2026-06-30,1,,,,,",
    ].join("\r\n");
    const r = parseCompanyFeed(text, URL_);
    expect(r.format).toBe("csv");
    expect(r.rowCount).toBe(7);
    expect(r.rows.map((x) => x.ticker)).toEqual(["HUT"]);
    const errors = r.issues.filter((i) => i.severity === "error").map((i) => `${i.line}:${i.field}`);
    expect(errors).toEqual([
      "3:cash_usd",
      "3:btc_held.as_of",
      "4:cash_usd.as_of",
      "5:fleet_j_th",
      "6:cash_usd.source",
      "7:ticker",
      "8:ticker",
    ]);
    const warnings = r.issues.filter((i) => i.severity === "warning").map((i) => `${i.line}:${i.field}`);
    expect(warnings).toEqual(["2:colour"]);
    expect(r.issues.find((i) => i.line === 3 && i.field === "cash_usd")?.message).toMatch(
      /must be a number from 0 to 1000000000000 \(USD\); got "lots"/,
    );
    expect(r.issues.find((i) => i.line === 8)?.message).toMatch(/repeats HUT of line 2/);
  });

  test("JSON: an array of flat rows, each issue at the line where its row starts", () => {
    const text = `[
  {"ticker": "HUT", "as_of": "2026-06-30", "btc_held": 17000},
  {
    "ticker": "RIOT",
    "as_of": "2026-06-30",
    "installed_eh_s": -1
  },
  {"ticker": "WULF", "as_of": "2026-06-30", "energized_mw": "245", "energized_mw.source": "javascript:alert(1)"}
]`;
    const r = parseCompanyFeed(text, URL_);
    expect(r.format).toBe("json");
    expect(r.rows.map((x) => [x.ticker, x.line])).toEqual([["HUT", 2]]);
    expect(r.issues.map((i) => `${i.line}:${i.field}`)).toEqual(["3:installed_eh_s", "8:energized_mw.source"]);
  });

  test("unusable text as a whole: CompanyFeedError, nothing half-loaded", () => {
    expect(() => parseCompanyFeed("", URL_)).toThrow(CompanyFeedError);
    expect(() => parseCompanyFeed("[{", URL_)).toThrow(/not valid JSON/);
    expect(() => parseCompanyFeed('{"companies": []}', URL_)).toThrow(/array of rows/);
    expect(() => parseCompanyFeed("name,cash_usd\nx,1", URL_)).toThrow(/no "ticker" column/);
    expect(() => parseCompanyFeed('ticker\n"HUT', URL_)).toThrow(/not valid CSV/);
  });
});

describe("loadCompanyFeed", () => {
  test("uses the fetch it is given (fetchFeedText's signature) and cites the URL it reports", async () => {
    const calls: { url: string; timeoutMs?: number; maxBytes?: number }[] = [];
    const fetchFeedText: FetchFeedText = async (rawUrl, options) => {
      calls.push({ url: rawUrl, timeoutMs: options?.timeoutMs, maxBytes: options?.maxBytes });
      return {
        text: "ticker,as_of,btc_held\nHUT,2026-06-30,17000\nRIOT,2026-06-30,-5\n",
        url: "https://feeds.example.com/final.csv",
        contentType: "text/csv",
        fetchedAt: "2026-12-01T10:00:00.000Z",
      };
    };
    const r = await loadCompanyFeed("https://feeds.example.com/c.csv", fetchFeedText);
    expect(calls).toEqual([{ url: "https://feeds.example.com/c.csv", timeoutMs: 15_000, maxBytes: 2_000_000 }]);
    expect(r.overridden).toEqual(["HUT"]);
    expect(r.info).toMatchObject({ url: "https://feeds.example.com/final.csv", rowCount: 2, loadedCount: 1 });
    expect(r.issues.map((i) => `${i.line}:${i.field}`)).toEqual(["3:btc_held"]);
    expect(companyValue("HUT", "btc_held")).toBe(17000);
    expect(companyValue("HUT", "btc_held.source")).toBe("https://feeds.example.com/final.csv");
    expect(companyStore().feedInfo?.fetchedAt).toBe("2026-12-01T10:00:00.000Z");
  });

  test("a feed with no valid row, or a failing fetch, changes nothing", async () => {
    const before = companyStore().revision;
    const bad: FetchFeedText = async () => ({
      text: "ticker,cash_usd\nHUT,1\n",
      url: URL_,
      contentType: "text/csv",
      fetchedAt: "x",
    });
    await expect(loadCompanyFeed(URL_, bad)).rejects.toThrow(
      /No row of the company feed is valid .*line 2, cash_usd\.as_of/,
    );
    const failing: FetchFeedText = async () => {
      throw new Error("The feed did not answer within 15 s.");
    };
    await expect(loadCompanyFeed(URL_, failing)).rejects.toThrow(/did not answer/);
    expect(companyStore().revision).toBe(before);
    expect(companyValue("HUT", "btc_held")).toBe(16331);
  });

  test("over a real local HTTP server (127.0.0.1, port 0)", async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify([
          { ticker: "HUT", as_of: "2026-06-30", source: "https://research.example.com/hut", cash_usd: "175,000,000" },
          { ticker: "RIOT", as_of: "2026-06-30", cash_usd: 1 },
        ]),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      // A minimal fetchFeedText over plain fetch (the add-in's own requires https; this test is local HTTP).
      const fetchFeedText: FetchFeedText = async (rawUrl, options) => {
        const res = await (options?.fetchImpl ?? fetch)(rawUrl, {
          signal: AbortSignal.timeout(options?.timeoutMs ?? 2000),
        });
        return {
          text: await res.text(),
          url: rawUrl,
          contentType: res.headers.get("content-type") ?? "",
          fetchedAt: new Date().toISOString(),
        };
      };
      const r = await loadCompanyFeed(`http://127.0.0.1:${port}/companies.json`, fetchFeedText, { timeoutMs: 2000 });
      expect(r.info.format).toBe("json");
      expect(companyValue("HUT", "cash_usd")).toBe(175_000_000);
      expect(companyValue("HUT", "cash_usd.source")).toBe("https://research.example.com/hut");
      // Without a source of its own a value is cited as the feed's URL, which here is not https: the row is
      // rejected rather than shown with a link that is not safe.
      expect(r.issues.map((i) => `${i.line}:${i.field}`)).toEqual(["1:cash_usd.source"]);
      expect(companyValue("RIOT", "cash_usd")).toBe(330_700_000);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
