/**
 * The RBAC matrix: every tenant procedure × every tenant role, against the hand-written
 * expectations in rbac_expected.ts (never against ROLE_PERMISSIONS, the table the code
 * enforces — a test that reads it could not catch a wrong entry). An allowed role passes
 * the chain (the call may still fail later, e.g. on input); a refused one gets FORBIDDEN.
 * A new procedure fails here until it has its row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMIT_POLICY } from '@rrnet/cache';
import { TENANT_ROLES } from '@rrnet/contracts';
import type { TenantRole } from '@rrnet/contracts';
import { invalidateEntitlements } from '@rrnet/core/saas/entitlements';
import { appRouter } from '../../src/root';
import type { ProcedureMeta } from '../../src/meta';
import { outcome, startHarness } from './api_harness';
import { EXPECTED_ACCESS } from './rbac_expected';
import type { Harness } from './api_harness';

let h: Harness;
const tokens = new Map<TenantRole, string>();
const LOCAL: Record<TenantRole, string> = { owner: 'owner', admin: 'admin', billing: 'billing', technician: 'teknisi', customer_service: 'cs', viewer: 'viewer' };

interface ProcedureDef {
  _def: { type: 'query' | 'mutation' | 'subscription'; meta?: ProcedureMeta };
}
const procedures = Object.entries((appRouter as unknown as { _def: { procedures: Record<string, ProcedureDef> } })._def.procedures);
// saas: only the ISP's own checklist is a tenant procedure (sign-up is public)
const TENANT_MODULES = ['admin.', 'network.', 'customers.', 'maps.', 'billing.', 'isolir.', 'notifications.', 'reports.', 'outages.', 'tickets.', 'saas.onboarding'];
const tenantProcedures = procedures.filter(([path]) => TENANT_MODULES.some((m) => path.startsWith(m)));

beforeAll(async () => {
  // the matrix is about RBAC: its volume (every procedure × every role, from one IP and
  // ISP) grows with the procedures and must not run into the rate limits
  const wide = { limit: 100_000, window: '1 h' } as const;
  h = await startHarness({ policy: { ...RATE_LIMIT_POLICY, tenant: wide, user: wide, ip: wide } });
  // every feature on for this tenant, so the matrix isolates RBAC
  await h.system`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled)
                 SELECT ${h.tenantA}, f, true FROM unnest(ARRAY['api_access', 'payment_gateway']) f`;
  await invalidateEntitlements(h.services.redis, h.tenantA);
  for (const role of TENANT_ROLES) tokens.set(role, (await h.login(`${LOCAL[role]}@sinarnet.demo`)).access_token);
});
afterAll(async () => h.close());

function invoke(token: string, path: string): Promise<unknown> {
  const caller = h.call(token) as unknown as Record<string, unknown>;
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  // a deliberately incomplete input: allowed roles get past the chain and fail validation
  // (or succeed for list procedures) without changing anything
  return fn({});
}

describe('RBAC matrix', () => {
  it('covers every tenant procedure, and each declares a permission', () => {
    expect(tenantProcedures.length).toBeGreaterThanOrEqual(50);
    for (const [path, def] of tenantProcedures) expect(def._def.meta?.permission, path).toBeTruthy();
  });

  it('has a hand-written expectation for every tenant procedure, and none for a procedure that is gone', () => {
    const paths = tenantProcedures.map(([path]) => path).sort();
    expect(paths.filter((p) => !EXPECTED_ACCESS[p]), 'add these to rbac_expected.ts').toEqual([]);
    expect(Object.keys(EXPECTED_ACCESS).filter((p) => !paths.includes(p)), 'remove these from rbac_expected.ts').toEqual([]);
  });

  for (const [path] of tenantProcedures) {
    for (const role of TENANT_ROLES) {
      const allowed = EXPECTED_ACCESS[path]?.allow.includes(role) ?? false;
      it(`${path} × ${role} → ${allowed ? 'allow' : 'deny'}`, async () => {
        const result = await outcome(invoke(tokens.get(role)!, path));
        if (allowed) expect(result).not.toBe('FORBIDDEN');
        else expect(result).toBe('FORBIDDEN');
        expect(result.startsWith('UNEXPECTED')).toBe(false);
      });
    }
  }

  const platformProcedures = procedures.filter(([path]) => path.startsWith('platform.'));
  it('platform procedures exist', () => expect(platformProcedures.length).toBeGreaterThanOrEqual(5));
  for (const [path] of platformProcedures) {
    for (const role of TENANT_ROLES) {
      it(`${path} × ${role} → deny (platform admins only)`, async () => {
        expect(await outcome(invoke(tokens.get(role)!, path))).toBe('FORBIDDEN');
      });
    }
  }

  it('API keys act with their own scopes only', async () => {
    const owner = tokens.get('owner')!;
    const created = await h.call(owner).admin.apiKeys.create({ name: 'Ekspor laporan', permissions: ['admin.users.read'] });
    expect(created.key).toMatch(/^rrk_[0-9a-f]{32}_/);
    expect(await outcome(h.call(created.key).admin.users.list())).toBe('OK');
    expect(await outcome(h.call(created.key).admin.settings.get())).toBe('FORBIDDEN');
    const viewer = tokens.get('viewer')!;
    expect(await outcome(h.call(viewer).admin.apiKeys.create({ name: 'x-key', permissions: ['admin.users.read'] }))).toBe('FORBIDDEN');
    // an admin cannot mint a key with more than it has
    expect(await outcome(h.call(tokens.get('billing')!).admin.apiKeys.list())).toBe('FORBIDDEN');
    await h.call(owner).admin.apiKeys.revoke({ id: created.id });
    expect(await outcome(h.call(created.key).admin.users.list())).toBe('UNAUTHENTICATED');
    const [row] = await h.system`SELECT key_hash, last_used_at FROM tenant_api_keys WHERE id = ${created.id}`;
    // the secret is base64url and may itself contain '_': take everything after the id
    const secret = created.key.slice(created.key.indexOf('_', 4) + 1);
    expect(secret.length).toBeGreaterThan(20);
    expect(row!.key_hash).not.toContain(secret);
    expect(row!.last_used_at).not.toBeNull();
  });
});
