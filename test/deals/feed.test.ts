/**
 * Feed parsing: JSON and CSV, each bad row reported with its line and the field at fault,
 * good rows still loaded; text kept verbatim (formula-looking text included).
 */
import { parseCsv, CsvSyntaxError } from "../../src/deals/csv";
import { DealFeedError, parseDealFeed, sniffFormat } from "../../src/deals/feed";
import { validateDealRecord } from "../../src/deals/schema";

const GOOD = {
  id: "ACME-ONE-2026",
  company: "Acme Mining",
  ticker: "ACME",
  tenant: "Some Cloud",
  dealType: "lease",
  contractValueUsd: 1.2e9,
  termYears: 10,
  criticalItMw: 50,
  source: "Acme 8-K",
  verified: true,
};

describe("schema: one record", () => {
  const check = (patch: Record<string, unknown>) => validateDealRecord({ ...GOOD, ...patch }, { line: 7, row: 3 });

  test("a good record becomes a deal; headers and keys both work, any case", () => {
    const r = validateDealRecord(
      {
        ID: "x-1",
        COMPANY: "A",
        ticker: "A",
        Tenant: "T",
        type: "GPU CLOUD SERVICE",
        "value usd": "1,500,000",
        "Term Years": "5",
        mw: 10,
        Source: "s",
        Verified: "yes",
        "margin low": "85%",
        "Margin basis": "noi",
      },
      { line: 1, row: 1 },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.deal).toEqual({
      id: "x-1",
      company: "A",
      ticker: "A",
      tenant: "T",
      dealType: "GPU cloud service",
      contractValueUsd: 1.5e6,
      termYears: 5,
      criticalItMw: 10,
      source: "s",
      verified: true,
      marginLow: 0.85,
      marginBasis: "NOI",
    });
  });

  test.each([
    [{ criticalItMw: -5 }, "MW", /must be a number > 0 and ≤ 100000 \(MW of critical IT\); got -5/],
    [{ criticalItMw: "lots" }, "MW", /got "lots"/],
    [{ termYears: 0 }, "Term years", /> 0/],
    [{ dealType: "colo" }, "Type", /must be one of "lease", "colocation", "GPU cloud service", "other"/],
    [{ ownershipShare: 1.2 }, "Ownership share", /must be a number > 0 and ≤ 1 \(fraction \(0.51 = 51%\)\); got 1.2/],
    [{ ownershipShare: 0 }, "Ownership share", /> 0 and ≤ 1/],
    [{ renewalCount: 2.5, renewalYears: 5 }, "Renewal count", /must be a whole number ≥ 1/],
    [{ relation: "extension", parentId: "X-1" }, "Relation", /must be one of "expansion", "restatement"/],
    [{ sourceUrl: "http://example.com/x" }, "Source URL", /https/],
    [{ sourceUrl: "javascript:alert(1)" }, "Source URL", /https/],
    [{ announced: "2025-02-30" }, "Announced", /not a calendar date/],
    [{ start: "2026-13" }, "Start", /not a valid month/],
    [{ verified: "maybe" }, "Verified", /TRUE or FALSE/],
    [{ id: "bad id!" }, "ID", /letters, digits/],
    [{ ticker: "<>X*" }, "Ticker", /letters, digits, "." and "-"/],
    [{ tenant: "" }, "Tenant", /required/],
    [{ capexUsdPerMwLow: 10e6, capexUsdPerMwHigh: 8e6 }, "Capex USD/MW high", /below/],
    [{ marginLow: 0.8 }, "Margin basis", /required when a margin is given/],
    [{ marginLow: 1.2, marginBasis: "NOI" }, "Margin low", /≤ 1/],
    [{ renewalValueUsd: 1e9 }, "Value with renewals USD", /below the contract value/],
    [{ contractValueUsd: "5%" }, "Value USD", /percentage is allowed only/],
  ])("%j is rejected on its field", (patch, field, message) => {
    const r = check(patch);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      expect.objectContaining({ line: 7, row: 3, field, severity: "error", message: expect.stringMatching(message) }),
    ]);
  });

  test("formula-looking text stays verbatim", () => {
    for (const tenant of ['=HYPERLINK("http://x","y")', "+1", "-cmd", "@SUM(A1)", "'quoted"]) {
      const r = check({ tenant });
      expect(r.ok && r.deal.tenant).toBe(tenant);
    }
  });

  test("control characters are removed but line feeds kept", () => {
    const r = check({ notes: "a\u0000b\u001bc\nd" });
    expect(r.ok && r.deal.notes).toBe("a b c\nd");
  });
});

describe("CSV reader", () => {
  test("quotes, doubled quotes, commas, CRLF and multi-line fields, with starting lines", () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n"line1\nline2",z\n\n,,\nlast,1';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ["a", "b"] },
      { line: 2, cells: ["x, y", 'say "hi"'] },
      { line: 3, cells: ["line1\nline2", "z"] },
      { line: 7, cells: ["last", "1"] },
    ]);
  });

  test("malformed quotes are errors with a line", () => {
    expect(() => parseCsv('a,b\n"open,1')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a,b\nx"y,1')).toThrow(/line 2/);
    expect(() => parseCsv('a\n"q"x')).toThrow(/after a closing quote/);
  });
});

