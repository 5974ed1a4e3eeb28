/**
 * Where the market layer keeps its settings and its last good snapshot.
 *
 * The interface is `OfficeRuntime.storage`'s (promises of strings). Chosen at start:
 * OfficeRuntime.storage when the Office runtime provides it (shared runtime and the
 * JavaScript-only custom-functions runtime), else the page's localStorage, else memory
 * (jest, bench, scripts: nothing survives the process, which the caller can see from `kind`).
 */

export interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
}

export interface RuntimeStorage {
  /** "custom": a storage object passed in by the caller (tests). */
  readonly kind: "OfficeRuntime.storage" | "localStorage" | "memory" | "custom";
  readonly storage: KeyValueStorage;
}

interface SyncStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export class MemoryStorage implements KeyValueStorage {
  private readonly items = new Map<string, string>();

  async getItem(key: string): Promise<string | null> {
    return this.items.get(key) ?? null;
  }

  async setItem(key: string, value: string): Promise<void> {
    this.items.set(key, value);
  }
}

function isKeyValueStorage(x: unknown): x is KeyValueStorage {
  return (
    typeof x === "object" &&
    x !== null &&
    typeof (x as KeyValueStorage).getItem === "function" &&
    typeof (x as KeyValueStorage).setItem === "function"
  );
}

/** Wraps a synchronous Web Storage so that it looks like OfficeRuntime.storage. */
function fromSync(sync: SyncStorage): KeyValueStorage {
  return {
    async getItem(key) {
      return sync.getItem(key);
    },
    async setItem(key, value) {
      sync.setItem(key, value);
    },
  };
}

export function detectRuntimeStorage(scope: object = globalThis): RuntimeStorage {
  const officeStorage = (scope as { OfficeRuntime?: { storage?: unknown } }).OfficeRuntime?.storage;
  if (isKeyValueStorage(officeStorage)) return { kind: "OfficeRuntime.storage", storage: officeStorage };
  let local: unknown;
  try {
    // Reading localStorage throws in sandboxed frames with storage disabled: then use memory.
    local = (scope as { localStorage?: unknown }).localStorage;
  } catch {
    local = undefined;
  }
  if (isKeyValueStorage(local)) return { kind: "localStorage", storage: fromSync(local as unknown as SyncStorage) };
  return { kind: "memory", storage: new MemoryStorage() };
}
