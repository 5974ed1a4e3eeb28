/**
 * The proxy machinery of the fake Excel API: the request context and its queue, load/sync,
 * null objects, collections and Excel's error shape. The object classes (api.ts, apiTables.ts,
 * apiCharts.ts, apiExtras.ts) are built on it.
 */
import { isCodedError, WorkbookError } from "./errors";
import type { RangeRef } from "./workbook";
import type { RequestContext } from "./api";

export const ErrorCodes = {
  accessDenied: "AccessDenied",
  generalException: "GeneralException",
  insertDeleteConflict: "InsertDeleteConflict",
  invalidArgument: "InvalidArgument",
  invalidBinding: "InvalidBinding",
  invalidOperation: "InvalidOperation",
  invalidReference: "InvalidReference",
  invalidSelection: "InvalidSelection",
  itemAlreadyExists: "ItemAlreadyExists",
  itemNotFound: "ItemNotFound",
  notImplemented: "NotImplemented",
  propertyNotLoaded: "PropertyNotLoaded",
  invalidObjectPath: "InvalidObjectPath",
} as const;

/** office.js's OfficeExtension.Error shape: name "RichApi.Error", code, debugInfo. */
export class FakeOfficeError extends Error {
  readonly code: string;
  readonly debugInfo: { code: string; message: string; errorLocation?: string };
  constructor(code: string, message: string, errorLocation?: string) {
    super(message);
    this.name = "RichApi.Error";
    this.code = code;
    this.debugInfo = { code, message, errorLocation };
  }
}

export function notLoaded(prop: string): FakeOfficeError {
  return new FakeOfficeError(
    ErrorCodes.propertyNotLoaded,
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

export function toOfficeError(e: unknown, location: string): FakeOfficeError {
  if (e instanceof FakeOfficeError) return e;
  if (isCodedError(e)) return new FakeOfficeError(e.code, e.message, location);
  return new FakeOfficeError(ErrorCodes.generalException, e instanceof Error ? e.message : String(e), location);
}

/** Deep copy into this realm (values may come from the page's realm). */
export function copy<T>(v: T): T {
  if (Array.isArray(v)) return Array.from(v, (x) => copy(x)) as T;
  if (typeof v === "object" && v !== null) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) o[k] = copy(x);
    return o as T;
  }
  return v;
}

export class ClientResult<T> {
  private has = false;
  private v: T | undefined;
  /** @internal */ _set(v: T): void {
    this.v = v;
    this.has = true;
  }
  get value(): T {
    if (!this.has) throw notLoaded("value");
    return this.v as T;
  }
}

export type LoadSpec = string | string[] | { select?: string | string[]; expand?: string | string[] } | undefined;

export function parseLoad(spec: LoadSpec): string[] | undefined {
  if (spec === undefined) return undefined;
  const list = (x: string | string[] | undefined): string[] =>
    x === undefined ? [] : (Array.isArray(x) ? x : x.split(",")).map((s) => s.trim()).filter((s) => s !== "");
  if (typeof spec === "string" || Array.isArray(spec)) return list(spec);
  return [...list(spec.select), ...list(spec.expand)];
}

export interface PropDef<T> {
  get(entity: T, self: ClientObject<T>): unknown;
  set?(entity: T, value: unknown, self: ClientObject<T>): void;
}

/** A proxy bound to one model entity, resolved when its first queued operation runs. */
export abstract class ClientObject<T> {
  /** @internal */ readonly context: RequestContext;
  private readonly resolver: () => T | null;
  private resolved = false;
  private entity: T | null = null;
  private isNull: boolean | undefined;
  /** @internal */ readonly _loaded = new Map<string, unknown>();
  protected abstract readonly props: Record<string, PropDef<T>>;

  constructor(context: RequestContext, resolver: () => T | null, where: string, eager = true) {
    this.context = context;
    this.resolver = resolver;
    context.created.push(this as ClientObject<unknown>);
    if (eager) context.enqueue(where, () => void this._resolve());
  }

  /** @internal */ _resolve(): T | null {
    if (!this.resolved) {
      this.entity = this.resolver();
      this.resolved = true;
    }
    return this.entity;
  }

  /** @internal */ _get(): T {
    const e = this._resolve();
    if (e === null)
      throw new WorkbookError(
        ErrorCodes.itemNotFound,
        `The requested resource doesn't exist (${this.constructor.name} is a null object).`,
      );
    return e;
  }

