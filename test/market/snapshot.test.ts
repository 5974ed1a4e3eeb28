/**
 * The embedded snapshot (dated, sourced, valid), the derived fields against independent
 * references, the PIVOT.MARKET documented example, and `npm run snapshot:update` against the
 * fixture server.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import embeddedJson from "../../src/market/embedded-snapshot.json";
import { MARKET } from "../../src/functions/market";
import { bundledSnapshot, parseEmbeddedSnapshot } from "../../src/market/embedded";
import { createMarketStore, installMarketStore } from "../../src/market/store";
import { marketValues } from "../../src/market/values";
import { DEFAULT_OUT, parseArgs, updateSnapshot } from "../../scripts/update-snapshot";
import { DEFAULT_FIXTURE_DATA, FIXTURE_ENDPOINTS, start, type FixtureServer } from "../support/marketFixtureServer";
import { FakeInvocation, FakeOfficeStorage, referenceHashprice } from "./helpers";

let server: FixtureServer;

beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());
afterEach(() => installMarketStore(undefined));

/** Excel serial of a UTC instant, written out independently of src/core. */
function serial(ms: number): number {
  return ms / 86_400_000 + 25_569;
}

describe("embedded snapshot", () => {
  test("is dated and sourced: Hashrate Index's published 2026-01-12 inputs", () => {
    const s = bundledSnapshot();
    expect(s.generatedAt).toBe("2026-01-12T00:00:00.000Z");
    expect(s.fields.btc_usd).toMatchObject({ value: 91_132, source: "Hashrate Index (Luxor), published 2026-01-12" });
    expect(s.fields.difficulty?.value).toBe(148.26e12);
    // Fees were published as 0.55% of miner rewards at a 3.125 BTC subsidy: f / (3.125 + f) = 0.0055.
    const fees = s.fields.fees_btc_per_block?.value ?? NaN;
    expect(fees / (3.125 + fees)).toBeCloseTo(0.0055, 6);
    expect(s.fields.height?.value).toBe(931_000);
    for (const f of Object.values(s.fields)) expect(f?.asOf).toBe("2026-01-12T00:00:00.000Z");
    expect(embeddedJson.schema).toBe(1);
  });

  test("derived fields: implied hashrate, subsidy, Hashrate Index hashprice, halving date", () => {
    const store = createMarketStore({ storage: new FakeOfficeStorage() });
    const s = store.snapshot();
    const d = 148.26e12;
    expect(s.fields.network_eh_s?.value).toBeCloseTo((d * 2 ** 32) / 600 / 1e18, 9);
    expect(s.fields.subsidy_btc?.value).toBe(3.125);
    const hashprice = s.fields.hashprice_usd_ph_day?.value ?? NaN;
    expect(hashprice).toBeCloseTo(referenceHashprice(91_132, d, 0.017282, 3.125), 9);
    // Published: $39.53/PH/day; the formula with these inputs gives ~$38.9 (price timing), within 3%.
    expect(Math.abs(hashprice / 39.53 - 1)).toBeLessThan(0.03);
    // 119,000 blocks to 1,050,000 at 10 minutes from 2026-01-12 00:00 UTC: 2028-04-17 09:20 UTC.
    expect(s.fields.next_halving_date?.value).toBeCloseTo(serial(Date.UTC(2028, 3, 17, 9, 20)), 9);
    // Derived values carry their inputs' dates and origin.
    expect(s.fields.hashprice_usd_ph_day).toMatchObject({ asOf: "2026-01-12T00:00:00.000Z", origin: "embedded" });
    expect(s.asOf).toBe("2026-01-12T00:00:00.000Z");
    expect(s.stale).toBe(Date.now() - Date.parse("2026-01-12T00:00:00Z") > 600_000);
    store.dispose();
  });

  test("marketValues(): the snapshot's numbers, with each input's as-of", () => {
    installMarketStore(createMarketStore({ storage: new FakeOfficeStorage() }));
    const v = marketValues();
    expect(v).toMatchObject({
      btcUsd: 91_132,
      difficulty: 148.26e12,
      feesBtcPerBlock: 0.017282,
      height: 931_000,
      subsidyBtc: 3.125,
    });
    expect(v.networkEhs).toBeCloseTo((148.26e12 * 2 ** 32) / 600 / 1e18, 9);
    expect(v.asOfMs.height).toBe(Date.UTC(2026, 0, 12));
    expect(v.hashpriceUsdPerPhDay).toBeCloseTo(referenceHashprice(91_132, 148.26e12, 0.017282, 3.125), 9);
    expect(marketValues()).toBe(v); // cached until the snapshot changes
  });

  test('the documented example: =PIVOT.MARKET("subsidy_btc") returns 3.125', () => {
    installMarketStore(createMarketStore({ storage: new FakeOfficeStorage() }));
    const inv = new FakeInvocation();
    MARKET("subsidy_btc", inv);
    expect(inv.last).toBe(3.125);
    const asOf = new FakeInvocation();
    MARKET("as_of", asOf);
    expect(asOf.last).toBe("2026-01-12T00:00:00Z");
    inv.cancel();
    asOf.cancel();
  });

  test("an implausible or incomplete snapshot file is refused", () => {
    const good = JSON.parse(JSON.stringify(embeddedJson)) as Record<string, unknown>;
    expect(() =>
      parseEmbeddedSnapshot({ ...good, btc_usd: { value: 0, as_of: "2026-01-12T00:00:00Z", source: "x" } }),
    ).toThrow(/implausible/);
    const { height: _height, ...noHeight } = good;
    expect(() => parseEmbeddedSnapshot(noHeight)).toThrow(/height is missing/);
    expect(() => parseEmbeddedSnapshot({ ...good, generated_at: "yesterday" })).toThrow(/generated_at/);
    expect(() => parseEmbeddedSnapshot({ ...good, schema: 2 })).toThrow(/schema/);
  });
});

