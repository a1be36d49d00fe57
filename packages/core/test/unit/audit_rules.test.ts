import { describe, expect, it } from 'vitest';
import { maskPii } from '@rrnet/logger';
import { breakReasonCode, changedKeys, decodeAuditCursor, encodeAuditCursor, isPiiKey, maskAuditValues } from '../../src/admin/audit_rules';

describe('maskAuditValues', () => {
  it('masks personal data at any depth and leaves the rest', () => {
    const masked = maskAuditValues({
      ip: '203.0.113.77',
      user_agent: 'Firefox',
      customer: { phone: '+6281234567890', name: 'Budi', contacts: [{ owner_email: 'budi@example.id' }] },
      amount: 150_000,
      address: null,
    });
    expect(masked).toEqual({
      ip: maskPii('203.0.113.77'),
      user_agent: 'Firefox',
      customer: { phone: maskPii('+6281234567890'), name: 'Budi', contacts: [{ owner_email: maskPii('budi@example.id') }] },
      amount: 150_000,
      address: null,
    });
    expect(maskAuditValues(null)).toBeNull();
  });

  it('knows the personal keys', () => {
    for (const key of ['phone', 'email', 'address', 'national_id', 'to_phone', 'company_phone', 'ip', 'contact_phone', 'billing_email']) expect(isPiiKey(key), key).toBe(true);
    for (const key of ['name', 'status', 'tunnel_address_block', 'pppoe_username']) expect(isPiiKey(key), key).toBe(false);
  });
});

describe('changedKeys', () => {
  it('lists the keys that differ, sorted; none for an INSERT or DELETE', () => {
    expect(changedKeys({ a: 1, b: { x: 1 }, c: 'same' }, { a: 2, b: { x: 1 }, c: 'same', d: true })).toEqual(['a', 'd']);
    expect(changedKeys(null, { a: 1 })).toEqual([]);
    expect(changedKeys({ a: 1 }, null)).toEqual([]);
  });
});

describe('the keyset cursor', () => {
  it('round-trips and refuses anything else', () => {
    const c = encodeAuditCursor('2026-01-31T23:59:59.123456Z', '42');
    expect(decodeAuditCursor(c)).toEqual(['2026-01-31T23:59:59.123456Z', '42']);
    for (const bad of ['', 'x', Buffer.from('["2026-01-31", "42"]').toString('base64url'), Buffer.from('["2026-01-31T23:59:59.123456Z", "4x"]').toString('base64url')]) {
      expect(() => decodeAuditCursor(bad)).toThrow(/cursor/);
    }
  });
});

describe('breakReasonCode', () => {
  it('names sys_audit_verify’s reasons', () => {
    expect(breakReasonCode(null)).toBeNull();
    expect(breakReasonCode('prev_hash does not link to the previous row')).toBe('link');
    expect(breakReasonCode('row content does not match its hash')).toBe('content');
    expect(breakReasonCode('rows missing at the end of the chain')).toBe('tail');
  });
});
