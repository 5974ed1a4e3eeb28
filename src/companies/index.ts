/** The company fundamentals layer: schema, bundled dataset, feed parsing, the shared store, lookups. */
export * from "./schema";
export {
  bundledCompanies,
  validateCompanyDataset,
  BUNDLED_COMPANIES_ABOUT,
  type CompanyDatasetResult,
} from "./dataset";
export * from "./feed";
export * from "./store";
export * from "./query";
export * from "./load";
