/** billing: invoices (list, void, billing run, payment links), payments, arrears, summary, gateway. */
import { z } from 'zod';
import {
  arrearsSchema,
  billingRunInput,
  billingRunResultSchema,
  billingSummarySchema,
  idInput,
  invoiceListInput,
  invoicePageSchema,
  invoiceSchema,
  invoiceVoidInput,
  midtransKeyInput,
  paymentGatewaySelectInput,
  paymentGatewayStatusSchema,
  paymentLinkSchema,
  xenditKeysInput,
  paymentListInput,
  paymentRecordInput,
  paymentPageSchema,
  paymentSchema,
  paymentVoidInput,
  saasInvoiceListInput,
  saasInvoiceSchema,
  saasPaymentLinkInput,
  saasPaymentLinkSchema,
  subscriptionStartSchema,
  subscriptionSummarySchema,
} from '@rrnet/contracts';
import { localDay, runBillingCycle } from '@rrnet/core/billing/cycle';
import { billingSummary, getInvoice, listArrears, listInvoices, voidInvoice } from '@rrnet/core/billing/invoices';
import { setMidtransKey } from '@rrnet/core/billing/midtrans';
import { createPaymentLink, paymentGatewayStatus, selectPaymentGateway } from '@rrnet/core/billing/payment_gateway';
import { setXenditKeys } from '@rrnet/core/billing/xendit';
import { listPayments, recordPayment, voidPayment } from '@rrnet/core/billing/payments';
import { registerIsolirHooks } from '@rrnet/core/isolir/isolir';
import { listTenantSaasInvoices, startPaidSubscription } from '@rrnet/core/saas/saas_invoices';
import { createSaasPaymentLink } from '@rrnet/core/saas/saas_payments';
import { subscriptionSummary } from '@rrnet/core/saas/saas_platform';
import { createTRPCRouter, tenantProcedure } from '../procedures';

// payments and voids announce settlements; isolir's restore must be listening in every process that serves them
registerIsolirHooks();

const noInput = z.strictObject({}).optional();
/** Where the ISP pastes RRNet's notification URLs in the gateways' dashboards. */
const callbackUrls = (publicUrl: string | undefined, slug: string) => {
  const base = `${(publicUrl ?? '').replace(/\/+$/, '')}/api/v1/billing/webhooks`;
  return { midtrans: `${base}/midtrans/${slug}`, xendit: `${base}/xendit/${slug}` };
};
const tags = ['billing'];

