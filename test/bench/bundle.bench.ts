/**
 * Production bundle sizes (run `npm run build` first): raw and gzip (-9) of every script
 * taskpane.html loads from the add-in's origin and their total (the first load, see
 * firstLoad.ts), every lazy chunk fetched later (each other .js in dist/: panels, stores,
 * workbook layer, the functions fetched on first call), the total of both (everything the
 * pane can ever load), and functions.js. The total is compared with the ~169 KB gzip that
 * Microsoft's React task-pane template loads before it does anything (polyfill 81.6 +
 * react 47.5 + taskpane 39.7 KB, measured on this kind of machine). office.js comes from
 * Microsoft's CDN in both and is counted in neither.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { FIRST_LOAD_BUDGET_KB, TEMPLATE_GZIP_KB, firstLoad, sizeOf } from "./firstLoad";
import { round, type Emit } from "./harness";

const DIST = join(__dirname, "../../dist");

export default function bundleBench(emit: Emit): void {
  if (!existsSync(join(DIST, "taskpane.html"))) throw new Error("dist/ is missing: run `npm run build` first");
  const first = firstLoad(DIST);
  let rawKb = 0;
  let gzipKb = 0;
  for (const s of first) {
    rawKb += s.rawKb;
    gzipKb += s.gzipKb;
    emit({ name: `bundle.taskpane_html.${s.file}.raw`, value: round(s.rawKb), unit: "KB" });
    emit({ name: `bundle.taskpane_html.${s.file}.gzip`, value: round(s.gzipKb), unit: "KB" });
  }
  emit({ name: "bundle.taskpane_html.total.raw", value: round(rawKb), unit: "KB" });
  emit({
    name: "bundle.taskpane_html.total.gzip",
    value: round(gzipKb),
    unit: "KB",
    baseline: TEMPLATE_GZIP_KB,
    ratio: round(gzipKb / TEMPLATE_GZIP_KB, 3),
    note: `${first.map((s) => s.file).join(" + ")}; budget ${FIRST_LOAD_BUDGET_KB} KB, ${gzipKb <= FIRST_LOAD_BUDGET_KB ? "within" : "OVER"}; baseline: Microsoft's React task-pane template; office.js from the CDN excluded from both`,
  });
  // Lazy chunks: every other script webpack emitted at the top of dist/ (import()s of the
  // pane and of functions.js's functions fetched on first call).
  const named = new Set(first.map((s) => s.file));
  const chunks = readdirSync(DIST)
    .filter((f) => f.endsWith(".js") && !named.has(f))
    .sort();
  let lazyRawKb = 0;
  let lazyGzipKb = 0;
  for (const file of chunks) {
    const s = sizeOf(DIST, file);
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
  const f = sizeOf(DIST, "functions.js");
  emit({ name: "bundle.functions_js.raw", value: round(f.rawKb), unit: "KB" });
  emit({ name: "bundle.functions_js.gzip", value: round(f.gzipKb), unit: "KB" });
}
