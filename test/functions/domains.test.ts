/**
 * Every out-of-domain argument of every function, driven from the declared specs, so a new
 * function or argument is covered without editing this file: the Excel-facing function gives
 * #VALUE! (which Excel shows with its message) naming the argument, its range and unit, and
 * the value given; a percentage typed for a fraction says "did you mean …?".
 */
import { describeDomain, type NumberArgSpec } from "../../src/functions/adapter/spec";
import { inDomain } from "../../src/functions/adapter/coerce";
import { isError, single } from "../support/excel";
import { definedFunctions, asArg, validValue, validNumber, type Entry } from "./registry";

interface Case {
  readonly entry: Entry;
  readonly index: number;
  readonly value: unknown;
  readonly expected: RegExp;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function outOfDomain(spec: NumberArgSpec): number[] {
  const values: number[] = [];
  if (spec.min !== undefined) values.push(spec.minExclusive ? spec.min : spec.min - 1);
  if (spec.max !== undefined) values.push(spec.maxExclusive ? spec.max : spec.max + 1);
  // Just above the lower bound: a fraction a double holds exactly whatever the range (mid-range + 0.5
  // rounds to a whole number for ranges as wide as 2^53).
  if (spec.integer) values.push(spec.min !== undefined ? spec.min + 0.5 : validNumber(spec) + 0.5);
  return values;
}

function cases(entries: Entry[]): Case[] {
  const out: Case[] = [];
  for (const entry of entries) {
    entry.def.args.forEach((spec, index) => {
      if (spec.kind === "text") {
        if (spec.oneOf)
          out.push({ entry, index, value: "no-such-option", expected: new RegExp(`^${spec.name} must be one of `) });
        return;
      }
      for (const value of outOfDomain(spec)) {
        const head = `^${escape(`${spec.name} must be ${describeDomain(spec)}; got ${value}`)}`;
        out.push({ entry, index, value, expected: new RegExp(head) });
      }
      // A whole percentage where a fraction belongs: the hint gives the fraction.
      if (/\d%/.test(spec.unit) && spec.max !== undefined) {
        const fraction = spec.maxExclusive ? spec.max / 2 : spec.max;
        if (inDomain(fraction, spec) && !inDomain(fraction * 100, spec)) {
          out.push({
            entry,
            index,
            value: fraction * 100,
            expected: new RegExp(`did you mean ${escape(String(fraction))}\\?$`),
          });
        }
      }
    });
  }
  return out;
}

let entries: Entry[];
beforeAll(async () => {
  entries = await definedFunctions();
});

test("the registry finds every function of functions.json, each with its specs in parameter order", () => {
  expect(entries.length).toBeGreaterThanOrEqual(20);
  for (const { def, meta } of entries) {
    const params = meta.parameters.filter((p) => p.name !== "invocation").map((p) => p.name);
    expect(params).toEqual(def.args.map((a) => a.name));
  }
});

test("every out-of-domain argument of every function is #VALUE! naming it, its range and the value", () => {
  const all = cases(entries);
  expect(all.length).toBeGreaterThan(60);
  const failures: string[] = [];
  for (const c of all) {
    const { def, meta, excel } = c.entry;
    const raw = def.args.map((spec, i) => asArg(i === c.index ? c.value : validValue(spec), meta, i));
    const shown = single(excel(...raw));
    const ok = isError(shown) && shown.code === "#VALUE!" && c.expected.test(shown.message);
    if (!ok) failures.push(`${def.id}(${def.args[c.index].name} = ${String(c.value)}): ${JSON.stringify(shown)}`);
  }
  expect(failures).toEqual([]);
});

test("the hint is exact for the commonest slip: 8 typed for 8%", () => {
  const lease = entries.find((e) => e.def.id === "HPC_LEASE_NPV")!;
  const shown = single(lease.excel([[245]], [[150]], [[15]], [[8]]));
  expect(shown).toMatchObject({
    code: "#VALUE!",
    message:
      "discount_rate must be a number > -1 and ≤ 1 (effective annual rate, 0.08 = 8%); got 8: did you mean 0.08?",
  });
});