describe("feed parsing", () => {
  test("format sniffing", () => {
    expect([sniffFormat(" [ ]"), sniffFormat("\ufeff{}"), sniffFormat("ID,Company")]).toEqual(["json", "json", "csv"]);
  });

  test("JSON: bad rows are reported with the line where they start; good rows load", () => {
    const text = [
      "[",
      `  ${JSON.stringify(GOOD)},`,
      "  {",
      '    "id": "ACME-TWO-2026", "company": "Acme", "ticker": "ACME", "tenant": "T",',
      '    "dealType": "lease", "criticalItMw": "n/a", "source": "s", "verified": false',
      "  },",
      `  ${JSON.stringify({ ...GOOD, id: "ACME-THREE-2026", tenant: '=HYPERLINK("http://x","y")', colour: "red" })}`,
      "]",
    ].join("\n");
    const r = parseDealFeed(text);
    expect(r.format).toBe("json");
    expect(r.rowCount).toBe(3);
    expect(r.deals.map((d) => d.id)).toEqual(["ACME-ONE-2026", "ACME-THREE-2026"]);
    expect(r.deals[1].tenant).toBe('=HYPERLINK("http://x","y")');
    expect(r.issues).toEqual([
      expect.objectContaining({ line: 3, row: 2, field: "MW", id: "ACME-TWO-2026", severity: "error" }),
      expect.objectContaining({
        line: 7,
        row: 3,
        field: "colour",
        severity: "warning",
        message: expect.stringMatching(/not a deal field and was ignored/),
      }),
    ]);
  });

  test('JSON: {"deals": [...]} (the bundled shape) gives lines too', () => {
    const text = `{\n "about": "x [not an array]",\n "deals": [\n  ${JSON.stringify(GOOD)},\n  {"id": "B"}\n ]\n}`;
    const r = parseDealFeed(text);
    expect(r.deals).toHaveLength(1);
    expect(new Set(r.issues.map((i) => i.line))).toEqual(new Set([5]));
    expect(r.issues.map((i) => i.field)).toEqual(["Company", "Ticker", "Tenant", "Type", "Source", "Verified"]);
  });

  test("CSV: each bad row with its line and field; a quoted multi-line cell counts its lines", () => {
    const text = [
      "ID,Company,Ticker,Tenant,Type,Value USD,Term years,MW,Source,Verified,Notes",
      'A-1,Acme,ACME,"=HYPERLINK(""http://x"",""y"")",lease,"1,000,000,000",10,50,8-K,TRUE,',
      'A-2,Acme,ACME,+1,lease,1e9,ten,50,8-K,TRUE,"two',
      'lines"',
      "A-3,Acme,ACME,-cmd,lease,1e9,10,50,8-K,FALSE,x,EXTRA",
      "A-4,Acme,ACME,@SUM(A1),lease,1e9,10,50,8-K,no,",
      "A-1,Acme,ACME,dup,lease,1e9,10,50,8-K,TRUE,",
    ].join("\r\n");
    const r = parseDealFeed(text);
    expect(r.format).toBe("csv");
    expect(r.rowCount).toBe(5);
    expect(r.deals.map((d) => [d.id, d.tenant])).toEqual([
      ["A-1", '=HYPERLINK("http://x","y")'],
      ["A-4", "@SUM(A1)"],
    ]);
    expect(r.issues.map((i) => [i.line, i.field, i.severity])).toEqual([
      [3, "Term years", "error"],
      [5, "(row)", "error"],
      [7, "ID", "error"],
    ]);
    expect(r.issues[0].message).toMatch(/got "ten"/);
    expect(r.issues[2].message).toMatch(/duplicates the id of row 1 \(line 2\)/);
  });

  test("CSV: an unknown column is reported once and ignored", () => {
    const r = parseDealFeed(
      "id,company,ticker,tenant,type,source,verified,Analyst\nA,B,C,D,other,s,true,me\nB,B,C,D,other,s,true,you",
    );
    expect(r.deals).toHaveLength(2);
    expect(r.issues).toEqual([expect.objectContaining({ line: 2, field: "Analyst", severity: "warning" })]);
  });

  test.each([
    ["", /empty/],
    ["{not json", /not valid JSON/],
    ['{"rows": []}', /array of deals/],
    ["foo,bar\n1,2", /not a header of deal fields/],
    ["ID,MW,mw\nA,1,2", /names MW twice/],
    ['ID,Company\n"A,B', /not valid CSV/],
  ])("unusable feed %j raises DealFeedError", (text, message) => {
    expect(() => parseDealFeed(text)).toThrow(DealFeedError);
    expect(() => parseDealFeed(text)).toThrow(message);
  });
});
