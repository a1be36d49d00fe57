'use client';
/**
 * The ISP's WhatsApp gateway as the API tells it (credentials are write-only and never
 * shown): main and fallback gateway or the platform's default, sender, language, quiet
 * hours, reminder and overdue days, this month's messages against the plan's quota (and
 * the banner once it ran out), the status webhook addresses to register with the
 * gateway; and "Send a test message" through the outbox, with a link to follow it. With
 * admin.settings.manage: the sending rules (sender, language, quiet hours, reminder and
 * overdue days) and a gateway's credentials (main or fallback; typed in full, since they
 * are never shown) are edited here.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { WA_GATEWAYS, WA_LANGUAGES, waSendTestInput } from '@rrnet/contracts';
import type { WaGateway, WaSettings } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { SubmitButton } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { FieldDescription, FieldGroup, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import { Form, FormField, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { choices } from '@rrnet/ui/choices';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { Textarea } from '@rrnet/ui/Textarea';
import { z } from 'zod';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import {
  EMPTY_GATEWAY_VALUES,
  WA_GATEWAY_CHOICES,
  WA_GATEWAY_SLOTS,
  waGatewayChange,
  waGatewayErrors,
  waGatewayForm,
  waRulesChanges,
  waRulesErrors,
  waRulesForm,
  waRulesValues,
} from '~/lib/wa_settings_forms';
import type { WaGatewaySlot } from '~/lib/wa_settings_forms';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice, FormErrorNotice } from './ErrorNotice';
import { SaveOrDiscard } from './SaveOrDiscard';
import { WaMessageStatusBadge } from './WaMessageStatusBadge';
import { DoneNotice } from './DoneNotice';

// the text is optional: an emptied field means "the default text", not a too-short one
const testMessageForm = waSendTestInput.extend({ body: z.preprocess((v) => (v === '' ? undefined : v), waSendTestInput.shape.body) });

function Overview({ settings }: { settings: WaSettings }) {
  const t = useTranslations('notifications');
  const format = useFormatter();
  const gateway = (kind: WaGateway | null) => (kind ? t(`gateway.${kind}`) : t('settings.none'));
  const dayList = (list: number[]) => format.list(list.map((d) => format.number(d)));
  // "1 day", "3 days", "3 and 0 days": one number decides, several are plural
  const dayCount = (list: number[]) => (list.length === 1 ? list[0]! : list.length);
  const { used, max } = settings.usage;
  return (
    <Card titleId="wa-gateway-title" data-testid="wa-settings" title={t('settings.gateway')} description={t('settings.credentials_hint')}>
      <CardContent className="grid gap-4">
        {settings.quota_exceeded_at && (
          <Alert tone="warning" role="status" data-testid="wa-quota-exceeded">
            {t('settings.quota_exceeded', { at: format.dateTime(new Date(settings.quota_exceeded_at), 'datetime') })}
          </Alert>
        )}
        {!settings.gateway_configured && (
          <Alert tone="danger" role="status">
            {t('settings.not_configured')}
          </Alert>
        )}
        <DescriptionList>
          <DescriptionItem term={t('settings.gateway')}>
            <span data-testid="wa-gateway" data-kind={settings.gateway ?? ''}>
              {settings.uses_platform_default ? t('settings.platform_default') : gateway(settings.gateway)}
            </span>
          </DescriptionItem>
          <DescriptionItem term={t('settings.fallback')}>{gateway(settings.fallback)}</DescriptionItem>
          <DescriptionItem term={t('settings.sender')}>{settings.sender ?? t('settings.none')}</DescriptionItem>
          <DescriptionItem term={t('settings.language')}>{t(`templates.languages.${settings.language}`)}</DescriptionItem>
          <DescriptionItem term={t('settings.quiet_hours')}>{settings.quiet_hours ? t('settings.quiet_range', settings.quiet_hours) : t('settings.no_quiet_hours')}</DescriptionItem>
          <DescriptionItem term={t('settings.reminder_days')}>{settings.reminder_days.length ? t('settings.reminder_days_value', { days: dayList(settings.reminder_days), count: dayCount(settings.reminder_days) }) : t('settings.none_days')}</DescriptionItem>
          <DescriptionItem term={t('settings.overdue_days')}>{settings.overdue_days.length ? t('settings.overdue_days_value', { days: dayList(settings.overdue_days), count: dayCount(settings.overdue_days) }) : t('settings.none_days')}</DescriptionItem>
          <DescriptionItem term={t('settings.usage')}>
            <div className="grid max-w-xs gap-1" data-testid="wa-usage" data-used={used} data-max={max}>
              <span>{t('settings.usage_value', { used: format.number(used), max: format.number(max) })}</span>
              <meter className="h-2 w-full" min={0} max={Math.max(max, 1)} value={Math.min(used, Math.max(max, 1))} high={Math.max(max, 1) * 0.9} />
            </div>
          </DescriptionItem>
        </DescriptionList>
        <div className="grid gap-1.5">
          <h3 className="m-0 text-sm font-medium">{t('settings.webhooks')}</h3>
          <p className="m-0 text-sm text-muted-foreground">{t('settings.webhooks_hint')}</p>
          <DescriptionList>
            {WA_GATEWAYS.map((kind) => (
              <DescriptionItem key={kind} term={t(`gateway.${kind}`)}>
                <code className="text-xs break-all">{settings.webhook_paths[kind]}</code>
              </DescriptionItem>
            ))}
          </DescriptionList>
        </div>
      </CardContent>
    </Card>
  );
}

function TestMessage() {
  const t = useTranslations('notifications.settings.test');
  const trpc = useTRPC();
  const form = useZodForm(testMessageForm, { defaultValues: { to_phone: '', body: '' } });
  const send = useMutation(trpc.notifications.messages.sendTest.mutationOptions({ meta: { invalidates: [trpc.notifications.pathKey()] } }));
  const unclaimed = useServerErrors(form, fieldErrorsOf(send.error));
  return (
    <Card titleId="wa-test-title" data-testid="wa-test" title={t('title')} description={t('hint')}>
      <CardContent className="grid gap-4">
        <Form form={form} className="grid gap-4" onSubmit={(values) => send.mutate(values)}>
          <InputField name="to_phone" label={t('to_phone')} type="tel" inputMode="tel" autoComplete="off" placeholder="0812 3456 7890" />
          <FormField name="body" label={t('body')}>
            {(field) => <Textarea {...field} rows={3} placeholder={t('body_placeholder')} />}
          </FormField>
          <div>
            <SubmitButton pending={send.isPending} pendingLabel={t('sending')}>
              {t('send')}
            </SubmitButton>
          </div>
        </Form>
        <FormErrorNotice error={send.error} unclaimed={unclaimed} onDismiss={() => send.reset()} />
        {send.data && (
          <Alert tone="success" role="status" data-testid="wa-test-queued" data-id={send.data.id}>
            <p className="m-0 flex flex-wrap items-center gap-2">
              {t('queued')} <WaMessageStatusBadge status={send.data.status} />
            </p>
            <Link href={`/notifications/messages/${send.data.id}`} className="font-medium underline" data-testid="wa-test-open">
              {t('open')}
            </Link>
          </Alert>
        )}
      </CardContent>
    </Card>
  );
}

/** After a save: the settings the API answered, in the cache, and the log's figures refreshed. */
function useSettingsUpdate(onSaved: (next: WaSettings) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.notifications.settings.update.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.notifications.settings.get.queryKey(), next);
        onSaved(next);
      },
    }),
  );
}

