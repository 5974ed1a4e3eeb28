/**
 * The task pane: four tabs (Market, Deals, Comps, Settings) over panels that stay mounted
 * while hidden, so a running action, its messages and the filters survive a tab switch.
 * Laid out for a 320 px wide pane; the tabs are an ARIA tablist (Tabs.tsx: arrow keys,
 * Home and End move between tabs) and each panel is a tabpanel labelled by its tab. Notices from the background (start-up,
 * recalculation) come from the notice hub and show above the tabs.
 */
import { Title3, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useId, useState } from "react";
import type { NoticeHub } from "./bootstrap";
import { NoticeList } from "./notices";
import { Tabs } from "./Tabs";
import { CompsPanel } from "./panels/CompsPanel";
import { DealsPanel } from "./panels/DealsPanel";
import { MarketPanel } from "./panels/MarketPanel";
import { SettingsPanel } from "./panels/SettingsPanel";

const useStyles = makeStyles({
  root: {
    boxSizing: "border-box",
    minWidth: "300px",
    padding: tokens.spacingHorizontalM,
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalS,
  },
  panel: { paddingTop: tokens.spacingVerticalS },
});

const TABS = [
  { id: "market", label: "Market", Panel: MarketPanel },
  { id: "deals", label: "Deals", Panel: DealsPanel },
  { id: "comps", label: "Comps", Panel: CompsPanel },
  { id: "settings", label: "Settings", Panel: SettingsPanel },
] as const;

type TabId = (typeof TABS)[number]["id"];

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
  const shown = notices.map((n, key) => ({ ...n, key })).filter((n) => !dismissed.has(n.key));
  return (
    <NoticeList notices={shown} onDismiss={(key) => setDismissed((d) => new Set(d).add(key))} label="Add-in messages" />
  );
}

export function App(props: { hub?: NoticeHub }): JSX.Element {
  const styles = useStyles();
  const [selected, setSelected] = useState<TabId>("market");
  const base = useId();
  return (
    <main className={styles.root} aria-label="PivotLens">
      <Title3 as="h1">PivotLens</Title3>
      {props.hub !== undefined && <HubNotices hub={props.hub} />}
      <Tabs tabs={TABS} selected={selected} onSelect={setSelected} idBase={base} label="PivotLens sections" />
      {TABS.map(({ id, Panel }) => (
        <section
          key={id}
          className={styles.panel}
          role="tabpanel"
          id={`${base}-panel-${id}`}
          aria-labelledby={`${base}-tab-${id}`}
          hidden={selected !== id}
          tabIndex={0}
        >
          <Panel />
        </section>
      ))}
    </main>
  );
}
