/**
 * tenantFeatures is the glue between the web session and the entitlements cache; both are
 * replaced here by in-memory stand-ins, so what is tested is its own decisions: who has
 * no ISP, and that a failed read shows nothing rather than breaking the page.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entitlements } from '@rrnet/core/saas/entitlements';
import type { WebSessionClaims } from '@rrnet/auth';

const state = vi.hoisted(() => ({
  claims: null as Partial<WebSessionClaims> | null,
  entitlements: new Map<string, unknown>(),
  failure: null as Error | null,
  reads: [] as string[],
  services: { sql: 'sql', redis: 'redis', logger: 'logger' },
}));

vi.mock('~/server/auth', () => ({ webSessionClaims: async () => state.claims }));
vi.mock('~/server/services', () => ({ services: () => state.services }));
vi.mock('@rrnet/core/saas/entitlements', () => ({
  loadEntitlements: async (deps: unknown, tenantId: string) => {
    expect(deps).toBe(state.services);
    state.reads.push(tenantId);
    if (state.failure) throw state.failure;
    return state.entitlements.get(tenantId) ?? null;
  },
}));

const { tenantFeatures } = await import('~/lib/tenant_features');

const TENANT = '8192a3b4-c5d6-4e7f-9011-a2b3c4d5e6f7';
const entitlements = (features: Entitlements['features']): Partial<Entitlements> => ({ tenant_id: TENANT, status: 'active', features });

beforeEach(() => {
  state.claims = null;
  state.entitlements.clear();
  state.failure = null;
  state.reads = [];
});

describe('tenantFeatures', () => {
  it('is the plan features of the signed-in user’s ISP', async () => {
    state.claims = { tid: TENANT };
    state.entitlements.set(TENANT, entitlements(['customers', 'billing', 'payment_gateway']));
    await expect(tenantFeatures()).resolves.toEqual(['customers', 'billing', 'payment_gateway']);
    expect(state.reads).toEqual([TENANT]);
  });

  it('is an empty list, not null, for a plan without features (every area refused up front)', async () => {
    state.claims = { tid: TENANT };
    state.entitlements.set(TENANT, entitlements([]));
    await expect(tenantFeatures()).resolves.toEqual([]);
  });

  it('is null without a session, or for a user outside any ISP, without reading entitlements', async () => {
    await expect(tenantFeatures()).resolves.toBeNull();
    state.claims = { tid: null } as Partial<WebSessionClaims>;
    await expect(tenantFeatures()).resolves.toBeNull();
    state.claims = {};
    await expect(tenantFeatures()).resolves.toBeNull();
    expect(state.reads).toEqual([]);
  });

  it('is null for an ISP whose entitlements do not exist', async () => {
    state.claims = { tid: TENANT };
    await expect(tenantFeatures()).resolves.toBeNull();
    expect(state.reads).toEqual([TENANT]);
  });

  it('is null, not an error page, when the entitlements cannot be read (the API still enforces them)', async () => {
    state.claims = { tid: TENANT };
    state.failure = new Error('connect ECONNREFUSED 127.0.0.1:5432');
    await expect(tenantFeatures()).resolves.toBeNull();
  });
});
