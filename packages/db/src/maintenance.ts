/**
 * Audit maintenance, run by the worker's cron and by `pnpm db:maintain`: create the
 * monthly audit partitions ahead and verify every hash chain.
 */
import type { Sql } from './client';

export interface ChainReport {
  chain_id: string;
  ok: boolean;
  checked: number;
  first_broken_id: string | null;
  reason: string | null;
}

/** Needs a rrnet_system (or owner) connection. */
export async function ensureAuditPartitions(sql: Sql, monthsAhead = 3): Promise<number> {
  const [row] = await sql<{ n: number }[]>`SELECT sys_audit_ensure_partitions(now()::date, ${monthsAhead + 1}::int) AS n`;
  return row?.n ?? 0;
}

export async function verifyAuditChains(sql: Sql): Promise<ChainReport[]> {
  return sql<ChainReport[]>`
    SELECT h.chain_id, v.ok, v.checked::int AS checked, v.first_broken_id::text AS first_broken_id, v.reason
    FROM sys_audit_chain_heads h, LATERAL sys_audit_verify(h.chain_id) v
    ORDER BY h.chain_id`;
}