function RulesForm({ settings }: { settings: WaSettings }) {
  const t = useTranslations('notifications.settings.edit');
  const form = useZodForm(waRulesForm, { defaultValues: waRulesValues(settings) });
  const [saved, setSaved] = useState(false);
  const update = useSettingsUpdate((next) => {
    form.reset(waRulesValues(next));
    setSaved(true);
  });
  const unclaimed = useServerErrors(form, waRulesErrors(fieldErrorsOf(update.error)));
  const dirty = form.formState.isDirty;
  return (
    <Card titleId="wa-rules-title" data-testid="wa-rules" title={t('rules_title')} description={t('rules_hint')}>
      <CardContent className="grid gap-4">
        <FormErrorNotice error={update.error} unclaimed={unclaimed} onDismiss={() => update.reset()} />
        {saved && !dirty && <DoneNotice data-testid="wa-rules-saved">{t('saved')}</DoneNotice>}
        <Form
          form={form}
          onSubmit={(values) => {
            const changes = waRulesChanges(settings, values);
            if (Object.keys(changes).length > 0) update.mutate(changes);
          }}
        >
          <FieldGroup>
            <InputField name="sender" label={t('sender')} type="tel" inputMode="tel" autoComplete="off" placeholder="0812 3456 7890" />
            <SelectField name="language" label={t('language')} options={choices(WA_LANGUAGES, (l) => t(`languages.${l}`))} />
          </FieldGroup>
          <FieldSet>
            <FieldLegend>{t('quiet_hours')}</FieldLegend>
            <FieldGroup>
              <InputField name="quiet_start" label={t('quiet_start')} inputMode="numeric" placeholder="21:00" autoComplete="off" />
              <InputField name="quiet_end" label={t('quiet_end')} inputMode="numeric" placeholder="07:00" autoComplete="off" />
            </FieldGroup>
            <FieldDescription>{t('quiet_hint')}</FieldDescription>
          </FieldSet>
          <FieldGroup>
            <InputField name="reminder_days" label={t('reminder_days')} description={t('reminder_days_hint')} inputMode="numeric" placeholder="3, 0" autoComplete="off" />
            <InputField name="overdue_days" label={t('overdue_days')} description={t('overdue_days_hint')} inputMode="numeric" placeholder="1, 7" autoComplete="off" />
          </FieldGroup>
          <SaveOrDiscard form={form} save={update} discardLabel={t('discard')} />
        </Form>
      </CardContent>
    </Card>
  );
}

