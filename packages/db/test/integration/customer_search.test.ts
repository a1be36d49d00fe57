/**
 * Customer search (sys_customer_search, drizzle/0012 + 0056): the ISP's own trigram keys in
 * the GIN index narrow the rows, the LIKE decides. Whatever the string, it finds exactly the
 * rows a plain LIKE over the ISP's customers finds — no fewer (a key the index lacks) and none
 * of another ISP (two ISPs whose hashes meet share a key) — and it reads them through the index.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededDatabase } from './seeded_database';
import type { SeededDatabase } from './seeded_database';

let db: SeededDatabase;
let admin: postgres.Sql;
let app: postgres.Sql;

const TEXT = `lower(code || ' ' || name || ' ' || coalesce(phone, '') || ' ' || coalesce(regexp_replace(phone, '^\\+62', '0'), '') || ' ' || pppoe_username)`;
/** The pattern core's listCustomers passes: the term lower-cased, %, _ and \ taken literally. */
const likeContains = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

beforeAll(async () => {
  db = await seededDatabase();
  admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  app = postgres(db.appUrl, { max: 1, onnotice: () => {} });
  // names a trigram search gets wrong when its keys are not the LIKE's: accents, digits glued
  // to letters, the characters LIKE treats as wildcards, a second ISP with the same names, a
  // word that goes on past an accented letter where the searched string stops (its hashed
  // "sé " trigram is no key: drizzle/0059)
  const odd = ['Désa Cipanas 50% Blok_C', 'Toko Maju\\Jaya 2', 'Ñoño 08-11 RT.05/RW.02', 'Kartika Hidayat', 'Kartika  Hidayati', 'AB', 'Toko Sémbako'];
  await admin.begin(async (tx) => {
    await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
    for (const tenant of [db.tenantA, db.tenantB]) {
      const rows = await tx<{ id: string }[]>`SELECT id FROM tenant_customers WHERE tenant_id = ${tenant} ORDER BY id LIMIT ${odd.length}`;
      for (const [i, row] of rows.entries()) await tx`UPDATE tenant_customers SET name = ${odd[i]!} WHERE tenant_id = ${tenant} AND id = ${row.id}`;
    }
    // an ISP of some size, so that the planner prefers the index to reading the ISP's rows
    await tx`INSERT INTO tenant_customers (tenant_id, code, name, phone, plan_id, pppoe_username, pppoe_password_enc, billing_day)
             SELECT c.tenant_id, 'SYN-' || g, 'Pelanggan ' || md5(g::text), '+62812' || lpad(g::text, 7, '0'), c.plan_id, 'syn' || g, c.pppoe_password_enc, c.billing_day
             FROM (SELECT * FROM tenant_customers WHERE tenant_id = ${db.tenantA} LIMIT 1) c, generate_series(1, 5000) g`;
  });
  await admin`ANALYZE tenant_customers`;
});
afterAll(async () => {
  await app.end();
  await admin.end();
  await db.owner.end();
  await db.drop();
});

/** sys_customer_search as the app role in the tenant's transaction, and notices (auto_explain's plans). */
async function search(tenant: string, pattern: string, notices?: string[]) {
  const sql = notices ? postgres(db.adminUrl, { max: 1, onnotice: (n) => notices.push(String(n.message)) }) : app;
  try {
    return await sql.begin(async (tx) => {
      if (notices) {
        await tx`LOAD 'auto_explain'`;
        await tx`SELECT set_config('auto_explain.log_min_duration', '0', true), set_config('auto_explain.log_nested_statements', 'on', true),
                        set_config('auto_explain.log_level', 'notice', true), set_config('enable_seqscan', 'off', true)`;
        await tx`SET LOCAL ROLE rrnet_app`;
      }
      await tx`SELECT set_config('app.tenant_id', ${tenant}, true)`;
      const rows = await tx<{ id: string }[]>`SELECT id FROM sys_customer_search(${pattern}, NULL, NULL, NULL, NULL, 'name', NULL, NULL, 1000)`;
      return rows.map((r) => r.id);
    });
  } finally {
    if (notices) await sql.end();
  }
}
async function plainLike(tenant: string, pattern: string) {
  const rows = await admin.unsafe<{ id: string }[]>(`SELECT id FROM tenant_customers WHERE tenant_id = $1 AND ${TEXT} LIKE $2 ORDER BY name, id LIMIT 1000`, [tenant, pattern]);
  return rows.map((r) => r.id);
}

describe('customer search', () => {
  it('finds what a plain LIKE over the ISP finds, for any string', async () => {
    // strings cut from the ISP's own customers (every length 3–9, every place), and odd ones
    const texts = await admin.unsafe<{ t: string }[]>(`SELECT ${TEXT} AS t FROM tenant_customers WHERE tenant_id = $1 ORDER BY id LIMIT 40`, [db.tenantA]);
    const terms = new Set(['désa', 'sa cip', '50%', '% bl', 'k_c', 'blok_c', 'u\\ja', 'ñoño', '08-11', 'rt.05/', 'kartika hid', 'ika  hi', 'ab ', '+62', '0812', 'zzzqqq', 'toko sé', 'ko sémb']);
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    for (const { t } of texts) {
      for (let k = 0; k < 3; k++) {
        const length = 3 + next(7);
        const start = next(Math.max(1, t.length - length));
        terms.add(t.slice(start, start + length));
      }
    }
    let found = 0;
    for (const term of terms) {
      for (const tenant of [db.tenantA, db.tenantB]) {
        const expected = await plainLike(tenant, likeContains(term));
        expect({ term, ids: await search(tenant, likeContains(term)) }).toEqual({ term, ids: expected });
        found += expected.length;
      }
    }
    expect(terms.size).toBeGreaterThan(100);
    expect(found).toBeGreaterThan(terms.size);
  });

  it('reads the rows through the ISP\'s own keys in the token index', async () => {
    const notices: string[] = [];
    expect(await search(db.tenantA, likeContains('kartika hid'), notices)).toHaveLength(1); // not 'Kartika  Hidayati' (two blanks)
    const plan = notices.find((n) => n.includes('tenant_customers c'));
    expect(plan).toContain('tenant_customers_search_tokens');
    // a string with no three letters or digits in a row has no key: the LIKE alone decides
    expect(await search(db.tenantA, likeContains('+62'))).toEqual(await plainLike(db.tenantA, likeContains('+62')));
  });
});
