'use client';
/**
 * The customer's line at a ticket, for the technician on the phone: the PPPoE session
 * (online with address and uptime, or offline) asked live from the router, the router and
 * its last-sync status, isolated or not, the secret as the router has it, and where the
 * customer is — on the in-app map and as Google Maps directions. "Refresh" asks the router
 * again. No customer, no router, no location and a router that does not answer each say so.
 */
import { useQuery } from '@tanstack/react-query';
import { Loader2, MapPin, Navigation, RefreshCw } from 'lucide-react';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import type { TicketLine, TicketLineState } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { directionsUrl, mapFocusHref } from '~/lib/map_style';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { CustomerStatusBadge, RouterStatusBadge } from './StatusBadges';

const STATE_TONES: Record<TicketLineState, BadgeTone> = { online: 'success', offline: 'danger', router_unreachable: 'warning', no_router: 'neutral', no_customer: 'neutral' };
const SECRET_TONES: Record<NonNullable<TicketLine['secret']>, BadgeTone> = { enabled: 'success', disabled: 'danger', isolated: 'warning', missing: 'danger' };

function Location({ customer }: { customer: NonNullable<TicketLine['customer']> }) {
  const t = useTranslations('tickets.line');
  if (!customer.location) {
    return (
      <p className="m-0 text-sm text-muted-foreground" data-testid="line-no-location">
        {t('no_location')}
      </p>
    );
  }
  return (
    <div className="grid grid-cols-2 gap-2" data-testid="line-location">
      <Button variant="secondary" size="lg" className="px-3" asChild>
        <Link href={mapFocusHref(customer.location)} data-testid="line-map">
          <MapPin aria-hidden /> {t('open_map')}
        </Link>
      </Button>
      <Button size="lg" className="px-3" asChild>
        <a href={directionsUrl(customer.location)} target="_blank" rel="noopener noreferrer" data-testid="line-directions">
          <Navigation aria-hidden /> {t('directions')}
        </a>
      </Button>
    </div>
  );
}

