'use client';
/** Outages affecting the subscriber: open ones with the expected restoration, recently resolved ones. */
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { Alert, AlertDescription, AlertTitle } from '@rrnet/ui/Alert';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';

/** how often an open outage is looked at again while the page is open */
const OUTAGE_REFRESH_MS = 30_000;

export function PortalOutageAlerts() {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const outages = useQuery({ ...trpc.portal.outages.queryOptions(), retry: retryUnlessRefused, refetchInterval: OUTAGE_REFRESH_MS });
  const at = (d: Date | string) => format.dateTime(new Date(d), 'datetime');
  if (!outages.data || outages.data.length === 0) return null;
  return (
    <div className="grid gap-3" data-testid="portal-outages">
      {outages.data.map((o) =>
        o.status === 'resolved' ? (
          <Alert key={o.id} tone="success" data-testid="portal-outage" data-status={o.status}>
            <AlertTitle>{t('portal.outage.resolved_title')}</AlertTitle>
            <AlertDescription>
              <p className="m-0">{o.title}</p>
              {o.resolved_at && <p className="m-0">{t('portal.outage.resolved_at', { at: at(o.resolved_at) })}</p>}
            </AlertDescription>
          </Alert>
        ) : (
          <Alert key={o.id} tone="warning" data-testid="portal-outage" data-status={o.status}>
            <AlertTitle>{t('portal.outage.title')}</AlertTitle>
            <AlertDescription>
              <p className="m-0 font-medium">{o.title}</p>
              <p className="m-0">
                {t(`outages.cause.${o.cause}`)}
                {o.area ? ` · ${t('portal.outage.area', { area: o.area })}` : ''}
              </p>
              <p className="m-0">{t('portal.outage.since', { at: at(o.started_at) })}</p>
              <p className="m-0 font-medium" data-testid="portal-outage-expected">
                {o.expected_restoration_at ? t('portal.outage.expected', { at: at(o.expected_restoration_at) }) : t('portal.outage.expected_unknown')}
              </p>
            </AlertDescription>
          </Alert>
        ),
      )}
    </div>
  );
}
