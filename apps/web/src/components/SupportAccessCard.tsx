'use client';
/**
 * RRNet support access, as the ISP controls it (admin.support.manage): whether RRNet's
 * staff may read this ISP's audit trail now (until when, why, granted by whom) with a
 * one-tap revoke; a form to grant it for some hours with a reason (a grant in effect is
 * replaced); the latest grants. Every read RRNet makes shows in the trail below as
 * `support.audit_read`.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { z } from 'zod';
import { supportGrantInput } from '@rrnet/contracts';
import type { SupportGrant } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { choices } from '@rrnet/ui/choices';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatusBadge } from '@rrnet/ui/StatusBadge';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

const HOUR_CHOICES = ['1', '4', '24', '72', '168'] as const;
/** The grant input's rules; the length is a choice of hours. */
const grantForm = z.object({ hours: z.enum(HOUR_CHOICES), reason: supportGrantInput.shape.reason });
const STATE_TONE = { active: 'success', expired: 'neutral', revoked: 'warning' } as const;

function GrantLine({ grant }: { grant: SupportGrant }) {
  const t = useTranslations('audit.support');
  const format = useFormatter();
  return (
    <li className="grid gap-1 border-b py-2 text-sm last:border-b-0" data-testid="support-grant" data-state={grant.state}>
      <div className="flex flex-wrap items-center gap-2">
        <StatusBadge status={grant.state} tones={STATE_TONE} label={t(`state.${grant.state}`)} />
        <span className="tabular-nums">{t('period', { from: format.dateTime(grant.created_at, 'datetime'), to: format.dateTime(grant.revoked_at ?? grant.expires_at, 'datetime') })}</span>
      </div>
      <p className="m-0 text-muted-foreground">
        {t('by', { name: grant.granted_by_name ?? '—', reason: grant.reason })}
        {grant.revoked_by_name ? ` · ${t('revoked_by', { name: grant.revoked_by_name })}` : ''}
      </p>
    </li>
  );
}

export function SupportAccessCard() {
  const t = useTranslations('audit.support');
  const format = useFormatter();
  const trpc = useTRPC();
  const access = useQuery({ ...trpc.admin.supportAccess.get.queryOptions(), retry: retryUnlessRefused });
  const meta = { invalidates: [trpc.admin.supportAccess.get.queryKey(), trpc.admin.audit.list.queryKey()] };
  const form = useZodForm(grantForm, { defaultValues: { hours: '4', reason: '' } });
  const grant = useMutation(trpc.admin.supportAccess.grant.mutationOptions({ meta, onSuccess: () => form.reset() }));
  const revoke = useMutation(trpc.admin.supportAccess.revoke.mutationOptions({ meta }));
  useServerErrors(form, fieldErrorsOf(grant.error));
  const active = access.data?.active ?? null;

  return (
    <Card titleId="support-title" data-testid="support-access" title={t('title')} description={t('subtitle')}>
      <CardContent className="grid gap-4">
        {access.isError && !access.data && <ErrorNotice error={access.error} />}
        {!access.data && !access.isError && <Skeleton className="h-16 w-full" />}
        {access.data &&
          (active ? (
            <Alert tone="warning" data-testid="support-active">
              <p className="m-0">{t('active', { until: format.dateTime(active.expires_at, 'datetime'), reason: active.reason })}</p>
              <Button variant="destructive" size="sm" className="justify-self-start" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: active.id })}>
                {revoke.isPending ? t('revoking') : t('revoke')}
              </Button>
            </Alert>
          ) : (
            <p className="m-0 text-sm" data-testid="support-none">
              {t('none')}
            </p>
          ))}
        {revoke.error && <ErrorNotice error={revoke.error} />}
        {grant.error && <ErrorNotice error={grant.error} />}
        <Form form={form} onSubmit={(values) => grant.mutate({ hours: Number(values.hours), reason: values.reason })}>
          <FieldGroup className="@md:grid-cols-[10rem_1fr]">
            <SelectField name="hours" label={t('hours')} options={choices(HOUR_CHOICES, (h) => t('hours_choice', { hours: Number(h) }))} />
            <InputField name="reason" label={t('reason')} description={t('reason_hint')} autoComplete="off" />
          </FieldGroup>
          <Button type="submit" className="justify-self-start" disabled={grant.isPending}>
            {grant.isPending ? t('granting') : active ? t('replace') : t('grant')}
          </Button>
        </Form>
        {access.data && access.data.history.length > 0 && (
          <section aria-labelledby="support-history">
            <h3 id="support-history" className="m-0 text-sm font-semibold">
              {t('history')}
            </h3>
            <ul className="m-0 list-none p-0">
              {access.data.history.map((g) => (
                <GrantLine key={g.id} grant={g} />
              ))}
            </ul>
          </section>
        )}
      </CardContent>
    </Card>
  );
}
