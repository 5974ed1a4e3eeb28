/**
 * Build-time check of the deal data: `npx tsx scripts/validate-deals.ts [feed.json|feed.csv ...]`.
 *
 * Without arguments it validates the bundled dataset (src/deals/bundled-deals.json) with the
 * bundled-only rules (unverified figures named when Verified is FALSE) and fails (exit 1)
 * on any issue, so a bad edit to the dataset cannot ship. With file arguments it validates a
 * firm's feed files the way the add-in will read them, printing each problem as
 * `file:line  field  message`; rows with errors fail the run, warnings do not.
 */
import { readFileSync } from "node:fs";
import { bundledDataset } from "../src/deals/dataset";
import { DealFeedError, parseDealFeed } from "../src/deals/feed";
import type { RowIssue } from "../src/deals/schema";

function print(file: string, issues: readonly RowIssue[]): number {
  let errors = 0;
  for (const i of issues) {
    if (i.severity === "error") errors++;
    process.stderr.write(
      `${file}:${i.line}  row ${i.row}${i.id ? ` (${i.id})` : ""}  ${i.field}  ${i.severity}: ${i.message}\n`,
    );
  }
  return errors;
}

function main(): number {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    const { deals, issues } = bundledDataset();
    const errors = print("src/deals/bundled-deals.json", issues);
    if (issues.length > 0) {
      process.stderr.write(`validate-deals: the bundled dataset has ${issues.length} issue(s) (${errors} error(s)).\n`);
      return 1;
    }
    process.stdout.write(`validate-deals: ${deals.length} bundled deals valid.\n`);
    return 0;
  }
  let failed = 0;
  for (const file of files) {
    try {
      const r = parseDealFeed(readFileSync(file, "utf8"));
      const errors = print(file, r.issues);
      process.stdout.write(
        `validate-deals: ${file}: ${r.format}, ${r.rowCount} rows, ${r.deals.length} valid, ${errors} rejected.\n`,
      );
      if (errors > 0) failed++;
    } catch (e) {
      if (!(e instanceof DealFeedError)) throw e;
      process.stderr.write(`${file}: ${e.message} ${e.action}\n`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
