/**
 * Workbook settings, sheet protection and data validation in the fake Excel API:
 * - `workbook.settings` (Excel.SettingCollection, ExcelApi 1.4): JSON values saved in the
 *   workbook; `add(key, value)` creates or replaces, `getItemOrNullObject(key)`, `delete()`.
 * - `worksheet.protection` (ExcelApi 1.2): `protected` (load it), `protect()`, `unprotect()`.
 *   While a sheet is protected every change to it fails with AccessDenied, as in Excel.
 * - `range.dataValidation` (ExcelApi 1.8): `rule` (a list rule `{ list: { inCellDropDown,
 *   source } }`; other rule kinds are kept as given), `type` ("List", "None", …), `clear()`.
 *   Reading `rule` over cells with different rules gives null, as Excel does.
 */
import { copy, ClientObject, Collection, ErrorCodes, FakeOfficeError, accessors, type PropDef } from "./proxy";
import type { RequestContext } from "./api";
import type { DataValidationRuleModel, RangeRef, SheetModel, WorkbookModel } from "./workbook";

interface SettingRef {
  readonly model: WorkbookModel;
  readonly key: string;
}

export class SettingCollection extends Collection<SettingRef, Setting> {
  constructor(context: RequestContext) {
    super(
      context,
      () => [...context.model.settings.keys()].map((key) => ({ model: context.model, key })),
      "settings",
      false,
    );
  }
  protected wrap(s: SettingRef): Setting {
    return new Setting(this.context, () => s, "settings.items", false);
  }
  add(key: string, value: unknown): Setting {
    const v = copy(value);
    return new Setting(
      this.context,
      () => {
        if (key === "") throw new FakeOfficeError(ErrorCodes.invalidArgument, "A setting needs a non-empty key.");
        this.context.model.settings.set(key, v);
        return { model: this.context.model, key };
      },
      `settings.add(${key})`,
    );
  }
  getItem(key: string): Setting {
    return new Setting(
      this.context,
      () => {
        if (!this.context.model.settings.has(key))
          throw new FakeOfficeError(ErrorCodes.itemNotFound, `The setting "${key}" doesn't exist.`);
        return { model: this.context.model, key };
      },
      `settings.getItem(${key})`,
    );
  }
  getItemOrNullObject(key: string): Setting {
    return new Setting(
      this.context,
      () => (this.context.model.settings.has(key) ? { model: this.context.model, key } : null),
      `settings.getItemOrNullObject(${key})`,
    );
  }
}

export class Setting extends ClientObject<SettingRef> {
  protected readonly props: Record<string, PropDef<SettingRef>> = {
    key: { get: (s) => s.key },
    value: { get: (s) => s.model.settings.get(s.key), set: (s, v) => s.model.settings.set(s.key, v) },
  };
  delete(): void {
    this.queue("delete", (s) => s.model.settings.delete(s.key));
  }
}
accessors(Setting, ["key", "value"]);

export class WorksheetProtection extends ClientObject<SheetModel> {
  protected readonly props: Record<string, PropDef<SheetModel>> = {
    protected: { get: (s) => s.protected },
  };
  constructor(context: RequestContext, sheet: () => SheetModel) {
    super(context, sheet, "protection", false);
  }
  protect(_options?: unknown, _password?: string): void {
    this.queue("protect", (s) => (s.protected = true));
  }
  unprotect(_password?: string): void {
    this.queue("unprotect", (s) => (s.protected = false));
  }
}
accessors(WorksheetProtection, ["protected"]);

const cellKey = (row: number, col: number): string => `${row}:${col}`;

function cellsOf(ref: RangeRef): string[] {
  const out: string[] = [];
  const rows = Math.min(ref.rect.rows, 100000);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < ref.rect.cols; c++) out.push(cellKey(ref.rect.row + r, ref.rect.col + c));
  return out;
}

function ruleOf(ref: RangeRef): DataValidationRuleModel | null | undefined {
  const rules = cellsOf(ref).map((k) => ref.sheet.validation.get(k));
  const first = rules[0];
  return rules.every((r) => JSON.stringify(r) === JSON.stringify(first)) ? first : null;
}

export class DataValidation extends ClientObject<RangeRef> {
  protected readonly props: Record<string, PropDef<RangeRef>> = {
    rule: {
      get: (r) => ruleOf(r) ?? null,
      set: (r, v) => {
        this.context.model.guard(r.sheet);
        const rule = v as DataValidationRuleModel;
        if (rule.list !== undefined && (typeof rule.list.source !== "string" || rule.list.source === ""))
          throw new FakeOfficeError(
            ErrorCodes.invalidArgument,
            'A list rule needs a source ("a,b,c" or =Sheet!$A$1:$A$3).',
          );
        for (const k of cellsOf(r)) r.sheet.validation.set(k, rule);
      },
    },
    type: {
      get: (r) => {
        const rule = ruleOf(r);
        if (rule === null) return "MixedCriteria";
        if (rule === undefined) return "None";
        return rule.list !== undefined
          ? "List"
          : (Object.keys(rule)[0] ?? "None").replace(/^./, (c) => c.toUpperCase());
      },
    },
  };
  constructor(context: RequestContext, range: () => RangeRef) {
    super(context, range, "dataValidation", false);
  }
  clear(): void {
    this.queue("clear", (r) => {
      this.context.model.guard(r.sheet);
      for (const k of cellsOf(r)) r.sheet.validation.delete(k);
    });
  }
}
accessors(DataValidation, ["rule", "type"]);
