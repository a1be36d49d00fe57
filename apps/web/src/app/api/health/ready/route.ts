/** Readiness: 200 when Postgres, Redis and a worker answer; 503 naming what failed. */
import { checkReadiness } from '@rrnet/core/system/health';
import { requestIds, withRequestContext } from '~/server/request_context';
import { fail, ok } from '~/server/respond';
import { services } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    const svc = services();
    const readiness = await checkReadiness({
      sql: svc.sql,
      redis: svc.redis,
      workerStaleAfterMs: svc.workerStaleAfterMs,
    });
    if (readiness.ready) return ok(readiness, ids.requestId);
    svc.logger.warn({ failed: readiness.failed }, 'not ready');
    const details = Object.fromEntries(
      readiness.failed.map((name) => [name, readiness.checks[name].detail]),
    );
    return fail(
      'SERVICE_UNAVAILABLE',
      503,
      ids.requestId,
      `Not ready: ${readiness.failed.join(', ')} unavailable`,
      details,
    );
  });
}
