/**
 * The bundled dataset against the deal table as re-verified in 2026-12 (each row's release,
 * filing or write-up), transcribed independently here: every row present, headline figures
 * equal, rows read in news write-ups flagged unverified, and the implied rents of the leases
 * inside the range miner deals imply ("roughly $100-190/kW/month").
 */
import { bundledDataset, validateDataset } from "../../src/deals/dataset";
import bundled from "../../src/deals/bundled-deals.json";
import { impliedRentMeaning } from "../../src/deals/query";

/** [id, ticker, type, value USD, term years, MW, verified], by hand from the sources. */
const TABLE: [string, string, string, number | undefined, number | undefined, number | undefined, boolean][] = [
  ["HUT-RIVERBEND-2025", "HUT", "lease", 7.0e9, 15, 245, false],
  ["HUT-BEACONPOINT-2026", "HUT", "lease", 9.8e9, 15, 352, false],
  ["WULF-LAKEMARINER-FLUIDSTACK-2025", "WULF", "lease", 6.7e9, 10, 360, false],
  ["WULF-ABERNATHY-2025", "WULF", "lease", 9.5e9, 25, 168, false],
  ["WULF-LAKEMARINER-CORE42-2024", "WULF", "lease", undefined, 10, 60, false],
  ["CIFR-BARBERLAKE-2025", "CIFR", "lease", 3.0e9, 10, 168, true],
  ["CIFR-BARBERLAKE-EXP-2025", "CIFR", "lease", 3.83e9, 10, 207, true],
  ["CIFR-AWS-2025", "CIFR", "lease", 5.5e9, 15, undefined, false],
  ["CIFR-HYPERSCALER3-2026", "CIFR", "lease", undefined, 15, undefined, false],
  ["CORZ-COREWEAVE-2024", "CORZ", "lease", 8.7e9, 12, 500, true],
  ["CORZ-COREWEAVE-DENTON-EXP-2025", "CORZ", "lease", 1.2e9, 12, 70, false],
  ["IREN-MICROSOFT-2025", "IREN", "GPU cloud service", 9.7e9, 5, 200, false],
  ["IREN-NVIDIA-2026", "IREN", "GPU cloud service", 3.4e9, 5, undefined, false],
  ["APLD-POLARISFORGE1-2025", "APLD", "lease", 11e9, 15, 400, true],
  ["APLD-POLARISFORGE2-2025", "APLD", "lease", 5e9, 15, 200, true],
  ["APLD-DELTAFORGE1-2026", "APLD", "lease", 7.5e9, 15, 300, false],
  ["APLD-POLARISFORGE3-2026", "APLD", "lease", 7.5e9, 15, 300, false],
  ["APLD-DELTAFORGE2-2026", "APLD", "lease", 5.2e9, 15, 210, false],
  ["GLXY-HELIOS-2025", "GLXY", "lease", 15e9, 15, 800, true],
  ["RIOT-ROCKDALE-2026", "RIOT", "lease", 311e6, 10, 25, true],
  ["WYFI-NC1-2025", "WYFI", "colocation", 865e6, 10, 40, false],
  ["WYFI-CEREBRAS-MTL3-2025", "WYFI", "colocation", undefined, 5, 5, true],
  // "more than $50 million of annualized revenue" × 3 years = $150M, derived.
  ["WYFI-INITIALCUSTOMER-2023", "WYFI", "GPU cloud service", 150e6, 3, undefined, true],
  ["BTDR-TYDAL-2026", "BTDR", "colocation", undefined, undefined, undefined, false],
];

