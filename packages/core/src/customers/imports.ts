/**
 * CSV import of customers: parse (csv-parse), validate every row against the same schema
 * as the create form plus the tenant's data (plans/routers/ODPs by name, codes and
 * usernames already used, ODP capacity, the plan's customer limit), report per row, then
 * import in the background: one transaction for the whole file (nothing half-imported).
 * Progress goes to Redis, not to the import row: the import transaction holds the
 * tenant's audit chain until it commits, so a second transaction writing the (audited)
 * row would wait for it.
 */
import { sealSecret } from '../secrets/seal';
import { eq, sql } from 'drizzle-orm';
import { parse } from 'csv-parse/sync';
import { AppError, IMPORT_COLUMNS, IMPORT_MAX_ROWS, IMPORT_REQUIRED_COLUMNS, customerCreateInput, zodIssuesToDetails, FIELD_MESSAGES, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { CustomerImport, ImportReport, importFileInput } from '@rrnet/contracts';
import { tenantCustomerImports, tenantCustomers, tenantRouters, tenantServicePlans, tenantTopologyNodes } from '@rrnet/db/schema';
import type { TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import type { z } from 'zod';
import { toPoint } from '../network/routers';
import { invalidateMap } from '../network/services';
import type { NetworkServices } from '../network/services';
import type { WithTenant } from '../network/router_sync';
import { lockAndCount } from '../saas/plan_limits';
import { freePppoeUsername, generatePppoePassword, lockCustomerNumbering, nextCustomerCodes } from './customers';

const NO_NAMED = { plan: 'no_plan_named', router: 'no_router_named', odp: 'no_odp_named' } as const;

type ImportColumn = (typeof IMPORT_COLUMNS)[number];
type RowError = ImportReport['errors'][number];
/** A validated row, as stored for the job: a create input with references resolved. */
export type ImportRow = z.output<typeof customerCreateInput> & { row: number };

const importColumns = {
  id: tenantCustomerImports.id,
  file_name: tenantCustomerImports.file_name,
  status: tenantCustomerImports.status,
  total_rows: tenantCustomerImports.total_rows,
  processed_rows: tenantCustomerImports.processed_rows,
  created_count: tenantCustomerImports.created_count,
  error: tenantCustomerImports.error,
  created_at: tenantCustomerImports.created_at,
  started_at: tenantCustomerImports.started_at,
  finished_at: tenantCustomerImports.finished_at,
};

export async function listImports(tx: TenantTx): Promise<CustomerImport[]> {
  return (await tx.db.select(importColumns).from(tenantCustomerImports).orderBy(sql`${tenantCustomerImports.created_at} DESC`).limit(20)) as CustomerImport[];
}

const progressKey = (services: Pick<NetworkServices, 'cachePrefix'>, tenantId: string, importId: string) =>
  `${services.cachePrefix}:t:${tenantId}:import_progress:${importId}`;

export async function getImport(tx: TenantTx, id: string, live?: { services: NetworkServices; tenantId: string }): Promise<CustomerImport> {
  const [row] = await tx.db.select(importColumns).from(tenantCustomerImports).where(eq(tenantCustomerImports.id, id));
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('import_not_found') });
  const result = row as CustomerImport;
  if (result.status === 'running' && live) {
    try {
      const processed = await live.services.redis.get<number>(progressKey(live.services, live.tenantId, id));
      if (processed != null) result.processed_rows = Math.min(result.total_rows, Number(processed));
    } catch (err) {
      live.services.logger.warn({ err }, 'import progress unavailable');
    }
  }
  return result;
}

interface Validated {
  report: ImportReport;
  rows: ImportRow[];
}

