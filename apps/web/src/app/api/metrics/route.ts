/** Prometheus metrics of this web instance; who may read them: ~/server/metrics_access. */
import { webConfig } from '~/config';
import { metricsAccess } from '~/server/metrics_access';
import { requestIds, withRequestContext } from '~/server/request_context';
import { fail } from '~/server/respond';
import { webMetrics } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function GET(req: Request): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    const config = webConfig();
    const access = metricsAccess({
      authorization: req.headers.get('authorization'),
      ip: ids.ip,
      token: config.METRICS_TOKEN,
      nodeEnv: config.NODE_ENV,
    });
    if (access === 'not_found') return fail('NOT_FOUND', 404, ids.requestId);
    if (access === 'unauthorized') {
      const res = fail('UNAUTHENTICATED', 401, ids.requestId, 'A valid metrics token is required.');
      res.headers.set('www-authenticate', 'Bearer realm="rrnet-metrics"');
      return res;
    }
    const { body, contentType } = await webMetrics().scrape();
    return new Response(body, {
      status: 200,
      headers: { 'content-type': contentType, 'cache-control': 'no-store', 'x-request-id': ids.requestId },
    });
  });
}
