/**
 * Exports (report_generation): the customers list, the invoices issued in a period, or the
 * arrears, as CSV (csv-stringify) or XLSX (exceljs' streaming WorkbookWriter). The job
 * reads the rows in keyset batches, each batch in a transaction of its own that also
 * stores the file's finished pieces (tenant_report_chunks) and the progress, so memory
 * holds one batch and one piece, never the file, and the page sees the progress as it
 * moves. Status changes follow REPORT_EXPORT_TRANSITIONS.
 */
import { Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { AppError, REPORT_EXPORT_RETENTION_DAYS, canReportExportTransition, reportExportSchema, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { ReportExport, ReportExportCreateInput, ReportExportFormat, ReportExportKind, ReportExportStatus, ReportSpan } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { maskPii } from '@rrnet/logger';
import type { WithTenant } from '../network/router_sync';
import { ageingBucket, exportFileName, exportProgress, resolvePeriod } from './report_rules';

/** Rows read (and written) per transaction, and the size a stored piece of the file grows to. */
export const EXPORT_BATCH_ROWS = 2_000;
export const EXPORT_CHUNK_BYTES = 512 * 1024;

interface ExportParams {
  timezone: string;
  span: ReportSpan | null;
  /** the requester could see personal data unmasked (customers.pii.read) */
  unmasked: boolean;
}

interface ReportRow {
  id: string;
  kind: ReportExportKind;
  format: ReportExportFormat;
  status: ReportExportStatus;
  params: ExportParams;
  total_rows: number | null;
  processed_rows: number;
  file_name: string | null;
  byte_size: string | number | null;
  error: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  completed_at: Date | string | null;
  expires_at: Date | string;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

function toExport(r: ReportRow): ReportExport {
  return reportExportSchema.parse({
    id: r.id,
    kind: r.kind,
    format: r.format,
    status: r.status,
    span: r.params.span ?? null,
    total_rows: r.total_rows,
    processed_rows: r.processed_rows,
    progress: exportProgress(r.status, r.processed_rows, r.total_rows),
    file_name: r.file_name,
    byte_size: r.byte_size === null ? null : Number(r.byte_size),
    error: r.error,
    created_at: iso(r.created_at),
    started_at: iso(r.started_at),
    completed_at: iso(r.completed_at),
    expires_at: iso(r.expires_at),
  });
}

function assertTransition(from: ReportExportStatus, to: ReportExportStatus): void {
  if (!canReportExportTransition(from, to)) throw new AppError('CONFLICT', { message: serverMessage('export_transition', { from, to }), details: { status: fieldMessage('export_not_from', { from }) } });
}

/** Statuses an export may come to `to` from: the WHERE of a set-based status change. */
function sourcesOf(to: ReportExportStatus): ReportExportStatus[] {
  return (['queued', 'running', 'completed', 'failed'] as const).filter((from) => canReportExportTransition(from, to));
}

/** Records an export and queues its job in the same transaction. */
export async function requestExport(
  tx: TenantTx,
  who: { tenantId: string; userId: string | null; timezone: string; unmasked: boolean },
  input: ReportExportCreateInput,
  today: string,
  now: Date = new Date(),
): Promise<ReportExport> {
  const span = input.kind === 'invoices' ? resolvePeriod({ preset: input.period?.preset ?? 'this_month', from: input.period?.from, to: input.period?.to }, today) : null;
  const params: ExportParams = { timezone: who.timezone, span, unmasked: who.unmasked };
  const expires = new Date(now.getTime() + REPORT_EXPORT_RETENTION_DAYS * 86_400_000);
  const [row] = await tx.sql<ReportRow[]>`
    INSERT INTO tenant_reports (tenant_id, kind, format, params, status, requested_by, created_at, expires_at)
    VALUES (${who.tenantId}, ${input.kind}, ${input.format}, ${JSON.stringify(params)}::text::jsonb, 'queued', ${who.userId}, ${now.toISOString()}, ${expires.toISOString()})
    RETURNING *`;
  await enqueue(tx.sql, 'report_generation', { report_id: row!.id }, { tenantId: who.tenantId });
  return toExport(row!);
}

export async function listExports(tx: TenantTx, limit = 20): Promise<ReportExport[]> {
  const rows = await tx.sql<ReportRow[]>`
    SELECT id, kind, format, status, params, total_rows, processed_rows, file_name, byte_size, error, created_at, started_at, completed_at, expires_at
    FROM tenant_reports WHERE expires_at > now() ORDER BY created_at DESC, id LIMIT ${limit}`;
  return rows.map(toExport);
}

export async function getExport(tx: TenantTx, id: string): Promise<ReportExport> {
  const [row] = await tx.sql<ReportRow[]>`
    SELECT id, kind, format, status, params, total_rows, processed_rows, file_name, byte_size, error, created_at, started_at, completed_at, expires_at
    FROM tenant_reports WHERE id = ${id} AND expires_at > now()`;
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('export_not_found') });
  return toExport(row);
}

/** What the download route streams: a completed export's file name, format, size and pieces; CONFLICT until it is completed. */
export async function exportFile(tx: TenantTx, id: string): Promise<{ file_name: string; format: ReportExportFormat; byte_size: number; chunks: number }> {
  const e = await getExport(tx, id);
  if (e.status !== 'completed' || !e.file_name) throw new AppError('CONFLICT', { message: serverMessage('export_not_ready'), details: { status: e.status } });
  return { file_name: e.file_name, format: e.format, byte_size: e.byte_size ?? 0, chunks: await exportChunkCount(tx, id) };
}

/** How many pieces a completed export's file has (what the download route streams). */
export async function exportChunkCount(tx: TenantTx, id: string): Promise<number> {
  const [row] = await tx.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_report_chunks WHERE report_id = ${id}`;
  return row!.n;
}

export async function readExportChunk(tx: TenantTx, id: string, seq: number): Promise<Buffer | null> {
  const [row] = await tx.sql<{ content: Buffer }[]>`SELECT content FROM tenant_report_chunks WHERE report_id = ${id} AND seq = ${seq}`;
  return row?.content ?? null;
}

/** Exports past their retention, with their files (the chunks go by the foreign key's cascade). */
export async function purgeExpiredExports(tx: TenantTx, now: Date = new Date()): Promise<number> {
  const rows = await tx.sql`DELETE FROM tenant_reports WHERE expires_at <= ${now.toISOString()}::timestamptz RETURNING 1`;
  return rows.length;
}

// ── the rows of each kind, in keyset order ──

interface Source {
  header: string[];
  count: (tx: TenantTx, p: ExportParams) => Promise<number>;
  /** the next batch after `after` (the keyset value of the previous batch's last row) */
  batch: (tx: TenantTx, p: ExportParams, after: string, limit: number) => Promise<{ key: string; values: (string | number | null)[] }[]>;
}

const pii = (p: ExportParams, v: string | null) => (v === null ? null : p.unmasked ? v : maskPii(v));

async function spanBounds(tx: TenantTx, p: ExportParams): Promise<[string, string]> {
  const [b] = await tx.sql<{ f: string; t: string }[]>`
    SELECT (${p.span!.from}::date::timestamp AT TIME ZONE ${p.timezone})::text AS f, (${p.span!.to}::date::timestamp AT TIME ZONE ${p.timezone})::text AS t`;
  return [b!.f, b!.t];
}

const SOURCES: Record<ReportExportKind, Source> = {
  customers: {
    header: ['code', 'name', 'phone', 'email', 'address', 'status', 'plan', 'price', 'odp', 'router', 'billing_day', 'pppoe_username', 'created_on', 'terminated_on'],
    count: async (tx) => (await tx.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_customers`)[0]!.n,
    batch: async (tx, p, after, limit) => {
      const rows = await tx.sql<{ code: string; name: string; phone: string | null; email: string | null; address: string | null; status: string; plan: string; price: string; odp: string | null; router: string | null; billing_day: number; pppoe_username: string; created_on: string; terminated_on: string | null }[]>`
        SELECT c.code, c.name, c.phone, c.email, c.address, c.status, pl.name AS plan, pl.price::text AS price, n.name AS odp, r.name AS router,
               c.billing_day, c.pppoe_username, to_char(c.created_at AT TIME ZONE ${p.timezone}, 'YYYY-MM-DD') AS created_on,
               to_char(c.terminated_at AT TIME ZONE ${p.timezone}, 'YYYY-MM-DD') AS terminated_on
        FROM tenant_customers c
        JOIN tenant_service_plans pl ON pl.tenant_id = c.tenant_id AND pl.id = c.plan_id
        LEFT JOIN tenant_topology_nodes n ON n.tenant_id = c.tenant_id AND n.id = c.odp_id
        LEFT JOIN tenant_routers r ON r.tenant_id = c.tenant_id AND r.id = c.router_id
        WHERE c.code > ${after} ORDER BY c.code LIMIT ${limit}`;
      return rows.map((c) => ({
        key: c.code,
        values: [c.code, c.name, pii(p, c.phone), pii(p, c.email), pii(p, c.address), c.status, c.plan, Number(c.price), c.odp, c.router, c.billing_day, c.pppoe_username, c.created_on, c.terminated_on],
      }));
    },
  },
  invoices: {
    header: ['number', 'customer_code', 'customer_name', 'period_start', 'period_end', 'issued_on', 'due_date', 'total', 'paid_amount', 'outstanding', 'status', 'paid_on'],
    count: async (tx, p) => {
      const [f, t] = await spanBounds(tx, p);
      return (await tx.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_invoices WHERE issued_at >= ${f}::timestamptz AND issued_at < ${t}::timestamptz`)[0]!.n;
    },
    batch: async (tx, p, after, limit) => {
      const [f, t] = await spanBounds(tx, p);
      const rows = await tx.sql<{ number: string; code: string; name: string; period_start: string; period_end: string; issued_on: string; due_date: string; total: string; paid_amount: string; status: string; paid_on: string | null }[]>`
        SELECT i.number, c.code, c.name, i.period_start::text, i.period_end::text, to_char(i.issued_at AT TIME ZONE ${p.timezone}, 'YYYY-MM-DD') AS issued_on,
               i.due_date::text, i.total::text, i.paid_amount::text, i.status, to_char(i.paid_at AT TIME ZONE ${p.timezone}, 'YYYY-MM-DD') AS paid_on
        FROM tenant_invoices i JOIN tenant_customers c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
        WHERE i.issued_at >= ${f}::timestamptz AND i.issued_at < ${t}::timestamptz AND i.number > ${after}
        ORDER BY i.number LIMIT ${limit}`;
      return rows.map((i) => ({
        key: i.number,
        values: [i.number, i.code, i.name, i.period_start, i.period_end, i.issued_on, i.due_date, Number(i.total), Number(i.paid_amount), Number(i.total) - Number(i.paid_amount), i.status, i.paid_on],
      }));
    },
  },
  arrears: {
    header: ['invoice_number', 'customer_code', 'customer_name', 'phone', 'customer_status', 'due_date', 'days_past_due', 'ageing', 'outstanding'],
    count: async (tx) => (await tx.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_invoices WHERE status IN ('unpaid', 'overdue')`)[0]!.n,
    batch: async (tx, p, after, limit) => {
      const rows = await tx.sql<{ number: string; code: string; name: string; phone: string | null; customer_status: string; due_date: string; days: number; outstanding: string }[]>`
        SELECT i.number, c.code, c.name, c.phone, c.status AS customer_status, i.due_date::text,
               greatest(0, (now() AT TIME ZONE ${p.timezone})::date - i.due_date)::int AS days, (i.total - i.paid_amount)::text AS outstanding
        FROM tenant_invoices i JOIN tenant_customers c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
        WHERE i.status IN ('unpaid', 'overdue') AND i.number > ${after}
        ORDER BY i.number LIMIT ${limit}`;
      return rows.map((a) => ({
        key: a.number,
        values: [a.number, a.code, a.name, pii(p, a.phone), a.customer_status, a.due_date, a.days, a.days > 0 ? ageingBucket(a.days) : 'not_due', Number(a.outstanding)],
      }));
    },
  },
};

