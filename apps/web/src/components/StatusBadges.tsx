'use client';
/** Status badges shared by the network, customer, billing and isolir pages: a tone per status, the translated label. */
import { useTranslations } from 'next-intl';
import type { CustomerStatus, InvoiceStatus, IsolationEvent, Payment } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { StatusBadge } from '@rrnet/ui/StatusBadge';

type RouterStatus = 'online' | 'offline' | 'unknown';

const ROUTER: Record<RouterStatus, BadgeTone> = { online: 'success', offline: 'danger', unknown: 'neutral' };
const CUSTOMER: Record<CustomerStatus, BadgeTone> = { active: 'success', isolated: 'danger', suspended: 'warning', terminated: 'neutral' };
const INVOICE: Record<InvoiceStatus, BadgeTone> = { unpaid: 'warning', overdue: 'danger', paid: 'success', void: 'neutral' };
const PAYMENT: Record<Payment['status'], BadgeTone> = { completed: 'success', voided: 'neutral' };
const ISOLATION: Record<IsolationEvent['status'], BadgeTone> = { pending: 'warning', applied: 'success', failed: 'danger' };

export function RouterStatusBadge({ status }: { status: RouterStatus }) {
  const t = useTranslations('routers.status');
  return <StatusBadge status={status} tones={ROUTER} label={t(status)} data-testid="router-status" />;
}

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  const t = useTranslations('customers.status');
  return <StatusBadge status={status} tones={CUSTOMER} label={t(status)} data-testid="customer-status" />;
}

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const t = useTranslations('invoices.status');
  return <StatusBadge status={status} tones={INVOICE} label={t(status)} data-testid="invoice-status" />;
}

export function PaymentStatusBadge({ status }: { status: Payment['status'] }) {
  const t = useTranslations('payments.status');
  return <StatusBadge status={status} tones={PAYMENT} label={t(status)} data-testid="payment-status" />;
}

export function IsolationStatusBadge({ status }: { status: IsolationEvent['status'] }) {
  const t = useTranslations('isolir.status');
  return <StatusBadge status={status} tones={ISOLATION} label={t(status)} data-testid="isolation-status" />;
}

/** "Isolir pending": the router could not (yet) be changed; the customer is still active. */
export function IsolirPendingBadge() {
  const t = useTranslations('customers');
  return (
    <Badge tone="warning" data-testid="isolir-pending" title={t('isolir_pending_hint')}>
      {t('isolir_pending')}
    </Badge>
  );
}
