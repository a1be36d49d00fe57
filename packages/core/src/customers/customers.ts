/**
 * Customers: keyset-paginated search (trigram index over code, name, phone and PPPoE
 * username, through sys_customer_search), create/update with generated code, PPPoE username and encrypted password,
 * status changes along CUSTOMER_TRANSITIONS, PII masked without customers.pii.read, and
 * anonymisation (right to deletion) of terminated customers. Every change that affects
 * a router queues pppoe_provision for it, in the same transaction.
 */
import { sealSecret } from '../secrets/seal';
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type {
  Customer,
  CustomerPage,
  CustomerStatus,
  Permission,
  customerAnonymizeInput,
  customerCreateInput,
  customerListInput,
  customerStatusInput,
  customerUpdateInput,
} from '@rrnet/contracts';
import { tenantCustomers, tenantRouters, tenantServicePlans, tenantSettings, tenantTopologyNodes, tenantWaMessages } from '@rrnet/db/schema';
import type { TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { maskPii } from '@rrnet/logger';
import type { z } from 'zod';
import { toLatLng, toPoint } from '../network/routers';
import { invalidateMap } from '../network/services';
import type { NetworkServices } from '../network/services';
import { assertOdpHasRoom } from '../network/topology';
import { clampBillingDay } from '../billing/cycle_rules';
import { conflictOnUnique } from '../unique_conflict';
import { assertChangeable, assertCustomerTransition, firstFreeUsername, needsAnonymising, nextCodes, pppoeUsernameBase, statusChangeStamps } from './customer_rules';

const customerColumns = {
  id: tenantCustomers.id,
  code: tenantCustomers.code,
  name: tenantCustomers.name,
  phone: tenantCustomers.phone,
  email: tenantCustomers.email,
  address: tenantCustomers.address,
  national_id: tenantCustomers.national_id,
  national_id_enc: tenantCustomers.national_id_enc,
  location: tenantCustomers.location,
  plan_id: tenantCustomers.plan_id,
  plan_name: tenantServicePlans.name,
  router_id: tenantCustomers.router_id,
  router_name: tenantRouters.name,
  odp_id: tenantCustomers.odp_id,
  odp_name: tenantTopologyNodes.name,
  pppoe_username: tenantCustomers.pppoe_username,
  billing_day: tenantCustomers.billing_day,
  status: tenantCustomers.status,
  isolir_pending: tenantCustomers.isolir_pending,
  created_at: tenantCustomers.created_at,
  updated_at: tenantCustomers.updated_at,
  activated_at: tenantCustomers.activated_at,
  terminated_at: tenantCustomers.terminated_at,
  anonymized_at: tenantCustomers.anonymized_at,
};

export type CustomerRow = Omit<Customer, 'location' | 'status' | 'pii_masked'> & { status: string; location: { x: number; y: number } | null; national_id_enc: string | null };

/** What reading customers needs: the SecretBox that opens national ids (encrypted at rest). */
export type CustomerReadServices = Pick<NetworkServices, 'secretBox'>;

const PII_PERMISSION: Permission = 'customers.pii.read';

/**
 * A customer as the API answers it. Built field by field rather than by spreading the row:
 * a page of 50 goes through here on every list request, and the copies of a rest/spread
 * were a measurable part of its CPU (bench:api list).
 */
function present(row: CustomerRow, nationalId: string | null, masked: boolean): Customer {
  const mask = (v: string | null) => (v === null ? null : maskPii(v));
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    phone: masked ? mask(row.phone) : row.phone,
    email: masked ? mask(row.email) : row.email,
    address: masked ? mask(row.address) : row.address,
    national_id: masked ? mask(nationalId) : nationalId,
    pii_masked: masked,
    location: toLatLng(row.location),
    plan_id: row.plan_id,
    plan_name: row.plan_name,
    router_id: row.router_id,
    router_name: row.router_name,
    odp_id: row.odp_id,
    odp_name: row.odp_name,
    pppoe_username: row.pppoe_username,
    billing_day: row.billing_day,
    status: row.status as CustomerStatus,
    isolir_pending: row.isolir_pending,
    created_at: row.created_at,
    updated_at: row.updated_at,
    activated_at: row.activated_at,
    terminated_at: row.terminated_at,
    anonymized_at: row.anonymized_at,
  };
}

