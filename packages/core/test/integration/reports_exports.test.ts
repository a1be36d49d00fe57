/**
 * Exports against a real database as the app role under RLS: a CSV of the customers
 * written in many small batches and pieces reads back row for row (personal data masked
 * for a requester without customers.pii.read); an XLSX of a period's invoices opens in
 * exceljs with every invoice; a rerun after a crash or a failure starts the file again and
 * a completed export is left alone; another ISP cannot see the export; expired exports are
 * purged with their files; and 100k customers (generated set-based) export to XLSX with
 * bounded memory (peak heap growth measured while it runs).
 */
import postgres from 'postgres';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import type { TenantTx } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { seedLoad } from '@rrnet/db/seed/load';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { localDay } from '../../src/billing/cycle';
import { getExport, listExports, purgeExpiredExports, requestExport, runExport } from '../../src/reports/exports';
import { addDays } from '../../src/reports/report_rules';
import { TEST_PG_URL } from '../../../../tests/services';

let testDb: TestDatabase;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let tenantA: string;
let tenantB: string;
const secretBox = new SecretBox(new ConfigKeyProvider(generateKeySpec()));
// the demo's invoices lie around the day the seed ran: the period is the year up to that day
const TODAY = localDay('Asia/Jakarta');

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  const seed = await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox });
  tenantA = seed.tenants[0]!.id;
  tenantB = seed.tenants[1]!.id;
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(testDb.appUrl, { max: 3 });
}, 120_000);
afterAll(async () => {
  await admin?.end();
  await app?.close();
  await testDb?.drop();
});

const inTenant = <T>(tenantId: string, fn: (tx: TenantTx) => Promise<T>) => withTenant(app.sql, { tenantId }, fn);
const bound = (tenantId: string) => <T>(fn: (tx: TenantTx) => Promise<T>) => inTenant(tenantId, fn);

async function fileOf(id: string): Promise<Buffer> {
  const rows = await admin<{ content: Buffer }[]>`SELECT content FROM tenant_report_chunks WHERE report_id = ${id} ORDER BY seq`;
  return Buffer.concat(rows.map((r) => r.content));
}

const request = (tenantId: string, input: Parameters<typeof requestExport>[2], unmasked = false) =>
  inTenant(tenantId, (tx) => requestExport(tx, { tenantId, userId: null, timezone: 'Asia/Jakarta', unmasked }, input, TODAY));

