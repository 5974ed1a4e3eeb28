/**
 * The task pane in a real browser (headless Debian Chromium, the production dist/ served by
 * the preview host; run `npm run build` first):
 * 1. JavaScript the task pane page actually loaded from the add-in's origin (functions.js,
 *    taskpane.js), raw and gzip -9, against the ~169 KB gzip of Microsoft's React task-pane
 *    template. office.js is excluded, as in the template figure. (bundle.bench
 *    counts the same from dist/; this is what the browser fetched.)
 * 2. Time to interactive: from the task pane frame's navigation to the "Refresh market
 *    inputs" button being enabled, median of 5 reloads (after one warm-up), frame clock.
 * 3. Loading 2,000 deals (the bundled ones plus a local JSON feed) into the preview
 *    workbook: click on "Load to sheet" to its success message, the writer's batches and
 *    the preview engine evaluating every formula column included.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import type { Server } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Frame, Page, Response } from "playwright-core";
import { bundledDataset } from "../../src/deals/dataset";
import { startPreviewServer } from "../../src/preview/server/main";
import { launchTrusted, watchedPage } from "../e2e/browser";
import { syntheticDeals } from "../support/syntheticDeals";
import { FIRST_LOAD_BUDGET_KB, TEMPLATE_GZIP_KB, distPath, pageScripts } from "./firstLoad";
import { round, type Emit } from "./harness";

const ROOT = join(__dirname, "../..");
const TIMEOUT_MS = 60_000;

/** The feed over https (deal feeds must be https), with the dev certificate the browser trusts. */
async function serveFeed(body: string, tls: object): Promise<{ url: string; server: Server }> {
  const server = createServer(tls, (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/json", "Access-Control-Allow-Origin": "*" });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "localhost", () => r()));
  return { url: `https://localhost:${(server.address() as AddressInfo).port}/deals.json`, server };
}

async function taskpaneFrame(page: Page): Promise<Frame> {
  const until = Date.now() + TIMEOUT_MS;
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes("/taskpane.html"));
    if (frame !== undefined) return frame;
    if (Date.now() > until) throw new Error("the preview shows no task pane frame");
    await page.waitForTimeout(20);
  }
}

/** performance.now() of the frame at the first animation frame where `selector`'s button is enabled. */
async function whenEnabled(frame: Frame, label: string): Promise<number> {
  const handle = await frame.waitForFunction(
    (text) => {
      const b = [...document.querySelectorAll("button")].find((x) => x.textContent?.trim() === text);
      return b !== undefined && !b.disabled ? performance.now() : false;
    },
    label,
    { polling: "raf", timeout: TIMEOUT_MS },
  );
  return (await handle.jsonValue()) as number;
}

async function reloadFrame(page: Page): Promise<Frame> {
  await page.evaluate(() =>
    (document.getElementById("taskpane") as HTMLIFrameElement).contentWindow?.location.reload(),
  );
  await page.waitForTimeout(50);
  const frame = await taskpaneFrame(page);
  await frame.waitForLoadState("domcontentloaded");
  return frame;
}

