/**
 * Production bundle sizes (run `npm run build` first): raw and gzip (-9) of every script
 * taskpane.html loads from the add-in's origin and their total (the first load), every lazy
 * chunk the pane fetches later (each other .js in dist/: panels, stores, workbook layer), the
 * total of both (everything the pane can ever load), and functions.js. The total is
 * compared with the ~169 KB gzip that Microsoft's React task-pane template loads before it
 * does anything (polyfill 81.6 + react 47.5 + taskpane 39.7 KB, measured on this kind of
 * machine; ../shared/reference/testing.md). office.js comes from Microsoft's CDN in both
 * and is counted in neither.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { round, type Emit } from "./harness";

const DIST = join(__dirname, "../../dist");
const TEMPLATE_GZIP_KB = 169;

function sizes(file: string): { rawKb: number; gzipKb: number } {
  const bytes = readFileSync(join(DIST, file));
  return { rawKb: bytes.length / 1024, gzipKb: gzipSync(bytes, { level: 9 }).length / 1024 };
}

/** Scripts a page loads from the add-in's own origin (relative src), in order. */
export function localScripts(html: string): string[] {
  return [...html.matchAll(/<script[^>]*\bsrc=(?:"([^"]+)"|'([^']+)'|([^\s>]+))/g)]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .filter((src) => !/^[a-z]+:\/\//i.test(src));
}

export default function bundleBench(emit: Emit): void {
  if (!existsSync(join(DIST, "taskpane.html"))) throw new Error("dist/ is missing: run `npm run build` first");
  const scripts = localScripts(readFileSync(join(DIST, "taskpane.html"), "utf8"));
  let rawKb = 0;
  let gzipKb = 0;
  for (const src of scripts) {
    const s = sizes(src.replace(/^\.?\//, ""));
    rawKb += s.rawKb;
    gzipKb += s.gzipKb;
    emit({ name: `bundle.taskpane_html.${src}.raw`, value: round(s.rawKb), unit: "KB" });
    emit({ name: `bundle.taskpane_html.${src}.gzip`, value: round(s.gzipKb), unit: "KB" });
  }
  emit({ name: "bundle.taskpane_html.total.raw", value: round(rawKb), unit: "KB" });
  emit({
    name: "bundle.taskpane_html.total.gzip",
    value: round(gzipKb),
    unit: "KB",
    baseline: TEMPLATE_GZIP_KB,
    ratio: round(gzipKb / TEMPLATE_GZIP_KB, 3),
    note: "baseline: Microsoft's React task-pane template (testing.md); office.js from the CDN excluded from both",
  });
  // Lazy chunks: every other script webpack emitted at the top of dist/ (the pane's import()s).
  const first = new Set(scripts.map((src) => src.replace(/^\.?\//, "")));
  const chunks = readdirSync(DIST)
    .filter((f) => f.endsWith(".js") && !first.has(f))
    .sort();
  let lazyRawKb = 0;
  let lazyGzipKb = 0;
  for (const file of chunks) {
    const s = sizes(file);
    lazyRawKb += s.rawKb;
    lazyGzipKb += s.gzipKb;
    emit({ name: `bundle.lazy.${file}.gzip`, value: round(s.gzipKb), unit: "KB" });
  }
  emit({ name: "bundle.lazy.total.gzip", value: round(lazyGzipKb), unit: "KB", note: `${chunks.length} chunks` });
  emit({ name: "bundle.all_scripts.total.raw", value: round(rawKb + lazyRawKb), unit: "KB" });
  emit({
    name: "bundle.all_scripts.total.gzip",
    value: round(gzipKb + lazyGzipKb),
    unit: "KB",
    baseline: TEMPLATE_GZIP_KB,
    ratio: round((gzipKb + lazyGzipKb) / TEMPLATE_GZIP_KB, 3),
    note: "first load plus every lazy chunk; baseline as for bundle.taskpane_html.total.gzip",
  });
  const f = sizes("functions.js");
  emit({ name: "bundle.functions_js.raw", value: round(f.rawKb), unit: "KB" });
  emit({ name: "bundle.functions_js.gzip", value: round(f.gzipKb), unit: "KB" });
}