/** Customers as the API answers them: PII masked without customers.pii.read; NIKs opened (encrypted at rest; a value from before that, national_id, until key_rotation moves it). */
async function presentAll(services: CustomerReadServices, rows: CustomerRow[], permissions: readonly Permission[]): Promise<Customer[]> {
  const masked = !permissions.includes(PII_PERMISSION);
  const nationalIds = await Promise.all(rows.map((r) => (r.national_id_enc ? services.secretBox.decrypt(r.national_id_enc) : r.national_id)));
  return rows.map((r, i) => present(r, nationalIds[i] ?? null, masked));
}

/**
 * A LEFT JOIN to the plan although every customer has one (NOT NULL, a foreign key, plans
 * readable under every scope): the same rows, but the planner starts from the customers. As an
 * inner join it estimated a plan's customers as the platform's per plan (25 for 2,500) and
 * began from the ISP's 4 plans — reading all 10,000 customers to keep the 16 a search found.
 */
function selectCustomers(tx: TenantTx) {
  return tx.db
    .select(customerColumns)
    .from(tenantCustomers)
    .leftJoin(tenantServicePlans, eq(tenantServicePlans.id, tenantCustomers.plan_id))
    .leftJoin(tenantRouters, eq(tenantRouters.id, tenantCustomers.router_id))
    .leftJoin(tenantTopologyNodes, eq(tenantTopologyNodes.id, tenantCustomers.odp_id));
}

// ── keyset cursor: the last row's sort key and id ──
interface Cursor {
  s: 'name' | 'created_at';
  k: string;
  id: string;
}
const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(value: string, sort: Cursor['s']): Cursor {
  try {
    const c = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as Cursor;
    if (c.s !== sort || typeof c.k !== 'string' || !/^[0-9a-f-]{36}$/.test(c.id)) throw new Error('mismatch');
    return c;
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('invalid_list_cursor'), details: { cursor: FIELD_MESSAGES.start_again } });
  }
}

/** LIKE pattern for a search term, with % and _ taken literally. */
const likeContains = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * The list's SQL: customer rows with plan, router and ODP, in the page's order. Also the
 * baseline of bench/api's list (the same rows as JSON, without the procedure chain).
 */
export async function customerPageRows(tx: TenantTx, where: SQL[], sort: 'name' | 'created_at', limit: number): Promise<CustomerRow[]> {
  const order = sort === 'name' ? [asc(tenantCustomers.name), asc(tenantCustomers.id)] : [desc(tenantCustomers.created_at), desc(tenantCustomers.id)];
  return (await selectCustomers(tx)
    .where(where.length ? and(...where) : undefined)
    .orderBy(...order)
    .limit(limit)) as CustomerRow[];
}

export async function listCustomers(tx: TenantTx, services: CustomerReadServices, input: z.output<typeof customerListInput>, permissions: readonly Permission[]): Promise<CustomerPage> {
  const where: SQL[] = [];
  const cursor = input.cursor ? decodeCursor(input.cursor, input.sort) : null;
  if (input.q) {
    // the matching ids come from sys_customer_search (the trigram index cannot be used under
    // RLS, see drizzle/0012); the rows are then read here under RLS with the same filters
    where.push(sql`${tenantCustomers.id} IN (SELECT id FROM sys_customer_search(
      ${likeContains(input.q)}::text, ${input.status ?? null}::text, ${input.plan_id ?? null}::uuid, ${input.router_id ?? null}::uuid,
      ${input.odp_id ?? null}::uuid, ${input.sort}::text, ${cursor?.k ?? null}::text, ${cursor?.id ?? null}::uuid, ${input.limit + 1}::int))`);
  }
  if (input.status) where.push(eq(tenantCustomers.status, input.status));
  if (input.plan_id) where.push(eq(tenantCustomers.plan_id, input.plan_id));
  if (input.router_id) where.push(eq(tenantCustomers.router_id, input.router_id));
  if (input.odp_id) where.push(eq(tenantCustomers.odp_id, input.odp_id));
  if (cursor) {
    const c = cursor;
    where.push(
      input.sort === 'name'
        ? sql`(${tenantCustomers.name}, ${tenantCustomers.id}) > (${c.k}, ${c.id}::uuid)`
        : sql`(${tenantCustomers.created_at}, ${tenantCustomers.id}) < (${c.k}::timestamptz, ${c.id}::uuid)`,
    );
  }
  const rows = await customerPageRows(tx, where, input.sort, input.limit + 1);
  const more = rows.length > input.limit;
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  const next = more && last ? encodeCursor({ s: input.sort, k: input.sort === 'name' ? last.name : last.created_at.toISOString(), id: last.id }) : null;
  return { items: await presentAll(services, items, permissions), next_cursor: next };
}

