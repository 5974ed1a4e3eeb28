import { safeHttpsUrl, unsafeLinkReason } from "../../src/deals/links";

describe("safeHttpsUrl", () => {
  test.each([
    ["https://www.sec.gov/Archives/edgar/data/1/x.htm", "https://www.sec.gov/Archives/edgar/data/1/x.htm"],
    ["  https://investors.terawulf.com/news  ", "https://investors.terawulf.com/news"],
    ["https://Example.COM", "https://example.com/"],
  ])("accepts %s", (input, href) => {
    expect(safeHttpsUrl(input)).toBe(href);
    expect(unsafeLinkReason(input)).toBeUndefined();
  });

  test.each([
    "http://www.sec.gov/",
    "https://user:pass@evil.example/",
    "https://www.sec.gov@evil.example/",
    "https://@evil.example/",
    "javascript:alert(1)",
    "ftp://host/file",
    "www.sec.gov",
    "https://host/a b",
    "",
    42,
    undefined,
  ])("refuses %p", (input) => {
    expect(safeHttpsUrl(input)).toBeUndefined();
    expect(unsafeLinkReason(input)).toEqual(expect.any(String));
  });

  test("names the user-info part in the reason", () => {
    expect(unsafeLinkReason("https://www.sec.gov@evil.example/")).toMatch(/user name or password/);
  });
});