const CLOUD_FIELDS = ['phone_number_id', 'access_token', 'app_secret', 'verify_token'] as const;
const FONNTE_FIELDS = ['token', 'webhook_secret'] as const;

function GatewayForm() {
  const t = useTranslations('notifications');
  const te = useTranslations('notifications.settings.edit');
  const form = useZodForm(waGatewayForm, { defaultValues: EMPTY_GATEWAY_VALUES });
  const [saved, setSaved] = useState<WaGatewaySlot | null>(null);
  const update = useSettingsUpdate(() => {
    setSaved(form.getValues('slot'));
    form.reset(EMPTY_GATEWAY_VALUES);
  });
  const unclaimed = useServerErrors(form, waGatewayErrors(fieldErrorsOf(update.error)));
  const [slot, kind] = form.watch(['slot', 'kind']);
  const fields = kind === 'cloud' ? CLOUD_FIELDS : kind === 'fonnte' ? FONNTE_FIELDS : [];
  return (
    <Card titleId="wa-credentials-title" data-testid="wa-credentials" title={te('credentials_title')} description={te('credentials_hint')}>
      <CardContent className="grid gap-4">
        <FormErrorNotice error={update.error} unclaimed={unclaimed} onDismiss={() => update.reset()} />
        {saved && !form.formState.isDirty && (
          <DoneNotice data-testid="wa-credentials-saved">
            {te(`credentials_saved.${saved}`)}
          </DoneNotice>
        )}
        <Form form={form} onSubmit={(values) => update.mutate(waGatewayChange(values))}>
          <FieldGroup>
            <SelectField name="slot" label={te('slot')} options={choices(WA_GATEWAY_SLOTS, (s) => te(`slots.${s}`))} />
            <SelectField name="kind" label={te('kind')} options={choices(WA_GATEWAY_CHOICES, (k) => k === 'none' ? te(`none_for.${slot}`) : t(`gateway.${k}`))} />
          </FieldGroup>
          {fields.length > 0 && (
            <FieldGroup>
              {fields.map((name) => (
                <InputField key={name} name={name} label={te(`fields.${name}`)} type={name === 'phone_number_id' ? 'text' : 'password'} autoComplete="off" spellCheck={false} />
              ))}
            </FieldGroup>
          )}
          <div>
            <SubmitButton pending={update.isPending} pendingLabel={te('saving_credentials')}>
              {kind === 'none' ? te(`remove.${slot}`) : te('save_credentials')}
            </SubmitButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

export function NotificationSettingsView() {
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const settings = useQuery({ ...trpc.notifications.settings.get.queryOptions(), retry: retryUnlessRefused });
  if (settings.isError && !settings.data) return <ErrorNotice error={settings.error} page />;
  const canManage = can('admin.settings.manage');
  return (
    <div className="grid min-w-0 gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:items-start">
      <div className="grid min-w-0 gap-4">
        {settings.data ? <Overview settings={settings.data} /> : <Skeleton className="h-96 w-full" />}
        {canManage && settings.data && <RulesForm settings={settings.data} />}
      </div>
      <div className="grid min-w-0 gap-4">
        {can('notifications.messages.send') && <TestMessage />}
        {canManage && <GatewayForm />}
      </div>
    </div>
  );
}
