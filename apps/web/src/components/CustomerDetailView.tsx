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
import type { ReactNode } from 'react';
import { useWatch } from 'react-hook-form';
import { CUSTOMER_TRANSITIONS } from '@rrnet/contracts';
import type { Customer, CustomerStatus } from '@rrnet/contracts';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useFormatter, useTranslations } from 'next-intl';
import { Alert } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { MutationConfirm } from './MutationConfirm';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Form, useServerErrors } from '@rrnet/ui/Form';
import { PageShell } from '@rrnet/ui/PageShell';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { customerChanges, customerEditForm, customerFormValues } from '~/lib/customer_form';
import type { CustomerFormValues } from '~/lib/customer_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CopyButton } from './CopyButton';
import { CustomerFormFields } from './CustomerFormFields';
import { CustomerIsolirCard } from './CustomerIsolirCard';
import { CustomerWaMessagesCard } from './CustomerWaMessagesCard';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { CustomerStatusBadge, IsolirPendingBadge } from './StatusBadges';
import { DoneNotice } from './DoneNotice';

/** The page's customer replaced by a mutation's answer (no refetch of what the answer already says). */
function useShowCustomer(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return (customer: Customer) => {
    queryClient.setQueryData(trpc.customers.customers.get.queryKey({ id }), customer);
  };
}

