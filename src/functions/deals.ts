/**
 * Deal table custom functions (thin adapters over src/deals). They read the shared deal
 * store (`globalThis[Symbol.for("pivotlens.deals")]`, see src/deals/store.ts): the bundled
 * dataset plus the firm's feed that the task pane loaded, in the same page.
 * Parameters are typed `any` so the adapter, not Excel, writes the error message.
 */

import { dealField, dealsTable, type DealCell } from "../deals/query";
import { defineFunction } from "./adapter/define";
import { optText, text, type TextArgSpec } from "./adapter/spec";

/** A required text argument whose spec type records that it is always present. */
function reqText(name: string): TextArgSpec & { readonly optional: false } {
  return { ...text(name), optional: false };
}

export const deal = defineFunction({
  id: "DEAL",
  args: [reqText("deal_id"), reqText("field")] as const,
  compute: (dealId: string, field: string): DealCell => dealField(dealId, field),
});

export const deals = defineFunction({
  id: "DEALS",
  args: [optText("company")] as const,
  compute: (company: string | undefined): DealCell[][] => dealsTable(company),
});

/**
 * One field of one announced miner AI/HPC deal from the PivotLens deal list (the bundled dataset, with sources, plus any deal feed loaded in Settings).
 * deal_id is the deal's id as PIVOT.DEALS shows it (e.g. HUT-RIVERBEND-2025), any case. field is a PIVOT.DEALS column header, any case: ID, Company, Ticker, Tenant, Backstop, Backstop USD, Type, Value USD, Term years, MW, Stated rent USD/kW/month, Site, Announced, Start, Value with renewals USD, Renewal options, Capex USD/MW low, Capex USD/MW high, Margin basis, Margin low, Margin high, Escalator, PUE, Financing, Notes, Value and term as stated, MW as stated, Source, Source URL, Verified, Unverified figures.
 * Units: money in USD, MW of critical IT load, rent in USD per kW per month, margins and escalators as fractions (0.85 = 85%). Dates are ISO text where the source is exact (2025-12-17) and the source's own words where it is vague (Q2 2027). Verified is FALSE when any figure of the deal comes from secondary write-ups (marked (u) in the sources); Unverified figures says which.
 * Errors: #N/A for an unknown deal id or field (the message lists the valid fields), and #N/A when the source does not state that field for the deal (never a silent zero).
 * Source: company filings and releases and the news write-ups cited in each deal's Source field.
 * Example: =PIVOT.DEAL("HUT-RIVERBEND-2025", "MW") returns 245
 * Example: =PIVOT.DEAL("cifr-barberlake-2025", "value usd") returns 3000000000
 * Example: =PIVOT.DEAL("WULF-LAKEMARINER-CORE42-2024", "Stated rent USD/kW/month") returns 125
 * @customfunction DEAL
 * @helpurl https://localhost:3000/help.html#DEAL
 * @param {any} deal_id Deal id, e.g. "HUT-RIVERBEND-2025" (any case).
 * @param {any} field Field name: a PIVOT.DEALS column header such as "MW", "Value USD", "Term years", "Tenant" (any case).
 * @returns {any} The field's value: a number, text or TRUE/FALSE.
 */
export function DEAL(deal_id: any, field: any): any {
  return deal.invoke(deal_id, field);
}

/**
 * The announced miner AI/HPC deal table, spilled with its header row, so a sheet can be driven by formulas. company filters by ticker or company name (any case); omitted, every deal is listed.
 * Columns (the field names PIVOT.DEAL accepts): ID, Company, Ticker, Tenant, Backstop, Backstop USD, Type, Ownership share, Parent ID, Relation, Value USD, Value basis, Term years, MW, Stated rent USD/kW/month, Site, Announced, Start, Rent start, Value with renewals USD, Renewal options, Renewal count, Renewal years, Capex USD/MW low, Capex USD/MW high, Margin basis, Margin low, Margin high, Escalator, PUE, Financing, Notes, Value and term as stated, MW as stated, Source, Source URL, Verified, Unverified figures. A field the source does not state is an empty text "".
 * Units as in PIVOT.DEAL: USD, MW of critical IT, USD per kW per month, fractions for margins, escalators and ownership shares. Value and MW are the contract's (a joint venture's at 100%; Ownership share gives the company's part). An expansion row (Relation "expansion", Parent ID) adds to its parent; a "restatement" replaces its parent's figures, so sum only rows that are not restated.
 * Errors: #N/A when no deal matches company (the message lists the companies).
 * Source: the bundled dataset (company filings, releases and cited news write-ups) plus the deal feed loaded in Settings, which replaces bundled deals with the same id.
 * Example: =PIVOT.DEALS("RIOT") spills a 2 × 38 table: the header row and RIOT-ROCKDALE-2026; =ROWS(PIVOT.DEALS("HUT")) is 3.
 * @customfunction DEALS
 * @helpurl https://localhost:3000/help.html#DEALS
 * @param {any} [company] Ticker or company name, e.g. "HUT" or "Hut 8" (any case). Omitted: all deals.
 * @returns {any[][]} The deal table, header row first.
 */
export function DEALS(company?: any): any[][] {
  const result = deals.invoke(company);
  return Array.isArray(result) ? result : [[result]];
}
