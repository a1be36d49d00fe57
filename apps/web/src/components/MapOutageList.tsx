'use client';
/**
 * Beside the map: the open and suspected outages it draws, each with its status, where it
 * is and how many customers it affects, linking to the outage (the same as clicking its
 * area on the map; on a phone, easier to tap).
 */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { OutageMapItem } from '@rrnet/contracts';
import { OutageStatusBadge, useOutageSource } from './OutageBadges';

export function MapOutageList({ outages }: { outages: readonly OutageMapItem[] }) {
  const t = useTranslations('map.outage');
  const source = useOutageSource();
  if (outages.length === 0) return null;
  return (
    <section aria-label={t('list')} className="grid min-w-0 gap-2" data-testid="map-outages">
      <h2 className="m-0 text-sm font-semibold">{t('list_title', { count: outages.length })}</h2>
      <ul className="m-0 grid min-w-0 list-none grid-cols-1 gap-2 p-0 sm:grid-cols-2 xl:grid-cols-3">
        {outages.map((o) => (
          <li key={o.id} className="min-w-0">
            <Link
              href={`/outages/${o.id}`}
              className="grid min-w-0 gap-1 rounded-lg border border-destructive/40 bg-destructive/5 p-3 text-sm hover:bg-destructive/10"
              data-testid="map-outage"
              data-id={o.id}
            >
              <span className="flex min-w-0 items-center justify-between gap-2">
                <strong className="min-w-0 truncate">{o.title}</strong>
                <OutageStatusBadge status={o.status} />
              </span>
              <span className="text-muted-foreground">{source(o)}</span>
              <span data-testid="map-outage-affected">
                {t('affected', { count: o.affected_count })}
                {o.located_count < o.affected_count && (
                  <span className="text-muted-foreground">
                    {' '}
                    · {t('unplaced', { count: o.affected_count - o.located_count })}
                  </span>
                )}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
