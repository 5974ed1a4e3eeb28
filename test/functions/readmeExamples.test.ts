/**
 * The README's hand-written example formulas (the "Try" tables and the in-cell examples in the
 * prose), typed into a workbook as an analyst copies them and evaluated by the preview engine
 * with the PIVOT functions from source. Each value is pinned to an independent reference: the
 * formula worked by hand, formulajs NPV / FV / PMT over a hand-built monthly schedule, or the
 * bundled data row the example reads. A table row added to the README without an entry here
 * fails the first test, so no example goes unchecked. (The Function reference's own
 * "Example:" lines are run by docs.test.ts.)
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as formulajs from "@formulajs/formulajs";
import { revenueByYear } from "../../src/core/revenueSchedule";
import { bundledDataset } from "../../src/deals/dataset";
import { scheduleContracts } from "../../src/functions/revenue";
import { marketValues } from "../../src/market/values";
import { newWorkbook, type Harness } from "../workbook/fakeExcel";

const README = readFileSync(resolve(__dirname, "../../README.md"), "utf8");

/** Excel's NPV of monthly flows 1…n at an effective annual rate (flows[0] falls at month 1). */
function npvMonthly(rate: number, flows: readonly number[]): number {
  return formulajs.NPV((1 + rate) ** (1 / 12) - 1, ...flows) as number;
}
const months = (n: number, f: (m: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i + 1));
const step = (escalator: number) => (m: number) => (1 + escalator) ** Math.floor((m - 1) / 12);

/** Hashprice by hand (Hashrate Index): 144 blocks × (subsidy + fees) × price ÷ network PH/s. */
function hashprice(btcUsd: number, networkEhs: number): number {
  const m = marketValues();
  return (144 * (m.subsidyBtc + m.feesBtcPerBlock) * btcUsd) / (networkEhs * 1000);
}

function close(actual: unknown, expected: number, what: string, rel = 1e-9): void {
  const ok = typeof actual === "number" && Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected));
  expect({ what, actual, expected, ok }).toEqual({ what, actual, expected, ok: true });
}

async function evaluate(h: Harness, cells: Record<string, unknown>, read: string): Promise<unknown[][]> {
  let out: unknown[][] = [];
  await h.run(async (ctx) => {
    const ws = ctx.workbook.worksheets.getItem("Sheet1");
    ws.getRange("A1:Z40").clear();
    for (const [at, v] of Object.entries(cells)) ws.getRange(at).formulas = [[v]];
    const r = ws.getRange(read).load("values");
    await ctx.sync();
    out = r.values as unknown[][];
  });
  return out;
}

/** One example: its formula as the README prints it, and its check. */
interface Example {
  readonly formula: string;
  readonly check: (h: Harness) => Promise<void>;
}

const one = async (h: Harness, formula: string): Promise<unknown> => (await evaluate(h, { A1: formula }, "A1"))[0][0];

// River Bend as the deal data give it: $7.0B over 15 years on 245 MW, a 3% escalator, triple
// net with the company's average NOI of about $454M a year (a news write-up of the release).
const RIVER_BEND_NOI = 0.97;

