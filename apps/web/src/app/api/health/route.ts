/** Liveness: the process is up and serving. Touches no dependency. */
import { requestIds } from '~/server/request_context';
import { ok } from '~/server/respond';

export const dynamic = 'force-dynamic';

export function GET(req: Request): Response {
  const { requestId } = requestIds(req);
  return ok({ status: 'alive', uptime_s: Math.round(process.uptime()) }, requestId);
}