export async function getCustomer(tx: TenantTx, services: CustomerReadServices, id: string, permissions: readonly Permission[]): Promise<Customer> {
  const [row] = (await selectCustomers(tx).where(eq(tenantCustomers.id, id))) as CustomerRow[];
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('customer_not_found') });
  return (await presentAll(services, [row], permissions))[0]!;
}

async function customerRecord(tx: TenantTx, id: string, options: { lock?: boolean } = {}) {
  const query = tx.db.select().from(tenantCustomers).where(eq(tenantCustomers.id, id));
  const [row] = options.lock ? await query.for('update') : await query;
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('customer_not_found') });
  return row;
}

// ── generated identifiers ──

/** Serialises code and username generation per tenant (the same lock the customers plan limit takes). */
export async function lockCustomerNumbering(tx: TenantTx, tenantId: string): Promise<void> {
  await tx.sql`SELECT pg_advisory_xact_lock(hashtext(${`${tenantId}:limit:customers`}))`;
}

/** Next free "{PREFIX}-00042" code (5+ digits, from the tenant's invoice prefix). */
export async function nextCustomerCodes(tx: TenantTx, count: number): Promise<string[]> {
  const [settings] = await tx.db.select({ prefix: tenantSettings.invoice_prefix }).from(tenantSettings);
  const prefix = settings?.prefix ?? 'CUST';
  const [row] = await tx.sql<{ n: number | null }[]>`
    SELECT max(substring(code FROM '^' || ${prefix} || '-(\\d+)$')::int) AS n
    FROM tenant_customers WHERE code LIKE ${`${prefix}-%`}`;
  return nextCodes(prefix, row?.n ?? null, count);
}

/** "Budi Santoso" → "budi.santoso", then budi.santoso2, 3… until free (and not in `taken`). */
export async function freePppoeUsername(tx: TenantTx, name: string, taken: ReadonlySet<string> = new Set()): Promise<string> {
  const base = pppoeUsernameBase(name);
  const candidates = await tx.sql<{ pppoe_username: string }[]>`
    SELECT pppoe_username FROM tenant_customers WHERE pppoe_username = ${base} OR pppoe_username ~ ${`^${base.replace(/\./g, '\\.')}[0-9]+$`}`;
  return firstFreeUsername(base, new Set([...candidates.map((c) => c.pppoe_username), ...taken]));
}

export const generatePppoePassword = () => randomBytes(9).toString('base64url');

// ── references ──

export async function checkReferences(tx: TenantTx, refs: { plan_id?: string; router_id?: string | null; odp_id?: string | null }, current?: { odp_id: string | null }) {
  if (refs.plan_id) {
    const [plan] = await tx.db.select({ active: tenantServicePlans.is_active }).from(tenantServicePlans).where(eq(tenantServicePlans.id, refs.plan_id));
    if (!plan) throw new AppError('VALIDATION_FAILED', { message: serverMessage('customer_plan_missing'), details: { plan_id: FIELD_MESSAGES.unknown_plan } });
  }
  if (refs.router_id) {
    const [router] = await tx.db.select({ id: tenantRouters.id }).from(tenantRouters).where(eq(tenantRouters.id, refs.router_id));
    if (!router) throw new AppError('VALIDATION_FAILED', { message: serverMessage('router_missing'), details: { router_id: FIELD_MESSAGES.unknown_router } });
  }
  if (refs.odp_id && refs.odp_id !== current?.odp_id) await assertOdpHasRoom(tx, refs.odp_id);
}

