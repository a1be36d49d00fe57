import { describe, expect, it } from 'vitest';
import { computeDrift, desiredSecret } from '../../src/network/reconcile';
import type { SecretOwner } from '../../src/network/reconcile';
import type { PppSecret } from '@rrnet/routeros';

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
