/**
 * Fetching, sharing and caching mempool's history endpoints (see ./sources for the shapes).
 *
 * - One request per endpoint at a time: concurrent loads of the same endpoint join the
 *   request in flight, so a sheet of a hundred MARKET_HISTORY cells makes one request each.
 * - A live answer is reused for `ttlMs` (1 hour): history changes once a day, so cells that
 *   recalculate do not refetch. After a failure the endpoint is not asked again for
 *   `retryAfterFailureMs` (60 s); loads in that window get the fallback at once.
 * - Limits: each request times out after `http.timeoutMs` (15 s; a 5 MB body needs time on
 *   a slow link) and every request of one load ends by `budgetMs` (18 s) from its start,
 *   retries included (http.ts `httpGetText`); storage reads and writes are cut off after
 *   `storageTimeoutMs` (1 s). So a load settles within about 20 s whatever the servers and
 *   the storage do.
 * - Cache: each validated series is saved in the runtime's storage (OfficeRuntime.storage in
 *   Office) under `pivotlens.market.history.v1.<endpoint>`, with when and from where it was
 *   fetched, and restored after a restart. It is served as "cached" when younger than the
 *   TTL, and as the fallback of a failed fetch at any age, always with its true fetch time.
 * - Fallback, per endpoint: live, else cached (storage), else the bundled monthly history
 *   (./embedded), else nothing, with the reason.
 */
import { DEFAULT_HTTP_POLICY, httpGetText, CancelSource, type FetchLike, type HttpPolicy } from "../http";
import { detectRuntimeStorage, type KeyValueStorage } from "../storage";
import { cleanText, errorText } from "../text";
import { bundledHistory, type EmbeddedHistory } from "./embedded";
import type { SeriesInput } from "./series";
import {
  HISTORY_ENDPOINTS,
  HISTORY_ENDPOINT_IDS,
  HistoryRejection,
  MAX_HISTORY_BODY_CHARS,
  MS_PER_DAY,
  type DaySeries,
  type HistoryEndpointId,
} from "./sources";

export const HISTORY_STORAGE_PREFIX = "pivotlens.market.history.v1.";
export const DEFAULT_MEMPOOL_BASE_URL = "https://mempool.space";

export type HistoryOrigin = "live" | "cached" | "embedded" | "none";

export interface EndpointHistory {
  readonly endpoint: HistoryEndpointId;
  readonly origin: HistoryOrigin;
  /** Absent when origin is "none". */
  readonly input?: SeriesInput;
  /** When the source answered (embedded: the capture's as-of), ISO 8601 UTC. */
  readonly asOf?: string;
  /** The endpoint URL, or the bundled file's citation. */
  readonly source?: string;
  /** What went wrong on the way (cleaned text), if anything. */
  readonly note?: string;
}

export type HistoryLoad = Readonly<Record<HistoryEndpointId, EndpointHistory | undefined>>;

export interface HistoryServiceOptions {
  readonly storage?: KeyValueStorage;
  readonly fetch?: FetchLike;
  readonly http?: Partial<HttpPolicy>;
  readonly now?: () => number;
  /** The mempool instance, read at each fetch. Default https://mempool.space. */
  readonly baseUrl?: () => string;
  readonly embedded?: EmbeddedHistory;
  readonly ttlMs?: number;
  readonly retryAfterFailureMs?: number;
  readonly budgetMs?: number;
  readonly storageTimeoutMs?: number;
}

export interface HistoryService {
  /** Loads the endpoints (in parallel). Never rejects. */
  load(endpoints: readonly HistoryEndpointId[]): Promise<HistoryLoad>;
  /** Requests sent per endpoint since creation. */
  requests(): Readonly<Record<HistoryEndpointId, number>>;
  /** Cancels requests in flight. */
  dispose(): void;
}

interface StoredRecord {
  readonly schema: 1;
  readonly endpoint: HistoryEndpointId;
  readonly baseUrl: string;
  readonly fetchedAt: string;
  readonly source: string;
  readonly series: DaySeries;
}

interface Held {
  readonly record: StoredRecord;
  readonly live: boolean;
}

function isDaySeries(x: unknown): x is DaySeries {
  const s = x as DaySeries;
  if (typeof s !== "object" || s === null || !Array.isArray(s.days) || !Array.isArray(s.values)) return false;
  if (s.days.length !== s.values.length || s.days.length === 0) return false;
  if (s.heights !== undefined && (!Array.isArray(s.heights) || s.heights.length !== s.days.length)) return false;
  for (let i = 0; i < s.days.length; i++) {
    if (!Number.isInteger(s.days[i]) || (i > 0 && s.days[i] <= s.days[i - 1])) return false;
    if (typeof s.values[i] !== "number" || !Number.isFinite(s.values[i])) return false;
    if (s.heights !== undefined && !Number.isInteger(s.heights[i])) return false;
  }
  return true;
}

