/**
 * Entry of functions.js. Every function is associated synchronously when this bundle loads:
 * - the files imported below run their `CustomFunctions.associate` calls, which
 *   custom-functions-metadata-plugin appends to each file listed in src/functions/files.json;
 * - the files that list gives a `chunk` (deals, revenue mix, companies, market history,
 *   credit, simulation) are not imported here: the build appends to this module one association per
 *   function of theirs, to a stand-in that fetches the file's chunk on the first call and
 *   then calls the real function (src/functions/lazy.ts, scripts/lazy-functions.cjs). Their
 *   code and bundled datasets are then not in the task pane's first load.
 *
 * This bundle must evaluate without a DOM (Excel's JavaScript-only runtime): only
 * CustomFunctions, OfficeRuntime, fetch and timers may be assumed. The chunked functions need
 * a page to load their code (the shared runtime's task pane page); elsewhere they answer #N/A
 * saying so.
 */
import "./mining";
import "./market";
import "./lease";
import "./pivot";
import "./miningFloor";
import { startMarketInOffice } from "../market/start";

// The market store exists as soon as functions.js has run in Office, so the task pane (a
// separate bundle in the same page) takes this instance instead of loading its own copy.
// The deal list is created by whichever bundle needs it first (src/deals/store.ts).
startMarketInOffice();
