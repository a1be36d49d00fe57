/**
 * Custom roles (issue #17) over HTTP, on real Postgres and Redis: an ISP's owner makes a
 * role that grants only customers.customers.read and gives it to a technician, who then
 * reads customers but is refused writing them (and everything else the technician role
 * had); granting customers.customers.manage lets the write through on the next request
 * (the chain's cache dropped after the commit), revoking it refuses again. A platform or
 * unknown permission is a 400 naming the entry; deleting a role someone holds is 409;
 * another ISP neither sees the role nor can give it to its members. Every answer is
 * checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomRole, Me, TenantUser } from '@rrnet/contracts';
import { dataOf, startRestHarness } from './rest_harness';
import type { RestHarness } from './rest_harness';

let h: RestHarness;
let ownerA: string;
let ownerB: string;
let technicianId: string;
let customerId: string;
let role: CustomRole;

const data = dataOf;

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 100 });
  ownerA = await h.login('owner@sinarnet.demo');
  ownerB = await h.login('owner@parahyangan.demo');
  technicianId = (await h.admin<{ id: string }[]>`SELECT id FROM sys_users WHERE email = 'teknisi@sinarnet.demo'`)[0]!.id;
  customerId = (await h.admin<{ id: string }[]>`
    SELECT c.id FROM tenant_customers c JOIN saas_tenants t ON t.id = c.tenant_id WHERE t.slug = 'sinar-net' ORDER BY c.code LIMIT 1`)[0]!.id;
}, 120_000);
afterAll(async () => h?.close());

describe('a custom role granting and revoking a permission', () => {
  let technician: string;
  const rename = (name: string) => h.call('PATCH', `/customers/customers/${customerId}`, { token: technician, body: { name } });

  it('is made from a template with only customers.customers.read and given to a technician', async () => {
    role = data<CustomRole>(
      await h.call('POST', '/admin/custom-roles', {
        token: ownerA,
        body: { name: 'Pembaca pelanggan', description: 'Hanya melihat pelanggan', base_role: 'technician', permissions: ['customers.customers.read'] },
      }),
    );
    expect(role).toMatchObject({ name: 'Pembaca pelanggan', base_role: 'technician', permissions: ['customers.customers.read'], members: 0 });
    const user = data<TenantUser>(await h.call('PATCH', `/admin/users/${technicianId}`, { token: ownerA, body: { custom_role_id: role.id } }));
    expect(user).toMatchObject({ role: 'technician', custom_role_id: role.id, custom_role_name: 'Pembaca pelanggan' });
    technician = await h.login('teknisi@sinarnet.demo');
    const me = data<Me>(await h.call('GET', '/auth/me', { token: technician }));
    expect(me.permissions).toEqual(['customers.customers.read']);
    expect(me.role).toBe('technician');
  });

  it('lets the member read customers, and refuses writing them and what the built-in role had', async () => {
    const list = data<{ items: unknown[] }>(await h.call('GET', '/customers/customers?limit=2', { token: technician }));
    expect(list.items.length).toBe(2);
    const write = await rename('Nama Baru Satu');
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ status: 'error', error_code: 'FORBIDDEN', details: { permission: 'customers.customers.manage' } });
    // the technician role reads routers; this role does not
    expect((await h.call('GET', '/network/routers', { token: technician })).status).toBe(403);
  });

  it('grants the write on the member’s next request once the role changes, and takes it back when revoked', async () => {
    const granted = data<CustomRole>(
      await h.call('PATCH', `/admin/custom-roles/${role.id}`, { token: ownerA, body: { permissions: ['customers.customers.read', 'customers.customers.manage'] } }),
    );
    expect(granted).toMatchObject({ permissions: ['customers.customers.read', 'customers.customers.manage'], members: 1 });
    const allowed = await rename('Nama Baru Dua');
    expect(allowed.status).toBe(200);
    expect((allowed.body.data as { name: string }).name).toBe('Nama Baru Dua');
    const me = data<Me>(await h.call('GET', '/auth/me', { token: technician }));
    expect([...me.permissions].sort()).toEqual(['customers.customers.manage', 'customers.customers.read']);

    data<CustomRole>(await h.call('PATCH', `/admin/custom-roles/${role.id}`, { token: ownerA, body: { permissions: ['customers.customers.read'] } }));
    const refused = await rename('Nama Baru Tiga');
    expect(refused.status).toBe(403);
    const [row] = await h.admin<{ name: string }[]>`SELECT name FROM tenant_customers WHERE id = ${customerId}`;
    expect(row!.name).toBe('Nama Baru Dua');
  });

  it('is audited: the role’s changes and the assignment are in the ISP’s trail', async () => {
    const [n] = await h.admin<{ roles: number; memberships: number }[]>`
      SELECT count(*) FILTER (WHERE table_name = 'tenant_custom_roles' AND row_id LIKE ${`%${role.id}%`})::int AS roles,
             count(*) FILTER (WHERE table_name = 'tenant_memberships' AND action = 'UPDATE' AND row_id LIKE ${`%${technicianId}%`})::int AS memberships
      FROM sys_audit_logs`;
    // created, granted, revoked; assigned
    expect(n!.roles).toBe(3);
    expect(n!.memberships).toBe(1);
  });

  it('cannot be deleted while held (409), and can once the member has a built-in role again', async () => {
    const held = await h.call('DELETE', `/admin/custom-roles/${role.id}`, { token: ownerA });
    expect(held.status).toBe(409);
    expect(held.body).toMatchObject({ error_code: 'CONFLICT', details: { members: '1' } });

    const back = data<TenantUser>(await h.call('PATCH', `/admin/users/${technicianId}`, { token: ownerA, body: { role: 'technician' } }));
    expect(back).toMatchObject({ role: 'technician', custom_role_id: null });
    // the built-in role's permissions again, on the next request
    expect((await h.call('GET', '/network/routers', { token: technician })).status).toBe(200);
    expect((await rename('Nama Baru Empat')).status).toBe(403);

    const deleted = data<CustomRole>(await h.call('DELETE', `/admin/custom-roles/${role.id}`, { token: ownerA }));
    expect(deleted.id).toBe(role.id);
    const roles = data<CustomRole[]>(await h.call('GET', '/admin/custom-roles', { token: ownerA }));
    expect(roles.map((r) => r.id)).not.toContain(role.id);
  });
});

describe('what a custom role can never be', () => {
  it('grants no platform permission and no unknown one: 400 naming the entry', async () => {
    const platform = await h.call('POST', '/admin/custom-roles', {
      token: ownerA,
      body: { name: 'Terlalu kuat', base_role: 'admin', permissions: ['customers.customers.read', 'platform.tenants.manage'] },
    });
    expect(platform.status).toBe(400);
    expect(platform.body).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { 'permissions.1': 'A role of an ISP cannot grant platform permissions' } });
    const unknown = await h.call('POST', '/admin/custom-roles', {
      token: ownerA,
      body: { name: 'Salah ketik', base_role: 'viewer', permissions: ['customers.customer.read'] },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ details: { 'permissions.0': 'Unknown permission' } });
    const [n] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_custom_roles WHERE name IN ('Terlalu kuat', 'Salah ketik')`;
    expect(n!.n).toBe(0);
  });

  it('is given by nobody without admin.users.manage', async () => {
    const viewer = await h.login('viewer@sinarnet.demo');
    const refused = await h.call('POST', '/admin/custom-roles', { token: viewer, body: { name: 'Diam-diam', base_role: 'viewer' } });
    expect(refused.status).toBe(403);
  });

  it('is a name of its ISP’s own: a second with the same name is 409; a template without permissions takes the template’s', async () => {
    const made = data<CustomRole>(await h.call('POST', '/admin/custom-roles', { token: ownerA, body: { name: 'Penagih', base_role: 'billing' } }));
    expect(made.permissions).toContain('billing.payments.record');
    expect(made.permissions.some((p) => p.startsWith('platform.'))).toBe(false);
    const twice = await h.call('POST', '/admin/custom-roles', { token: ownerA, body: { name: 'penagih', base_role: 'viewer' } });
    expect(twice.status).toBe(409);
    // another ISP may use the same name
    const other = data<CustomRole>(await h.call('POST', '/admin/custom-roles', { token: ownerB, body: { name: 'Penagih', base_role: 'viewer' } }));
    expect(other.id).not.toBe(made.id);
  });

  it('is invisible to another ISP, which can neither change, delete nor give it (RLS)', async () => {
    const mine = data<CustomRole[]>(await h.call('GET', '/admin/custom-roles', { token: ownerA }));
    const theirs = data<CustomRole[]>(await h.call('GET', '/admin/custom-roles', { token: ownerB }));
    expect(mine.length).toBeGreaterThan(0);
    const mineIds = new Set(mine.map((r) => r.id));
    expect(theirs.some((r) => mineIds.has(r.id))).toBe(false);
    const target = mine[0]!;
    expect((await h.call('PATCH', `/admin/custom-roles/${target.id}`, { token: ownerB, body: { name: 'Diambil' } })).status).toBe(404);
    expect((await h.call('DELETE', `/admin/custom-roles/${target.id}`, { token: ownerB })).status).toBe(404);
    const viewerB = (await h.admin<{ id: string }[]>`SELECT id FROM sys_users WHERE email = 'viewer@parahyangan.demo'`)[0]!.id;
    const assign = await h.call('PATCH', `/admin/users/${viewerB}`, { token: ownerB, body: { custom_role_id: target.id } });
    expect(assign.status).toBe(404);
    const [m] = await h.admin<{ custom_role_id: string | null }[]>`SELECT custom_role_id FROM tenant_memberships WHERE user_id = ${viewerB}`;
    expect(m!.custom_role_id).toBeNull();
  });

  it('is not given to an owner (who holds every permission): 409', async () => {
    const ownerId = (await h.admin<{ id: string }[]>`SELECT id FROM sys_users WHERE email = 'owner@sinarnet.demo'`)[0]!.id;
    const roles = data<CustomRole[]>(await h.call('GET', '/admin/custom-roles', { token: ownerA }));
    const res = await h.call('PATCH', `/admin/users/${ownerId}`, { token: ownerA, body: { custom_role_id: roles[0]!.id } });
    expect(res.status).toBe(409);
  });
});
