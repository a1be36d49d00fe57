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
  paymentListInput,
  paymentRecordInput,
  paymentPageSchema,
  paymentSchema,
  paymentVoidInput,
  text,
} from '@rrnet/contracts';
import { localDay, runBillingCycle } from '@rrnet/core/billing/cycle';
import { billingSummary, getInvoice, listArrears, listInvoices, voidInvoice } from '@rrnet/core/billing/invoices';
import { createPaymentLink, setMidtransKey } from '@rrnet/core/billing/midtrans';
import { listPayments, recordPayment, voidPayment } from '@rrnet/core/billing/payments';
import { registerIsolirHooks } from '@rrnet/core/isolir/isolir';
import { createTRPCRouter, tenantProcedure } from '../procedures';

// payments and voids announce settlements; isolir's restore must be listening in every process that serves them
registerIsolirHooks();

const noInput = z.strictObject({}).optional();
const tags = ['billing'];

export const billingRouter = createTRPCRouter({
  invoices: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'billing.invoices.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/invoices', tags } })
      .input(invoiceListInput)
      .output(invoicePageSchema)
      .query(({ ctx, input }) => listInvoices(ctx.tx, input)),
    get: tenantProcedure
      .meta({ permission: 'billing.invoices.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/invoices/{id}', tags } })
      .input(idInput)
      .output(invoiceSchema)
      .query(({ ctx, input }) => getInvoice(ctx.tx, input.id)),
    void: tenantProcedure
      .meta({ permission: 'billing.invoices.manage', feature: 'billing', openapi: { method: 'POST', path: '/billing/invoices/{id}/void', tags } })
      .input(invoiceVoidInput)
      .output(invoiceSchema)
      .mutation(({ ctx, input }) => voidInvoice(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input)),
    run: tenantProcedure
      .meta({ permission: 'billing.invoices.manage', feature: 'billing', openapi: { method: 'POST', path: '/billing/runs', tags } })
      .input(billingRunInput)
      .output(billingRunResultSchema)
      .mutation(({ ctx, input }) => runBillingCycle(ctx.tx, ctx.tenant.tenant_id, input.day ?? localDay(ctx.tenant.timezone))),
    paymentLink: tenantProcedure
      .meta({ permission: 'billing.invoices.manage', feature: 'payment_gateway', openapi: { method: 'POST', path: '/billing/invoices/{id}/payment-link', tags } })
      .input(idInput)
      .output(z.object({ order_id: z.string(), token: z.string(), redirect_url: z.string(), amount: z.number().int() }))
      .mutation(({ ctx, input }) => createPaymentLink(ctx.tx, ctx.services.network, input.id, { snapBaseUrl: ctx.services.midtransSnapUrl ?? undefined })),
  }),

  payments: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'billing.payments.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/payments', tags } })
      .input(paymentListInput)
      .output(paymentPageSchema)
      .query(({ ctx, input }) => listPayments(ctx.tx, input)),
    record: tenantProcedure
      .meta({ permission: 'billing.payments.record', feature: 'billing', openapi: { method: 'POST', path: '/billing/payments', tags } })
      .input(paymentRecordInput)
      .output(paymentSchema)
      .mutation(({ ctx, input }) => recordPayment(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.userId)),
    void: tenantProcedure
      .meta({ permission: 'billing.payments.void', feature: 'billing', openapi: { method: 'POST', path: '/billing/payments/{id}/void', tags } })
      .input(paymentVoidInput)
      .output(paymentSchema)
      .mutation(({ ctx, input }) => voidPayment(ctx.tx, input, ctx.tenant.timezone)),
  }),

  arrears: tenantProcedure
    .meta({ permission: 'billing.invoices.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/arrears', tags } })
    .input(noInput)
    .output(z.array(arrearsSchema))
    .query(({ ctx }) => listArrears(ctx.tx, ctx.tenant.timezone)),
  summary: tenantProcedure
    .meta({ permission: 'billing.invoices.read', feature: 'billing', openapi: { method: 'GET', path: '/billing/summary', tags } })
    .input(noInput)
    .output(billingSummarySchema)
    .query(({ ctx }) => billingSummary(ctx.tx, ctx.tenant.timezone)),

  gateway: createTRPCRouter({
    setMidtransKey: tenantProcedure
      .meta({ permission: 'admin.settings.manage', feature: 'payment_gateway', openapi: { method: 'PUT', path: '/billing/gateway/midtrans', tags } })
      .input(z.strictObject({ server_key: text({ min: 10, max: 200 }), production: z.boolean().default(false) }))
      .output(z.object({ configured: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        await setMidtransKey(ctx.tx, ctx.services.network, input);
        return { configured: true };
      }),
  }),
});