function LineBody({ line }: { line: TicketLine }) {
  const t = useTranslations('tickets.line');
  const format = useFormatter();
  const at = (v: string) => format.dateTime(new Date(v), 'datetime');
  if (line.state === 'no_customer' || !line.customer) {
    return (
      <p className="m-0 text-sm text-muted-foreground" data-testid="line-message">
        {t('no_customer')}
      </p>
    );
  }
  const c = line.customer;
  const r = line.router;
  return (
    <div className="grid gap-4">
      {line.state === 'no_router' && (
        <Alert tone="info" data-testid="line-message">
          {t('no_router')}
        </Alert>
      )}
      {line.state === 'router_unreachable' && r && (
        <Alert tone="warning" role="status" data-testid="line-message">
          <p>{r.last_seen_at ? t('unreachable', { router: r.name, time: at(r.last_seen_at) }) : t('unreachable_never', { router: r.name })}</p>
        </Alert>
      )}
      {line.state === 'offline' && (
        <Alert tone="warning" data-testid="line-message">
          {t('offline_hint')}
        </Alert>
      )}
      <DescriptionList>
        {line.session && (
          <>
            <DescriptionItem term={t('address')}>
              <span className="font-mono tabular-nums" data-testid="line-session-address">
                {line.session.address ?? '—'}
              </span>
            </DescriptionItem>
            <DescriptionItem term={t('uptime')}>
              <span className="font-mono tabular-nums" data-testid="line-session-uptime">
                {line.session.uptime}
              </span>
            </DescriptionItem>
            {line.session.caller_id && (
              <DescriptionItem term={t('caller_id')}>
                <span className="font-mono">{line.session.caller_id}</span>
              </DescriptionItem>
            )}
          </>
        )}
        <DescriptionItem term={t('pppoe')}>
          <span className="font-mono break-all" data-testid="line-pppoe">
            {c.pppoe_username}
          </span>
        </DescriptionItem>
        {r && (
          <DescriptionItem term={t('router')}>
            <span className="flex flex-wrap items-center gap-2" data-testid="line-router">
              <Link href={`/network/routers/${r.id}`} className="font-medium text-primary hover:underline">
                {r.name}
              </Link>
              {/* what the router just did beats what the last sync recorded (a router never synced is "unknown" though it answered) */}
              <RouterStatusBadge status={r.reachable ? 'online' : 'offline'} />
            </span>
          </DescriptionItem>
        )}
        <DescriptionItem term={t('isolation')}>
          <span className="flex flex-wrap items-center gap-2" data-testid="line-isolation" data-isolated={String(c.isolated)}>
            <CustomerStatusBadge status={c.status} />
            {c.isolated ? <Badge tone="danger">{c.isolir_pending && c.status !== 'isolated' ? t('isolir_pending') : t('isolated')}</Badge> : <span className="text-sm text-muted-foreground">{t('not_isolated')}</span>}
          </span>
        </DescriptionItem>
        {line.secret && (
          <DescriptionItem term={t('secret')}>
            <Badge tone={SECRET_TONES[line.secret]} data-testid="line-secret" data-secret={line.secret}>
              {t(`secret_state.${line.secret}`)}
            </Badge>
          </DescriptionItem>
        )}
        {c.odp_name && <DescriptionItem term={t('odp')}>{c.odp_name}</DescriptionItem>}
        {c.address && <DescriptionItem term={t('address_label')}>{c.address}</DescriptionItem>}
        {c.phone && (
          <DescriptionItem term={t('phone')}>
            {c.pii_masked ? (
              c.phone
            ) : (
              <a href={`tel:${c.phone}`} className="font-medium text-primary hover:underline">
                {c.phone}
              </a>
            )}
          </DescriptionItem>
        )}
      </DescriptionList>
      <Location customer={c} />
    </div>
  );
}

export function TicketLineCard({ ticketId }: { ticketId: string }) {
  const t = useTranslations('tickets.line');
  const format = useFormatter();
  const trpc = useTRPC();
  // asked live from the router: on opening and on "Refresh", not on every focus
  const line = useQuery({ ...trpc.tickets.line.queryOptions({ id: ticketId }), retry: retryUnlessRefused, refetchOnWindowFocus: false });
  const data = line.data;
  return (
    <Card aria-labelledby="ticket-line-title" data-testid="ticket-line" data-state={data?.state} aria-busy={line.isFetching}>
      <CardHeader>
        <CardTitle id="ticket-line-title" className="flex flex-wrap items-center gap-2">
          {t('title')}
          {data && (
            <Badge tone={STATE_TONES[data.state]} data-testid="line-state">
              {t(`state.${data.state}`)}
            </Badge>
          )}
        </CardTitle>
        {data?.customer && (
          <CardAction>
            <Button variant="secondary" size="sm" onClick={() => void line.refetch()} disabled={line.isFetching} data-testid="line-refresh">
              {line.isFetching ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />}
              {line.isFetching ? t('refreshing') : t('refresh')}
            </Button>
          </CardAction>
        )}
      </CardHeader>
      <CardContent className="grid gap-3">
        {!data && line.isPending && (
          <div className="grid gap-2" role="status">
            <p className="m-0 flex items-center gap-2 text-sm text-muted-foreground">
              <Loader2 className="size-4 animate-spin" aria-hidden /> {t('refreshing')}
            </p>
            <Skeleton className="h-24 w-full" />
          </div>
        )}
        {line.isError && <ErrorNotice error={line.error} />}
        {data && <LineBody line={data} />}
        {data?.customer && (
          <p className="m-0 text-xs text-muted-foreground" data-testid="line-checked">
            {t('checked', { time: format.dateTime(new Date(data.checked_at), 'datetime') })}
          </p>
        )}
      </CardContent>
    </Card>
  );
}
