'use client';
/** The user's account and active sessions: end one, or sign out everywhere. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState, useTransition } from 'react';
import type { RouterOutputs } from '@rrnet/api';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent, CardFooter } from '@rrnet/ui/Card';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { PageShell } from '@rrnet/ui/PageShell';
import { signOutAction } from '~/app/(app)/actions';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { DoneNotice } from './DoneNotice';

type Session = RouterOutputs['auth']['sessions'][number];

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
  const format = useFormatter();
  const trpc = useTRPC();
  const user = useSessionUser();
  const [signingOut, startSignOut] = useTransition();
  const [notice, setNotice] = useState<string | null>(null);

  const sessions = useQuery({ ...trpc.auth.sessions.queryOptions(), retry: retryUnlessRefused });
  const revoke = useMutation(trpc.auth.revokeSession.mutationOptions({ meta: { invalidates: [trpc.auth.sessions.queryKey()] }, onSuccess: () => setNotice(t('profile.session.ended')) }));
  const everywhere = useMutation(
    trpc.auth.logoutEverywhere.mutationOptions({
      // every session (this one too) has ended: clear the cookie and go to /login
      onSuccess: () => startSignOut(() => signOutAction()),
    }),
  );

  const columns: ColumnDef<Session>[] = [
    {
      id: 'device',
      header: t('profile.session.device'),
      cell: ({ row: { original: s } }) => (
        <span title={s.user_agent ?? undefined} className="inline-flex flex-wrap items-center gap-2">
          {describeDevice(s.user_agent) ?? t('profile.session.unknown_device')}
          {s.current && <Badge tone="success">{t('profile.session.current')}</Badge>}
        </span>
      ),
    },
    { id: 'ip', header: t('profile.session.ip'), cell: ({ row }) => row.original.ip ?? '—' },
    { id: 'started', header: t('profile.session.started'), cell: ({ row }) => format.dateTime(row.original.created_at, 'datetime') },
    {
      id: 'last_used',
      header: t('profile.session.last_used'),
      cell: ({ row }) => (row.original.last_used_at ? format.dateTime(row.original.last_used_at, 'datetime') : t('common.never')),
    },
    {
      id: 'actions',
      header: () => <span className="sr-only">{t('users.actions')}</span>,
      meta: { label: '', className: 'text-right' },
      cell: ({ row: { original: s } }) =>
        !s.current && (
          <Button variant="secondary" size="sm" disabled={revoke.isPending} onClick={() => {
              setNotice(null);
              revoke.mutate({ session_id: s.session_id });
            }}>
            {t('profile.session.end')}
          </Button>
        ),
    },
  ];

  return (
    <PageShell title={t('profile.title')}>
      <Card titleId="account-title" title={t('profile.account')}>
        <CardContent>
          <DescriptionList>
            <DescriptionItem term={t('profile.name')}>{user.name}</DescriptionItem>
            <DescriptionItem term={t('profile.email')}>{user.email}</DescriptionItem>
            <DescriptionItem term={t('profile.tenant')}>{user.tenant_name ?? t('shell.no_tenant')}</DescriptionItem>
            <DescriptionItem term={t('profile.role')}>{t(`role.${user.role}`)}</DescriptionItem>
          </DescriptionList>
        </CardContent>
      </Card>

      <Card title={t('profile.sessions')} titleId="sessions-title" description={t('profile.sessions_hint')}>
        <CardContent className="grid gap-3">
          <DoneNotice>{notice}</DoneNotice>
          {revoke.error && <ErrorNotice error={revoke.error} onDismiss={() => revoke.reset()} />}
          <DataTable
            testId="sessions"
            columns={columns}
            query={sessions}
            getRowId={(s) => s.session_id}
            error={<ErrorNotice error={sessions.error} page />}
            empty={t('profile.sessions_empty')}
            rowProps={(s) => ({ 'data-testid': s.current ? 'session-current' : 'session-other' })}
          />
          {sessions.data?.every((s) => s.current) && <p className="m-0 text-sm text-muted-foreground">{t('profile.sessions_empty')}</p>}
        </CardContent>
        <CardFooter className="flex-col items-start gap-2 border-t pt-4">
          <Button variant="destructive" disabled={everywhere.isPending || signingOut} onClick={() => everywhere.mutate({})}>
            {t('profile.logout_everywhere')}
          </Button>
          <p className="m-0 text-sm text-muted-foreground">{t('profile.logout_everywhere_hint')}</p>
          {everywhere.error && <ErrorNotice error={everywhere.error} />}
        </CardFooter>
      </Card>
    </PageShell>
  );
}
