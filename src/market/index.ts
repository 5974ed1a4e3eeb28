/**
 * The market layer's public surface, for the task pane, the workbook layer and the custom
 * functions. See store.ts for the refresh policy and the shared-instance rule.
 */
export {
  marketStore,
  createMarketStore,
  installMarketStore,
  STORE_GLOBAL_KEY,
  type MarketStore,
  type MarketStoreOptions,
  type MarketSettingsApi,
  type RefreshReport,
  type RefreshFailure,
  type FallbackUse,
  type StartReport,
  type StoreStats,
  type SnapshotListener,
  type ConnectionTest,
  type ProgressListener,
  type RefreshProgress,
  type ResetReport,
  type SourceProgress,
  type SourceState,
} from "./store";
export { ENDPOINT_IDS, type EndpointId } from "./sources";
export { MARKET_MAX_BYTES } from "./http";
export { expectedHeight, heightImplausibility } from "./height";
export { marketValues } from "./values";
export {
  MARKET_FIELDS,
  INPUT_FIELDS,
  PRIMARY_FIELDS,
  DERIVED_FIELDS,
  FIELD_UNITS,
  type MarketField,
  type InputField,
  type PrimaryField,
  type FieldValue,
  type MarketSnapshot,
  type MarketValues,
  type Origin,
  sourceLabel,
} from "./model";
export {
  DEFAULT_SETTINGS,
  type MarketSettings,
  type SettingsResult,
  type SettingsErrors,
  type SettingsNotes,
} from "./settings";
export { cleanText } from "./text";
