/**
 * Source adapters against response bodies in the services' real shapes (the fixture server's
 * normal bodies, plus hand-written variants): accepted values, and every kind of rejection.
 */
import { ENDPOINT_IDS, ENDPOINTS, SourceRejection, type EndpointId, type ParseContext } from "../../src/market/sources";
import { createMarketStore } from "../../src/market/store";
import { MemoryStorage } from "../../src/market/storage";
import { FIXTURE_ENDPOINTS, fixtureDataAt, normalBody } from "../support/marketFixtureServer";

const NOW = Date.parse("2026-11-29T12:00:00Z");
const ctx: ParseContext = { fetchedAtMs: NOW, source: "test", minHeight: 970_000 };

function parse(id: EndpointId, body: unknown, c: ParseContext = ctx) {
  return ENDPOINTS[id].parse(typeof body === "string" ? body : JSON.stringify(body), c);
}

// The fixture's answers as served at NOW (its height is the one NOW's clock expects).
function normal(id: EndpointId): unknown {
  const text = normalBody(id, fixtureDataAt(NOW), NOW, new URLSearchParams("pair=XBTUSD")).text;
  return id === "mempool.tipHeight" ? text : JSON.parse(text);
}

function rejects(id: EndpointId, body: unknown, pattern: RegExp, c: ParseContext = ctx): void {
  let thrown: unknown;
  try {
    parse(id, body, c);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(SourceRejection);
  expect((thrown as Error).message).toMatch(pattern);
}

test("one endpoint list: the registry, the store's request counters and the fixture server agree", () => {
  expect(Object.keys(ENDPOINTS)).toEqual([...ENDPOINT_IDS]);
  for (const id of ENDPOINT_IDS) expect(ENDPOINTS[id].id).toBe(id);
  const store = createMarketStore({ storage: new MemoryStorage() });
  expect(store.stats().requests).toEqual(Object.fromEntries(ENDPOINT_IDS.map((id) => [id, 0])));
  store.dispose();
  expect([...FIXTURE_ENDPOINTS]).toEqual([...ENDPOINT_IDS]);
});

describe("mempool adapters", () => {
  test("hashrate/3d gives currentDifficulty and the estimate in EH/s", () => {
    const out = parse("mempool.hashrate", normal("mempool.hashrate"));
    expect(out.difficulty?.value).toBe(155.97e12);
    expect(out.network_eh_s_estimate?.value).toBeCloseTo(1138.9, 9);
    expect(out.difficulty?.asOf).toBe("2026-11-29T12:00:00.000Z");
  });

  test("reward-stats/144: totalFee / 144 / 1e8 BTC per block, sums given as strings", () => {
    const body = {
      startBlock: 976_857,
      endBlock: 977_000,
      totalReward: "45360000000",
      totalFee: "248860800",
      totalTx: "1",
    };
    // 248,860,800 sat / 144 / 1e8 = 0.017282 BTC
    expect(parse("mempool.rewardStats", body).fees_btc_per_block?.value).toBeCloseTo(0.017282, 12);
  });

  test("reward-stats over another window than 144 blocks is rejected", () => {
    const body = { startBlock: 976_001, endBlock: 977_000, totalReward: "1", totalFee: "1", totalTx: "1" };
    rejects("mempool.rewardStats", body, /covers 1000 blocks/);
  });

  test("negative fees are rejected", () => {
    const body = { ...(normal("mempool.rewardStats") as object), totalFee: "-5000" };
    rejects("mempool.rewardStats", body, /implausible/);
  });

  test("tip height is a plain integer, never below the last known height", () => {
    expect(parse("mempool.tipHeight", "977000").height?.value).toBe(977_000);
    rejects("mempool.tipHeight", '{"height":977000}', /plain integer/);
    rejects("mempool.tipHeight", "977000.5", /plain integer/);
    rejects("mempool.tipHeight", "969999", /below the last known height 970000/);
  });

  test("tip height is judged against the clock: 840,000 + one block per 10 min since 2024-04-20, ± 10%", () => {
    // 2024-04-20 to 2026-11-29 12:00 is 953.5 days = 137,304 blocks: expected 977,304;
    // tolerance 10% of 137,304 = 13,731 (rounded up): 963,573 to 991,035.
    const open: ParseContext = { fetchedAtMs: NOW, source: "test" };
    expect(parse("mempool.tipHeight", "991035", open).height?.value).toBe(991_035);
    expect(parse("mempool.tipHeight", "963573", open).height?.value).toBe(963_573);
    rejects("mempool.tipHeight", "991036", /expected 977304 ± 13731/, open);
    rejects("mempool.tipHeight", "963572", /expected 977304 ± 13731/, open);
    rejects("mempool.tipHeight", "9999999", /not what the clock allows on 2026-11-29/, open);
    // A reward-stats window ending on another chain's height is refused too.
    const testnet = { startBlock: 4_499_857, endBlock: 4_500_000, totalReward: "1", totalFee: "1", totalTx: "1" };
    rejects("mempool.rewardStats", testnet, /reward-stats end block: height 4500000/, open);
  });

  test("prices: USD with the source's own time as as-of", () => {
    const body = { ...(normal("mempool.prices") as object), time: NOW / 1000 - 600 };
    const out = parse("mempool.prices", body);
    expect(out.btc_usd?.value).toBe(97_250);
    expect(out.btc_usd?.asOf).toBe("2026-11-29T11:50:00.000Z");
    expect(out.btc_usd?.fetchedAt).toBe("2026-11-29T12:00:00.000Z");
  });

  test("prices without USD, with USD 0, or from the future are rejected", () => {
    rejects("mempool.prices", { time: NOW / 1000, EUR: 90_000 }, /no USD price/);
    rejects("mempool.prices", { time: NOW / 1000, USD: 0 }, /implausible: BTC price \(USD\) 0/);
    rejects("mempool.prices", { time: NOW / 1000, USD: -1 }, /implausible/);
    rejects("mempool.prices", { time: NOW / 1000 + 3600, USD: 97_000 }, /in the future/);
    rejects("mempool.prices", { time: NOW / 1000 - 30 * 86400, USD: 97_000 }, /over 7 days old/);
  });

  test("difficulty outside the sane band, and an estimate in the wrong unit, are rejected", () => {
    rejects(
      "mempool.hashrate",
      { ...(normal("mempool.hashrate") as object), currentDifficulty: 1 },
      /difficulty 1 is outside/,
    );
  });

  test("an implausible or missing hashrate estimate drops only the estimate; the difficulty is kept", () => {
    const dropped: [string, string][] = [];
    const c: ParseContext = { ...ctx, onFieldRejected: (field, e) => dropped.push([field, e.message]) };
    // An estimate in TH/s instead of H/s: a factor 1e12 off what the difficulty implies.
    const wrongUnit = parse(
      "mempool.hashrate",
      { ...(normal("mempool.hashrate") as object), currentHashrate: 1.1389e9 },
      c,
    );
    expect(wrongUnit.difficulty?.value).toBe(155.97e12);
    expect(wrongUnit.network_eh_s_estimate).toBeUndefined();
    const { currentHashrate: _gone, ...noEstimate } = normal("mempool.hashrate") as Record<string, unknown>;
    const missing = parse("mempool.hashrate", noEstimate, c);
    expect(missing.difficulty?.value).toBe(155.97e12);
    expect(missing.network_eh_s_estimate).toBeUndefined();
    expect(dropped).toEqual([
      [
        "network_eh_s_estimate",
        "implausible: hashrate estimate 1.139e-9 EH/s is not within a factor 2 of the 1116 EH/s its difficulty implies",
      ],
      [
        "network_eh_s_estimate",
        "shape: hashrate response.currentHashrate should be a number; got nothing (the field is missing)",
      ],
    ]);
    // A bad difficulty still rejects the whole answer: the estimate alone is informational.
    rejects("mempool.hashrate", { ...(normal("mempool.hashrate") as object), currentDifficulty: 1 }, /difficulty 1/, c);
  });

  test("malformed JSON and wrong shapes are rejected with a bounded reason", () => {
    rejects("mempool.prices", '{"time": 17', /malformed JSON/);
    rejects("mempool.hashrate", [], /should be an object/);
    rejects("mempool.hashrate", { currentDifficulty: "many" }, /hashrates and difficulty arrays/);
  });
});

describe("price fallbacks", () => {
  test("Coinbase spot: amount as a decimal string", () => {
    expect(parse("coinbase.spot", normal("coinbase.spot")).btc_usd?.value).toBe(97_262.41);
  });

  test("Coinbase answering for another pair, or with an error, is rejected", () => {
    rejects(
      "coinbase.spot",
      { data: { amount: "3500.1", base: "ETH", currency: "USD" } },
      /wrong subject.*not BTC-USD/,
    );
    rejects("coinbase.spot", { data: { amount: "90000", base: "BTC", currency: "EUR" } }, /wrong subject/);
    rejects(
      "coinbase.spot",
      { errors: [{ id: "not_found", message: "Invalid currency" }] },
      /Coinbase error: Invalid currency/,
    );
    rejects("coinbase.spot", { data: { amount: "0.00", base: "BTC", currency: "USD" } }, /implausible/);
  });

  test("Kraken ticker: last trade price of XXBTZUSD", () => {
    expect(parse("kraken.ticker", normal("kraken.ticker")).btc_usd?.value).toBe(97_255.1);
  });

  test("Kraken answering for another pair, or with errors, is rejected", () => {
    const other = { error: [], result: { XETHZUSD: { c: ["3500.00000", "1.0"] } } };
    rejects("kraken.ticker", other, /wrong subject: Kraken answered for XETHZUSD, not XXBTZUSD/);
    rejects("kraken.ticker", { error: ["EQuery:Unknown asset pair"] }, /Kraken error: EQuery:Unknown asset pair/);
  });

  test("a rejection reason carries no control characters and is bounded", () => {
    let message = "";
    try {
      parse("kraken.ticker", { error: [`EGeneral:\u0007\r\n=HYPERLINK("http://x")${"x".repeat(1000)}`] });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^Kraken error: EGeneral: =HYPERLINK/);
    // eslint-disable-next-line no-control-regex
    expect(/[\u0000-\u001f]/.test(message)).toBe(false);
    expect(message.length).toBeLessThanOrEqual(200);
  });
});
