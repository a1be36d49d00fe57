/** Worker configuration: the only place the worker reads its environment. */
import { LOG_LEVEL, NODE_ENV, POSTGRES_URL, TUNNEL_BLOCK_PREFIX, TUNNEL_NETWORK, WIREGUARD_KEY, loadConfig } from '@rrnet/config';
import { z } from 'zod';

export const workerConfigSchema = z.object({
  NODE_ENV,
  LOG_LEVEL,
  /** rrnet_app login: the worker never connects as owner or superuser. */
  APP_DATABASE_URL: POSTGRES_URL,
  /** rrnet_system login: dead letters, rescheduling, platform jobs that span tenants */
  SYSTEM_DATABASE_URL: POSTGRES_URL,
  /** AES-256-GCM keys "id:base64,…": router and PPPoE passwords */
  ENCRYPTION_KEYS: z.string().min(10),
  /** Upstash REST endpoint (the local bridge in development): router status and map caches */
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(16),
  REDIS_KEY_PREFIX: z.string().regex(/^[a-z0-9:_-]{1,40}$/).default('rrnet'),
  /** a worker whose heartbeat is older than this is dead: its jobs are released */
  WORKER_STALE_AFTER_MS: z.coerce.number().int().min(2000).default(30_000),
  /** Prometheus metrics on 127.0.0.1 (0 disables) */
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** open dead letters at which the alert fires (spec: alert after 10 failures) */
  DLQ_ALERT_THRESHOLD: z.coerce.number().int().min(1).default(10),
  /** false: run jobs but no cron schedule (tests, extra workers) */
  WORKER_CRON: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .default(true),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(1000).max(60_000).default(5000),
  LOG_PRETTY: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /**
   * Router tunnels: this worker runs the platform's WireGuard endpoint when its private
   * key is set (one worker per endpoint host); unset, no endpoint starts.
   */
  TUNNEL_PRIVATE_KEY: WIREGUARD_KEY.optional(),
  /** the endpoint's interface (at most 15 characters) */
  TUNNEL_INTERFACE: z.string().regex(/^[a-zA-Z0-9_-]{1,15}$/).default('rrnet-wg0'),
  TUNNEL_LISTEN_PORT: z.coerce.number().int().min(1).max(65535).default(51820),
  TUNNEL_NETWORK,
  TUNNEL_BLOCK_PREFIX,
  /** kernel WireGuard, wireguard-go, or the kernel's when it has it */
  TUNNEL_WIREGUARD: z.enum(['auto', 'kernel', 'userspace']).default('auto'),
  /** how often peers, firewall and handshakes are synced */
  TUNNEL_SYNC_MS: z.coerce.number().int().min(1000).max(600_000).default(10_000),
});

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export function loadWorkerConfig(): WorkerConfig {
  return loadConfig('worker', workerConfigSchema);
}
