/** The spec §3 order is observable from outside. */
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateEntitlements } from '@rrnet/core/saas/entitlements';
import { TEST_REDIS_URL } from '../../../../tests/services';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
let direct: IORedis;

beforeAll(async () => {
  h = await startHarness();
  direct = new IORedis(TEST_REDIS_URL);
});
afterAll(async () => {
  const keys = await direct.keys(`${h.prefix}*`);
  if (keys.length) await direct.del(...keys);
  direct.disconnect();
  await h.close();
});

const rateKeys = () => direct.keys(`${h.prefix}:rl*`);

describe('procedure chain order', () => {
  it('1 before 3: unauthenticated requests consume no rate-limit tokens', async () => {
    expect(await rateKeys()).toEqual([]);
    expect(await outcome(h.call(null).admin.users.list())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call('not-a-token').admin.users.list())).toBe('UNAUTHENTICATED');
    expect(await rateKeys()).toEqual([]);
    const { access_token } = await h.login('owner@sinarnet.demo');
    expect(await outcome(h.call(access_token).admin.users.list())).toBe('OK');
    expect((await rateKeys()).length).toBeGreaterThan(0);
  });

  it('2: a suspended tenant is refused before anything else', async () => {
    const { access_token } = await h.login('owner@parahyangan.demo');
    await h.system`UPDATE saas_tenants SET status = 'suspended' WHERE id = ${h.tenantB}`;
    await invalidateEntitlements(h.services.redis, h.tenantB);
    try {
      expect(await outcome(h.call(access_token).admin.settings.get())).toBe('FORBIDDEN');
    } finally {
      await h.system`UPDATE saas_tenants SET status = 'active' WHERE id = ${h.tenantB}`;
      await invalidateEntitlements(h.services.redis, h.tenantB);
    }
    expect(await outcome(h.call(access_token).admin.settings.get())).toBe('OK');
  });

  it('4 before 5: a disabled feature answers FEATURE_DISABLED even to a role without the permission', async () => {
    // Sinar Net's plan (Growth) has no api_access
    const viewer = await h.login('viewer@sinarnet.demo');
    const owner = await h.login('owner@sinarnet.demo');
    expect(await outcome(h.call(viewer.access_token).admin.apiKeys.list())).toBe('FEATURE_DISABLED');
    expect(await outcome(h.call(owner.access_token).admin.apiKeys.list())).toBe('FEATURE_DISABLED');
    // and with the feature on, RBAC decides
    await h.system`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled) VALUES (${h.tenantA}, 'api_access', true)`;
    await invalidateEntitlements(h.services.redis, h.tenantA);
    expect(await outcome(h.call(viewer.access_token).admin.apiKeys.list())).toBe('FORBIDDEN');
    expect(await outcome(h.call(owner.access_token).admin.apiKeys.list())).toBe('OK');
  });

  it('5 before 6: LIMIT_EXCEEDED only after RBAC passed', async () => {
    // Parahyangan (Starter) allows 5 users and already has 6
    const viewer = await h.login('viewer@parahyangan.demo');
    const owner = await h.login('owner@parahyangan.demo');
    const input = { email: 'baru@parahyangan.demo', name: 'Pengguna Baru', role: 'viewer' as const };
    expect(await outcome(h.call(viewer.access_token).admin.users.create(input))).toBe('FORBIDDEN');
    expect(await outcome(h.call(owner.access_token).admin.users.create(input))).toBe('LIMIT_EXCEEDED');
    const [n] = await h.system`SELECT count(*)::int AS n FROM tenant_memberships WHERE tenant_id = ${h.tenantB}`;
    expect(n!.n).toBe(6);
  });

  it('two concurrent creates cannot both take the last slot', async () => {
    await h.system`INSERT INTO saas_plans (code, name, price_monthly, max_routers, max_customers, max_users, max_wa_messages_month)
                   VALUES ('tight', 'Tight', 0, 1, 1, 7, 1)`;
    await h.system`UPDATE saas_subscriptions SET plan_id = (SELECT id FROM saas_plans WHERE code = 'tight') WHERE tenant_id = ${h.tenantA}`;
    await invalidateEntitlements(h.services.redis, h.tenantA);
    const owner = await h.login('owner@sinarnet.demo');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        outcome(h.call(owner.access_token).admin.users.create({ email: `slot${i}@sinarnet.demo`, name: `Slot ${i}`, role: 'viewer' })),
      ),
    );
    expect(results.filter((r) => r === 'OK')).toHaveLength(1);
    expect(results.filter((r) => r === 'LIMIT_EXCEEDED')).toHaveLength(4);
    const [n] = await h.system`SELECT count(*)::int AS n FROM tenant_memberships WHERE tenant_id = ${h.tenantA} AND status = 'active'`;
    expect(n!.n).toBe(7);
  });

  it('the handler runs in the tenant transaction: a failure rolls back, errors carry codes', async () => {
    const owner = await h.login('owner@sinarnet.demo');
    expect(await outcome(h.call(owner.access_token).admin.settings.update({ grace_days: 500 } as never))).toBe('VALIDATION_FAILED');
    expect(await outcome(h.call(owner.access_token).admin.users.update({ user_id: '00000000-0000-4000-8000-000000000000', role: 'admin' }))).toBe('NOT_FOUND');
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored result, runs once, and refuses the key for another request', async () => {
    const owner = await h.login('owner@parahyangan.demo');
    const call = () => h.call(owner.access_token, { idempotencyKey: 'idem-key-00000001' });
    const first = await call().admin.settings.update({ grace_days: 7 });
    const second = await call().admin.settings.update({ grace_days: 7 });
    expect(first.grace_days).toBe(7);
    expect(second).toMatchObject({ grace_days: 7 });
    const updates = await h.system`SELECT count(*)::int AS n FROM sys_audit_logs WHERE tenant_id = ${h.tenantB} AND table_name = 'tenant_settings' AND action = 'UPDATE'`;
    expect(updates[0]!.n).toBe(1);
    expect(await outcome(call().admin.settings.update({ grace_days: 8 }))).toBe('CONFLICT');
  });
});
