/** system: platform health for the web shell and monitoring tools. */
import { readinessSchema } from '@rrnet/contracts';
import { checkReadiness } from '@rrnet/core/system/health';
import { createTRPCRouter, publicProcedure } from '../trpc';

export const systemRouter = createTRPCRouter({
  health: publicProcedure.output(readinessSchema).query(({ ctx }) =>
    checkReadiness({
      sql: ctx.services.sql,
      redis: ctx.services.redis,
      workerStaleAfterMs: ctx.services.workerStaleAfterMs,
    }),
  ),
});