const EXAMPLES: readonly Example[] = [
  {
    formula: "=PIVOT.MINER_HASHPRICE()",
    check: async (h) => {
      const m = marketValues();
      close(await one(h, "=PIVOT.MINER_HASHPRICE()"), hashprice(m.btcUsd, m.networkEhs), "today's hashprice");
    },
  },
  {
    formula: "=PIVOT.MINER_HASHPRICE(90000, 1000)",
    check: async (h) => {
      close(
        await one(h, "=PIVOT.MINER_HASHPRICE(90000, 1000)"),
        hashprice(90000, 1000),
        "hashprice at $90k, 1000 EH/s",
      );
    },
  },
  {
    formula: "=PIVOT.MINER_HASHPRICE(B1:V1, A2:A22)",
    check: async (h) => {
      const cells: Record<string, unknown> = { B2: "=PIVOT.MINER_HASHPRICE(B1:V1, A2:A22)" };
      const prices = months(21, (i) => 50000 + 5000 * i);
      const rates = months(21, (i) => 800 + 20 * i);
      prices.forEach((p, i) => (cells[`${String.fromCharCode(66 + i)}1`] = p)); // B1…V1
      rates.forEach((r, i) => (cells[`A${i + 2}`] = r));
      const grid = await evaluate(h, cells, "B2:V22");
      expect([grid.length, grid[0].length]).toEqual([21, 21]);
      for (const [i, j] of [
        [0, 0],
        [20, 20],
        [5, 13],
      ])
        close(grid[i][j], hashprice(prices[j], rates[i]), `grid ${i},${j}`);
    },
  },
  {
    formula: "=PIVOT.MINER_BREAKEVEN_POWER({17;22;32}, 39.53)*1000",
    check: async (h) => {
      const v = await evaluate(h, { A1: "=PIVOT.MINER_BREAKEVEN_POWER({17;22;32}, 39.53)*1000" }, "A1:A3");
      // hashprice ÷ (24 h × J/TH) in $/kWh, × 1000 for $/MWh: 96.9, 74.9, 51.5
      [17, 22, 32].forEach((e, i) => close(v[i][0], (39.53 / (24 * e)) * 1000, `break-even at ${e} J/TH`));
      expect(v.map((r) => Math.round((r[0] as number) * 10) / 10)).toEqual([96.9, 74.9, 51.5]);
    },
  },
  {
    formula: "=PIVOT.HPC_IMPLIED_RENT(7e9, 15, 245)",
    check: async (h) => {
      const v = await one(h, "=PIVOT.HPC_IMPLIED_RENT(7e9, 15, 245)");
      close(v, 7e9 / 15 / (245 * 1000) / 12, "River Bend implied rent");
      expect(Math.round((v as number) * 100) / 100).toBe(158.73);
    },
  },
  {
    formula: `=PIVOT.HPC_LEASE_NPV(245, 158.73, 15, 0.08, 0, ${RIVER_BEND_NOI})`,
    check: async (h) => {
      const v = await one(h, `=PIVOT.HPC_LEASE_NPV(245, 158.73, 15, 0.08, 0, ${RIVER_BEND_NOI})`);
      close(
        v,
        npvMonthly(
          0.08,
          months(180, () => 245 * 1000 * 158.73 * RIVER_BEND_NOI),
        ),
        "River Bend NPV, average rent",
      );
      expect(Math.round((v as number) / 1e7) / 100).toBe(4.01);
    },
  },
  {
    formula: `=PIVOT.HPC_LEASE_NPV(245, 128.02, 15, 0.08, 0.03, ${RIVER_BEND_NOI})`,
    check: async (h) => {
      // year-1 rent that totals the same $7.0B over 15 years at a 3% escalator
      const total = months(180, (m) => 245 * 1000 * 128.02 * step(0.03)(m)).reduce((s, x) => s + x, 0);
      close(total, 7e9, "128.02 rising 3% totals $7.0B", 1e-4);
      const v = await one(h, `=PIVOT.HPC_LEASE_NPV(245, 128.02, 15, 0.08, 0.03, ${RIVER_BEND_NOI})`);
      close(
        v,
        npvMonthly(
          0.08,
          months(180, (m) => 245 * 1000 * 128.02 * step(0.03)(m) * RIVER_BEND_NOI),
        ),
        "River Bend NPV, escalating",
      );
      expect(Math.round((v as number) / 1e7) / 100).toBe(3.85);
    },
  },
  {
    formula: "=PIVOT.PIVOT_BREAKEVEN_RENT(22, 0.05, 10e6, 15, 0.10, 0.85, , 0, 24, 0.03)",
    check: async (h) => {
      const [[rent], [mining]] = await evaluate(
        h,
        {
          A1: "=PIVOT.PIVOT_BREAKEVEN_RENT(22, 0.05, 10e6, 15, 0.10, 0.85, , 0, 24, 0.03)",
          A2: "=PIVOT.MINING_NPV_PER_MW(22, 0.05, 15, 0.10)",
        },
        "A1:A2",
      );
      // 1 MW: capex $10M drawn over 24 months, then 180 rent months at 85% NOI rising 3% a year
      const pvCapex = npvMonthly(
        0.1,
        months(24, () => 10e6 / 24),
      );
      const pvRentPerDollar = npvMonthly(0.1, [
        ...months(24, () => 0),
        ...months(180, (m) => 1000 * 0.85 * step(0.03)(m)),
      ]);
      close(rent, ((mining as number) + pvCapex) / pvRentPerDollar, "break-even rent");
    },
  },
  {
    formula: '=PIVOT.MARKET("btc_usd.source")',
    check: async (h) => {
      const v = await one(h, '=PIVOT.MARKET("btc_usd.source")');
      expect(typeof v === "string" && v.length > 0 && !v.startsWith("#")).toBe(true);
    },
  },
  {
    formula: "=PIVOT.HPC_DSCR(100, 150, 15, 10e6, 0.03, 0.85, 24, 0.8, 0.07)",
    check: async (h) => {
      const v = await one(h, "=PIVOT.HPC_DSCR(100, 150, 15, 10e6, 0.03, 0.85, 24, 0.8, 0.07)");
      // 80% of each $41.7M monthly capex draw borrowed, interest capitalised for 24 months,
      // then a level payment over 15 years; year 1 (the lowest NOI) covers it least.
      const r = 0.07 / 12;
      const balance = -(formulajs.FV(r, 24, (0.8 * 1e9) / 24, 0) as number);
      const payment = -(formulajs.PMT(r, 180, balance) as number);
      close(v, (100 * 1000 * 150 * 12 * 0.85) / (12 * payment), "minimum DSCR");
      expect(Math.round((v as number) * 100) / 100).toBe(1.66);
    },
  },
  {
    formula: '=PIVOT.HPC_DSCR(100, 150, 15, 10e6, 0.03, 0.85, 24, 0.8, 0.07, 25, 12, "schedule")',
    check: async (h) => {
      const t = await evaluate(
        h,
        { A1: '=PIVOT.HPC_DSCR(100, 150, 15, 10e6, 0.03, 0.85, 24, 0.8, 0.07, 25, 12, "schedule")' },
        "A1:D17",
      );
      expect(t[0]).toEqual(["loan_year", "noi_usd", "debt_service_usd", "dscr"]);
      const r = 0.07 / 12;
      const balance = -(formulajs.FV(r, 24, (0.8 * 1e9) / 24, 0) as number);
      const noi1 = 100 * 1000 * 150 * 12 * 0.85;
      // year 1: interest only; year 2: the level payment repaying the loan 25 years after rent start
      const service2 = -12 * (formulajs.PMT(r, 25 * 12 - 12, balance) as number);
      close(t[1][1], noi1, "NOI year 1");
      close(t[1][2], 12 * balance * r, "interest-only year 1");
      close(t[2][1], noi1 * 1.03, "NOI year 2");
      close(t[2][2], service2, "debt service year 2");
      close(t[2][3], (noi1 * 1.03) / service2, "DSCR year 2");
      // the loan outlives the 15-year lease: its balloon is refinanced, so the table ends with the lease
      expect(
        t
          .slice(1)
          .filter((row) => typeof row[0] === "number")
          .map((row) => row[0]),
      ).toEqual(months(15, (y) => y));
    },
  },
  {
    formula: "=PIVOT.HPC_BACKSTOP_COVERAGE(1e9, 100, 150, 10, 0.08, 0.03, 12)",
    check: async (h) => {
      const v = await one(h, "=PIVOT.HPC_BACKSTOP_COVERAGE(1e9, 100, 150, 10, 0.08, 0.03, 12)");
      const pv = npvMonthly(0.08, [...months(12, () => 0), ...months(120, (m) => 100 * 1000 * 150 * step(0.03)(m))]);
      close(v, 1e9 / pv, "backstop coverage");
      expect(Math.round((v as number) * 100) / 100).toBe(0.77);
    },
  },
  {
    formula: "=PIVOT.MINING_NPV_SIM(20, 0.05, 15, 0.10, 0.6, 0.15, 0.25, , , , , , , , B1)",
    check: async (h) => {
      const t = await evaluate(
        h,
        {
          B1: "=PIVOT.HPC_LEASE_NPV(1, 150, 15, 0.10, 0.03, 0.85, 10e6, 24)",
          A3: "=PIVOT.MINING_NPV_SIM(20, 0.05, 15, 0.10, 0.6, 0.15, 0.25, , , , , , , , B1)",
        },
        "A3:B10",
      );
      expect(t.map((r) => r[0])).toEqual(["Statistic", "Mean", "P5", "P25", "P50", "P75", "P95", "P(mining > lease)"]);
      const pct = t.slice(2, 7).map((r) => r[1] as number);
      expect(pct.every((x, i) => Number.isFinite(x) && (i === 0 || x >= pct[i - 1]))).toBe(true);
      const p = t[7][1] as number;
      expect(p >= 0 && p <= 1).toBe(true);
      // The README's reading of it: at zero volatility every path is MINING_NPV_PER_MW at
      // hashprice growth (1 + drift) ÷ (1 + hashrate growth) − 1.
      const flat = await evaluate(
        h,
        {
          A1: "=PIVOT.MINING_NPV_PER_MW(20, 0.05, 15, 0.10, , 1.15/1.25-1)",
          A3: "=PIVOT.MINING_NPV_SIM(20, 0.05, 15, 0.10, 0, 0.15, 0.25, 10)",
        },
        "A1:B9",
      );
      for (let k = 3; k < 9; k++) close(flat[k][1], flat[0][0] as number, `zero-volatility ${String(flat[k][0])}`);
    },
  },
];

