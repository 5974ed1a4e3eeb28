/**
 * The firm's company feed as the pane loads it: src/companies/load.ts `loadCompanyFeed` over
 * src/deals/feedFetch.ts `fetchFeedText` (https, or http on localhost; timeout and size cap).
 * Both are fetched at the first load, in a chunk of their own: the pane's first load does not
 * carry them. The company store is the page's one (a global slot), so PIVOT.COMPANY cells read
 * the feed's values after the caller's recalculation. `covered` lists the companies that data
 * covers (the Comps picker offers those without deals too), from the store's own chunk.
 */
import type { CompanyFeedLoadResult } from "../companies";
import type { CompaniesApi } from "./services";

export function companiesApi(): CompaniesApi {
  return {
    async covered() {
      const { companyStore } = await import(/* webpackChunkName: "company-store" */ "../companies/store");
      return companyStore().current.map((c) => ({ ticker: c.ticker, name: c.name }));
    },
    async loadFeed(url: string): Promise<CompanyFeedLoadResult> {
      const [{ loadCompanyFeed }, { fetchFeedText }] = await Promise.all([
        import(/* webpackChunkName: "company-feed" */ "../companies/load"),
        import(/* webpackChunkName: "company-feed" */ "../deals/feedFetch"),
      ]);
      return loadCompanyFeed(url, async (rawUrl, options) => {
        const fetched = await fetchFeedText(rawUrl, options);
        return { ...fetched, contentType: fetched.contentType ?? "" };
      });
    },
  };
}
