/**
 * What the task pane's first load is, read from the production build: every script
 * taskpane.html names from the add-in's own origin, in page order. Those are all the chunks
 * the page needs before it runs: html-webpack-plugin writes a <script> for every initial
 * chunk of the functions and taskpane entries (a chunk an entry imports synchronously is one
 * of them), and everything else webpack emits is fetched later by import(). office.js comes
 * from Microsoft's CDN and is not counted (nor in the template figure it is compared with).
 * bundle.bench.ts sums these files; preview.bench.ts checks them against what a browser
 * actually fetched before the pane was interactive; test/build/firstLoad.test.ts holds the
 * budget.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The first-load budget, KB gzip: 0.7 × the template's. */
export const FIRST_LOAD_BUDGET_KB = 120;
/** Microsoft's React task-pane template before it does anything, KB gzip (polyfill 81.6 + react 47.5 + taskpane 39.7). */
export const TEMPLATE_GZIP_KB = 169;

/**
 * The scripts a page names from its own origin, in order, whatever the markup's spelling:
 * `src="a.js"`, `src='a.js'` or `src=a.js` (a minifier may drop the quotes), any case, any
 * attribute order. Absolute and protocol-relative URLs (a CDN) are left out. Throws when
 * there is none: a size check that finds nothing must not pass.
 */
export function pageScripts(html: string): string[] {
  const found = [...html.matchAll(/<script\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/gi)]
    .map((m) => (m[1] ?? m[2] ?? m[3]).trim())
    .filter((src) => src !== "" && !/^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(src));
  if (found.length === 0)
    throw new Error("taskpane.html names no script of its own: the size check would measure nothing");
  return found;
}

/** A script's path in dist/ ("./a.js", "/a.js" and "a.js?v=1" are dist/a.js). */
export function distPath(src: string): string {
  return src.replace(/[?#].*$/, "").replace(/^\.?\//, "");
}

export interface Sized {
  readonly file: string;
  readonly rawKb: number;
  readonly gzipKb: number;
}

/** Raw and gzip -9 size of a file in `dir`, in KB (1024 bytes). */
export function sizeOf(dir: string, file: string): Sized {
  const bytes = readFileSync(join(dir, file));
  return { file, rawKb: bytes.length / 1024, gzipKb: gzipSync(bytes, { level: 9 }).length / 1024 };
}

/** The first-load scripts of `dist` with their sizes, in page order. */
export function firstLoad(dist: string): Sized[] {
  return pageScripts(readFileSync(join(dist, "taskpane.html"), "utf8")).map((src) => sizeOf(dist, distPath(src)));
}