export default async function previewBench(emit: Emit): Promise<void> {
  if (!existsSync(join(ROOT, "dist", "taskpane.js"))) throw new Error("dist/ is missing: run `npm run build` first");

  const certs = require(join(ROOT, "scripts", "dev-certs.cjs")) as {
    caCertificatePath: string;
    httpsOptions(): Promise<object>;
  };
  const tls = await certs.httpsOptions();
  const server = await startPreviewServer({
    port: 0,
    addinDir: join(ROOT, "dist"),
    watch: false,
    log: () => undefined,
  });
  const bundled = bundledDataset().deals.length;
  const feed = await serveFeed(JSON.stringify(syntheticDeals(2000 - bundled)), tls);
  const browser = await launchTrusted(certs.caCertificatePath);
  try {
    const w = await watchedPage(browser.browser);
    const { page } = w;

    // 1. What the task pane page loads from the add-in's origin.
    const scripts = new Map<string, Buffer>();
    const bodies: Promise<void>[] = [];
    const onResponse = (response: Response): void => {
      const url = new URL(response.url());
      const inPane = response.frame().url().includes("/taskpane.html");
      if (
        inPane &&
        url.origin === server.url &&
        response.request().resourceType() === "script" &&
        !url.pathname.startsWith("/preview/")
      ) {
        bodies.push(response.body().then((b) => void scripts.set(url.pathname, b)));
      }
    };
    page.on("response", onResponse);
    await page.goto(`${server.url}/preview.html`);
    await whenEnabled(await taskpaneFrame(page), "Refresh market inputs");
    // Only the first load is collected: fetching response bodies over the DevTools protocol
    // during the timed reloads below would slow the page being timed.
    page.off("response", onResponse);
    await Promise.all(bodies);
    if (!scripts.has("/taskpane.js") || !scripts.has("/functions.js"))
      throw new Error(`the task pane loaded ${[...scripts.keys()].join(", ")}`);
    const raw = [...scripts.values()].reduce((s, b) => s + b.length, 0) / 1024;
    const gzip = [...scripts.values()].reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0) / 1024;
    emit({
      name: "preview.taskpane_html.js_loaded.raw",
      value: round(raw),
      unit: "KB",
      note: [...scripts.keys()].sort().join(" + "),
    });
    emit({
      name: "preview.taskpane_html.js_loaded.gzip",
      value: round(gzip),
      unit: "KB",
      baseline: TEMPLATE_GZIP_KB,
      ratio: round(gzip / TEMPLATE_GZIP_KB, 3),
      note: "baseline: Microsoft's React task-pane template; office.js excluded from both",
    });

    // 1b. The first load against its budget: what taskpane.html names must be what the
    // browser fetched before the pane was interactive (a chunk fetched at start-up that the
    // page does not name would make the static count in bundle.bench.ts too low).
    const named = pageScripts(readFileSync(join(ROOT, "dist", "taskpane.html"), "utf8")).map(
      (src) => `/${distPath(src)}`,
    );
    for (const path of named)
      if (!scripts.has(path)) throw new Error(`taskpane.html names ${path}, which the pane did not load`);
    const unnamed = [...scripts.keys()].filter((path) => !named.includes(path));
    const all = readdirSync(join(ROOT, "dist")).filter((f) => f.endsWith(".js"));
    const totalGzip =
      all.reduce((sum, f) => sum + gzipSync(readFileSync(join(ROOT, "dist", f)), { level: 9 }).length, 0) / 1024;
    emit({
      name: "preview.taskpane.first_load.gzip",
      value: round(gzip),
      unit: "KB",
      baseline: TEMPLATE_GZIP_KB,
      ratio: round(gzip / TEMPLATE_GZIP_KB, 3),
      note:
        `budget ${FIRST_LOAD_BUDGET_KB} KB (0.7 × the template's ${TEMPLATE_GZIP_KB}); ${gzip <= FIRST_LOAD_BUDGET_KB ? "within" : "OVER"} budget; ` +
        (unnamed.length === 0
          ? "fetched before interactive: exactly the scripts taskpane.html names"
          : `fetched before interactive beyond taskpane.html's scripts (counted here): ${unnamed.join(", ")}`),
    });
    emit({
      name: "preview.taskpane.all_chunks.gzip",
      value: round(totalGzip),
      unit: "KB",
      baseline: TEMPLATE_GZIP_KB,
      ratio: round(totalGzip / TEMPLATE_GZIP_KB, 3),
      note: `every script in dist/ (${all.length} files), loaded only as tabs and writes need them`,
    });

    // 2. Time to interactive of the task pane frame.
    await whenEnabled(await reloadFrame(page), "Refresh market inputs"); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await whenEnabled(await reloadFrame(page), "Refresh market inputs"));
    times.sort((a, b) => a - b);
    emit({
      name: "preview.taskpane.time_to_interactive.median_of_5",
      value: round(times[2]),
      unit: "ms",
      note: "frame navigation → Refresh button enabled, headless Chromium",
    });

    // 3. 2,000 deals into the preview workbook.
    const frame = await taskpaneFrame(page);
    const pane = page.frameLocator('iframe[title="PivotLens task pane"]');
    await pane.getByRole("tab", { name: "Settings" }).click();
    await pane.getByLabel("Deal feed URL").fill(feed.url);
    await pane.getByRole("button", { name: "Save settings" }).click();
    await pane
      .getByRole("region", { name: "Settings messages" })
      .getByRole("group")
      .last()
      .waitFor({ timeout: TIMEOUT_MS });
    await pane.getByRole("button", { name: "Load deal feed" }).click();
    await frame.waitForFunction(
      () =>
        document.querySelector('[role="region"][aria-label="Settings messages"]')?.textContent?.match(/feed/i) !== null,
      undefined,
      { timeout: TIMEOUT_MS },
    );
    await pane.getByRole("tab", { name: "Deals" }).click();
    // The Deals panel is a lazy chunk: wait for its button before timing the click.
    await pane.getByRole("button", { name: "Load to sheet" }).waitFor({ timeout: TIMEOUT_MS });
    const t0 = await frame.evaluate(() => {
      const start = performance.now();
      const button = [...document.querySelectorAll("button")].find((x) => x.textContent?.trim() === "Load to sheet");
      if (button === undefined) throw new Error('no "Load to sheet" button on the Deals tab');
      button.click();
      return start;
    });
    const handle = await frame.waitForFunction(
      () => {
        const region = document.querySelector('[role="region"][aria-label="Deals messages"]');
        return region !== null && region.querySelector('[role="group"]') !== null ? performance.now() : false;
      },
      undefined,
      { polling: "raf", timeout: 300_000 },
    );
    const loadMs = ((await handle.jsonValue()) as number) - t0;
    const rows = await page.evaluate(() => {
      type Host = { workbook: { tables: { rect: { rows: number } }[] } };
      const tables = (window as unknown as { __pivotPreview: Host }).__pivotPreview.workbook.tables;
      return tables.map((t) => t.rect.rows - 1);
    });
    if (!rows.includes(2000)) {
      const said = await pane.getByRole("region", { name: "Settings messages" }).innerText();
      throw new Error(
        `expected a 2,000-row deals table, found tables of ${rows.join(", ")} rows; Settings said: ${said}`,
      );
    }
    emit({
      name: "preview.load_deals.time.2000_deals",
      value: round(loadMs),
      unit: "ms",
      note: "click → success message, browser, fake Excel + HyperFormula",
    });
    if (w.errors.length > 0) throw new Error(`the page logged errors:\n${w.errors.join("\n")}`);
    await w.context.close();
  } finally {
    await browser.close();
    await server.close();
    await new Promise<void>((r) => feed.server.close(() => r()));
  }
}
