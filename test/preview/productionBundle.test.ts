/**
 * HyperFormula (GPL) and the rest of the preview are development tools: none of it may reach
 * the production add-in (dist/ from `webpack --mode production`, which `npm test` builds
 * before jest). The markers are strings HyperFormula's own minified build keeps (its name,
 * its GPL license-key value), checked first against that build so the scan is known to work.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { DIST, distFile } from "../support/dist";

const MARKERS = [/hyperformula/i, /gpl-v3/, /taskpane-inject/, /OsfOptOut/, /__pivotPreview/];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

function findings(text: string): string[] {
  return MARKERS.filter((m) => m.test(text)).map(String);
}

describe("the production bundle holds no preview code", () => {
  it("the markers do find HyperFormula's minified build", () => {
    const hf = readFileSync(
      require.resolve("hyperformula").replace(/commonjs[\\/]index\.js$/, "dist/hyperformula.min.js"),
      "utf8",
    );
    expect(findings(hf)).toEqual(expect.arrayContaining(["/hyperformula/i", "/gpl-v3/"]));
  });

  it("no file in dist/ contains HyperFormula or the preview runtime", () => {
    distFile("taskpane.js");
    distFile("functions.js");
    const shipped = files(DIST).filter((f) => !f.endsWith(".map") && !/\.(png|ico)$/.test(f));
    const bad = shipped
      .map((f) => ({ file: relative(DIST, f), found: findings(readFileSync(f, "utf8")) }))
      .filter((x) => x.found.length > 0);
    expect(bad).toEqual([]);
  });

  it("taskpane.html loads office.js from Microsoft's CDN (the preview rewrites it only when serving the preview)", () => {
    const html = readFileSync(distFile("taskpane.html"), "utf8");
    expect(html).toMatch(/src=["']?https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/office\.js/);
  });
});
