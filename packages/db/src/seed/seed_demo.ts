/**
 * Writes the demo ISPs (demo_data.ts): platform rows through the system role, tenant
 * rows through the tenant helper as rrnet_app — the same path the application uses, so
 * RLS applies and the audit trail records the seed. Idempotent: an existing demo
 * tenant is left as it is.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql as dsql } from 'drizzle-orm';
import type { SecretBox } from '@rrnet/crypto';
import { DEMO_XENDIT_ACCOUNTS } from '@rrnet/payments/demo';
import { DEMO_WA_GATEWAYS } from '@rrnet/whatsapp/demo';
import { hashPassword } from '@rrnet/crypto';
import { createDatabase } from '../client';
import type { Database } from '../client';
import * as s from '../schema';
import { withTenant } from '../tenant';
import {
  DEMO_PASSWORD,
  DEMO_TENANTS,
  FIRST_NAMES,
  LAST_NAMES,
  PLATFORM_ADMIN_EMAIL,
  ROLE_USERS,
  SAAS_PLANS,
  SERVICE_PLANS,
  WA_TEMPLATES,
} from './demo_data';
import type { DemoTenant } from './demo_data';
import { demoLogoPng } from './demo_logo';

export interface SeedOptions {
  appUrl: string;
  systemUrl: string;
  secretBox: SecretBox;
  now?: Date;
  log?: (message: string) => void;
  /**
   * First port of the RouterOS simulator (@rrnet/routeros/simulator): demo tenant i's
   * router j is 127.0.0.1:(routerBasePort + 2i + j), so no two tenants share a router.
   */
  routerBasePort?: number;
}

export const DEFAULT_ROUTER_BASE_PORT = 8728;

export interface SeedResult {
  tenants: { slug: string; id: string; created: boolean }[];
}

/** Small deterministic PRNG so every run produces the same demo data. */
function prng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDate = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const addDays = (d: Date, days: number) => new Date(d.getTime() + days * 86_400_000);
/** 00:30 Asia/Jakarta of a calendar day, as an instant. */
/** the demo ISP that credits long outages on invoices, and its credited outage */
const CREDIT_TENANT = 'sinar-net';
const CREDIT_OUTAGE_TITLE = 'Listrik PLN padam di ODP-01';
const jakartaMorning = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d, 0, 30) - 7 * 3_600_000);

export async function seedDemo(options: SeedOptions): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const system = createDatabase(options.systemUrl, { max: 1, applicationName: 'rrnet-seed' });
  const app = createDatabase(options.appUrl, { max: 2, applicationName: 'rrnet-seed' });
  const result: SeedResult = { tenants: [] };
  try {
    await system.db
      .insert(s.saasPlans)
      .values(SAAS_PLANS.map((p) => ({ ...p, features: [...p.features] })))
      .onConflictDoNothing({ target: s.saasPlans.code });
    const plans = await system.db.select().from(s.saasPlans);
    const passwordHash = await hashPassword(DEMO_PASSWORD);

    await system.db
      .insert(s.sysUsers)
      .values({ email: PLATFORM_ADMIN_EMAIL, name: 'RRNet Platform Admin', password_hash: passwordHash, is_platform_admin: true })
      .onConflictDoNothing();

    for (const [index, tenant] of DEMO_TENANTS.entries()) {
      const existing = await system.db
        .select({ id: s.saasTenants.id })
        .from(s.saasTenants)
        .where(dsql`${s.saasTenants.slug} = ${tenant.slug}`);
      if (existing[0]) {
        result.tenants.push({ slug: tenant.slug, id: existing[0].id, created: false });
        log(`demo tenant ${tenant.slug} exists; left as it is`);
        continue;
      }
      const plan = plans.find((p) => p.code === tenant.plan)!;
      const tenantId = await seedPlatformRows(system.db, tenant, plan, now);
      const users = await system.db
        .insert(s.sysUsers)
        .values(
          ROLE_USERS.map((u) => ({
            email: `${u.local}@${tenant.emailDomain}`,
            name: u.name,
            password_hash: passwordHash,
          })),
        )
        .returning({ id: s.sysUsers.id, email: s.sysUsers.email });
      const userIds = Object.fromEntries(
        ROLE_USERS.map((u) => [u.role, users.find((x) => x.email.startsWith(`${u.local}@`))!.id]),
      ) as Record<(typeof ROLE_USERS)[number]['role'], string>;

      await withTenant(app.sql, { tenantId, userId: userIds.owner, requestId: `seed-${tenant.slug}` }, ({ db }) =>
        seedTenantRows(db, tenantId, tenant, userIds, options.secretBox, prng(1000 + index), now, (options.routerBasePort ?? DEFAULT_ROUTER_BASE_PORT) + 2 * index),
      );
      result.tenants.push({ slug: tenant.slug, id: tenantId, created: true });
      log(`demo tenant ${tenant.slug} created (${tenant.customerCount} customers)`);
    }
    return result;
  } finally {
    await app.close();
    await system.close();
  }
}