// ── the file: writers that hand over finished bytes ──

/** Collects what a writer produced until it is stored. */
class Pieces extends Writable {
  parts: Buffer[] = [];
  bytes = 0;
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    this.parts.push(chunk);
    this.bytes += chunk.length;
    done();
  }
  /** Puts back a tail not stored yet. */
  keep(tail: Buffer): void {
    this.parts.push(tail);
    this.bytes += tail.length;
  }
  /** Everything collected so far, as one buffer, and empty again. */
  take(): Buffer {
    const all = Buffer.concat(this.parts);
    this.parts = [];
    this.bytes = 0;
    return all;
  }
}

interface FileWriter {
  rows: (values: (string | number | null)[][]) => void;
  /** lets the writer's asynchronous output (the zip) reach the pieces */
  settle: () => Promise<void>;
  end: () => Promise<void>;
}

function csvWriter(header: string[], out: Pieces): FileWriter {
  // a BOM so spreadsheet programs read the UTF-8 names right
  out.write(Buffer.from(`\uFEFF${stringify([header])}`, 'utf8'));
  return {
    rows: (values) => {
      if (values.length > 0) out.write(Buffer.from(stringify(values), 'utf8'));
    },
    settle: () => Promise.resolve(),
    end: () => new Promise((resolve) => out.end(resolve)),
  };
}

