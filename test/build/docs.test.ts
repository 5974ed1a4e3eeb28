/** The README's function reference and help.html come from the same generated metadata. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readDist, distFunctions } from "../support/dist";

const docs = require("../../scripts/function-docs.cjs") as {
  generateMetadata: () => Promise<{ functions: { id: string }[] }>;
  renderMarkdown: (m: unknown) => string;
  replaceSection: (readme: string, md: string) => string;
};

describe("function reference", () => {
  test("README.md's reference is up to date with the JSDoc (npm run docs:functions)", async () => {
    const readme = readFileSync(join(__dirname, "../../README.md"), "utf8");
    const metadata = await docs.generateMetadata();
    expect(docs.replaceSection(readme, docs.renderMarkdown(metadata))).toBe(readme);
    for (const f of metadata.functions) expect(readme).toContain(`### PIVOT.${f.id}`);
  });

  test("dist/help.html has an anchor for every function's @helpurl", () => {
    const html = readDist("help.html");
    for (const f of distFunctions()) {
      // The production build minifies html: id="X" may be emitted as id=X.
      expect(html).toMatch(new RegExp(`id="?${f.id}"?[ >]`));
      expect(f.helpUrl).toMatch(new RegExp(`/help\\.html#${f.id}$`));
    }
  });
});
