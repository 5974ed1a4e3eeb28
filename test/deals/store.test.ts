/**
 * The shared deal store, feed loading over a fake fetch (success, HTTP errors, timeout,
 * network fault, garbage), and the fallback: a feed that fails leaves the previous list.
 */
import { DEAL_STORE_KEY, clearFeed, currentDeals, dealStore, setFeed, subscribeDeals } from "../../src/deals/store";
import { DealFeedError, fetchDealFeed } from "../../src/deals/feed";
import { loadDealFeed } from "../../src/deals/load";

const ROW = {
  id: "ACME-ONE-2026",
  company: "Acme",
  ticker: "ACME",
  tenant: "T",
  dealType: "lease",
  contractValueUsd: 1e9,
  termYears: 10,
  criticalItMw: 50,
  source: "s",
  verified: true,
};

function respond(body: string, init: { status?: number; type?: string } = {}): typeof fetch {
  return (async () =>
    new Response(body, {
      status: init.status ?? 200,
      headers: { "content-type": init.type ?? "application/json" },
    })) as typeof fetch;
}

afterEach(() => clearFeed());

describe("shared store", () => {
  test("lives on globalThis under Symbol.for('pivotlens.deals'): a second bundle finds the same instance", () => {
    expect(DEAL_STORE_KEY).toBe(Symbol.for("pivotlens.deals"));
    const first = dealStore();
    expect((globalThis as Record<symbol, unknown>)[Symbol.for("pivotlens.deals")]).toBe(first);
    let other: typeof import("../../src/deals/store") | undefined;
    jest.isolateModules(() => {
      other = require("../../src/deals/store");
    });
    expect(other!.dealStore()).toBe(first);
    other!.setFeed([{ ...ROW, dealType: "lease" } as never], {
      url: "https://x/f.json",
      fetchedAt: "2026-01-01T00:00:00Z",
      format: "json",
      rowCount: 1,
      loadedCount: 1,
      issues: [],
    });
    expect(currentDeals().map((d) => d.id)).toContain("ACME-ONE-2026");
  });

  test("a feed deal with a bundled id replaces the bundled one; listeners hear every change", () => {
    const heard: number[] = [];
    const off = subscribeDeals(() => heard.push(dealStore().revision));
    const before = dealStore().revision;
    const over = setFeed([{ ...ROW, id: "hut-riverbend-2025", criticalItMw: 999 } as never], {
      url: "https://x",
      fetchedAt: "t",
      format: "json",
      rowCount: 1,
      loadedCount: 1,
      issues: [],
    });
    expect(over).toEqual(["hut-riverbend-2025"]);
    const hut = currentDeals().filter((d) => d.id.toUpperCase() === "HUT-RIVERBEND-2025");
    expect(hut.map((d) => d.criticalItMw)).toEqual([999]);
    expect(currentDeals()).toHaveLength(24);
    clearFeed();
    off();
    setFeed([], { url: "https://x", fetchedAt: "t", format: "json", rowCount: 0, loadedCount: 0, issues: [] });
    expect(heard).toEqual([before + 1, before + 2]);
  });
});

describe("fetching a feed", () => {
  test("JSON over https loads; the store records url, time and issues", async () => {
    const body = JSON.stringify([ROW, { ...ROW, id: "ACME-TWO", criticalItMw: -1 }]);
    const result = await loadDealFeed("https://feeds.example.com/deals.json", {
      fetchImpl: respond(body),
      now: () => new Date("2026-02-01T10:00:00Z"),
    });
    expect(result.info).toEqual(
      expect.objectContaining({
        url: "https://feeds.example.com/deals.json",
        fetchedAt: "2026-02-01T10:00:00.000Z",
        format: "json",
        rowCount: 2,
        loadedCount: 1,
      }),
    );
    expect(result.issues).toEqual([expect.objectContaining({ row: 2, field: "MW" })]);
    expect(currentDeals().map((d) => d.id)).toContain("ACME-ONE-2026");
    expect(dealStore().feedInfo?.url).toBe("https://feeds.example.com/deals.json");
  });

  test("CSV by content type", async () => {
    const csv = "ID,Company,Ticker,Tenant,Type,Source,Verified\nZ-1,Zed,ZED,T,other,s,TRUE";
    const r = await fetchDealFeed("https://x.example/deals", { fetchImpl: respond(csv, { type: "text/csv" }) });
    expect(r.format).toBe("csv");
    expect(r.deals.map((d) => d.id)).toEqual(["Z-1"]);
  });

  test.each([
    ["http://x.example/d.json", "url"],
    ["not a url", "url"],
  ])("rejects %s before fetching", async (url, kind) => {
    const fetchImpl = jest.fn();
    await expect(fetchDealFeed(url, { fetchImpl: fetchImpl as never })).rejects.toMatchObject({ kind });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  test.each([
    [500, "http", /HTTP 500/, /try again later/],
    [429, "http", /HTTP 429/, /rate-limiting/],
    [404, "http", /HTTP 404/, /Check the URL/],
  ])("HTTP %i is a DealFeedError with an action", async (status, kind, message, action) => {
    const err = await fetchDealFeed("https://x.example/d", { fetchImpl: respond("oops", { status }) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DealFeedError);
    expect(err).toMatchObject({ kind, message: expect.stringMatching(message), action: expect.stringMatching(action) });
  });

  test("a timeout aborts the request", async () => {
    const hang: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError")));
      });
    await expect(fetchDealFeed("https://slow.example/d", { fetchImpl: hang, timeoutMs: 20 })).rejects.toMatchObject({
      kind: "timeout",
      message: expect.stringMatching(/slow\.example/),
    });
  });

  test("a network fault names the host", async () => {
    const fail: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    await expect(fetchDealFeed("https://down.example/d", { fetchImpl: fail })).rejects.toMatchObject({
      kind: "network",
      message: expect.stringMatching(/down\.example.*Failed to fetch/),
    });
  });

  test("garbage, or no valid row, leaves the previous deal list in force", async () => {
    await loadDealFeed("https://a.example/1", { fetchImpl: respond(JSON.stringify([ROW])) });
    const before = currentDeals();
    await expect(
      loadDealFeed("https://a.example/2", { fetchImpl: respond("<html>gateway</html>", { type: "text/html" }) }),
    ).rejects.toMatchObject({ kind: "format" });
    const noGood = await loadDealFeed("https://a.example/3", {
      fetchImpl: respond(JSON.stringify([{ id: "X" }])),
    }).catch((e: unknown) => e);
    expect(noGood).toMatchObject({
      kind: "format",
      message: expect.stringMatching(/No row of the deal feed is valid/),
    });
    expect((noGood as DealFeedError).issues.length).toBeGreaterThan(0);
    expect(currentDeals()).toBe(before);
    expect(dealStore().feedInfo?.url).toBe("https://a.example/1");
  });
});
