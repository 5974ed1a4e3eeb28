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
import { startMarketInOffice } from "../market/start";

startMarketInOffice();
