/**
 * Deals panel: the deal list (bundled plus the firm's feed) in a sortable Fluent DataGrid,
 * filterable by company (name or ticker), tenant and backstop; "Load to sheet" hands every
 * deal to the workbook layer's Deals writer (filters only narrow this view).
 *
 * Why DataGrid: it is the grid issue 6 asks for, with keyboard navigation from the tabster
 * focus library (focusMode "cell": Tab enters the grid, arrow keys move cell by cell, Home/End
 * and Ctrl+Home/End jump) and grid semantics for screen readers (role grid, columnheader
 * with aria-sort, gridcell). It costs ~25 KB gzip over the plain Table it replaced (tabster,
 * the DataGrid hooks incl. column resizing, and the Checkbox/Radio styles DataGridRow imports
 * for selection cells). The pane pays for it by not bundling again what functions.js already
 * put on the page (the deal store and dataset: pageDealStore.ts; the market store:
 * pageMarketStore.ts): taskpane.html's JS is 167.9 KB gzip against the 169 KB budget
 * (npm run bench: bundle.taskpane_html.total.gzip), so there is no room for TabList yet.
 *
 * Each column's compare function comes from dealComparator for the current direction, so
 * deals without a value stay last whether sorted ascending or descending.
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
  Input,
  Spinner,
  Text,
  createTableColumn,
  makeStyles,
  tokens,
  type SortDirection,
  type TableColumnDefinition,
  type TableColumnId,
} from "@fluentui/react-components";
import { useCallback, useEffect, useId, useMemo, useState } from "react";
import type { Deal } from "../../deals/schema";
import {
  NO_BACKSTOP,
  NO_FILTER,
  applyFilter,
  dealComparator,
  filterOptions,
  impliedRent,
  type DealFilter,
  type SortValue,
} from "../dealView";
import { formatAge, formatNumber, formatUsdShort } from "../format";
import { useDeals, useNow, useRunner } from "../hooks";
import { NoticeList, errorNotice, sheetNotice, useNotices } from "../notices";
import { useServices } from "../services";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  filters: {
    display: "grid",
    gridTemplateColumns: "repeat(auto-fit, minmax(140px, 1fr))",
    gap: tokens.spacingHorizontalS,
  },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  scroller: {
    overflowX: "auto",
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  wrap: { overflowWrap: "anywhere" },
});

const text = (s: string | undefined): string => (s === undefined || s === "" ? "—" : s);

interface Column {
  readonly id: string;
  readonly header: string;
  readonly cell: (d: Deal) => string;
  readonly sortValue: (d: Deal) => SortValue;
  /** Column width, px (the table lays out fixed widths and scrolls sideways in the pane). */
  readonly width: number;
}

const COLUMNS: readonly Column[] = [
  { id: "company", header: "Company", cell: (d) => d.company, sortValue: (d) => d.company, width: 120 },
  { id: "ticker", header: "Ticker", cell: (d) => d.ticker, sortValue: (d) => d.ticker, width: 64 },
  { id: "tenant", header: "Tenant", cell: (d) => d.tenant, sortValue: (d) => d.tenant, width: 160 },
  { id: "backstop", header: "Backstop", cell: (d) => text(d.backstop), sortValue: (d) => d.backstop, width: 96 },
  { id: "type", header: "Type", cell: (d) => d.dealType, sortValue: (d) => d.dealType, width: 96 },
  {
    id: "value",
    header: "Value",
    cell: (d) => formatUsdShort(d.contractValueUsd),
    sortValue: (d) => d.contractValueUsd,
    width: 84,
  },
  {
    id: "term",
    header: "Term (years)",
    cell: (d) => formatNumber(d.termYears, 0),
    sortValue: (d) => d.termYears,
    width: 72,
  },
  { id: "mw", header: "MW", cell: (d) => formatNumber(d.criticalItMw, 0), sortValue: (d) => d.criticalItMw, width: 60 },
  {
    id: "rent",
    header: "Implied rent ($/kW/month)",
    cell: (d) => formatNumber(impliedRent(d), 0),
    sortValue: impliedRent,
    width: 100,
  },
  {
    id: "verified",
    header: "Verified",
    cell: (d) => (d.verified ? "yes" : `no (${d.unverified ?? "some figures"})`),
    sortValue: (d) => d.verified,
    width: 300,
  },
];

const GRID_WIDTH_PX = COLUMNS.reduce((sum, c) => sum + c.width, 0);

const WIDTH_PX_BY_ID = new Map(COLUMNS.map((c) => [c.id, c.width]));

/** Fixed column widths: the grid keeps its layout and scrolls sideways in a 320 px pane. */
function widthStyle(columnId: TableColumnId): { flex: string } {
  const width = WIDTH_PX_BY_ID.get(String(columnId));
  if (width === undefined) throw new Error(`Deals grid: no column "${String(columnId)}"`);
  return { flex: `0 0 ${width}px` };
}

