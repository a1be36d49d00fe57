import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/client';
import { withTenant } from '../../src/tenant';
import { seededDatabase } from './seeded_database';
import type { SeededDatabase } from './seeded_database';

let db: SeededDatabase;
let system: postgres.Sql;
let app: ReturnType<typeof createDatabase>;

beforeAll(async () => {
  db = await seededDatabase();
  system = postgres(db.systemUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(db.appUrl, { max: 2 });
});
afterAll(async () => {
  await app.close();
  await system.end();
  await db.owner.end();
  await db.drop();
});

describe('audit trail', () => {
  it('holds the seed INSERTs of every tenant table for both tenants', async () => {
    const tables = await system<{ relname: string }[]>`
      SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p') AND relname LIKE 'tenant\\_%'`;
    const audited = await system<{ table_name: string; tenant_id: string }[]>`
      SELECT DISTINCT table_name, tenant_id FROM sys_audit_logs WHERE action = 'INSERT'`;
    for (const { relname } of tables) {
      for (const tenant of [db.tenantA, db.tenantB]) {
        expect(audited.some((a) => a.table_name === relname && a.tenant_id === tenant), `${relname} ${tenant}`).toBe(true);
      }
    }
  });

  it('records UPDATE and DELETE with actor, request id, old/new values and masked PII', async () => {
    const actor = (await system`SELECT user_id FROM tenant_memberships WHERE tenant_id = ${db.tenantA} AND role = 'admin'`)[0]!.user_id as string;
    const customerId = await withTenant(app.sql, { tenantId: db.tenantA, userId: actor, requestId: 'req-audit-1' }, async ({ sql }) => {
      const [c] = await sql`SELECT id FROM tenant_customers WHERE status = 'active' LIMIT 1`;
      await sql`UPDATE tenant_customers SET phone = '+6281299998888', name = 'Nama Baru' WHERE id = ${c!.id}`;
      await sql`DELETE FROM tenant_wa_templates WHERE language = 'en'`;
      return c!.id as string;
    });
    const [update] = await system`
      SELECT * FROM sys_audit_logs WHERE table_name = 'tenant_customers' AND action = 'UPDATE' AND row_id = ${customerId}`;
    expect(update).toMatchObject({ tenant_id: db.tenantA, actor_user_id: actor, request_id: 'req-audit-1', category: 'data' });
    expect(update!.new_values.name).toBe('Nama Baru');
    expect(update!.new_values.phone).toBe('+6**********88');
    expect(update!.new_values.pppoe_password_enc).toBe('[redacted]');
    expect(JSON.stringify(update)).not.toContain('+6281299998888');
    const [deleted] = await system`
      SELECT * FROM sys_audit_logs WHERE table_name = 'tenant_wa_templates' AND action = 'DELETE' AND tenant_id = ${db.tenantA}`;
    expect(deleted!.old_values.language).toBe('en');
    expect(deleted!.new_values).toBeNull();
  });

  it('records a one-row UPDATE once, with the row id, and nothing for one that changed no value', async () => {
    const maxBefore = Number((await system`SELECT coalesce(max(id), 0) AS id FROM sys_audit_logs`)[0]!.id);
    const id = await withTenant(app.sql, { tenantId: db.tenantB, requestId: 'req-one-row' }, async ({ sql }) => {
      const [c] = await sql`SELECT id, name FROM tenant_customers ORDER BY id LIMIT 1`;
      await sql`UPDATE tenant_customers SET name = name WHERE id = ${c!.id}`; // same values: nothing to record
      await sql`UPDATE tenant_customers SET name = ${`${c!.name as string} B`} WHERE id = ${c!.id}`;
      return c!.id as string;
    });
    const rows = await system`SELECT table_name, action, row_id, old_values, new_values, prev_hash IS NOT NULL AS linked FROM sys_audit_logs
                              WHERE id > ${maxBefore} AND request_id = 'req-one-row' ORDER BY id`;
    expect(rows.map((r) => [r.table_name, r.action, r.row_id, r.linked])).toEqual([['tenant_customers', 'UPDATE', id, true]]);
    expect(rows[0]!.new_values.name).toBe(`${rows[0]!.old_values.name as string} B`);
    expect(rows[0]!.new_values.phone).toMatch(/\*/); // masked on this path too
  });

  it('masks an image by its rules: secrets redacted, PII strings masked, a portal code’s text redacted, the rest as it was', async () => {
    const image = {
      id: 'x-1', name: 'Budi', code: 'C-1', attempts: 2, note: null, to_phone: '+6281234567890', phone: 42, email: 'abc',
      address: 'Jl. Merdeka 10', pppoe_password_enc: 'v1:abc', password_hash: 'h', token_hash: 't', content: 'secret',
      body: 'Kode anda 123456', params: ['123456'], template_code: 'portal_code', nested: { phone: '+62811' },
    };
    const [row] = await db.owner<{ portal: Record<string, unknown>; other: Record<string, unknown>; none: unknown; empty: unknown }[]>`
      SELECT sys_audit_mask(${JSON.stringify(image)}::text::jsonb) AS portal,
             sys_audit_mask(${JSON.stringify({ ...image, template_code: 'invoice_issued' })}::text::jsonb) AS other,
             sys_audit_mask(NULL) AS none, sys_audit_mask('{}'::jsonb) AS empty`;
    expect(row!.portal).toEqual({
      ...image,
      to_phone: '+6**********90', email: '***', address: 'Jl**********10', // PII strings: first and last two kept
      phone: 42, // not a string: as it was
      pppoe_password_enc: '[redacted]', password_hash: '[redacted]', token_hash: '[redacted]', content: '[redacted]',
      body: '[redacted]', params: '[redacted]', // a portal sign-in code's text
    });
    expect(row!.other).toMatchObject({ body: 'Kode anda 123456', params: ['123456'], nested: { phone: '+62811' }, name: 'Budi', attempts: 2, note: null });
    expect(row!.none).toBeNull();
    expect(row!.empty).toEqual({});
  });

  it('chains the records of a many-row statement one after another, each linked to the one before', async () => {
    const maxBefore = Number((await system`SELECT coalesce(max(id), 0) AS id FROM sys_audit_logs`)[0]!.id);
    const ids = await withTenant(app.sql, { tenantId: db.tenantB, requestId: 'req-many-rows' }, async ({ sql }) => {
      const rows = await sql<{ id: string }[]>`UPDATE tenant_customers SET name = name || ' M' WHERE id IN (SELECT id FROM tenant_customers ORDER BY id LIMIT 3) RETURNING id`;
      return rows.map((r) => r.id).sort();
    });
    const rows = await system<{ id: string; row_id: string; prev_hash: Buffer; hash: Buffer; request_id: string }[]>`
      SELECT id, row_id, prev_hash, hash, request_id FROM sys_audit_logs WHERE id > ${maxBefore} AND chain_id = ${db.tenantB} ORDER BY id`;
    expect(rows.map((r) => r.row_id).sort()).toEqual(ids);
    expect(rows.every((r) => r.request_id === 'req-many-rows')).toBe(true);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash.equals(rows[i - 1]!.hash)).toBe(true);
    const [head] = await system<{ last_id: string; last_hash: Buffer }[]>`SELECT last_id, last_hash FROM sys_audit_chain_heads WHERE chain_id = ${db.tenantB}`;
    expect(String(head!.last_id)).toBe(String(rows.at(-1)!.id));
    expect(head!.last_hash.equals(rows.at(-1)!.hash)).toBe(true);
  });

  it('records a bulk statement row by row, pairs old and new by key, skips unchanged rows and keeps each chain whole', async () => {
    const maxBefore = Number((await system`SELECT coalesce(max(id), 0) AS id FROM sys_audit_logs`)[0]!.id);
    const changed = await withTenant(app.sql, { tenantId: db.tenantA, requestId: 'req-bulk' }, async ({ sql }) => {
      const rows = await sql<{ id: string; name: string }[]>`SELECT id, name FROM tenant_customers ORDER BY code LIMIT 6`;
      // three renamed, three set to the value they already have (no audit record)
      await sql`
        UPDATE tenant_customers SET name = CASE WHEN id = ANY(${rows.slice(0, 3).map((r) => r.id)}::uuid[]) THEN name || ' (bulk)' ELSE name END
        WHERE id = ANY(${rows.map((r) => r.id)}::uuid[])`;
      return rows.slice(0, 3);
    });
    // statements that matched no row write nothing
    await withTenant(app.sql, { tenantId: db.tenantA, requestId: 'req-none' }, async ({ sql }) => {
      await sql`UPDATE tenant_customers SET name = 'nobody' WHERE id = '00000000-0000-4000-8000-000000000000'`;
      await sql`DELETE FROM tenant_customers WHERE id = '00000000-0000-4000-8000-000000000000'`;
      await sql`INSERT INTO tenant_wa_templates SELECT * FROM tenant_wa_templates WHERE false`;
    });
    expect(await system`SELECT id FROM sys_audit_logs WHERE request_id = 'req-none'`).toHaveLength(0);
    const records = await system<{ row_id: string; old_values: { name: string }; new_values: { name: string }; request_id: string }[]>`
      SELECT row_id, old_values, new_values, request_id FROM sys_audit_logs
      WHERE id > ${maxBefore} AND table_name = 'tenant_customers' AND action = 'UPDATE' ORDER BY id`;
    expect(records.map((r) => r.row_id).sort()).toEqual(changed.map((c) => c.id).sort());
    for (const r of records) {
      const before = changed.find((c) => c.id === r.row_id)!;
      expect(r).toMatchObject({ request_id: 'req-bulk', old_values: { name: before.name }, new_values: { name: `${before.name} (bulk)` } });
    }

    // one statement across two tenants (the superuser, as a platform data migration would):
    // one record per row, each in its tenant's own chain
    const superuser = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
    const across = await superuser<{ tenant_id: string }[]>`
      UPDATE tenant_wa_templates SET body = body || ' ' RETURNING tenant_id`.finally(() => superuser.end());
    const byTenant = await system<{ tenant_id: string; n: number }[]>`
      SELECT tenant_id, count(*)::int AS n FROM sys_audit_logs
      WHERE id > ${maxBefore} AND table_name = 'tenant_wa_templates' AND action = 'UPDATE' GROUP BY tenant_id`;
    for (const tenant of [db.tenantA, db.tenantB]) {
      const rows = across.filter((a) => a.tenant_id === tenant).length;
      expect(rows).toBeGreaterThan(0);
      expect(byTenant.find((b) => b.tenant_id === tenant)?.n).toBe(rows);
    }
    for (const tenant of [db.tenantA, db.tenantB]) {
      const [check] = await system`SELECT (sys_audit_verify(${tenant})).*`;
      expect(check).toMatchObject({ ok: true, first_broken_id: null });
    }
  });

  it('takes auth and admin events written by the application, in the current tenant only', async () => {
    await withTenant(app.sql, { tenantId: db.tenantB, requestId: 'req-login' }, ({ sql }) =>
      sql`SELECT sys_audit_event('auth', 'auth.login_succeeded', ${JSON.stringify({ email: 'owner@parahyangan.demo', ip: '10.0.0.1' })}::text::jsonb)`,
    );
    const [event] = await system`SELECT * FROM sys_audit_logs WHERE action = 'auth.login_succeeded'`;
    expect(event).toMatchObject({ tenant_id: db.tenantB, category: 'auth', request_id: 'req-login' });
    expect(event!.new_values.email).toBe('ow******************mo');
    await expect(
      withTenant(app.sql, { tenantId: db.tenantB }, ({ sql }) => sql`SELECT sys_audit_event('data', 'x', '{}'::jsonb)`),
    ).rejects.toThrow(/auth or admin/);
  });

  it('is append-only for the application and system roles', async () => {
    await expect(withTenant(app.sql, { tenantId: db.tenantA }, ({ sql }) => sql`UPDATE sys_audit_logs SET action = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(withTenant(app.sql, { tenantId: db.tenantA }, ({ sql }) => sql`DELETE FROM sys_audit_logs`)).rejects.toThrow(/permission denied/);
    await expect(withTenant(app.sql, { tenantId: db.tenantA }, ({ sql }) => sql`INSERT INTO sys_audit_logs (chain_id, category, action, hash) VALUES (gen_random_uuid(), 'data', 'x', '\\x00')`)).rejects.toThrow(/permission denied/);
    await expect(system`UPDATE sys_audit_logs SET action = 'x'`).rejects.toThrow(/permission denied/);
    await expect(system`DELETE FROM sys_audit_logs`).rejects.toThrow(/permission denied/);
    await expect(system`TRUNCATE sys_audit_logs`).rejects.toThrow(/permission denied/);
    await expect(system`SELECT sys_audit_append(NULL, 'data', 'x', NULL, NULL, NULL, NULL)`).rejects.toThrow(/permission denied/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE even for the owner (trigger)', async () => {
    await expect(db.owner`UPDATE sys_audit_logs SET action = 'x' WHERE id = (SELECT min(id) FROM sys_audit_logs)`).rejects.toThrow(/append-only/);
    await expect(db.owner`DELETE FROM sys_audit_logs WHERE id = (SELECT min(id) FROM sys_audit_logs)`).rejects.toThrow(/append-only/);
    await expect(db.owner`TRUNCATE sys_audit_logs`).rejects.toThrow(/append-only/);
  });

  it('lets a tenant read only its own trail', async () => {
    const tenants = await withTenant(app.sql, { tenantId: db.tenantA }, ({ sql }) => sql`SELECT DISTINCT tenant_id FROM sys_audit_logs`);
    expect(tenants.map((t) => t.tenant_id)).toEqual([db.tenantA]);
  });

  it('keeps a chain whole when events of one tenant are written at once (ids taken after the chain lock)', async () => {
    const burst = createDatabase(db.appUrl, { max: 8 });
    try {
      await Promise.all(
        Array.from({ length: 8 }, (_, worker) =>
          (async () => {
            for (let i = 0; i < 15; i++) {
              await withTenant(burst.sql, { tenantId: db.tenantB, requestId: `req-burst-${worker}-${i}` }, ({ sql }) =>
                sql`SELECT sys_audit_event('auth', 'auth.burst', ${JSON.stringify({ worker, i })}::text::jsonb)`,
              );
            }
          })(),
        ),
      );
    } finally {
      await burst.close();
    }
    const [n] = await system`SELECT count(*)::int AS n FROM sys_audit_logs WHERE tenant_id = ${db.tenantB} AND action = 'auth.burst'`;
    expect(n!.n).toBe(120);
    const [check] = await system`SELECT (sys_audit_verify(${db.tenantB})).*`;
    expect(check).toMatchObject({ ok: true, first_broken_id: null });
    // and over a period: today's rows link to the row before the period
    const [period] = await system`SELECT (sys_audit_verify(${db.tenantB}, now() - interval '1 hour', NULL)).*`;
    expect(period).toMatchObject({ ok: true, first_broken_id: null });
  });

  it('verifies intact chains and finds a row altered by the owner', async () => {
    const before = await system`SELECT (sys_audit_verify(${db.tenantA})).*`;
    expect(before[0]).toMatchObject({ ok: true, first_broken_id: null });
    expect(Number(before[0]!.checked)).toBeGreaterThan(300);

    const [victim] = await db.owner`
      SELECT id FROM sys_audit_logs WHERE tenant_id = ${db.tenantA} AND table_name = 'tenant_payments' ORDER BY id LIMIT 1 OFFSET 10`;
    await db.owner.begin(async (sql) => {
      await sql`ALTER TABLE sys_audit_logs DISABLE TRIGGER audit_append_only`;
      await sql`UPDATE sys_audit_logs SET new_values = jsonb_set(new_values, '{amount}', '1') WHERE id = ${victim!.id}`;
      await sql`ALTER TABLE sys_audit_logs ENABLE TRIGGER audit_append_only`;
    });
    const [after] = await system`SELECT (sys_audit_verify(${db.tenantA})).*`;
    expect(after).toMatchObject({ ok: false, first_broken_id: victim!.id, reason: 'row content does not match its hash' });
    const [other] = await system`SELECT (sys_audit_verify(${db.tenantB})).*`;
    expect(other!.ok).toBe(true);
  });

  it('partitions by month and creates partitions ahead', async () => {
    const [where] = await system`SELECT tableoid::regclass::text AS part FROM sys_audit_logs ORDER BY id DESC LIMIT 1`;
    const now = new Date();
    expect(where!.part).toBe(`sys_audit_logs_p${now.getUTCFullYear()}${String(now.getUTCMonth() + 1).padStart(2, '0')}`);
    const [created] = await system`SELECT sys_audit_ensure_partitions((now() + interval '6 months')::date, 2) AS n`;
    expect(created!.n).toBe(2);
    const [again] = await system`SELECT sys_audit_ensure_partitions((now() + interval '6 months')::date, 2) AS n`;
    expect(again!.n).toBe(0);
  });
});

describe('maintenance', () => {
  it('creates partitions ahead and reports every chain', async () => {
    const { ensureAuditPartitions, verifyAuditChains } = await import('../../src/maintenance');
    expect(await ensureAuditPartitions(system as never, 12)).toBeGreaterThan(0);
    const chains = await verifyAuditChains(system as never);
    expect(chains.map((c) => c.chain_id).sort()).toEqual([db.tenantA, db.tenantB].sort());
    // tenant A's chain was broken on purpose above
    expect(chains.find((c) => c.chain_id === db.tenantA)?.ok).toBe(false);
    expect(chains.find((c) => c.chain_id === db.tenantB)).toMatchObject({ ok: true, first_broken_id: null });
  });
});
