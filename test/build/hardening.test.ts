/**
 * The deployable build: taskpane.html carries a Content-Security-Policy (scripts from this
 * origin and Office's CDN only; connections as the README's "What the add-in connects to"
 * states) and dist/ holds no source maps.
 */
import { readdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { DIST, readDist } from "../support/dist";
import { rewriteTaskpaneHtml } from "../../src/preview/server/main";

function csp(html: string): Map<string, string[]> {
  const m = /<meta\s+http-equiv="?Content-Security-Policy"?\s+content="([^"]+)"/i.exec(html);
  if (!m) throw new Error("taskpane.html has no Content-Security-Policy meta tag");
  const directives = new Map<string, string[]>();
  for (const part of m[1].split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values);
  }
  return directives;
}

describe("taskpane.html's Content-Security-Policy", () => {
  const html = readDist("taskpane.html");
  const policy = csp(html);

  test("comes before any script, so it governs them all", () => {
    expect(html.search(/http-equiv="?Content-Security-Policy/i)).toBeLessThan(html.search(/<script/i));
  });

  test("scripts only from this origin and Office's CDN: no inline code, no eval in production", () => {
    const scripts = policy.get("script-src")!;
    expect(scripts).toContain("'self'");
    expect(scripts).toContain("https://appsforoffice.microsoft.com");
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts.filter((s) => !s.startsWith("'sha256-"))).toEqual(["'self'", "https://appsforoffice.microsoft.com"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
  });

  test("connections: this origin, the default market sources, https and local http", () => {
    expect(policy.get("connect-src")).toEqual(
      expect.arrayContaining([
        "'self'",
        "https://mempool.space",
        "https://api.coinbase.com",
        "https://api.kraken.com",
        "https:",
      ]),
    );
    for (const source of policy.get("connect-src")!) expect(source).not.toMatch(/^(http:|ws:|\*)$/);
  });

  test("the page's every script is from an allowed source, the preview's injected one included", () => {
    const page = rewriteTaskpaneHtml(html);
    const allowed = policy.get("script-src")!;
    for (const m of page.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/gi)) {
      const src = /\ssrc=["']?([^"' >]+)/.exec(m[1])?.[1];
      if (src !== undefined) {
        expect(
          src.startsWith("/") || src.startsWith("https://appsforoffice.microsoft.com/") || !/^[a-z]+:/i.test(src),
        ).toBe(true);
      } else {
        const hash = createHash("sha256").update(m[2]).digest("base64");
        expect(allowed).toContain(`'sha256-${hash}'`);
      }
    }
  });
});

test("dist/ holds no source maps and no bundle points at one", () => {
  const files = readdirSync(DIST, { recursive: true }).map(String);
  expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
  for (const f of files.filter((x) => x.endsWith(".js"))) expect(readDist(f)).not.toMatch(/sourceMappingURL/);
});
