/** platform: what only RRNet's own staff (super_admin) may do — the job platform's admin, SaaS invoices. */
import { z } from 'zod';
import {
  supportAuditListInput,
  auditExportInput,
  auditExportSchema,
  auditListInput,
  auditPageSchema,
  auditVerifyInput,
  auditVerifyResultSchema,
  deadLetterIdInput,
  deadLetterListInput,
  deadLetterSchema,
  featureOverrideInput,
  planChangeInput,
  planChangeResultSchema,
  platformRevenueInput,
  platformRevenueSchema,
  platformSaasInvoiceListInput,
  platformTenantDetailSchema,
  platformTenantIdInput,
  platformTenantSchema,
  saasPlanCreateInput,
  saasPlanSchema,
  saasPlanUpdateInput,
  tenantStatusInput,
  platformMetricsSchema,
  queueStatsSchema,
  saasBillingRunInput,
  saasBillingRunResultSchema,
  saasInvoiceSchema,
  saasPaymentRecordInput,
} from '@rrnet/contracts';
import { discardDeadLetter, getDeadLetter, listDeadLetters, queueStats, retryDeadLetter } from '@rrnet/core/platform/dead_letters';
import { listPlatformSaasInvoices, recordSaasPayment, runSaasBilling } from '@rrnet/core/saas/saas_invoices';
import {
  changePlan,
  createPlan,
  getPlatformTenant,
  listPlans,
  listPlatformTenants,
  platformRevenue,
  setFeatureOverride,
  setTenantStatus,
  updatePlan,
} from '@rrnet/core/saas/saas_platform';
import { platformMetrics } from '@rrnet/core/system/platform_metrics';
import { exportAuditCsv, listAuditEvents, verifyAuditChain } from '@rrnet/core/admin/audit_log';
import { listAuditAsSupport } from '@rrnet/core/admin/support_access';
import type { AuditScope } from '@rrnet/core/admin/audit_log';
import { SAAS_BILLING } from '@rrnet/core/saas/saas_billing_rules';
import { withPlatform } from '@rrnet/db';
import type { TenantTx } from '@rrnet/db';
import { createTRPCRouter, platformProcedure } from '../procedures';

const actor = (ctx: { principal: { userId: string | null }; requestId: string }) => ({ userId: ctx.principal.userId, requestId: ctx.requestId });

/** The platform's own audit chain (events with no ISP), read in a platform transaction, in the platform's calendar. */
type PlatformCtx = { principal: { userId: string | null; permissions: readonly string[] }; requestId: string; services: { systemSql: Parameters<typeof withPlatform>[0] } };
function inPlatformAudit<T>(ctx: PlatformCtx, fn: (tx: TenantTx, scope: AuditScope) => Promise<T>): Promise<T> {
  const scope: AuditScope = { kind: 'platform', timezone: SAAS_BILLING.timezone, unmasked: ctx.principal.permissions.includes('customers.pii.read') };
  return withPlatform(ctx.services.systemSql, { tenantId: null, userId: ctx.principal.userId, requestId: ctx.requestId }, (tx) => fn(tx, scope));
}

