'use client';
/** Live readiness of Postgres, Redis and the worker, from `system.health`. */
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { HEALTH_COMPONENTS } from '@rrnet/contracts/constants';
import { Alert } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent, CardFooter } from '@rrnet/ui/Card';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { cn } from '@rrnet/ui/cn';
import { useTRPC } from '~/trpc/TrpcProvider';

export function SystemStatus({ compact = false }: { compact?: boolean }) {
  const t = useTranslations('status');
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.system.health.queryOptions(), refetchInterval: 15_000 });

  if (health.isPending) return <Skeleton className="h-44" aria-label={t('loading')} />;
  if (health.isError) return <Alert tone="danger">{t('error')}</Alert>;
  const data = health.data;
  return (
    <Card aria-label={t('title')} title={t('title')} action={
      <Badge tone={data.ready ? 'success' : 'danger'} data-testid="readiness">
        {data.ready ? t('ready') : t('not_ready')}
      </Badge>
    }>
      <CardContent>
        <ul className="m-0 grid list-none divide-y p-0">
          {HEALTH_COMPONENTS.map((name) => {
            const check = data.checks[name];
            return (
              <li key={name} data-testid={`status-${name}`} className="grid grid-cols-[0.75rem_1fr_auto] items-center gap-x-3 gap-y-0.5 py-2">
                <span className={cn('size-2.5 rounded-full', check.ok ? 'bg-success' : 'bg-destructive')} aria-hidden />
                <span>{t(`component.${name}`)}</span>
                <span className={cn('text-sm font-medium', check.ok ? 'text-success' : 'text-destructive')}>{check.ok ? t('ok') : t('down')}</span>
                {!compact && <span className="col-start-2 col-end-4 text-xs text-muted-foreground">{check.ok ? t('latency_ms', { ms: check.latency_ms }) : check.detail}</span>}
              </li>
            );
          })}
        </ul>
      </CardContent>
      {!compact && (
        <CardFooter>
          <Button onClick={() => void health.refetch()}>{t('refresh')}</Button>
        </CardFooter>
      )}
    </Card>
  );
}
