/**
 * One refresh's network work: ask every endpoint, within its time budget, and turn the
 * answers into observations, failures and per-source progress. The store (engine.ts) decides
 * what enters the snapshot; this module never touches it.
 *
 * Time budgets (the refresh as a whole never exceeds `maxRefreshMs`, 20 s by default):
 * - the three mempool data endpoints run side by side, each with the whole budget;
 * - the price chain (mempool, then Coinbase, then Kraken) runs in order, and each source gets
 *   an equal share of what is left when its turn comes: (deadline − now) ÷ sources left. So
 *   with the defaults mempool's price gets 6.7 s, and a slow, trickling or rate-limited
 *   mempool leaves Coinbase and Kraken at least as much each. A Retry-After longer than the
 *   source's share moves on to the next source at once (and the source is skipped until then,
 *   for at most an hour).
 */
import { httpGetText, type CancelToken, type FetchLike, type HttpPolicy } from "./http";
import type { InputField, Observation } from "./model";
import type { MarketSettings } from "./settings";
import {
  ENDPOINT_IDS,
  ENDPOINTS,
  endpointLabel,
  endpointUrl,
  PRICE_CHAIN,
  SourceRejection,
  type EndpointId,
  type Observations,
} from "./sources";
import { cleanText, errorText } from "./text";
import type { ProgressListener, RefreshFailure, RefreshProgress, SourceProgress, SourceState } from "./types";

export interface EndpointResult {
  readonly id: EndpointId;
  readonly observations?: Observations;
  /** The endpoint gave nothing usable. */
  readonly failure?: RefreshFailure;
  /** The endpoint answered, but these fields of its answer were rejected (the rest is kept). */
  readonly dropped?: readonly { readonly field: InputField; readonly failure: RefreshFailure }[];
}

export interface FetchContext {
  readonly settings: MarketSettings;
  readonly policy: HttpPolicy;
  readonly cancel: CancelToken;
  /** Called per request (the store counts them). */
  readonly fetchImpl: (id: EndpointId) => FetchLike;
  /** The store's clock, for fetchedAt stamps and the height check. */
  readonly now: () => number;
  /** Retry-After cool-downs per endpoint, Unix ms (Date.now clock). */
  readonly cooldownUntil: Map<EndpointId, number>;
  /** The store's "never below the last height" rule (height.ts). */
  readonly judgeHeight?: (height: number) => string | undefined;
  readonly progress?: ProgressTracker;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Per-source progress of one refresh, told to listeners on every change. */
export class ProgressTracker {
  private state: RefreshProgress;
  private readonly started: Partial<Record<EndpointId, number>> = {};

  constructor(
    refreshId: number,
    settings: MarketSettings,
    private readonly emit: ProgressListener,
  ) {
    const sources = {} as Record<EndpointId, SourceProgress>;
    for (const id of ENDPOINT_IDS) {
      sources[id] = {
        endpoint: id,
        source: endpointLabel(ENDPOINTS[id], settings),
        state: "waiting",
        attempts: 0,
        retries: 0,
        budgetMs: 0,
      };
    }
    this.state = Object.freeze({
      refreshId,
      startedAt: iso(Date.now()),
      running: true,
      sources: Object.freeze(sources),
    });
  }

  current(): RefreshProgress {
    return this.state;
  }

  update(id: EndpointId, patch: Partial<SourceProgress> & { state?: SourceState }): void {
    const before = this.state.sources[id];
    const next: SourceProgress = { ...before, ...patch };
    if (patch.state !== undefined && ["ok", "failed", "skipped", "cancelled"].includes(patch.state)) {
      const t0 = this.started[id];
      if (t0 !== undefined) (next as { durationMs?: number }).durationMs = Date.now() - t0;
    }
    if (patch.state === "requesting" && this.started[id] === undefined) this.started[id] = Date.now();
    this.state = Object.freeze({ ...this.state, sources: Object.freeze({ ...this.state.sources, [id]: next }) });
    this.emit(this.state);
  }

