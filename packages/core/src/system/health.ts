/**
 * Readiness: can this instance serve? Postgres answers, Redis answers, and at least one
 * worker heartbeat is fresh. Each probe is bounded so a dead dependency yields a fast
 * 503 naming it instead of a hanging request.
 */
import type { Redis } from '@rrnet/cache';
import type { ComponentCheck, HealthComponent, Readiness } from '@rrnet/contracts';
import type { Sql } from '@rrnet/db';

export interface ReadinessDeps {
  sql: Sql;
  redis: Redis;
  /** A worker whose last heartbeat is older than this is considered gone. */
  workerStaleAfterMs: number;
  probeTimeoutMs?: number;
}

class ProbeTimeout extends Error {}

async function probe(timeoutMs: number, fn: () => Promise<string>): Promise<ComponentCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const detail = await Promise.race([
      fn(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ProbeTimeout(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, latency_ms: Math.round(performance.now() - started), detail };
  } catch (err) {
    return {
      ok: false,
      latency_ms: Math.round(performance.now() - started),
      detail: describeError(err),
    };
  } finally {
    clearTimeout(timer);
  }
}

function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const timeout = deps.probeTimeoutMs ?? 2000;
  const [postgres, redis] = await Promise.all([
    probe(timeout, async () => {
      await deps.sql`SELECT 1`;
      return 'ok';
    }),
    probe(timeout, async () => {
      const pong = await deps.redis.ping();
      return pong === 'PONG' ? 'ok' : `unexpected reply ${String(pong)}`;
    }),
  ]);
  const worker = postgres.ok
    ? await probe(timeout, async () => {
        const [row] = await deps.sql<{ age_ms: number | null; workers: number }[]>`
          SELECT (extract(epoch FROM now() - max(last_seen_at)) * 1000)::float8 AS age_ms,
                 count(*) FILTER (WHERE last_seen_at > now() - make_interval(secs => ${deps.workerStaleAfterMs / 1000}))::int AS workers
          FROM sys_worker_heartbeats`;
        if (!row || row.age_ms === null) throw new Error('no worker has ever reported');
        if (row.workers === 0) {
          throw new Error(`last worker heartbeat ${Math.round(row.age_ms / 1000)} s ago`);
        }
        return `${row.workers} worker(s) alive`;
      })
    : { ok: false, latency_ms: 0, detail: 'unknown: postgres unreachable' };

  const checks = { postgres, redis, worker };
  const failed = (Object.keys(checks) as HealthComponent[]).filter((k) => !checks[k].ok);
  return { ready: failed.length === 0, checks, failed };
}