/** Row numbers are the file's line numbers as a spreadsheet shows them (header = 1). */
export async function validateImport(tx: TenantTx, csv: string): Promise<Validated> {
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { skip_empty_lines: true, relax_column_count: true, trim: true, delimiter: [',', ';'] }) as string[][];
  } catch (err) {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('import_not_csv', { error: (err as Error).message }), details: { csv: FIELD_MESSAGES.not_csv } });
  }
  const [header, ...body] = records;
  if (!header) throw new AppError('VALIDATION_FAILED', { message: serverMessage('import_empty'), details: { csv: FIELD_MESSAGES.empty } });
  if (body.length > IMPORT_MAX_ROWS) {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('import_too_many_rows', { max: IMPORT_MAX_ROWS, rows: body.length }), details: { csv: FIELD_MESSAGES.too_many_rows } });
  }
  const columns = header.map((h) => h.toLowerCase().replace(/\s+/g, '_'));
  const errors: RowError[] = [];
  columns.forEach((c) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(c)) errors.push({ row: 1, field: c || '(empty)', message: fieldMessage('unknown_column', { columns: IMPORT_COLUMNS.join(', ') }) });
  });
  for (const required of IMPORT_REQUIRED_COLUMNS) {
    if (!columns.includes(required)) errors.push({ row: 1, field: required, message: FIELD_MESSAGES.required_column });
  }
  if (errors.length > 0) return { report: { total_rows: body.length, valid_rows: 0, errors, preview: [] }, rows: [] };

  const byName = async (table: typeof tenantServicePlans | typeof tenantRouters | typeof tenantTopologyNodes, where?: ReturnType<typeof sql>) => {
    const rows = await tx.db.select({ id: table.id, name: table.name }).from(table).where(where);
    return new Map(rows.map((r) => [r.name.toLowerCase(), r.id]));
  };
  const plans = await byName(tenantServicePlans);
  const routers = await byName(tenantRouters);
  const odps = await byName(tenantTopologyNodes, sql`${tenantTopologyNodes.kind} = 'odp'`);
  const odpRoom = new Map(
    (
      await tx.sql<{ id: string; room: number | null }[]>`
        SELECT n.id, n.capacity - (SELECT count(*)::int FROM tenant_customers c WHERE c.odp_id = n.id AND c.status <> 'terminated') AS room
        FROM tenant_topology_nodes n WHERE n.kind = 'odp'`
    ).map((r) => [r.id, r.room]),
  );

  const get = (record: string[], column: ImportColumn) => {
    const i = columns.indexOf(column);
    const v = i >= 0 ? (record[i] ?? '').trim() : '';
    return v === '' ? undefined : v;
  };
  const candidates: { row: number; input: Record<string, unknown> }[] = [];
  body.forEach((record, index) => {
    const row = index + 2;
    const rowErrors: RowError[] = [];
    const ref = (column: 'plan' | 'router' | 'odp', map: Map<string, string>) => {
      const name = get(record, column);
      if (!name) return undefined;
      const id = map.get(name.toLowerCase());
      if (!id) rowErrors.push({ row, field: column, message: fieldMessage(NO_NAMED[column], { name }) });
      return id;
    };
    const lat = get(record, 'lat');
    const lng = get(record, 'lng');
    const day = get(record, 'billing_day');
    const input: Record<string, unknown> = {
      code: get(record, 'code'),
      name: get(record, 'name') ?? '',
      phone: get(record, 'phone') ?? '',
      email: get(record, 'email') ?? null,
      address: get(record, 'address') ?? null,
      national_id: get(record, 'national_id') ?? null,
      plan_id: ref('plan', plans),
      router_id: ref('router', routers) ?? null,
      odp_id: ref('odp', odps) ?? null,
      pppoe_username: get(record, 'pppoe_username'),
      billing_day: day === undefined ? undefined : Number(day),
      location: lat !== undefined || lng !== undefined ? { lat: Number(lat), lng: Number(lng) } : null,
    };
    if (!get(record, 'plan')) rowErrors.push({ row, field: 'plan', message: FIELD_MESSAGES.required });
    const parsed = customerCreateInput.safeParse(input);
    if (!parsed.success) {
      for (const [field, message] of Object.entries(zodIssuesToDetails(parsed.error.issues))) {
        const column = field === 'plan_id' ? 'plan' : field === 'router_id' ? 'router' : field === 'odp_id' ? 'odp' : field.startsWith('location') ? 'lat/lng' : field;
        if (!rowErrors.some((e) => e.field === column)) rowErrors.push({ row, field: column, message });
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else candidates.push({ row, input: parsed.data! });
  });

  // duplicates inside the file and against existing customers
  const codes = candidates.map((c) => c.input.code).filter((v): v is string => typeof v === 'string');
  const usernames = candidates.map((c) => c.input.pppoe_username).filter((v): v is string => typeof v === 'string');
  const existing = await tx.sql<{ code: string; pppoe_username: string }[]>`
    SELECT code, pppoe_username FROM tenant_customers
    WHERE code = ANY(${codes}::text[]) OR pppoe_username = ANY(${usernames}::text[])`;
  const usedCodes = new Set(existing.map((e) => e.code));
  const usedNames = new Set(existing.map((e) => e.pppoe_username));
  const seenCodes = new Map<string, number>();
  const seenNames = new Map<string, number>();
  const rows: ImportRow[] = [];
  for (const c of candidates) {
    const input = c.input as z.output<typeof customerCreateInput>;
    const rowErrors: RowError[] = [];
    if (input.code) {
      if (usedCodes.has(input.code)) rowErrors.push({ row: c.row, field: 'code', message: FIELD_MESSAGES.used_by_customer });
      else if (seenCodes.has(input.code)) rowErrors.push({ row: c.row, field: 'code', message: fieldMessage('same_code_as_row', { row: seenCodes.get(input.code)! }) });
      seenCodes.set(input.code, seenCodes.get(input.code) ?? c.row);
    }
    if (input.pppoe_username) {
      if (usedNames.has(input.pppoe_username)) rowErrors.push({ row: c.row, field: 'pppoe_username', message: FIELD_MESSAGES.used_by_customer });
      else if (seenNames.has(input.pppoe_username)) rowErrors.push({ row: c.row, field: 'pppoe_username', message: fieldMessage('same_username_as_row', { row: seenNames.get(input.pppoe_username)! }) });
      seenNames.set(input.pppoe_username, seenNames.get(input.pppoe_username) ?? c.row);
    }
    if (input.odp_id && odpRoom.get(input.odp_id) != null) {
      const room = odpRoom.get(input.odp_id)!;
      if (room <= 0) rowErrors.push({ row: c.row, field: 'odp', message: FIELD_MESSAGES.odp_full });
      else odpRoom.set(input.odp_id, room - 1);
    }
    if (rowErrors.length > 0) errors.push(...rowErrors);
    else rows.push({ ...input, row: c.row });
  }
  errors.sort((a, b) => a.row - b.row);
  const planNames = new Map((await tx.db.select({ id: tenantServicePlans.id, name: tenantServicePlans.name }).from(tenantServicePlans)).map((p) => [p.id, p.name]));
  return {
    report: {
      total_rows: body.length,
      valid_rows: rows.length,
      errors,
      preview: rows.slice(0, 10).map((r) => ({ row: r.row, code: r.code ?? '(auto)', name: r.name, plan: planNames.get(r.plan_id) ?? '', pppoe_username: r.pppoe_username ?? '(auto)' })),
    },
    rows,
  };
}

export async function previewImport(tx: TenantTx, input: z.output<typeof importFileInput>): Promise<ImportReport> {
  return (await validateImport(tx, input.csv)).report;
}

/** Room under the plan's customer limit for `count` more (counted under the limit lock). */
async function assertCustomerRoom(tx: TenantTx, tenant: { tenant_id: string; timezone: string; limits: { customers: number } }, count: number) {
  const used = await lockAndCount(tx, tenant.tenant_id, 'customers', tenant.timezone);
  if (used + count > tenant.limits.customers) {
    throw new AppError('LIMIT_EXCEEDED', {
      message: serverMessage('import_plan_limit', { max: tenant.limits.customers, used, count }),
      details: { limit: 'customers', max: String(tenant.limits.customers), used: String(used) },
    });
  }
}

/**
 * Validates again (the data may have changed since the preview) and, only when every row
 * is valid, stores the rows and queues the import. With errors, nothing is queued and the
 * report says why.
 */
export async function startImport(
  tx: TenantTx,
  tenant: { tenant_id: string; timezone: string; limits: { customers: number } },
  input: z.output<typeof importFileInput>,
  userId: string | null,
): Promise<{ import: CustomerImport | null; report: ImportReport }> {
  const { report, rows } = await validateImport(tx, input.csv);
  if (report.errors.length > 0 || rows.length === 0) return { import: null, report };
  await assertCustomerRoom(tx, tenant, rows.length);
  const [created] = await tx.db
    .insert(tenantCustomerImports)
    .values({ tenant_id: tenant.tenant_id, file_name: input.file_name, total_rows: rows.length, rows, created_by: userId })
    .returning({ id: tenantCustomerImports.id });
  await enqueue(tx.sql, 'customer_import', { import_id: created!.id }, { tenantId: tenant.tenant_id });
  return { import: await getImport(tx, created!.id), report };
}

export const IMPORT_CHUNK_ROWS = 250;

/**
 * The import job. All customers are inserted in ONE transaction; progress (rows inserted
 * so far) goes to Redis after each chunk. A row that fails at this point (e.g. its code was
 * taken since the preview) fails the whole import and nothing is kept.
 */
export async function runImport(
  withTenant: WithTenant,
  services: NetworkServices,
  tenant: { tenant_id: string; timezone: string; limits: { customers: number } },
  importId: string,
  options: { chunkRows?: number } = {},
): Promise<{ status: 'completed' | 'failed' | 'skipped'; created: number; error?: string }> {
  const chunk = options.chunkRows ?? IMPORT_CHUNK_ROWS;
  const job = await withTenant(async (tx) => {
    const [row] = await tx.db.select().from(tenantCustomerImports).where(eq(tenantCustomerImports.id, importId)).for('update');
    if (!row || row.status === 'completed' || row.status === 'failed' || !row.rows) return null;
    await tx.db.update(tenantCustomerImports).set({ status: 'running', started_at: new Date(), processed_rows: 0 }).where(eq(tenantCustomerImports.id, importId));
    return row.rows as ImportRow[];
  });
  if (!job) return { status: 'skipped', created: 0 };
  const progress = async (processed: number) => {
    try {
      await services.redis.set(progressKey(services, tenant.tenant_id, importId), processed, { ex: 3600 });
    } catch (err) {
      services.logger.warn({ err }, 'import progress not recorded');
    }
  };

  try {
    const created = await withTenant(async (tx) => {
      await assertCustomerRoom(tx, tenant, job.length);
      await lockCustomerNumbering(tx, tenant.tenant_id);
      const codes = await nextCustomerCodes(tx, job.filter((r) => !r.code).length);
      const taken = new Set<string>();
      const routers = new Set<string>();
      let done = 0;
      for (let i = 0; i < job.length; i += chunk) {
        const values = [];
        for (const r of job.slice(i, i + chunk)) {
          const username = r.pppoe_username ?? (await freePppoeUsername(tx, r.name, taken));
          taken.add(username);
          if (r.router_id) routers.add(r.router_id);
          values.push({
            tenant_id: tenant.tenant_id,
            code: r.code ?? codes.shift()!,
            name: r.name,
            phone: r.phone,
            email: r.email ?? null,
            address: r.address ?? null,
            national_id_enc: r.national_id ? await sealSecret(tx, services.secretBox, r.national_id) : null,
            location: toPoint(r.location) ?? null,
            plan_id: r.plan_id,
            router_id: r.router_id ?? null,
            odp_id: r.odp_id ?? null,
            pppoe_username: username,
            pppoe_password_enc: await sealSecret(tx, services.secretBox, generatePppoePassword()),
            billing_day: r.billing_day ?? 1,
            status: 'active',
            activated_at: new Date(),
          });
        }
        await tx.db.insert(tenantCustomers).values(values);
        done += values.length;
        await progress(done);
      }
      // provision the new secrets: one reconciling sync per router instead of a job per customer
      for (const routerId of routers) await enqueue(tx.sql, 'router_sync', { router_id: routerId, apply: true }, { tenantId: tenant.tenant_id });
      await tx.db
        .update(tenantCustomerImports)
        .set({ status: 'completed', processed_rows: job.length, created_count: job.length, rows: null, finished_at: new Date(), error: null })
        .where(eq(tenantCustomerImports.id, importId));
      return job.length;
    });
    await invalidateMap(services, tenant.tenant_id);
    return { status: 'completed', created };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; detail?: string } }).cause;
    const deterministic = err instanceof AppError || (cause?.code?.startsWith('23') ?? false);
    if (!deterministic) throw err; // transient (e.g. database restart): the job is retried
    const message = (cause?.detail ?? (err as Error).message).slice(0, 500);
    await withTenant((tx) =>
      tx.db
        .update(tenantCustomerImports)
        .set({ status: 'failed', error: `Nothing was imported: ${message}`, rows: null, finished_at: new Date(), processed_rows: 0 })
        .where(eq(tenantCustomerImports.id, importId)),
    );
    return { status: 'failed', created: 0, error: message };
  }
}