function xlsxWriter(header: string[], sheetName: string, out: Pieces): FileWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).commit();
  return {
    rows: (values) => {
      for (const v of values) sheet.addRow(v).commit();
    },
    settle: () => new Promise((resolve) => setImmediate(resolve)),
    end: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * The job: claims the export (a rerun after a crash or a failure starts the file again),
 * writes it batch by batch, stores its pieces and progress, and completes it. Returns what
 * it did; throws (after marking the export failed) so the job's retry policy applies.
 */
export async function runExport(
  withTenant: WithTenant,
  reportId: string,
  options: { batchRows?: number; chunkBytes?: number; onBatch?: (processed: number) => void } = {},
): Promise<{ status: 'completed' | 'skipped'; rows: number; bytes: number }> {
  const batchRows = options.batchRows ?? EXPORT_BATCH_ROWS;
  const chunkBytes = options.chunkBytes ?? EXPORT_CHUNK_BYTES;
  const claimed = await withTenant(async (tx) => {
    const [row] = await tx.sql<ReportRow[]>`SELECT * FROM tenant_reports WHERE id = ${reportId} FOR UPDATE`;
    if (!row || row.status === 'completed') return null;
    if (row.status !== 'queued') {
      // a previous attempt died (running) or failed: back to queued, its pieces discarded
      assertTransition(row.status, 'queued');
      await tx.sql`DELETE FROM tenant_report_chunks WHERE report_id = ${reportId}`;
    }
    assertTransition('queued', 'running');
    const source = SOURCES[row.kind];
    const total = await source.count(tx, row.params);
    const fileName = exportFileName(row.kind, row.format, row.params.span, new Date(row.created_at));
    await tx.sql`
      UPDATE tenant_reports SET status = 'running', started_at = now(), total_rows = ${total}, processed_rows = 0, file_name = ${fileName}, error = NULL, byte_size = NULL
      WHERE id = ${reportId}`;
    return row;
  });
  if (!claimed) return { status: 'skipped', rows: 0, bytes: 0 };

  const source = SOURCES[claimed.kind];
  const out = new Pieces();
  const writer = claimed.format === 'csv' ? csvWriter(source.header, out) : xlsxWriter(source.header, claimed.kind, out);
  let seq = 0;
  let bytes = 0;
  let processed = 0;
  // stores every full piece collected (all: the short last one too); a short tail waits for the next batch
  const store = async (tx: TenantTx, all: boolean) => {
    if (out.bytes < chunkBytes && !(all && out.bytes > 0)) return;
    const buffer = out.take();
    let at = 0;
    while (buffer.length - at >= chunkBytes || (all && at < buffer.length)) {
      const piece = buffer.subarray(at, Math.min(at + chunkBytes, buffer.length));
      await tx.sql`INSERT INTO tenant_report_chunks (tenant_id, report_id, seq, content) VALUES (app_current_tenant(), ${reportId}, ${seq}, ${piece})`;
      seq += 1;
      bytes += piece.length;
      at += piece.length;
    }
    if (at < buffer.length) out.keep(Buffer.from(buffer.subarray(at)));
  };

  try {
    let after = '';
    for (;;) {
      const done = await withTenant(async (tx) => {
        const batch = await source.batch(tx, claimed.params, after, batchRows);
        writer.rows(batch.map((b) => b.values));
        await writer.settle();
        processed += batch.length;
        if (batch.length > 0) after = batch[batch.length - 1]!.key;
        await store(tx, false);
        await tx.sql`UPDATE tenant_reports SET processed_rows = ${processed} WHERE id = ${reportId} AND status = 'running'`;
        return batch.length < batchRows;
      });
      options.onBatch?.(processed);
      if (done) break;
    }
    await writer.end();
    await withTenant(async (tx) => {
      await store(tx, true);
      assertTransition('running', 'completed');
      await tx.sql`
        UPDATE tenant_reports SET status = 'completed', completed_at = now(), byte_size = ${bytes}, processed_rows = ${processed},
               total_rows = greatest(coalesce(total_rows, 0), ${processed})
        WHERE id = ${reportId} AND status = ANY(${sourcesOf('completed')}::text[])`;
    });
    return { status: 'completed', rows: processed, bytes };
  } catch (err) {
    await withTenant(async (tx) => {
      assertTransition('running', 'failed');
      await tx.sql`UPDATE tenant_reports SET status = 'failed', error = ${err instanceof Error ? err.message.slice(0, 500) : 'export failed'}
                   WHERE id = ${reportId} AND status = ANY(${sourcesOf('failed')}::text[])`;
    }).catch(() => undefined);
    throw err;
  }
}
