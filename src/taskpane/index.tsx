/**
 * Task pane entry. The pane renders at once, without waiting for Office.onReady: its first
 * screen (the market inputs from the page's store) needs nothing from Excel, and the workbook
 * writers wait for Office to be ready before their first Excel.run (createServices.ts
 * `officeReady`). The shared runtime already loaded functions.js in this page, so both see
 * one market store and one deal list (src/market/store.ts, src/deals/store.ts). Everything
 * else is in tested modules: mount.tsx (services, background work, App), createServices.ts,
 * bootstrap.ts.
 */
import { createServices } from "./createServices";
import { mountTaskpane } from "./mount";

const officeReady = Office.onReady();
const container = document.getElementById("root");
if (!container) throw new Error("taskpane.html has no #root element");
void mountTaskpane(container, () => createServices({ officeReady }));
