'use client';
/**
 * A list as a table (TanStack Table): columns + a data source. It shows the loading,
 * error and empty states, sorts where the API sorts (a column's `meta.sort` names the
 * API's sort value; the page holds it and fetches), links rows (`rowHref`: the first
 * cell becomes a link that covers the row) and pages by keyset ("load more").
 * On phones each row becomes a card: every cell with its column's label.
 *
 *   const columns: ColumnDef<Customer>[] = [{ accessorKey: 'name', header: t('customers.name'), meta: { sort: 'name' } }, …];
 *   <DataTable columns={columns} query={customers} rowHref={(c) => `/customers/${c.id}`} empty={…} />   (rows with an `id`; else getRowId)
 *   <DataTable columns={columns} data={items} status={list} pages={list} empty={…} />                  (rows the page assembles: keyset pages)
 */
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import type { ColumnDef, RowData } from '@tanstack/react-table';
import { ArrowDown, ArrowUpDown } from 'lucide-react';
import type { ReactNode } from 'react';
import { Button } from './Button';
import { cn } from './cn';
import { EmptyState } from './EmptyState';
import { Skeleton } from './Skeleton';
import { useUi } from './UiProvider';

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** the API's sort value this column stands for (one direction: the API's) */
    sort?: string;
    /** label of the cell on phones (default: the header when it is a string) */
    label?: string;
    /** classes of the header and body cells */
    className?: string;
    /** the cell holds its own controls: above the row link */
    interactive?: boolean;
    /** numbers: right-aligned from `sm` up */
    numeric?: boolean;
  }
}

export type { ColumnDef };

export interface DataTablePages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The query behind the rows (React Query's result): its data are the rows. */
export interface DataTableQuery<T> {
  data: readonly T[] | undefined;
  isPending: boolean;
  isError: boolean;
}

interface DataTableBaseProps<T> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  columns: ColumnDef<T, any>[];
  /** shown instead of the rows when the query failed without data */
  error?: ReactNode;
  /** shown when there are no rows */
  empty: ReactNode;
  rowHref?: (row: T) => string | undefined;
  /** extra attributes of a row (data-testid, data-code…) */
  rowProps?: (row: T) => Record<string, string | undefined>;
  /** the id of the row whose detail shows beside the list: highlighted, `data-selected="true"` */
  selected?: string | null;
  sort?: { value: string; onChange: (value: string) => void };
  pages?: DataTablePages;
  loadMoreLabel?: string;
  loadMoreTestId?: string;
  caption?: string;
  className?: string;
  testId?: string;
}

/** the rows: a query's data (`query`), or rows of the page's own making (`data`, with the query's `status`) */
type DataTableSource<T> = { query: DataTableQuery<T>; data?: never; status?: never } | { query?: never; data: readonly T[] | undefined; status?: { isPending: boolean; isError: boolean } };

/** a row's id: its `id` unless `getRowId` says otherwise (required for rows without one) */
type DataTableRowId<T> = T extends { id: string } ? { getRowId?: (row: T) => string } : { getRowId: (row: T) => string };

export type DataTableProps<T> = DataTableBaseProps<T> & DataTableSource<T> & DataTableRowId<T>;

const idOf = (row: unknown) => (row as { id: string }).id;

const EMPTY: never[] = [];

