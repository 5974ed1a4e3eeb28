/** PIVOT.DEAL and PIVOT.DEALS through the adapter, as Excel calls them. */
import { DEAL, DEALS } from "../../src/functions/deals";
import { DEAL_HEADERS } from "../../src/deals/schema";
import { clearFeed, setFeed } from "../../src/deals/store";
import { expectError, isError } from "../support/excel";

afterEach(() => clearFeed());

describe("PIVOT.DEAL", () => {
  test("returns one field; id and field name match in any case", () => {
    expect(DEAL("HUT-RIVERBEND-2025", "MW")).toBe(245);
    expect(DEAL("hut-riverbend-2025", "  term YEARS ")).toBe(15);
    expect(DEAL("CIFR-BARBERLAKE-2025", "Value USD")).toBe(3e9);
    expect(DEAL("CIFR-BARBERLAKE-2025", "Tenant")).toBe("Fluidstack");
    expect(DEAL("CIFR-BARBERLAKE-2025", "Margin high")).toBe(0.85);
    expect(DEAL("HUT-RIVERBEND-2025", "Start")).toBe("Q2 2027");
    expect(DEAL("HUT-BEACONPOINT-2026", "Verified")).toBe(false);
  });

  test("every PIVOT.DEALS header is a valid field name", () => {
    for (const h of DEAL_HEADERS) {
      const v = DEAL("WULF-LAKEMARINER-CORE42-2024", h);
      if (isError(v)) expect(v.message).toMatch(/is not stated for/);
    }
  });

  test("unknown field: #N/A listing the valid fields", () => {
    expectError(
      DEAL("HUT-RIVERBEND-2025", "megawatts"),
      "#N/A",
      /"megawatts" is not a deal field/,
      /Valid fields: ID, Company, Ticker/,
      /MW/,
    );
  });

  test("unknown id: #N/A listing ids and valid fields", () => {
    expectError(
      DEAL("NOPE-1", "MW"),
      "#N/A",
      /"NOPE-1" is not in the deal list/,
      /HUT-RIVERBEND-2025/,
      /Valid fields: ID/,
    );
  });

  test("a field the source does not state: #N/A, never zero", () => {
    expectError(DEAL("IREN-NVIDIA-2026", "MW"), "#N/A", /MW is not stated for IREN-NVIDIA-2026/);
  });

  test("empty or non-text arguments: #VALUE! naming the argument", () => {
    expectError(DEAL(null, "MW"), "#VALUE!", /deal_id is required/);
    expectError(DEAL("HUT-RIVERBEND-2025", 5), "#VALUE!", /field must be text/);
  });

  test("sees deals from a loaded feed", () => {
    setFeed(
      [
        {
          id: "ACME-1",
          company: "Acme",
          ticker: "ACME",
          tenant: "T",
          dealType: "lease",
          criticalItMw: 12,
          source: "s",
          verified: true,
        },
      ],
      {
        url: "https://x",
        fetchedAt: "t",
        format: "json",
        rowCount: 1,
        loadedCount: 1,
        issues: [],
      },
    );
    expect(DEAL("acme-1", "mw")).toBe(12);
  });
});

describe("PIVOT.DEALS", () => {
  test("spills the whole table with its header row", () => {
    const t = DEALS(null);
    expect(t).toHaveLength(25);
    expect(t[0]).toEqual(DEAL_HEADERS);
    for (const row of t) expect(row).toHaveLength(DEAL_HEADERS.length);
    const mwCol = DEAL_HEADERS.indexOf("MW");
    expect(t.slice(1).map((r) => r[mwCol])).toEqual([
      245,
      352,
      360,
      168,
      60,
      168,
      207,
      "", // AWS: 300 MW is gross capacity, critical IT not stated
      "",
      500,
      70,
      200,
      "",
      400,
      200,
      300,
      300,
      210,
      800,
      25,
      40,
      5, // Cerebras at MTL-3: 5MW (IT load)
      "", // Bit Digital's Initial Customer: GPU cloud service, MW not stated
      "",
    ]);
  });

  test("filters by ticker or company name, any case", () => {
    expect(DEALS("hut").map((r) => r[0])).toEqual(["ID", "HUT-RIVERBEND-2025", "HUT-BEACONPOINT-2026"]);
    expect(DEALS("  TeraWulf ").length).toBe(4);
    expect(DEALS("RIOT")).toHaveLength(2);
  });

  test('the documented example: =PIVOT.DEALS("RIOT") spills 2 × 38, with the structure columns', () => {
    const riot = DEALS("RIOT");
    expect([riot.length, riot[0].length]).toEqual([2, 38]);
    expect(riot[1][0]).toBe("RIOT-ROCKDALE-2026");
    for (const h of [
      "Ownership share",
      "Parent ID",
      "Relation",
      "Value basis",
      "Rent start",
      "Renewal count",
      "Renewal years",
    ])
      expect(riot[0]).toContain(h);
    expect(DEALS("HUT")).toHaveLength(3);
  });

  test("no match: #N/A listing the companies", () => {
    const r = DEALS("MARA");
    expect(r).toHaveLength(1);
    expectError(r, "#N/A", /"MARA" has no deals/, /HUT \(Hut 8\)/, /WYFI/);
  });
});
