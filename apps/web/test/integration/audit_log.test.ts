/**
 * The audit trail, readable (issue #17, spec §9 "access: role_based") over HTTP: an ISP's
 * events filtered by actor, category, table, action, row and days of its calendar, keyset
 * pages, personal data masked for a reader without customers.pii.read, the hash chain
 * verified (and a tampered row found, the same one audit_maintenance names), the CSV export,
 * the platform's own chain, and refusals for roles without admin.audit.read. Every answer
 * is checked against the OpenAPI document.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent, AuditPage, AuditVerifyResult } from '@rrnet/contracts';
import { verifyAuditChains } from '@rrnet/db';
import { maskPii } from '@rrnet/logger';
import { dataOf, startRestHarness } from './rest_harness';
import type { RestHarness } from './rest_harness';

let h: RestHarness;
let ownerA: string;
let ownerB: string;
let platform: string;
let tenantA: string;
let tenantB: string;
let ownerAId: string;
let timezoneA: string;

const CLIENT_IP = '203.0.113.77';

type Event = AuditEvent;
type Page = AuditPage;
type Verify = AuditVerifyResult;

const data = dataOf;
const list = async (token: string, query: string) => data<Page>(await h.call('GET', `/admin/audit-events?${query}`, { token }));

async function loginFrom(email: string, ip: string): Promise<string> {
  const res = await h.call('POST', '/auth/login', { body: { email, password: 'rrnet-demo-2026' }, headers: { 'x-forwarded-for': ip } });
  return (res.body.data as { access_token: string }).access_token;
}

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 100 });
  ownerA = await loginFrom('owner@sinarnet.demo', CLIENT_IP);
  ownerB = await h.login('owner@parahyangan.demo');
  platform = await h.login('admin@rrnet.demo');
  const [a] = await h.admin<{ id: string; timezone: string }[]>`SELECT id, timezone FROM saas_tenants WHERE slug = 'sinar-net'`;
  tenantA = a!.id;
  timezoneA = a!.timezone;
  tenantB = (await h.admin<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = 'parahyangan-link'`)[0]!.id;
  ownerAId = (await h.admin<{ id: string }[]>`SELECT id FROM sys_users WHERE email = 'owner@sinarnet.demo'`)[0]!.id;
  // two audited changes by the owner: the ISP's phone twice
  for (const phone of ['+6281234567890', '+6281299988877']) {
    expect((await h.call('PATCH', '/admin/settings', { token: ownerA, body: { company_phone: phone } })).status).toBe(200);
  }
}, 120_000);
afterAll(async () => h?.close());

describe('listing the ISP’s audit events', () => {
  it('filters by table and shows old and new values with the changed keys, the actor named', async () => {
    const page = await list(ownerA, 'table_name=tenant_settings&action=UPDATE&actor_user_id=' + ownerAId);
    expect(page.items.length).toBe(2);
    const [newest, older] = page.items;
    expect(newest).toMatchObject({ category: 'data', action: 'UPDATE', table_name: 'tenant_settings', actor_user_id: ownerAId, actor_email: 'owner@sinarnet.demo' });
    expect(newest!.changed_keys).toContain('company_phone');
    // the trail itself keeps phones masked (sys_audit_mask): 2 + 2 characters shown
    expect(newest!.new_values!.company_phone).toBe('+6**********77');
    expect(newest!.old_values!.company_phone).toBe(older!.new_values!.company_phone);
    expect(Date.parse(newest!.occurred_at)).toBeGreaterThanOrEqual(Date.parse(older!.occurred_at));
    // the same rows as the table holds, and no other tenant's
    const [n] = await h.admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND table_name = 'tenant_settings' AND action = 'UPDATE' AND actor_user_id = ${ownerAId}`;
    expect(n!.n).toBe(2);
  });

  it('filters by row id and by category', async () => {
    const [row] = await h.admin<{ row_id: string; n: number }[]>`
      SELECT row_id, count(*)::int AS n FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND table_name = 'tenant_customers'
      GROUP BY row_id ORDER BY count(*) DESC, row_id LIMIT 1`;
    const byRow = await list(ownerA, `table_name=tenant_customers&row_id=${row!.row_id}&limit=200`);
    expect(byRow.items.length).toBe(row!.n);
    expect(new Set(byRow.items.map((e) => e.row_id))).toEqual(new Set([row!.row_id]));
    const auth = await list(ownerA, 'category=auth&limit=200');
    expect(auth.items.length).toBeGreaterThan(0);
    expect(auth.items.every((e) => e.category === 'auth')).toBe(true);
    expect(auth.items.map((e) => e.action)).toContain('auth.login_succeeded');
  });

  it('filters by days of the ISP’s calendar, `to` included', async () => {
    const [day] = await h.admin<{ d: string; n: number }[]>`
      SELECT to_char((occurred_at AT TIME ZONE ${timezoneA})::date, 'YYYY-MM-DD') AS d, count(*)::int AS n
      FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND table_name = 'tenant_settings'
      GROUP BY 1 ORDER BY 1 DESC LIMIT 1`;
    const sameDay = await list(ownerA, `table_name=tenant_settings&from=${day!.d}&to=${day!.d}&limit=200`);
    expect(sameDay.items.length).toBe(day!.n);
    const after = new Date(Date.parse(`${day!.d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect((await list(ownerA, `table_name=tenant_settings&from=${after}`)).items).toHaveLength(0);
    const refused = await h.call('GET', `/admin/audit-events?from=${after}&to=${day!.d}`, { token: ownerA });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: 'error', error_code: 'VALIDATION_FAILED' });
    for (const path of ['/admin/audit-events?from=0000-01-01', '/admin/audit-events/verify?to=2026-02-30', '/admin/audit-events/export?table_name=DROP%20TABLE']) {
      const bad = await h.call('GET', path, { token: ownerA });
      expect(bad.status, path).toBe(400);
      expect(bad.body, path).toMatchObject({ status: 'error', error_code: 'VALIDATION_FAILED' });
    }
  });

  it('pages with a keyset cursor: every event once, newest first, and refuses a forged cursor', async () => {
    const [n] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND category = 'auth'`;
    const seen: Event[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await list(ownerA, `category=auth&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen.length).toBe(n!.n);
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
    const keys = seen.map((e) => [Date.parse(e.occurred_at), BigInt(e.id)] as const);
    for (let i = 1; i < keys.length; i++) {
      const [t0, id0] = keys[i - 1]!;
      const [t1, id1] = keys[i]!;
      expect(t0 > t1 || (t0 === t1 && id0 > id1)).toBe(true);
    }
    const forged = await h.call('GET', '/admin/audit-events?cursor=bm90LWEtY3Vyc29y', { token: ownerA });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { cursor: expect.any(String) } });
  });

  it('shows an ISP only its own events', async () => {
    const mine = await list(ownerB, 'limit=200');
    expect(mine.items.length).toBeGreaterThan(0);
    const ids = mine.items.map((e) => e.id);
    const rows = await h.admin<{ tenant_id: string | null }[]>`SELECT DISTINCT tenant_id FROM sys_audit_logs WHERE id = ANY (${ids}::bigint[])`;
    expect(rows.map((r) => r.tenant_id)).toEqual([tenantB]);
    expect((await list(ownerB, 'table_name=tenant_settings&action=UPDATE&actor_user_id=' + ownerAId)).items).toHaveLength(0);
  });
});

describe('personal data', () => {
  it('is masked for a reader without customers.pii.read, and shown to the owner', async () => {
    const override = await h.call('PUT', `/platform/tenants/${tenantA}/features`, { token: platform, body: { feature: 'api_access', enabled: true, reason: 'an auditor reads the trail by API key' } });
    expect(override.status).toBe(200);
    const created = data<{ key: string }>(await h.call('POST', '/admin/api-keys', { token: ownerA, body: { name: 'auditor', permissions: ['admin.audit.read'] } }));
    const [raw] = await h.admin<{ id: string; ip: string }[]>`
      SELECT id::text AS id, new_values ->> 'ip' AS ip FROM sys_audit_logs
      WHERE tenant_id = ${tenantA} AND action = 'auth.login_succeeded' AND new_values ->> 'ip' = ${CLIENT_IP} ORDER BY id DESC LIMIT 1`;
    expect(raw).toBeDefined();
    const owner = await list(ownerA, 'action=auth.login_succeeded&limit=200');
    expect(owner.pii_masked).toBe(false);
    expect(owner.items.find((e) => e.id === raw!.id)!.new_values!.ip).toBe(CLIENT_IP);
    const auditor = await list(created.key, 'action=auth.login_succeeded&limit=200');
    expect(auditor.pii_masked).toBe(true);
    const masked = auditor.items.find((e) => e.id === raw!.id)!;
    expect(masked.new_values!.ip).toBe(maskPii(CLIENT_IP));
    expect(JSON.stringify(auditor.items)).not.toContain(CLIENT_IP);
    // the export masks as the list does
    const csv = data<{ csv: string }>(await h.call('GET', '/admin/audit-events/export?action=auth.login_succeeded', { token: created.key })).csv;
    expect(csv).not.toContain(CLIENT_IP);
    expect(csv).toContain(maskPii(CLIENT_IP));
  });
});

describe('the CSV export', () => {
  it('holds the filtered events with a header, newest first', async () => {
    const page = await list(ownerA, 'table_name=tenant_settings&limit=200');
    const answer = data<{ file_name: string; rows: number; truncated: boolean; csv: string; content_type: string }>(
      await h.call('GET', '/admin/audit-events/export?table_name=tenant_settings', { token: ownerA }),
    );
    expect(answer).toMatchObject({ rows: page.items.length, truncated: false, content_type: 'text/csv; charset=utf-8' });
    expect(answer.file_name).toMatch(/^audit-isp-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(answer.csv.startsWith('\uFEFF')).toBe(true);
    const records = parse(answer.csv.slice(1), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.id)).toEqual(page.items.map((e) => e.id));
    const first = records[0]!;
    expect(first).toMatchObject({ category: 'data', table_name: 'tenant_settings', actor_email: page.items[0]!.actor_email ?? '' });
    expect(JSON.parse(first.new_values!)).toEqual(page.items[0]!.new_values);
    expect(first.occurred_local).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('who may read it', () => {
  it('refuses roles without admin.audit.read (403) and ISPs on the platform’s chain', async () => {
    const technician = await h.login('teknisi@sinarnet.demo');
    const viewer = await h.login('viewer@sinarnet.demo');
    for (const token of [technician, viewer]) {
      for (const path of ['/admin/audit-events', '/admin/audit-events/verify', '/admin/audit-events/export']) {
        const answer = await h.call('GET', path, { token });
        expect(answer.status, path).toBe(403);
        expect(answer.body).toMatchObject({ status: 'error', error_code: 'FORBIDDEN' });
      }
    }
    expect((await h.call('GET', '/platform/audit-events', { token: ownerA })).status).toBe(403);
    expect((await h.call('GET', '/admin/audit-events', {})).status).toBe(401);
  });
});

describe('the platform’s own chain', () => {
  it('lists events with no ISP, verifies and exports them', async () => {
    const refused = await h.call('POST', '/auth/login', { body: { email: 'nobody@nowhere.test', password: 'wrong-password-1' } });
    expect(refused.status).toBe(401);
    const page = data<Page>(await h.call('GET', '/platform/audit-events?category=auth&limit=200', { token: platform }));
    expect(page.items.map((e) => e.action)).toContain('auth.login_failed');
    const ids = page.items.map((e) => e.id);
    const rows = await h.admin<{ tenant_id: string | null }[]>`SELECT DISTINCT tenant_id FROM sys_audit_logs WHERE id = ANY (${ids}::bigint[])`;
    expect(rows).toEqual([{ tenant_id: null }]);
    const v = data<Verify>(await h.call('GET', '/platform/audit-events/verify', { token: platform }));
    const [n] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_audit_logs WHERE tenant_id IS NULL`;
    expect(v).toMatchObject({ ok: true, checked: n!.n, first_broken_id: null });
    const csv = data<{ rows: number }>(await h.call('GET', '/platform/audit-events/export?category=auth', { token: platform }));
    expect(csv.rows).toBe(page.items.length);
  });
});

describe('verifying the chain', () => {
  it('answers OK with the rows checked, for the whole chain and for a period', async () => {
    const whole = data<Verify>(await h.call('GET', '/admin/audit-events/verify', { token: ownerA }));
    const [n] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_audit_logs WHERE tenant_id = ${tenantA}`;
    // events written while answering (none: a read) cannot change the count between the two
    expect(whole).toMatchObject({ ok: true, first_broken_id: null, reason: null, from: null, to: null });
    expect(whole.checked).toBe(n!.n);
    const [day] = await h.admin<{ d: string; n: number }[]>`
      SELECT to_char((occurred_at AT TIME ZONE ${timezoneA})::date, 'YYYY-MM-DD') AS d, count(*)::int AS n
      FROM sys_audit_logs WHERE tenant_id = ${tenantA} GROUP BY 1 ORDER BY 1 DESC LIMIT 1`;
    const period = data<Verify>(await h.call('GET', `/admin/audit-events/verify?from=${day!.d}&to=${day!.d}`, { token: ownerA }));
    expect(period).toMatchObject({ ok: true, checked: day!.n, from: day!.d, to: day!.d });
  });

  it('finds a tampered row: the first broken id, the same one audit_maintenance reports; other chains stay OK', async () => {
    const [victim] = await h.admin<{ id: string }[]>`
      SELECT id::text AS id FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND table_name = 'tenant_settings' AND action = 'UPDATE' ORDER BY id LIMIT 1`;
    // the superuser steps around the append-only trigger, as an intruder with the database would
    await h.admin.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`UPDATE sys_audit_logs SET new_values = jsonb_set(new_values, '{company_phone}', '"+6**********00"') WHERE id = ${victim!.id}::bigint`;
    });
    const broken = data<Verify>(await h.call('GET', '/admin/audit-events/verify', { token: ownerA }));
    expect(broken).toMatchObject({ ok: false, first_broken_id: victim!.id, reason: 'row content does not match its hash', reason_code: 'content' });
    const [before] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND id <= ${victim!.id}::bigint`;
    expect(broken.checked).toBe(before!.n);
    const maintenance = await verifyAuditChains(h.admin);
    expect(maintenance.find((c) => c.chain_id === tenantA)).toMatchObject({ ok: false, first_broken_id: victim!.id });
    expect(data<Verify>(await h.call('GET', '/admin/audit-events/verify', { token: ownerB })).ok).toBe(true);
    // a period that starts after the tampered row still verifies: its first row links to the row before it
    const [later] = await h.admin<{ at: string }[]>`
      SELECT to_char((occurred_at AT TIME ZONE ${timezoneA})::date + 1, 'YYYY-MM-DD') AS at FROM sys_audit_logs WHERE id = ${victim!.id}::bigint`;
    const afterIt = data<Verify>(await h.call('GET', `/admin/audit-events/verify?from=${later!.at}`, { token: ownerA }));
    expect(afterIt).toMatchObject({ ok: true, checked: 0 });
  });

  it('finds a removed row by the broken link of the row after it', async () => {
    const rows = await h.admin<{ id: string }[]>`
      SELECT id::text AS id FROM sys_audit_logs WHERE tenant_id = ${tenantB} ORDER BY id DESC LIMIT 2`;
    const [last, removed] = rows;
    await h.admin.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`DELETE FROM sys_audit_logs WHERE id = ${removed!.id}::bigint`;
    });
    const broken = data<Verify>(await h.call('GET', '/admin/audit-events/verify', { token: ownerB }));
    expect(broken).toMatchObject({ ok: false, first_broken_id: last!.id, reason: 'prev_hash does not link to the previous row', reason_code: 'link' });
  });
});
