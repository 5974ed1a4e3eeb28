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
}

/** Installs the global if absent and returns the map of associated functions. */
export function installCustomFunctionsRuntime(target: Record<string, unknown> = globalThis as never): RuntimeRegistry {
  const existing = target.CustomFunctions as { __registry?: RuntimeRegistry } | undefined;
  if (existing?.__registry) return existing.__registry;
  const registry: RuntimeRegistry = { functions: new Map() };
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
    },
  };
  return registry;
}
