/**
 * Deals panel: the deal list (bundled plus the firm's feed) in a sortable Fluent DataGrid,
 * filterable by company, tenant and backstop; "Load to sheet" hands every deal to the
 * workbook layer's Deals writer (filters only narrow this view).
 */
import {
  Button,
  Caption1,
  DataGrid,
  DataGridBody,
  DataGridCell,
  DataGridHeader,
  DataGridHeaderCell,
  DataGridRow,
  Field,
  Link,
  Select,
  Spinner,
  Text,
  createTableColumn,
  makeStyles,
  tokens,
  type TableColumnDefinition,
} from "@fluentui/react-components";
import { useCallback, useMemo, useState } from "react";
import { BUNDLED_ABOUT, type Deal } from "../../deals";
import { ANY, NO_BACKSTOP, NO_FILTER, applyFilter, compareOptional, filterOptions, impliedRent, type DealFilter } from "../dealView";
import { formatAge, formatNumber, formatUsdShort } from "../format";
import { useDeals, useNow, useRunner } from "../hooks";
import { NoticeList, errorNotice, useNotices } from "../notices";
import { useServices } from "../services";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  filters: { display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(140px, 1fr))", gap: tokens.spacingHorizontalS },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  scroller: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    ":focus-visible": { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  grid: { minWidth: "960px" },
  wrap: { overflowWrap: "anywhere" },
});

const text = (s: string | undefined): string => (s === undefined || s === "" ? "—" : s);
const compareText = (a: string | undefined, b: string | undefined): number => (a ?? "").localeCompare(b ?? "", "en-US", { sensitivity: "base" });

const COLUMNS: TableColumnDefinition<Deal>[] = [
  createTableColumn<Deal>({
    columnId: "company",
    compare: (a, b) => compareText(a.company, b.company),
    renderHeaderCell: () => "Company",
    renderCell: (d) => d.company,
  }),
  createTableColumn<Deal>({ columnId: "ticker", compare: (a, b) => compareText(a.ticker, b.ticker), renderHeaderCell: () => "Ticker", renderCell: (d) => d.ticker }),
  createTableColumn<Deal>({ columnId: "tenant", compare: (a, b) => compareText(a.tenant, b.tenant), renderHeaderCell: () => "Tenant", renderCell: (d) => d.tenant }),
  createTableColumn<Deal>({
    columnId: "backstop",
    compare: (a, b) => compareText(a.backstop, b.backstop),
    renderHeaderCell: () => "Backstop",
    renderCell: (d) => text(d.backstop),
  }),
  createTableColumn<Deal>({ columnId: "type", compare: (a, b) => compareText(a.dealType, b.dealType), renderHeaderCell: () => "Type", renderCell: (d) => d.dealType }),
  createTableColumn<Deal>({
    columnId: "value",
    compare: (a, b) => compareOptional(a.contractValueUsd, b.contractValueUsd),
    renderHeaderCell: () => "Value",
    renderCell: (d) => formatUsdShort(d.contractValueUsd),
  }),
  createTableColumn<Deal>({
    columnId: "term",
    compare: (a, b) => compareOptional(a.termYears, b.termYears),
    renderHeaderCell: () => "Term (years)",
    renderCell: (d) => formatNumber(d.termYears, 0),
  }),
  createTableColumn<Deal>({
    columnId: "mw",
    compare: (a, b) => compareOptional(a.criticalItMw, b.criticalItMw),
    renderHeaderCell: () => "MW",
    renderCell: (d) => formatNumber(d.criticalItMw, 0),
  }),
  createTableColumn<Deal>({
    columnId: "rent",
    compare: (a, b) => compareOptional(impliedRent(a), impliedRent(b)),
    renderHeaderCell: () => "Implied rent ($/kW/month)",
    renderCell: (d) => formatNumber(impliedRent(d), 0),
  }),
  createTableColumn<Deal>({
    columnId: "verified",
    compare: (a, b) => Number(a.verified) - Number(b.verified),
    renderHeaderCell: () => "Verified",
    renderCell: (d) => (d.verified ? "yes" : `no (${d.unverified ?? "some figures"})`),
  }),
];

