/** system: platform health for the web shell and monitoring tools. */
import { z } from 'zod';
import { readinessSchema } from '@rrnet/contracts';
import { checkReadiness } from '@rrnet/core/system/health';
import { createTRPCRouter, probeProcedure } from '../procedures';

export const systemRouter = createTRPCRouter({
  health: probeProcedure
    .meta({ openapi: { method: 'GET', path: '/system/health', tags: ['system'], summary: 'Readiness of Postgres, Redis and the worker', description: 'Checks the database, the cache and the background worker\'s heartbeat. Public, for load balancers and monitoring; `data.ready` is false and `data.failed` names what is down.' } })
    .input(z.strictObject({}).optional())
    .output(readinessSchema)
    .query(({ ctx }) =>
      checkReadiness({
        sql: ctx.services.sql,
        redis: ctx.services.redis,
        workerStaleAfterMs: ctx.services.workerStaleAfterMs,
      }),
    ),
});