describe("bundled deal dataset", () => {
  const { deals, issues } = bundledDataset();

  test("validates without issues", () => {
    expect(issues).toEqual([]);
    expect(deals).toHaveLength(24);
  });

  test("holds every deal with its headline figures", () => {
    const got = deals.map((d) => [
      d.id,
      d.ticker,
      d.dealType,
      d.contractValueUsd,
      d.termYears,
      d.criticalItMw,
      d.verified,
    ]);
    expect(got).toEqual(TABLE);
  });

  test("counts per company", () => {
    const count = (t: string) => deals.filter((d) => d.ticker === t).length;
    expect([
      count("HUT"),
      count("WULF"),
      count("CIFR"),
      count("CORZ"),
      count("IREN"),
      count("APLD"),
      count("GLXY"),
      count("RIOT"),
      count("WYFI"),
      count("BTDR"),
    ]).toEqual([2, 3, 4, 2, 2, 5, 1, 1, 3, 1]);
  });

  test("implied rents of the leases lie in the $100-190/kW/month miner deals imply", () => {
    const leases = deals.filter((x) => x.dealType === "lease");
    const priced = leases.filter((d) => impliedRentMeaning(d).meaningful || d.statedRentUsdPerKwMonth !== undefined);
    // Cipher's third lease (no value or MW stated) and AWS (300 MW is gross capacity, no critical IT MW).
    expect(leases.filter((d) => !priced.includes(d)).map((d) => d.id)).toEqual([
      "CIFR-AWS-2025",
      "CIFR-HYPERSCALER3-2026",
    ]);
    for (const d of priced) {
      const rent =
        d.contractValueUsd !== undefined
          ? d.contractValueUsd / d.termYears! / (d.criticalItMw! * 1000) / 12
          : d.statedRentUsdPerKwMonth!;
      expect({ id: d.id, inRange: rent >= 100 && rent <= 190 }).toEqual({ id: d.id, inRange: true });
    }
  });

  test("figures the source does not state are absent, not zero", () => {
    const nvidia = deals.find((d) => d.id === "IREN-NVIDIA-2026")!;
    expect(nvidia.criticalItMw).toBeUndefined();
    // ~60MW "of existing data centers" is not stated as critical IT load, so no MW figure.
    expect(nvidia.mwAsStated).toContain("critical IT not stated");
    const tydal = deals.find((d) => d.id === "BTDR-TYDAL-2026")!;
    expect([tydal.contractValueUsd, tydal.criticalItMw, tydal.termYears]).toEqual([undefined, undefined, undefined]);
    const core42 = deals.find((d) => d.id === "WULF-LAKEMARINER-CORE42-2024")!;
    expect(core42.contractValueUsd).toBeUndefined();
    expect(core42.statedRentUsdPerKwMonth).toBe(125);
    expect(core42.escalator).toBe(0.03);
    expect(core42.pue).toBe(1.25);
    for (const d of deals) for (const v of Object.values(d)) expect(v).not.toBe(0);
  });

  test("vague dates stay as the source's text", () => {
    const hut = deals.find((d) => d.id === "HUT-RIVERBEND-2025")!;
    expect([hut.announced, hut.start]).toEqual(["2025-12-17", "Q2 2027"]);
    expect(deals.find((d) => d.id === "GLXY-HELIOS-2025")!.announced).toBe("2025-03 and 2025-08-15");
  });

  test("stated ranges and renewals are kept", () => {
    const cifr = deals.find((d) => d.id === "CIFR-BARBERLAKE-2025")!;
    expect([
      cifr.marginBasis,
      cifr.marginLow,
      cifr.marginHigh,
      cifr.capexUsdPerMwLow,
      cifr.capexUsdPerMwHigh,
      cifr.renewalValueUsd,
      cifr.backstopUsd,
    ]).toEqual(["NOI", 0.8, 0.85, 9e6, 11e6, 7e9, 1.4e9]);
    expect(deals.find((d) => d.id === "HUT-RIVERBEND-2025")!.renewalValueUsd).toBe(17.7e9);
  });

  test("every unverified deal says which figures are unverified", () => {
    for (const d of deals)
      expect({ id: d.id, ok: d.verified === (d.unverified === undefined) }).toEqual({ id: d.id, ok: true });
  });

  test("source links are https and only where a page or site is named", () => {
    for (const d of deals) if (d.sourceUrl !== undefined) expect(d.sourceUrl).toMatch(/^https:\/\//);
    // Cipher's lease cites the lease 8-K (0000950103-25-012168), not the notes 8-K (-014692).
    const cifr = deals.find((d) => d.id === "CIFR-BARBERLAKE-2025")!;
    expect(cifr.sourceUrl).toBe(
      "https://www.sec.gov/Archives/edgar/data/0001819989/000095010325012168/dp234624_8k.htm",
    );
    expect(cifr.source).toMatch(/^SEC 8-K 0000950103-25-012168/);
    expect(bundled.about).not.toMatch(/domain\.md|shared/);
    expect(bundled.as_of).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("the dataset check rejects a duplicate id and a verified row with unverified notes", () => {
    const rows = (bundled as { deals: Record<string, unknown>[] }).deals;
    const dup = validateDataset([rows[0], { ...rows[1], id: "hut-riverbend-2025" }], { requireVerifiedNotes: true });
    expect(dup.issues).toEqual([
      expect.objectContaining({
        row: 2,
        field: "ID",
        severity: "error",
        message: expect.stringMatching(/duplicates the id of row 1/),
      }),
    ]);
    const flag = validateDataset([{ ...rows[5], unverified: "x" }], { requireVerifiedNotes: true });
    expect(flag.issues).toEqual([expect.objectContaining({ field: "Verified" })]);
    const missing = validateDataset([{ ...rows[0], unverified: undefined }], { requireVerifiedNotes: true });
    expect(missing.issues).toEqual([expect.objectContaining({ field: "Unverified figures" })]);
  });
});
