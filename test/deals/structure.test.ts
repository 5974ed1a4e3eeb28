/**
 * The structure the totals depend on: joint-venture shares, expansions (add) and restatements
 * (replace), checked against totals computed here by hand from the rows; the implied-rent
 * rule for GPU cloud contracts; and bad structure in a feed reported by line and field while
 * the good rows load.
 */
import { bundledDataset, validateDataset } from "../../src/deals/dataset";
import { parseDealFeed } from "../../src/deals/feed";
import {
  attributableMw,
  attributableValueUsd,
  companyTotals,
  effectiveDeals,
  impliedRentMeaning,
  ownershipShareOf,
} from "../../src/deals/query";
import type { Deal } from "../../src/deals/schema";

const { deals } = bundledDataset();
const byId = (id: string): Deal => {
  const d = deals.find((x) => x.id === id);
  if (d === undefined) throw new Error(`no deal ${id}`);
  return d;
};

describe("attributable figures", () => {
  test("documented examples: Abernathy at 50.1% is 84.168 MW and $4.7595B", () => {
    const abernathy = byId("WULF-ABERNATHY-2025");
    expect(ownershipShareOf(abernathy)).toBe(0.501);
    expect(attributableMw(abernathy)).toBeCloseTo(84.168, 9);
    expect(attributableValueUsd(abernathy)).toBeCloseTo(4.7595e9, 0);
    // Wholly owned: share 1, figures unchanged; not stated: undefined, never 0.
    expect(attributableMw(byId("HUT-RIVERBEND-2025"))).toBe(245);
    expect(attributableValueUsd(byId("WULF-LAKEMARINER-CORE42-2024"))).toBeUndefined();
    expect(attributableMw(byId("IREN-NVIDIA-2026"))).toBeUndefined();
  });

  test("effective deals: Cipher's restated Barber Lake lease replaces the 2025-09 row; expansions stay", () => {
    const ids = effectiveDeals(deals).map((d) => d.id);
    expect(ids).not.toContain("CIFR-BARBERLAKE-2025");
    expect(ids).toContain("CIFR-BARBERLAKE-EXP-2025");
    expect(ids).toContain("CORZ-COREWEAVE-2024");
    expect(ids).toContain("CORZ-COREWEAVE-DENTON-EXP-2025");
    expect(ids).toHaveLength(deals.length - 1);
    const restated = byId("CIFR-BARBERLAKE-EXP-2025");
    expect([restated.parentId, restated.relation, restated.criticalItMw]).toEqual([
      "CIFR-BARBERLAKE-2025",
      "restatement",
      168 + 39,
    ]);
  });

  test("per-company totals equal sums written out by hand from the rows", () => {
    const got = Object.fromEntries(
      companyTotals(deals).map((t) => [
        t.ticker,
        [
          t.dealCount,
          Math.round(t.attributableMw * 1000) / 1000,
          t.attributableValueUsd,
          t.mwNotStated,
          t.valueNotStated,
        ],
      ]),
    );
    expect(got).toEqual({
      HUT: [2, 245 + 352, 7.0e9 + 9.8e9, [], []],
      // Abernathy at TeraWulf's 50.1%: 168 × 0.501 = 84.168 MW, $9.5B × 0.501 = $4.7595B.
      WULF: [3, 360 + 84.168 + 60, 6.7e9 + 4.7595e9, [], ["WULF-LAKEMARINER-CORE42-2024"]],
      // The restatement (207 MW, $3.83B) counts once; the 168 MW / $3.0B parent is not added.
      // AWS states 300 MW of gross capacity, not critical IT, so only Barber Lake's 207 MW counts.
      CIFR: [3, 207, 3.83e9 + 5.5e9, ["CIFR-AWS-2025", "CIFR-HYPERSCALER3-2026"], ["CIFR-HYPERSCALER3-2026"]],
      // The Denton expansion (~70 MW, ~$1.2B) adds to its parent: 500 + 70 = 570 MW, $8.7B + $1.2B = $9.9B.
      // The company's ~590 MW / > $10B also counts the 16 MW Austin contract, which has no row.
      CORZ: [2, 500 + 70, 8.7e9 + 1.2e9, [], []],
      IREN: [2, 200, 9.7e9 + 3.4e9, ["IREN-NVIDIA-2026"], []],
      // Applied Digital states 1.4 GW and ~$36B of base contracted revenue after Delta Forge 2.
      APLD: [5, 400 + 200 + 300 + 300 + 210, 11e9 + 5e9 + 7.5e9 + 7.5e9 + 5.2e9, [], []],
      GLXY: [1, 800, 15e9, [], []],
      RIOT: [1, 25, 311e6, [], []],
      // NC-1 (40 MW, $865M) + Cerebras (5 MW, value not stated) + the Initial Customer GPU contract
      // (MW not stated, > $50M a year × 3 years = $150M derived).
      WYFI: [3, 40 + 5, 865e6 + 150e6, ["WYFI-INITIALCUSTOMER-2023"], ["WYFI-CEREBRAS-MTL3-2025"]],
      BTDR: [1, 0, 0, ["BTDR-TYDAL-2026"], ["BTDR-TYDAL-2026"]],
    });
    expect(got.CORZ[1]).toBe(570);
    expect(got.APLD[1]).toBe(1410);
  });

  test("a restatement of a restatement replaces both; an expansion of a restatement adds to it", () => {
    const base = { company: "A", ticker: "A", tenant: "T", dealType: "lease", source: "s", verified: true } as const;
    const rows: Deal[] = [
      { ...base, id: "A-1", criticalItMw: 100, contractValueUsd: 1e9 },
      { ...base, id: "A-2", parentId: "A-1", relation: "restatement", criticalItMw: 150, contractValueUsd: 1.6e9 },
      { ...base, id: "A-3", parentId: "A-2", relation: "restatement", criticalItMw: 180, contractValueUsd: 2e9 },
      { ...base, id: "A-4", parentId: "A-3", relation: "expansion", criticalItMw: 20, contractValueUsd: 0.3e9 },
    ];
    expect(effectiveDeals(rows).map((d) => d.id)).toEqual(["A-3", "A-4"]);
    expect(companyTotals(rows)[0]).toMatchObject({ dealCount: 2, attributableMw: 200, attributableValueUsd: 2.3e9 });
  });
});