  /** @internal */ _afterSync(): void {
    if (this.resolved) this.isNull = this.entity === null;
  }

  get isNullObject(): boolean {
    if (this.isNull === undefined) throw notLoaded("isNullObject");
    return this.isNull;
  }

  /** @internal Child proxies reachable by load paths ("format/font/bold"). */
  protected nav(_name: string): ClientObject<unknown> | undefined {
    return undefined;
  }

  load(spec?: LoadSpec): this {
    const paths = parseLoad(spec);
    const own: string[] = [];
    for (const p of paths ?? Object.keys(this.props)) {
      const [head, ...rest] = p.split("/");
      const child = this.nav(head);
      if (child !== undefined) child.load(rest.length > 0 ? rest.join("/") : undefined);
      else if (head in this.props || head === "items") own.push(head);
      else
        throw new FakeOfficeError(
          ErrorCodes.invalidArgument,
          `Cannot load "${p}": ${this.constructor.name} has no such property in the preview's Excel.`,
        );
    }
    this.context.enqueue(`${this.constructor.name}.load`, () => this._load(own));
    return this;
  }

  /** @internal */ _load(props: readonly string[]): void {
    const e = this._resolve();
    if (e === null) return;
    for (const p of props) this._loaded.set(p, copy(this.props[p].get(e, this)));
  }

  /** @internal */ protected read(prop: string): unknown {
    if (!this._loaded.has(prop)) throw notLoaded(prop);
    return this._loaded.get(prop);
  }

  /** @internal */ protected write(prop: string, value: unknown): void {
    const def = this.props[prop];
    if (def?.set === undefined) throw new FakeOfficeError(ErrorCodes.invalidOperation, `${prop} is read-only.`);
    const v = copy(value);
    this._loaded.set(prop, v);
    this.context.enqueue(`${this.constructor.name}.${prop}`, () => def.set?.(this._get(), v, this));
  }

  /** @internal */ protected queue(where: string, fn: (e: T) => void): void {
    this.context.enqueue(`${this.constructor.name}.${where}`, () => fn(this._get()));
  }

  toJSON(): Record<string, unknown> {
    return Object.fromEntries(this._loaded);
  }
}

/** Installs getters/setters for each prop of the class's table. */
export function accessors(cls: { prototype: object }, names: readonly string[]): void {
  for (const name of names) {
    Object.defineProperty(cls.prototype, name, {
      get(this: ClientObject<unknown> & { read(p: string): unknown }) {
        return this.read(name);
      },
      set(this: ClientObject<unknown> & { write(p: string, v: unknown): void }, v: unknown) {
        this.write(name, v);
      },
      configurable: true,
    });
  }
}

/** A 2-D block from a scalar (fills the range) or an array (must match the range). */
export function block(ref: RangeRef, v: unknown): unknown[][] {
  if (Array.isArray(v)) return v as unknown[][];
  return Array.from({ length: ref.rect.rows }, () => Array.from({ length: ref.rect.cols }, () => v));
}

// ---------------- collections ----------------

export abstract class Collection<T, P extends ClientObject<T>> extends ClientObject<T[]> {
  private itemsList: P[] | undefined;
  protected abstract wrap(entity: T): P;

  get items(): P[] {
    if (this.itemsList === undefined) throw notLoaded("items");
    return this.itemsList;
  }

  override load(spec?: LoadSpec): this {
    const paths = parseLoad(spec) ?? [];
    const itemProps: string[] = [];
    for (const p of paths) {
      if (p === "items") continue;
      itemProps.push(p.startsWith("items/") ? p.slice("items/".length) : p);
    }
    this.context.enqueue(`${this.constructor.name}.load`, () => {
      const list = this._get().map((e) => {
        const proxy = this.wrap(e);
        proxy._resolve();
        const own = itemProps.length > 0 ? itemProps : Object.keys((proxy as unknown as { props: object }).props);
        proxy._load(own.filter((x) => !x.includes("/")));
        return proxy;
      });
      this.itemsList = list;
    });
    return this;
  }

  getCount(): ClientResult<number> {
    const r = new ClientResult<number>();
    this.queue("getCount", (list) => r._set(list.length));
    return r;
  }

  protected override readonly props: Record<string, PropDef<T[]>> = { count: { get: (l) => l.length } };
}