const uniqueViolation = conflictOnUnique(
  (constraint) => serverMessage(constraint.includes('pppoe') ? 'pppoe_username_taken' : 'customer_code_taken'),
  (constraint) => ({ [constraint.includes('pppoe') ? 'pppoe_username' : 'code']: FIELD_MESSAGES.already_used }),
);

async function queueProvision(tx: TenantTx, tenantId: string, customerId: string, routerIds: (string | null | undefined)[]) {
  for (const routerId of new Set(routerIds.filter((r): r is string => !!r))) {
    await enqueue(tx.sql, 'pppoe_provision', { customer_id: customerId, router_id: routerId }, { tenantId });
  }
}

export async function createCustomer(
  tx: TenantTx,
  services: NetworkServices,
  tenantId: string,
  input: z.output<typeof customerCreateInput>,
  permissions: readonly Permission[],
): Promise<Customer> {
  await checkReferences(tx, input);
  await lockCustomerNumbering(tx, tenantId);
  const code = input.code ?? (await nextCustomerCodes(tx, 1))[0]!;
  const username = input.pppoe_username ?? (await freePppoeUsername(tx, input.name));
  const now = new Date();
  const [row] = await tx.db
    .insert(tenantCustomers)
    .values({
      tenant_id: tenantId,
      code,
      name: input.name,
      phone: input.phone,
      email: input.email ?? null,
      address: input.address ?? null,
      national_id_enc: input.national_id ? await sealSecret(tx, services.secretBox, input.national_id) : null,
      location: toPoint(input.location) ?? null,
      plan_id: input.plan_id,
      router_id: input.router_id ?? null,
      odp_id: input.odp_id ?? null,
      pppoe_username: username,
      pppoe_password_enc: await sealSecret(tx, services.secretBox, generatePppoePassword()),
      billing_day: input.billing_day ?? clampBillingDay(Number(new Intl.DateTimeFormat('en', { day: 'numeric', timeZone: 'Asia/Jakarta' }).format(now))),
      status: 'active',
      activated_at: now,
    })
    .returning({ id: tenantCustomers.id })
    .catch(uniqueViolation);
  await queueProvision(tx, tenantId, row!.id, [input.router_id]);
  await invalidateMap(services, tenantId);
  return getCustomer(tx, services, row!.id, permissions);
}

export async function updateCustomer(
  tx: TenantTx,
  services: NetworkServices,
  tenantId: string,
  input: z.output<typeof customerUpdateInput>,
  permissions: readonly Permission[],
): Promise<Customer> {
  const current = await customerRecord(tx, input.id);
  assertChangeable(current);
  await checkReferences(tx, input, current);
  const { id, location, national_id, ...rest } = input;
  const changes: Partial<typeof tenantCustomers.$inferInsert> = { ...rest, updated_at: new Date() };
  if (location !== undefined) changes.location = toPoint(location) ?? null;
  if (national_id !== undefined) {
    changes.national_id_enc = national_id ? await sealSecret(tx, services.secretBox, national_id) : null;
    changes.national_id = null;
  }
  await tx.db.update(tenantCustomers).set(changes).where(eq(tenantCustomers.id, id)).catch(uniqueViolation);
  const routerChanged = input.router_id !== undefined && input.router_id !== current.router_id;
  const planChanged = input.plan_id !== undefined && input.plan_id !== current.plan_id;
  if (planChanged) {
    // billing prorates the period by these: each day at the price of that day's plan
    await tx.sql`
      INSERT INTO tenant_customer_plan_changes (tenant_id, customer_id, old_plan_id, new_plan_id, old_price, new_price, effective_on)
      SELECT ${tenantId}, ${id}, o.id, n.id, o.price, n.price, (now() AT TIME ZONE (SELECT timezone FROM saas_tenants WHERE id = ${tenantId}))::date
      FROM tenant_service_plans o, tenant_service_plans n WHERE o.id = ${current.plan_id} AND n.id = ${input.plan_id!}`;
  }
  if (routerChanged || planChanged) await queueProvision(tx, tenantId, id, [current.router_id, input.router_id ?? current.router_id]);
  if (location !== undefined || routerChanged) await invalidateMap(services, tenantId);
  return getCustomer(tx, services, id, permissions);
}