/** The next number of a month's SaaS invoice sequence (gap-free, shared with the billing run). */
async function nextSaasNumber(db: Database, period: string): Promise<number> {
  const [row] = await db
    .insert(s.saasInvoiceSequences)
    .values({ period, last_number: 1 })
    .onConflictDoUpdate({ target: s.saasInvoiceSequences.period, set: { last_number: dsql`${s.saasInvoiceSequences.last_number} + 1` } })
    .returning({ n: s.saasInvoiceSequences.last_number });
  return row!.n;
}

async function seedPlatformRows(
  db: Database,
  tenant: DemoTenant,
  plan: typeof s.saasPlans.$inferSelect,
  now: Date,
): Promise<string> {
  const [row] = await db
    .insert(s.saasTenants)
    .values({ slug: tenant.slug, name: tenant.name })
    .returning({ id: s.saasTenants.id });
  const tenantId = row!.id;
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [subscription] = await db
    .insert(s.saasSubscriptions)
    .values({
      tenant_id: tenantId,
      plan_id: plan.id,
      status: 'active',
      current_period_start: isoDate(monthStart),
      current_period_end: isoDate(addDays(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)), -1)),
    })
    .returning({ id: s.saasSubscriptions.id });
  const invoices = [];
  for (let back = 2; back >= 0; back--) {
    const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const end = addDays(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back + 1, 1)), -1);
    // the shape runSaasBilling issues: a plan line and PPN 11 % (core's saas_billing_rules)
    const tax = Math.round((plan.price_monthly * 1100) / 10_000);
    const days = end.getUTCDate();
    invoices.push({
      tenant_id: tenantId,
      // numbered like runSaasBilling: the month's sequence (saas_invoice_sequences) advanced below
      number: `RRN-${start.getUTCFullYear()}${pad(start.getUTCMonth() + 1)}-${pad(await nextSaasNumber(db, `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}`), 5)}`,
      subscription_id: subscription!.id,
      period_start: isoDate(start),
      period_end: isoDate(end),
      subtotal: plan.price_monthly,
      tax,
      amount: plan.price_monthly + tax,
      lines: [
        { kind: 'plan', description: plan.name, plan_code: plan.code, from: isoDate(start), to: isoDate(end), days, period_days: days, monthly_price: plan.price_monthly, amount: plan.price_monthly },
        { kind: 'tax', description: '11%', plan_code: null, from: null, to: null, days: null, period_days: null, monthly_price: null, amount: tax },
      ],
      status: back === 0 ? 'open' : 'paid',
      due_date: isoDate(addDays(start, 14)),
      issued_at: start,
      paid_at: back === 0 ? null : addDays(start, 5),
      payment_method: back === 0 ? null : 'bank_transfer',
      payment_reference: back === 0 ? null : `TRF-${isoDate(addDays(start, 5))}`,
    });
  }
  await db.insert(s.saasInvoices).values(invoices);
  const override = tenant.disabledFeatures.map((feature) => ({
    tenant_id: tenantId,
    feature,
    enabled: false,
    reason: 'Demo: switched off to show feature toggles',
  }));
  // every tenant gets one override row; the enabled one documents a trial of "maps"
  override.push({ tenant_id: tenantId, feature: 'maps', enabled: true, reason: 'Demo: maps trial' });
  // an ISP whose plan has no reports tries them, so both demo ISPs show the reports and exports
  if (!(plan.features as readonly string[]).includes('reports')) override.push({ tenant_id: tenantId, feature: 'reports', enabled: true, reason: 'Demo: reports trial' });
  await db.insert(s.saasFeatureOverrides).values(override);
  return tenantId;
}