  finish(): void {
    this.state = Object.freeze({ ...this.state, running: false });
    this.emit(this.state);
  }
}

/** Asks one endpoint, with retries, until `deadline` (Date.now clock). */
export async function fetchEndpoint(
  id: EndpointId,
  ctx: FetchContext,
  deadline: number,
  policy: HttpPolicy = ctx.policy,
): Promise<EndpointResult> {
  const endpoint = ENDPOINTS[id];
  const source = endpointLabel(endpoint, ctx.settings);
  const progress = ctx.progress;
  progress?.update(id, { budgetMs: Math.max(0, deadline - Date.now()) });
  const fail = (reason: string, state: SourceState = "failed"): EndpointResult => {
    const text = cleanText(reason);
    progress?.update(id, { state: ctx.cancel.cancelled ? "cancelled" : state, reason: text });
    return { id, failure: { source, endpoint: id, reason: text } };
  };
  const until = ctx.cooldownUntil.get(id);
  if (until !== undefined) {
    if (Date.now() < until)
      return fail(`skipped: the server asked to wait until ${iso(until)} (Retry-After)`, "skipped");
    ctx.cooldownUntil.delete(id);
  }
  const outcome = await httpGetText(
    endpointUrl(endpoint, ctx.settings),
    policy,
    deadline,
    ctx.cancel,
    ctx.fetchImpl(id),
    {
      onAttempt: (n) =>
        progress?.update(id, { state: n === 1 ? "requesting" : "retrying", attempts: n, retries: n - 1 }),
    },
  );
  if (!outcome.ok) {
    if (outcome.retryAfterUntilMs !== undefined) ctx.cooldownUntil.set(id, outcome.retryAfterUntilMs);
    return fail(outcome.reason);
  }
  const dropped: { field: InputField; failure: RefreshFailure }[] = [];
  try {
    const observations = endpoint.parse(outcome.text, {
      fetchedAtMs: ctx.now(),
      source,
      ...(ctx.judgeHeight ? { judgeHeight: ctx.judgeHeight } : {}),
      onFieldRejected: (field, rejection) =>
        dropped.push({
          field,
          failure: { source, endpoint: id, reason: cleanText(`rejected ${field}: ${rejection.message}`) },
        }),
    });
    progress?.update(id, { state: "ok" });
    return { id, observations, ...(dropped.length > 0 ? { dropped } : {}) };
  } catch (e) {
    if (e instanceof SourceRejection) return fail(`rejected: ${e.message}`);
    return fail(`rejected: unexpected parse failure: ${errorText(e)}`);
  }
}

/** The price chain: each source in turn with an equal share of the time left, until one answers well. */
export async function fetchPrice(ctx: FetchContext, deadline: number): Promise<EndpointResult[]> {
  const results: EndpointResult[] = [];
  for (let i = 0; i < PRICE_CHAIN.length; i++) {
    const id = PRICE_CHAIN[i];
    if (ctx.cancel.cancelled) {
      results.push({
        id,
        failure: { source: endpointLabel(ENDPOINTS[id], ctx.settings), endpoint: id, reason: "cancelled" },
      });
      ctx.progress?.update(id, { state: "cancelled", reason: "cancelled" });
      continue;
    }
    const share = Math.floor((deadline - Date.now()) / (PRICE_CHAIN.length - i));
    const r = await fetchEndpoint(id, ctx, Date.now() + Math.max(0, share));
    results.push(r);
    if (r.observations?.btc_usd !== undefined) {
      for (const rest of PRICE_CHAIN.slice(i + 1)) {
        ctx.progress?.update(rest, { state: "skipped", reason: "not needed: an earlier price source answered" });
      }
      break;
    }
  }
  return results;
}

/** Every endpoint of a refresh: the mempool data endpoints side by side with the price chain. */
export async function fetchAll(ctx: FetchContext, deadline: number): Promise<EndpointResult[]> {
  const [hashrate, rewards, tip, price] = await Promise.all([
    fetchEndpoint("mempool.hashrate", ctx, deadline),
    fetchEndpoint("mempool.rewardStats", ctx, deadline),
    fetchEndpoint("mempool.tipHeight", ctx, deadline),
    fetchPrice(ctx, deadline),
  ]);
  return [hashrate, rewards, tip, ...price];
}

/** The observations a refresh obtained, per field the notes of what failed, and the failures. */
export function mergeResults(results: readonly EndpointResult[]): {
  live: Partial<Record<InputField, Observation>>;
  notes: Partial<Record<InputField, string>>;
  failures: RefreshFailure[];
} {
  const live: Partial<Record<InputField, Observation>> = {};
  const notes: Partial<Record<InputField, string>> = {};
  const failures: RefreshFailure[] = [];
  const addNote = (field: InputField, line: string): void => {
    notes[field] = notes[field] ? `${notes[field]}; ${line}` : line;
  };
  for (const r of results) {
    if (r.observations) Object.assign(live, r.observations);
    if (r.failure) {
      failures.push(r.failure);
      for (const field of ENDPOINTS[r.id].fields) addNote(field, `${r.id}: ${r.failure.reason}`);
    }
    for (const d of r.dropped ?? []) {
      failures.push(d.failure);
      addNote(d.field, `${r.id}: ${d.failure.reason}`);
    }
  }
  return { live, notes, failures };
}
