/**
 * The browser scenarios. The task pane is the production bundle, queried by role and name
 * as a user finds things; the workbook is read from the preview host's model
 * (window.__pivotPreview), and every computed number is recomputed here by src/core.
 */
import { join } from "node:path";
import type { Browser, FrameLocator, Page } from "playwright-core";
import embedded from "../../src/market/embedded-snapshot.json";
import { hashpriceUsdPerPhDay } from "../../src/core/mining";
import { impliedRentUsdPerKwMonth, leaseNpvUsdOf } from "../../src/core/lease";
import { miningNpvUsdPerMw } from "../../src/core/pivot";
import { DEAL_FIELDS, type DealKey } from "../../src/deals/schema";
import { DEFAULT_FIXTURE_DATA, FIXTURE_ENDPOINTS, type FixtureServer } from "../support/marketFixtureServer";
import { watchedPage, type WatchedPage } from "./browser";
import { HISTORY_SCENARIO } from "./historyScenario";
import { MIX_SCENARIO } from "./mixScenario";
import { MIX_GROW_SCENARIO } from "./mixGrowScenario";

export interface Env {
  readonly browser: Browser;
  readonly previewUrl: string;
  readonly fixtures: FixtureServer;
  readonly artifacts: string;
}

export interface Scenario {
  readonly name: string;
  run(env: Env): Promise<void>;
}

const STEP_MS = 30_000;

class Failure extends Error {}

function check(ok: boolean, message: string): void {
  if (!ok) throw new Failure(message);
}

function close(actual: unknown, expected: number, what: string, rel = 1e-9): void {
  check(typeof actual === "number", `${what}: expected a number near ${expected}, got ${JSON.stringify(actual)}`);
  const a = actual as number;
  check(
    Math.abs(a - expected) <= rel * Math.max(Math.abs(expected), 1e-300),
    `${what}: ${a} is not within ${rel} (relative) of ${expected}`,
  );
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false>, ms = STEP_MS): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Failure(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pane = (page: Page): FrameLocator => page.frameLocator('iframe[title="PivotLens task pane"]');

/** Opens the preview and waits until the task pane's Refresh button is enabled. */
async function openPreview(env: Env): Promise<WatchedPage> {
  const w = await watchedPage(env.browser);
  await w.page.goto(env.previewUrl);
  await pane(w.page)
    .getByRole("button", { name: "Refresh market inputs" })
    .waitFor({ state: "visible", timeout: STEP_MS });
  await waitFor("the Refresh button to be enabled", () =>
    pane(w.page).getByRole("button", { name: "Refresh market inputs" }).isEnabled(),
  );
  return w;
}

async function openTab(page: Page, name: string): Promise<void> {
  await pane(page).getByRole("tab", { name }).click();
}

/** Titles of the MessageBars in one panel's message region. */
async function notices(page: Page, region: string): Promise<string[]> {
  // Message bars are groups named by their title (a <details> inside is an unnamed group).
  const groups = pane(page).getByRole("region", { name: region }).locator('[role="group"][aria-labelledby]');
  const n = await groups.count();
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const title = await groups
      .nth(i)
      .evaluate((g) => document.getElementById(g.getAttribute("aria-labelledby") ?? "")?.textContent ?? "");
    out.push(title.trim());
  }
  return out;
}

async function lastNoticeText(page: Page, region: string): Promise<string> {
  const bar = pane(page).getByRole("region", { name: region }).locator('[role="group"][aria-labelledby]').last();
  return ((await bar.textContent()) ?? "").replace(/\s+/g, " ");
}

/** Clicks a button and waits for a new notice in `region`; returns its title. */
async function act(page: Page, button: string, region: string): Promise<string> {
  const dismiss = pane(page)
    .getByRole("region", { name: region })
    .getByRole("button", { name: /^Dismiss/ });
  for (let i = await dismiss.count(); i > 0; i--) await dismiss.first().click();
  await pane(page).getByRole("button", { name: button }).click();
  const titles = await waitFor(`a message after "${button}"`, async () => {
    const t = await notices(page, region);
    return t.length > 0 ? t : undefined;
  });
  await waitFor(`"${button}" to be enabled again`, () => pane(page).getByRole("button", { name: button }).isEnabled());
  return titles[titles.length - 1];
}