/** DataGrid's columns, with the compare function for the current sort direction. */
function gridColumns(direction: SortDirection): TableColumnDefinition<Deal>[] {
  return COLUMNS.map((c) =>
    createTableColumn<Deal>({
      columnId: c.id,
      compare: dealComparator(c.sortValue, direction),
      renderHeaderCell: () => c.header,
      renderCell: c.cell,
    }),
  );
}

interface Sort {
  readonly sortColumn: TableColumnId | undefined;
  readonly sortDirection: SortDirection;
}

const UNSORTED: Sort = { sortColumn: undefined, sortDirection: "ascending" };

/**
 * A filter box: Fluent Input whose native datalist suggests the values in the list (typing
 * narrows the grid at once; a suggestion fills in an exact value).
 */
function FilterInput(props: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  options: readonly string[];
  hint: string;
}): JSX.Element {
  const listId = useId();
  return (
    <Field label={props.label} hint={props.hint}>
      <Input
        type="search"
        list={listId}
        value={props.value}
        onChange={(_, data) => props.onChange(data.value)}
        autoComplete="off"
      />
      <datalist id={listId}>
        {props.options.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
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
  const [sort, setSort] = useState<Sort>(UNSORTED);
  const columns = useMemo(() => gridColumns(sort.sortDirection), [sort.sortDirection]);
  const { notices, show, dismiss } = useNotices();
  const loadFailed = useCallback(
    (e: unknown) =>
      show(
        "load",
        errorNotice(
          "Could not load the deals to the sheet",
          e,
          "Make sure no cell is being edited and the workbook is not protected, then select Load to sheet again.",
        ),
      ),
    [show],
  );
  const load = useRunner(loadFailed);
  const feed = dealsApi.feedInfo();
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    dealsApi.bundledAsOf().then(
      (text) => {
        if (live) setAsOf(text);
      },
      (e: unknown) => {
        if (live)
          show(
            "asOf",
            errorNotice(
              "Could not read the bundled dataset's date",
              e,
              "Close and reopen the task pane; the deals listed are unaffected.",
            ),
          );
      },
    );
    return () => {
      live = false;
    };
  }, [dealsApi, show]);

  const onLoad = (): void =>
    load.run(async () => {
      const report = await workbook.loadDeals(deals);
      show(
        "load",
        sheetNotice(
          `${deals.length} deals loaded to sheet "${report.sheetName}"`,
          report,
          "The table holds the deal columns and formula columns (implied rent, annual revenue, lease NPV, NPV per MW) over the assumptions block above it.",
        ),
      );
    });

  const set = (key: keyof DealFilter) => (value: string) => setFilter((f) => ({ ...f, [key]: value }));
  const filtered = shown.length !== deals.length;

  return (
    <div className={styles.panel}>
      <Caption1 className={styles.wrap}>
        Bundled dataset as of {asOf ?? "…"}
        {feed !== undefined && (
          <>
            {" "}
            plus {feed.loadedCount} deals from {new URL(feed.url).host}, fetched {formatAge(feed.fetchedAt, nowMs)}
          </>
        )}
        . Figures marked unverified come from secondary write-ups.
      </Caption1>
      <div className={styles.filters} role="group" aria-label="Filter deals">
        <FilterInput
          label="Company"
          hint="Name or ticker"
          value={filter.company}
          onChange={set("company")}
          options={options.companies}
        />
        <FilterInput
          label="Tenant"
          hint="Any part of the name"
          value={filter.tenant}
          onChange={set("tenant")}
          options={options.tenants}
        />
        <FilterInput
          label="Backstop"
          hint={`${NO_BACKSTOP} for deals without one`}
          value={filter.backstop}
          onChange={set("backstop")}
          options={options.backstops}
        />
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
      <div className={styles.scroller}>
        <DataGrid
          items={shown}
          columns={columns}
          getRowId={(d: Deal) => d.id}
          sortable
          sortState={sort}
          onSortChange={(_, next) => setSort(next)}
          focusMode="cell"
          size="small"
          aria-label="Deals"
          style={{ width: `${GRID_WIDTH_PX}px` }}
        >
          <DataGridHeader>
            <DataGridRow>
              {({ renderHeaderCell, columnId }) => (
                <DataGridHeaderCell style={widthStyle(columnId)}>{renderHeaderCell()}</DataGridHeaderCell>
              )}
            </DataGridRow>
          </DataGridHeader>
          <DataGridBody<Deal>>
            {({ item, rowId }) => (
              <DataGridRow<Deal> key={rowId}>
                {({ renderCell, columnId }) => (
                  <DataGridCell style={widthStyle(columnId)}>{renderCell(item)}</DataGridCell>
                )}
              </DataGridRow>
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
