'use client';
/** The user's account and active sessions: end one, or sign out everywhere. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import { formatDateTime } from '@rrnet/contracts';
import { signOutAction } from '~/app/(app)/actions';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

/** "Chrome · Linux" from a user-agent string (the full string stays in the title). */
function describeDevice(userAgent: string | null): string | null {
  if (!userAgent) return null;
  const browser =
    [
      ['Edg/', 'Edge'],
      ['OPR/', 'Opera'],
      ['Firefox/', 'Firefox'],
      ['Chrome/', 'Chrome'],
      ['Safari/', 'Safari'],
      ['curl/', 'curl'],
    ].find(([needle]) => userAgent.includes(needle!))?.[1] ?? null;
  const os =
    [
      ['Android', 'Android'],
      ['iPhone', 'iOS'],
      ['iPad', 'iPadOS'],
      ['Windows', 'Windows'],
      ['Mac OS X', 'macOS'],
      ['Linux', 'Linux'],
    ].find(([needle]) => userAgent.includes(needle!))?.[1] ?? null;
  const parts = [browser, os].filter(Boolean);
  return parts.length ? parts.join(' · ') : userAgent.slice(0, 60);
}

export function ProfileView() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const user = useSessionUser();
  const [notice, setNotice] = useState<string | null>(null);
  const [signingOut, startSignOut] = useTransition();

  const sessions = useQuery({ ...trpc.auth.sessions.queryOptions(), retry: retryUnlessRefused });
  const revoke = useMutation(
    trpc.auth.revokeSession.mutationOptions({
      onSuccess: async () => {
        setNotice(t('profile.session.ended'));
        await queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
      },
    }),
  );
  const everywhere = useMutation(
    trpc.auth.logoutEverywhere.mutationOptions({
      // every session (this one too) has ended: clear the cookie and go to /login
      onSuccess: () => startSignOut(() => signOutAction()),
    }),
  );

  return (
    <>
      <h1>{t('profile.title')}</h1>
      <section className="card" aria-labelledby="account-title">
        <div className="card-header">
          <h2 id="account-title">{t('profile.account')}</h2>
        </div>
        <dl className="facts">
          <dt>{t('profile.name')}</dt>
          <dd>{user.name}</dd>
          <dt>{t('profile.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('profile.tenant')}</dt>
          <dd>{user.tenant_name ?? t('shell.no_tenant')}</dd>
          <dt>{t('profile.role')}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
        </dl>
      </section>

      <section className="card" aria-labelledby="sessions-title">
        <div className="card-header">
          <h2 id="sessions-title">{t('profile.sessions')}</h2>
        </div>
        <p className="muted">{t('profile.sessions_hint')}</p>
        {notice && (
          <p className="alert ok" role="status">
            {notice}
          </p>
        )}
        {revoke.error && <ErrorNotice error={revoke.error} onDismiss={() => revoke.reset()} />}
        {sessions.isPending && <p className="muted">{t('common.loading')}</p>}
        {sessions.isError && <ErrorNotice error={sessions.error} page />}
        {sessions.data && (
          <div className="table-wrap">
            <table className="table" data-testid="sessions">
              <thead>
                <tr>
                  <th scope="col">{t('profile.session.device')}</th>
                  <th scope="col">{t('profile.session.ip')}</th>
                  <th scope="col">{t('profile.session.started')}</th>
                  <th scope="col">{t('profile.session.last_used')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {sessions.data.map((s) => (
                  <tr key={s.session_id} data-testid={s.current ? 'session-current' : 'session-other'}>
                    <td title={s.user_agent ?? undefined}>
                      {describeDevice(s.user_agent) ?? t('profile.session.unknown_device')}
                      {s.current && <span className="badge ok inline">{t('profile.session.current')}</span>}
                    </td>
                    <td>{s.ip ?? '—'}</td>
                    <td>{formatDateTime(s.created_at, locale)}</td>
                    <td>{s.last_used_at ? formatDateTime(s.last_used_at, locale) : t('common.never')}</td>
                    <td className="cell-actions">
                      {!s.current && (
                        <button
                          type="button"
                          className="button secondary small"
                          disabled={revoke.isPending}
                          onClick={() => {
                            setNotice(null);
                            revoke.mutate({ session_id: s.session_id });
                          }}
                        >
                          {t('profile.session.end')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {sessions.data.every((s) => s.current) && <p className="muted">{t('profile.sessions_empty')}</p>}
          </div>
        )}
        <div className="danger-zone">
          <div>
            <button
              type="button"
              className="button danger"
              disabled={everywhere.isPending || signingOut}
              onClick={() => everywhere.mutate({})}
            >
              {t('profile.logout_everywhere')}
            </button>
          </div>
          <p className="muted">{t('profile.logout_everywhere_hint')}</p>
        </div>
        {everywhere.error && <ErrorNotice error={everywhere.error} />}
      </section>
    </>
  );
}
