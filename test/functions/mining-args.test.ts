/**
 * One argument name, one meaning: every argument of the mining and lease functions with the
 * same name has the same domain, unit text and default (they come from src/functions/args),
 * the JSDoc (functions.json) states the domain the code enforces, each argument sits where
 * its JSDoc says, and the market defaults are the snapshot's own fields in both files.
 * Expected numbers are written out by hand from a controlled market.
 */
import type { MarketValues } from "../../src/market/values";
import type { ArgSpec, NumberArgSpec } from "../../src/functions/adapter/spec";
import * as mining from "../../src/functions/mining";
import * as lease from "../../src/functions/lease";
import * as pivot from "../../src/functions/pivot";
import { loadFunctions } from "../support/functions";
import { expectRel, single } from "../support/excel";

function makeMarket(): MarketValues {
  const t = Date.UTC(2026, 0, 12);
  return {
    btcUsd: 90_000,
    difficulty: 148.26e12,
    networkEhs: 1000,
    feesBtcPerBlock: 0.5,
    height: 931_000,
    subsidyBtc: 3.125,
    // Deliberately not the value the other fields give: a default must read this field.
    hashpriceUsdPerPhDay: 48,
    asOfMs: { btcUsd: t, difficulty: t, feesBtcPerBlock: t, height: t },
    stale: false,
  };
}

let mockMarket: MarketValues = makeMarket();
jest.mock("../../src/market/values", () => ({ marketValues: () => mockMarket }));
afterEach(() => {
  mockMarket = makeMarket();
});

interface Handle {
  readonly id: string;
  readonly args: readonly ArgSpec[];
}

function handles(mod: Record<string, unknown>): Handle[] {
  return Object.values(mod).filter(
    (v): v is Handle =>
      typeof v === "object" && v !== null && "id" in v && "args" in v && "invoke" in v && Array.isArray(v.args),
  );
}

const ALL = [
  ...handles(mining as Record<string, unknown>),
  ...handles(lease as Record<string, unknown>),
  ...handles(pivot as Record<string, unknown>),
];

/**
 * Arguments whose default depends on another argument, resolved in compute to the same
 * market value (HALVING_DATE: the height goes with its own time; MINER_HASHPRICE_PATH: the
 * start height is carried to start_date). Their specs carry no default on purpose.
 */
const DEFAULT_IN_COMPUTE = new Set(["HALVING_DATE height", "MINER_HASHPRICE_PATH start_height"]);

describe("one argument name, one domain, unit and default", () => {
  test("the mining, lease and pivot files define every function through a handle (19 functions)", () => {
    expect(ALL.map((h) => h.id).sort()).toEqual(
      [
        "BLOCK_SUBSIDY",
        "HALVING_DATE",
        "HPC_EQUITY_IRR",
        "HPC_IMPLIED_RENT",
        "HPC_LEASE_CASHFLOWS",
        "HPC_LEASE_IRR",
        "HPC_LEASE_NPV",
        "HPC_REVENUE_PER_MW",
        "MINER_BREAKEVEN_POWER",
        "MINER_COST_PER_BTC",
        "MINER_HASHCOST",
        "MINER_HASHPRICE",
        "MINER_HASHPRICE_PATH",
        "MINER_HASHVALUE",
        "MINER_MARGIN_PER_MW",
        "MINER_REVENUE_PER_MW",
        "MINING_NPV_PER_MW",
        "NETWORK_HASHRATE",
        "PIVOT_BREAKEVEN_RENT",
      ].sort(),
    );
  });

  test("same name: same kind, unit, bounds, exclusivity, wholeness and default", () => {
    const byName = new Map<string, { id: string; spec: ArgSpec }[]>();
    for (const h of ALL)
      for (const spec of h.args) byName.set(spec.name, [...(byName.get(spec.name) ?? []), { id: h.id, spec }]);
    let shared = 0;
    for (const [name, uses] of byName) {
      if (uses.length < 2) continue;
      shared++;
      const domain = ({ spec }: { spec: ArgSpec }) =>
        spec.kind === "number"
          ? {
              name,
              unit: spec.unit,
              min: spec.min,
              minExclusive: spec.minExclusive === true,
              max: spec.max,
              maxExclusive: spec.maxExclusive === true,
              integer: spec.integer === true,
            }
          : { name, oneOf: spec.oneOf };
      for (const use of uses) expect({ id: use.id, ...domain(use) }).toEqual({ id: use.id, ...domain(uses[0]) });
      const defaults = uses.filter((u) => u.spec.default !== undefined);
      for (const d of defaults)
        expect({ name, id: d.id, same: d.spec.default === defaults[0].spec.default }).toEqual({
          name,
          id: d.id,
          same: true,
        });
      for (const u of uses) {
        if (u.spec.default !== undefined || defaults.length === 0) continue;
        // Without the shared default: a required argument, or one resolved in compute.
        expect({ name, id: u.id, ok: !u.spec.optional || DEFAULT_IN_COMPUTE.has(`${u.id} ${name}`) }).toEqual({
          name,
          id: u.id,
          ok: true,
        });
      }
    }
    // efficiency_j_th, power_usd_kwh, hashprice_usd_ph_day, uptime, pool_fee, term_years, ...
    expect(shared).toBeGreaterThanOrEqual(15);
  });

  test("the limits that catch a unit slip are the same in every function", () => {
    const spec = (id: string, name: string) =>
      ALL.find((h) => h.id === id)!.args.find((a) => a.name === name) as NumberArgSpec;
    for (const [id, name, max] of [
      ["MINER_HASHCOST", "power_usd_kwh", 10],
      ["MINING_NPV_PER_MW", "power_usd_kwh", 10],
      ["PIVOT_BREAKEVEN_RENT", "power_usd_kwh", 10],
      ["MINER_HASHCOST", "efficiency_j_th", 1000],
      ["PIVOT_BREAKEVEN_RENT", "efficiency_j_th", 1000],
      ["HPC_LEASE_NPV", "discount_rate", 1],
      ["MINING_NPV_PER_MW", "discount_rate", 1],
      ["HPC_LEASE_NPV", "escalator", 1],
      ["MINER_HASHPRICE_PATH", "btc_growth_yr", 10],
      ["MINING_NPV_PER_MW", "hashprice_growth_yr", 10],
      ["HPC_IMPLIED_RENT", "term_years", 100],
      ["MINER_HASHPRICE_PATH", "start_height", 2_147_483_647],
      ["MINING_NPV_PER_MW", "start_height", 2_147_483_647],
    ] as const) {
      expect({ id, name, max: spec(id, name).max }).toEqual({ id, name, max });
    }
  });
});

