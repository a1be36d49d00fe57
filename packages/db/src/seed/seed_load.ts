/**
 * Load data for benchmarks: N tenants × M customers, written set-based (INSERT … SELECT
 * over all tenants × generate_series, about a million rows per statement) — no per-row or
 * per-tenant round trips; 10M customers (1,000 ISPs × 10k) is one run.
 * Needs a superuser login (a benchmark tool, not a production path): it writes across
 * tenants and skips the audit trigger (rrnet.audit_bypass, honoured only for owner or
 * superuser sessions). Every load customer of a tenant shares one encrypted PPPoE password.
 */
import postgres from 'postgres';
import type { SecretBox } from '@rrnet/crypto';
import { FIRST_NAMES, LAST_NAMES, SAAS_PLANS, SERVICE_PLANS } from './demo_data';

export interface LoadOptions {
  adminUrl: string;
  tenants: number;
  customersPerTenant: number;
  secretBox: SecretBox;
  /** slug prefix, so several loads can live side by side */
  prefix?: string;
  /** rows per statement (every tenant's next customers together) */
  chunk?: number;
  /**
   * drop tenant_customers' secondary indexes for the load and build them after (default:
   * from 1M customers, where building beats maintaining them row by row). Constraint
   * indexes (primary key, unique) stay. A load that dies midway leaves them dropped: this
   * is for benchmark databases only.
   */
  rebuildIndexes?: boolean;
  log?: (message: string) => void;
}

export interface LoadResult {
  tenantIds: string[];
  customers: number;
  seconds: number;
}

const CITY_CENTRES = [
  { lat: -6.2088, lng: 106.8456 }, // Jakarta
  { lat: -6.9147, lng: 107.6098 }, // Bandung
  { lat: -7.2575, lng: 112.7521 }, // Surabaya
  { lat: -6.9932, lng: 110.4203 }, // Semarang
];

