'use client';
/**
 * The ISP's payment gateway in billing settings: which gateway makes payment links (Midtrans
 * or Xendit, for staff and the subscriber portal alike), the notification URLs to paste in
 * each gateway's dashboard, and the keys — write-only: the API says whether they are set,
 * never what they are. Editable with admin.settings.manage; a plan without online payments
 * shows why instead.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { ComponentProps, ReactNode } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import { xenditKeysInput } from '@rrnet/contracts';
import type { Feature, PaymentGatewayName, PaymentGatewayStatusOutput } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { FieldDescription, FieldGroup, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import { Form, FormField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { Input } from '@rrnet/ui/Input';
import { choices } from '@rrnet/ui/choices';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { useZodForm } from '~/hooks/useZodForm';
import { errorCodeOf, fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { GATEWAY_MODES, gatewayChoiceForm, midtransKeyForm } from '~/lib/billing_forms';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CopyableValue } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { NotInPlan } from './NoPermission';
import { DoneNotice } from './DoneNotice';

const GATEWAYS: PaymentGatewayName[] = ['midtrans', 'xendit'];

function GatewayChoice({ status, canManage }: { status: PaymentGatewayStatusOutput; canManage: boolean }) {
  const t = useTranslations('billing_settings.payment_gateway');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(gatewayChoiceForm, { defaultValues: { gateway: status.gateway }, disabled: !canManage });
  const [done, setDone] = useState<PaymentGatewayName | null>(null);
  const select = useMutation(
    trpc.billing.gateway.select.mutationOptions({
      onSuccess: (next) => {
        form.reset({ gateway: next.gateway });
        setDone(next.gateway);
        queryClient.setQueryData(trpc.billing.gateway.get.queryKey(), next);
      },
    }),
  );
  const chosen = form.watch('gateway');
  return (
    <Form form={form} onSubmit={(values) => select.mutate(values)} data-testid="gateway-choice">
      <FieldSet>
        <FieldLegend>{t('choose')}</FieldLegend>
        <SelectField name="gateway" label={t('current')} options={choices(GATEWAYS, (g) => t(`gateway.${g}`))} />
        <FieldDescription>{t('choose_hint')}</FieldDescription>
      </FieldSet>
      {select.error && <ErrorNotice error={select.error} onDismiss={() => select.reset()} />}
      {done && done === status.gateway && !form.formState.isDirty && (
        <DoneNotice data-testid="gateway-selected">
          {t('selected', { gateway: t(`gateway.${done}`) })}
        </DoneNotice>
      )}
      {canManage && (
        <div>
          <Button type="submit" disabled={chosen === status.gateway || select.isPending}>
            {t('use')}
          </Button>
        </div>
      )}
    </Form>
  );
}

/**
 * The frame both gateways' key forms share: title and hint, the fields, "replace" when keys
 * are already kept, the refusal or "saved", and the save button (enabled once typed in).
 */
function KeysForm<TIn extends FieldValues, TOut>({
  gateway,
  form,
  save,
  saved,
  configured,
  onSubmit,
  children,
}: {
  gateway: 'xendit' | 'midtrans';
  form: UseFormReturn<TIn, unknown, TOut>;
  save: { isPending: boolean; error: unknown; reset: () => void };
  saved: boolean;
  configured: boolean;
  onSubmit: (values: TOut) => void;
  children: ReactNode;
}) {
  const t = useTranslations('billing_settings.payment_gateway');
  const testId = gateway === 'xendit' ? 'xendit-keys' : 'midtrans-key';
  return (
    <Form form={form} onSubmit={onSubmit} data-testid={testId}>
      <FieldSet>
        <FieldLegend>{t(`${gateway}_title`)}</FieldLegend>
        <FieldDescription>{t(`${gateway}_hint`)}</FieldDescription>
        <FieldGroup>{children}</FieldGroup>
        {configured && <FieldDescription>{t('replace_hint')}</FieldDescription>}
      </FieldSet>
      {save.error != null && Object.keys(fieldErrorsOf(save.error)).length === 0 && <ErrorNotice error={save.error} onDismiss={() => save.reset()} />}
      {saved && !form.formState.isDirty && (
        <DoneNotice data-testid={`${testId}-saved`}>
          {t('keys_saved', { gateway: t(`gateway.${gateway}`) })}
        </DoneNotice>
      )}
      <div>
        <Button type="submit" variant="secondary" disabled={!form.formState.isDirty || save.isPending}>
          {t('save_keys')}
        </Button>
      </div>
    </Form>
  );
}

/** A key typed in, never shown: a password field the browser does not fill or check. */
function SecretInput(props: ComponentProps<typeof Input>) {
  return <Input type="password" autoComplete="off" spellCheck={false} {...props} />;
}

