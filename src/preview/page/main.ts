/**
 * The preview page: builds the workbook (engine with functions.json from the add-in's build,
 * implementations from the task pane frame's functions.js), shows it, and loads the real
 * task pane beside it. `window.__pivotPreview` is what the frame (inject.ts) and the browser
 * tests use.
 */
import { createRuntimeRegistry, installCustomFunctionsRuntime } from "../customFunctionsRuntime";
import { parseFunctionsMetadata } from "../engine/metadata";
import { createFakeExcel } from "../excel";
import { HOST_KEY, type HostWindow, type PreviewHost } from "./host";
import { WorkbookView } from "./workbookView";

async function main(): Promise<void> {
  const registry = createRuntimeRegistry();
  installCustomFunctionsRuntime(window as never, registry);
  const response = await fetch("/functions.json", { cache: "no-store" });
  if (!response.ok) throw new Error(`/functions.json: HTTP ${response.status}`);
  const metadata = parseFunctionsMetadata(await response.json(), { servedFrom: location.origin });
  const fake = createFakeExcel({ metadata, registry });
  const host: PreviewHost = { workbook: fake.workbook, registry, stats: fake.stats };
  (window as HostWindow)[HOST_KEY] = host;

  const root = document.getElementById("workbook");
  const frame = document.getElementById("taskpane");
  if (root === null || !(frame instanceof HTMLIFrameElement))
    throw new Error("preview.html is missing #workbook or #taskpane");
  new WorkbookView(root, fake.workbook);
  frame.src = "/taskpane.html?preview";
}

main().catch((e: unknown) => {
  const box = document.getElementById("fatal");
  if (box) {
    box.hidden = false;
    box.textContent = `The preview could not start: ${e instanceof Error ? e.message : String(e)}`;
  }
  throw e;
});
