'use client';
/**
 * A table of payments (the payments page, an invoice's payments) with "Void" on
 * completed ones for billing.payments.void: a reason is required and kept in the audit
 * trail; the invoice reopens. Who collected a payment is named when the user list is
 * readable (admin.users.read); otherwise "you" or "staff".
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Fragment, useState } from 'react';
import { formatDateTime, formatIdr } from '@rrnet/contracts';
import type { Payment } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ConfirmPanel } from './ConfirmPanel';
import { ErrorNotice } from './ErrorNotice';
import { PaymentStatusBadge } from './StatusBadges';

function useCollectorName() {
  const t = useTranslations();
  const trpc = useTRPC();
  const user = useSessionUser();
  const users = useQuery({ ...trpc.admin.users.list.queryOptions(), enabled: user.can('admin.users.read'), retry: retryUnlessRefused, staleTime: 300_000 });
  return (payment: Payment): string => {
    if (payment.method === 'gateway') return payment.gateway ?? t('payments.method.gateway');
    if (!payment.collected_by) return '—';
    if (payment.collected_by === user.user_id) return t('payments.collected_by_you');
    return users.data?.find((u) => u.user_id === payment.collected_by)?.name ?? t('payments.collected_by_staff');
  };
}

function VoidPayment({ payment, onDone }: { payment: Payment; onDone: (message: string | null) => void }) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const voidPayment = useMutation(
    trpc.billing.payments.void.mutationOptions({
      onSuccess: async (p) => {
        onDone(t('payments.void.done', { receipt: p.receipt_number }));
        await queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
      },
    }),
  );
  return (
    <>
      <ConfirmPanel
        danger
        withReason
        question={t('payments.void.confirm', { amount: formatIdr(payment.amount, locale), receipt: payment.receipt_number, invoice: payment.invoice_number })}
        confirmLabel={t('payments.void.confirm_button')}
        busyLabel={t('common.saving')}
        busy={voidPayment.isPending}
        errors={fieldErrorsOf(voidPayment.error)}
        onConfirm={(reason) => voidPayment.mutate({ id: payment.id, reason })}
        onCancel={() => onDone(null)}
      />
      {voidPayment.error && !fieldErrorsOf(voidPayment.error).reason && <ErrorNotice error={voidPayment.error} />}
    </>
  );
}

export function PaymentsTable({ payments, showInvoice = true }: { payments: readonly Payment[]; showInvoice?: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const { can } = useSessionUser();
  const collector = useCollectorName();
  const canVoid = can('billing.payments.void');
  const [voiding, setVoiding] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const columns = 7 + (showInvoice ? 2 : 0) + (canVoid ? 1 : 0);
  return (
    <>
      {notice && (
        <p className="alert ok" role="status" data-testid="payment-voided">
          {notice}
        </p>
      )}
      <div className="table-wrap">
        <table className="table" data-testid="payments">
          <thead>
            <tr>
              <th scope="col">{t('payments.paid_at')}</th>
              <th scope="col">{t('payments.receipt')}</th>
              {showInvoice && <th scope="col">{t('payments.invoice')}</th>}
              {showInvoice && <th scope="col">{t('payments.customer')}</th>}
              <th scope="col">{t('payments.method.label')}</th>
              <th scope="col" className="num">
                {t('payments.amount')}
              </th>
              <th scope="col">{t('payments.collected_by')}</th>
              <th scope="col">{t('payments.status.label')}</th>
              <th scope="col">{t('payments.note')}</th>
              {canVoid && (
                <th scope="col">
                  <span className="sr-only">{t('users.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {payments.map((p) => (
              <Fragment key={p.id}>
                <tr data-testid="payment-row" data-id={p.id} data-receipt={p.receipt_number} data-status={p.status} className={voiding === p.id ? 'selected' : undefined}>
                  <td className="nowrap">{formatDateTime(p.paid_at, locale)}</td>
                  <td>
                    <code>{p.receipt_number}</code>
                  </td>
                  {showInvoice && (
                    <td className="nowrap">
                      <Link href={`/billing/invoices/${p.invoice_id}`}>
                        <code>{p.invoice_number}</code>
                      </Link>
                    </td>
                  )}
                  {showInvoice && (
                    <td>
                      <Link href={`/customers/${p.customer_id}`}>{p.customer_name}</Link>
                    </td>
                  )}
                  <td className="nowrap">{t(`payments.method.${p.method}`)}</td>
                  <td className="num nowrap">{formatIdr(p.amount, locale)}</td>
                  <td>{collector(p)}</td>
                  <td>
                    <PaymentStatusBadge status={p.status} />
                  </td>
                  <td className="small">
                    {p.void_reason ? (
                      <span title={p.voided_at ? formatDateTime(p.voided_at, locale) : undefined}>{p.void_reason}</span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  {canVoid && (
                    <td className="cell-actions">
                      {p.status === 'completed' && voiding !== p.id && (
                        <button
                          type="button"
                          className="button secondary small danger-text"
                          aria-label={t('payments.void_for', { receipt: p.receipt_number })}
                          onClick={() => {
                            setNotice(null);
                            setVoiding(p.id);
                          }}
                        >
                          {t('payments.void.label')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
                {voiding === p.id && (
                  <tr className="row-confirm">
                    <td colSpan={columns}>
                      <VoidPayment
                        payment={p}
                        onDone={(message) => {
                          setVoiding(null);
                          setNotice(message);
                        }}
                      />
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
