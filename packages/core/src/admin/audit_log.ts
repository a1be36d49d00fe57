/**
 * The audit trail, readable (spec §9 "access: role_based", issue #17): an ISP's own events
 * from its tenant transaction (sys_audit_logs' audit_tenant_read policy shows rrnet_app only
 * the rows of app.tenant_id), the platform's events (tenant_id null) from a platform
 * transaction. Filters by actor, category, table, action, row and days of the reader's
 * calendar; newest first in keyset pages; values with personal data masked unless the
 * reader holds customers.pii.read; the hash chain verified for a period by the one walk
 * audit_maintenance uses (sys_audit_verify); a bounded CSV export.
 */
import { stringify } from 'csv-stringify/sync';
import { AUDIT_EXPORT_MAX_ROWS } from '@rrnet/contracts';
import type { AuditCategory, AuditEvent, AuditExport, AuditPage, AuditVerifyResult, auditExportInput, auditListInput, auditVerifyInput } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import type { z } from 'zod';
import { breakReasonCode, changedKeys, decodeAuditCursor, encodeAuditCursor, maskAuditValues } from './audit_rules';

/**
 * Whose trail: the ISP of the tenant transaction, or the platform's own chain. `unmasked`:
 * the reader may see personal data (customers.pii.read). `timezone`: the reader's calendar.
 */
export interface AuditScope {
  kind: 'tenant' | 'platform';
  timezone: string;
  unmasked: boolean;
}

/** The chain of events written with no ISP (sys_audit_append's coalesce). */
const PLATFORM_CHAIN = '00000000-0000-0000-0000-000000000000';

type Filters = z.output<typeof auditExportInput>;

interface Row {
  id: string;
  occurred_at: Date | string;
  category: AuditCategory;
  action: string;
  table_name: string | null;
  row_id: string | null;
  actor_user_id: string | null;
  actor_name: string | null;
  actor_email: string | null;
  request_id: string | null;
  old_values: Record<string, unknown> | null;
  new_values: Record<string, unknown> | null;
  occurred_local: string;
  /** occurred_at to the microsecond (a JS Date keeps milliseconds): the keyset's key */
  at_us: string;
}

function select(tx: TenantTx, scope: AuditScope, f: Filters, after: [string, string] | null, limit: number) {
  const { sql } = tx;
  return sql<Row[]>`
    SELECT l.id::text AS id, l.occurred_at, l.category, l.action, l.table_name, l.row_id, l.actor_user_id,
           u.name AS actor_name, u.email AS actor_email, l.request_id, l.old_values, l.new_values,
           to_char(l.occurred_at AT TIME ZONE ${scope.timezone}, 'YYYY-MM-DD HH24:MI:SS') AS occurred_local,
           to_char(l.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_us
    FROM sys_audit_logs l LEFT JOIN sys_users u ON u.id = l.actor_user_id
    WHERE ${scope.kind === 'tenant' ? sql`l.tenant_id = app_current_tenant()` : sql`l.tenant_id IS NULL`}
      ${f.actor_user_id ? sql`AND l.actor_user_id = ${f.actor_user_id}` : sql``}
      ${f.category ? sql`AND l.category = ${f.category}` : sql``}
      ${f.table_name ? sql`AND l.table_name = ${f.table_name}` : sql``}
      ${f.action ? sql`AND l.action = ${f.action}` : sql``}
      ${f.row_id ? sql`AND l.row_id = ${f.row_id}` : sql``}
      ${f.from ? sql`AND l.occurred_at >= (${f.from}::date::timestamp AT TIME ZONE ${scope.timezone})` : sql``}
      ${f.to ? sql`AND l.occurred_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE ${scope.timezone})` : sql``}
      ${after ? sql`AND (l.occurred_at, l.id) < (${after[0]}::timestamptz, ${after[1]}::bigint)` : sql``}
    ORDER BY l.occurred_at DESC, l.id DESC
    LIMIT ${limit}`;
}

function present(r: Row, scope: AuditScope): AuditEvent {
  const old_values = scope.unmasked ? r.old_values : maskAuditValues(r.old_values);
  const new_values = scope.unmasked ? r.new_values : maskAuditValues(r.new_values);
  return {
    id: r.id,
    occurred_at: new Date(r.occurred_at).toISOString(),
    category: r.category,
    action: r.action,
    table_name: r.table_name,
    row_id: r.row_id,
    actor_user_id: r.actor_user_id,
    actor_name: r.actor_name,
    actor_email: r.actor_email,
    request_id: r.request_id,
    old_values,
    new_values,
    changed_keys: changedKeys(r.old_values, r.new_values),
  };
}

