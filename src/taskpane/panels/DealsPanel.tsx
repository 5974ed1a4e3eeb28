/**
 * Deals panel: the deal list (bundled plus the firm's feed) in a sortable Fluent DataGrid
 * sized for a 320 px pane (four columns: company, tenant, MW, value; every other field goes to
 * the sheet), one search box over company, ticker, tenant, backstop and site, and "Load to
 * sheet" above the grid, which hands every deal to the workbook layer's Deals writer (the
 * search only narrows this view). The dataset's date shows in words.
 *
 * Why DataGrid: keyboard navigation from the tabster focus library (focusMode "cell": Tab
 * enters the grid, arrow keys move cell by cell) and grid semantics for screen readers (role
 * grid, columnheader with aria-sort, gridcell). It costs ~25 KB gzip, so this panel is a chunk
 * of its own, loaded when the Deals tab is first opened (App.tsx).
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
  Input,
  Text,
  createTableColumn,
  makeStyles,
  tokens,
  type SortDirection,
  type TableColumnDefinition,
  type TableColumnId,
} from "@fluentui/react-components";
import { Busy } from "../Busy";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { Deal } from "../../deals/schema";
import { NO_BACKSTOP, dealComparator, searchDeals, type SortValue } from "../dealView";
import { datasetDateWords, formatAge, formatNumber, formatUsdShort } from "../format";
import { useDeals, useNow, useRunner } from "../hooks";
import { NoticeList, errorNotice, sheetNotice, useNotices, whereWritten } from "../notices";
import { useServices } from "../services";

const useStyles = makeStyles({
  panel: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  search: { width: "100%" },
  grid: { width: "100%", minWidth: 0 },
  cell: { minWidth: 0, overflowWrap: "break-word", paddingLeft: tokens.spacingHorizontalXS, paddingRight: 0 },
  wrap: { overflowWrap: "break-word" },
});

interface Column {
  readonly id: string;
  readonly header: string;
  readonly cell: (d: Deal) => string;
  readonly sortValue: (d: Deal) => SortValue;
  /** Share of the grid's width (flex-grow); the four shares fit a 296 px grid. */
  readonly grow: number;
}

/** The pane's narrow column set; the sheet has every field. */
const COLUMNS: readonly Column[] = [
  { id: "company", header: "Company", cell: (d) => d.company, sortValue: (d) => d.company, grow: 34 },
  { id: "tenant", header: "Tenant", cell: (d) => d.tenant, sortValue: (d) => d.tenant, grow: 30 },
  { id: "mw", header: "MW", cell: (d) => formatNumber(d.criticalItMw, 0), sortValue: (d) => d.criticalItMw, grow: 15 },
  {
    id: "value",
    header: "Value",
    cell: (d) => formatUsdShort(d.contractValueUsd),
    sortValue: (d) => d.contractValueUsd,
    grow: 21,
  },
];

const GROW_BY_ID = new Map(COLUMNS.map((c) => [c.id, c.grow]));

/** A column's share of the grid: cells shrink with the pane and wrap, never overflow. */
function widthStyle(columnId: TableColumnId): { flex: string } {
  const grow = GROW_BY_ID.get(String(columnId));
  if (grow === undefined) throw new Error(`Deals grid: no column "${String(columnId)}"`);
  return { flex: `${grow} 1 0` };
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

export function DealsPanel(): JSX.Element {
  const styles = useStyles();
  const { workbook, deals: dealsApi } = useServices();
  const deals = useDeals();
  const nowMs = useNow(deals);
  const [query, setQuery] = useState("");
  const shown = useMemo(() => searchDeals(deals, query), [deals, query]);
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
          `${deals.length} deals loaded to ${whereWritten(report)}`,
          report,
          "The table holds the deal columns and formula columns (implied rent, annual revenue, lease NPV, NPV per MW) over the assumptions block above it.",
        ),
      );
    });

  const filtered = shown.length !== deals.length;

  return (
    <div className={styles.panel}>
      <Caption1 className={styles.wrap}>
        Deals as of {asOf === undefined ? "…" : datasetDateWords(asOf)}
        {feed !== undefined && (
          <>
            {" "}
            plus {feed.loadedCount} from {new URL(feed.url).host}, fetched {formatAge(feed.fetchedAt, nowMs)}
          </>
        )}
        . Unverified figures come from news write-ups.
      </Caption1>
      <div className={styles.actions}>
        <Button appearance="primary" onClick={onLoad} disabled={load.running}>
          Load to sheet
        </Button>
        <Caption1>All {deals.length} deals, every column</Caption1>
      </div>
      <div role="status" aria-live="polite">
        {load.running && <Busy size="tiny" label="Loading the deals to the sheet…" />}
      </div>
      <NoticeList notices={notices} onDismiss={dismiss} label="Deals messages" />
      <Input
        className={styles.search}
        type="search"
        aria-label="Search deals"
        placeholder="Company, ticker or tenant"
        title={`Matches company, ticker, tenant, backstop or site; ${NO_BACKSTOP} = no backstop`}
        value={query}
        onChange={(_, data) => setQuery(data.value)}
        autoComplete="off"
      />
      <div className={styles.actions}>
        <Text role="status" aria-live="polite">
          Showing {shown.length} of {deals.length} deals
        </Text>
        {filtered && (
          <Button size="small" onClick={() => setQuery("")}>
            Clear search
          </Button>
        )}
      </div>
      <DataGrid
        className={styles.grid}
        items={shown}
        columns={columns}
        getRowId={(d: Deal) => d.id}
        sortable
        sortState={sort}
        onSortChange={(_, next) => setSort(next)}
        focusMode="cell"
        size="small"
        aria-label="Deals"
      >
        <DataGridHeader>
          <DataGridRow>
            {({ renderHeaderCell, columnId }) => (
              <DataGridHeaderCell className={styles.cell} style={widthStyle(columnId)}>
                {renderHeaderCell()}
              </DataGridHeaderCell>
            )}
          </DataGridRow>
        </DataGridHeader>
        <DataGridBody<Deal>>
          {({ item, rowId }) => (
            <DataGridRow<Deal> key={rowId}>
              {({ renderCell, columnId }) => (
                <DataGridCell className={styles.cell} style={widthStyle(columnId)}>
                  {renderCell(item)}
                </DataGridCell>
              )}
            </DataGridRow>
          )}
        </DataGridBody>
      </DataGrid>
    </div>
  );
}
