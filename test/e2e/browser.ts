/**
 * Debian's Chromium driven by playwright-core (no browser download), over https with the
 * office-addin-dev-certs CA trusted through an NSS database in a temporary HOME, and every
 * request outside localhost answered locally (never sent): a blocked request is recorded.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "playwright-core";

export const CHROMIUM = process.env.PIVOT_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface TrustedBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Launches Chromium with a HOME whose NSS database trusts `caPath` (certutil from libnss3-tools). */
export async function launchTrusted(caPath: string): Promise<TrustedBrowser> {
  const home = mkdtempSync(join(tmpdir(), "pivot-e2e-home-"));
  const nss = join(home, ".pki", "nssdb");
  mkdirSync(nss, { recursive: true });
  execFileSync("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"], { stdio: "pipe" });
  execFileSync("certutil", ["-A", "-n", "office-addin-dev-certs", "-t", "C,,", "-i", caPath, "-d", `sql:${nss}`], {
    stdio: "pipe",
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: home },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** console.error messages and uncaught exceptions of the page and its frames. */
  readonly errors: string[];
  /** Requests to hosts other than localhost / 127.0.0.1, answered locally and never sent. */
  readonly blocked: string[];
}

const LOCAL = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** A new context (fresh storage) whose page reports console errors and outside requests. */
export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (LOCAL.has(url.hostname) || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    blocked.push(url.href);
    // Answered here, so nothing leaves the machine; an empty page, not a network error.
    return route.fulfill({ status: 204, body: "" });
  });
  // Uncaught errors of every frame (the task pane is a frame) reach the console too.
  await context.addInitScript(() => {
    window.addEventListener("error", (e) => console.error(`uncaught: ${e.message}`));
    window.addEventListener("unhandledrejection", (e: PromiseRejectionEvent) => {
      const reason: unknown = e.reason;
      console.error(`unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}`);
    });
  });
  const page = await context.newPage();
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") errors.push(`console.error: ${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
  return { context, page, errors, blocked };
}
