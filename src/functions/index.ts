/**
 * Entry of functions.js. Importing each family runs its `CustomFunctions.associate` calls,
 * which custom-functions-metadata-plugin appends to each file listed in webpack.config.js,
 * so every function is registered synchronously when this bundle loads.
 *
 * This bundle must evaluate without a DOM (Excel's JavaScript-only runtime): only
 * CustomFunctions, OfficeRuntime, fetch and timers may be assumed.
 */
import "./mining";
import "./deals";
import "./market";
import "./lease";
import "./pivot";
import "./companies";
import "./miningFloor";
import "./credit";
import "./simulation";
import "./history";
import "./revenue";
import { dealStore } from "../deals/store";
import { startMarketInOffice } from "../market/start";

// Both shared stores exist as soon as functions.js has run, so the task pane (a separate
// bundle in the same page) takes these instances instead of loading its own copies.
dealStore();
startMarketInOffice();
