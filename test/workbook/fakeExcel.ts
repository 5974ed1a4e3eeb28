/**
 * Test support for the workbook writers: the one fake Excel object model
 * (src/preview/excel, formulas evaluated by the preview engine with the PIVOT functions
 * registered from the sources), plus helpers to read back a whole workbook.
 */
import { createFakeExcel, type FakeExcel } from "../../src/preview/excel";
import { associateFromSource } from "../../src/preview/engine/fromSource";
import type { FunctionsMetadata } from "../../src/preview/engine/metadata";
import { installCustomFunctionsRuntime } from "../../src/preview/customFunctionsRuntime";
import type { SheetModel } from "../../src/preview/excel/workbook";
import type { ExcelRun } from "../../src/workbook/run";
export { syntheticDeals } from "../support/syntheticDeals";

let metadata: Promise<FunctionsMetadata> | undefined;

export interface Harness {
  readonly fake: FakeExcel;
  readonly run: ExcelRun;
}

/** A fresh workbook (default one sheet, "Sheet1") whose formulas run the PIVOT functions. */
export async function newWorkbook(sheetNames?: readonly string[]): Promise<Harness> {
  metadata ??= associateFromSource();
  const registry = installCustomFunctionsRuntime();
  const fake = createFakeExcel({ metadata: await metadata, registry, sheetNames });
  return { fake, run: fake.Excel.run as unknown as ExcelRun };
}

export function sheet(h: Harness, name: string): SheetModel {
  return h.fake.workbook.sheet(name);
}

/** Values of a rectangle given in A1 ("A10:C12"). */
export function values(h: Harness, sheetName: string, a1: string): unknown[][] {
  const s = sheet(h, sheetName);
  return h.fake.workbook.values(h.fake.workbook.resolve(a1, s));
}

export function formulas(h: Harness, sheetName: string, a1: string): unknown[][] {
  const s = sheet(h, sheetName);
  return h.fake.workbook.formulas(h.fake.workbook.resolve(a1, s));
}

export function value(h: Harness, sheetName: string, a1: string): unknown {
  return values(h, sheetName, a1)[0][0];
}

/** Everything the writers can change: cells (formulas or constants), formats, links, tables, names, charts. */
export function dump(h: Harness): unknown {
  const wb = h.fake.workbook;
  return {
    sheets: wb.sheets.map((s) => {
      const used = wb.usedRect(s, false);
      const cells = used ? wb.formulas({ sheet: s, rect: used }) : [];
      return { name: s.name, visibility: s.visibility, used, cells, formats: [...s.formats.entries()].sort() };
    }),
    tables: wb.tables.map((t) => ({ name: t.name, sheet: t.sheet.name, rect: t.rect })),
    names: wb.names.map((n) => ({ ...n })).sort((a, b) => a.name.localeCompare(b.name)),
    charts: wb.charts.map((c) => ({
      name: c.name,
      sheet: c.sheet.name,
      type: c.type,
      title: c.title,
      data: wb.chartData(c),
      position: c.position,
    })),
  };
}

/** Fails the test if anything was logged as an error or warning (no error is swallowed into a log). */
export function forbidConsoleErrors(): void {
  let spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    spies = [jest.spyOn(console, "error"), jest.spyOn(console, "warn")];
  });
  afterEach(() => {
    for (const s of spies) {
      expect(s).not.toHaveBeenCalled();
      s.mockRestore();
    }
  });
}
