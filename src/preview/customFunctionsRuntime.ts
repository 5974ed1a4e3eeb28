/**
 * The `CustomFunctions` global as Excel's runtime provides it (Error, ErrorCode, associate),
 * for hosts that are not Excel: the preview page and jest. Installed only where no real
 * runtime is present. Development-only: never imported by the add-in's own bundles.
 */

export const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export class CustomFunctionsError {
  readonly code: string;
  readonly message?: string;

  constructor(code: string, message?: string) {
    this.code = code;
    this.message = message;
  }
}

export interface RuntimeRegistry {
  readonly functions: Map<string, (...args: unknown[]) => unknown>;
  /** Called after every associate() (the preview engine recalculates when functions arrive). */
  readonly listeners?: Set<() => void>;
}

export function createRuntimeRegistry(): RuntimeRegistry {
  return { functions: new Map(), listeners: new Set() };
}

/**
 * Installs the global if absent and returns the map of associated functions. Pass `shared`
 * to make this global feed an existing registry: the preview page's task pane frame uses the
 * registry of the page that owns the workbook, as Excel's shared runtime has one registry.
 */
export function installCustomFunctionsRuntime(
  target: Record<string, unknown> = globalThis as never,
  shared?: RuntimeRegistry,
): RuntimeRegistry {
  const existing = target.CustomFunctions as { __registry?: RuntimeRegistry } | undefined;
  if (existing?.__registry) return existing.__registry;
  const registry: RuntimeRegistry = shared ?? createRuntimeRegistry();
  const notify = (): void => {
    for (const listener of registry.listeners ?? []) listener();
  };
  target.CustomFunctions = {
    __registry: registry,
    Error: CustomFunctionsError,
    ErrorCode: ERROR_CODES,
    associate(idOrMap: string | Record<string, (...args: unknown[]) => unknown>, fn?: (...args: unknown[]) => unknown) {
      if (typeof idOrMap === "string") {
        if (typeof fn !== "function") throw new TypeError(`associate(${idOrMap}) needs a function`);
        registry.functions.set(idOrMap.toUpperCase(), fn);
      } else {
        for (const [id, f] of Object.entries(idOrMap)) registry.functions.set(id.toUpperCase(), f);
      }
      notify();
    },
  };
  return registry;
}