async function setSourcesTo(page: Page, base: string): Promise<void> {
  await openTab(page, "Settings");
  for (const label of ["mempool base URL", "Coinbase base URL", "Kraken base URL"])
    await pane(page).getByLabel(label).fill(base);
  const title = await act(page, "Save settings", "Settings messages");
  check(!/fail|error|invalid/i.test(title), `saving the settings said "${title}"`);
  await openTab(page, "Market");
}

interface WorkbookState {
  sheets: string[];
  names: Record<string, unknown>;
}

async function workbookState(page: Page): Promise<WorkbookState> {
  return page.evaluate(() => {
    type Host = {
      workbook: {
        sheets: { name: string }[];
        names: { name: string }[];
        nameRange(n: unknown): unknown;
        values(r: unknown): unknown[][];
      };
    };
    const wb = (window as unknown as { __pivotPreview: Host }).__pivotPreview.workbook;
    const names: Record<string, unknown> = {};
    for (const n of wb.names) {
      try {
        names[n.name] = wb.values(wb.nameRange(n))[0][0];
      } catch {
        names[n.name] = null; // a name that is not a range (the add-in's markers)
      }
    }
    return { sheets: wb.sheets.map((s) => s.name), names };
  });
}

/** A sheet's used range as values, row by row. */
async function sheetValues(page: Page, sheet: string): Promise<unknown[][]> {
  return page.evaluate((name) => {
    type Host = {
      workbook: {
        sheet(n: string): unknown;
        usedRect(s: unknown, v: boolean): { row: number; col: number; rows: number; cols: number } | undefined;
        values(r: unknown): unknown[][];
      };
    };
    const wb = (window as unknown as { __pivotPreview: Host }).__pivotPreview.workbook;
    const s = wb.sheet(name);
    const used = wb.usedRect(s, true);
    if (used === undefined) return [];
    const rect = { row: 0, col: 0, rows: used.row + used.rows, cols: used.col + used.cols };
    return wb.values({ sheet: s, rect });
  }, sheet);
}

async function typeFormula(page: Page, sheet: string, cell: string, formula: string): Promise<unknown> {
  await page.getByRole("tab", { name: sheet, exact: true }).click();
  await page.getByRole("gridcell", { name: cell, exact: true }).click();
  const bar = page.getByRole("textbox", { name: "Formula bar" });
  await bar.fill(formula);
  await bar.press("Enter");
  await page.getByRole("gridcell", { name: cell, exact: true }).click();
  const shown = await bar.inputValue();
  check(
    shown === formula.replace(/^=pivot\./i, "=PIVOT."),
    `the formula bar shows ${JSON.stringify(shown)} for ${cell}`,
  );
  return page.evaluate(
    ([s, a]) => {
      type Host = {
        workbook: {
          sheet(n: string): unknown;
          resolve(a: string, s: unknown): unknown;
          values(r: unknown): unknown[][];
        };
      };
      const wb = (window as unknown as { __pivotPreview: Host }).__pivotPreview.workbook;
      return wb.values(wb.resolve(a, wb.sheet(s)))[0][0];
    },
    [sheet, cell] as const,
  );
}

function rowOf(values: unknown[][], label: string): unknown[] {
  const row = values.find((r) => r[0] === label);
  if (row === undefined) throw new Failure(`the Comps sheet has no row "${label}"`);
  return row;
}

const num = (v: unknown, what: string): number => {
  check(typeof v === "number", `${what} is ${JSON.stringify(v)}, not a number`);
  return v as number;
};