export async function seedLoad(options: LoadOptions): Promise<LoadResult> {
  const log = options.log ?? (() => {});
  const chunk = options.chunk ?? 1_000_000;
  const prefix = options.prefix ?? 'load';
  const started = performance.now();
  const sql = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [me] = await sql<{ rolsuper: boolean }[]>`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`;
    if (!me?.rolsuper) throw new Error('db:seed:load needs a superuser DATABASE_URL (it bypasses RLS and auditing for bulk writes)');

    const [existing] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM saas_tenants WHERE slug LIKE ${`${prefix}-%`}`;
    const tenantRows = await sql<{ id: string; n: number }[]>`
      INSERT INTO saas_tenants (slug, name)
      SELECT ${prefix} || '-' || lpad(g::text, 5, '0'), 'Load ISP ' || g
      FROM generate_series(${(existing?.n ?? 0) + 1}::int, ${(existing?.n ?? 0) + options.tenants}::int) g
      RETURNING id, (regexp_match(slug, '(\\d+)$'))[1]::int AS n`;
    const tenantIds = tenantRows.map((t) => t.id);
    // the platform's plans (as the demo seed writes them), so load tenants have real features and limits
    for (const p of SAAS_PLANS) {
      await sql`INSERT INTO saas_plans (code, name, price_monthly, max_routers, max_customers, max_users, max_wa_messages_month, features)
                VALUES (${p.code}, ${p.name}, ${p.price_monthly}, ${p.max_routers}, ${p.max_customers}, ${p.max_users}, ${p.max_wa_messages_month}, ${[...p.features]}::text[])
                ON CONFLICT (code) DO NOTHING`;
    }
    const [plan] = await sql<{ id: string }[]>`SELECT id FROM saas_plans WHERE code = 'pro'`;

    await sql.begin(async (tx) => {
      await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
      if (plan) {
        await tx`INSERT INTO saas_subscriptions (tenant_id, plan_id, current_period_start, current_period_end)
                 SELECT id, ${plan.id}, date_trunc('month', now())::date, (date_trunc('month', now()) + interval '1 month - 1 day')::date
                 FROM unnest(${tenantIds}::uuid[]) AS id`;
      }
      await tx`INSERT INTO tenant_settings (tenant_id, company_name)
               SELECT t.id, s.name FROM unnest(${tenantIds}::uuid[]) AS t(id) JOIN saas_tenants s ON s.id = t.id`;
      for (const p of SERVICE_PLANS) {
        await tx`INSERT INTO tenant_service_plans (tenant_id, name, download_kbps, upload_kbps, price, router_profile)
                 SELECT id, ${p.name}, ${p.download_kbps}, ${p.upload_kbps}, ${p.price}, ${p.router_profile}
                 FROM unnest(${tenantIds}::uuid[]) AS id`;
      }
      const routerPassword = await options.secretBox.encrypt('load-router-password');
      await tx`INSERT INTO tenant_routers (tenant_id, name, host, username, password_enc)
               SELECT id, 'LOAD-R' || r, '127.0.0.1', 'rrnet-api', ${routerPassword}
               FROM unnest(${tenantIds}::uuid[]) AS id, generate_series(1, 2) r`;
    });

    // every tenant's customers in set-based statements across all tenants: each writes the
    // customers g = from…to of every tenant (about `chunk` rows per statement)
    const passwords = await Promise.all(tenantIds.map((id) => options.secretBox.encrypt(`load-${id.slice(0, 8)}`)));
    const centres = tenantIds.map((_, index) => CITY_CENTRES[index % CITY_CENTRES.length]!);
    const total = tenantIds.length * options.customersPerTenant;
    const rebuild = options.rebuildIndexes ?? total >= 1_000_000;
    const indexes = rebuild ? await dropSecondaryIndexes(sql) : [];
    const step = Math.max(1, Math.floor(chunk / tenantIds.length));
    for (let from = 1; from <= options.customersPerTenant; from += step) {
      const to = Math.min(options.customersPerTenant, from + step - 1);
      await sql.begin(async (tx) => {
        await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
        await tx`SET LOCAL synchronous_commit = off`;
        await tx`
          WITH t AS (
            SELECT * FROM unnest(${tenantIds}::uuid[], ${passwords}::text[], ${centres.map((c) => c.lng)}::float8[], ${centres.map((c) => c.lat)}::float8[])
              AS t(id, password_enc, lng, lat)
          ),
          plans AS (SELECT tenant_id, array_agg(id ORDER BY price) AS ids FROM tenant_service_plans WHERE tenant_id = ANY(${tenantIds}::uuid[]) GROUP BY tenant_id),
          routers AS (SELECT tenant_id, array_agg(id ORDER BY name) AS ids FROM tenant_routers WHERE tenant_id = ANY(${tenantIds}::uuid[]) GROUP BY tenant_id)
          INSERT INTO tenant_customers (tenant_id, code, name, phone, address, location, plan_id, router_id,
                                        pppoe_username, pppoe_password_enc, billing_day, status, activated_at, created_at)
          SELECT t.id,
                 'L' || lpad(g::text, 8, '0'),
                 (${FIRST_NAMES}::text[])[1 + g % ${FIRST_NAMES.length}] || ' ' || (${LAST_NAMES}::text[])[1 + (g / 7) % ${LAST_NAMES.length}],
                 '+628' || (1100000000 + (g::bigint * 7919) % 899999999)::text,
                 'Jl. Load No. ' || (g % 200 + 1) || ', RT ' || lpad((g % 12 + 1)::text, 3, '0'),
                 point(t.lng + ((g * 37) % 2000 - 1000) / 10000.0, t.lat + ((g * 53) % 2000 - 1000) / 10000.0),
                 plans.ids[1 + g % 4], routers.ids[1 + g % 2],
                 'load' || g, t.password_enc, 1 + g % 28,
                 CASE WHEN g % 97 = 0 THEN 'terminated' WHEN g % 50 = 1 THEN 'suspended' WHEN g % 20 = 0 THEN 'isolated' ELSE 'active' END,
                 now() - (g % 700) * interval '1 day', now() - (g % 700) * interval '1 day'
          FROM t JOIN plans ON plans.tenant_id = t.id JOIN routers ON routers.tenant_id = t.id
          CROSS JOIN generate_series(${from}::int, ${to}::int) g`;
      });
      log(`${to}/${options.customersPerTenant} customers of each of ${tenantIds.length} tenants, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    if (indexes.length) {
      // two builders at once: the GIN indexes (one core each, the search tokens' the longest)
      // beside the B-trees, instead of one after another
      const gin = indexes.filter((i) => / USING gin /i.test(i.def));
      const rest = indexes.filter((i) => !gin.includes(i));
      const build = async (list: typeof indexes) => {
        const builder = postgres(options.adminUrl, { max: 1, onnotice: () => {} });
        try {
          await builder`SET maintenance_work_mem = '512MB'`;
          for (const index of list) await builder.unsafe(index.def);
        } finally {
          await builder.end();
        }
      };
      await Promise.all([build(gin), build(rest)]);
      log(`${indexes.length} indexes rebuilt, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await sql`ANALYZE tenant_customers`;
    return { tenantIds, customers: total, seconds: (performance.now() - started) / 1000 };
  } finally {
    await sql.end();
  }
}

/** tenant_customers' indexes that back no constraint: their definitions, dropped. */
async function dropSecondaryIndexes(sql: postgres.Sql): Promise<{ name: string; def: string }[]> {
  const indexes = await sql<{ name: string; def: string }[]>`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
    FROM pg_index i
    WHERE i.indrelid = 'tenant_customers'::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`;
  for (const index of indexes) await sql.unsafe(`DROP INDEX ${index.name}`);
  return indexes;
}
