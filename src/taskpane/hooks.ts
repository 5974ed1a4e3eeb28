/** Small hooks the panels share. */
import { useCallback, useEffect, useRef, useState } from "react";
import type { MarketSnapshot } from "../market";
import type { Deal } from "../deals";
import { useServices } from "./services";

/** How often displayed ages ("3 min ago") are recomputed. */
export const AGE_TICK_MS = 30_000;

/** The current market snapshot, updated on every store change. */
export function useMarketSnapshot(): MarketSnapshot {
  const { market } = useServices();
  const [snapshot, setSnapshot] = useState<MarketSnapshot>(() => market.snapshot());
  useEffect(() => {
    const unsubscribe = market.subscribe(setSnapshot);
    // A change between the first render and the subscription must not be missed.
    setSnapshot(market.snapshot());
    return unsubscribe;
  }, [market]);
  return snapshot;
}

/** The services' clock, re-read every AGE_TICK_MS and whenever `dep` changes. */
export function useNow(dep: unknown): number {
  const { now } = useServices();
  const [nowMs, setNowMs] = useState(now);
  useEffect(() => {
    setNowMs(now());
    const timer = setInterval(() => setNowMs(now()), AGE_TICK_MS);
    return () => clearInterval(timer);
  }, [now, dep]);
  return nowMs;
}

/** The shared deal list (bundled plus feed), updated on every change. */
export function useDeals(): readonly Deal[] {
  const { deals } = useServices();
  const [list, setList] = useState<readonly Deal[]>(() => deals.current());
  useEffect(() => {
    const unsubscribe = deals.subscribe(() => setList(deals.current()));
    setList(deals.current());
    return unsubscribe;
  }, [deals]);
  return list;
}

/** Hands an error nobody can show any more (the panel is gone) to the host's error reporting. */
function surface(e: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (typeof report === "function") report(e);
  else
    setTimeout(() => {
      throw e;
    }, 0);
}

/**
 * Runs one async action at a time and says whether it is running. The action must handle
 * its own outcome (show a notice); anything it still throws becomes `onUnexpected`'s notice,
 * so nothing is swallowed. State is not set after unmount.
 */
export function useRunner(onUnexpected: (e: unknown) => void): {
  running: boolean;
  run: (action: () => Promise<void>) => void;
} {
  const [running, setRunning] = useState(false);
  const busy = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(
    (action: () => Promise<void>) => {
      if (busy.current) return;
      busy.current = true;
      setRunning(true);
      action()
        .catch((e: unknown) => {
          if (mounted.current) onUnexpected(e);
          else surface(e);
        })
        .finally(() => {
          busy.current = false;
          if (mounted.current) setRunning(false);
        });
    },
    [onUnexpected],
  );
  return { running, run };
}