/** Comps: each company's mining NPV per MW equals the core's, from the sheet's own inputs. */
function checkComps(values: unknown[][], names: Record<string, unknown>): string[] {
  const tickers = rowOf(values, "Ticker");
  const cols = tickers.map((t, c) => (c >= 2 && typeof t === "string" && t !== "" ? c : -1)).filter((c) => c >= 0);
  check(
    cols.length === 3,
    `the Comps sheet has ${cols.length} company columns, expected 3 (${JSON.stringify(tickers)})`,
  );
  const fees = num(names.PIVOT_FEES_BTC_PER_BLOCK, "PIVOT_FEES_BTC_PER_BLOCK");
  const subsidy = num(names.PIVOT_SUBSIDY_BTC, "PIVOT_SUBSIDY_BTC");
  const height = num(names.PIVOT_HEIGHT, "PIVOT_HEIGHT");
  for (const c of cols) {
    const at = (label: string): number => num(rowOf(values, label)[c], `${label} of ${String(tickers[c])}`);
    const expected = miningNpvUsdPerMw(
      {
        efficiencyJPerTh: at("Fleet efficiency J/TH"),
        powerUsdPerKwh: at("Power price USD/kWh"),
        termYears: at("Mining horizon years (company: its MW-weighted lease term)"),
        hashpriceUsdPerPhDay: at("Hashprice USD/PH/day"),
        hashpriceGrowthYr: at("Hashprice growth per year"),
        uptime: at("Mining uptime"),
        poolFee: at("Pool fee"),
        feeShare: fees / (subsidy + fees),
        startHeight: height,
      },
      at("Discount rate (effective annual)"),
    );
    close(rowOf(values, "Mining NPV per MW USD")[c], expected, `Mining NPV per MW of ${String(tickers[c])}`);
  }
  return cols.map((c) => String(tickers[c]));
}

/** The add-in's table on the Deals sheet: header row and body values. */
async function dealsTable(page: Page): Promise<{ headers: string[]; rows: unknown[][] }> {
  return page.evaluate(() => {
    type Rect = { row: number; col: number; rows: number; cols: number };
    type Host = {
      workbook: {
        tables: { sheet: { name: string }; rect: Rect }[];
        values(r: unknown): unknown[][];
      };
    };
    const wb = (window as unknown as { __pivotPreview: Host }).__pivotPreview.workbook;
    const t = wb.tables.find((x) => x.sheet.name === "Deals");
    if (t === undefined) return { headers: [], rows: [] };
    const all = wb.values({ sheet: t.sheet, rect: t.rect });
    return { headers: all[0].map(String), rows: all.slice(1) };
  });
}

/** Deals: each lease's implied rent and lease NPV equal the core's, from the row's own cells. */
function checkDeals(table: { headers: string[]; rows: unknown[][] }, names: Record<string, unknown>): number {
  const header = (key: DealKey): string => {
    const f = DEAL_FIELDS.find((x) => x.key === key);
    if (f === undefined) throw new Failure(`no deal field ${key}`);
    return f.header;
  };
  const col = (h: string): number => {
    const i = table.headers.indexOf(h);
    check(i >= 0, `the Deals table has no column "${h}" (${table.headers.join(", ")})`);
    return i;
  };
  const [value, term, mw] = [col(header("contractValueUsd")), col(header("termYears")), col(header("criticalItMw"))];
  const [rent, esc, noi, capex, npv, attrMw, months] = [
    "Rent used USD/kW/month",
    "Escalator used",
    "NOI margin used",
    "Capex USD/MW used",
    "Lease NPV USD",
    "Attributable MW",
    "Months to rent start",
  ].map(col);
  const discount = num(names.PIVOT_DEALS_DISCOUNT_RATE, "PIVOT_DEALS_DISCOUNT_RATE");
  let checked = 0;
  for (const row of table.rows) {
    const id = String(row[0]);
    if (typeof row[rent] === "string" && row[rent] !== "") {
      // A contract whose implied rent means nothing (GPU cloud service, "other") says why instead.
      check(String(row[rent]).includes(id), `rent cell of ${id} gives no reason: ${String(row[rent])}`);
      continue;
    }
    if (typeof row[value] === "number" && typeof row[term] === "number" && typeof row[mw] === "number") {
      close(
        row[rent],
        impliedRentUsdPerKwMonth(row[value] as number, row[term] as number, row[mw] as number),
        `implied rent of ${id}`,
      );
    }
    if (typeof row[npv] !== "number") continue;
    // Each lease is valued at its attributable MW (MW × ownership share) from its own rent start.
    const expected = leaseNpvUsdOf(
      num(row[attrMw], `attributable MW of ${id}`),
      num(row[rent], `rent of ${id}`),
      num(row[term], `term of ${id}`),
      discount,
      num(row[esc], `escalator of ${id}`),
      num(row[noi], `NOI margin of ${id}`),
      num(row[capex], `capex of ${id}`),
      num(row[months], `months to rent start of ${id}`),
    );
    close(row[npv], expected, `lease NPV of ${id}`);
    checked++;
  }
  check(checked >= 3, `only ${checked} deals have a lease NPV to check`);
  return checked;
}

