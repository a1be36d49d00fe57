import { describe, expect, it } from 'vitest';
import { RouterOsError } from '@rrnet/routeros';
import type { PppSecret, PppSecretInput, PppSecretPatch, RouterOsClient } from '@rrnet/routeros';
import { applyDrift, computeDrift, desiredSecret, secretComment } from '../../src/network/reconcile';
import type { IsolirPolicy, SecretOwner } from '../../src/network/reconcile';

const owner = (name: string, status: SecretOwner['status'], profile = 'home-10m'): SecretOwner => ({
  customer_id: `00000000-0000-4000-8000-${name.padStart(12, '0').slice(-12).replace(/[^0-9]/g, '0')}`,
  pppoe_username: name,
  status,
  plan_profile: profile,
  password: `pw-${name}`,
  code: `C-${name}`,
});
const secret = (name: string, profile: string, disabled = false, password = `pw-${name}`): PppSecret => ({
  id: `*${name}`,
  name,
  password,
  profile,
  service: 'pppoe',
  disabled,
  comment: null,
});
const byProfile = { mode: 'profile' as const, profile: 'isolir' };
const byDisable = { mode: 'disable' as const, profile: 'isolir' };

describe('desired secret per customer status', () => {
  it('active → plan profile, isolated → isolir profile or disabled, suspended → disabled, terminated → none', () => {
    expect(desiredSecret(owner('a', 'active'), byProfile)).toMatchObject({ profile: 'home-10m', disabled: false });
    expect(desiredSecret(owner('b', 'isolated'), byProfile)).toMatchObject({ profile: 'isolir', disabled: false });
    expect(desiredSecret(owner('b', 'isolated'), byDisable)).toMatchObject({ profile: 'home-10m', disabled: true });
    expect(desiredSecret(owner('c', 'suspended'), byProfile)).toMatchObject({ profile: 'home-10m', disabled: true });
    expect(desiredSecret(owner('d', 'terminated'), byProfile)).toBeNull();
  });
});

describe('computeDrift', () => {
  it('finds nothing when the router matches', () => {
    const owners = [owner('a', 'active'), owner('b', 'isolated'), owner('c', 'suspended'), owner('d', 'terminated')];
    const actual = [secret('a', 'home-10m'), secret('b', 'isolir'), secret('c', 'home-10m', true)];
    expect(computeDrift(owners, actual, byProfile)).toEqual([]);
  });

  it('names each kind once, most important first per secret', () => {
    const owners = [owner('a', 'active'), owner('b', 'active'), owner('c', 'isolated'), owner('d', 'active'), owner('e', 'terminated')];
    const actual = [
      secret('b', 'default'), // wrong profile
      secret('c', 'home-10m', false), // isolated but still on its plan → wrong profile (profile mode)
      secret('d', 'home-10m', true, 'other'), // disabled and wrong password → wrong_state wins
      secret('e', 'home-10m'), // terminated customer still on the router → extra
      secret('x', 'default'), // unknown → extra
    ];
    expect(computeDrift(owners, actual, byProfile).map((d) => [d.pppoe_username, d.kind])).toEqual([
      ['a', 'missing'],
      ['b', 'wrong_profile'],
      ['c', 'wrong_profile'],
      ['d', 'wrong_state'],
      ['e', 'extra'],
      ['x', 'extra'],
    ]);
  });

  it('a wrong password alone is drift', () => {
    expect(computeDrift([owner('a', 'active')], [secret('a', 'home-10m', false, 'changed')], byProfile)).toMatchObject([{ kind: 'wrong_password' }]);
  });

  it('with a scope, compares only those usernames (one customer’s provisioning)', () => {
    const owners = [owner('a', 'active'), owner('b', 'active')];
    expect(computeDrift(owners, [secret('z', 'default')], byProfile, new Set(['a']))).toMatchObject([{ pppoe_username: 'a', kind: 'missing' }]);
  });

  it('ignores secrets of other services (e.g. a site-to-site l2tp login)', () => {
    expect(computeDrift([], [{ ...secret('vpn', 'default'), service: 'l2tp' }], byProfile)).toEqual([]);
  });
});

/**
 * The four calls applyDrift makes, over an in-memory secret table: every call is recorded,
 * and a username in `failFor` makes any call about it fail as the router would.
 */
class MemoryRouter {
  secrets: PppSecret[];
  calls: string[] = [];
  failFor = new Map<string, unknown>();
  private nextId = 100;

  constructor(secrets: PppSecret[]) {
    this.secrets = secrets.map((s) => ({ ...s }));
  }

  private check(name: string) {
    if (this.failFor.has(name)) throw this.failFor.get(name);
  }

  async createSecret(input: PppSecretInput): Promise<PppSecret> {
    this.calls.push(`create ${input.name}`);
    this.check(input.name);
    const created: PppSecret = { id: `*${(this.nextId++).toString(16)}`, service: 'any', disabled: false, comment: null, ...input };
    this.secrets.push(created);
    return created;
  }

  async updateSecret(id: string, patch: PppSecretPatch): Promise<PppSecret> {
    const secret = this.secrets.find((s) => s.id === id);
    if (!secret) throw new RouterOsError({ kind: 'not_found', routerKey: 'r1', status: 404, message: `PATCH /ppp/secret/${id} → 404` });
    this.calls.push(`update ${secret.name}`);
    this.check(secret.name);
    Object.assign(secret, patch);
    return secret;
  }

  async removeSecret(id: string): Promise<void> {
    const secret = this.secrets.find((s) => s.id === id);
    this.calls.push(`remove ${secret?.name ?? id}`);
    if (secret) this.check(secret.name);
    this.secrets = this.secrets.filter((s) => s.id !== id);
  }

