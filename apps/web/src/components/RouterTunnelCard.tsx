'use client';
/**
 * A router's WireGuard tunnel (routers behind NAT): whether RRNet reaches it through the
 * tunnel, the handshake age the endpoint last saw, and the RouterOS v7 commands to paste
 * into the router's terminal. Only for those who manage routers: the commands hold the
 * router's private key.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { RouterTunnel } from '@rrnet/contracts';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatusBadge } from '@rrnet/ui/StatusBadge';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

const TUNNEL_POLL_MS = 30_000;
const REACH: Record<RouterTunnel['reachability'], BadgeTone> = { up: 'success', down: 'danger', never: 'warning', unknown: 'neutral' };

export function RouterTunnelCard({ routerId }: { routerId: string }) {
  const t = useTranslations('tunnel');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const tunnel = useQuery({ ...trpc.network.routers.tunnel.queryOptions({ id: routerId }), retry: retryUnlessRefused, refetchInterval: TUNNEL_POLL_MS });
  const meta = { invalidates: [trpc.network.routers.tunnel.queryKey({ id: routerId }), trpc.network.routers.get.queryKey({ id: routerId })] };
  const enable = useMutation(trpc.network.routers.enableTunnel.mutationOptions({ meta }));
  const disable = useMutation(trpc.network.routers.disableTunnel.mutationOptions({ meta }));
  const failed = enable.error ?? disable.error;
  const data = tunnel.data;
  const commands = data?.commands.join('\n') ?? '';
  return (
    <Card aria-labelledby="tunnel-title" data-testid="router-tunnel">
      <CardHeader>
        <CardTitle id="tunnel-title">{t('title')}</CardTitle>
        {data && !data.enabled && <CardDescription>{data.configured ? t('off') : t('not_configured')}</CardDescription>}
        {data?.enabled && (
          <CardAction>
            <StatusBadge status={data.reachability} tones={REACH} label={t(`reach.${data.reachability}`)} data-testid="tunnel-reachability" />
          </CardAction>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {tunnel.isPending && <Skeleton className="h-16" />}
        {tunnel.isError && <ErrorNotice error={tunnel.error} />}
        {failed && (
          <ErrorNotice
            error={failed}
            onDismiss={() => {
              enable.reset();
              disable.reset();
            }}
          />
        )}
        {data && !data.enabled && data.configured && (
          <div>
            <Button disabled={enable.isPending} onClick={() => enable.mutate({ id: routerId })}>
              {t('enable')}
            </Button>
          </div>
        )}
        {data?.enabled && (
          <>
            <DescriptionList>
              <DescriptionItem term={t('address')}>
                <code>{data.address}</code> {data.block && <span className="text-muted-foreground">({data.block})</span>}
              </DescriptionItem>
              <DescriptionItem term={t('handshake')}>
                <span data-testid="tunnel-handshake">
                  {data.handshake_age_seconds === null ? tc('never') : t('seconds_ago', { seconds: data.handshake_age_seconds })}
                  {data.endpoint && <span className="text-muted-foreground"> · {data.endpoint}</span>}
                </span>
              </DescriptionItem>
            </DescriptionList>
            <p className="m-0 text-sm">{t('paste')}</p>
            <pre className="m-0 max-w-full overflow-x-auto rounded-md border bg-muted p-3 text-xs leading-relaxed" data-testid="tunnel-commands">
              {commands}
            </pre>
            <div className="flex flex-wrap gap-2">
              <Button variant="secondary" size="sm" onClick={() => void navigator.clipboard?.writeText(commands)}>
                {tc('copy')}
              </Button>
              <Button variant="secondary" size="sm" className="text-destructive" disabled={disable.isPending} onClick={() => disable.mutate({ id: routerId })}>
                {t('disable')}
              </Button>
            </div>
          </>
        )}
      </CardContent>
    </Card>
  );
}
