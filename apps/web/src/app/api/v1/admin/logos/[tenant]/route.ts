/**
 * GET /api/v1/admin/logos/{tenant}: the ISP's logo (tenant_logos), for the portal header, the
 * operator's sidebar and the printed invoice — public like the portal's sign-in page it
 * brands. Cacheable: the ETag is the image's sha256 (If-None-Match → 304); a URL whose
 * `?v=` names the current image is immutable for a year, any other revalidates after 5
 * minutes. Served with nosniff and a CSP allowing nothing, as the bytes were checked to be
 * PNG, JPEG or WebP on upload. No logo (or no such ISP): 404 in the error envelope.
 */
import { readLogo } from '@rrnet/core/admin/logo';
import { withTenant } from '@rrnet/db';
import { requestIds, withRequestContext } from '~/server/request_context';
import { fail, failFrom } from '~/server/respond';
import { services } from '~/server/services';

export const dynamic = 'force-dynamic';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** If-None-Match holds this ETag (a list, weak or strong, or `*`). */
function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === '*' || t === etag;
  });
}

export async function GET(req: Request, { params }: { params: Promise<{ tenant: string }> }): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    const { tenant } = await params;
    const none = () => fail('NOT_FOUND', 404, ids.requestId, 'This ISP has no logo.');
    if (!UUID.test(tenant)) return none();
    try {
      const logo = await withTenant(services().sql, { tenantId: tenant, requestId: ids.requestId }, (tx) => readLogo(tx));
      if (!logo) return none();
      const etag = `"${logo.sha256}"`;
      const version = new URL(req.url).searchParams.get('v');
      const headers = {
        etag,
        'cache-control': version && logo.sha256.startsWith(version) && version.length >= 8 ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate',
        'last-modified': logo.updated_at.toUTCString(),
        'x-content-type-options': 'nosniff',
        'content-security-policy': "default-src 'none'",
        'x-request-id': ids.requestId,
      };
      if (matches(req.headers.get('if-none-match'), etag)) return new Response(null, { status: 304, headers });
      return new Response(new Uint8Array(logo.content), {
        headers: { ...headers, 'content-type': logo.content_type, 'content-length': String(logo.content.length) },
      });
    } catch (err) {
      return failFrom(err, ids.requestId);
    }
  });
}
