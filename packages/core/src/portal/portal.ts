/**
 * What a signed-in subscriber sees and does, each in one customer-scoped transaction
 * (`inPortal`): their service, invoices and receipts, paying an open invoice through the
 * ISP's gateway, outages affecting them, their tickets, contact details and message
 * preferences. The modules' own functions do the work (billing, tickets, notifications);
 * Postgres's customer scope keeps every read and write to this subscriber's rows, so an
 * id of another customer's invoice or ticket is simply not found.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type {
  Invoice,
  PortalContactInput,
  PortalInvoice,
  PortalInvoiceDetail,
  PortalOutage,
  PortalReceipt,
  PortalService,
  PortalTicket,
  PortalTicketCreateInput,
  PortalTicketDetail,
  Ticket,
} from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { createPaymentLink } from '../billing/midtrans';
import { getInvoice, listInvoices } from '../billing/invoices';
import { listPayments } from '../billing/payments';
import type { NetworkServices } from '../network/services';
import { setReminderOptOut, setTicketUpdateOptOut } from '../notifications/messages';
import { addTicketComment, createTicket, getTicket, listTickets } from '../tickets/tickets';
import { inPortal } from './portal_auth';
import type { PortalScope } from './portal_auth';

/** Resolved outages stay on the subscriber's page this long after they end. */
const RESOLVED_OUTAGE_DAYS = 3;

export async function myService(scope: PortalScope): Promise<PortalService> {
  return inPortal(scope, async (tx) => {
    const [row] = await tx.sql<
      (Omit<PortalService, 'plan' | 'isolation' | 'company_name'> & {
        plan_name: string;
        download_kbps: number;
        upload_kbps: number;
        price: string | number;
        company_name: string;
      })[]
    >`
      SELECT c.code, c.name, c.phone, c.email, c.address, c.status, c.isolir_pending, c.wa_opt_out_reminders AS opt_out_reminders, c.wa_opt_out_ticket_updates AS opt_out_ticket_updates,
             p.name AS plan_name, p.download_kbps, p.upload_kbps, p.price,
             coalesce(s.company_name, t.name) AS company_name,
             (SELECT count(*)::int FROM tenant_invoices i WHERE i.customer_id = c.id AND i.status IN ('unpaid', 'overdue')) AS open_invoices,
             (SELECT coalesce(sum(i.total - i.paid_amount), 0)::bigint FROM tenant_invoices i WHERE i.customer_id = c.id AND i.status IN ('unpaid', 'overdue')) AS outstanding
      FROM tenant_customers c JOIN tenant_service_plans p ON p.id = c.plan_id
      JOIN saas_tenants t ON t.id = c.tenant_id LEFT JOIN tenant_settings s ON true
      WHERE c.id = ${scope.customerId}`;
    if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('customer_not_found') });
    const isolated = row.status === 'isolated' || row.isolir_pending;
    const [why] = isolated
      ? await tx.sql<{ reason: string | null; invoice_id: string | null; invoice_number: string | null; since: Date }[]>`
          SELECT e.reason, e.invoice_id, i.number AS invoice_number, e.created_at AS since
          FROM tenant_isolation_events e LEFT JOIN tenant_invoices i ON i.id = e.invoice_id
          WHERE e.customer_id = ${scope.customerId} AND e.action = 'isolate' ORDER BY e.created_at DESC LIMIT 1`
      : [];
    const { plan_name, download_kbps, upload_kbps, price, ...c } = row;
    return {
      ...c,
      outstanding: Number(c.outstanding),
      plan: { name: plan_name, download_kbps, upload_kbps, price: Number(price) },
      isolation: why ? { ...why, since: new Date(why.since) } : null,
    };
  });
}

const toPortalInvoice = (i: Invoice): PortalInvoice => ({
  id: i.id,
  number: i.number,
  period_start: i.period_start,
  period_end: i.period_end,
  subtotal: i.subtotal,
  discount: i.discount,
  tax: i.tax,
  total: i.total,
  paid_amount: i.paid_amount,
  outstanding: i.outstanding,
  status: i.status,
  issued_at: i.issued_at,
  due_date: i.due_date,
  paid_at: i.paid_at,
  lines: i.lines,
  credits: i.credits,
});

/** The subscriber's last 24 invoices (two years of monthly bills), newest first. */
export async function myInvoices(scope: PortalScope): Promise<PortalInvoice[]> {
  return inPortal(scope, async (tx) => {
    const page = await listInvoices(tx, { customer_id: scope.customerId, limit: 24 });
    return page.items.map(toPortalInvoice);
  });
}

async function receiptsOf(tx: TenantTx, customerId: string, invoiceId?: string): Promise<PortalReceipt[]> {
  const page = await listPayments(tx, { customer_id: customerId, ...(invoiceId ? { invoice_id: invoiceId } : {}), limit: 50 });
  return page.items.map((p) => ({
    id: p.id,
    invoice_id: p.invoice_id,
    invoice_number: p.invoice_number,
    amount: p.amount,
    method: p.method,
    receipt_number: p.receipt_number,
    paid_at: p.paid_at,
    status: p.status,
  }));
}

