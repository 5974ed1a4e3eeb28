/** The preview serves taskpane.html with office.js from the local package and its runtime first. */
import { rewriteTaskpaneHtml } from "../../src/preview/server/main";

const CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

describe("rewriteTaskpaneHtml", () => {
  it.each([
    [`<head><script src="${CDN}"></script><script defer src="taskpane.js"></script></head>`],
    [`<head><script src=${CDN}></script><script defer src=taskpane.js></script></head>`],
  ])("points office.js at the local copy and injects the runtime right after it: %s", (html) => {
    const out = rewriteTaskpaneHtml(html);
    expect(out).not.toContain(CDN);
    const order = [
      "window.OsfOptOut = true",
      'src="/preview/office/office.js"',
      'src="/preview/taskpane-inject.js"',
      "taskpane.js",
    ].map((s) => out.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("refuses a page that does not load office.js from the CDN", () => {
    expect(() => rewriteTaskpaneHtml("<script src=office.js></script>")).toThrow(/does not load office.js/);
  });
});