function noErrors(w: WatchedPage, allowed: RegExp[] = []): void {
  const errors = w.errors.filter((e) => !allowed.some((a) => a.test(e)));
  check(errors.length === 0, `the page logged errors:\n${errors.join("\n")}`);
}

const EXPECTED_SHEETS = ["Inputs", "Deals", "Comps"];

/** Sets the preview's task pane frame to `px` wide, as Excel's pane is by default (320). */
async function setPaneWidth(page: Page, px: number): Promise<void> {
  await page.evaluate((w) => {
    const frame = document.getElementById("taskpane") as HTMLIFrameElement;
    const aside = frame.parentElement as HTMLElement;
    aside.style.width = `${w}px`;
    aside.style.flex = `0 0 ${w}px`;
    frame.style.width = `${w}px`;
  }, px);
  await waitFor(`the pane frame to be ${px} px wide`, async () => {
    const width = await pane(page)
      .locator("html")
      .evaluate(() => document.documentElement.clientWidth);
    return width === px;
  });
}

/** Opens a tab and waits until its panel's chunk has loaded and rendered `ready`. */
async function openTabReady(page: Page, name: string): Promise<void> {
  await openTab(page, name);
  const ready: Record<string, () => Promise<void>> = {
    Market: () => pane(page).getByRole("list", { name: "Market inputs" }).waitFor({ timeout: STEP_MS }),
    Deals: () => pane(page).getByRole("grid", { name: "Deals" }).waitFor({ timeout: STEP_MS }),
    Comps: () => pane(page).getByRole("group", { name: "Companies" }).waitFor({ timeout: STEP_MS }),
    Settings: () => pane(page).getByRole("form", { name: "Settings" }).waitFor({ timeout: STEP_MS }),
  };
  await ready[name]();
}

/** The frame's document is no wider than the frame: nothing scrolls sideways. */
async function checkNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const { scrollWidth, clientWidth } = await pane(page)
    .locator("html")
    .evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
  check(scrollWidth <= clientWidth, `${what}: the pane scrolls sideways (scrollWidth ${scrollWidth} > ${clientWidth})`);
}

/** The active worksheet's name, read through the frame's own (fake) Excel as the add-in would. */
async function activeSheet(page: Page): Promise<string> {
  return pane(page)
    .locator("html")
    .evaluate(() =>
      Excel.run(async (context) => {
        const sheet = context.workbook.worksheets.getActiveWorksheet().load("name");
        await context.sync();
        return sheet.name;
      }),
    );
}

/** Undefined when `sheet` is the active worksheet, else what is active instead. */
async function notActive(page: Page, sheet: string): Promise<string | undefined> {
  const active = await activeSheet(page);
  return active === sheet ? undefined : `after writing ${sheet} the active sheet is "${active}"`;
}

const PANE_TABS = ["Market", "Deals", "Comps", "Settings"] as const;

