/**
 * The task pane's first load (test/bench/firstLoad.ts): which scripts count, and the budget
 * the production build must stay within: 120 KB gzip, 0.7 × the ~169 KB that Microsoft's
 * React task-pane template loads before it does anything.
 */
import { readFileSync } from "node:fs";
import { FIRST_LOAD_BUDGET_KB, distPath, firstLoad, pageScripts } from "../bench/firstLoad";
import { DIST, distFile } from "../support/dist";

describe("pageScripts: every script of the page's own origin, however the markup is spelled", () => {
  test("quoted, single-quoted and unquoted src, any case and attribute order, in page order", () => {
    const html = [
      '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>',
      '<script defer="defer" src="functions.js"></script>',
      "<SCRIPT type='text/javascript' SRC='./taskpane.js'></SCRIPT>",
      "<script defer src=vendor.js></script>",
      '<script src = "/chunk.js?v=2"></script>',
      '<script data-src="not-this.js"></script>',
      '<script src="//cdn.example/x.js"></script>',
      "<script>window.inline = true;</script>",
    ].join("\n");
    expect(pageScripts(html)).toEqual(["functions.js", "./taskpane.js", "vendor.js", "/chunk.js?v=2"]);
    expect(pageScripts(html).map(distPath)).toEqual(["functions.js", "taskpane.js", "vendor.js", "chunk.js"]);
  });

  test("a page with no script of its own is an error, not a first load of 0 KB", () => {
    expect(() => pageScripts('<script src="https://cdn.example/a.js"></script><p>src=x.js</p>')).toThrow(
      "taskpane.html names no script of its own",
    );
  });
});

describe("the production build's first load", () => {
  test("taskpane.html loads functions.js (shared runtime: the functions register in this page) before taskpane.js", () => {
    const scripts = pageScripts(readFileSync(distFile("taskpane.html"), "utf8")).map(distPath);
    expect(scripts).toEqual(["functions.js", "taskpane.js"]);
  });

  test(`is at most ${FIRST_LOAD_BUDGET_KB} KB gzip`, () => {
    const sized = firstLoad(DIST);
    const total = sized.reduce((sum, s) => sum + s.gzipKb, 0);
    expect(total).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_KB);
  });
});
