/**
 * The preview host: `npm run preview`, and `npm start` on a machine without desktop Excel.
 *
 * Serves over https on localhost with the office-addin-dev-certs certificate:
 * - /preview.html: the workbook view beside the real task pane (an iframe on
 *   /taskpane.html?preview), with the fake Excel and the CustomFunctions runtime injected
 *   before the task pane's scripts and office.js served from @microsoft/office-js;
 * - everything the add-in serves (taskpane.html unmodified, functions.js, functions.json,
 *   manifest.xml, help.html, assets), so Excel on the web can sideload the same server.
 *
 * Flags:
 *   --port N        (default: npm_package_config_dev_server_port, else 3000)
 *   --addin DIR     serve a prebuilt add-in (e.g. dist from `webpack --mode production`);
 *                   default: build it in development mode into .cache/preview/addin
 *   --once          build once (production mode for the preview bundle) instead of watching
 *
 * Development-only: nothing here is part of the add-in's bundles.
 */
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import { extname, join, normalize, resolve, sep } from "node:path";

const ROOT = resolve(__dirname, "../../..");
const OFFICE_JS_DIR = join(ROOT, "node_modules", "@microsoft", "office-js", "dist");
const OFFICE_CDN = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

export interface PreviewServerOptions {
  readonly port: number;
  readonly addinDir?: string;
  readonly watch: boolean;
  readonly log?: (line: string) => void;
}

export interface PreviewServer {
  readonly url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/** The task pane page as the preview serves it: local office.js, preview runtime first. */
export function rewriteTaskpaneHtml(html: string): string {
  if (!html.includes(OFFICE_CDN))
    throw new Error(`taskpane.html does not load office.js from ${OFFICE_CDN}; the preview cannot inject its runtime`);
  return html.replace(
    // Quoted or not: the production build minifies the page.
    new RegExp(
      `<script([^>]*?)\\ssrc=["']?${OFFICE_CDN.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}["']?([^>]*)></script>`,
    ),
    // OsfOptOut: office.js outside Office blanks a page that is not the top window (the
    // preview's task pane is a frame) unless this global is defined before it loads.
    `<script>window.OsfOptOut = true;</script>\n    <script$1 src="/preview/office/office.js"$2></script>\n    <script src="/preview/taskpane-inject.js"></script>`,
  );
}

/** A path under `dir`, or undefined when the request escapes it or the file is absent. */
function fileUnder(dir: string, urlPath: string): string | undefined {
  const p = normalize(join(dir, decodeURIComponent(urlPath)));
  if (p !== dir && !p.startsWith(dir + sep)) return undefined;
  if (!existsSync(p) || !statSync(p).isFile()) return undefined;
  return p;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  res.end(body);
}

async function httpsOptions(): Promise<{ key: Buffer; cert: Buffer; ca: Buffer }> {
  const certs = require(join(ROOT, "scripts", "dev-certs.cjs")) as {
    httpsOptions(): Promise<{ key: Buffer; cert: Buffer; ca: Buffer }>;
  };
  return certs.httpsOptions();
}

type Compiler = {
  run(cb: (err: Error | null, stats?: { hasErrors(): boolean; toString(o: unknown): string }) => void): void;
  watch(
    o: object,
    cb: (err: Error | null, stats?: { hasErrors(): boolean; toString(o: unknown): string }) => void,
  ): { close(cb: () => void): void };
  close(cb: (err?: Error | null) => void): void;
};

/** Builds (or starts watching) the add-in and the preview bundle; resolves after the first build. */
async function build(
  addinOut: string | undefined,
  pageOut: string,
  watch: boolean,
  log: (l: string) => void,
): Promise<() => Promise<void>> {
  const webpack = require("webpack") as (configs: object[]) => Compiler;

  const addinFactory = require(join(ROOT, "webpack.config.js")) as (env: object, argv: object) => Promise<object>;

  const previewFactory = require(join(ROOT, "webpack.preview.config.js")) as (
    env: object,
    argv: object,
  ) => Promise<object>;
  const configs: object[] = [];
  if (addinOut !== undefined) configs.push(await addinFactory({ outputPath: addinOut }, { mode: "development" }));
  configs.push(await previewFactory({ outputPath: pageOut }, { mode: watch ? "development" : "production" }));
  const compiler = webpack(configs);
  return new Promise((resolveBuild, reject) => {
    let first = true;
    const done = (err: Error | null, stats?: { hasErrors(): boolean; toString(o: unknown): string }): void => {
      if (err || stats?.hasErrors()) {
        const text = err ? err.message : (stats?.toString("errors-only") ?? "");
        if (first && !watch) {
          first = false;
          reject(new Error(`preview build failed:\n${text}`));
          return;
        }
        // Watching: keep serving and rebuild when the sources are fixed.
        log(`build failed (fix the sources; it rebuilds on save):\n${text}`);
        if (first) {
          first = false;
          resolveBuild(stop);
        }
        return;
      }
      if (first) {
        first = false;
        resolveBuild(stop);
      } else log("rebuilt");
    };
    let watching: { close(cb: () => void): void } | undefined;
    const stop = (): Promise<void> =>
      new Promise((r) => {
        if (watching) watching.close(() => r());
        else compiler.close(() => r());
      });
    if (watch) watching = compiler.watch({ aggregateTimeout: 200 }, done);
    else compiler.run(done);
  });
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const pageDir = join(ROOT, ".cache", "preview", options.watch ? "page-dev" : "page");
  const addinDir =
    options.addinDir !== undefined ? resolve(options.addinDir) : join(ROOT, ".cache", "preview", "addin");
  if (options.addinDir !== undefined && !existsSync(join(addinDir, "taskpane.html"))) {
    throw new Error(`${addinDir} has no taskpane.html: build the add-in first (npx webpack --mode production)`);
  }
  const stopBuild = await build(options.addinDir === undefined ? addinDir : undefined, pageDir, options.watch, log);

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? "/", "https://localhost");
    const path = url.pathname;
    if (req.method !== "GET" && req.method !== "HEAD") return send(res, 405, TYPES[".txt"], "GET only");
    if (path === "/") {
      res.writeHead(302, { Location: "/preview.html" });
      res.end();
      return;
    }
    if (path === "/taskpane.html" && url.searchParams.has("preview")) {
      const file = join(addinDir, "taskpane.html");
      return send(res, 200, TYPES[".html"], rewriteTaskpaneHtml(readFileSync(file, "utf8")));
    }
    const file = path.startsWith("/preview/office/")
      ? fileUnder(OFFICE_JS_DIR, path.slice("/preview/office/".length))
      : path.startsWith("/preview/")
        ? fileUnder(pageDir, path.slice("/preview/".length))
        : (fileUnder(addinDir, path) ?? fileUnder(pageDir, path));
    if (file === undefined) return send(res, 404, TYPES[".txt"], `Not found: ${path}`);
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Cache-Control": "no-store",
    });
    createReadStream(file).pipe(res);
  };

  const server = createServer(await httpsOptions(), handler);
  await new Promise<void>((r, reject) => {
    server.once("error", reject);
    server.listen(options.port, "localhost", () => r());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const url = `https://localhost:${port}`;
  log(`PivotLens preview: ${url}/preview.html (add-in files from ${addinDir})`);
  return {
    url,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await stopBuild();
    },
  };
}

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const port = Number(argValue(args, "--port") ?? process.env.npm_package_config_dev_server_port ?? 3000);
  startPreviewServer({ port, addinDir: argValue(args, "--addin"), watch: !args.includes("--once") }).then(
    (server) => {
      const stop = (): void => {
        void server.close().then(() => process.exit(0));
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