/** A stored record, checked as strictly as a source: anything else is ignored with the reason. */
export function parseStoredRecord(json: string, endpoint: HistoryEndpointId): StoredRecord {
  let r: StoredRecord;
  try {
    r = JSON.parse(json) as StoredRecord;
  } catch (e) {
    throw new HistoryRejection(`stored history is not JSON (${errorText(e)})`);
  }
  if (
    typeof r !== "object" ||
    r === null ||
    r.schema !== 1 ||
    r.endpoint !== endpoint ||
    typeof r.baseUrl !== "string" ||
    typeof r.source !== "string" ||
    typeof r.fetchedAt !== "string" ||
    Number.isNaN(Date.parse(r.fetchedAt)) ||
    !isDaySeries(r.series)
  ) {
    throw new HistoryRejection("stored history has the wrong shape");
  }
  return r;
}

/** Races `p` against a timer; the timer never outlives the race. */
async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function stripSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

class Service implements HistoryService {
  private readonly storage: KeyValueStorage;
  private readonly fetchImpl: FetchLike;
  private readonly policy: HttpPolicy;
  private readonly now: () => number;
  private readonly baseUrl: () => string;
  private readonly embedded: () => EmbeddedHistory;
  private readonly ttlMs: number;
  private readonly retryAfterFailureMs: number;
  private readonly budgetMs: number;
  private readonly storageTimeoutMs: number;
  private readonly cancel = new CancelSource();
  private readonly held = new Map<HistoryEndpointId, Held>();
  private readonly restored = new Map<HistoryEndpointId, Promise<{ held?: Held; note?: string }>>();
  private readonly inflight = new Map<HistoryEndpointId, Promise<EndpointHistory>>();
  private readonly failures = new Map<HistoryEndpointId, { atMs: number; reason: string }>();
  private readonly counts: Record<HistoryEndpointId, number>;

  constructor(o: HistoryServiceOptions) {
    this.storage = o.storage ?? detectRuntimeStorage().storage;
    this.fetchImpl = o.fetch ?? ((input, init) => fetch(input, init));
    this.policy = { ...DEFAULT_HTTP_POLICY, timeoutMs: 15_000, ...o.http };
    this.now = o.now ?? Date.now;
    this.baseUrl = o.baseUrl ?? (() => DEFAULT_MEMPOOL_BASE_URL);
    const embedded = o.embedded;
    this.embedded = () => embedded ?? bundledHistory();
    this.ttlMs = o.ttlMs ?? 3_600_000;
    this.retryAfterFailureMs = o.retryAfterFailureMs ?? 60_000;
    this.budgetMs = o.budgetMs ?? 18_000;
    this.storageTimeoutMs = o.storageTimeoutMs ?? 1_000;
    this.counts = Object.fromEntries(HISTORY_ENDPOINT_IDS.map((id) => [id, 0])) as Record<HistoryEndpointId, number>;
  }

  requests(): Readonly<Record<HistoryEndpointId, number>> {
    return { ...this.counts };
  }

  dispose(): void {
    this.cancel.cancel();
  }

  async load(endpoints: readonly HistoryEndpointId[]): Promise<HistoryLoad> {
    const unique = Array.from(new Set(endpoints));
    const results = await Promise.all(unique.map((id) => this.get(id)));
    const out: Partial<Record<HistoryEndpointId, EndpointHistory>> = {};
    for (const r of results) out[r.endpoint] = r;
    return out as HistoryLoad;
  }

  private get(id: HistoryEndpointId): Promise<EndpointHistory> {
    let p = this.inflight.get(id);
    if (p === undefined) {
      p = this.resolve(id)
        .catch((e: unknown): EndpointHistory => ({
          endpoint: id,
          origin: "none",
          note: `internal error: ${errorText(e)}`,
        }))
        .finally(() => this.inflight.delete(id));
      this.inflight.set(id, p);
    }
    return p;
  }

  private restore(id: HistoryEndpointId): Promise<{ held?: Held; note?: string }> {
    let p = this.restored.get(id);
    if (p === undefined) {
      p = (async () => {
        try {
          const json = await withTimeout(
            this.storage.getItem(HISTORY_STORAGE_PREFIX + id),
            this.storageTimeoutMs,
            "storage",
          );
          if (json === null) return {};
          return { held: { record: parseStoredRecord(json, id), live: false } };
        } catch (e) {
          return { note: `stored copy unusable: ${errorText(e)}` };
        }
      })();
      this.restored.set(id, p);
    }
    return p;
  }

  private fresh(h: Held | undefined, base: string): boolean {
    if (h === undefined || h.record.baseUrl !== base) return false;
    const age = this.now() - Date.parse(h.record.fetchedAt);
    return age >= 0 && age < this.ttlMs;
  }

