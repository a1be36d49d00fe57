/** platform: what only RRNet's own staff (super_admin) may do — the job platform's admin. */
import { z } from 'zod';
import { deadLetterIdInput, deadLetterListInput, deadLetterSchema, queueStatsSchema } from '@rrnet/contracts';
import { discardDeadLetter, getDeadLetter, listDeadLetters, queueStats, retryDeadLetter } from '@rrnet/core/platform/dead_letters';
import { createTRPCRouter, platformProcedure } from '../procedures';

const actor = (ctx: { principal: { userId: string | null }; requestId: string }) => ({ userId: ctx.principal.userId, requestId: ctx.requestId });

export const platformRouter = createTRPCRouter({
  jobs: createTRPCRouter({
    stats: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/job-stats', tags: ['platform'], summary: 'Queue depth per class, running, dead letters, throughput' } })
      .input(z.strictObject({}).optional())
      .output(queueStatsSchema)
      .query(({ ctx }) => queueStats(ctx.services.sql, ctx.services.systemSql, ctx.services.dlqAlertThreshold)),
    deadLetters: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/dead-letters', tags: ['platform'] } })
      .input(deadLetterListInput)
      .output(z.array(deadLetterSchema))
      .query(({ ctx, input }) => listDeadLetters(ctx.services.systemSql, input)),
    deadLetter: platformProcedure
      .meta({ openapi: { method: 'GET', path: '/platform/dead-letters/{id}', tags: ['platform'] } })
      .input(deadLetterIdInput)
      .output(deadLetterSchema)
      .query(({ ctx, input }) => getDeadLetter(ctx.services.systemSql, input.id)),
    retry: platformProcedure
      .meta({ openapi: { method: 'POST', path: '/platform/dead-letters/{id}/retry', tags: ['platform'] } })
      .input(deadLetterIdInput)
      .output(deadLetterSchema.extend({ job_id: z.string().nullable() }))
      .mutation(({ ctx, input }) => retryDeadLetter(ctx.services.systemSql, input.id, actor(ctx))),
    discard: platformProcedure
      .meta({ openapi: { method: 'POST', path: '/platform/dead-letters/{id}/discard', tags: ['platform'] } })
      .input(deadLetterIdInput)
      .output(deadLetterSchema.extend({ job_id: z.string().nullable() }))
      .mutation(({ ctx, input }) => discardDeadLetter(ctx.services.systemSql, input.id, actor(ctx))),
  }),
});
