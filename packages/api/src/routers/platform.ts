/** platform: what only RRNet's own staff (super_admin) may do — the job platform's admin. */
import { z } from 'zod';
import { deadLetterIdInput, deadLetterListInput, deadLetterSchema, queueStatsSchema } from '@rrnet/contracts';
import { discardDeadLetter, getDeadLetter, listDeadLetters, queueStats, retryDeadLetter } from '@rrnet/core/platform/dead_letters';
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
});
