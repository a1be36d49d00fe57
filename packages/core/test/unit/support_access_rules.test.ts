import { describe, expect, it } from 'vitest';
import { supportGrantExpiry, supportGrantState } from '../../src/admin/support_access_rules';

const at = (iso: string) => new Date(iso);

describe('support access grants', () => {
  const grant = { expires_at: at('2026-12-05T12:00:00Z'), revoked_at: null };
  it('is active until it expires, and not at the instant it expires', () => {
    expect(supportGrantState(grant, at('2026-12-05T11:59:59Z'))).toBe('active');
    expect(supportGrantState(grant, at('2026-12-05T12:00:00Z'))).toBe('expired');
  });
  it('a revoked grant is revoked from that instant, even before its end', () => {
    const revoked = { ...grant, revoked_at: at('2026-12-05T09:00:00Z') };
    expect(supportGrantState(revoked, at('2026-12-05T08:59:59Z'))).toBe('active');
    expect(supportGrantState(revoked, at('2026-12-05T09:00:00Z'))).toBe('revoked');
    expect(supportGrantState(revoked, at('2026-12-06T00:00:00Z'))).toBe('revoked');
  });
  it('ends the given hours later, across a day and a month end', () => {
    expect(supportGrantExpiry(at('2026-11-30T22:00:00Z'), 4).toISOString()).toBe('2026-12-01T02:00:00.000Z');
    expect(supportGrantExpiry(at('2026-12-05T00:00:00Z'), 168).toISOString()).toBe('2026-12-12T00:00:00.000Z');
  });
});
