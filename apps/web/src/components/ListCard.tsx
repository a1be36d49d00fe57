'use client';
/**
 * The card around a page's list: its title (a count, once loaded), "refreshing" while the
 * query fetches again, and the error of a refetch that failed above the rows it still
 * shows (a first load that failed is the page's error, shown instead of the page).
 */
import type { ComponentProps, ReactNode } from 'react';
import { Card, CardContent } from '@rrnet/ui/Card';
import { Refreshing } from '@rrnet/ui/Refreshing';
import { ErrorNotice } from './ErrorNotice';

export function ListCard({
  query,
  title,
  children,
  ...props
}: Omit<ComponentProps<typeof Card>, 'title' | 'action'> & { query: { isFetching: boolean; isError: boolean; error: unknown }; title?: ReactNode; children: ReactNode }) {
  return (
    <Card title={title} action={query.isFetching && <Refreshing />} {...props}>
      <CardContent className="grid gap-3">
        {query.isError && <ErrorNotice error={query.error} />}
        {children}
      </CardContent>
    </Card>
  );
}