export function DataTable<T>(props: DataTableProps<T>) {
  const {
    columns,
    getRowId = idOf,
    error,
    empty,
    rowHref,
    rowProps,
    selected,
    sort,
    pages,
    loadMoreLabel,
    loadMoreTestId,
    caption,
    className,
    testId,
  } = props as DataTableBaseProps<T> & { getRowId?: (row: T) => string };
  const data = props.query ? props.query.data : props.data;
  const status = props.query ?? props.status;
  const { text, Link } = useUi();
  // the table is rebuilt from props on every render (no memoised values are handed on)
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable<T>({
    columns,
    data: (data ?? EMPTY) as T[],
    getRowId: (row) => getRowId(row),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
  });
  const rows = table.getRowModel().rows;

  if (status?.isError && !data) return <>{error}</>;
  if (status?.isPending && !data) {
    return (
      <div data-slot="data-table-loading" aria-busy="true" className="grid gap-2">
        <span className="sr-only">{text.loading}</span>
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-9 w-full" />
        ))}
      </div>
    );
  }
  if (rows.length === 0) {
    return (
      <EmptyState data-slot="data-table-empty" data-testid={testId ? `${testId}-empty` : undefined}>
        {empty}
      </EmptyState>
    );
  }

  return (
    <div data-slot="data-table" className={cn('grid min-w-0 gap-3', className)}>
      {status?.isError && error}
      {/* relative: visually hidden header text stays inside the scrolling box instead of widening the page */}
      <div className="relative min-w-0 sm:overflow-x-auto">
        <table className="w-full border-collapse text-sm max-sm:block" data-testid={testId}>
          {caption && <caption className="sr-only">{caption}</caption>}
          <thead className="max-sm:sr-only">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const meta = header.column.columnDef.meta;
                  const active = meta?.sort !== undefined && sort?.value === meta.sort;
                  const content = header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext());
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      aria-sort={active ? 'descending' : undefined}
                      className={cn(
                        'border-b-2 px-3 py-2 text-left text-xs font-semibold tracking-wide whitespace-nowrap text-muted-foreground uppercase',
                        meta?.numeric && 'text-right',
                        meta?.className,
                      )}
                    >
                      {meta?.sort !== undefined && sort ? (
                        <button
                          type="button"
                          className="inline-flex cursor-pointer items-center gap-1 uppercase hover:text-foreground"
                          aria-label={`${text.sortBy}: ${typeof header.column.columnDef.header === 'string' ? header.column.columnDef.header : (meta.label ?? '')}`}
                          onClick={() => sort.onChange(meta.sort!)}
                        >
                          {content}
                          {active ? <ArrowDown className="size-3.5" aria-hidden /> : <ArrowUpDown className="size-3.5 opacity-50" aria-hidden />}
                        </button>
                      ) : (
                        content
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody className="max-sm:grid max-sm:gap-2">
            {rows.map((row) => {
              const href = rowHref?.(row.original);
              const isSelected = selected != null && row.id === selected;
              return (
                <tr
                  key={row.id}
                  {...rowProps?.(row.original)}
                  data-selected={isSelected ? 'true' : undefined}
                  className={cn(
                    'border-b transition-colors hover:bg-muted/60 max-sm:grid max-sm:gap-1 max-sm:rounded-lg max-sm:border max-sm:bg-card max-sm:p-3',
                    href && 'relative cursor-pointer',
                    isSelected && 'bg-accent max-sm:bg-accent',
                  )}
                >
                  {row.getVisibleCells().map((cell, index) => {
                    const meta = cell.column.columnDef.meta;
                    const header = cell.column.columnDef.header;
                    const label = meta?.label ?? (typeof header === 'string' ? header : undefined);
                    const content = flexRender(cell.column.columnDef.cell, cell.getContext());
                    return (
                      <td
                        key={cell.id}
                        data-label={label}
                        className={cn(
                          'px-3 py-2.5 align-middle max-sm:flex max-sm:min-w-0 max-sm:items-baseline max-sm:justify-between max-sm:gap-3 max-sm:p-0 max-sm:text-right',
                          'max-sm:before:shrink-0 max-sm:before:text-left max-sm:before:text-xs max-sm:before:text-muted-foreground max-sm:before:content-[attr(data-label)]',
                          index === 0 && 'max-sm:text-base max-sm:font-medium max-sm:before:hidden',
                          meta?.numeric && 'sm:text-right sm:tabular-nums',
                          meta?.interactive && 'relative z-10',
                          meta?.className,
                        )}
                      >
                        {href && index === 0 ? (
                          <Link href={href} className="font-medium text-primary after:absolute after:inset-0 hover:underline">
                            {content}
                          </Link>
                        ) : (
                          content
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {pages?.hasNextPage && (
        <div className="flex justify-center">
          <Button variant="secondary" data-testid={loadMoreTestId} disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            {pages.isFetchingNextPage ? text.loading : (loadMoreLabel ?? text.loadMore)}
          </Button>
        </div>
      )}
    </div>
  );
}
