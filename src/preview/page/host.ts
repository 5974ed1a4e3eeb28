/**
 * What the preview page shares with the task pane frame: the workbook (engine included), the
 * custom-functions registry and the sync counter. The frame builds its own `Excel` API layer
 * over them (inject.ts), so the objects the task pane touches belong to its own window.
 */
import type { RuntimeRegistry } from "../customFunctionsRuntime";
import type { ApiStats } from "../excel/api";
import type { WorkbookModel } from "../excel/workbook";

export interface PreviewHost {
  readonly workbook: WorkbookModel;
  readonly registry: RuntimeRegistry;
  readonly stats: ApiStats;
}

export const HOST_KEY = "__pivotPreview";

export type HostWindow = Window & { [HOST_KEY]?: PreviewHost };
