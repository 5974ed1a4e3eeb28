/**
 * Where the add-in remembers what it last wrote: one workbook setting per sheet role
 * (`PivotLens.written.INPUTS`, …), so the memory travels with the file (Excel saves
 * workbook settings, Excel.SettingCollection, ExcelApi 1.4, inside the .xlsx). Its value is
 * `{ v: 1, cells: { "<block>/<row key>/<column key>": fingerprint } }` (see reconcile.ts);
 * identities, not addresses, so rows and columns the user inserts do not confuse it.
 */

export const MEMORY_VERSION = 1;

export function memoryKey(role: string): string {
  return `PivotLens.written.${role}`;
}

/** Queues the load of a role's memory (read it with `readMemory` after the sync). */
export function queueMemory(context: Excel.RequestContext, role: string): Excel.Setting {
  const s = context.workbook.settings.getItemOrNullObject(memoryKey(role));
  s.load("value");
  return s;
}

/** The remembered fingerprints; {} when there is none or it is of another version (then every non-empty cell counts as the user's). */
export function readMemory(setting: Excel.Setting): Record<string, string> {
  if (setting.isNullObject) return {};
  const v: unknown = setting.value;
  if (typeof v !== "object" || v === null) return {};
  const { v: version, cells } = v as { v?: unknown; cells?: unknown };
  if (version !== MEMORY_VERSION || typeof cells !== "object" || cells === null) return {};
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(cells)) if (typeof x === "string") out[k] = x;
  return out;
}

/** Queues the write of a role's memory (in the same sync as the cells it describes). */
export function queueSaveMemory(
  context: Excel.RequestContext,
  role: string,
  cells: Readonly<Record<string, string>>,
): void {
  context.workbook.settings.add(memoryKey(role), { v: MEMORY_VERSION, cells });
}
