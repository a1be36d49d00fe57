/**
 * Column shapes that several DataTables share (`import { actionsColumn } from '@rrnet/ui/columns'`).
 * Plain functions returning column definitions, hence a .ts module beside the components.
 */
import { createElement } from 'react';
import type { ReactNode } from 'react';
import type { ColumnDef } from './DataTable';

/**
 * The last column of row actions (buttons): named for screen readers only, right-aligned,
 * without a label on phones.
 */
export function actionsColumn<T>(label: string, cell: (row: T) => ReactNode): ColumnDef<T> {
  return {
    id: 'actions',
    header: () => createElement('span', { className: 'sr-only' }, label),
    meta: { label: '', className: 'text-right max-sm:justify-end max-sm:before:hidden' },
    cell: ({ row }) => cell(row.original),
  };
}
