/**
 * The shell's banner for an ISP behind with RRNet: which notice its standing calls for, read
 * from the same entitlements the API's chain enforces (stood in for here), and nothing —
 * never an error page — without an ISP or when they cannot be read.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Entitlements } from '@rrnet/core/saas/entitlements';
import type { WebSessionClaims } from '@rrnet/auth';

const state = vi.hoisted(() => ({
  claims: null as Partial<WebSessionClaims> | null,
  entitlements: null as unknown,
  failure: null as Error | null,
}));

vi.mock('~/server/auth', () => ({ webSessionClaims: async () => state.claims }));
vi.mock('~/server/services', () => ({ services: () => ({}) }));
vi.mock('@rrnet/core/saas/entitlements', () => ({
  loadEntitlements: async () => {
    if (state.failure) throw state.failure;
    return state.entitlements;
  },
}));

const { accountNoticeOf, tenantAccountNotice } = await import('~/lib/tenant_account');

type Standing = Pick<Entitlements, 'status' | 'suspension_reason' | 'subscription_status'>;
const standing = (s: Partial<Standing>): Standing => ({ status: 'active', suspension_reason: null, subscription_status: 'active', ...s });

beforeEach(() => {
  state.claims = { tid: '8192a3b4-c5d6-4e7f-9011-a2b3c4d5e6f7' };
  state.entitlements = null;
  state.failure = null;
});

describe('accountNoticeOf', () => {
  it('says past due, suspended for unpaid invoices, or suspended by RRNet staff', () => {
    expect(accountNoticeOf(standing({}))).toBeNull();
    expect(accountNoticeOf(standing({ subscription_status: 'trialing' }))).toBeNull();
    expect(accountNoticeOf(standing({ subscription_status: 'past_due' }))).toBe('past_due');
    expect(accountNoticeOf(standing({ status: 'suspended', suspension_reason: 'dunning', subscription_status: 'past_due' }))).toBe('suspended');
    expect(accountNoticeOf(standing({ status: 'suspended', suspension_reason: 'abuse reported' }))).toBe('suspended_staff');
  });
});

describe('tenantAccountNotice', () => {
  it('reads the signed-in ISP’s standing', async () => {
    state.entitlements = standing({ subscription_status: 'past_due' });
    await expect(tenantAccountNotice()).resolves.toBe('past_due');
  });

  it('is null without an ISP, for an unknown one, or when the entitlements cannot be read', async () => {
    state.claims = { tid: null } as Partial<WebSessionClaims>;
    await expect(tenantAccountNotice()).resolves.toBeNull();
    state.claims = { tid: '8192a3b4-c5d6-4e7f-9011-a2b3c4d5e6f7' };
    await expect(tenantAccountNotice()).resolves.toBeNull();
    state.failure = new Error('connect ECONNREFUSED');
    await expect(tenantAccountNotice()).resolves.toBeNull();
  });
});