function Masked({ value, masked }: { value: string | null; masked: boolean }) {
  const t = useTranslations();
  if (value === null) return <span className="text-muted-foreground">—</span>;
  return (
    <>
      {value}
      {masked && (
        <Badge className="ml-2 align-middle" title={t('customers.masked_hint')}>
          {t('customers.masked')}
        </Badge>
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

/** One part of the actions card: a small heading, then its content. */
function ActionBlock({ title, children, ...props }: { title: string; children: ReactNode; 'data-testid'?: string }) {
  return (
    <section className="grid gap-2 border-t pt-4 first:border-t-0 first:pt-0" {...props}>
      <h3 className="m-0 text-sm font-semibold">{title}</h3>
      {children}
    </section>
  );
}

function PppoePassword({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const reveal = useMutation(trpc.customers.customers.revealPassword.mutationOptions());
  return (
    <ActionBlock title={t('customers.password.title')} data-testid="pppoe-password-block">
      {reveal.data ? (
        <Alert tone="success" role="status">
          <p className="flex flex-wrap items-center gap-2">
            <span>{t('customers.password.for', { name: reveal.data.pppoe_username })}:</span>
            <code className="rounded border bg-card px-1.5 py-0.5" data-testid="pppoe-password">
              {reveal.data.pppoe_password}
            </code>
            <CopyButton value={reveal.data.pppoe_password} />
          </p>
          <p className="text-sm opacity-90">{t('customers.password.hint')}</p>
          <Button variant="link" size="sm" className="justify-self-start" onClick={() => reveal.reset()}>
            {t('customers.password.hide')}
          </Button>
        </Alert>
      ) : (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <Button variant="secondary" disabled={reveal.isPending} onClick={() => reveal.mutate({ id: customer.id })}>
            {reveal.isPending ? t('common.loading') : t('customers.password.reveal')}
          </Button>
          <span className="text-xs text-muted-foreground">{t('customers.password.audit_hint')}</span>
        </div>
      )}
      {reveal.error && <ErrorNotice error={reveal.error} onDismiss={() => reveal.reset()} />}
    </ActionBlock>
  );
}

function StatusActions({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const show = useShowCustomer(customer.id);
  const [target, setTarget] = useState<CustomerStatus | null>(null);
  const [done, setDone] = useState<CustomerStatus | null>(null);
  const change = useMutation(
    trpc.customers.customers.setStatus.mutationOptions({
      meta: { invalidates: [trpc.customers.customers.list.pathKey()] },
      onSuccess: (c) => {
        setTarget(null);
        setDone(c.status);
        show(c);
      },
    }),
  );
  const targets = CUSTOMER_TRANSITIONS[customer.status];
  return (
    <ActionBlock title={t('customers.status_change.title')} data-testid="status-actions">
      {done && (
        <DoneNotice data-testid="status-changed">
          {t('customers.status_change.done', { status: t(`customers.status.${done}`) })}
        </DoneNotice>
      )}
      {targets.length === 0 ? (
        <p className="m-0 text-sm text-muted-foreground">{t('customers.status_change.none')}</p>
      ) : (
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          {targets.map((s) => (
            <Button
              key={s}
              variant="secondary"
              className={s === 'terminated' ? 'text-destructive' : undefined}
              onClick={() => {
                setDone(null);
                change.reset();
                setTarget(s);
              }}
            >
              {t(`customers.status_change.to.${s}`)}
            </Button>
          ))}
          <span className="text-xs text-muted-foreground">{t('customers.status_change.isolir_hint')}</span>
        </div>
      )}
      <MutationConfirm
        open={target !== null}
        mutation={change}
        onClose={() => setTarget(null)}
        danger={target === 'terminated'}
        title={target ? t(`customers.status_change.to.${target}`) : ''}
        description={target ? t(`customers.status_change.confirm.${target}`, { name: customer.name }) : undefined}
        confirmLabel={target ? t(`customers.status_change.to.${target}`) : ''}
        reasonLabel={t('common.reason')}
        onConfirm={(reason) => target && change.mutate({ id: customer.id, status: target, reason })}
      />
    </ActionBlock>
  );
}

function Anonymize({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const show = useShowCustomer(customer.id);
  const [confirming, setConfirming] = useState(false);
  const anonymize = useMutation(
    trpc.customers.customers.anonymize.mutationOptions({
      meta: { invalidates: [trpc.customers.customers.list.pathKey()] },
      onSuccess: (c) => {
        setConfirming(false);
        show(c);
      },
    }),
  );
  if (customer.anonymized_at) {
    return (
      <p className="m-0 text-sm text-muted-foreground" data-testid="anonymized-note">
        {t('customers.anonymize.done')}
      </p>
    );
  }
  return (
    <ActionBlock title={t('customers.anonymize.label')}>
      <p className="m-0 text-sm text-muted-foreground">{t('customers.anonymize.hint')}</p>
      <Button variant="secondary" className="justify-self-start text-destructive" onClick={() => setConfirming(true)}>
        {t('customers.anonymize.label')}
      </Button>
      <MutationConfirm
        open={confirming}
        mutation={anonymize}
        onClose={() => setConfirming(false)}
        danger
        title={t('customers.anonymize.label')}
        description={t('customers.anonymize.confirm', { name: customer.name })}
        confirmLabel={t('customers.anonymize.confirm_button')}
        busyLabel={t('customers.anonymize.running')}
        reasonLabel={t('common.reason')}
        onConfirm={(reason) => anonymize.mutate({ id: customer.id, reason })}
      />
    </ActionBlock>
  );
}

function EditCustomer({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const show = useShowCustomer(customer.id);
  const [initial, setInitial] = useState<CustomerFormValues>(() => customerFormValues(customer));
  const [saved, setSaved] = useState(false);
  const schema = useMemo(() => customerEditForm(customer.id, initial), [customer.id, initial]);
  const form = useZodForm(schema, { defaultValues: initial });
  const update = useMutation(
    trpc.customers.customers.update.mutationOptions({
      meta: { invalidates: [trpc.customers.customers.list.pathKey()] },
      onSuccess: (c) => {
        const next = customerFormValues(c);
        setInitial(next);
        form.reset(next);
        setSaved(true);
        show(c);
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(update.error));
  const values = useWatch({ control: form.control }) as CustomerFormValues;
  const dirty = Object.keys(customerChanges(initial, values)).length > 0;
  return (
    <Card titleId="edit-customer-title" title={t('customers.edit.title')}>
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
          {saved && !dirty && <DoneNotice data-testid="customer-saved">{t('customers.edit.saved')}</DoneNotice>}
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
        <DoneNotice data-testid="customer-created" onDismiss={() => setShowCreated(false)}>
          {customer.router_name ? t('customers.created_on_router', { name: customer.name, router: customer.router_name }) : t('customers.created', { name: customer.name })}
        </DoneNotice>
      )}
      <Facts customer={customer} />
      {(canManage || can('customers.secrets.reveal') || can('customers.customers.erase')) && (
        <Card titleId="customer-actions-title" title={t('customers.detail.actions')}>
          <CardContent className="grid gap-4">
            {can('customers.secrets.reveal') && !customer.anonymized_at && <PppoePassword customer={customer} />}
            {canManage && <StatusActions customer={customer} />}
            {can('customers.customers.erase') && customer.status === 'terminated' && <Anonymize customer={customer} />}
          </CardContent>
        </Card>
      )}
      {(can('isolir.history.read') || can('isolir.actions.execute')) && !customer.anonymized_at && <CustomerIsolirCard customer={customer} />}
      {can('notifications.messages.read') && <CustomerWaMessagesCard customerId={customer.id} />}
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
