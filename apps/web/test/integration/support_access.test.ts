/**
 * Support access (issue #17) over HTTP: platform staff cannot read an ISP's data until the
 * ISP grants time-limited support access (audited, revocable, visible to the ISP); while it
 * is in effect the platform reads the ISP's audit trail with personal data unmasked, each
 * read landing in the ISP's own trail; revoking ends it at once, as does its expiry. Another
 * ISP's grant never opens this one. Every answer is checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, SupportAccess } from '@rrnet/contracts';
import { dataOf, startRestHarness } from './rest_harness';
import type { RestHarness } from './rest_harness';

let h: RestHarness;
let ownerA: string;
let ownerB: string;
let platform: string;
let tenantA: string;
let tenantB: string;

const data = dataOf;
const ispEvents = (tenantId: string, query = '') => h.call('GET', `/platform/tenants/${tenantId}/audit-events?${query}`, { token: platform });

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 100 });
  ownerA = await h.login('owner@sinarnet.demo');
  ownerB = await h.login('owner@parahyangan.demo');
  platform = await h.login('admin@rrnet.demo');
  tenantA = (await h.admin<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = 'sinar-net'`)[0]!.id;
  tenantB = (await h.admin<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = 'parahyangan-link'`)[0]!.id;
  // an audited change carrying personal data: the ISP's phone
  expect((await h.call('PATCH', '/admin/settings', { token: ownerA, body: { company_phone: '+6281234567890' } })).status).toBe(200);
}, 120_000);
afterAll(async () => h?.close());

describe('support access', () => {
  it('refuses the platform an ISP’s trail without a grant (403), and tells the platform there is none', async () => {
    const refused = await ispEvents(tenantA);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error_code: 'FORBIDDEN' });
    expect(data<{ support_access_until: string | null }>(await h.call('GET', `/platform/tenants/${tenantA}`, { token: platform })).support_access_until).toBeNull();
    const none = data<SupportAccess>(await h.call('GET', '/admin/support-access', { token: ownerA }));
    expect(none.active).toBeNull();
    // the demo's onboarding grant, long over
    expect(none.history.map((g) => g.state)).toEqual(['expired']);
  });

  it('a grant lets the platform read the trail unmasked for its hours; each read is in the ISP’s own trail', async () => {
    const granted = data<SupportAccess>(await h.call('POST', '/admin/support-access', { token: ownerA, body: { hours: 4, reason: 'Ticket RR-123: invoices look wrong' } }));
    expect(granted.active).toMatchObject({ state: 'active', reason: 'Ticket RR-123: invoices look wrong', granted_by_name: expect.any(String) });
    const hours = (new Date(granted.active!.expires_at).getTime() - new Date(granted.active!.created_at).getTime()) / 3_600_000;
    expect(hours).toBe(4);
    const detail = data<{ support_access_until: string | null }>(await h.call('GET', `/platform/tenants/${tenantA}`, { token: platform }));
    expect(new Date(detail.support_access_until!).getTime()).toBe(new Date(granted.active!.expires_at).getTime());

    const page = data<AuditPage>(await ispEvents(tenantA, 'table_name=tenant_settings&limit=5'));
    expect(page.pii_masked).toBe(false);
    // the ISP's change is there, as the ISP itself reads it unmasked
    const own = data<AuditPage>(await h.call('GET', '/admin/audit-events?table_name=tenant_settings&limit=5', { token: ownerA }));
    expect(page.items.map((e) => e.id)).toEqual(own.items.map((e) => e.id));
    expect(page.items[0]!.changed_keys).toContain('company_phone');
    expect(page.items[0]!.new_values).toEqual(own.items[0]!.new_values);
    // the ISP sees the read, by whom, in its own trail
    const reads = data<AuditPage>(await h.call('GET', '/admin/audit-events?action=support.audit_read', { token: ownerA }));
    expect(reads.items.length).toBeGreaterThanOrEqual(1);
    const [admin] = await h.admin<{ id: string }[]>`SELECT id FROM sys_users WHERE email = 'admin@rrnet.demo'`;
    expect(reads.items[0]).toMatchObject({ action: 'support.audit_read', actor_user_id: admin!.id });
    // the grant itself is audited too
    const grants = data<AuditPage>(await h.call('GET', '/admin/audit-events?table_name=tenant_support_grants', { token: ownerA }));
    expect(grants.items.length).toBeGreaterThanOrEqual(1);
    // ISP A's grant does not open ISP B
    expect((await ispEvents(tenantB)).status).toBe(403);
  });

  it('granting again replaces the grant in effect; revoking ends it at once; a grant over is 409', async () => {
    const first = data<SupportAccess>(await h.call('GET', '/admin/support-access', { token: ownerA })).active!;
    const second = data<SupportAccess>(await h.call('POST', '/admin/support-access', { token: ownerA, body: { hours: 1, reason: 'Follow-up on RR-123' } }));
    expect(second.active!.id).not.toBe(first.id);
    expect(second.history.find((g) => g.id === first.id)).toMatchObject({ state: 'revoked', revoked_by_name: expect.any(String) });
    expect(second.history.filter((g) => g.state === 'active')).toHaveLength(1);

    const revoked = data<SupportAccess>(await h.call('POST', `/admin/support-access/${second.active!.id}/revoke`, { token: ownerA }));
    expect(revoked.active).toBeNull();
    expect((await ispEvents(tenantA)).status).toBe(403);
    const again = await h.call('POST', `/admin/support-access/${second.active!.id}/revoke`, { token: ownerA });
    expect(again.status).toBe(409);
    // another ISP's grant id is not found in this one (RLS)
    const other = data<SupportAccess>(await h.call('POST', '/admin/support-access', { token: ownerB, body: { hours: 2, reason: 'Router question' } }));
    expect((await h.call('POST', `/admin/support-access/${other.active!.id}/revoke`, { token: ownerA })).status).toBe(404);
  });

  it('an expired grant opens nothing', async () => {
    const g = data<SupportAccess>(await h.call('POST', '/admin/support-access', { token: ownerA, body: { hours: 2, reason: 'Expiry check' } }));
    expect((await ispEvents(tenantA)).status).toBe(200);
    // as if two hours had passed: the grant's times moved back, its length kept
    await h.admin`UPDATE tenant_support_grants SET created_at = created_at - interval '3 hours', expires_at = expires_at - interval '3 hours' WHERE id = ${g.active!.id}`;
    expect((await ispEvents(tenantA)).status).toBe(403);
    const after = data<SupportAccess>(await h.call('GET', '/admin/support-access', { token: ownerA }));
    expect(after.active).toBeNull();
    expect(after.history.find((x) => x.id === g.active!.id)).toMatchObject({ state: 'expired' });
  });

  it('refuses bad input with field messages, and roles without admin.support.manage', async () => {
    const bad = await h.call('POST', '/admin/support-access', { token: ownerA, body: { hours: 500, reason: 'no' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { hours: expect.any(String), reason: expect.any(String) } });
    const viewer = await h.login('viewer@sinarnet.demo');
    expect((await h.call('GET', '/admin/support-access', { token: viewer })).status).toBe(403);
    expect((await h.call('GET', `/platform/tenants/${tenantA}/audit-events`, { token: ownerA })).status).toBe(403);
    expect((await h.call('GET', '/platform/tenants/00000000-0000-4000-8000-000000000000/audit-events', { token: platform })).status).toBe(404);
  });
});
