/**
 * The worker's heartbeat row in sys_worker_heartbeats: written on an interval (not as a
 * job, so a long backlog cannot make a healthy worker look dead) and removed on drain.
 */
import { hostname } from 'node:os';
import type { Sql } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';

export interface Heartbeat {
  stop: () => Promise<void>;
}

export async function startHeartbeat(options: {
  sql: Sql;
  workerId: string;
  graphileIds: () => string[];
  concurrency: number;
  intervalMs: number;
  logger: Logger;
  /** runs after each beat (dead-worker detection) */
  onBeat?: () => Promise<void>;
}): Promise<Heartbeat> {
  const { sql, workerId, concurrency, logger } = options;
  const beat = async () => {
    await sql`
      INSERT INTO sys_worker_heartbeats (worker_id, hostname, pid, concurrency, graphile_worker_ids)
      VALUES (${workerId}, ${hostname()}, ${process.pid}, ${concurrency}, ${options.graphileIds()})
      ON CONFLICT (worker_id) DO UPDATE SET last_seen_at = now(), graphile_worker_ids = EXCLUDED.graphile_worker_ids`;
    await options.onBeat?.();
  };
  await beat();
  let failing = false;
  const timer = setInterval(() => {
    beat().then(
      () => {
        if (failing) logger.info('heartbeat restored');
        failing = false;
      },
      (err: unknown) => {
        if (!failing) logger.warn({ err }, 'heartbeat failed; retrying');
        failing = true;
      },
    );
  }, options.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await sql`DELETE FROM sys_worker_heartbeats WHERE worker_id = ${workerId}`.catch(() => {});
    },
  };
}