describe("npm run snapshot:update", () => {
  test("writes a dated snapshot from live sources that the add-in accepts", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "pivotlens-snapshot-")), "snapshot.json");
    const before = Date.now();
    const { json } = await updateSnapshot({ baseUrl: server.url, out, timeoutMs: 1_000 });
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(written).toEqual(JSON.parse(JSON.stringify(json)));
    const parsed = parseEmbeddedSnapshot(written);
    expect(Date.parse(parsed.generatedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(parsed.fields.btc_usd?.value).toBe(DEFAULT_FIXTURE_DATA.btcUsd);
    expect(parsed.fields.difficulty?.value).toBe(DEFAULT_FIXTURE_DATA.difficulty);
    expect(parsed.fields.fees_btc_per_block?.value).toBeCloseTo(0.025, 12);
    expect(parsed.fields.height?.value).toBe(DEFAULT_FIXTURE_DATA.height);
    expect(parsed.fields.network_eh_s_estimate?.value).toBeCloseTo(1138.9, 9);
    expect(parsed.fields.btc_usd?.source).toMatch(/^mempool \(127\.0\.0\.1:\d+\/api\/v1\/prices\), fetched \d{4}-/);
    expect(written.generated_by).toContain(server.url);
  });

  test("writes nothing when an input is not live", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "pivotlens-snapshot-")), "snapshot.json");
    for (const e of FIXTURE_ENDPOINTS)
      if (e !== "mempool.tipHeight") server.setFault(e, { kind: "status", status: 500 });
    await expect(
      updateSnapshot({ baseUrl: server.url, out, timeoutMs: 500, http: { backoffBaseMs: 10 } }),
    ).rejects.toThrow(/not written: no live value for btc_usd, difficulty, fees_btc_per_block/);
    expect(existsSync(out)).toBe(false);
  });

  test("command line: every flag needs a value, --timeout-ms must be a whole number in range", () => {
    expect(parseArgs([])).toEqual({ out: DEFAULT_OUT });
    expect(parseArgs(["--base-url", "http://127.0.0.1:4010", "--timeout-ms", "2500", "--out", "x.json"])).toEqual({
      baseUrl: "http://127.0.0.1:4010",
      out: "x.json",
      timeoutMs: 2_500,
    });
    const bad: [string[], string][] = [
      [["--timeout-ms", "abc"], '--timeout-ms must be a whole number of milliseconds from 1 to 600000; got "abc"'],
      [["--timeout-ms", "0"], '--timeout-ms must be a whole number of milliseconds from 1 to 600000; got "0"'],
      [["--timeout-ms", "-5"], '--timeout-ms must be a whole number of milliseconds from 1 to 600000; got "-5"'],
      [["--timeout-ms", "1.5"], '--timeout-ms must be a whole number of milliseconds from 1 to 600000; got "1.5"'],
      [["--timeout-ms", "1e3"], '--timeout-ms must be a whole number of milliseconds from 1 to 600000; got "1e3"'],
      [
        ["--timeout-ms", "600001"],
        '--timeout-ms must be a whole number of milliseconds from 1 to 600000; got "600001"',
      ],
      [["--timeout-ms"], "--timeout-ms needs a value"],
      [["--base-url"], "--base-url needs a value"],
      [["--base-url", "--out", "x.json"], "--base-url needs a value"],
      [["--out", ""], "--out needs a value; got an empty one"],
      [["--out", "a.json", "--out", "b.json"], "--out is given twice"],
      [["--timeout", "100"], "unknown option --timeout"],
      [["snapshot.json"], 'unexpected argument "snapshot.json"'],
    ];
    for (const [argv, message] of bad) expect(() => parseArgs(argv)).toThrow(message);
  });

  test("updateSnapshot() refuses a timeout that is not a number of milliseconds", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "pivotlens-snapshot-")), "snapshot.json");
    await expect(updateSnapshot({ baseUrl: server.url, out, timeoutMs: NaN })).rejects.toThrow(/--timeout-ms must be/);
    expect(server.requests["mempool.prices"]).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  test("as a script, a bad or missing value exits 2 with the reason and writes nothing", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "pivotlens-snapshot-")), "snapshot.json");
    for (const [args, message] of [
      [["--timeout-ms", "abc"], /--timeout-ms must be a whole number of milliseconds from 1 to 600000; got "abc"/],
      [["--timeout-ms", "1000", "--base-url"], /--base-url needs a value/],
    ] as const) {
      const run = promisify(execFile)("npx", ["tsx", "scripts/update-snapshot.ts", "--out", out, ...args], {
        cwd: join(__dirname, "../.."),
        timeout: 30_000,
      });
      await expect(run).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(message) });
    }
    expect(existsSync(out)).toBe(false);
    expect(server.requests["mempool.prices"]).toBe(0);
  });

  test("runs as a script with --base-url", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "pivotlens-snapshot-")), "snapshot.json");
    const { stdout } = await promisify(execFile)(
      "npx",
      ["tsx", "scripts/update-snapshot.ts", "--base-url", server.url, "--out", out, "--timeout-ms", "2000"],
      { cwd: join(__dirname, "../.."), timeout: 30_000 },
    );
    expect(stdout).toMatch(
      /^wrote .*snapshot\.json: btc_usd 97250, difficulty 155970000000000, fees 0\.025 BTC\/block, height 977000/,
    );
    expect(parseEmbeddedSnapshot(JSON.parse(readFileSync(out, "utf8"))).fields.height?.value).toBe(977_000);
  });
});
