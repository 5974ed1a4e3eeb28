/** The deal data layer: schema, bundled dataset, feed parsing, the shared store, lookups. */
export * from "./schema";
export { bundledDataset, validateDataset, BUNDLED_ABOUT, type DatasetResult } from "./dataset";
export { parseCsv, CsvSyntaxError, type CsvRecord } from "./csv";
export * from "./feed";
export * from "./store";
export * from "./query";
export { loadDealFeed, type FeedLoadResult } from "./load";
