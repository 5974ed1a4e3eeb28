/**
 * Offline manifest checks (office-addin-manifest validate needs a Microsoft service that
 * cannot be reached here): well-formed XML, ids, host, namespace, shared runtime, https
 * URLs, every resid used is defined; and the production manifest has no dev URL left.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { readDist } from "../support/dist";

const SOURCE = readFileSync(join(__dirname, "../../manifest.xml"), "utf8");

const pkg = require("../../package.json") as { config: { prod_origin: string } };

type Node = Record<string, unknown>;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", removeNSPrefix: true });

/** All values of an attribute anywhere in the tree. */
function attributeValues(node: unknown, attr: string, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => attributeValues(n, attr, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node as Node)) {
      if (k === `@${attr}` && typeof v === "string") out.push(v);
      else attributeValues(v, attr, out);
    }
  }
  return out;
}

function urlsIn(xml: string): string[] {
  return [...xml.matchAll(/(?:DefaultValue="|<AppDomain>|<SourceLocation DefaultValue=")([a-z]+:\/\/[^"<]+)/g)].map(
    (m) => m[1],
  );
}

describe("manifest.xml", () => {
  const doc = parser.parse(SOURCE) as Node;
  const app = doc.OfficeApp as Node;

  test("is well-formed XML", () => {
    expect(XMLValidator.validate(SOURCE)).toBe(true);
  });

  test("has a GUID id, a four-part version and targets Excel (Workbook)", () => {
    expect(app.Id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    expect(String(app.Version)).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(attributeValues(app.Hosts, "Name")).toEqual(["Workbook"]);
  });

  test("requires SharedRuntime 1.1 and runs one long-lived runtime", () => {
    const sets = attributeValues(app.Requirements, "Name");
    expect(sets).toContain("SharedRuntime");
    expect(SOURCE).toMatch(/<Set Name="SharedRuntime" MinVersion="1.1"\/>/);
    expect(SOURCE).toMatch(/<Runtime resid="Taskpane.Url" lifetime="long"\/>/);
  });

  test("requires the ExcelApi version the workbook writers use (Table.resize is 1.13)", () => {
    expect(SOURCE).toMatch(/<Set Name="ExcelApi" MinVersion="1.13"\/>/);
  });

  test("declares the CustomFunctions extension point with namespace PIVOT", () => {
    expect(SOURCE).toMatch(/<ExtensionPoint xsi:type="CustomFunctions">/);
    const nsResid = /<Namespace resid="([^"]+)"\/>/.exec(SOURCE)![1];
    const ns = new RegExp(`<bt:String id="${nsResid.replace(".", "\\.")}" DefaultValue="([^"]+)"`).exec(SOURCE)![1];
    expect(ns).toBe("PIVOT");
  });

  test("has a ribbon button that shows the task pane", () => {
    expect(SOURCE).toMatch(/<Action xsi:type="ShowTaskpane">/);
  });

  test("every resid used is defined, and every id is unique", () => {
    const used = new Set(attributeValues(app, "resid"));
    const defined = attributeValues((app.VersionOverrides as Node).Resources, "id");
    expect(new Set(defined).size).toBe(defined.length);
    for (const id of used) expect(defined).toContain(id);
  });

  test("every URL is https", () => {
    const urls = urlsIn(SOURCE);
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) expect(u).toMatch(/^https:\/\//);
  });

  test("icons referenced exist in assets/", () => {
    for (const u of urlsIn(SOURCE).filter((x) => x.includes("/assets/"))) {
      const file = u.split("/assets/")[1];
      expect(() => readFileSync(join(__dirname, "../../assets", file))).not.toThrow();
    }
  });
});

describe("production build rewrites every dev URL", () => {
  test.each(["manifest.xml", "functions.json", "taskpane.html"])("dist/%s has no localhost URL", (name) => {
    expect(readDist(name)).not.toMatch(/localhost/);
  });

  test("dist/manifest.xml points every URL at the production origin", () => {
    const prod = readDist("manifest.xml");
    const origin = pkg.config.prod_origin.replace(/\/+$/, "");
    const urls = urlsIn(prod);
    expect(urls.length).toBe(urlsIn(SOURCE).length);
    for (const u of urls) expect(u.startsWith(origin)).toBe(true);
  });
});
