/**
 * The customer column of a list (arrears, invoices, isolir events, an outage's customers,
 * the customers themselves): a plain function returning the column definition, as
 * `@rrnet/ui/columns` does, the cell being CustomerCell.
 */
import { createElement } from 'react';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { CustomerCell } from '~/components/CustomerCell';
import type { CustomerRef } from '~/components/CustomerCell';

export function customerColumn<T>(
  header: string,
  customerOf: (row: T) => CustomerRef,
  { id = 'customer', rowLinked = false, sort, testId }: { id?: string; rowLinked?: boolean; sort?: string; testId?: string } = {},
): ColumnDef<T> {
  return {
    id,
    header,
    meta: { interactive: rowLinked, ...(sort ? { sort } : {}) },
    cell: ({ row }) => createElement(CustomerCell, { customer: customerOf(row.original), rowLinked, testId }),
  };
}