export const platformRouter = createTRPCRouter({

  metrics: platformProcedure
    .meta({ openapi: { method: 'GET', path: '/platform/metrics', tags: ['platform'], summary: 'Live platform metrics', description: 'What the Prometheus endpoints export, read now: readiness, this web instance\'s API p95 and error rate (since it started and over the last five minutes), database connections by state, Redis memory, job queues and dead letters, the business rates overall, outage resolution, and the busiest SQL statements from pg_stat_statements (or why they are unavailable). A section that cannot be read is null and named in `errors`. Super admins only.' } })
    .input(z.strictObject({}).optional())
    .output(platformMetricsSchema)
    .query(({ ctx }) =>
      platformMetrics({
        sql: ctx.services.sql,
        systemSql: ctx.services.systemSql,
        redis: ctx.services.redis,
        workerStaleAfterMs: ctx.services.workerStaleAfterMs,
        api: ctx.services.apiLatency,
      }),
    ),
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
      .meta({ errors: ['NOT_FOUND', 'CONFLICT'], openapi: { method: 'POST', path: '/platform/saas-invoices/{id}/payments', tags: ['platform'], summary: 'Record a SaaS invoice payment', description: 'Platform staff record that an ISP paid a SaaS invoice in full (bank transfer or cash, with its reference). Paying restores at once: with nothing else overdue, a past-due subscription is active again and a suspension for unpaid invoices is lifted. An invoice that is not open is 409. Audited.' } })
      .input(saasPaymentRecordInput)
      .output(saasInvoiceSchema)
      .mutation(({ ctx, input }) => recordSaasPayment(ctx.services.systemSql, ctx.services.redis, input, actor(ctx))),
    run: platformProcedure
      .meta({ openapi: { method: 'POST', path: '/platform/saas-billing-runs', tags: ['platform'], summary: 'Run SaaS billing', description: 'Issues the SaaS invoices of the month `at` falls in (default now, in the platform\'s timezone) to every active or past-due subscription not yet invoiced for it. Safe to repeat: the same invoices, never a second. Returns how many were created and their total.' } })
      .input(saasBillingRunInput)
      .output(saasBillingRunResultSchema)
      .mutation(({ ctx, input }) => runSaasBilling(ctx.services.systemSql, input.at ?? new Date(), actor(ctx))),
  }),
  plans: createTRPCRouter({
    list: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/plans', tags: ['platform'], summary: 'List SaaS plans', description: 'Every plan RRNet sells ISPs: monthly price in IDR, limits (routers, customers, users, WhatsApp messages per month), features, whether it is offered, and how many ISPs are on it. Super admins only.' } })
      .input(z.strictObject({}).optional())
      .output(z.array(saasPlanSchema))
      .query(({ ctx }) => listPlans(ctx.services.systemSql)),
    create: platformProcedure
      .meta({ errors: ['CONFLICT'], openapi: { method: 'POST', path: '/platform/plans', tags: ['platform'], summary: 'Create a SaaS plan', description: 'A new plan with its code, name, monthly price, limits and features. A code in use is 409. Audited.' } })
      .input(saasPlanCreateInput)
      .output(saasPlanSchema)
      .mutation(({ ctx, input }) => createPlan(ctx.services.systemSql, input, actor(ctx))),
    update: platformProcedure
      .meta({ errors: ['NOT_FOUND'], openapi: { method: 'PATCH', path: '/platform/plans/{id}', tags: ['platform'], summary: 'Edit a SaaS plan', description: 'Changes a plan\'s name, price, limits, features or whether it is offered. ISPs on it get the new limits and features at once (their cached entitlements are dropped); a new price is billed from the next monthly invoice. Audited.' } })
      .input(saasPlanUpdateInput)
      .output(saasPlanSchema)
      .mutation(({ ctx, input }) => updatePlan(ctx.services.systemSql, ctx.services.redis, input, actor(ctx))),
  }),
  tenants: createTRPCRouter({
    list: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/tenants', tags: ['platform'], summary: 'List ISPs', description: 'Every ISP with its status, plan, subscription, usage against the plan\'s limits (counts only, never subscribers\' data), MRR, open SaaS invoices, last activity and a scheduled downgrade. Super admins only.' } })
      .input(z.strictObject({}).optional())
      .output(z.array(platformTenantSchema))
      .query(({ ctx }) => listPlatformTenants(ctx.services.systemSql)),
    revenue: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/revenue', tags: ['platform'], summary: 'Platform revenue by month', description: 'MRR, paying ISPs, ARPU, new and churned ISPs and the churn rate for each of the last `months` months (default 12, platform timezone), oldest first. Past months come from their SaaS invoices (the plan\'s monthly price; void invoices count for nothing), this month from the live subscriptions. Churn: an ISP that paid the month before and not this month. Super admins only.' } })
      .input(platformRevenueInput)
      .output(platformRevenueSchema)
      .query(({ ctx, input }) => platformRevenue(ctx.services.systemSql, input.months)),
    get: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/tenants/{id}', tags: ['platform'], summary: 'Get an ISP', description: 'One ISP as in the list, plus its effective features, feature overrides with their reasons and its plan changes. Super admins only.' } })
      .input(platformTenantIdInput)
      .output(platformTenantDetailSchema)
      .query(({ ctx, input }) => getPlatformTenant(ctx.services.systemSql, input.id)),
    changePlan: platformProcedure
      .meta({ errors: ['CONFLICT'], openapi: { method: 'POST', path: '/platform/tenants/{id}/plan', tags: ['platform'], summary: 'Move an ISP to another plan', description: 'A dearer plan is an upgrade, in effect at once; the difference for the rest of the month is on the next invoice. A cheaper one is a downgrade on the 1st of next month, refused (409, each exceeded limit in `details`) while the ISP uses more than it allows. Audited.' } })
      .input(planChangeInput)
      .output(planChangeResultSchema)
      .mutation(({ ctx, input }) => changePlan(ctx.services.systemSql, ctx.services.redis, input, actor(ctx))),
    suspend: platformProcedure
      .meta({ errors: ['CONFLICT'], openapi: { method: 'POST', path: '/platform/tenants/{id}/suspend', tags: ['platform'], summary: 'Suspend an ISP', description: 'Suspends an active ISP with a reason: its staff and keys are refused until it is reactivated. Its own isolir and restore jobs keep running. Audited.' } })
      .input(tenantStatusInput)
      .output(platformTenantDetailSchema)
      .mutation(({ ctx, input }) => setTenantStatus(ctx.services.systemSql, ctx.services.redis, input, 'suspended', actor(ctx))),
    reactivate: platformProcedure
      .meta({ errors: ['CONFLICT'], openapi: { method: 'POST', path: '/platform/tenants/{id}/reactivate', tags: ['platform'], summary: 'Reactivate an ISP', description: 'Lifts a suspension, with a reason; the ISP works again at once. Audited.' } })
      .input(tenantStatusInput)
      .output(platformTenantDetailSchema)
      .mutation(({ ctx, input }) => setTenantStatus(ctx.services.systemSql, ctx.services.redis, input, 'active', actor(ctx))),
    setFeature: platformProcedure
      .meta({ openapi: { method: 'PUT', path: '/platform/tenants/{id}/features', tags: ['platform'], summary: 'Override a feature for an ISP', description: 'Turns a feature on or off for one ISP whatever its plan says (`enabled: null` goes back to the plan), with a reason. Takes effect at once. Audited.' } })
      .input(featureOverrideInput)
      .output(platformTenantDetailSchema)
      .mutation(({ ctx, input }) => setFeatureOverride(ctx.services.systemSql, ctx.services.redis, input, actor(ctx))),
  }),
  audit: createTRPCRouter({
    list: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/audit-events', tags: ['platform'], summary: 'List the platform\'s audit events', description: 'The platform\'s own audit chain (events with no ISP: sign-ins refused before an ISP is known, billing runs, platform-wide actions), newest first in keyset pages, with the same filters as an ISP\'s list in the platform\'s calendar. An ISP\'s events stay in its own chain. Super admins only.' } })
      .input(auditListInput)
      .output(auditPageSchema)
      .query(({ ctx, input }) => inPlatformAudit(ctx, (tx, scope) => listAuditEvents(tx, scope, input))),
    verify: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/audit-events/verify', tags: ['platform'], summary: 'Verify the platform\'s audit chain', description: 'Checks the platform chain\'s hashes and links over the days `from`–`to` (the platform\'s calendar, both included; either open) and answers `ok` with the rows checked, or the first broken row\'s id and why. Super admins only.' } })
      .input(auditVerifyInput)
      .output(auditVerifyResultSchema)
      .query(({ ctx, input }) => inPlatformAudit(ctx, (tx, scope) => verifyAuditChain(tx, scope, input))),
    ispEvents: platformProcedure
      .meta({ errors: ['NOT_FOUND'], openapi: { method: 'GET', path: '/platform/tenants/{id}/audit-events', tags: ['platform'], summary: 'Read an ISP\'s audit trail under support access', description: 'The ISP\'s own audit events, with the same filters and keyset pages as the ISP\'s list and personal data unmasked — only while the ISP has granted RRNet support access (403 otherwise, or once it has ended or been revoked). Each read is recorded in the ISP\'s audit trail as `support.audit_read`. Super admins only.' } })
      .input(supportAuditListInput)
      .output(auditPageSchema)
      .query(({ ctx, input }) => listAuditAsSupport(ctx.services.systemSql, actor(ctx), input)),
    export: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/audit-events/export', tags: ['platform'], summary: 'Export the platform\'s audit events as CSV', description: 'The platform chain\'s events the filters select, newest first, as CSV text in `csv` (at most 10,000 rows; `truncated` when more matched). Super admins only.' } })
      .input(auditExportInput)
      .output(auditExportSchema)
      .query(({ ctx, input }) => inPlatformAudit(ctx, (tx, scope) => exportAuditCsv(tx, scope, input, new Date()))),
  }),
});