async function seedTenantRows(
  db: Database,
  tenantId: string,
  tenant: DemoTenant,
  userIds: Record<(typeof ROLE_USERS)[number]['role'], string>,
  box: SecretBox,
  rnd: ReturnType<typeof prng>,
  now: Date,
  firstRouterPort: number,
): Promise<void> {
  const jitter = (spread: number) => (rnd.next() - 0.5) * spread;
  const point = (spread = 0.04) => ({ x: tenant.center.lng + jitter(spread), y: tenant.center.lat + jitter(spread) });

  await db.insert(s.tenantMemberships).values(
    ROLE_USERS.map((u) => ({ tenant_id: tenantId, user_id: userIds[u.role], role: u.role })),
  );
  await db.insert(s.tenantSettings).values({
    tenant_id: tenantId,
    company_name: tenant.name,
    company_address: tenant.companyAddress,
    company_phone: tenant.companyPhone,
    invoice_prefix: tenant.invoicePrefix,
    tax_rate_bp: tenant.taxRateBp,
    isolir_mode: tenant.isolirMode,
    wa_sender: tenant.companyPhone,
    // the demo gateways are the simulator's accounts (npm start runs it; base URLs come from the apps' config)
    ...(DEMO_WA_GATEWAYS[tenant.slug]
      ? {
          wa_gateway: DEMO_WA_GATEWAYS[tenant.slug]!.primary.kind,
          wa_credentials_enc: await box.encrypt(JSON.stringify(DEMO_WA_GATEWAYS[tenant.slug]!.primary.credentials)),
          wa_fallback_gateway: DEMO_WA_GATEWAYS[tenant.slug]!.fallback?.kind ?? null,
          wa_fallback_credentials_enc: DEMO_WA_GATEWAYS[tenant.slug]!.fallback ? await box.encrypt(JSON.stringify(DEMO_WA_GATEWAYS[tenant.slug]!.fallback!.credentials)) : null,
        }
      : {}),
    // the demo Xendit accounts are the simulator's; Parahyangan Link's links go through Xendit (online payments need a plan or override with payment_gateway)
    ...(DEMO_XENDIT_ACCOUNTS[tenant.slug]
      ? {
          xendit_secret_key_enc: await box.encrypt(DEMO_XENDIT_ACCOUNTS[tenant.slug]!.secret_key),
          xendit_callback_token_enc: await box.encrypt(DEMO_XENDIT_ACCOUNTS[tenant.slug]!.callback_token),
          payment_gateway: tenant.slug === 'parahyangan-link' ? 'xendit' : 'midtrans',
        }
      : {}),
  });

  const routers = await db
    .insert(s.tenantRouters)
    .values(
      await Promise.all(
        tenant.routers.map(async (r, i) => ({
          tenant_id: tenantId,
          name: r.name,
          host: r.host,
          port: firstRouterPort + i,
          use_tls: false,
          username: 'rrnet-api',
          password_enc: await box.encrypt(randomBytes(12).toString('base64url')),
          address: `${tenant.streets[i]}, ${tenant.city}`,
          location: point(0.02),
        })),
      ),
    )
    .returning({ id: s.tenantRouters.id });

  const [olt] = await db
    .insert(s.tenantTopologyNodes)
    .values({ tenant_id: tenantId, kind: 'olt', name: `OLT ${tenant.city}`, router_id: routers[0]!.id, capacity: 16, location: point(0.005) })
    .returning({ id: s.tenantTopologyNodes.id });
  const odcs = await db
    .insert(s.tenantTopologyNodes)
    .values([1, 2].map((n) => ({ tenant_id: tenantId, kind: 'odc', name: `ODC-${pad(n)}`, parent_id: olt!.id, capacity: 8, location: point(0.02) })))
    .returning({ id: s.tenantTopologyNodes.id });
  const odps = await db
    .insert(s.tenantTopologyNodes)
    .values(
      [1, 2, 3, 4].map((n) => ({
        tenant_id: tenantId,
        kind: 'odp',
        name: `ODP-${pad(n)}`,
        parent_id: odcs[(n - 1) % 2]!.id,
        capacity: 16,
        address: `${tenant.streets[n % tenant.streets.length]}, ${tenant.city}`,
        location: point(0.03),
      })),
    )
    .returning({ id: s.tenantTopologyNodes.id });

  const plans = await db
    .insert(s.tenantServicePlans)
    .values(SERVICE_PLANS.map((p) => ({ tenant_id: tenantId, ...p })))
    .returning({ id: s.tenantServicePlans.id, price: s.tenantServicePlans.price, name: s.tenantServicePlans.name });

  // statuses: most active, some isolated (overdue), a few suspended, two terminated
  const statusFor = (i: number) =>
    i % 8 === 3 ? 'isolated' : i % 13 === 5 ? 'suspended' : i === tenant.customerCount - 1 || i === tenant.customerCount - 2 ? 'terminated' : 'active';
  const customerRows = await Promise.all(
    Array.from({ length: tenant.customerCount }, async (_, i) => {
      const first = rnd.pick(FIRST_NAMES);
      const last = rnd.pick(LAST_NAMES);
      const status = statusFor(i);
      // before the oldest seeded period (four months back plus one), so no invoice needs proration
      const activated = addDays(now, -rnd.int(160, 400));
      const username = `${first}.${last}${pad(i + 1, 3)}`.toLowerCase();
      return {
        tenant_id: tenantId,
        code: `${tenant.invoicePrefix}-${pad(i + 1, 5)}`,
        name: `${first} ${last}`,
        phone: `+628${rnd.int(11, 59)}${rnd.int(1000000, 9999999)}`,
        email: i % 3 === 0 ? `${username.replace('.', '')}@mail.demo` : null,
        address: `${rnd.pick(tenant.streets)} No. ${rnd.int(1, 150)}, RT ${pad(rnd.int(1, 12), 3)}/RW ${pad(rnd.int(1, 9), 3)}, ${tenant.city}`,
        // NIK, encrypted at rest like credentials
        national_id_enc: await box.encrypt(`3${rnd.int(100, 275)}${rnd.int(10, 99)}${pad(rnd.int(1, 28))}${pad(rnd.int(1, 12))}${rnd.int(60, 99)}${rnd.int(1000, 9999)}`, tenantId),
        location: point(),
        plan_id: plans[i % plans.length]!.id,
        router_id: routers[i % routers.length]!.id,
        odp_id: odps[i % odps.length]!.id,
        pppoe_username: username,
        pppoe_password_enc: await box.encrypt(randomBytes(9).toString('base64url')),
        billing_day: (i % 28) + 1,
        status,
        activated_at: activated,
        terminated_at: status === 'terminated' ? addDays(now, -rnd.int(5, 40)) : null,
        created_at: activated,
      };
    }),
  );
  const customers = await db.insert(s.tenantCustomers).values(customerRows).returning({
    id: s.tenantCustomers.id,
    plan_id: s.tenantCustomers.plan_id,
    status: s.tenantCustomers.status,
    billing_day: s.tenantCustomers.billing_day,
    router_id: s.tenantCustomers.router_id,
    odp_id: s.tenantCustomers.odp_id,
    name: s.tenantCustomers.name,
    phone: s.tenantCustomers.phone,
  });

  // ── the CSV import the first customers came from (finished, rows cleared) ──
  const imported = Math.min(10, customers.length);
  await db.insert(s.tenantCustomerImports).values({
    tenant_id: tenantId,
    file_name: 'pelanggan-awal.csv',
    status: 'completed',
    total_rows: imported,
    processed_rows: imported,
    created_count: imported,
    created_by: userIds.admin,
    created_at: addDays(now, -400),
    started_at: addDays(now, -400),
    finished_at: addDays(now, -400),
  });

  // ── invoices and payments for the last four billing periods ──
  const counters = new Map<string, number>();
  const invoiceRows: (typeof s.tenantInvoices.$inferInsert)[] = [];
  // the demo ISPs' calendar (Asia/Jakarta, UTC+7): "today" is the ISP's day, as for the run
  const local = new Date(now.getTime() + 7 * 3_600_000);
  const today = isoDate(local);
  // one customer upgraded from the cheapest plan two months ago (recorded below): its
  // invoices bill the old plan before that day and split the period that contains it
  const upgraded = customers.find((c) => c.status === 'active' && c.plan_id !== plans[0]!.id)!;
  // (about 60 days ago; never on its billing day, where the change would start a period
  // instead of splitting one — that happened whenever today − 60 days fell on that day)
  const sixtyDaysAgo = addDays(new Date(`${today}T00:00:00Z`), -60);
  const upgradeOn = sixtyDaysAgo.getUTCDate() === upgraded.billing_day ? addDays(sixtyDaysAgo, 1) : sixtyDaysAgo;
  // the outage credit (Sinar Net, while it had it on with 4 hours free; the setting is off
  // now, so billing runs of tests and demos change nothing): a 6-hour power cut on ODP-01
  // twenty days ago; the invoices whose period holds it (issued since) took its 2 hours beyond
  // the threshold, prorated on the plan price, as the billing run does (outage_credit_rules)
  const creditOutage =
    tenant.slug === CREDIT_TENANT ? { id: randomUUID(), start: addDays(now, -20), end: addDays(now, -20 + 0.25), day: isoDate(addDays(now, -20 + 0.25 + 7 / 24)), minutes: 120 } : null;
  const credited = new Map<string, { number: string; amount: number }>();
  for (const customer of customers) {
    const plan = plans.find((p) => p.id === customer.plan_id)!;
    const change = customer.id === upgraded.id ? { on: upgradeOn, from: plans[0]! } : null;
    for (let back = 3; back >= 0; back--) {
      const y = local.getUTCFullYear();
      const m = local.getUTCMonth() - back;
      // issued on the billing day `start` for the month just ended, like the billing run (arrears)
      const start = new Date(Date.UTC(y, m, customer.billing_day));
      if (isoDate(start) > today) continue;
      const periodStart = new Date(Date.UTC(y, m - 1, customer.billing_day));
      const end = addDays(start, -1);
      const daysOf = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 86_400_000) + 1;
      const periodDays = daysOf(periodStart, end);
      const segments =
        change && change.on > periodStart && change.on <= end
          ? [
              { from: periodStart, to: addDays(change.on, -1), plan: change.from },
              { from: change.on, to: end, plan },
            ]
          : [{ from: periodStart, to: end, plan: change && change.on > end ? change.from : plan }];
      const lines = segments.map((g) => ({
        plan_id: g.plan.id,
        plan_name: g.plan.name,
        from: isoDate(g.from),
        to: isoDate(g.to),
        days: daysOf(g.from, g.to),
        period_days: periodDays,
        monthly_price: g.plan.price,
        amount: Math.round((g.plan.price * daysOf(g.from, g.to)) / periodDays),
      }));
      const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
      const period = `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}`;
      const seq = (counters.get(period) ?? 0) + 1;
      counters.set(period, seq);
      const credit =
        creditOutage && customer.odp_id === odps[0]!.id && customer.status !== 'terminated' && isoDate(periodStart) <= creditOutage.day && creditOutage.day <= isoDate(end)
          ? Math.min(subtotal, Math.round((plan.price * creditOutage.minutes) / (periodDays * 1440)))
          : 0;
      const credits =
        creditOutage && credit > 0
          ? [{ kind: 'outage' as const, outage_ids: [creditOutage.id], title: CREDIT_OUTAGE_TITLE, minutes: creditOutage.minutes, amount: credit }]
          : [];
      const tax = Math.round(((subtotal - credit) * tenant.taxRateBp) / 10_000);
      const due = addDays(start, 10);
      const overdue = isoDate(due) < today;
      // the customer's latest invoice (this month's, or last month's when this month's billing
      // day is still ahead): what active customers may still owe, whatever today's date is
      const latest = back === 0 || isoDate(new Date(Date.UTC(y, m + 1, customer.billing_day))) > today;
      const paid =
        customer.status === 'isolated' ? back >= 2 : customer.status === 'terminated' ? back >= 1 : !latest || rnd.next() < 0.4;
      const issuedAt = jakartaMorning(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate());
      // paid some days after issue, never later than now
      const paidAt = paid ? new Date(Math.min(addDays(issuedAt, rnd.int(1, 9)).getTime(), now.getTime())) : null;
      const number = `${tenant.invoicePrefix}-${period.replace('-', '')}-${pad(seq, 5)}`;
      if (credit > 0) credited.set(customer.id, { number, amount: credit });
      invoiceRows.push({
        tenant_id: tenantId,
        number,
        customer_id: customer.id,
        period_start: isoDate(periodStart),
        period_end: isoDate(end),
        subtotal,
        discount: credit,
        tax,
        total: subtotal - credit + tax,
        paid_amount: paid ? subtotal - credit + tax : 0,
        status: paid ? 'paid' : overdue ? 'overdue' : 'unpaid',
        issued_at: issuedAt,
        due_date: isoDate(due),
        paid_at: paidAt,
        lines,
        credits,
      });
    }
  }
  const invoices = await db.insert(s.tenantInvoices).values(invoiceRows).returning();
  await db
    .insert(s.tenantInvoiceSequences)
    .values([...counters.entries()].map(([period, last]) => ({ tenant_id: tenantId, period, last_number: last })));

  let receipt = 0;
  const paymentRows = invoices
    .filter((inv) => inv.status === 'paid')
    .map((inv) => {
      receipt++;
      const method = rnd.next() < 0.55 ? 'cash' : 'bank_transfer';
      return {
        tenant_id: tenantId,
        invoice_id: inv.id,
        customer_id: inv.customer_id,
        amount: inv.total,
        method,
        receipt_number: `RCP-${tenant.invoicePrefix}-${pad(receipt, 6)}`,
        collected_by: method === 'cash' ? userIds.billing : null,
        paid_at: inv.paid_at!,
      };
    });
  await db.insert(s.tenantPayments).values(paymentRows);

  // ── isolir history: every isolated customer was isolated for its overdue invoice ──
  const isolated = customers.filter((c) => c.status === 'isolated');
  const overdueByCustomer = new Map(invoices.filter((i) => i.status === 'overdue').map((i) => [i.customer_id, i.id]));
  const restoredExample = customers.find((c) => c.status === 'active')!;
  await db.insert(s.tenantIsolationEvents).values([
    ...isolated.map((c) => ({
      tenant_id: tenantId,
      customer_id: c.id,
      invoice_id: overdueByCustomer.get(c.id) ?? null,
      router_id: c.router_id,
      action: 'isolate',
      trigger: 'auto',
      reason: 'Tagihan lewat masa tenggang',
      status: 'applied',
      created_at: addDays(now, -rnd.int(1, 6)),
      applied_at: addDays(now, -1),
    })),
    {
      tenant_id: tenantId,
      customer_id: restoredExample.id,
      router_id: restoredExample.router_id,
      action: 'isolate',
      trigger: 'manual',
      reason: 'Permintaan pelanggan: cuti berlangganan',
      status: 'applied',
      requested_by: userIds.admin,
      created_at: addDays(now, -30),
      applied_at: addDays(now, -30),
    },
    {
      tenant_id: tenantId,
      customer_id: restoredExample.id,
      router_id: restoredExample.router_id,
      action: 'restore',
      trigger: 'manual',
      reason: 'Berlangganan kembali',
      status: 'applied',
      requested_by: userIds.admin,
      created_at: addDays(now, -20),
      applied_at: addDays(now, -20),
    },
  ]);

  // ── WhatsApp templates and a few messages ──
  await db.insert(s.tenantWaTemplates).values(WA_TEMPLATES.map((t) => ({ tenant_id: tenantId, ...t })));
  const latest = invoices.filter((i) => i.status !== 'paid').slice(0, 8);
  await db.insert(s.tenantWaMessages).values([
    ...latest.map((inv, i) => {
      const c = customers.find((x) => x.id === inv.customer_id)!;
      return {
        tenant_id: tenantId,
        customer_id: c.id,
        template_code: 'invoice_issued',
        to_phone: c.phone!,
        body: `Halo ${c.name}, tagihan internet ${inv.number} sebesar Rp ${inv.total.toLocaleString('id-ID')} sudah terbit.`,
        status: i % 4 === 0 ? 'failed' : i % 2 === 0 ? 'delivered' : 'sent',
        provider: 'fonnte',
        provider_message_id: `demo-${tenant.slug}-${i}`,
        error: i % 4 === 0 ? 'number not on WhatsApp' : null,
        error_code: i % 4 === 0 ? 'invalid' : null,
        attempts: 1,
        dedupe_key: `invoice_issued:${inv.id}`,
        sent_at: i % 4 === 0 ? null : inv.issued_at,
        failed_at: i % 4 === 0 ? inv.issued_at : null,
        delivered_at: i % 4 !== 0 && i % 2 === 0 ? inv.issued_at : null,
      };
    }),
    ...isolated.map((c) => ({
      tenant_id: tenantId,
      customer_id: c.id,
      template_code: 'isolir_notice',
      to_phone: c.phone!,
      body: `Halo ${c.name}, layanan internet Anda sementara dinonaktifkan karena tagihan belum dibayar.`,
      status: 'delivered',
      provider: 'fonnte',
      urgent: true,
      attempts: 1,
      dedupe_key: `isolir_notice:${c.id}:${today}`,
      sent_at: addDays(now, -1),
      delivered_at: addDays(now, -1),
    })),
  ]);
  // a status webhook that was refused (wrong secret): what the webhook log looks like in practice
  await db.insert(s.tenantWaWebhookEvents).values({
    tenant_id: tenantId,
    provider: 'fonnte',
    signature_valid: false,
    payload: { device: 'unknown', id: '1', status: 'sent', state: 'delivered' },
    status: 'rejected',
    reason: 'bad webhook secret',
    created_at: addDays(now, -2),
  });

  // ── an upgrade two months ago (billing prorates by these), and a gateway notification
  //    that was refused (wrong signature): what the payments log looks like in practice ──
  const upgradedPlan = plans.find((p) => p.id === upgraded.plan_id)!;
  await db.insert(s.tenantCustomerPlanChanges).values({
    tenant_id: tenantId,
    customer_id: upgraded.id,
    old_plan_id: plans[0]!.id,
    new_plan_id: upgraded.plan_id,
    old_price: plans[0]!.price,
    new_price: upgradedPlan.price,
    effective_on: isoDate(upgradeOn),
    created_at: addDays(now, -60),
  });
  await db.insert(s.tenantGatewayNotifications).values({
    tenant_id: tenantId,
    gateway: 'midtrans',
    transaction_id: '9aed5972-5b6a-401e-894b-a32c91ed1a3a',
    order_id: `${tenant.invoicePrefix}-000000-00000.demo`,
    transaction_status: 'settlement',
    gross_amount: '150000.00',
    signature_valid: false,
    payload: { order_id: `${tenant.invoicePrefix}-000000-00000.demo`, transaction_status: 'settlement', gross_amount: '150000.00', status_code: '200', signature_key: 'forged' },
    status: 'rejected',
    reason: 'bad signature',
    created_at: addDays(now, -3),
  });

  // ── outages: one resolved on an ODP, one still open on a router ──
  const [resolved, open] = await db
    .insert(s.tenantOutages)
    .values([
      {
        tenant_id: tenantId,
        title: 'Kabel feeder putus di ODP-01',
        description: 'Tertabrak truk, kabel diganti.',
        cause: 'fiber_cut',
        node_id: odps[0]!.id,
        status: 'resolved',
        started_at: addDays(now, -12),
        confirmed_at: addDays(now, -12),
        propagated_at: addDays(now, -12),
        resolved_at: addDays(now, -11.8),
        created_by: userIds.technician,
      },
      {
        tenant_id: tenantId,
        title: `${tenant.routers[1]!.name} tidak merespons`,
        router_id: routers[1]!.id,
        status: 'open',
        cause: 'power',
        detected_by: 'router_sync',
        started_at: addDays(now, -0.1),
        confirmed_at: addDays(now, -0.09),
        propagated_at: addDays(now, -0.1),
      },
    ])
    .returning({ id: s.tenantOutages.id });
  if (creditOutage) {
    await db.insert(s.tenantOutages).values({
      tenant_id: tenantId,
      id: creditOutage.id,
      title: CREDIT_OUTAGE_TITLE,
      description: 'Gardu PLN padam, genset ODC tidak menyala.',
      cause: 'power',
      node_id: odps[0]!.id,
      status: 'resolved',
      started_at: creditOutage.start,
      confirmed_at: creditOutage.start,
      propagated_at: creditOutage.start,
      resolved_at: creditOutage.end,
      created_by: userIds.technician,
    });
    const invoiceIds = new Map(invoices.map((inv) => [inv.number, inv.id]));
    await db.insert(s.tenantOutageCustomers).values(
      customers
        .filter((c) => c.odp_id === odps[0]!.id && c.status !== 'terminated')
        .map((c) => {
          const took = credited.get(c.id);
          return {
            tenant_id: tenantId,
            outage_id: creditOutage.id,
            customer_id: c.id,
            notified_at: creditOutage.start,
            resolved_notified_at: creditOutage.end,
            ...(took ? { credit_invoice_id: invoiceIds.get(took.number)!, credit_minutes: creditOutage.minutes, credit_amount: took.amount } : {}),
          };
        }),
    );
  }
  await db.insert(s.tenantOutageCustomers).values([
    ...customers
      .filter((c) => c.odp_id === odps[0]!.id)
      .map((c) => ({ tenant_id: tenantId, outage_id: resolved!.id, customer_id: c.id, notified_at: addDays(now, -12), resolved_notified_at: addDays(now, -11.8) })),
    ...customers
      .filter((c) => c.router_id === routers[1]!.id && c.status === 'active')
      .map((c) => ({ tenant_id: tenantId, outage_id: open!.id, customer_id: c.id })),
  ]);

  // ── a finished export (its file in one chunk, kept 7 days) and 30 days of analytics rollups ──
  const exportFile = Buffer.from('\uFEFFid,name,status\n' + customers.slice(0, 3).map((c) => `${c.id},${c.name},${c.status}`).join('\n') + '\n', 'utf8');
  const [exported] = await db
    .insert(s.tenantReports)
    .values({
      tenant_id: tenantId,
      kind: 'customers',
      format: 'csv',
      params: {},
      status: 'completed',
      total_rows: 3,
      processed_rows: 3,
      file_name: 'customers-demo.csv',
      byte_size: exportFile.length,
      requested_by: userIds.owner,
      started_at: now,
      completed_at: now,
      expires_at: addDays(now, 7),
    })
    .returning({ id: s.tenantReports.id });
  await db.insert(s.tenantReportChunks).values({ tenant_id: tenantId, report_id: exported!.id, seq: 0, content: exportFile });
  // ── trouble tickets: one about the open outage, one overdue, one resolved ──
  const affected = customers.find((c) => c.router_id === routers[1]!.id && c.status === 'active')!;
  const quiet = customers.find((c) => c.router_id === routers[0]!.id && c.status === 'active')!;
  const [linked, overdue] = await db
    .insert(s.tenantTickets)
    .values([
      {
        tenant_id: tenantId,
        number: 'T-00001',
        customer_id: affected.id,
        outage_id: open!.id,
        subject: 'Internet mati sejak pagi',
        category: 'no_connection',
        priority: 'high',
        status: 'in_progress',
        assignee_id: userIds.technician,
        created_by: userIds.customer_service,
        due_at: addDays(now, 0.2),
        created_at: addDays(now, -0.08),
      },
      {
        tenant_id: tenantId,
        number: 'T-00002',
        customer_id: quiet.id,
        subject: 'Koneksi lambat malam hari',
        category: 'slow',
        priority: 'normal',
        status: 'open',
        created_by: userIds.customer_service,
        due_at: addDays(now, -0.5),
        created_at: addDays(now, -1.5),
      },
      {
        tenant_id: tenantId,
        number: 'T-00003',
        customer_id: quiet.id,
        subject: 'Tagihan bulan lalu tercatat dua kali',
        category: 'billing',
        priority: 'low',
        status: 'resolved',
        assignee_id: userIds.billing,
        created_by: userIds.customer_service,
        due_at: addDays(now, -4),
        resolved_at: addDays(now, -5),
        created_at: addDays(now, -7),
      },
    ])
    .returning({ id: s.tenantTickets.id });
  await db.insert(s.tenantTicketComments).values([
    { tenant_id: tenantId, ticket_id: linked!.id, author_id: userIds.technician, body: 'Router di lokasi tidak merespons, tim menuju lokasi.', visibility: 'internal', created_at: addDays(now, -0.07) },
    { tenant_id: tenantId, ticket_id: linked!.id, author_id: userIds.technician, body: 'Gangguan sedang ditangani, perkiraan pulih siang ini.', visibility: 'visible', created_at: addDays(now, -0.06) },
    { tenant_id: tenantId, ticket_id: overdue!.id, author_id: userIds.customer_service, body: 'Pelanggan menelepon, minta dicek malam ini.', visibility: 'internal', created_at: addDays(now, -1.4) },
  ]);

  // ── the subscriber portal: a used sign-in code and the (signed-out) session it opened ──
  // (hashes of random secrets: neither the code nor the session token exists anywhere)
  await db.insert(s.tenantPortalCodes).values({
    tenant_id: tenantId,
    customer_id: affected.id,
    purpose: 'sign_in',
    phone: affected.phone ?? '+6281200000000',
    code_hash: createHash('sha256').update(randomBytes(16)).digest('hex'),
    attempts: 1,
    expires_at: addDays(now, -2),
    consumed_at: addDays(now, -2.001),
    created_at: addDays(now, -2.003),
  });
  await db.insert(s.tenantPortalSessions).values({
    tenant_id: tenantId,
    customer_id: affected.id,
    token_hash: createHash('sha256').update(randomBytes(32)).digest('hex'),
    user_agent: 'Mozilla/5.0 (Linux; Android 14) demo',
    created_at: addDays(now, -2),
    last_seen_at: addDays(now, -2),
    expires_at: addDays(now, 5),
    revoked_at: addDays(now, -1.9),
  });

  const active = customers.filter((c) => c.status === 'active').length;
  // the resolved outages above, in minutes per rolled-up day
  const outageStart = addDays(now, -12).getTime();
  const outageEnd = addDays(now, -11.8).getTime();
  const overlap = (from: number, to: number, dayStart: number) => Math.max(0, Math.min(to, dayStart + 86_400_000) - Math.max(from, dayStart));
  await db.insert(s.tenantAnalyticsDaily).values(
    Array.from({ length: 30 }, (_, i) => {
      const day = isoDate(addDays(now, -30 + i));
      const dayStart = Date.parse(`${day}T00:00:00Z`);
      // issued on the day after the period they bill
      const dayInvoices = invoices.filter((inv) => isoDate(addDays(new Date(`${inv.period_end}T00:00:00Z`), 1)) === day);
      const dayPayments = paymentRows.filter((p) => isoDate(p.paid_at) === day);
      return {
        tenant_id: tenantId,
        day,
        active_customers: active,
        isolated_customers: isolated.length,
        new_customers: 0,
        terminated_customers: 0,
        invoices_issued: dayInvoices.length,
        invoiced_amount: dayInvoices.reduce((sum, inv) => sum + inv.total, 0),
        payments_count: dayPayments.length,
        collected_amount: dayPayments.reduce((sum, p) => sum + p.amount, 0),
        // every router in sync and online on the rolled-up days (the one down now went down today)
        routers_total: routers.length,
        routers_synced: routers.length,
        routers_online: routers.length,
        outage_minutes: Math.round(
          (overlap(outageStart, outageEnd, dayStart) + (creditOutage ? overlap(creditOutage.start.getTime(), creditOutage.end.getTime(), dayStart) : 0)) / 60_000,
        ),
      };
    }),
  );

  // the ISP's logo (portal header, sidebar, printed invoice), a different colour per ISP
  const logo = demoLogoPng(tenant.slug === 'sinar-net' ? [10, 61, 115] : [13, 148, 136]);
  await db.insert(s.tenantLogos).values({
    tenant_id: tenantId,
    content_type: 'image/png',
    sha256: createHash('sha256').update(logo).digest('hex'),
    byte_size: logo.length,
    content: logo,
  });

  // the stored answer of a REST mutation retried with the same Idempotency-Key
  await db.insert(s.tenantIdempotencyKeys).values({
    tenant_id: tenantId,
    key: `demo-${tenant.slug}-settings-1`,
    procedure: 'settings.update',
    request_hash: createHash('sha256').update(JSON.stringify({ grace_days: 3 })).digest('hex'),
    response: { grace_days: 3 },
  });

  // an ISP's own role (issue #17), held by nobody yet: a cashier who sees customers and records payments
  await db.insert(s.tenantCustomRoles).values({
    tenant_id: tenantId,
    name: 'Kasir',
    description: 'Melihat pelanggan dan tagihan, mencatat pembayaran',
    base_role: 'billing',
    permissions: ['customers.customers.read', 'billing.invoices.read', 'billing.payments.read', 'billing.payments.record'],
  });

  // an API key record (the secret itself is never stored; this demo key was never shown)
  const secret = randomBytes(24).toString('base64url');
  await db.insert(s.tenantApiKeys).values({
    tenant_id: tenantId,
    name: 'Integrasi akuntansi',
    prefix: `rrk_${secret.slice(0, 6)}`,
    key_hash: createHash('sha256').update(secret).digest('hex'),
    permissions: ['billing.invoices.read', 'billing.payments.read'],
    created_by: userIds.owner,
  });

  // RRNet support access granted once during onboarding, long over
  const grantedAt = new Date(Date.now() - 30 * 86_400_000);
  await db.insert(s.tenantSupportGrants).values({
    tenant_id: tenantId,
    reason: 'Pendampingan awal: impor pelanggan',
    granted_by: userIds.owner,
    created_at: grantedAt,
    expires_at: new Date(grantedAt.getTime() + 4 * 3_600_000),
  });
}
