/**
 * Benchmark baseline (bench/api): the SQL of admin.users.list for a given tenant, in
 * the same tenant transaction, with no authentication, limits or tRPC. Answers 404
 * unless BENCH_ROUTES=true and the request carries BENCH_TOKEN (server/bench_access.ts; load tests only).
 */
import { listUsers } from '@rrnet/core/admin/users';
import { successEnvelope } from '@rrnet/contracts';
import { withTenant } from '@rrnet/db';
import { benchAllowed } from '~/server/bench_access';
import { requestIds } from '~/server/request_context';
import { services } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  if (!benchAllowed(req)) return new Response('Not found', { status: 404 });
  const ids = requestIds(req);
  const tenantId = new URL(req.url).searchParams.get('tenant_id') ?? '';
  const users = await withTenant(services().sql, { tenantId, requestId: ids.requestId }, (tx) => listUsers(tx));
  return Response.json(successEnvelope(users, ids.requestId));
}
