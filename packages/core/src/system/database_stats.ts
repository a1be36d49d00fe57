/**
 * The database as the platform's metrics page shows it: connections by state and the
 * busiest statements (pg_stat_statements), through the monitoring functions of migration
 * 0034 on the rrnet_system pool (they run as rrnet_monitor, a member of pg_read_all_stats).
 */
import type { Sql } from '@rrnet/db';
import type { TopStatement } from '@rrnet/contracts';
import { METRICS_QUERY_TAG } from './metrics_queries';

export interface DatabaseConnections {
  by_state: { state: string; connections: number }[];
  total: number;
  max_connections: number;
}

export async function readDatabaseConnections(systemSql: Sql): Promise<DatabaseConnections> {
  const rows = await systemSql<{ state: string; connections: number; max_connections: number }[]>`
    /* rrnet:metrics */ SELECT state, connections, max_connections FROM sys_database_connections() ORDER BY connections DESC, state`;
  const max = rows[0]?.max_connections ?? Number((await systemSql<{ v: string }[]>`SELECT current_setting('max_connections') AS v`)[0]?.v ?? 0);
  return {
    by_state: rows.map((r) => ({ state: r.state, connections: r.connections })),
    total: rows.reduce((a, r) => a + r.connections, 0),
    max_connections: max,
  };
}

export type TopStatements = { available: true; statements: TopStatement[] } | { available: false; reason: 'not_installed' | 'not_loaded' | 'error' };

/** Why pg_stat_statements cannot answer, from the error PostgreSQL raised; null: another error. */
export function slowQueryUnavailability(err: unknown): 'not_installed' | 'not_loaded' | null {
  const e = ((err as { cause?: unknown }).cause ?? err) as { code?: string; hint?: string; message?: string };
  if (e.code !== '55000') return null;
  if (e.hint === 'not_installed') return 'not_installed';
  // "pg_stat_statements must be loaded via shared_preload_libraries" (PostgreSQL's own wording)
  return /shared_preload_libraries/.test(e.message ?? '') ? 'not_loaded' : null;
}

/** Each statement's share of the listed statements' total time (0 when none took any). */
export function withShares(rows: Omit<TopStatement, 'share'>[]): TopStatement[] {
  const total = rows.reduce((a, r) => a + r.total_ms, 0);
  return rows.map((r) => ({ ...r, share: total > 0 ? r.total_ms / total : 0 }));
}

/** The `limit` statements of this database with the most total execution time. */
export async function readTopStatements(systemSql: Sql, limit = 10): Promise<TopStatements> {
  try {
    const rows = await systemSql<{ query_id: string; query: string; calls: string; total_ms: number; mean_ms: number; rows: string }[]>`
      /* rrnet:metrics */ SELECT query_id, query, calls::text, total_ms, mean_ms, rows::text FROM sys_top_statements(${limit + 10})`;
    return {
      available: true,
      statements: withShares(
        rows
          .filter((r) => !r.query.includes(METRICS_QUERY_TAG)) // the scrapes' own
          .slice(0, limit)
          .map((r) => ({ query_id: r.query_id, query: r.query, calls: Number(r.calls), total_ms: r.total_ms, mean_ms: r.mean_ms, rows: Number(r.rows) })),
      ),
    };
  } catch (err) {
    const reason = slowQueryUnavailability(err);
    if (reason) return { available: false, reason };
    throw err;
  }
}