export async function setCustomerStatus(
  tx: TenantTx,
  services: NetworkServices,
  tenantId: string,
  input: z.output<typeof customerStatusInput>,
  permissions: readonly Permission[],
): Promise<Customer> {
  // locked: the guard decides on the status the update replaces (isolir may be changing it)
  const current = await customerRecord(tx, input.id, { lock: true });
  const from = current.status as CustomerStatus;
  if (from === input.status) return getCustomer(tx, services, input.id, permissions);
  assertCustomerTransition(from, input.status);
  const now = new Date();
  await tx.db
    .update(tenantCustomers)
    .set({ status: input.status, updated_at: now, ...statusChangeStamps(from, input.status, now, current.activated_at) })
    .where(eq(tenantCustomers.id, input.id));
  await tx.sql`SELECT sys_audit_event('admin', 'customer.status_changed', ${JSON.stringify({ customer_id: input.id, from, to: input.status, reason: input.reason })}::text::jsonb)`;
  await queueProvision(tx, tenantId, input.id, [current.router_id]);
  await invalidateMap(services, tenantId);
  return getCustomer(tx, services, input.id, permissions);
}

/** The PPPoE password, decrypted, for setting up the customer's modem. Audited. */
export async function revealPppoePassword(tx: TenantTx, services: NetworkServices, id: string): Promise<{ pppoe_username: string; pppoe_password: string }> {
  const row = await customerRecord(tx, id);
  if (row.anonymized_at) throw new AppError('CONFLICT', { message: serverMessage('customer_anonymised') });
  await tx.sql`SELECT sys_audit_event('admin', 'customer.pppoe_password_revealed', ${JSON.stringify({ customer_id: id })}::text::jsonb)`;
  return { pppoe_username: row.pppoe_username, pppoe_password: await services.secretBox.decrypt(row.pppoe_password_enc) };
}

/**
 * Right to deletion: a terminated customer's personal data is erased (name, phone,
 * e-mail, address, national id, location, PPPoE username) and their WhatsApp messages
 * redacted. Invoices and payments keep pointing at the same customer row, so totals and
 * numbering stay consistent. The audit trail records the act (its copies of phone,
 * e-mail, address and national id were masked when written).
 */
export async function anonymizeCustomer(
  tx: TenantTx,
  services: NetworkServices,
  tenantId: string,
  input: z.output<typeof customerAnonymizeInput>,
  permissions: readonly Permission[],
): Promise<Customer> {
  const current = await customerRecord(tx, input.id);
  if (!needsAnonymising({ status: current.status as CustomerStatus, anonymized_at: current.anonymized_at })) return getCustomer(tx, services, input.id, permissions);
  const tag = input.id.slice(0, 8);
  const now = new Date();
  await tx.db
    .update(tenantCustomers)
    .set({
      name: `Anonim ${tag}`,
      phone: null,
      email: null,
      address: null,
      national_id: null,
      national_id_enc: null,
      location: null,
      odp_id: null,
      pppoe_username: `anon-${input.id.replace(/-/g, '').slice(0, 20)}`,
      pppoe_password_enc: await sealSecret(tx, services.secretBox, generatePppoePassword()),
      anonymized_at: now,
      updated_at: now,
    })
    .where(eq(tenantCustomers.id, input.id));
  await tx.db
    .update(tenantWaMessages)
    .set({ to_phone: maskPii(current.phone ?? ''), body: '[anonymised]' })
    .where(eq(tenantWaMessages.customer_id, input.id));
  await tx.sql`SELECT sys_audit_event('admin', 'customer.anonymised', ${JSON.stringify({ customer_id: input.id, reason: input.reason })}::text::jsonb)`;
  await invalidateMap(services, tenantId);
  return getCustomer(tx, services, input.id, permissions);
}