describe('report exports', () => {
  it('a CSV of the customers, in many batches and pieces, reads back row for row with masked personal data', async () => {
    const e = await request(tenantA, { kind: 'customers', format: 'csv' });
    expect(e).toMatchObject({ status: 'queued', processed_rows: 0, progress: null });
    // queued with its job in the same transaction
    const [job] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'report_generation'`;
    expect(job!.n).toBeGreaterThanOrEqual(1);

    const seen: number[] = [];
    const result = await runExport(bound(tenantA), e.id, { batchRows: 7, chunkBytes: 1_000, onBatch: (n) => seen.push(n) });
    const customers = await admin<{ code: string; phone: string | null }[]>`SELECT code, phone FROM tenant_customers WHERE tenant_id = ${tenantA} ORDER BY code`;
    expect(result).toMatchObject({ status: 'completed', rows: customers.length });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));

    const done = await inTenant(tenantA, (tx) => getExport(tx, e.id));
    expect(done).toMatchObject({ status: 'completed', processed_rows: customers.length, total_rows: customers.length, progress: 1 });
    expect(done.file_name).toMatch(/^customers-\d{8}-\d{4}\.csv$/);
    const file = await fileOf(e.id);
    expect(done.byte_size).toBe(file.length);
    // every piece but the last is exactly chunkBytes
    const sizes = await admin<{ n: number }[]>`SELECT length(content) AS n FROM tenant_report_chunks WHERE report_id = ${e.id} ORDER BY seq`;
    expect(sizes.slice(0, -1).every((s) => s.n === 1_000)).toBe(true);

    const rows = parse(file.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.code)).toEqual(customers.map((c) => c.code));
    const withPhone = customers.findIndex((c) => c.phone);
    expect(rows[withPhone]!.phone).not.toBe(customers[withPhone]!.phone);
    expect(rows[withPhone]!.phone).toContain('*');

    // the audit trail records each piece written, never its bytes
    const audited = await admin<{ new_values: { content: string; seq: number } }[]>`
      SELECT new_values FROM sys_audit_logs WHERE table_name = 'tenant_report_chunks' AND action = 'INSERT' AND new_values ->> 'report_id' = ${e.id}`;
    expect(audited).toHaveLength(sizes.length);
    expect(new Set(audited.map((a) => a.new_values.content))).toEqual(new Set(['[redacted]']));
  });

  it('an XLSX of a period’s invoices opens with every invoice; unmasked for a requester who may see personal data', async () => {
    const from = addDays(TODAY, -364);
    const e = await request(tenantA, { kind: 'invoices', format: 'xlsx', period: { preset: 'custom', from, to: TODAY } }, true);
    expect(e.span).toEqual({ from, to: addDays(TODAY, 1) });
    await runExport(bound(tenantA), e.id, { batchRows: 50, chunkBytes: 4_096 });
    const [expected] = await admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM tenant_invoices
      WHERE tenant_id = ${tenantA} AND issued_at >= (${from}::date::timestamp AT TIME ZONE 'Asia/Jakarta')
        AND issued_at < ((${TODAY}::date + 1)::timestamp AT TIME ZONE 'Asia/Jakarta')`;
    expect(expected!.n).toBeGreaterThan(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await fileOf(e.id)) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('invoices')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('number');
    expect(sheet.actualRowCount).toBe(expected!.n + 1);
    const done = await inTenant(tenantA, (tx) => getExport(tx, e.id));
    expect(done.file_name).toBe(`invoices-${from}_${TODAY}.xlsx`);
  });

  it('a rerun after a crash or a failure writes the file again; a completed export is left alone', async () => {
    const e = await request(tenantA, { kind: 'arrears', format: 'csv' });
    // a worker died mid-way: status running, a stray piece written
    await admin`UPDATE tenant_reports SET status = 'running', processed_rows = 5 WHERE id = ${e.id}`;
    await admin`INSERT INTO tenant_report_chunks (tenant_id, report_id, seq, content) VALUES (${tenantA}, ${e.id}, 0, 'stray')`;
    const first = await runExport(bound(tenantA), e.id);
    expect(first.status).toBe('completed');
    const file = await fileOf(e.id);
    expect(file.toString('utf8')).not.toContain('stray');
    const rows = parse(file.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    const [open] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_invoices WHERE tenant_id = ${tenantA} AND status IN ('unpaid', 'overdue')`;
    expect(rows).toHaveLength(open!.n);
    expect(new Set(rows.map((r) => r.ageing))).not.toContain(undefined);

    expect(await runExport(bound(tenantA), e.id)).toMatchObject({ status: 'skipped' });
    expect((await fileOf(e.id)).equals(file)).toBe(true);

    await admin`UPDATE tenant_reports SET status = 'failed', error = 'boom' WHERE id = ${e.id}`;
    expect((await runExport(bound(tenantA), e.id)).status).toBe('completed');
    expect((await inTenant(tenantA, (tx) => getExport(tx, e.id))).error).toBeNull();
  });

  it('another ISP does not see the export; expired exports go with their files', async () => {
    const e = await request(tenantA, { kind: 'arrears', format: 'xlsx' });
    await expect(inTenant(tenantB, (tx) => getExport(tx, e.id))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await inTenant(tenantB, (tx) => listExports(tx))).map((x) => x.id)).not.toContain(e.id);
    expect((await inTenant(tenantA, (tx) => listExports(tx))).map((x) => x.id)).toContain(e.id);

    await runExport(bound(tenantA), e.id);
    await admin`UPDATE tenant_reports SET expires_at = now() - interval '1 minute' WHERE id = ${e.id}`;
    expect(await inTenant(tenantB, (tx) => purgeExpiredExports(tx))).toBe(0);
    expect(await inTenant(tenantA, (tx) => purgeExpiredExports(tx))).toBe(1);
    const [left] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_report_chunks WHERE report_id = ${e.id}`;
    expect(left!.n).toBe(0);
  });

  it('100k customers export to XLSX with bounded memory', async () => {
    const load = await seedLoad({ adminUrl: testDb.adminUrl, tenants: 1, customersPerTenant: 100_000, secretBox, prefix: 'rpt' });
    const tenant = load.tenantIds[0]!;
    const e = await request(tenant, { kind: 'customers', format: 'xlsx' });
    global.gc?.();
    const base = process.memoryUsage();
    let peakHeap = base.heapUsed;
    let peakRss = base.rss;
    const sample = setInterval(() => {
      const m = process.memoryUsage();
      peakHeap = Math.max(peakHeap, m.heapUsed);
      peakRss = Math.max(peakRss, m.rss);
    }, 20);
    const progress: number[] = [];
    let result;
    try {
      result = await runExport(bound(tenant), e.id, {
        onBatch: (n) => {
          progress.push(n);
          const m = process.memoryUsage();
          peakHeap = Math.max(peakHeap, m.heapUsed);
          peakRss = Math.max(peakRss, m.rss);
        },
      });
    } finally {
      clearInterval(sample);
    }
    expect(result).toMatchObject({ status: 'completed', rows: 100_000 });
    expect(progress).toHaveLength(51);
    const done = await inTenant(tenant, (tx) => getExport(tx, e.id));
    expect(done).toMatchObject({ status: 'completed', processed_rows: 100_000, total_rows: 100_000 });
    const head = await admin<{ content: Buffer }[]>`SELECT substring(content from 1 for 2) AS content FROM tenant_report_chunks WHERE report_id = ${e.id} AND seq = 0`;
    expect(head[0]!.content.toString('latin1')).toBe('PK');
    const heapGrowthMb = (peakHeap - base.heapUsed) / 2 ** 20;
    console.info(`100k XLSX export: ${done.byte_size} bytes, peak heap growth ${heapGrowthMb.toFixed(1)} MiB, peak rss ${(peakRss / 2 ** 20).toFixed(0)} MiB (from ${(base.rss / 2 ** 20).toFixed(0)})`);
    // the file is ~5 MiB and the rows alone would be far more: what stays is one batch and one piece
    expect(heapGrowthMb).toBeLessThan(96);
  }, 600_000);
});
