/**
 * Benchmark baseline (bench/api's list): the first page of customers.customers.list for a
 * given tenant — the same SQL (`customerPageRows`, default sort, `limit` + 1 rows read),
 * in the same tenant transaction — answered as JSON with no authentication, limits, tRPC,
 * output validation or masking. Answers 404 unless BENCH_ROUTES=true and the request carries BENCH_TOKEN (server/bench_access.ts; load tests only).
 */
import { customerPageRows } from '@rrnet/core/customers/customers';
import { successEnvelope } from '@rrnet/contracts';
import { withTenant } from '@rrnet/db';
import { benchAllowed } from '~/server/bench_access';
import { requestIds } from '~/server/request_context';
import { services } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  if (!benchAllowed(req)) return new Response('Not found', { status: 404 });
  const ids = requestIds(req);
  const params = new URL(req.url).searchParams;
  const tenantId = params.get('tenant_id') ?? '';
  const limit = Math.min(100, Math.max(1, Number(params.get('limit') ?? 50) || 50));
  const rows = await withTenant(services().sql, { tenantId, requestId: ids.requestId }, (tx) => customerPageRows(tx, [], 'name', limit + 1));
  return Response.json(successEnvelope({ items: rows.slice(0, limit), next_cursor: null }, ids.requestId));
}
