/**
 * POST /api/auth/switch-tenant {tenant_id}: the web session moves to another ISP the user
 * is an active member of (AuthService.switchTenant: membership checked, a new session
 * opened, the old one ended, audited) and the session cookie takes the new claims. A route
 * handler rather than a server action: an action re-renders the page with the request's
 * old cookie, whose session has just ended. API clients use `auth.switchTenant`.
 */
import { AppError, switchTenantInput } from '@rrnet/contracts';
import { switchWebTenant } from '~/server/auth';
import { requestIds, withRequestContext } from '~/server/request_context';
import { fail, failFrom, ok } from '~/server/respond';
import { services } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function POST(req: Request): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    // JSON only: a cross-site form cannot send it without a CORS preflight
    if (!(req.headers.get('content-type') ?? '').startsWith('application/json')) {
      return fail('VALIDATION_FAILED', 400, ids.requestId, 'Send JSON: {"tenant_id": "…"}.');
    }
    const parsed = switchTenantInput.safeParse(await req.json().catch(() => null));
    if (!parsed.success) {
      return fail('VALIDATION_FAILED', 400, ids.requestId, 'Choose an ISP.', { tenant_id: 'A tenant id (uuid)' });
    }
    try {
      return ok(await switchWebTenant(parsed.data.tenant_id, ids), ids.requestId);
    } catch (err) {
      if (!(err instanceof AppError)) services().logger.error({ err }, 'ISP switch failed');
      return failFrom(err, ids.requestId);
    }
  });
}
