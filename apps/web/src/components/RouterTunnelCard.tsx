'use client';
/**
 * A router's WireGuard tunnel (routers behind NAT): whether RRNet reaches it through the
 * tunnel, the handshake age the endpoint last saw, and the RouterOS v7 commands to paste
 * into the router's terminal. Only for those who manage routers: the commands hold the
 * router's private key.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

const REACH_BADGE = { up: 'badge ok', down: 'badge down', never: 'badge warn', unknown: 'badge' } as const;

export function RouterTunnelCard({ routerId }: { routerId: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tunnel = useQuery({ ...trpc.network.routers.tunnel.queryOptions({ id: routerId }), retry: retryUnlessRefused, refetchInterval: 30_000 });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: trpc.network.routers.tunnel.queryKey({ id: routerId }) });
    await queryClient.invalidateQueries({ queryKey: trpc.network.routers.get.queryKey({ id: routerId }) });
  };
  const enable = useMutation(trpc.network.routers.enableTunnel.mutationOptions({ onSuccess: refresh }));
  const disable = useMutation(trpc.network.routers.disableTunnel.mutationOptions({ onSuccess: refresh }));
  const data = tunnel.data;
  return (
    <section className="card" aria-labelledby="tunnel-title" data-testid="router-tunnel">
      <div className="card-header">
        <h2 id="tunnel-title">{t('tunnel.title')}</h2>
        {data?.enabled && <span className={REACH_BADGE[data.reachability]}>{t(`tunnel.reach.${data.reachability}`)}</span>}
      </div>
      {tunnel.isPending && <p className="muted">{t('common.loading')}</p>}
      {tunnel.isError && <ErrorNotice error={tunnel.error} />}
      {(enable.error ?? disable.error) && <ErrorNotice error={(enable.error ?? disable.error)!} onDismiss={() => (enable.reset(), disable.reset())} />}
      {data && !data.enabled && (
        <>
          <p className="muted">{data.configured ? t('tunnel.off') : t('tunnel.not_configured')}</p>
          {data.configured && (
            <button type="button" className="button" disabled={enable.isPending} onClick={() => enable.mutate({ id: routerId })}>
              {t('tunnel.enable')}
            </button>
          )}
        </>
      )}
      {data?.enabled && (
        <>
          <dl className="facts">
            <dt>{t('tunnel.address')}</dt>
            <dd>
              <code>{data.address}</code> {data.block && <span className="muted">({data.block})</span>}
            </dd>
            <dt>{t('tunnel.handshake')}</dt>
            <dd data-testid="tunnel-handshake">
              {data.handshake_age_seconds === null ? t('common.never') : t('tunnel.seconds_ago', { seconds: data.handshake_age_seconds })}
              {data.endpoint && <span className="muted"> · {data.endpoint}</span>}
            </dd>
          </dl>
          <p>{t('tunnel.paste')}</p>
          <pre className="code-block" data-testid="tunnel-commands">
            {data.commands.join('\n')}
          </pre>
          <div className="actions">
            <button type="button" className="button secondary small" onClick={() => void navigator.clipboard?.writeText(data.commands.join('\n'))}>
              {t('common.copy')}
            </button>
            <button type="button" className="button secondary small danger-text" disabled={disable.isPending} onClick={() => disable.mutate({ id: routerId })}>
              {t('tunnel.disable')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
