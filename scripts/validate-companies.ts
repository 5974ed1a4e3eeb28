/**
 * Build-time check of the company data: `npx tsx scripts/validate-companies.ts [feed.json|feed.csv ...]`.
 *
 * Without arguments it validates the bundled dataset (src/companies/bundled-companies.json):
 * every value a number or date in its field's range with an https source URL (safeHttpsUrl)
 * and an ISO as-of date; any issue fails the run (exit 1), so a bad edit cannot ship. With
 * file arguments it checks a firm's company feed files as the add-in reads them, printing
 * `file:line  row  field  message`; rows with errors fail the run, warnings do not.
 */
import { readFileSync } from "node:fs";
import { bundledCompanies } from "../src/companies/dataset";
import { CompanyFeedError, parseCompanyFeed } from "../src/companies/feed";
import type { RowIssue } from "../src/companies/schema";

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
    const { companies, issues } = bundledCompanies();
    print("src/companies/bundled-companies.json", issues);
    if (issues.length > 0) {
      process.stderr.write(`validate-companies: the bundled dataset has ${issues.length} issue(s).\n`);
      return 1;
    }
    const values = companies.reduce((n, c) => n + Object.keys(c.values).length, 0);
    process.stdout.write(`validate-companies: ${companies.length} bundled companies, ${values} cited values, valid.\n`);
    return 0;
  }
  let failed = 0;
  for (const file of files) {
    try {
      const r = parseCompanyFeed(readFileSync(file, "utf8"), `file ${file}`);
      const errors = print(file, r.issues);
      process.stdout.write(
        `validate-companies: ${file}: ${r.format}, ${r.rowCount} rows, ${r.rows.length} valid, ${errors} error(s).\n`,
      );
      if (errors > 0) failed++;
    } catch (e) {
      if (!(e instanceof CompanyFeedError)) throw e;
      process.stderr.write(`${file}: ${e.message}\n`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = main();