  async kickByName(name: string): Promise<number> {
    this.calls.push(`kick ${name}`);
    return 1;
  }

  get client(): RouterOsClient {
    return this as unknown as RouterOsClient;
  }
}

async function reconcile(owners: SecretOwner[], actual: PppSecret[], isolir: IsolirPolicy) {
  const router = new MemoryRouter(actual);
  const drift = computeDrift(owners, router.secrets, isolir);
  const result = await applyDrift(router.client, drift, owners, isolir, router.secrets);
  return { router, drift, result };
}

describe('applyDrift', () => {
  it('creates a missing secret as RRNet wants it, marked as managed, without kicking anyone', async () => {
    const { router, result } = await reconcile([owner('a', 'active'), owner('c', 'suspended')], [], byProfile);
    expect(result).toEqual({ fixed: 2, failed: [] });
    expect(router.calls).toEqual(['create a', 'create c']);
    expect(router.secrets.find((s) => s.name === 'a')).toMatchObject({ password: 'pw-a', profile: 'home-10m', disabled: false, service: 'pppoe', comment: secretComment('C-a') });
    expect(router.secrets.find((s) => s.name === 'c')).toMatchObject({ disabled: true, profile: 'home-10m' });
  });

  it('kicks the session after a state or profile fix, so it redials into the new one; not after a password fix', async () => {
    const owners = [owner('a', 'active'), owner('b', 'isolated'), owner('d', 'active')];
    const actual = [secret('a', 'home-10m', true), secret('b', 'home-10m'), secret('d', 'home-10m', false, 'old')];
    const { router, drift, result } = await reconcile(owners, actual, byProfile);
    expect(drift.map((d) => d.kind)).toEqual(['wrong_state', 'wrong_profile', 'wrong_password']);
    expect(result).toEqual({ fixed: 3, failed: [] });
    expect(router.calls).toEqual(['update a', 'kick a', 'update b', 'kick b', 'update d']);
    expect(router.secrets.map((s) => [s.name, s.profile, s.disabled, s.password])).toEqual([
      ['a', 'home-10m', false, 'pw-a'],
      ['b', 'isolir', false, 'pw-b'],
      ['d', 'home-10m', false, 'pw-d'],
    ]);
  });

  it('isolates by disabling when the tenant’s policy says so, and kicks the session off', async () => {
    const { router, result } = await reconcile([owner('b', 'isolated')], [secret('b', 'home-10m')], byDisable);
    expect(result.fixed).toBe(1);
    expect(router.calls).toEqual(['update b', 'kick b']);
    expect(router.secrets[0]).toMatchObject({ profile: 'home-10m', disabled: true });
  });

  it('removes an extra secret and kicks its session; one already gone from the router is only kicked', async () => {
    const router = new MemoryRouter([secret('x', 'default'), secret('e', 'home-10m')]);
    const drift = computeDrift([owner('e', 'terminated')], router.secrets, byProfile);
    const ghost = { ...drift[0]!, pppoe_username: 'ghost' };
    const result = await applyDrift(router.client, [...drift, ghost], [owner('e', 'terminated')], byProfile, router.secrets);
    expect(result).toEqual({ fixed: 3, failed: [] });
    expect(router.calls).toEqual(['remove e', 'kick e', 'remove x', 'kick x', 'kick ghost']);
    expect(router.secrets).toEqual([]);
  });

  it('skips drift it can no longer fix: a customer gone from the owners, or terminated since the check', async () => {
    const router = new MemoryRouter([]);
    const drift = computeDrift([owner('a', 'active'), owner('t', 'active')], [], byProfile);
    const now = [owner('t', 'terminated')];
    const result = await applyDrift(router.client, drift, now, byProfile, router.secrets);
    expect(result).toEqual({ fixed: 0, failed: [] });
    expect(router.calls).toEqual([]);
  });

  it('goes on after a failure and reports each failed username with the router’s message', async () => {
    const owners = [owner('a', 'active'), owner('b', 'active'), owner('c', 'active')];
    const router = new MemoryRouter([secret('b', 'default')]);
    router.failFor.set('a', new RouterOsError({ kind: 'conflict', routerKey: 'r1', status: 400, message: 'failure: secret with the same name already exists' }));
    router.failFor.set('b', 'socket hang up');
    const drift = computeDrift(owners, router.secrets, byProfile);
    const result = await applyDrift(router.client, drift, owners, byProfile, router.secrets);
    expect(result).toEqual({
      fixed: 1,
      failed: [
        { pppoe_username: 'a', error: 'failure: secret with the same name already exists' },
        { pppoe_username: 'b', error: 'socket hang up' },
      ],
    });
    expect(router.calls).toEqual(['create a', 'update b', 'create c']);
  });

  it('leaves no drift behind, under both isolir policies', async () => {
    const owners = [
      owner('a', 'active'),
      owner('b', 'isolated'),
      owner('c', 'suspended'),
      owner('d', 'active', 'home-20m'),
      owner('e', 'terminated'),
      owner('f', 'isolated'),
    ];
    const actual = [
      secret('b', 'home-10m'),
      secret('c', 'home-10m'),
      secret('d', 'home-10m', true, 'old'),
      secret('e', 'home-10m'),
      secret('f', 'isolir', true),
      secret('x', 'default'),
      { ...secret('vpn', 'default'), service: 'l2tp' },
    ];
    for (const policy of [byProfile, byDisable]) {
      const { router, drift, result } = await reconcile(owners, actual, policy);
      expect(result).toEqual({ fixed: drift.length, failed: [] });
      expect(computeDrift(owners, router.secrets, policy)).toEqual([]);
      // the site-to-site login is not RRNet's and stays
      expect(router.secrets.some((s) => s.name === 'vpn')).toBe(true);
    }
  });
});