/** In-cell examples of the prose, pinned to the bundled data they read. */
const PROSE: readonly Example[] = [
  {
    formula: '=PIVOT.DEAL("HUT-RIVERBEND-2025", "MW")',
    check: async (h) => {
      const row = bundledDataset().deals.find((d) => d.id === "HUT-RIVERBEND-2025");
      expect(await one(h, '=PIVOT.DEAL("HUT-RIVERBEND-2025", "MW")')).toBe(row?.criticalItMw);
      expect(row?.criticalItMw).toBe(245);
    },
  },
  {
    formula: '=PIVOT.HPC_REVENUE_SCHEDULE("HUT", 2026, 10)',
    check: async (h) => {
      const t = await evaluate(h, { A1: '=PIVOT.HPC_REVENUE_SCHEDULE("HUT", 2026, 10)' }, "A1:B10");
      const usd = revenueByYear(scheduleContracts("HUT", "gross", bundledDataset().deals).contracts, 2026, 10);
      expect(t.map((r) => r[0])).toEqual(months(10, (i) => 2025 + i));
      t.forEach((r, i) => close(r[1], usd[i], `HUT ${2026 + i}`));
      expect(usd.some((x) => x > 0)).toBe(true);
    },
  },
];

describe("README examples", () => {
  test("every example formula in the README's Try tables is checked here", () => {
    const inTables = [...README.matchAll(/^\| `(=PIVOT\.[^`]+)` \|/gm)].map((m) => m[1]);
    expect(inTables.length).toBeGreaterThanOrEqual(EXAMPLES.length);
    expect([...inTables].sort()).toEqual(EXAMPLES.map((e) => e.formula).sort());
    for (const e of PROSE)
      expect({ formula: e.formula, inReadme: README.includes(e.formula) }).toEqual({
        formula: e.formula,
        inReadme: true,
      });
  });

  for (const e of [...EXAMPLES, ...PROSE]) {
    test(e.formula, async () => {
      const h = await newWorkbook();
      await e.check(h);
    });
  }
});