function FilterSelect(props: { label: string; value: string; onChange: (v: string) => void; options: readonly string[]; none?: boolean }): JSX.Element {
  return (
    <Field label={props.label}>
      <Select value={props.value} onChange={(_, data) => props.onChange(data.value)}>
        <option value={ANY}>All</option>
        {props.none && <option value={NO_BACKSTOP}>No backstop</option>}
        {props.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </Select>
    </Field>
  );
}

export function DealsPanel(): JSX.Element {
  const styles = useStyles();
  const { workbook, deals: dealsApi } = useServices();
  const deals = useDeals();
  const nowMs = useNow(deals);
  const [filter, setFilter] = useState<DealFilter>(NO_FILTER);
  const options = useMemo(() => filterOptions(deals), [deals]);
  const shown = useMemo(() => applyFilter(deals, filter), [deals, filter]);
  const { notices, show, dismiss } = useNotices();
  const loadFailed = useCallback(
    (e: unknown) =>
      show("load", errorNotice("Could not load the deals to the sheet", e, "Make sure no cell is being edited and the workbook is not protected, then select Load to sheet again.")),
    [show],
  );
  const load = useRunner(loadFailed);
  const feed = dealsApi.feedInfo();

  const onLoad = (): void =>
    load.run(async () => {
      const report = await workbook.loadDeals(deals);
      const renamed = report.renamedFrom !== undefined;
      show("load", {
        intent: renamed ? "warning" : "success",
        title: `${deals.length} deals loaded to sheet "${report.sheetName}"`,
        body: renamed
          ? `A sheet named "${report.renamedFrom}" already exists and was not created by PivotLens, so it was left untouched and the deals went to "${report.sheetName}".`
          : `The table has the deal columns, the formula columns (implied rent, annual revenue, lease NPV, NPV per MW) and the assumptions block they use${report.summary ? `; ${report.summary}` : ""}.`,
        details: report.notes,
        next: renamed ? `Rename or delete "${report.renamedFrom}" if you want the standard name; loading again updates "${report.sheetName}" in place.` : undefined,
      });
    });

  const set = (key: keyof DealFilter) => (value: string) => setFilter((f) => ({ ...f, [key]: value }));
  const filtered = shown.length !== deals.length;

  return (
    <div className={styles.panel}>
      <Caption1 className={styles.wrap}>
        Bundled dataset as of {BUNDLED_ABOUT.asOf}
        {feed !== undefined && (
          <>
            {" "}
            plus {feed.loadedCount} deals from <Link href={feed.url} target="_blank" rel="noreferrer">{new URL(feed.url).host}</Link>, fetched {formatAge(feed.fetchedAt, nowMs)}
          </>
        )}
        . Figures marked unverified come from secondary write-ups.
      </Caption1>
      <div className={styles.filters} role="group" aria-label="Filter deals">
        <FilterSelect label="Company" value={filter.company} onChange={set("company")} options={options.companies} />
        <FilterSelect label="Tenant" value={filter.tenant} onChange={set("tenant")} options={options.tenants} />
        <FilterSelect label="Backstop" value={filter.backstop} onChange={set("backstop")} options={options.backstops} none />
      </div>
      <div className={styles.actions}>
        <Text role="status" aria-live="polite">
          Showing {shown.length} of {deals.length} deals
        </Text>
        {filtered && (
          <Button size="small" onClick={() => setFilter(NO_FILTER)}>
            Clear filters
          </Button>
        )}
      </div>
      <div className={styles.scroller} tabIndex={0} role="region" aria-label="Deals table, scrolls sideways">
        <DataGrid className={styles.grid} items={shown} columns={COLUMNS} sortable getRowId={(d: Deal) => d.id} focusMode="composite" aria-label="Deals">
          <DataGridHeader>
            <DataGridRow>{({ renderHeaderCell }) => <DataGridHeaderCell>{renderHeaderCell()}</DataGridHeaderCell>}</DataGridRow>
          </DataGridHeader>
          <DataGridBody<Deal>>
            {({ item, rowId }) => (
              <DataGridRow<Deal> key={rowId}>{({ renderCell }) => <DataGridCell>{renderCell(item)}</DataGridCell>}</DataGridRow>
            )}
          </DataGridBody>
        </DataGrid>
      </div>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={onLoad} disabled={load.running}>
          Load to sheet
        </Button>
        <Caption1>Writes all {deals.length} deals; the filters only narrow this view.</Caption1>
      </div>
      <div role="status" aria-live="polite">
        {load.running && <Spinner size="tiny" label="Loading the deals to the sheet…" />}
      </div>
      <NoticeList notices={notices} onDismiss={dismiss} label="Deals messages" />
    </div>
  );
}