export const billingRouter = createTRPCRouter({
  subscription: tenantProcedure
    .meta({ permission: 'admin.subscription.read', openapi: { method: 'GET', path: '/billing/subscription', tags, summary: 'The ISP\'s RRNet plan and usage', description: 'The ISP\'s current RRNet plan and subscription status, its usage this month (routers, customers, users, WhatsApp messages) against the plan\'s limits, and a downgrade scheduled for the next month if any.' } })
    .input(noInput)
    .output(subscriptionSummarySchema)
    .query(({ ctx }) => subscriptionSummary(ctx.tx, ctx.tenant.tenant_id)),
  startSubscription: tenantProcedure
    .meta({ permission: 'admin.subscription.manage', errors: ['NOT_FOUND'], openapi: { method: 'POST', path: '/billing/subscription/start', tags, summary: 'End the trial and start paying', description: 'The ISP\'s owner ends its trial early: the subscription becomes a paying one on the same plan from today, and this month\'s SaaS invoice (prorated from today, with tax) is issued at once, to be paid online or by transfer. The monthly run then skips the month; next month is billed as usual. A subscription not on trial is 409. Audited.' } })
    .input(noInput)
    .output(subscriptionStartSchema)
    .mutation(({ ctx }) => startPaidSubscription(ctx.services.systemSql, ctx.services.redis, ctx.tenant.tenant_id, { userId: ctx.principal.userId, requestId: ctx.requestId })),
  saasInvoices: createTRPCRouter({
    paymentLink: tenantProcedure
      .meta({ permission: 'admin.subscription.manage', payingRrnet: true, errors: ['SERVICE_UNAVAILABLE'], openapi: { method: 'POST', path: '/billing/saas-invoices/{id}/payment-link', tags, summary: 'Pay a SaaS invoice online', description: 'A Midtrans Snap payment for an open SaaS invoice\'s total through RRNet\'s own merchant account; send the payer to `redirect_url`, and Midtrans brings them back to the subscription page. The invoice becomes paid when RRNet receives Midtrans\'s notification. Allowed while the ISP is suspended for unpaid RRNet invoices. An invoice not open, or online payment not available, is 409; Midtrans not answering is 503.' } })
      .input(saasPaymentLinkInput)
      .output(saasPaymentLinkSchema)
      .mutation(({ ctx, input }) =>
        createSaasPaymentLink(ctx.tx, ctx.services.platformMidtrans ?? null, input.id, {
          finishUrl: ctx.services.publicUrl ? `${ctx.services.publicUrl.replace(/\/+$/, '')}/billing/subscription?invoice=${input.id}` : undefined,
        }),
      ),
    list: tenantProcedure
      .meta({ permission: 'admin.subscription.read', openapi: { method: 'GET', path: '/billing/saas-invoices', tags, summary: 'List the ISP\'s SaaS invoices', description: 'RRNet\'s own invoices to this ISP (monthly, per subscription), newest first, with their lines (plan, proration, tax), total, due date and payment. Filterable by status. No plan feature needed: an ISP can always see what it owes.' } })
      .input(saasInvoiceListInput)
      .output(z.array(saasInvoiceSchema))
      .query(({ ctx, input }) => listTenantSaasInvoices(ctx.tx, input)),
  }),
  invoices: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'billing.invoices.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/invoices', tags, summary: 'List invoices', description: 'A page of invoices, newest first, filterable by status, customer and billing month (`period`, YYYY-MM); pass `next_cursor` back as `cursor` for the next page.' } })
      .input(invoiceListInput)
      .output(invoicePageSchema)
      .query(({ ctx, input }) => listInvoices(ctx.tx, input)),
    get: tenantProcedure
      .meta({ permission: 'billing.invoices.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/invoices/{id}', tags, summary: 'Get an invoice', description: 'One invoice: its lines (a stretch of the period on one plan each), subtotal, discount, tax, total, amount paid and outstanding, status and due date.' } })
      .input(idInput)
      .output(invoiceSchema)
      .query(({ ctx, input }) => getInvoice(ctx.tx, input.id)),
    void: tenantProcedure
      .meta({ permission: 'billing.invoices.manage', feature: 'billing', openapi: { method: 'POST', path: '/billing/invoices/{id}/void', tags, summary: 'Void an invoice', description: 'Cancels an unpaid or overdue invoice with a reason (audited); an invoice with payments, paid or already void is 409. A customer isolated over it is restored when nothing else is overdue.' } })
      .input(invoiceVoidInput)
      .output(invoiceSchema)
      .mutation(({ ctx, input }) => voidInvoice(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    run: tenantProcedure
      .meta({ permission: 'billing.invoices.manage', feature: 'billing', openapi: { method: 'POST', path: '/billing/runs', tags, summary: 'Run billing for a day', description: 'Issues the invoices due on `day` (default today in the ISP\'s timezone) to active and isolated customers whose billing day it is, for the month before it. Safe to repeat: customers already invoiced for that period are skipped. Returns how many were created.' } })
      .input(billingRunInput)
      .output(billingRunResultSchema)
      .mutation(({ ctx, input }) => runBillingCycle(ctx.tx, ctx.tenant.tenant_id, input.day ?? localDay(ctx.tenant.timezone))),
    paymentLink: tenantProcedure
      .meta({ permission: 'billing.invoices.manage', feature: 'payment_gateway', openapi: { method: 'POST', path: '/billing/invoices/{id}/payment-link', tags, summary: 'Create a payment link', description: 'Opens a payment for the invoice\'s outstanding amount with the ISP\'s gateway — a Midtrans Snap transaction (`token` is the Snap token) or a Xendit invoice (`token` is the Xendit invoice id) — and returns the URL to send the customer. An invoice not open, or the gateway\'s keys not set or refused, is 409; the gateway not answering is 503.' } })
      .input(idInput)
      .output(paymentLinkSchema)
      .mutation(({ ctx, input }) =>
        createPaymentLink(ctx.tx, ctx.services.network, input.id, {
          snapBaseUrl: ctx.services.midtransSnapUrl ?? undefined,
          xenditBaseUrl: ctx.services.xenditApiUrl ?? undefined,
          ...(ctx.services.publicUrl ? { successRedirectUrl: `${ctx.services.publicUrl.replace(/\/+$/, '')}/billing/invoices/${input.id}` } : {}),
        }),
      ),
  }),

  payments: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'billing.payments.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/payments', tags, summary: 'List payments', description: 'A page of recorded payments, newest first, filterable by customer or invoice; pass `next_cursor` back as `cursor`.' } })
      .input(paymentListInput)
      .output(paymentPageSchema)
      .query(({ ctx, input }) => listPayments(ctx.tx, input)),
    record: tenantProcedure
      .meta({ permission: 'billing.payments.record', feature: 'billing', errors: ['NOT_FOUND'], openapi: { method: 'POST', path: '/billing/payments', tags, summary: 'Record a payment', description: 'Records a cash or bank-transfer payment against an unpaid or overdue invoice, at most the amount outstanding (400 otherwise); a receipt number is generated when left out. A settled invoice restores an isolated customer. An invoice not open, or a receipt number already recorded, is 409.' } })
      .input(paymentRecordInput)
      .output(paymentSchema)
      .mutation(({ ctx, input }) => recordPayment(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.userId)),
    void: tenantProcedure
      .meta({ permission: 'billing.payments.void', feature: 'billing', openapi: { method: 'POST', path: '/billing/payments/{id}/void', tags, summary: 'Void a payment', description: 'Reverses a recorded payment with a reason; the invoice is owed again. An already voided payment, or one on a void invoice, is 409.' } })
      .input(paymentVoidInput)
      .output(paymentSchema)
      .mutation(({ ctx, input }) => voidPayment(ctx.tx, input, ctx.tenant.timezone)),
  }),

  arrears: tenantProcedure
    .meta({ permission: 'billing.invoices.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/arrears', tags, summary: 'List customers in arrears', description: 'Customers with unpaid or overdue invoices (at most 500, oldest debt first): open invoices, amount outstanding, oldest due date, days overdue in the ISP\'s timezone, and whether an isolation is pending.' } })
    .input(noInput)
    .output(z.array(arrearsSchema))
    .query(({ ctx }) => listArrears(ctx.tx, ctx.tenant.timezone)),
  summary: tenantProcedure
    .meta({ permission: 'billing.invoices.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/summary', tags, summary: 'Billing summary for this month', description: 'Revenue, amount invoiced and collection rate of the current month, overdue count and amount, isolated and pending-isolation customers, and revenue per day, for the dashboard.' } })
    .input(noInput)
    .output(billingSummarySchema)
    .query(({ ctx }) => billingSummary(ctx.tx, ctx.tenant.timezone)),

  gateway: createTRPCRouter({
    get: tenantProcedure
      .meta({ permission: 'admin.settings.read', feature: 'payment_gateway', errors: ['NOT_FOUND'], openapi: { method: 'GET', path: '/billing/gateway', tags, summary: 'The ISP\'s payment gateway', description: 'Which gateway makes the ISP\'s payment links (Midtrans or Xendit) and whether each has its keys set; the keys are never returned.' } })
      .input(noInput)
      .output(paymentGatewayStatusSchema)
      .query(async ({ ctx }) => ({ ...(await paymentGatewayStatus(ctx.tx)), callback_urls: callbackUrls(ctx.services.publicUrl, ctx.tenant.slug) })),
    select: tenantProcedure
      .meta({ permission: 'admin.settings.manage', feature: 'payment_gateway', errors: ['NOT_FOUND'], openapi: { method: 'PUT', path: '/billing/gateway', tags, summary: 'Choose the payment gateway', description: 'Chooses the gateway of new payment links, for staff and the subscriber portal alike (audited). A gateway whose keys are not set is 409. Notifications of the other gateway are still applied.' } })
      .input(paymentGatewaySelectInput)
      .output(paymentGatewayStatusSchema)
      .mutation(async ({ ctx, input }) => ({ ...(await selectPaymentGateway(ctx.tx, input.gateway)), callback_urls: callbackUrls(ctx.services.publicUrl, ctx.tenant.slug) })),
    setXenditKeys: tenantProcedure
      .meta({ permission: 'admin.settings.manage', feature: 'payment_gateway', openapi: { method: 'PUT', path: '/billing/gateway/xendit', tags, summary: 'Set the Xendit keys', description: 'Stores the ISP\'s Xendit secret API key and callback verification token encrypted; payment links use the key, callbacks to /api/v1/billing/webhooks/xendit/{isp} must carry the token in x-callback-token.' } })
      .input(xenditKeysInput)
      .output(z.object({ configured: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        await setXenditKeys(ctx.tx, ctx.services.network, input);
        return { configured: true };
      }),
    setMidtransKey: tenantProcedure
      .meta({ permission: 'admin.settings.manage', feature: 'payment_gateway', openapi: { method: 'PUT', path: '/billing/gateway/midtrans', tags, summary: 'Set the Midtrans server key', description: 'Stores the ISP\'s Midtrans server key encrypted, for sandbox or production; payment links and notification signatures use it.' } })
      .input(midtransKeyInput)
      .output(z.object({ configured: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        await setMidtransKey(ctx.tx, ctx.services.network, input);
        return { configured: true };
      }),
  }),
});
