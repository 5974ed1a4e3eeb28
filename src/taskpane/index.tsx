/**
 * Task pane entry. Renders inside Office.onReady so Excel's API is available; the shared
 * runtime already loaded functions.js in this page, so both see one market store and one
 * deal list (src/market/store.ts, src/deals/store.ts). Everything else is in tested
 * modules: mount.tsx (services, background work, App), createServices.ts, bootstrap.ts.
 */
import { mountTaskpane } from "./mount";

void Office.onReady().then(() => {
  const container = document.getElementById("root");
  if (!container) throw new Error("taskpane.html has no #root element");
  return mountTaskpane(container);
});