function XenditKeys({ configured }: { configured: boolean }) {
  const t = useTranslations('billing_settings.payment_gateway');
  const trpc = useTRPC();
  const form = useZodForm(xenditKeysInput, { defaultValues: { secret_key: '', callback_token: '' } });
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.billing.gateway.setXenditKeys.mutationOptions({
      meta: { invalidates: [trpc.billing.gateway.get.queryKey()] },
      onSuccess: () => {
        form.reset({ secret_key: '', callback_token: '' });
        setSaved(true);
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(save.error));
  return (
    <KeysForm gateway="xendit" form={form} save={save} saved={saved} configured={configured} onSubmit={(values) => save.mutate(values)}>
      <FormField name="secret_key" label={t('xendit_secret_key')}>
        {(field) => <SecretInput {...field} />}
      </FormField>
      <FormField name="callback_token" label={t('xendit_callback_token')}>
        {(field) => <SecretInput {...field} />}
      </FormField>
    </KeysForm>
  );
}

function MidtransKey({ configured, production }: { configured: boolean; production: boolean }) {
  const t = useTranslations('billing_settings.payment_gateway');
  const trpc = useTRPC();
  const mode = production ? 'production' : 'sandbox';
  const form = useZodForm(midtransKeyForm, { defaultValues: { server_key: '', mode } });
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.billing.gateway.setMidtransKey.mutationOptions({
      meta: { invalidates: [trpc.billing.gateway.get.queryKey()] },
      onSuccess: (_, input) => {
        form.reset({ server_key: '', mode: input.production ? 'production' : 'sandbox' });
        setSaved(true);
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(save.error));
  return (
    <KeysForm gateway="midtrans" form={form} save={save} saved={saved} configured={configured} onSubmit={(values) => save.mutate(values)}>
      <FormField name="server_key" label={t('midtrans_server_key')}>
        {(field) => <SecretInput {...field} />}
      </FormField>
      <SelectField name="mode" label={t('midtrans_mode')} options={choices(GATEWAY_MODES, (m) => t(`mode.${m}`))} />
    </KeysForm>
  );
}

function StatusList({ status }: { status: PaymentGatewayStatusOutput }) {
  const t = useTranslations('billing_settings.payment_gateway');
  const keys = (configured: boolean) => (
    <Badge tone={configured ? 'success' : 'outline'} data-configured={configured}>
      {configured ? t('configured') : t('not_configured')}
    </Badge>
  );
  return (
    <DescriptionList data-testid="gateway-status">
      <DescriptionItem term={t('current')}>
        <span className="font-medium" data-testid="gateway-current">
          {t(`gateway.${status.gateway}`)}
        </span>
      </DescriptionItem>
      <DescriptionItem term={t('gateway.midtrans')}>
        <span className="flex flex-wrap items-center gap-2" data-testid="midtrans-configured">
          {keys(status.midtrans.configured)}
          {status.midtrans.configured && <span className="text-muted-foreground text-sm">{t(`mode.${status.midtrans.production ? 'production' : 'sandbox'}`)}</span>}
        </span>
      </DescriptionItem>
      <DescriptionItem term={t('gateway.xendit')}>
        <span data-testid="xendit-configured">{keys(status.xendit.configured)}</span>
      </DescriptionItem>
      {GATEWAYS.map((g) => (
        <DescriptionItem key={g} term={t('callback_url', { gateway: t(`gateway.${g}`) })} className="sm:col-span-2">
          <CopyableValue value={status.callback_urls[g]} testId={`callback-url-${g}`} />
          <p className="text-muted-foreground mt-1 text-sm">{t('callback_hint', { gateway: t(`gateway.${g}`) })}</p>
        </DescriptionItem>
      ))}
    </DescriptionList>
  );
}

export function PaymentGatewaySettings({ features, canManage }: { features: readonly Feature[] | null; canManage: boolean }) {
  const t = useTranslations('billing_settings.payment_gateway');
  const trpc = useTRPC();
  const inPlan = !features || features.includes('payment_gateway');
  const status = useQuery({ ...trpc.billing.gateway.get.queryOptions(), enabled: inPlan, retry: retryUnlessRefused });
  if (!inPlan || errorCodeOf(status.error) === 'FEATURE_DISABLED') {
    return (
      <div data-testid="payment-gateway">
        <NotInPlan title={t('not_in_plan.title')} text={t('not_in_plan.text')} />
      </div>
    );
  }
  return (
    <Card titleId="payment-gateway-title" data-testid="payment-gateway" title={t('title')} description={t('description')}>
      <CardContent className="grid gap-6">
        {status.isError && <ErrorNotice error={status.error} />}
        {!status.data && !status.isError && <Skeleton className="h-48" />}
        {status.data && (
          <>
            <StatusList status={status.data} />
            <GatewayChoice status={status.data} canManage={canManage} />
            {canManage && <XenditKeys configured={status.data.xendit.configured} />}
            {canManage && <MidtransKey configured={status.data.midtrans.configured} production={status.data.midtrans.production} />}
          </>
        )}
      </CardContent>
    </Card>
  );
}