  private answer(h: Held, note?: string): EndpointHistory {
    const r = h.record;
    const fetchedMs = Date.parse(r.fetchedAt);
    const input: SeriesInput = isStepSeries(r.endpoint)
      ? { series: r.series, stepsThroughDay: Math.floor(fetchedMs / MS_PER_DAY) }
      : { series: r.series };
    return {
      endpoint: r.endpoint,
      origin: h.live ? "live" : "cached",
      input,
      asOf: r.fetchedAt,
      source: r.source,
      ...(note ? { note: cleanText(note) } : {}),
    };
  }

  private fallback(id: HistoryEndpointId, h: Held | undefined, reason: string): EndpointHistory {
    if (h !== undefined)
      return this.answer(h, `live fetch failed (${reason}); serving the copy fetched ${h.record.fetchedAt}`);
    const e = this.embedded();
    const input = e.inputs[id];
    if (input !== undefined && e.asOf !== null) {
      return {
        endpoint: id,
        origin: "embedded",
        input,
        asOf: e.asOf,
        source: e.source,
        note: cleanText(`live fetch failed (${reason}); no cached copy; serving the bundled monthly history`),
      };
    }
    return {
      endpoint: id,
      origin: "none",
      note: cleanText(`live fetch failed (${reason}); no cached copy; bundled history: ${e.about}`, 400),
    };
  }

  private async resolve(id: HistoryEndpointId): Promise<EndpointHistory> {
    const base = stripSlash(this.baseUrl());
    const restored = this.held.has(id) ? {} : await this.restore(id);
    if (!this.held.has(id) && restored.held) this.held.set(id, restored.held);
    const h = this.held.get(id);
    if (this.fresh(h, base)) return this.answer(h!, restored.note);
    const failure = this.failures.get(id);
    if (failure !== undefined && this.now() - failure.atMs < this.retryAfterFailureMs) {
      return this.fallback(id, h, `${failure.reason}; not retried within ${this.retryAfterFailureMs / 1000} s`);
    }
    const endpoint = HISTORY_ENDPOINTS[id];
    const url = `${base}${endpoint.path}`;
    this.counts[id]++;
    // The history bodies run to megabytes (sources.ts): the cap is enforced while the body streams.
    const outcome = await httpGetText(url, this.policy, Date.now() + this.budgetMs, this.cancel, this.fetchImpl, {
      maxBytes: MAX_HISTORY_BODY_CHARS,
    });
    let reason: string;
    if (outcome.ok) {
      try {
        const fetchedAtMs = this.now();
        const series = endpoint.parse(outcome.text, fetchedAtMs);
        const record: StoredRecord = {
          schema: 1,
          endpoint: id,
          baseUrl: base,
          fetchedAt: new Date(fetchedAtMs).toISOString(),
          source: cleanText(`mempool ${url}`, 300),
          series,
        };
        const held: Held = { record, live: true };
        this.held.set(id, held);
        this.failures.delete(id);
        let note: string | undefined;
        try {
          await withTimeout(
            this.storage.setItem(HISTORY_STORAGE_PREFIX + id, JSON.stringify(record)),
            this.storageTimeoutMs,
            "storage",
          );
        } catch (e) {
          note = `not saved for offline use: ${errorText(e)}`;
        }
        return this.answer(held, note);
      } catch (e) {
        if (!(e instanceof HistoryRejection)) throw e;
        reason = `${endpoint.what} rejected: ${e.message}`;
      }
    } else {
      reason = `${endpoint.what}: ${outcome.reason}`;
    }
    this.failures.set(id, { atMs: this.now(), reason });
    return this.fallback(id, h, reason);
  }
}

/** The difficulty is a step function: a live series holds through the day it was fetched. */
function isStepSeries(id: HistoryEndpointId): boolean {
  return id === "mempool.difficultyHistory";
}

export function createHistoryService(options: HistoryServiceOptions = {}): HistoryService {
  return new Service(options);
}

const GLOBAL_KEY = Symbol.for("pivotlens.history");
type Slot = { [GLOBAL_KEY]?: HistoryService };

/**
 * The page's one history service (shared by the bundles in the page), created on first use
 * with the runtime's storage and fetch; `baseUrl` is read at each fetch.
 */
export function historyService(baseUrl?: () => string): HistoryService {
  const slot = globalThis as unknown as Slot;
  slot[GLOBAL_KEY] ??= createHistoryService(baseUrl ? { baseUrl } : {});
  return slot[GLOBAL_KEY];
}

/** Replaces the page's service (tests, bench); the previous one is disposed. */
export function installHistoryService(service: HistoryService | undefined): void {
  const slot = globalThis as unknown as Slot;
  const previous = slot[GLOBAL_KEY];
  if (previous !== undefined && previous !== service) previous.dispose();
  if (service === undefined) delete slot[GLOBAL_KEY];
  else slot[GLOBAL_KEY] = service;
}
