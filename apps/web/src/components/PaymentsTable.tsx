'use client';
/**
 * A table of payments (the payments page, an invoice's payments) with "Void" on
 * completed ones for billing.payments.void: a dialog asks for the reason (kept in the
 * audit trail); the invoice reopens. Who collected a payment is named when the user list
 * is readable (admin.users.read); otherwise "you" or "staff".
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Payment } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { MutationConfirm } from './MutationConfirm';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef, DataTablePages } from '@rrnet/ui/DataTable';
import { CellLines } from '@rrnet/ui/CellLines';
import { StatusCell } from '@rrnet/ui/StatusCell';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { PaymentStatusBadge } from './StatusBadges';
import { DoneNotice } from './DoneNotice';

function useCollectorName() {
  const t = useTranslations('payments');
  const trpc = useTRPC();
  const user = useSessionUser();
  const users = useQuery({ ...trpc.admin.users.list.queryOptions(), enabled: user.can('admin.users.read'), retry: retryUnlessRefused, staleTime: 300_000 });
  return (payment: Payment): string => {
    if (payment.method === 'gateway') return payment.gateway ?? t('method.gateway');
    if (!payment.collected_by) return '—';
    if (payment.collected_by === user.user_id) return t('collected_by_you');
    return users.data?.find((u) => u.user_id === payment.collected_by)?.name ?? t('collected_by_staff');
  };
}

function VoidPayment({ payment, onClose }: { payment: Payment | null; onClose: (message: string | null) => void }) {
  const t = useTranslations('payments');
  const tc = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const voidPayment = useMutation(
    trpc.billing.payments.void.mutationOptions({ meta: { invalidates: [trpc.billing.pathKey()] }, onSuccess: (p) => onClose(t('void.done', { receipt: p.receipt_number })) }),
  );
  return (
    <MutationConfirm
      open={payment !== null}
      mutation={voidPayment}
      onClose={() => onClose(null)}
      danger
      title={payment ? t('void_for', { receipt: payment.receipt_number }) : ''}
      description={payment ? t('void.confirm', { amount: format.number(payment.amount, 'idr'), receipt: payment.receipt_number, invoice: payment.invoice_number }) : null}
      confirmLabel={t('void.confirm_button')}
      reasonLabel={tc('reason')}
      onConfirm={(reason) => payment && voidPayment.mutate({ id: payment.id, reason })}
    />
  );
}

function usePaymentColumns({ showInvoice, onVoid }: { showInvoice: boolean; onVoid: ((payment: Payment) => void) | null }): ColumnDef<Payment>[] {
  const t = useTranslations('payments');
  const tu = useTranslations('users');
  const format = useFormatter();
  const collector = useCollectorName();
  const at = (value: Date | string) => format.dateTime(new Date(value), 'datetime');
  const columns: (ColumnDef<Payment> | false)[] = [
    { id: 'paid_at', header: t('paid_at'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => at(row.original.paid_at) },
    { id: 'receipt', header: t('receipt'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => <code>{row.original.receipt_number}</code> },
    showInvoice && {
      id: 'invoice',
      header: t('invoice'),
      cell: ({ row: { original: p } }) => (
        <div className="grid justify-items-end sm:justify-items-start">
          <Link href={`/billing/invoices/${p.invoice_id}`} className="whitespace-nowrap text-primary hover:underline">
            <code>{p.invoice_number}</code>
          </Link>
          <Link href={`/customers/${p.customer_id}`} className="text-xs text-muted-foreground hover:underline">
            {p.customer_name}
          </Link>
        </div>
      ),
    },
    {
      id: 'method',
      header: t('method.label'),
      cell: ({ row: { original: p } }) => <CellLines main={t(`method.${p.method}`)} mainClassName="whitespace-nowrap" sub={collector(p)} subProps={{ title: t('collected_by') }} />,
    },
    { id: 'amount', header: t('amount'), meta: { numeric: true, className: 'whitespace-nowrap' }, cell: ({ row }) => format.number(row.original.amount, 'idr') },
    {
      id: 'status',
      header: t('status.label'),
      cell: ({ row: { original: p } }) => <StatusCell badge={<PaymentStatusBadge status={p.status} />} note={p.void_reason} tone="muted" noteTitle={p.voided_at ? at(p.voided_at) : undefined} />,
    },
    onVoid !== null && actionsColumn(tu('actions'), (p) =>
      p.status === 'completed' && (
        <Button variant="secondary" size="sm" className="text-destructive" aria-label={t('void_for', { receipt: p.receipt_number })} onClick={() => onVoid(p)}>
          {t('void.label')}
        </Button>
      )),
  ];
  return columns.filter((c): c is ColumnDef<Payment> => c !== false);
}

export function PaymentsTable({
  payments,
  showInvoice = true,
  status,
  pages,
  loadMoreLabel,
  empty,
}: {
  payments: readonly Payment[] | undefined;
  showInvoice?: boolean;
  /** shown when there are none (default: "no payments yet") */
  empty?: string;
  status?: { isPending: boolean; isError: boolean };
  pages?: DataTablePages;
  loadMoreLabel?: string;
}) {
  const t = useTranslations('payments');
  const { can } = useSessionUser();
  const [voiding, setVoiding] = useState<Payment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const columns = usePaymentColumns({
    showInvoice,
    onVoid: can('billing.payments.void')
      ? (p) => {
          setNotice(null);
          setVoiding(p);
        }
      : null,
  });
  return (
    <div className="grid min-w-0 gap-3">
      <DoneNotice data-testid="payment-voided">{notice}</DoneNotice>
      <DataTable
        testId="payments"
        columns={columns}
        data={payments}
        status={status}
        empty={empty ?? t('empty')}
        rowProps={(p) => ({ 'data-testid': 'payment-row', 'data-id': p.id, 'data-receipt': p.receipt_number, 'data-status': p.status })}
        pages={pages}
        loadMoreLabel={loadMoreLabel}
        loadMoreTestId="payments-load-more"
      />
      <VoidPayment
        key={voiding?.id ?? 'none'}
        payment={voiding}
        onClose={(message) => {
          setVoiding(null);
          setNotice(message);
        }}
      />
    </div>
  );
}
