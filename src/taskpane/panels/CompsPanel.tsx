/**
 * Comps panel: pick companies, then "Build side-by-side" asks the workbook layer for a Comps
 * sheet with one column per company (assumptions block, live formulas, input rows, chart).
 * The list is the companies of the deal list, then those the company data covers without a
 * deal (their column values mining, BTC held and net debt; no contracted HPC).
 */
import { Button, Caption1, Text, makeStyles, tokens } from "@fluentui/react-components";
import { Busy } from "../Busy";
import { useCallback, useEffect, useMemo, useState } from "react";
import { companyChoices } from "../dealView";
import { useDeals, useRunner } from "../hooks";
import { NoticeList, errorNotice, sheetNotice, useNotices, whereWritten } from "../notices";
import { useServices } from "../services";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  fieldset: { border: "none", margin: 0, padding: 0, minWidth: 0 },
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  // Native checkboxes in Fluent's brand color: fully accessible, and ~4.7 KB gzip lighter
  // than Fluent's Checkbox, which the bundle budget needs.
  option: {
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalS,
    minHeight: "32px",
    cursor: "pointer",
  },
  box: {
    width: "16px",
    height: "16px",
    margin: 0,
    accentColor: tokens.colorCompoundBrandBackground,
    cursor: "pointer",
  },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
});

export function CompsPanel(): JSX.Element {
  const styles = useStyles();
  const { workbook, companies } = useServices();
  const deals = useDeals();
  const [covered, setCovered] = useState<readonly { ticker: string; name: string }[]>([]);
  const { notices, show, dismiss } = useNotices();
  useEffect(() => {
    let live = true;
    companies
      ?.covered?.()
      .then((list) => live && setCovered(list))
      .catch((e: unknown) =>
        show(
          "companies",
          errorNotice(
            "Could not list the companies without deals",
            e,
            "The companies with deals are listed; reopen the pane to try again.",
          ),
        ),
      );
    return () => {
      live = false;
    };
  }, [companies, show]);
  const list = useMemo(() => {
    const withDeals = companyChoices(deals).map((c) => ({ ...c, label: `${c.company} (${c.ticker})` }));
    const seen = new Set(withDeals.map((c) => c.ticker.toUpperCase()));
    const without = covered
      .filter((c) => !seen.has(c.ticker.toUpperCase()))
      .map((c) => ({ ticker: c.ticker, company: c.name, label: `${c.name} (${c.ticker}), no deals` }));
    return [...withDeals, ...without];
  }, [deals, covered]);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const buildFailed = useCallback(
    (e: unknown) =>
      show(
        "build",
        errorNotice(
          "Could not build the Comps sheet",
          e,
          "Make sure no cell is being edited and the workbook is not protected, then select Build side-by-side again.",
        ),
      ),
    [show],
  );
  const build = useRunner(buildFailed);

  // Only tickers still listed count (a feed change may remove some).
  const selected = list.filter((c) => picked.has(c.ticker)).map((c) => c.ticker);

  const toggle = (ticker: string, on: boolean): void =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(ticker);
      else next.delete(ticker);
      return next;
    });

  const onBuild = (): void => {
    if (selected.length === 0) {
      show("build", {
        intent: "error",
        title: "No company picked",
        body: "The Comps sheet needs at least one company.",
        next: "Tick one or more companies above, then select Build side-by-side.",
      });
      return;
    }
    build.run(async () => {
      const report = await workbook.buildComps(selected, deals);
      show(
        "build",
        sheetNotice(
          `Comps for ${selected.length <= 3 ? selected.join(", ") : `${selected.length} companies`} built on ${whereWritten(report)}`,
          report,
          "Change any assumption cell and the comparison recalculates. Fill EV, shares, net debt and BTC held from your terminal to get value per share.",
        ),
      );
    });
  };

  const onBuildMix = (): void => {
    if (selected.length === 0) {
      show("build", {
        intent: "error",
        title: "No company picked",
        body: "The Revenue mix sheet needs at least one company.",
        next: "Tick one or more companies above, then select Build revenue mix.",
      });
      return;
    }
    build.run(async () => {
      const report = await workbook.buildRevenueMix(selected, deals);
      show(
        "build",
        sheetNotice(
          `Revenue mix built on ${whereWritten(report)}`,
          report,
          "Type over a blue cell (energized MW, committed MW, J/TH, years) and the mix recalculates.",
        ),
      );
    });
  };

  return (
    <div className={styles.panel}>
      <fieldset className={styles.fieldset}>
        <legend>
          <Text weight="semibold">Companies</Text>
        </legend>
        <Caption1 block>
          One column per company. A company with no deals gets mining, BTC held and net debt only.
        </Caption1>
        <div className={styles.list}>
          {list.map((c) => (
            <label key={c.ticker} className={styles.option}>
              <input
                type="checkbox"
                className={styles.box}
                checked={picked.has(c.ticker)}
                onChange={(e) => toggle(c.ticker, e.currentTarget.checked)}
              />
              <Text>{c.label}</Text>
            </label>
          ))}
        </div>
      </fieldset>
      <div className={styles.actions}>
        <Button size="small" onClick={() => setPicked(new Set(list.map((c) => c.ticker)))}>
          Select all
        </Button>
        <Button size="small" onClick={() => setPicked(new Set())}>
          Clear
        </Button>
        <Caption1 role="status" aria-live="polite">
          {selected.length} selected
        </Caption1>
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={onBuild} disabled={build.running}>
          Build side-by-side
        </Button>
        <Button onClick={onBuildMix} disabled={build.running}>
          Build revenue mix
        </Button>
      </div>
      <div role="status" aria-live="polite">
        {build.running && <Busy size="tiny" label="Building the Comps sheet…" />}
      </div>
      <NoticeList notices={notices} onDismiss={dismiss} label="Comps messages" />
    </div>
  );
}
