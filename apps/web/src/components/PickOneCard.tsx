/** Beside a list, before a row is picked: where its detail will show, what to do. */
import type { ReactNode } from 'react';
import { Card, CardContent } from '@rrnet/ui/Card';
import { EmptyState } from '@rrnet/ui/EmptyState';

export function PickOneCard({ children }: { children: ReactNode }) {
  return (
    <Card>
      <CardContent>
        <EmptyState>{children}</EmptyState>
      </CardContent>
    </Card>
  );
}
