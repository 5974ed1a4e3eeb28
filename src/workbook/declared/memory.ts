/**
 * Where the add-in remembers what it last wrote: one workbook setting per sheet role
 * (`PivotLens.written.INPUTS`, …), so the memory travels with the file (Excel saves
 * workbook settings, Excel.SettingCollection, ExcelApi 1.4, inside the .xlsx). Its value is
 * `{ v: 1, cells: { "<block>/<row key>/<column key>": fingerprint } }` (see reconcile.ts);
 * identities, not addresses, so rows and columns the user inserts do not confuse it. A block
 * that moves (sheet.ts `moves`) also keeps its layout, `layouts: { "<block>": { rows, cols } }`:
 * its row keys with their key texts and its column keys with their headers, in sheet order, so
 * the next write knows where each of its rows and columns was (moves.ts).
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

/** A moving block as last written: [key, key text] of its rows and [key, header] of its columns, in sheet order. */
export interface BlockLayout {
  readonly rows: readonly (readonly [string, string])[];
  readonly cols: readonly (readonly [string, string])[];
}
export type Layouts = Readonly<Record<string, BlockLayout>>;

const isPairs = (x: unknown): x is [string, string][] =>
  Array.isArray(x) && x.every((p) => Array.isArray(p) && p.length === 2 && p.every((t) => typeof t === "string"));

/** The remembered layouts of moving blocks; {} when there are none (or the memory is of another version). */
export function readLayouts(setting: Excel.Setting): Layouts {
  if (setting.isNullObject) return {};
  const v: unknown = setting.value;
  if (typeof v !== "object" || v === null) return {};
  const { v: version, layouts } = v as { v?: unknown; layouts?: unknown };
  if (version !== MEMORY_VERSION || typeof layouts !== "object" || layouts === null) return {};
  const out: Record<string, BlockLayout> = {};
  for (const [k, x] of Object.entries(layouts)) {
    const { rows, cols } = (x ?? {}) as { rows?: unknown; cols?: unknown };
    if (isPairs(rows) && isPairs(cols)) out[k] = { rows, cols };
  }
  return out;
}

/** Queues the write of a role's memory (in the same sync as the cells it describes). */
export function queueSaveMemory(
  context: Excel.RequestContext,
  role: string,
  cells: Readonly<Record<string, string>>,
  layouts: Layouts = {},
): void {
  const value = Object.keys(layouts).length > 0 ? { v: MEMORY_VERSION, cells, layouts } : { v: MEMORY_VERSION, cells };
  context.workbook.settings.add(memoryKey(role), value);
}
