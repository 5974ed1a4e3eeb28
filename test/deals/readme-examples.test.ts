/**
 * The README's "Try" examples for the River Bend lease are what an analyst copies: their
 * stated results are what the functions return, and the inputs make sense together (the
 * $158.73 implied rent is a term average of the escalated rent, so it takes no escalator).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HPC_IMPLIED_RENT, HPC_LEASE_NPV } from "../../src/functions/lease";

const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
const m = (x: number): number[][] => [[x]];

/** Rows of the "Try" table: [formula, description]. */
function tryRows(): [string, string][] {
  const rows: [string, string][] = [];
  for (const line of readme.split("\n")) {
    const cells = /^\| `(=PIVOT\.[^`]+)` \| (.+) \|$/.exec(line);
    if (cells) rows.push([cells[1], cells[2]]);
  }
  return rows;
}

describe("README lease examples", () => {
  const npvRows = tryRows().filter(([f]) => f.startsWith("=PIVOT.HPC_LEASE_NPV("));

  test("each HPC_LEASE_NPV example returns the figure its description states", () => {
    expect(npvRows.length).toBe(2);
    for (const [formula, description] of npvRows) {
      const args = formula
        .slice("=PIVOT.HPC_LEASE_NPV(".length, -1)
        .split(",")
        .map((a) => Number(a.trim()));
      expect(args.every(Number.isFinite)).toBe(true);
      const npv = HPC_LEASE_NPV(...(args.map(m) as Parameters<typeof HPC_LEASE_NPV>))[0][0] as number;
      const stated = /^\$(\d+\.\d\d)B/.exec(description);
      expect(stated).not.toBeNull();
      expect((npv / 1e9).toFixed(2)).toBe(stated?.[1]);
    }
  });

  test("the implied River Bend rent is never escalated again; the year-1 rent gives the same $7.0B", () => {
    const implied = (HPC_IMPLIED_RENT(m(7e9), m(15), m(245))[0][0] as number).toFixed(2);
    expect(implied).toBe("158.73");
    for (const [formula] of tryRows()) {
      const args = /HPC_LEASE_NPV\(245, ([\d.]+), 15, [\d.]+, ([\d.]+)/.exec(formula);
      if (args && args[1] === implied) expect(Number(args[2])).toBe(0);
    }
    // Year-1 rent r with 3% a year over 15 years: 245,000 kW × 12 × r × Σ 1.03^k (k = 0…14) = $7.0B.
    let factor = 0;
    for (let k = 0; k < 15; k++) factor += 1.03 ** k;
    const year1 = 7e9 / (245_000 * 12 * factor);
    expect(year1.toFixed(2)).toBe("128.02");
    // The lease is triple net: $6.9B of NOI on $7.0B of rent, so the examples take a 0.97 NOI margin.
    expect(readme).toContain("`=PIVOT.HPC_LEASE_NPV(245, 128.02, 15, 0.08, 0.03, 0.97)`");
    // The old example escalated the average rent again: 19% too high.
    const wrong = HPC_LEASE_NPV(m(245), m(158.73), m(15), m(0.08), m(0.03), m(0.85))[0][0] as number;
    const right = HPC_LEASE_NPV(m(245), m(158.73), m(15), m(0.08), m(0), m(0.85))[0][0] as number;
    expect(wrong / right - 1).toBeGreaterThan(0.18);
  });
});
