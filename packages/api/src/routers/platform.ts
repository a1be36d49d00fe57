/** platform: what only RRNet's own staff (super_admin) may do — the job platform's admin, SaaS invoices. */
import { z } from 'zod';
import {
  deadLetterIdInput,
  deadLetterListInput,
  deadLetterSchema,
  platformSaasInvoiceListInput,
  queueStatsSchema,
  saasBillingRunInput,
  saasBillingRunResultSchema,
  saasInvoiceSchema,
  saasPaymentRecordInput,
} from '@rrnet/contracts';
import { discardDeadLetter, getDeadLetter, listDeadLetters, queueStats, retryDeadLetter } from '@rrnet/core/platform/dead_letters';
import { listPlatformSaasInvoices, recordSaasPayment, runSaasBilling } from '@rrnet/core/saas/saas_invoices';
import { createTRPCRouter, platformProcedure } from '../procedures';

const actor = (ctx: { principal: { userId: string | null }; requestId: string }) => ({ userId: ctx.principal.userId, requestId: ctx.requestId });

export const platformRouter = createTRPCRouter({
  jobs: createTRPCRouter({
    stats: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/job-stats', tags: ['platform'], summary: 'Job queue statistics', description: 'Per job class: waiting, scheduled and running jobs; dead letters by state and whether the open ones pass the alert threshold; completed and failed jobs per time bucket. Super admins only.' } })
      .input(z.strictObject({}).optional())
      .output(queueStatsSchema)
      .query(({ ctx }) => queueStats(ctx.services.sql, ctx.services.systemSql, ctx.services.dlqAlertThreshold)),
    deadLetters: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/dead-letters', tags: ['platform'], summary: 'List dead-lettered jobs', description: 'Jobs that exhausted their retries, most recently failed first, filterable by state, task and ISP. Super admins only.' } })
      .input(deadLetterListInput)
      .output(z.array(deadLetterSchema))
      .query(({ ctx, input }) => listDeadLetters(ctx.services.systemSql, input)),
    deadLetter: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/dead-letters/{id}', tags: ['platform'], summary: 'Get one dead-lettered job', description: 'The job\'s task, payload, ISP, attempts and last error. Super admins only.' } })
      .input(deadLetterIdInput)
      .output(deadLetterSchema)
      .query(({ ctx, input }) => getDeadLetter(ctx.services.systemSql, input.id)),
    retry: platformProcedure
      .meta({ errors: ['CONFLICT'], openapi: { method: 'POST', path: '/platform/dead-letters/{id}/retry', tags: ['platform'], summary: 'Retry a dead-lettered job', description: 'Queues the job again with its original payload and marks the dead letter retried; returns it with the new job id. A dead letter no longer waiting, or of a task this version does not know, is 409. Audited.' } })
      .input(deadLetterIdInput)
      .output(deadLetterSchema.extend({ job_id: z.string().nullable() }))
      .mutation(({ ctx, input }) => retryDeadLetter(ctx.services.systemSql, input.id, actor(ctx))),
    discard: platformProcedure
      .meta({ errors: ['CONFLICT'], openapi: { method: 'POST', path: '/platform/dead-letters/{id}/discard', tags: ['platform'], summary: 'Discard a dead-lettered job', description: 'Marks the dead letter discarded without running it again; one no longer waiting is 409. Audited.' } })
      .input(deadLetterIdInput)
      .output(deadLetterSchema.extend({ job_id: z.string().nullable() }))
      .mutation(({ ctx, input }) => discardDeadLetter(ctx.services.systemSql, input.id, actor(ctx))),
  }),
  saas: createTRPCRouter({
    invoices: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/saas-invoices', tags: ['platform'], summary: 'List SaaS invoices across ISPs', description: 'Every ISP\'s SaaS invoices, newest month first, filterable by status, ISP and billed month (YYYY-MM). Super admins only.' } })
      .input(platformSaasInvoiceListInput)
      .output(z.array(saasInvoiceSchema))
      .query(({ ctx, input }) => listPlatformSaasInvoices(ctx.services.systemSql, input)),
    recordPayment: platformProcedure
      .meta({ errors: ['NOT_FOUND', 'CONFLICT'], openapi: { method: 'POST', path: '/platform/saas-invoices/{id}/payments', tags: ['platform'], summary: 'Record a SaaS invoice payment', description: 'Platform staff record that an ISP paid a SaaS invoice in full (bank transfer or cash, with its reference). An invoice that is not open is 409. Audited.' } })
      .input(saasPaymentRecordInput)
      .output(saasInvoiceSchema)
      .mutation(({ ctx, input }) => recordSaasPayment(ctx.services.systemSql, input, actor(ctx))),
    run: platformProcedure
      .meta({ openapi: { method: 'POST', path: '/platform/saas-billing-runs', tags: ['platform'], summary: 'Run SaaS billing', description: 'Issues the SaaS invoices of the month `at` falls in (default now, in the platform\'s timezone) to every active or past-due subscription not yet invoiced for it. Safe to repeat: the same invoices, never a second. Returns how many were created and their total.' } })
      .input(saasBillingRunInput)
      .output(saasBillingRunResultSchema)
      .mutation(({ ctx, input }) => runSaasBilling(ctx.services.systemSql, input.at ?? new Date(), actor(ctx))),
  }),
});
