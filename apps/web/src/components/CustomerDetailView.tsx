'use client';
/**
 * One customer: the facts (personal data masked without customers.pii.read), status
 * changes allowed by CUSTOMER_TRANSITIONS (each with a reason for the audit trail), the
 * PPPoE password shown once on request, the edit form, and anonymisation (right to
 * deletion) once terminated. Isolation and restore (manual, with a reason) are in the
 * Isolir card; the automatic ones come from billing.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { CUSTOMER_TRANSITIONS } from '@rrnet/contracts';
import type { Customer, CustomerStatus } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useFormatter, useTranslations } from 'next-intl';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Form, useServerErrors, useZodForm } from '@rrnet/ui/Form';
import { PageShell } from '@rrnet/ui/PageShell';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { customerChanges, customerEditForm, customerFormValues } from '~/lib/customer_form';
import type { CustomerFormValues } from '~/lib/customer_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ConfirmPanel } from './ConfirmPanel';
import { CopyButton } from './CopyButton';
import { CustomerFormFields } from './CustomerFormFields';
import { CustomerIsolirCard } from './CustomerIsolirCard';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { CustomerStatusBadge, IsolirPendingBadge } from './StatusBadges';

function useRefreshCustomer(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (customer: Customer) => {
    queryClient.setQueryData(trpc.customers.customers.get.queryKey({ id }), customer);
    await queryClient.invalidateQueries({ queryKey: trpc.customers.customers.list.pathKey() });
  };
}

function Masked({ value, masked }: { value: string | null; masked: boolean }) {
  const t = useTranslations();
  if (value === null) return <span className="muted">—</span>;
  return (
    <>
      {value}
      {masked && (
        <span className="badge neutral inline" title={t('customers.masked_hint')}>
          {t('customers.masked')}
        </span>
      )}
    </>
  );
}

function Facts({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const format = useFormatter();
  const masked = customer.pii_masked;
  const none = <span className="text-muted-foreground">—</span>;
  const date = (value: Date | string) => format.dateTime(new Date(value), 'date');
  const datetime = (value: Date | string) => format.dateTime(new Date(value), 'datetime');
  return (
    <Card aria-labelledby="customer-facts-title" data-testid="customer-overview">
      <CardHeader>
        <CardTitle id="customer-facts-title">{t('customers.detail.overview')}</CardTitle>
        <CardAction className="gap-1">
          <CustomerStatusBadge status={customer.status} />
          {customer.isolir_pending && <IsolirPendingBadge />}
        </CardAction>
      </CardHeader>
      <CardContent>
        <DescriptionList data-testid="customer-facts">
          <DescriptionItem term={t('customers.code')}>
            <code data-testid="customer-code">{customer.code}</code>
          </DescriptionItem>
          <DescriptionItem term={t('customers.pppoe_username')}>
            <code data-testid="customer-pppoe-username">{customer.pppoe_username}</code>
          </DescriptionItem>
          <DescriptionItem term={t('customers.plan')}>
            {customer.plan_name}
          </DescriptionItem>
          <DescriptionItem term={t('customers.router')}>
            {customer.router_id ? (
              <Link href={`/network/routers/${customer.router_id}`} className="text-primary hover:underline">
                {customer.router_name}
              </Link>
            ) : (
              none
            )}
          </DescriptionItem>
          <DescriptionItem term={t('customers.odp')}>
            {customer.odp_name ?? none}
          </DescriptionItem>
          <DescriptionItem term={t('customers.billing_day')}>
            {t('customers.billing_day_value', { day: customer.billing_day })}
          </DescriptionItem>
          <DescriptionItem term={t('customers.phone')}>
            <span data-testid="customer-phone">
              <Masked value={customer.phone} masked={masked} />
            </span>
          </DescriptionItem>
          <DescriptionItem term={t('customers.email')}>
            <Masked value={customer.email} masked={masked} />
          </DescriptionItem>
          <DescriptionItem term={t('customers.address')}>
            <Masked value={customer.address} masked={masked} />
          </DescriptionItem>
          <DescriptionItem term={t('customers.national_id')}>
            <Masked value={customer.national_id} masked={masked} />
          </DescriptionItem>
          <DescriptionItem term={t('location.title')}>
            {customer.location ? t('location.value', { lat: String(customer.location.lat), lng: String(customer.location.lng) }) : none}
          </DescriptionItem>
          <DescriptionItem term={t('customers.created_at')}>
            {date(customer.created_at)}
          </DescriptionItem>
          {customer.activated_at && (
            <DescriptionItem term={t('customers.activated_at')}>
              {date(customer.activated_at)}
            </DescriptionItem>
          )}
          {customer.terminated_at && (
            <DescriptionItem term={t('customers.terminated_at')}>
              {datetime(customer.terminated_at)}
            </DescriptionItem>
          )}
          {customer.anonymized_at && (
            <DescriptionItem term={t('customers.anonymized_at')}>
              <span data-testid="customer-anonymized">{datetime(customer.anonymized_at)}</span>
            </DescriptionItem>
          )}
        </DescriptionList>
      </CardContent>
    </Card>
  );
}

function PppoePassword({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const reveal = useMutation(trpc.customers.customers.revealPassword.mutationOptions());
  return (
    <div className="detail-block" data-testid="pppoe-password-block">
      <h3 className="detail-heading">{t('customers.password.title')}</h3>
      {reveal.data ? (
        <div className="alert ok" role="status">
          <div className="secret">
            <span>{t('customers.password.for', { name: reveal.data.pppoe_username })}:</span>
            <code data-testid="pppoe-password">{reveal.data.pppoe_password}</code>
            <CopyButton value={reveal.data.pppoe_password} />
            <p className="alert-detail">{t('customers.password.hint')}</p>
          </div>
          <button type="button" className="link-button" onClick={() => reveal.reset()}>
            {t('customers.password.hide')}
          </button>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="button secondary" disabled={reveal.isPending} onClick={() => reveal.mutate({ id: customer.id })}>
            {reveal.isPending ? t('common.loading') : t('customers.password.reveal')}
          </button>
          <span className="muted small">{t('customers.password.audit_hint')}</span>
        </div>
      )}
      {reveal.error && <ErrorNotice error={reveal.error} onDismiss={() => reveal.reset()} />}
    </div>
  );
}

function StatusActions({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const refresh = useRefreshCustomer(customer.id);
  const [target, setTarget] = useState<CustomerStatus | null>(null);
  const [done, setDone] = useState<CustomerStatus | null>(null);
  const change = useMutation(
    trpc.customers.customers.setStatus.mutationOptions({
      onSuccess: async (c) => {
        setTarget(null);
        setDone(c.status);
        await refresh(c);
      },
    }),
  );
  const targets = CUSTOMER_TRANSITIONS[customer.status];
  return (
    <div className="detail-block" data-testid="status-actions">
      <h3 className="detail-heading">{t('customers.status_change.title')}</h3>
      {done && (
        <p className="alert ok" role="status" data-testid="status-changed">
          {t('customers.status_change.done', { status: t(`customers.status.${done}`) })}
        </p>
      )}
      {targets.length === 0 ? (
        <p className="muted">{t('customers.status_change.none')}</p>
      ) : target ? (
        <ConfirmPanel
          key={target}
          withReason
          danger={target === 'terminated'}
          question={t(`customers.status_change.confirm.${target}`, { name: customer.name })}
          confirmLabel={t(`customers.status_change.to.${target}`)}
          busyLabel={t('common.saving')}
          busy={change.isPending}
          errors={fieldErrorsOf(change.error)}
          onConfirm={(reason) => change.mutate({ id: customer.id, status: target, reason })}
          onCancel={() => {
            setTarget(null);
            change.reset();
          }}
        />
      ) : (
        <div className="actions">
          {targets.map((s) => (
            <button
              key={s}
              type="button"
              className={s === 'terminated' ? 'button secondary danger-text' : 'button secondary'}
              onClick={() => {
                setDone(null);
                setTarget(s);
              }}
            >
              {t(`customers.status_change.to.${s}`)}
            </button>
          ))}
          <span className="muted small">{t('customers.status_change.isolir_hint')}</span>
        </div>
      )}
      {change.error && target && !fieldErrorsOf(change.error).reason && <ErrorNotice error={change.error} />}
    </div>
  );
}

function Anonymize({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const refresh = useRefreshCustomer(customer.id);
  const [confirming, setConfirming] = useState(false);
  const anonymize = useMutation(
    trpc.customers.customers.anonymize.mutationOptions({
      onSuccess: async (c) => {
        setConfirming(false);
        await refresh(c);
      },
    }),
  );
  if (customer.anonymized_at) {
    return (
      <p className="muted" data-testid="anonymized-note">
        {t('customers.anonymize.done')}
      </p>
    );
  }
  return (
    <div className="danger-zone">
      {confirming ? (
        <ConfirmPanel
          danger
          withReason
          question={t('customers.anonymize.confirm', { name: customer.name })}
          confirmLabel={t('customers.anonymize.confirm_button')}
          busyLabel={t('customers.anonymize.running')}
          busy={anonymize.isPending}
          errors={fieldErrorsOf(anonymize.error)}
          onConfirm={(reason) => anonymize.mutate({ id: customer.id, reason })}
          onCancel={() => {
            setConfirming(false);
            anonymize.reset();
          }}
        />
      ) : (
        <>
          <button type="button" className="button secondary danger-text" onClick={() => setConfirming(true)}>
            {t('customers.anonymize.label')}
          </button>
          <p className="muted">{t('customers.anonymize.hint')}</p>
        </>
      )}
      {anonymize.error && !fieldErrorsOf(anonymize.error).reason && <ErrorNotice error={anonymize.error} />}
    </div>
  );
}

function EditCustomer({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const refresh = useRefreshCustomer(customer.id);
  const [initial, setInitial] = useState<CustomerFormValues>(() => customerFormValues(customer));
  const [saved, setSaved] = useState(false);
  const schema = useMemo(() => customerEditForm(customer.id, initial), [customer.id, initial]);
  const form = useZodForm(schema, { defaultValues: initial });
  const update = useMutation(
    trpc.customers.customers.update.mutationOptions({
      onSuccess: async (c) => {
        const next = customerFormValues(c);
        setInitial(next);
        form.reset(next);
        setSaved(true);
        await refresh(c);
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(update.error));
  const values = useWatch({ control: form.control }) as CustomerFormValues;
  const dirty = Object.keys(customerChanges(initial, values)).length > 0;
  return (
    <Card aria-labelledby="edit-customer-title">
      <CardHeader>
        <CardTitle id="edit-customer-title">{t('customers.edit.title')}</CardTitle>
      </CardHeader>
      <CardContent>
        <Form
          form={form}
          data-testid="customer-edit-form"
          onSubmit={(input) => {
            setSaved(false);
            update.mutate(input);
          }}
        >
          {update.error && <ErrorNotice error={update.error} />}
          {saved && !dirty && (
            <Alert tone="success" role="status" data-testid="customer-saved">
              {t('customers.edit.saved')}
            </Alert>
          )}
          <CustomerFormFields piiLocked={customer.pii_masked} />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={!dirty || update.isPending}>
              {update.isPending ? t('common.saving') : t('common.save')}
            </Button>
            {dirty && (
              <Button variant="secondary" onClick={() => form.reset(initial)}>
                {t('customers.edit.discard')}
              </Button>
            )}
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

function CustomerContent({ id, created }: { id: string; created: boolean }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const detail = useQuery({ ...trpc.customers.customers.get.queryOptions({ id }), retry: retryUnlessRefused });
  const [showCreated, setShowCreated] = useState(created);
  const back = (
    <Link href="/customers" className="text-sm">
      ← {t('customers.title')}
    </Link>
  );

  if (!detail.data) {
    return (
      <PageShell title={t('customers.detail.title')} breadcrumb={back}>
        {detail.isPending && <Skeleton className="h-64" />}
        {detail.isError && <ErrorNotice error={detail.error} page />}
      </PageShell>
    );
  }
  const customer = detail.data;
  const canManage = can('customers.customers.manage') && !customer.anonymized_at;
  return (
    <PageShell title={<span data-testid="customer-name">{customer.name}</span>} subtitle={t('customers.detail.subtitle', { code: customer.code })} breadcrumb={back}>
      {showCreated && (
        <Alert tone="success" role="status" data-testid="customer-created">
          <p>{customer.router_name ? t('customers.created_on_router', { name: customer.name, router: customer.router_name }) : t('customers.created', { name: customer.name })}</p>
          <Button variant="link" size="sm" className="justify-self-start" onClick={() => setShowCreated(false)}>
            {t('common.close')}
          </Button>
        </Alert>
      )}
      <Facts customer={customer} />
      {(canManage || can('customers.secrets.reveal') || can('customers.customers.erase')) && (
        <section className="card" aria-labelledby="customer-actions-title">
          <div className="card-header">
            <h2 id="customer-actions-title">{t('customers.detail.actions')}</h2>
          </div>
          {can('customers.secrets.reveal') && !customer.anonymized_at && <PppoePassword customer={customer} />}
          {canManage && <StatusActions customer={customer} />}
          {can('customers.customers.erase') && customer.status === 'terminated' && <Anonymize customer={customer} />}
        </section>
      )}
      {(can('isolir.history.read') || can('isolir.actions.execute')) && !customer.anonymized_at && <CustomerIsolirCard customer={customer} />}
      {canManage && <EditCustomer key={customer.id} customer={customer} />}
    </PageShell>
  );
}

export function CustomerDetailView({ id, created = false }: { id: string; created?: boolean }) {
  const t = useTranslations();
  const { can } = useSessionUser();
  if (!can('customers.customers.read')) {
    return (
      <PageShell title={t('customers.detail.title')}>
        <NoPermission />
      </PageShell>
    );
  }
  return <CustomerContent id={id} created={created} />;
}
