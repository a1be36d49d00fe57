/** The typed client against the real chain (tRPC fetch handler in-process, real Postgres/Redis). */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '@rrnet/api';
import { invalidateEntitlements } from '@rrnet/core/saas/entitlements';
import { startHarness } from '../../../api/test/integration/api_harness';
import type { Harness } from '../../../api/test/integration/api_harness';
import { createRrnetClient } from '../../src';

let h: Harness;
const requests: string[] = [];

/** A fetch that serves /api/trpc from the app router in this process. */
const inProcessFetch: typeof fetch = async (input, init) => {
  const req = new Request(input as string, init);
  requests.push(`${req.method} ${new URL(req.url).pathname}`);
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => ({
      requestId: `req-${requests.length}`,
      traceId: 't',
      ip: '10.1.1.1',
      userAgent: req.headers.get('user-agent'),
      authorization: req.headers.get('authorization'),
      webSession: null,
      idempotencyKey: null,
      resHeaders,
      services: h.services,
    }),
  });
};

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

describe('@rrnet/client', () => {
  it('signs in with e-mail and password on first use and calls typed procedures', async () => {
    const rrnet = createRrnetClient({ baseUrl: 'http://rrnet.test', auth: { email: 'owner@sinarnet.demo', password: 'rrnet-demo-2026' }, fetch: inProcessFetch });
    const [me, users] = await Promise.all([rrnet.auth.me.query(), rrnet.admin.users.list.query()]);
    expect(me).toMatchObject({ role: 'owner', tenant_name: 'Sinar Net Jakarta' });
    expect(users).toHaveLength(6);
    expect(requests.filter((r) => r.includes('auth.login'))).toHaveLength(1);
  });

  it('recovers from an ended session by refreshing, then signing in again', async () => {
    const rrnet = createRrnetClient({ baseUrl: 'http://rrnet.test', auth: { email: 'admin@sinarnet.demo', password: 'rrnet-demo-2026' }, fetch: inProcessFetch });
    await rrnet.auth.me.query();
    const other = createRrnetClient({ baseUrl: 'http://rrnet.test', auth: { email: 'admin@sinarnet.demo', password: 'rrnet-demo-2026' }, fetch: inProcessFetch });
    await other.auth.logoutEverywhere.mutate();
    const loginsBefore = requests.filter((r) => r.includes('auth.login')).length;
    expect((await rrnet.auth.me.query()).role).toBe('admin');
    expect(requests.filter((r) => r.includes('auth.refresh')).length).toBeGreaterThanOrEqual(1);
    expect(requests.filter((r) => r.includes('auth.login')).length).toBe(loginsBefore + 1);
  });

  it('works with an API key and reports typed errors', async () => {
    await h.system`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled) VALUES (${h.tenantA}, 'api_access', true)`;
    await invalidateEntitlements(h.services.redis, h.tenantA);
    const owner = createRrnetClient({ baseUrl: 'http://rrnet.test', auth: { email: 'owner@sinarnet.demo', password: 'rrnet-demo-2026' }, fetch: inProcessFetch });
    const { key } = await owner.admin.apiKeys.create.mutate({ name: 'Alat internal', permissions: ['admin.users.read'] });
    const tool = createRrnetClient({ baseUrl: 'http://rrnet.test', auth: { apiKey: key }, fetch: inProcessFetch });
    expect(await tool.admin.users.list.query()).toHaveLength(6);
    let refused: { error_code?: string; request_id?: string } | undefined;
    try {
      await tool.admin.settings.get.query();
    } catch (err) {
      refused = (err as { data?: { error_code?: string; request_id?: string } }).data;
    }
    expect(refused).toMatchObject({ error_code: 'FORBIDDEN' });
    expect(refused?.request_id).toMatch(/^req-/);
  });
});