/** One invoice with its receipts (printable); another customer's id is NOT_FOUND (the customer scope). */
export async function myInvoice(scope: PortalScope, id: string): Promise<PortalInvoiceDetail> {
  return inPortal(scope, async (tx) => {
    const invoice = await getInvoice(tx, id);
    const [brand] = await tx.sql<{ company_name: string }[]>`
      SELECT coalesce(s.company_name, t.name) AS company_name FROM saas_tenants t LEFT JOIN tenant_settings s ON true WHERE t.id = app_current_tenant()`;
    return {
      ...toPortalInvoice(invoice),
      customer_code: invoice.customer_code,
      customer_name: invoice.customer_name,
      company_name: brand?.company_name ?? '',
      receipts: await receiptsOf(tx, scope.customerId, id),
    };
  });
}

export async function myReceipts(scope: PortalScope): Promise<PortalReceipt[]> {
  return inPortal(scope, (tx) => receiptsOf(tx, scope.customerId));
}

/** A payment link at the ISP's gateway for what is still owed on one of the subscriber's open invoices. */
export async function payInvoice(
  scope: PortalScope,
  services: NetworkServices,
  id: string,
  options: { snapBaseUrl?: string | undefined } = {},
): Promise<{ redirect_url: string; amount: number }> {
  return inPortal(scope, async (tx) => {
    const link = await createPaymentLink(tx, services, id, options.snapBaseUrl ? { snapBaseUrl: options.snapBaseUrl } : {});
    return { redirect_url: link.redirect_url, amount: link.amount };
  });
}

/** Outages affecting the subscriber: open (or suspected) ones, and those resolved in the last days. */
export async function myOutages(scope: PortalScope): Promise<PortalOutage[]> {
  return inPortal(scope, async (tx) => {
    const rows = await tx.sql<(Omit<PortalOutage, 'started_at' | 'expected_restoration_at' | 'resolved_at'> & { started_at: Date; expected_restoration_at: Date | null; resolved_at: Date | null })[]>`
      SELECT o.id, o.title, o.cause, o.status, n.name AS area, o.started_at, o.expected_restoration_at, o.resolved_at
      FROM tenant_outage_customers oc JOIN tenant_outages o ON o.id = oc.outage_id
      LEFT JOIN tenant_topology_nodes n ON n.id = o.node_id
      WHERE oc.customer_id = ${scope.customerId}
        AND (o.status IN ('open', 'suspected') OR (o.status = 'resolved' AND o.resolved_at > now() - make_interval(days => ${RESOLVED_OUTAGE_DAYS})))
      ORDER BY o.status = 'resolved', o.started_at DESC LIMIT 20`;
    return rows.map((o) => ({
      ...o,
      started_at: new Date(o.started_at),
      expected_restoration_at: o.expected_restoration_at ? new Date(o.expected_restoration_at) : null,
      resolved_at: o.resolved_at ? new Date(o.resolved_at) : null,
    }));
  });
}

const toPortalTicket = (t: Ticket): PortalTicket => ({
  id: t.id,
  number: t.number,
  subject: t.subject,
  description: t.description,
  category: t.category,
  status: t.status,
  outage_title: t.outage_title,
  created_at: t.created_at,
  updated_at: t.updated_at,
  resolved_at: t.resolved_at,
});

export async function myTickets(scope: PortalScope): Promise<PortalTicket[]> {
  return inPortal(scope, async (tx) => {
    const page = await listTickets(tx, null, { scope: 'all', customer_id: scope.customerId, limit: 50 });
    return page.items.map(toPortalTicket);
  });
}

async function ticketDetail(tx: TenantTx, id: string): Promise<PortalTicketDetail> {
  const t = await getTicket(tx, id);
  // internal comments never reach this list: the customer scope hides them in Postgres
  return { ...toPortalTicket(t), comments: t.comments.map((c) => ({ id: c.id, body: c.body, from_customer: c.from_customer, created_at: c.created_at })) };
}

export async function myTicket(scope: PortalScope, id: string): Promise<PortalTicketDetail> {
  return inPortal(scope, (tx) => ticketDetail(tx, id));
}

/** A ticket from the portal (source 'portal'), linked to the open outage affecting the subscriber if any. */
export async function openTicket(scope: PortalScope, input: PortalTicketCreateInput): Promise<PortalTicketDetail> {
  return inPortal(scope, async (tx) => {
    const t = await createTicket(tx, null, { customer_id: scope.customerId, subject: input.subject, description: input.description ?? null, category: input.category, priority: 'normal' }, 'portal');
    return ticketDetail(tx, t.id);
  });
}

/** The subscriber's reply on their ticket (always visible to staff and to them). */
export async function commentOnTicket(scope: PortalScope, input: { id: string; body: string }): Promise<PortalTicketDetail> {
  return inPortal(scope, async (tx) => {
    await addTicketComment(tx, null, { id: input.id, body: input.body, visibility: 'visible' }, true);
    return ticketDetail(tx, input.id);
  });
}

/** E-mail and address; the phone number changes only through a code sent to the new number. */
export async function updateContact(scope: PortalScope, input: PortalContactInput): Promise<PortalService> {
  await inPortal(scope, (tx) => tx.sql`UPDATE tenant_customers SET email = ${input.email}, address = ${input.address}, updated_at = now() WHERE id = ${scope.customerId}`);
  return myService(scope);
}

export async function setPreferences(scope: PortalScope, input: { opt_out_reminders?: boolean | undefined; opt_out_ticket_updates?: boolean | undefined }): Promise<PortalService> {
  await inPortal(scope, async (tx) => {
    if (input.opt_out_reminders !== undefined) await setReminderOptOut(tx, scope.customerId, input.opt_out_reminders);
    if (input.opt_out_ticket_updates !== undefined) await setTicketUpdateOptOut(tx, scope.customerId, input.opt_out_ticket_updates);
  });
  return myService(scope);
}
