/**
 * The bundled dataset against domain.md's table ("Announced miner AI/HPC contracts"),
 * transcribed independently here: every row present, headline figures equal, (u) rows
 * flagged unverified, and the implied rents inside the range domain.md states
 * ("miner deals imply roughly $100-190/kW/month").
 */
import { bundledDataset, validateDataset } from "../../src/deals/dataset";
import bundled from "../../src/deals/bundled-deals.json";

/** [id, ticker, type, value USD, term years, MW, verified] from domain.md, by hand. */
const DOMAIN_TABLE: [string, string, string, number | undefined, number | undefined, number | undefined, boolean][] = [
  ["HUT-RIVERBEND-2025", "HUT", "lease", 7.0e9, 15, 245, false],
  ["HUT-BEACONPOINT-2026", "HUT", "lease", 9.8e9, 15, 352, false],
  ["WULF-LAKEMARINER-FLUIDSTACK-2025", "WULF", "lease", 6.7e9, 10, 360, true],
  ["WULF-ABERNATHY-2025", "WULF", "lease", 9.5e9, 25, 168, true],
  ["WULF-LAKEMARINER-CORE42-2024", "WULF", "lease", undefined, 10, 60, false],
  ["CIFR-BARBERLAKE-2025", "CIFR", "lease", 3.0e9, 10, 168, true],
  ["CIFR-BARBERLAKE-EXP-2025", "CIFR", "lease", 830e6, 10, 39, false],
  ["CIFR-AWS-2025", "CIFR", "lease", 5.5e9, 15, 300, false],
  ["CORZ-COREWEAVE-2024", "CORZ", "lease", 8.7e9, 12, 500, true],
  ["IREN-MICROSOFT-2025", "IREN", "GPU cloud service", 9.7e9, 5, 200, true],
  ["IREN-NVIDIA-2026", "IREN", "other", 3.4e9, 5, undefined, false],
  ["APLD-POLARISFORGE1-2025", "APLD", "lease", 11e9, 15, 400, true],
  ["APLD-POLARISFORGE2-2025", "APLD", "lease", 5e9, 15, 200, true],
  ["GLXY-HELIOS-2025", "GLXY", "lease", 15e9, 15, 800, true],
  ["RIOT-ROCKDALE-2026", "RIOT", "lease", 311e6, 10, 25, true],
  ["WYFI-NC1-2025", "WYFI", "lease", 865e6, 10, 40, false],
];

describe("bundled deal dataset", () => {
  const { deals, issues } = bundledDataset();

  test("validates without issues", () => {
    expect(issues).toEqual([]);
    expect(deals).toHaveLength(16);
  });

  test("holds every deal of domain.md with its headline figures", () => {
    const got = deals.map((d) => [
      d.id,
      d.ticker,
      d.dealType,
      d.contractValueUsd,
      d.termYears,
      d.criticalItMw,
      d.verified,
    ]);
    expect(got).toEqual(DOMAIN_TABLE);
  });

  test("counts per company match domain.md", () => {
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
    ]).toEqual([2, 3, 3, 1, 2, 2, 1, 1, 1]);
  });

  test("implied rents of the leases lie in domain.md's $100-190/kW/month", () => {
    for (const d of deals.filter((x) => x.dealType === "lease")) {
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
    expect(nvidia.site).toBeUndefined();
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
    expect(deals.find((d) => d.id === "CIFR-BARBERLAKE-2025")!.sourceUrl).toBeUndefined();
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
    const flag = validateDataset([{ ...rows[2], unverified: "x" }], { requireVerifiedNotes: true });
    expect(flag.issues).toEqual([expect.objectContaining({ field: "Verified" })]);
    const missing = validateDataset([{ ...rows[0], unverified: undefined }], { requireVerifiedNotes: true });
    expect(missing.issues).toEqual([expect.objectContaining({ field: "Unverified figures" })]);
  });
});
