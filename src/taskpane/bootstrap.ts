/**
 * What the task pane starts outside React, once Office is ready (index.tsx calls it):
 * - the market store is started (settings and last good values restored; lazy and
 *   auto-refresh enabled: its poller runs while something is subscribed, so the subscription
 *   below also keeps auto-refresh going per Settings);
 * - every market snapshot change and every deal-list change asks the workbook layer to
 *   recalculate the cells that depend on them (coalesced: one recalculation in flight, at
 *   most one more queued);
 * - whatever fails is published to the notice hub, which the App shows as a MessageBar.
 */
import type { Notice } from "./notices";
import { errorNotice } from "./notices";
import { startNotice } from "./marketReport";
import type { TaskpaneServices } from "./services";
import type { MarketSnapshot } from "../market";

/**
 * What non-streaming PIVOT functions read from the snapshot: every field's value, and the
 * height's as-of (HALVING_DATE dates an omitted height from it). A snapshot change that
 * leaves these alone (the stale flag flipping, a refresh that fetched the same numbers) needs
 * no recalculation: PIVOT.MARKET cells stream their own updates.
 */
export function functionInputsKey(snapshot: MarketSnapshot): string {
  const values = Object.entries(snapshot.fields).map(([name, field]) => [name, field?.value]);
  return JSON.stringify([values, snapshot.fields.height?.asOf]);
}

export type NoticeListener = (notices: readonly Notice[]) => void;

/** Notices from outside the panels (start-up, background recalculation). */
export interface NoticeHub {
  publish(slot: string, notice: Notice | undefined): void;
  current(): readonly Notice[];
  subscribe(listener: NoticeListener): () => void;
}

export function createNoticeHub(): NoticeHub {
  const slots = new Map<string, Notice>();
  const listeners = new Set<NoticeListener>();
  let list: readonly Notice[] = [];
  return {
    publish(slot, notice) {
      if (notice === undefined) slots.delete(slot);
      else slots.set(slot, notice);
      list = [...slots.values()];
      for (const l of [...listeners]) l(list);
    },
    current: () => list,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

const RECALC_NEXT =
  "Cells using PIVOT functions may show the previous market or deal values: press Ctrl+Alt+F9 in Excel to recalculate everything. If this repeats, reload the add-in.";

/**
 * Starts the background work. Returns `stop`, which unsubscribes (the store's poller stops
 * with the last subscriber).
 */
export function startBackground(
  services: Pick<TaskpaneServices, "market" | "workbook" | "deals">,
  hub: NoticeHub,
): () => void {
  const { market, workbook, deals } = services;
  let running = false;
  let queued = false;
  let stopped = false;

  const recalc = (): void => {
    if (stopped) return;
    if (running) {
      queued = true;
      return;
    }
    running = true;
    workbook
      .recalcMarketDependents()
      .then(
        () => hub.publish("recalc", undefined),
        (e: unknown) => hub.publish("recalc", errorNotice("Dependent cells were not recalculated", e, RECALC_NEXT)),
      )
      .finally(() => {
        running = false;
        if (queued) {
          queued = false;
          recalc();
        }
      });
  };

  // A full recalculation is costly in a large model: ask for one only when a value the
  // functions read has changed.
  let marketKey = functionInputsKey(market.snapshot());
  const unsubscribeMarket = market.subscribe(() => {
    const key = functionInputsKey(market.snapshot());
    if (key === marketKey) return;
    marketKey = key;
    recalc();
  });
  const unsubscribeDeals = deals.subscribe(recalc);
  market.start().then(
    (report) => hub.publish("start", startNotice(report)),
    (e: unknown) =>
      hub.publish(
        "start",
        errorNotice(
          "The market data could not be started",
          e,
          "Reload the add-in; bundled values are in use meanwhile.",
        ),
      ),
  );
  return () => {
    stopped = true;
    unsubscribeMarket();
    unsubscribeDeals();
  };
}
