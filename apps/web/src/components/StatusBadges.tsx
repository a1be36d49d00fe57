'use client';
/** Status badges shared by the network, customer, billing and isolir pages. */
import type { CustomerStatus, InvoiceStatus, IsolationEvent, Payment } from '@rrnet/contracts';
import { useTranslations } from 'next-intl';

type RouterStatus = 'online' | 'offline' | 'unknown';

const ROUTER_BADGE: Record<RouterStatus, string> = { online: 'badge ok', offline: 'badge down', unknown: 'badge neutral' };
const CUSTOMER_BADGE: Record<CustomerStatus, string> = {
  active: 'badge ok',
  isolated: 'badge down',
  suspended: 'badge warn',
  terminated: 'badge neutral',
};

const INVOICE_BADGE: Record<InvoiceStatus, string> = { unpaid: 'badge warn', overdue: 'badge down', paid: 'badge ok', void: 'badge neutral' };
const PAYMENT_BADGE: Record<Payment['status'], string> = { completed: 'badge ok', voided: 'badge neutral' };
const ISOLATION_BADGE: Record<IsolationEvent['status'], string> = { pending: 'badge warn', applied: 'badge ok', failed: 'badge down' };

export function RouterStatusBadge({ status }: { status: RouterStatus }) {
  const t = useTranslations();
  return (
    <span className={ROUTER_BADGE[status]} data-testid="router-status" data-status={status}>
      {t(`routers.status.${status}`)}
    </span>
  );
}

export function CustomerStatusBadge({ status }: { status: CustomerStatus }) {
  const t = useTranslations();
  return (
    <span className={CUSTOMER_BADGE[status]} data-testid="customer-status" data-status={status}>
      {t(`customers.status.${status}`)}
    </span>
  );
}

/** "Isolir pending": the router could not (yet) be changed; the customer is still active. */
export function IsolirPendingBadge() {
  const t = useTranslations();
  return (
    <span className="badge warn inline" data-testid="isolir-pending" title={t('customers.isolir_pending_hint')}>
      {t('customers.isolir_pending')}
    </span>
  );
}

export function InvoiceStatusBadge({ status }: { status: InvoiceStatus }) {
  const t = useTranslations();
  return (
    <span className={INVOICE_BADGE[status]} data-testid="invoice-status" data-status={status}>
      {t(`invoices.status.${status}`)}
    </span>
  );
}

export function PaymentStatusBadge({ status }: { status: Payment['status'] }) {
  const t = useTranslations();
  return (
    <span className={PAYMENT_BADGE[status]} data-testid="payment-status" data-status={status}>
      {t(`payments.status.${status}`)}
    </span>
  );
}

export function IsolationStatusBadge({ status }: { status: IsolationEvent['status'] }) {
  const t = useTranslations();
  return (
    <span className={ISOLATION_BADGE[status]} data-testid="isolation-status" data-status={status}>
      {t(`isolir.status.${status}`)}
    </span>
  );
}
