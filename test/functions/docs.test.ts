/**
 * The docs cannot drift from the code: every function in functions.json has a description
 * for itself and for every argument, a help URL, and at least one worked example
 * `Example: =PIVOT.ID(args) returns N`, which this test runs and compares at the precision
 * shown in the docs.
 */
import { asExcelArgument, loadFunctions } from "../support/functions";
import { isError, single } from "../support/excel";

const EXAMPLE = /Example: =PIVOT\.([A-Z0-9_.]+)\((.*?)\) returns (-?[\d,]*\.?\d+(?:e[+-]?\d+)?)/g;

/** Splits `1, "a,b", , TRUE` into literal values (an empty slot is an omitted argument). */
function parseArgs(text: string): unknown[] {
  if (text.trim() === "") return [];
  const out: unknown[] = [];
  const re = /\s*("(?:[^"]|"")*"|[^,]*)\s*(,|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const token = m[1].trim();
    if (token.startsWith('"')) out.push(token.slice(1, -1).replace(/""/g, '"'));
    else if (token === "") out.push(null);
    else if (/^(TRUE|FALSE)$/i.test(token)) out.push(token.toUpperCase() === "TRUE");
    else out.push(Number(token));
    if (m[2] === "") break;
  }
  return out;
}

describe("function documentation", () => {
  test("every function and every argument is described, with a help URL", async () => {
    const { metadata } = await loadFunctions();
    expect(metadata.length).toBeGreaterThan(0);
    for (const f of metadata) {
      expect({ id: f.id, description: (f.description ?? "").length > 40 }).toEqual({ id: f.id, description: true });
      expect(f.helpUrl).toBe(`https://localhost:3000/help.html#${f.id}`);
      for (const p of f.parameters) {
        if (p.type === "any" && p.name === "invocation") continue;
        expect({ id: f.id, param: p.name, described: (p.description ?? "").length > 5 }).toEqual({
          id: f.id,
          param: p.name,
          described: true,
        });
      }
    }
  });

  test("every function documents at least one worked example", async () => {
    const { metadata } = await loadFunctions();
    for (const f of metadata) {
      expect({ id: f.id, hasExample: /Example: =PIVOT\./.test(f.description ?? "") }).toEqual({
        id: f.id,
        hasExample: true,
      });
    }
  });

  test("every numeric worked example gives the documented value", async () => {
    const { metadata, byId } = await loadFunctions();
    let ran = 0;
    for (const f of metadata) {
      if (f.options?.stream) continue;
      for (const m of (f.description ?? "").matchAll(EXAMPLE)) {
        const [, id, argText, shown] = m;
        const target = metadata.find((x) => x.id === id);
        expect(target).toBeDefined();
        const args = parseArgs(argText).map((v, i) => asExcelArgument(v, target!.parameters[i]));
        const value = single(byId.get(id)!(...args));
        if (isError(value)) throw new Error(`${m[0]}: got ${value.code} ${value.message}`);
        const expected = Number(shown.replace(/,/g, ""));
        const decimals = (shown.split(".")[1] ?? "").replace(/e.*$/i, "").length;
        const tolerance = 0.5 * 10 ** -decimals + 1e-9 * Math.abs(expected);
        expect({ example: m[0], diff: Math.abs((value as number) - expected) <= tolerance, value }).toEqual({
          example: m[0],
          diff: true,
          value,
        });
        ran++;
      }
    }
    expect(ran).toBeGreaterThan(0);
  });
});
