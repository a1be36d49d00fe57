/**
 * Database faults that pass by themselves (spec §2 recovery strategies): which errors are
 * transient, and exponential backoff for operations that are safe to repeat.
 *
 *   unavailable   the server cannot be reached or is going away: connection refused or
 *                 reset, connect timeout, shutdown, "starting up", too many connections.
 *                 Callers answer SERVICE_UNAVAILABLE (503 + Retry-After), never 500.
 *   conflict      serialization failure or deadlock: PostgreSQL rolled the transaction
 *                 back, so running it again in a fresh transaction is correct.
 *
 * Repeating is only safe when nothing of the failed attempt can have taken effect: a
 * transaction that failed before COMMIT was sent (the server rolls it back), or a
 * connection that was never established. An error while committing is never retried:
 * the commit may have landed.
 */

export type TransientKind = 'unavailable' | 'conflict';

/** postgres.js's own connection error codes, and Node's socket errors. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'POOL_TIMEOUT',
]);

/** SQLSTATEs: class 08 (connection exception), 57P01–57P03 (shutdown, cannot connect now), 53300 (too many connections). */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '53400']);
const CONFLICT_STATES = new Set(['40001', '40P01']);

/** The transient kind of an error (looking through `cause` chains), or null when it is not transient. */
export function transientKind(err: unknown, depth = 0): TransientKind | null {
  if (!err || typeof err !== 'object' || depth > 5) return null;
  const e = err as { code?: unknown; errno?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : null;
  if (code) {
    if (CONNECTION_CODES.has(code) || UNAVAILABLE_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return 'unavailable';
    if (CONFLICT_STATES.has(code)) return 'conflict';
  }
  // an AggregateError (dual-stack connect) carries one error per address
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const kind = transientKind(inner, depth + 1);
      if (kind) return kind;
    }
  }
  return transientKind(e.cause, depth + 1);
}

export interface BackoffPolicy {
  /** attempts in all, the first included */
  attempts: number;
  /** delay before the second attempt; doubles after each failure */
  baseDelayMs: number;
  /** upper bound of one delay */
  maxDelayMs: number;
}

/**
 * Request paths give up within about a second (a person is waiting; 503 says when to come
 * back): 3 attempts, 100 ms then 200 ms. Jobs have their own retry schedule on top.
 */
export const DB_RETRY: BackoffPolicy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 800 };

/** The delay before attempt `attempt + 1` (attempt counts from 1): base × 2^(attempt−1), capped, with ±20 % jitter. */
export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const exact = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exact * (0.8 + 0.4 * random()));
}

/** No pool connection became free in time: the database is unreachable or the pool saturated (both answer 503). */
export class PoolTimeout extends Error {
  readonly code = 'POOL_TIMEOUT';
  constructor(readonly waitedMs: number) {
    super(`no database connection became free within ${waitedMs} ms`);
  }
}

/** Marks an error raised while COMMIT was in flight: its outcome is unknown, so it is never retried. */
export class CommitOutcomeUnknown extends Error {
  constructor(readonly original: unknown) {
    super('the connection failed while committing; the outcome is unknown', { cause: original });
  }
}

/**
 * Runs `op` and repeats it after a transient error, with exponential backoff, up to the
 * policy's attempts; the last error is thrown as it was. `op` must be safe to repeat
 * (see the top of this file): withTenant's transactions are, up to their COMMIT.
 */
export async function retryTransient<T>(
  op: (attempt: number) => Promise<T>,
  options: {
    policy?: BackoffPolicy;
    /** no new attempt starts once this many ms have passed since the first (a person is waiting) */
    budgetMs?: number;
    onRetry?: (e: { attempt: number; kind: TransientKind; delayMs: number; error: unknown }) => void;
    sleep?: (ms: number) => Promise<void>;
    now?: () => number;
  } = {},
): Promise<T> {
  const policy = options.policy ?? DB_RETRY;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? (() => performance.now());
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await op(attempt);
    } catch (error) {
      const kind = error instanceof CommitOutcomeUnknown ? null : transientKind(error);
      if (!kind || attempt >= policy.attempts) throw error;
      const delayMs = backoffDelay(policy, attempt);
      if (options.budgetMs !== undefined && now() - started + delayMs >= options.budgetMs) throw error;
      options.onRetry?.({ attempt, kind, delayMs, error });
      await sleep(delayMs);
    }
  }
}
