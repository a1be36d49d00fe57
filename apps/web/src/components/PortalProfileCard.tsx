'use client';
/** Contact details (e-mail, address), the WhatsApp number (changed by a code sent to the new one) and message preferences. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { z } from 'zod';
import type { PortalChallenge, PortalService } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { Checkbox } from '@rrnet/ui/Checkbox';
import { Form, FormField, InputField, useServerErrors } from '@rrnet/ui/Form';
import { Textarea } from '@rrnet/ui/Textarea';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice, FormErrorNotice } from './ErrorNotice';

const contactForm = z.object({ email: z.string().trim().max(254), address: z.string().max(300) });
const phoneForm = z.object({ phone: z.string().trim().min(8).max(30) });
const codeForm = z.object({ code: z.string().trim().regex(/^\d{6}$/) });

function ContactCard({ service }: { service: PortalService }) {
  const t = useTranslations('portal.profile');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(contactForm, { defaultValues: { email: service.email ?? '', address: service.address ?? '' } });
  const save = useMutation(trpc.portal.updateContact.mutationOptions({ onSuccess: (s) => queryClient.setQueryData(trpc.portal.service.queryKey(), s) }));
  const unclaimed = useServerErrors(form, fieldErrorsOf(save.error));
  return (
    <Card title={t('contact_title')}>
      <CardContent>
        <Form form={form} onSubmit={(v) => save.mutate({ email: v.email ? v.email : null, address: v.address.trim() ? v.address : null })}>
          {save.error && <FormErrorNotice error={save.error} unclaimed={unclaimed} />}
          {save.isSuccess && <Alert tone="success">{t('saved')}</Alert>}
          <InputField name="email" label={t('email')} type="email" autoComplete="email" />
          <FormField name="address" label={t('address')}>
            {(field) => <Textarea {...field} rows={2} autoComplete="street-address" />}
          </FormField>
          <Button type="submit" disabled={save.isPending} className="sm:justify-self-start">
            {t('save')}
          </Button>
        </Form>
      </CardContent>
    </Card>
  );
}

function PhoneCard({ service }: { service: PortalService }) {
  const t = useTranslations('portal.profile');
  const trpc = useTRPC();
  const [challenge, setChallenge] = useState<PortalChallenge | null>(null);
  const [changed, setChanged] = useState<string | null>(null);
  const phone = useZodForm(phoneForm, { defaultValues: { phone: '' } });
  const code = useZodForm(codeForm, { defaultValues: { code: '' } });
  const request = useMutation(trpc.portal.requestPhoneChange.mutationOptions({ onSuccess: setChallenge }));
  const confirm = useMutation(
    trpc.portal.confirmPhoneChange.mutationOptions({
      meta: { invalidates: [trpc.portal.service.queryKey()] },
      onSuccess: (r) => {
        setChanged(r.phone);
        setChallenge(null);
        phone.reset();
        code.reset();
      },
    }),
  );
  const phoneUnclaimed = useServerErrors(phone, fieldErrorsOf(request.error));
  const codeUnclaimed = useServerErrors(code, fieldErrorsOf(confirm.error));
  return (
    <Card title={t('phone_title')} description={t('phone_current', { phone: service.phone ?? '—' })}>
      <CardContent className="grid gap-3">
        {changed && <Alert tone="success">{t('phone_changed', { phone: changed })}</Alert>}
        {challenge ? (
          <Form form={code} onSubmit={(v) => confirm.mutate({ challenge_id: challenge.challenge_id, code: v.code })}>
            {confirm.error && <FormErrorNotice error={confirm.error} unclaimed={codeUnclaimed} />}
            <InputField name="code" label={t('phone_code')} inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
            <Button type="submit" disabled={confirm.isPending} className="sm:justify-self-start">
              {t('phone_confirm')}
            </Button>
          </Form>
        ) : (
          <Form form={phone} onSubmit={(v) => request.mutate({ phone: v.phone })}>
            {request.error && <FormErrorNotice error={request.error} unclaimed={phoneUnclaimed} />}
            <InputField name="phone" label={t('phone_new')} type="tel" inputMode="tel" autoComplete="tel" />
            <Button type="submit" disabled={request.isPending} className="sm:justify-self-start">
              {t('phone_send')}
            </Button>
          </Form>
        )}
      </CardContent>
    </Card>
  );
}

function PreferencesCard({ service }: { service: PortalService }) {
  const t = useTranslations('portal.profile');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const save = useMutation(trpc.portal.setPreferences.mutationOptions({ onSuccess: (s) => queryClient.setQueryData(trpc.portal.service.queryKey(), s) }));
  return (
    <Card title={t('prefs_title')} description={t('prefs_hint')}>
      <CardContent className="grid gap-2">
        {save.error && <ErrorNotice error={save.error} />}
        <Checkbox
          label={t('prefs_reminders')}
          checked={!service.opt_out_reminders}
          disabled={save.isPending}
          onChange={(e) => save.mutate({ opt_out_reminders: !e.target.checked })}
          data-testid="portal-reminders"
        />
        <Checkbox
          label={t('prefs_ticket_updates')}
          checked={!service.opt_out_ticket_updates}
          disabled={save.isPending}
          onChange={(e) => save.mutate({ opt_out_ticket_updates: !e.target.checked })}
          data-testid="portal-ticket-updates"
        />
      </CardContent>
    </Card>
  );
}

export function PortalProfileCard({ service }: { service: PortalService }) {
  return (
    <div className="grid gap-4">
      <PhoneCard service={service} />
      <ContactCard service={service} />
      <PreferencesCard service={service} />
    </div>
  );
}