/** The range a spec enforces, as the docs write it: "> 0 and ≤ 1000", "≥ 0", "> -1 and ≤ 1". */
function rangeText(spec: NumberArgSpec): string {
  const lo = spec.min === undefined ? undefined : `${spec.minExclusive ? ">" : "≥"} ${spec.min}`;
  const hi = spec.max === undefined ? undefined : `${spec.maxExclusive ? "<" : "≤"} ${spec.max}`;
  return [lo, hi].filter((x) => x !== undefined).join(" and ");
}

describe("the JSDoc (functions.json) says what the code enforces", () => {
  test("each parameter is the argument in the same position, and its description states that argument's range", async () => {
    const { metadata } = await loadFunctions();
    let checked = 0;
    for (const h of ALL) {
      const f = metadata.find((x) => x.id === h.id);
      expect(f).toBeDefined();
      expect({ id: h.id, params: f!.parameters.map((p) => p.name) }).toEqual({
        id: h.id,
        params: h.args.map((a) => a.name),
      });
      h.args.forEach((spec, i) => {
        if (spec.kind !== "number") return;
        const text = (f!.parameters[i].description ?? "").replace(/−/g, "-");
        const range = rangeText(spec);
        if (range === "") return;
        expect({ id: h.id, param: spec.name, text, states: text.includes(range) }).toEqual({
          id: h.id,
          param: spec.name,
          text,
          states: true,
        });
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(80);
  });
});

describe("market defaults: the snapshot's fields, the same in the mining and lease functions", () => {
  const num = (x: unknown): number => single(x) as number;
  const m = (x: unknown): unknown[][] => [[x]];
  const omitted = null as never;

  test("hashprice: the snapshot's hashprice field ($48 here), in both files", () => {
    // MINER_REVENUE_PER_MW: 48 × (1000 / 20) × 365.
    expectRel(num(mining.MINER_REVENUE_PER_MW(m(20), omitted, omitted)), 48 * 50 * 365);
    // MINING_NPV_PER_MW, one month, no power cost, 0% rate, no fee share: 48 × 50 × 30.4375.
    expectRel(
      num(lease.MINING_NPV_PER_MW(m(20), m(0), m(1 / 12), m(0), omitted, omitted, omitted, omitted, m(0))),
      48 * 50 * 30.4375,
    );
  });

  test("fee share: fees ÷ (subsidy + fees) of the snapshot, 0.5 ÷ 3.625, untouched by the halving", () => {
    // Two months from exactly one month (4,383 blocks) before the halving, no power, 0% rate:
    // month 1 at $40, month 2 at 40 × (s + (1 − s) × 0.5) with s = 0.5 / 3.625.
    const s = 0.5 / 3.625;
    const hand = 40 * 50 * 30.4375 * (1 + s + (1 - s) * 0.5);
    const args = [m(20), m(0), m(2 / 12), m(0), m(40), omitted, omitted, omitted, omitted, m(1_050_000 - 4383)];
    expectRel(num((lease.MINING_NPV_PER_MW as (...a: unknown[]) => unknown)(...args)), hand);
  });

  test("network hashrate and subsidy: the snapshot's fields, in both the price and the path", () => {
    // 144 × (3.125 + 0.5) × 90,000 ÷ (1000 × 1000) = 46.98
    expectRel(num(mining.MINER_HASHPRICE(omitted, omitted, omitted, omitted)), 46.98);
    const path = mining.MINER_HASHPRICE_PATH(1, omitted, omitted, omitted, omitted, omitted, omitted, omitted, 0);
    expect(path[0][3]).toBe(1000);
    expectRel(path[0][4] as number, 46.98);
  });
});