export const SCENARIOS: readonly Scenario[] = [
  {
    name: "at 320 px and 350 px no tab scrolls sideways; the three jobs read well and each write activates its sheet",
    async run(env) {
      env.fixtures.reset();
      const w = await openPreview(env);
      const { page } = w;
      try {
        for (const px of [350, 320]) {
          await setPaneWidth(page, px);
          for (const tab of PANE_TABS) {
            await openTabReady(page, tab);
            await checkNoSidewaysScroll(page, `${tab} at ${px} px`);
          }
        }
        // The three jobs at 320 px, each message checked for sideways scroll too.
        // Each write must activate its sheet (the workbook layer's writers do it): collected
        // and checked at the end, so one missing activation still leaves the screenshots.
        const inactive: (string | undefined)[] = [];
        // Settings saved, with its message in view (setSourcesTo, without leaving the tab before the screenshot).
        await openTabReady(page, "Settings");
        for (const label of ["mempool base URL", "Coinbase base URL", "Kraken base URL"])
          await pane(page).getByLabel(label).fill(env.fixtures.url);
        const saved = await act(page, "Save settings", "Settings messages");
        check(!/fail|error|invalid/i.test(saved), `saving the settings said "${saved}"`);
        await checkNoSidewaysScroll(page, "Settings after saving");
        await page.locator("#taskpane").screenshot({ path: join(env.artifacts, "pane-320-settings.png") });
        await openTabReady(page, "Market");
        const refreshed = await act(page, "Refresh market inputs", "Market messages");
        check(refreshed === "Market inputs refreshed", `refresh said "${refreshed}"`);
        const wrote = await act(page, "Write inputs to sheet", "Market messages");
        check(/^Inputs written to /.test(wrote), `writing inputs said "${wrote}"`);
        await checkNoSidewaysScroll(page, "Market after writing");
        await page.locator("#taskpane").screenshot({ path: join(env.artifacts, "pane-320-market.png") });
        inactive.push(await notActive(page, "Inputs"));

        await openTabReady(page, "Deals");
        const loaded = await act(page, "Load to sheet", "Deals messages");
        check(/ deals loaded to /.test(loaded), `loading deals said "${loaded}"`);
        await checkNoSidewaysScroll(page, "Deals after loading");
        await page.locator("#taskpane").screenshot({ path: join(env.artifacts, "pane-320-deals.png") });
        inactive.push(await notActive(page, "Deals"));

        await openTabReady(page, "Comps");
        await pane(page).getByRole("button", { name: "Clear", exact: true }).click();
        for (let i = 0; i < 3; i++) await pane(page).getByRole("checkbox").nth(i).check();
        const built = await act(page, "Build side-by-side", "Comps messages");
        check(/^Comps for .* built on /.test(built), `building comps said "${built}"`);
        await checkNoSidewaysScroll(page, "Comps after building");
        await page.locator("#taskpane").screenshot({ path: join(env.artifacts, "pane-320-comps.png") });
        inactive.push(await notActive(page, "Comps"));
        const missing = inactive.filter((m) => m !== undefined);
        check(missing.length === 0, missing.join("; "));
        noErrors(w);
      } finally {
        await w.context.close();
      }
    },
  },
  {
    name: "refresh from the fixture sources, load deals, build comps for three companies, type a formula",
    async run(env) {
      env.fixtures.reset();
      const w = await openPreview(env);
      const { page } = w;
      try {
        await setSourcesTo(page, env.fixtures.url);

        const refreshed = await act(page, "Refresh market inputs", "Market messages");
        check(refreshed === "Market inputs refreshed", `refresh said "${refreshed}"`);
        check(
          env.fixtures.requests["mempool.prices"] + env.fixtures.requests["coinbase.spot"] > 0,
          "the fixture server saw no price request",
        );
        const wrote = await act(page, "Write inputs to sheet", "Market messages");
        check(/^Inputs written/.test(wrote), `writing inputs said: ${await lastNoticeText(page, "Market messages")}`);

        await openTab(page, "Deals");
        const loaded = await act(page, "Load to sheet", "Deals messages");
        check(!/fail|error/i.test(loaded), `loading deals said "${loaded}"`);

        await openTab(page, "Comps");
        const boxes = pane(page).getByRole("checkbox");
        await pane(page).getByRole("button", { name: "Clear" }).click();
        for (let i = 0; i < 3; i++) await boxes.nth(i).check();
        const built = await act(page, "Build side-by-side", "Comps messages");
        check(!/fail|error/i.test(built), `building comps said "${built}"`);

        const state = await workbookState(page);
        for (const s of EXPECTED_SHEETS) check(state.sheets.includes(s), `no ${s} sheet: ${state.sheets.join(", ")}`);
        // Inputs came from the fixture server, and the hashprice is the core's.
        close(state.names.PIVOT_BTC_USD, DEFAULT_FIXTURE_DATA.btcUsd, "PIVOT_BTC_USD (fixture price)", 0);
        const btc = num(state.names.PIVOT_BTC_USD, "PIVOT_BTC_USD");
        const fees = num(state.names.PIVOT_FEES_BTC_PER_BLOCK, "PIVOT_FEES_BTC_PER_BLOCK");
        const subsidy = num(state.names.PIVOT_SUBSIDY_BTC, "PIVOT_SUBSIDY_BTC");
        const network = num(state.names.PIVOT_NETWORK_EH_S, "PIVOT_NETWORK_EH_S");
        close(state.names.PIVOT_HASHPRICE, hashpriceUsdPerPhDay(btc, network, fees, subsidy), "PIVOT_HASHPRICE");
        checkComps(await sheetValues(page, "Comps"), state.names);
        checkDeals(await dealsTable(page), state.names);

        // A formula typed into the workbook view; omitted arguments come from the refreshed market.
        const typed = await typeFormula(page, "Sheet1", "B2", "=PIVOT.MINER_HASHPRICE(90000, 1000)");
        close(typed, hashpriceUsdPerPhDay(90000, 1000, fees, subsidy), "=PIVOT.MINER_HASHPRICE(90000, 1000)");

        // Doing it all again, and again after the task pane reloads, keeps one of each sheet.
        const sheetsBefore = state.sheets.join("|");
        await openTab(page, "Market");
        await act(page, "Write inputs to sheet", "Market messages");
        await openTab(page, "Deals");
        await act(page, "Load to sheet", "Deals messages");
        await page.evaluate(() =>
          (document.getElementById("taskpane") as HTMLIFrameElement).contentWindow?.location.reload(),
        );
        await pane(page)
          .getByRole("button", { name: "Refresh market inputs" })
          .waitFor({ state: "visible", timeout: STEP_MS });
        await openTab(page, "Deals");
        await act(page, "Load to sheet", "Deals messages");
        await openTab(page, "Comps");
        for (let i = 0; i < 3; i++) await pane(page).getByRole("checkbox").nth(i).check();
        await act(page, "Build side-by-side", "Comps messages");
        const after = await workbookState(page);
        check(
          after.sheets.join("|") === sheetsBefore,
          `sheets changed on reload: ${sheetsBefore} -> ${after.sheets.join("|")}`,
        );
        checkComps(await sheetValues(page, "Comps"), after.names);

        await page.getByRole("tab", { name: "Comps", exact: true }).click();
        await page.screenshot({ path: join(env.artifacts, "preview-e2e.png") });
        noErrors(w);
      } finally {
        await w.context.close();
      }
    },
  },
  {
    name: "every market source fails: MessageBar, embedded snapshot in the cells, stale badge",
    async run(env) {
      env.fixtures.reset();
      const w = await openPreview(env);
      const { page } = w;
      try {
        await setSourcesTo(page, env.fixtures.url);
        for (const e of FIXTURE_ENDPOINTS) env.fixtures.setFault(e, { kind: "status", status: 500 });
        const title = await act(page, "Refresh market inputs", "Market messages");
        check(/failed/i.test(title), `refresh with every source down said "${title}"`);
        const bar = pane(page).getByRole("region", { name: "Market messages" }).getByRole("group").last();
        check(await bar.isVisible(), "the MessageBar is not visible");
        // What happened and what was used instead sit behind the message's "Details" disclosure.
        await bar.getByText("Details", { exact: true }).click({ timeout: STEP_MS });
        const text = await bar.innerText();
        check(
          /embedded|bundled|saved|snapshot/i.test(text),
          `the MessageBar does not say what was used instead: ${text}`,
        );
        // The pane marks the data's state above the values: bundled values name their date.
        check(
          await pane(page)
            .getByText(/^Bundled values of .+: Refresh to update$/)
            .first()
            .isVisible(),
          "the pane does not say the values are the bundled ones",
        );

        const wrote = await act(page, "Write inputs to sheet", "Market messages");
        check(/^Inputs written/.test(wrote), `writing inputs said: ${await lastNoticeText(page, "Market messages")}`);
        const state = await workbookState(page);
        close(state.names.PIVOT_BTC_USD, embedded.btc_usd.value, "PIVOT_BTC_USD (embedded snapshot)", 0);
        close(
          state.names.PIVOT_FEES_BTC_PER_BLOCK,
          embedded.fees_btc_per_block.value,
          "PIVOT_FEES_BTC_PER_BLOCK (embedded snapshot)",
          0,
        );
        // The browser itself reports each failed response; the add-in logs nothing else.
        noErrors(w, [/Failed to load resource: the server responded with a status of 500/]);
      } finally {
        env.fixtures.reset();
        await w.context.close();
      }
    },
  },
  {
    name: "keyboard: Tab goes from the tab list into the panel; arrow keys move between the Deals grid's cells",
    async run(env) {
      env.fixtures.reset();
      const w = await openPreview(env);
      const { page } = w;
      try {
        const frame = page.frames().find((f) => f.url().includes("taskpane.html"));
        check(frame !== undefined, "no task pane frame");
        /** Role and accessible name (aria-label or text) of the focused element in the pane. */
        const focused = (): Promise<string> =>
          frame!.evaluate(() => {
            const el = document.activeElement;
            if (!el) return "none";
            const role = el.getAttribute("role") ?? el.tagName.toLowerCase();
            const name = el.getAttribute("aria-label") ?? (el.textContent ?? "").trim().slice(0, 40);
            return `${role}: ${name}`;
          });
        // Render the Deals grid first: its focus manager (tabster) must not break Tab elsewhere.
        await openTab(page, "Deals");
        await pane(page).getByRole("grid", { name: "Deals" }).waitFor({ timeout: STEP_MS });
        await openTab(page, "Market");
        await pane(page).getByRole("tab", { name: "Market" }).focus();
        // The Help link shares the top row with the tab list, so it is the next stop; then the panel.
        await page.keyboard.press("Tab");
        const help = await focused();
        check(help === "a: Help", `Tab from the Market tab focused ${help}, not the Help link`);
        await page.keyboard.press("Tab");
        check(/^tabpanel/.test(await focused()), `Tab from the Help link focused ${await focused()}`);
        await page.keyboard.press("Tab");
        const refresh = await focused();
        check(refresh === "button: Refresh market inputs", `the next Tab focused ${refresh}`);

        await openTab(page, "Deals");
        const firstCell = pane(page).getByRole("grid", { name: "Deals" }).getByRole("gridcell").first();
        await firstCell.focus();
        const before = await focused();
        await page.keyboard.press("ArrowRight");
        const after = await focused();
        check(/^gridcell/.test(after) && after !== before, `ArrowRight in the grid went from ${before} to ${after}`);
        noErrors(w);
      } finally {
        await w.context.close();
      }
    },
  },
  {
    name: "builds comps for HUT, WULF and CIFR and checks value per share against the core",
    async run(env) {
      env.fixtures.reset();
      const w = await openPreview(env);
      const { page } = w;
      try {
        // The market inputs (names the core's check reads) from the fixture server.
        await setSourcesTo(page, env.fixtures.url);
        const refreshed = await act(page, "Refresh market inputs", "Market messages");
        check(refreshed === "Market inputs refreshed", `refresh said "${refreshed}"`);
        await act(page, "Write inputs to sheet", "Market messages");
        await openTab(page, "Comps");
        await pane(page).getByRole("button", { name: "Clear" }).click();
        for (const t of ["HUT", "WULF", "CIFR"])
          await pane(page)
            .getByRole("checkbox", { name: new RegExp(`\\b${t}\\b`) })
            .check();
        const built = await act(page, "Build side-by-side", "Comps messages");
        check(!/fail|error/i.test(built), `building comps said "${built}"`);
        let values = await sheetValues(page, "Comps");
        const tickers = rowOf(values, "Ticker");
        const cols = ["HUT", "WULF", "CIFR"].map((t) => tickers.indexOf(t));
        check(
          cols.every((c) => c >= 2),
          `the Comps tickers are ${JSON.stringify(tickers)}`,
        );
        // Where the company data discloses no figure the analyst types one, as the sheet asks.
        const typed: Record<string, string> = {
          "Diluted shares (shares outstanding where diluted is undisclosed)": "400000000",
          "Cash USD": "500000000",
          "Debt USD (convertibles included)": "1200000000",
          "BTC held": "2500",
          "Energized MW": "900",
        };
        for (const [label, v] of Object.entries(typed)) {
          const r = values.findIndex((row) => row[0] === label);
          check(r >= 0, `the Comps sheet has no row "${label}"`);
          for (const c of cols) {
            if (typeof values[r][c] === "number") continue;
            check(values[r][c] === "#N/A", `${label} of ${String(tickers[c])} reads ${JSON.stringify(values[r][c])}`);
            const a1 = `${String.fromCharCode(65 + c)}${r + 1}`;
            await page.getByRole("tab", { name: "Comps", exact: true }).click();
            // The grid draws the rows in view: scroll until the cell is there (bounded).
            for (
              let k = 0;
              k < 40 && (await page.getByRole("gridcell", { name: a1, exact: true }).count()) === 0;
              k++
            ) {
              await page.evaluate(
                ([row, step]) => {
                  const grid = document.querySelector('[role="grid"][aria-label^="Worksheet"]') as HTMLElement;
                  grid.scrollTop = Math.max(0, row - 6) * 20 + step * 10;
                  grid.dispatchEvent(new Event("scroll"));
                },
                [r, k] as const,
              );
              await page.waitForTimeout(50);
            }
            await typeFormula(page, "Comps", a1, v);
          }
        }
        values = await sheetValues(page, "Comps");
        const state = await workbookState(page);
        checkComps(values, state.names);
        const fees = num(state.names.PIVOT_FEES_BTC_PER_BLOCK, "PIVOT_FEES_BTC_PER_BLOCK");
        const subsidy = num(state.names.PIVOT_SUBSIDY_BTC, "PIVOT_SUBSIDY_BTC");
        const height = num(state.names.PIVOT_HEIGHT, "PIVOT_HEIGHT");
        for (const c of cols) {
          const at = (label: string): number => num(rowOf(values, label)[c], `${label} of ${String(tickers[c])}`);
          const miningPerMw = miningNpvUsdPerMw(
            {
              efficiencyJPerTh: at("Fleet efficiency J/TH"),
              powerUsdPerKwh: at("Power price USD/kWh"),
              termYears: at("Mining horizon years (company: its MW-weighted lease term)"),
              hashpriceUsdPerPhDay: at("Hashprice USD/PH/day"),
              hashpriceGrowthYr: at("Hashprice growth per year"),
              uptime: at("Mining uptime"),
              poolFee: at("Pool fee"),
              feeShare: fees / (subsidy + fees),
              startHeight: height,
            },
            at("Discount rate (effective annual)"),
          );
          const miningMw = Math.max(0, at("Energized MW") - at("Contracted MW (leases and colocation)"));
          const equity =
            at("Lease NPV USD (sum of the company's leases, net of capex)") +
            miningMw * miningPerMw +
            at("BTC held") * at("BTC price USD") -
            (at("Debt USD (convertibles included)") - at("Cash USD"));
          close(
            rowOf(values, "Value per diluted share USD")[c],
            equity / at("Diluted shares (shares outstanding where diluted is undisclosed)"),
            `value per diluted share of ${String(tickers[c])}`,
          );
        }
        noErrors(w);
      } finally {
        await w.context.close();
      }
    },
  },
  HISTORY_SCENARIO,
  MIX_SCENARIO,
  MIX_GROW_SCENARIO,
];
export {
  act,
  activeSheet,
  check,
  close,
  noErrors,
  num,
  openPreview,
  openTab,
  pane,
  rowOf,
  setSourcesTo,
  sheetValues,
  waitFor,
  workbookState,
};
