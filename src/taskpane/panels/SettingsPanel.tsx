/**
 * Settings panel: source base URLs, TTL, auto-refresh and the deal feed URL, checked inline
 * (Field validation messages) and persisted through the market store's settings API
 * (OfficeRuntime.storage or localStorage, so they survive restarts). "Load deal feed" loads
 * the firm's feed into the shared deal list and reports every bad row by line and field.
 */
import { Button, Caption1, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { Busy } from "../Busy";
import { useCallback, useEffect, useRef, useState } from "react";
import { DEFAULT_SETTINGS } from "../../market/settings";
import type { FeedLoadResult } from "../../deals/load";
import type { ResetReport } from "../../market";
import { checkUrl } from "../../market/settings";
import type { CompanyFeedLoadResult } from "../../companies";
import { companiesApi } from "../companiesApi";
import type { RowIssue } from "../../deals/schema";
import { useRunner } from "../hooks";
import { NoticeList, errorNotice, useNotices, type Notice } from "../notices";
import { useServices } from "../services";
import {
  FORM_FIELDS,
  FORM_LABELS,
  formErrorsFromSettings,
  formFromSettings,
  formNotesFromSettings,
  issueLine,
  validateForm,
  type FormErrors,
  type FormField,
  type SettingsForm,
} from "../settingsForm";

const defaultCompanies = companiesApi();

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

const HINTS: Readonly<Record<FormField, string>> = {
  mempoolBaseUrl: "Difficulty, hashrate, fees, height and the first-choice price. https, or http on localhost.",
  coinbaseBaseUrl: "First fallback for the BTC price.",
  krakenBaseUrl: "Second fallback for the BTC price.",
  ttlSeconds: "Inputs obtained longer ago than this are marked stale and refreshed on next use (600 = 10 minutes).",
  autoRefreshSeconds: "Refreshes the market inputs on a timer while the add-in is open; 0 = off.",
  dealFeedUrl: "Your firm's deals as JSON or CSV over https; leave empty to use the bundled deals only.",
};

function feedNotice(result: FeedLoadResult): Notice {
  const { info, issues, overridden } = result;
  const host = new URL(info.url).host;
  const errors = issues.filter((i: RowIssue) => i.severity === "error");
  const extra = overridden.length > 0 ? ` Feed rows replaced these bundled deals: ${overridden.join(", ")}.` : "";
  const loaded = `Loaded ${info.loadedCount} of ${info.rowCount} deals from ${host} (${info.format.toUpperCase()}).${extra} Use Load to sheet on the Deals tab to put them in the workbook.`;
  if (issues.length === 0) return { intent: "success", title: "Deal feed loaded", body: loaded };
  return {
    intent: "warning",
    title:
      errors.length > 0
        ? `Deal feed loaded, ${info.rowCount - info.loadedCount} rows left out`
        : "Deal feed loaded, with warnings",
    body: `${loaded} Problems by line and field:`,
    details: issues.map(issueLine),
    next:
      errors.length > 0
        ? "Fix the rows listed in the feed and select Load deal feed again; the good rows are already in use."
        : "Remove or rename the columns listed if they were meant to be deal fields.",
  };
}

function resetNotice(report: ResetReport): Notice {
  const cleared = report.cleared.length > 0 ? `Cleared: ${report.cleared.join(", ")}.` : "Nothing was saved.";
  if (report.problems.length === 0)
    return {
      intent: "success",
      title: "Saved market data reset",
      body: `${cleared} The inputs show the bundled values until the next refresh.`,
    };
  return {
    intent: "warning",
    title: "Saved market data reset in this session only",
    body: `${cleared} Some storage could not be cleared:`,
    details: report.problems,
    next: "The old values may come back after a restart of Excel: select Reset saved market data again.",
  };
}

function companyFeedNotice(result: CompanyFeedLoadResult): Notice {
  const { info, issues, overridden } = result;
  const host = new URL(info.url).host;
  const errors = issues.filter((i) => i.severity === "error");
  const extra = overridden.length > 0 ? ` Feed values replace the bundled ones for ${overridden.join(", ")}.` : "";
  const loaded = `Loaded ${info.loadedCount} of ${info.rowCount} companies from ${host} (${info.format.toUpperCase()}).${extra} PIVOT.COMPANY cells were recalculated.`;
  if (issues.length === 0) return { intent: "success", title: "Company feed loaded", body: loaded };
  return {
    intent: "warning",
    title:
      errors.length > 0
        ? `Company feed loaded, ${info.rowCount - info.loadedCount} rows left out`
        : "Company feed loaded, with warnings",
    body: `${loaded} Problems by line and field:`,
    details: issues.map(issueLine),
    next:
      errors.length > 0
        ? "Fix the rows listed in the feed and select Load company feed again; the good rows are already in use."
        : "Remove or rename the columns listed if they were meant to be company fields.",
  };
}

export function SettingsPanel(): JSX.Element {
  const styles = useStyles();
  const { market, deals, workbook, companies = defaultCompanies } = useServices();
  const [companyUrl, setCompanyUrl] = useState("");
  const [companyUrlError, setCompanyUrlError] = useState<string | undefined>(undefined);
  const companyInput = useRef<HTMLInputElement | null>(null);
  const [form, setForm] = useState<SettingsForm | undefined>(undefined);
  const [errors, setErrors] = useState<FormErrors>({});
  const [notes, setNotes] = useState<FormErrors>({});
  const [confirmReset, setConfirmReset] = useState(false);
  const inputs = useRef<Partial<Record<FormField, HTMLInputElement | null>>>({});
  const { notices, show, clear, dismiss } = useNotices();

  // Settings are read once the store has restored them from storage.
  useEffect(() => {
    let active = true;
    market.start().then(
      () => {
        if (active) setForm(formFromSettings(market.settings.get()));
      },
      (e: unknown) => {
        if (!active) return;
        setForm(formFromSettings(market.settings.get()));
        show(
          "save",
          errorNotice("Saved settings could not be read", e, "Check the settings below and save them again."),
        );
      },
    );
    return () => {
      active = false;
    };
  }, [market, show]);

  const saveFailed = useCallback(
    (e: unknown) =>
      show(
        "save",
        errorNotice("Settings were not saved", e, "Try saving again; if it keeps failing, reload the add-in."),
      ),
    [show],
  );
  const saver = useRunner(saveFailed);
  const feedFailed = useCallback(
    (e: unknown) => {
      const notice = errorNotice(
        "The deal feed did not load",
        e,
        "Check the Deal feed URL and that the server is reachable, then select Load deal feed again. The deals already loaded stay in use.",
      );
      const issues = (e as { issues?: unknown } | null)?.issues;
      show(
        "feed",
        Array.isArray(issues) && issues.length > 0
          ? { ...notice, details: (issues as RowIssue[]).map(issueLine) }
          : notice,
      );
    },
    [show],
  );
  const feeder = useRunner(feedFailed);
  const resetFailed = useCallback(
    (e: unknown) =>
      show(
        "reset",
        errorNotice(
          "Saved market data was not reset",
          e,
          "Select Reset saved market data again; if it keeps failing, reload the add-in.",
        ),
      ),
    [show],
  );
  const resetter = useRunner(resetFailed);
  const companyFailed = useCallback(
    (e: unknown) =>
      show(
        "companies",
        errorNotice(
          "The company feed did not load",
          e,
          "Check the Company feed URL and that the server is reachable, then select Load company feed again. The company data loaded before stays in use.",
        ),
      ),
    [show],
  );
  const companyLoader = useRunner(companyFailed);

  if (form === undefined) return <Busy size="small" label="Loading settings…" />;

  const focusFirst = (errs: FormErrors): void => {
    const first = FORM_FIELDS.find((f) => errs[f] !== undefined);
    if (first !== undefined) inputs.current[first]?.focus();
  };

  /** Validates the whole form; on failure shows the inline messages and a summary. */
  const checked = (): ReturnType<typeof validateForm> => {
    const result = validateForm(form);
    if (!result.ok) {
      setErrors(result.errors);
      const n = Object.keys(result.errors).length;
      show("save", {
        intent: "error",
        title: "Settings not saved",
        body: `${n} ${n === 1 ? "field needs" : "fields need"} fixing: ${Object.keys(result.errors)
          .map((k) => FORM_LABELS[k as FormField])
          .join(", ")}.`,
        next: "Correct the highlighted fields (each says what it accepts), then save again.",
      });
      focusFirst(result.errors);
    } else setErrors({});
    return result;
  };

  const save = async (patch: Parameters<typeof market.settings.set>[0], what: string): Promise<boolean> => {
    const result = await market.settings.set(patch);
    if (!result.ok) {
      const errs = formErrorsFromSettings(result.errors);
      setErrors(errs);
      show("save", {
        intent: "error",
        title: "Settings not saved",
        body: Object.values(result.errors).join(" "),
        next: "Correct the highlighted fields, then save again.",
      });
      focusFirst(errs);
      return false;
    }
    setForm(formFromSettings(result.settings));
    setNotes(formNotesFromSettings(result.notes));
    if (result.persistError !== undefined) {
      show("save", {
        intent: "warning",
        title: `${what} apply now but were not stored`,
        body: result.persistError,
        next: "They will be lost when Excel restarts: check that the add-in may store data (browser storage not blocked), then save again.",
      });
    } else {
      show("save", { intent: "success", title: `${what} saved`, body: "They apply now and are kept across restarts." });
    }
    return true;
  };

  const onSave = (): void => {
    const result = checked();
    if (!result.ok) return;
    saver.run(async () => {
      await save(result.patch, "Settings");
    });
  };

  const onReset = (): void => {
    setForm(formFromSettings(DEFAULT_SETTINGS));
    setErrors({});
    clear("save");
  };

  const onLoadFeed = (): void => {
    if (form.dealFeedUrl.trim() === "") {
      const errs = { dealFeedUrl: "Enter the https address of your deal feed (JSON or CSV)." };
      setErrors(errs);
      show("feed", {
        intent: "error",
        title: "No deal feed URL",
        body: "There is no feed to load.",
        next: "Enter the feed's https address in Deal feed URL, then select Load deal feed.",
      });
      focusFirst(errs);
      return;
    }
    const result = checked();
    if (!result.ok) return;
    feeder.run(async () => {
      const url = result.patch.dealFeedUrl ?? form.dealFeedUrl;
      if (url !== market.settings.get().dealFeedUrl) {
        if (!(await save({ dealFeedUrl: url }, "Deal feed URL"))) return;
      }
      show("feed", feedNotice(await deals.loadFeed(url)));
    });
  };

  const onLoadCompanies = (): void => {
    const r = companyUrl.trim() === "" ? { error: "is empty" } : checkUrl(companyUrl, "feed");
    if ("error" in r) {
      setCompanyUrlError(
        `Company feed URL ${r.error}: enter the https address of your company feed (JSON or CSV). Example: https://data.example.com/companies.csv`,
      );
      companyInput.current?.focus();
      return;
    }
    setCompanyUrlError(undefined);
    companyLoader.run(async () => {
      const result = await companies.loadFeed(r.url);
      await workbook.recalcMarketDependents();
      show("companies", companyFeedNotice(result));
    });
  };

  const onResetData = (): void => {
    setConfirmReset(false);
    resetter.run(async () => {
      const report = await market.resetSavedData();
      show("reset", resetNotice(report));
    });
  };

  const field = (key: FormField, type: "url" | "number"): JSX.Element => (
    <Field
      key={key}
      label={FORM_LABELS[key]}
      hint={HINTS[key]}
      validationState={errors[key] !== undefined ? "error" : "none"}
      validationMessage={errors[key] ?? notes[key]}
    >
      <Input
        ref={(el) => {
          inputs.current[key] = el;
        }}
        type={type === "url" ? "url" : "text"}
        inputMode={type === "number" ? "decimal" : undefined}
        value={form[key]}
        onChange={(_, data) => setForm((f) => (f === undefined ? f : { ...f, [key]: data.value }))}
      />
    </Field>
  );

  return (
    <div className={styles.panel}>
      <form
        className={styles.form}
        aria-label="Settings"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSave();
        }}
      >
        {field("mempoolBaseUrl", "url")}
        {field("coinbaseBaseUrl", "url")}
        {field("krakenBaseUrl", "url")}
        {field("ttlSeconds", "number")}
        {field("autoRefreshSeconds", "number")}
        {field("dealFeedUrl", "url")}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={saver.running}>
            Save settings
          </Button>
          <Button type="button" onClick={onReset}>
            Restore defaults
          </Button>
          <Button type="button" onClick={onLoadFeed} disabled={feeder.running}>
            Load deal feed
          </Button>
        </div>
        <Caption1>Restore defaults fills in the default values; select Save settings to keep them.</Caption1>
      </form>
      <section aria-label="Company feed" className={styles.form}>
        <Field
          label="Company feed URL"
          hint="Your firm's company figures (cash, debt, BTC held, …) as JSON or CSV over https; they replace the bundled values for the tickers and fields they give, in this session."
          validationState={companyUrlError !== undefined ? "error" : "none"}
          validationMessage={companyUrlError}
        >
          <Input ref={companyInput} type="url" value={companyUrl} onChange={(_, data) => setCompanyUrl(data.value)} />
        </Field>
        <div className={styles.actions}>
          <Button onClick={onLoadCompanies} disabled={companyLoader.running}>
            Load company feed
          </Button>
        </div>
      </section>
      <section aria-label="Saved market data" className={styles.form}>
        {confirmReset ? (
          <div role="group" aria-label="Confirm reset of saved market data" className={styles.form}>
            <Caption1>
              Forget every last good market value (in this session and in storage)? The inputs show the bundled values
              until the next refresh. Settings are kept.
            </Caption1>
            <div className={styles.actions}>
              <Button appearance="primary" onClick={onResetData}>
                Reset saved data
              </Button>
              <Button onClick={() => setConfirmReset(false)}>Keep saved data</Button>
            </div>
          </div>
        ) : (
          <div className={styles.actions}>
            <Button onClick={() => setConfirmReset(true)} disabled={resetter.running}>
              Reset saved market data…
            </Button>
          </div>
        )}
      </section>
      <div role="status" aria-live="polite">
        {companyLoader.running && <Busy size="tiny" label="Loading the company feed…" />}
        {resetter.running && <Busy size="tiny" label="Resetting saved market data…" />}
        {saver.running && <Busy size="tiny" label="Saving settings…" />}
        {feeder.running && <Busy size="tiny" label="Loading the deal feed…" />}
      </div>
      <NoticeList notices={notices} onDismiss={dismiss} label="Settings messages" />
    </div>
  );
}
