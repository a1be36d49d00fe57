/**
 * Releases the jobs of dead workers. Every worker heartbeats with its graphile-worker
 * ids; a heartbeat older than the stale limit means the process died (SIGKILL, OOM,
 * lost machine), so its locked jobs are unlocked at once for others to run, instead of
 * waiting for graphile-worker's 4-hour lock timeout.
 */
import type { WorkerUtils } from 'graphile-worker';
import type { Sql } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';

export async function releaseDeadWorkers(sql: Sql, utils: WorkerUtils, staleAfterMs: number, logger: Logger): Promise<number> {
  const dead = await sql<{ worker_id: string; graphile_worker_ids: string[] }[]>`
    SELECT worker_id, graphile_worker_ids FROM sys_worker_heartbeats
    WHERE last_seen_at < now() - make_interval(secs => ${staleAfterMs / 1000})`;
  if (dead.length === 0) return 0;
  const ids = dead.flatMap((d) => d.graphile_worker_ids);
  if (ids.length) await utils.forceUnlockWorkers(ids);
  await sql`DELETE FROM sys_worker_heartbeats WHERE worker_id = ANY (${dead.map((d) => d.worker_id)})`;
  logger.warn({ dead_workers: dead.map((d) => d.worker_id), unlocked_graphile_workers: ids.length }, 'released the jobs of dead workers');
  return dead.length;
}