/** One newest-first page of the trail. */
export async function listAuditEvents(tx: TenantTx, scope: AuditScope, input: z.output<typeof auditListInput>): Promise<AuditPage> {
  const after = input.cursor ? decodeAuditCursor(input.cursor) : null;
  const rows = await select(tx, scope, input, after, input.limit + 1);
  const shown = rows.slice(0, input.limit);
  const last = shown.at(-1);
  return {
    items: shown.map((r) => present(r, scope)),
    next_cursor: rows.length > input.limit && last ? encodeAuditCursor(last.at_us, last.id) : null,
    pii_masked: !scope.unmasked,
  };
}

/**
 * Verifies the chain over [from, to] (days of the reader's calendar; either open) with
 * sys_audit_verify — the walk audit_maintenance runs over whole chains. The ISP's chain is
 * the transaction's own (sys_audit_verify_tenant takes no chain); the platform's is fixed.
 */
export async function verifyAuditChain(tx: TenantTx, scope: AuditScope, input: z.output<typeof auditVerifyInput>): Promise<AuditVerifyResult> {
  const { sql } = tx;
  const from = input.from ? sql`(${input.from}::date::timestamp AT TIME ZONE ${scope.timezone})` : sql`NULL::timestamptz`;
  const to = input.to ? sql`((${input.to}::date + 1)::timestamp AT TIME ZONE ${scope.timezone})` : sql`NULL::timestamptz`;
  const [v] = await sql<{ ok: boolean; checked: number; first_broken_id: string | null; reason: string | null }[]>`
    SELECT ok, checked::int AS checked, first_broken_id::text AS first_broken_id, reason
    FROM ${scope.kind === 'tenant' ? sql`sys_audit_verify_tenant(${from}, ${to})` : sql`sys_audit_verify(${PLATFORM_CHAIN}::uuid, ${from}, ${to})`}`;
  return {
    ok: v?.ok ?? true,
    checked: v?.checked ?? 0,
    first_broken_id: v?.first_broken_id ?? null,
    reason: v?.reason ?? null,
    reason_code: breakReasonCode(v?.reason ?? null),
    from: input.from ?? null,
    to: input.to ?? null,
  };
}

const CSV_HEADER = ['id', 'occurred_at', 'occurred_local', 'category', 'action', 'table_name', 'row_id', 'actor_email', 'actor_name', 'request_id', 'changed_keys', 'old_values', 'new_values'];
const EXPORT_BATCH = 1_000;

/**
 * The filtered events as CSV, newest first, in keyset batches of 1,000 and at most
 * AUDIT_EXPORT_MAX_ROWS (`truncated` says more matched: narrow the period). Values are
 * masked as on the page; a byte-order mark lets spreadsheet programs read it as UTF-8.
 */
export async function exportAuditCsv(tx: TenantTx, scope: AuditScope, input: Filters, now: Date): Promise<AuditExport> {
  const parts: string[] = [`\uFEFF${stringify([CSV_HEADER])}`];
  let after: [string, string] | null = null;
  let rows = 0;
  let truncated = false;
  for (;;) {
    const room = AUDIT_EXPORT_MAX_ROWS - rows;
    const batch = await select(tx, scope, input, after, Math.min(EXPORT_BATCH, room) + 1);
    const take = batch.slice(0, Math.min(EXPORT_BATCH, room));
    if (take.length > 0) {
      parts.push(
        stringify(
          take.map((r) => {
            const e = present(r, scope);
            return [e.id, e.occurred_at, r.occurred_local, e.category, e.action, e.table_name ?? '', e.row_id ?? '', e.actor_email ?? '', e.actor_name ?? '',
              e.request_id ?? '', e.changed_keys.join(' '), e.old_values ? JSON.stringify(e.old_values) : '', e.new_values ? JSON.stringify(e.new_values) : ''];
          }),
        ),
      );
    }
    rows += take.length;
    const last = take.at(-1);
    if (batch.length <= take.length || !last) break;
    if (rows >= AUDIT_EXPORT_MAX_ROWS) {
      truncated = true;
      break;
    }
    after = [last.at_us, last.id];
  }
  const day = now.toISOString().slice(0, 10);
  return { file_name: `audit-${scope.kind === 'platform' ? 'platform' : 'isp'}-${day}.csv`, content_type: 'text/csv; charset=utf-8', rows, truncated, csv: parts.join('') };
}
