/**
 * The task pane: four tabs (Market, Deals, Comps, Settings). Laid out for Excel's default
 * 320 px pane: no page heading (Excel's title bar names the add-in), the tab list and the Help
 * link stay at the top while the panel scrolls, and nothing is wider than the pane.
 *
 * Only the Market panel is in the first load; Deals (its DataGrid), Comps and Settings are
 * chunks of their own, fetched when their tab is first opened (a progress ring meanwhile, Busy.tsx), Deals
 * and Comps together with the deal list they show. A panel
 * once opened stays mounted while hidden, so a running action, its message and the filters
 * survive a tab switch. The tabs are an ARIA tablist (Tabs.tsx: arrow keys, Home and End move
 * between tabs) and each panel is a tabpanel labelled by its tab. Notices from the background
 * (start-up, recalculation) come from the notice hub and show above the tabs.
 */
import { makeStyles, tokens } from "@fluentui/react-components";
import { Busy } from "./Busy";
import { Component, Suspense, lazy, useEffect, useId, useState, type ComponentType, type ReactNode } from "react";
import type { NoticeHub } from "./bootstrap";
import { NoticeList, errorNotice } from "./notices";
import { Tabs } from "./Tabs";
import { MarketPanel } from "./panels/MarketPanel";
import { useServices, type DealsApi } from "./services";

const useStyles = makeStyles({
  root: {
    boxSizing: "border-box",
    width: "100%",
    minWidth: 0,
    padding: `0 ${tokens.spacingHorizontalM} ${tokens.spacingVerticalM}`,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  top: {
    position: "sticky",
    top: 0,
    zIndex: 1,
    display: "flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    paddingTop: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  tabs: { flex: "1 1 auto", minWidth: 0 },
  help: {
    flex: "0 0 auto",
    padding: `0 ${tokens.spacingHorizontalXS}`,
    color: tokens.colorBrandForegroundLink,
    fontSize: tokens.fontSizeBase200,
    ":hover": { color: tokens.colorBrandForegroundLinkHover },
  },
  panel: { minWidth: 0 },
});

/** A panel's module, loaded on first use. */
function panel(load: () => Promise<ComponentType>): ComponentType {
  return lazy(async () => ({ default: await load() }));
}

/**
 * A panel that shows the deal list: its module and the page's deal list (not in the first
 * load either, see pageDealStore.ts) are fetched together on first use, the progress ring showing
 * meanwhile; a failure to fetch either shows in the panel's boundary.
 */
function dealListPanel(load: () => Promise<ComponentType>): ComponentType {
  // One lazy component per deal list, kept outside React: state of a component that suspends
  // before it first mounts is discarded, so a useMemo here would start over on every retry.
  const loaded = new WeakMap<DealsApi, ComponentType>();
  return function DealListPanel(): JSX.Element {
    const { deals } = useServices();
    let Loaded = loaded.get(deals);
    if (Loaded === undefined) {
      Loaded = lazy(async () => {
        const [Panel] = await Promise.all([load(), deals.ready()]);
        return { default: Panel };
      });
      loaded.set(deals, Loaded);
    }
    return <Loaded />;
  };
}

const TABS: readonly { id: TabId; label: string; Panel: ComponentType }[] = [
  { id: "market", label: "Market", Panel: MarketPanel },
  {
    id: "deals",
    label: "Deals",
    Panel: dealListPanel(
      async () => (await import(/* webpackChunkName: "pane-deals" */ "./panels/DealsPanel")).DealsPanel,
    ),
  },
  {
    id: "comps",
    label: "Comps",
    Panel: dealListPanel(
      async () => (await import(/* webpackChunkName: "pane-comps" */ "./panels/CompsPanel")).CompsPanel,
    ),
  },
  {
    id: "settings",
    label: "Settings",
    Panel: panel(
      async () => (await import(/* webpackChunkName: "pane-settings" */ "./panels/SettingsPanel")).SettingsPanel,
    ),
  },
];

type TabId = "market" | "deals" | "comps" | "settings";

/** help.html next to the page the pane is served from (the build emits it beside taskpane.html). */
export function helpUrl(pageUrl: string): string {
  return new URL("help.html", pageUrl).href;
}

/**
 * Shows a panel that failed to load or render (e.g. its chunk could not be fetched) as a
 * message with what to do, instead of blanking the whole pane; the other tabs keep working.
 */
class PanelBoundary extends Component<{ label: string; children: ReactNode }, { error?: unknown; failed: boolean }> {
  override state: { error?: unknown; failed: boolean } = { failed: false };
  static getDerivedStateFromError(error: unknown): { error: unknown; failed: boolean } {
    return { error, failed: true };
  }
  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const notice = errorNotice(
      `The ${this.props.label} tab could not load`,
      this.state.error,
      "Close and reopen the task pane; if it keeps failing, check that the add-in's server is reachable.",
    );
    return <NoticeList notices={[{ ...notice, key: 0 }]} label={`${this.props.label} messages`} />;
  }
}

function HubNotices(props: { hub: NoticeHub }): JSX.Element {
  const [notices, setNotices] = useState(props.hub.current());
  const [dismissed, setDismissed] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => {
    setNotices(props.hub.current());
    return props.hub.subscribe((list) => {
      setNotices(list);
      setDismissed(new Set());
    });
  }, [props.hub]);
  // One message area: the newest notice not dismissed.
  const shown = notices
    .map((n, key) => ({ ...n, key }))
    .filter((n) => !dismissed.has(n.key))
    .slice(-1);
  return (
    <NoticeList notices={shown} onDismiss={(key) => setDismissed((d) => new Set(d).add(key))} label="Add-in messages" />
  );
}

export function App(props: { hub?: NoticeHub }): JSX.Element {
  const styles = useStyles();
  const [selected, setSelected] = useState<TabId>("market");
  const [opened, setOpened] = useState<ReadonlySet<TabId>>(() => new Set<TabId>(["market"]));
  const base = useId();
  const select = (id: TabId): void => {
    setSelected(id);
    setOpened((o) => (o.has(id) ? o : new Set(o).add(id)));
  };
  return (
    <main className={styles.root} aria-label="PivotLens">
      <div className={styles.top}>
        <div className={styles.tabs}>
          <Tabs tabs={TABS} selected={selected} onSelect={select} idBase={base} label="PivotLens sections" />
        </div>
        <a className={styles.help} href={helpUrl(window.location.href)} target="_blank" rel="noopener noreferrer">
          Help
        </a>
      </div>
      {props.hub !== undefined && <HubNotices hub={props.hub} />}
      {TABS.map(({ id, label, Panel }) => (
        <section
          key={id}
          className={styles.panel}
          role="tabpanel"
          id={`${base}-panel-${id}`}
          aria-labelledby={`${base}-tab-${id}`}
          hidden={selected !== id}
          tabIndex={0}
        >
          {opened.has(id) && (
            <PanelBoundary label={label}>
              <Suspense fallback={<Busy size="small" label={`Loading ${label}…`} />}>
                <Panel />
              </Suspense>
            </PanelBoundary>
          )}
        </section>
      ))}
    </main>
  );
}