describe("implied rent", () => {
  test("a GPU cloud contract is revenue, not rent; a lease with value, term and MW has one", () => {
    const iren = impliedRentMeaning(byId("IREN-MICROSOFT-2025"));
    expect(iren.meaningful).toBe(false);
    expect(!iren.meaningful && iren.reason).toMatch(/GPU cloud service .*revenue .*not rent/);
    expect(impliedRentMeaning(byId("IREN-NVIDIA-2026")).meaningful).toBe(false);
    const cifr3 = impliedRentMeaning(byId("CIFR-HYPERSCALER3-2026"));
    expect(!cifr3.meaningful && cifr3.reason).toMatch(/does not state .*contract value, MW/);
    expect(impliedRentMeaning(byId("HUT-RIVERBEND-2025"))).toEqual({ meaningful: true });
  });
});

describe("structure in a feed", () => {
  const header =
    "ID,Company,Ticker,Tenant,Type,Value USD,Term years,MW,Ownership share,Parent ID,Relation,Source,Verified";

  test("an ownership share outside (0, 1] and an unknown parent are reported by line and field; good rows load", () => {
    const text = [
      header,
      "A-1,A,A,T,lease,1000000000,10,100,,,,s,TRUE",
      "A-2,A,A,T,lease,500000000,10,50,1.5,,,s,TRUE",
      "A-3,A,A,T,lease,500000000,10,50,,NOPE-9,expansion,s,TRUE",
      "A-4,A,A,T,lease,500000000,10,50,50%,A-1,expansion,s,TRUE",
      "A-5,A,A,T,lease,500000000,10,50,0,,,s,TRUE",
    ].join("\n");
    const r = parseDealFeed(text, "csv");
    expect(r.deals.map((d) => d.id)).toEqual(["A-1", "A-4"]);
    expect(r.deals[1]).toMatchObject({ ownershipShare: 0.5, parentId: "A-1", relation: "expansion" });
    expect(r.issues.map((i) => [i.line, i.field, i.id])).toEqual([
      [3, "Ownership share", "A-2"],
      [4, "Parent ID", "A-3"],
      [6, "Ownership share", "A-5"],
    ]);
    expect(r.issues[0].message).toMatch(/must be a number > 0 and ≤ 1/);
    expect(r.issues[1].message).toMatch(/"NOPE-9" is not a deal of this list/);
  });

  test("a child of a rejected parent, a cycle and a second restatement of one parent are rejected", () => {
    const base = { company: "A", ticker: "A", tenant: "T", dealType: "lease", source: "s", verified: true };
    const r = validateDataset([
      { ...base, id: "P-1", criticalItMw: -1 },
      { ...base, id: "C-1", parentId: "P-1", relation: "expansion" },
      { ...base, id: "X-1", parentId: "X-2", relation: "expansion" },
      { ...base, id: "X-2", parentId: "X-1", relation: "restatement" },
      { ...base, id: "B-1" },
      { ...base, id: "B-2", parentId: "b-1", relation: "restatement" },
      { ...base, id: "B-3", parentId: "B-1", relation: "restatement" },
      { ...base, id: "S-1", parentId: "S-1", relation: "expansion" },
    ]);
    expect(r.deals.map((d) => d.id)).toEqual(["B-1", "B-2"]);
    expect(r.dealRows).toEqual([5, 6]);
    const byRow = Object.fromEntries(r.issues.map((i) => [i.row, `${i.field}: ${i.message}`]));
    expect(byRow[1]).toMatch(/^MW: /);
    expect(byRow[2]).toMatch(/^Parent ID: "P-1" is not a deal of this list \(its row 1 was rejected\)/);
    expect(byRow[3]).toMatch(/^Parent ID: .*cycle/);
    expect(byRow[4]).toMatch(/^Parent ID: /);
    expect(byRow[7]).toMatch(/^Parent ID: "B-1" is already restated by row 6/);
    expect(byRow[8]).toMatch(/^Parent ID: names the row itself/);
  });

  test("Parent ID and Relation come together, as do the renewal count and years", () => {
    const base = { company: "A", ticker: "A", tenant: "T", dealType: "lease", source: "s", verified: true };
    const r = validateDataset([
      { ...base, id: "A-1" },
      { ...base, id: "A-2", parentId: "A-1" },
      { ...base, id: "A-3", relation: "expansion" },
      { ...base, id: "A-4", renewalCount: 3 },
      { ...base, id: "A-5", renewalCount: 3, renewalYears: 5 },
    ]);
    expect(r.deals.map((d) => d.id)).toEqual(["A-1", "A-5"]);
    expect(r.issues.map((i) => [i.row, i.field])).toEqual([
      [2, "Relation"],
      [3, "Parent ID"],
      [4, "Renewal years"],
    ]);
  });
});
