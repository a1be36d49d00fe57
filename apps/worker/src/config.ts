/** Worker configuration: the only place the worker reads its environment. */
import {
  DATABASE_TLS_ENV,
  type EnvSource,
  INTERNAL_TLS_ENV,
  KMS_ENV,
  LOG_LEVEL,
  NODE_ENV,
  POSTGRES_URL,
  REDIS_URL,
  redisRule,
  TUNNEL_BLOCK_PREFIX,
  TUNNEL_NETWORK,
  WIREGUARD_KEY,
  databaseTlsRule,
  internalTlsRule,
  kmsRule,
  externalHttpsRule,
  loadConfig,
  withDatabaseTls,
} from '@rrnet/config';
import { waGatewayEnv } from '@rrnet/contracts';
import { z } from 'zod';
import { WORKER_BATCHING } from './graphile_pool';

const DATABASE_URLS = ['APP_DATABASE_URL', 'SYSTEM_DATABASE_URL'] as const;

export const workerConfigSchema = z
  .object({
    NODE_ENV,
    LOG_LEVEL,
    /** rrnet_app login: the worker never connects as owner or superuser. */
    APP_DATABASE_URL: POSTGRES_URL,
    /** rrnet_system login: dead letters, rescheduling, platform jobs that span tenants */
    SYSTEM_DATABASE_URL: POSTGRES_URL,
    /** CA / client certificate for both URLs (production: the URLs must say sslmode=verify-full) */
    ...DATABASE_TLS_ENV,
    /** envelope encryption's KMS (vault, aws; local in development) and the keys of older values */
    ...KMS_ENV,
    /**
     * Redis (router status and map caches, WhatsApp rate limits): a redis:// URL (RESP
     * in-process) or the Upstash REST endpoint and token; REDIS_URL wins.
     */
    REDIS_URL: REDIS_URL.optional(),
    UPSTASH_REDIS_REST_URL: z.url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(16).optional(),
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]{1,40}$/)
      .default('rrnet'),
    /** a worker whose heartbeat is older than this is dead: its jobs are released */
    WORKER_STALE_AFTER_MS: z.coerce.number().int().min(2000).default(30_000),
    /** Prometheus metrics port (0 disables) */
    WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
    /** metrics listen address: loopback unless scraped from another host (then with INTERNAL_TLS_*) */
    WORKER_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
    /** open dead letters at which the alert fires (spec: alert after 10 failures) */
    DLQ_ALERT_THRESHOLD: z.coerce.number().int().min(1).default(10),
    /** false: run jobs but no cron schedule (tests, extra workers) */
    WORKER_CRON: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .default(true),
    /** WhatsApp gateways' base URLs (the simulator under npm start); unset: Meta's and Fonnte's own */
    WA_CLOUD_BASE_URL: z.url().optional(),
    WA_CLOUD_API_VERSION: z.string().regex(/^v\d+\.\d+$/).default('v21.0'),
    WA_FONNTE_BASE_URL: z.url().optional(),
    /** a message left "sending" (the worker died mid-send) is looked at again after this */
    WA_SENDING_LEASE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(120_000),
    WA_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    /** the platform's gateway for ISPs without their own (JSON {kind, credentials}) */
    WA_DEFAULT_GATEWAY: waGatewayEnv.optional(),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
    WORKER_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
    /**
     * graphile-worker batching (bench/worker measured these fastest; graphile_pool.ts says
     * what they cost): jobs fetched and locked per round trip (-1: one at a time) and how
     * long completions wait to be written together (-1: each at once).
     */
    WORKER_LOCAL_QUEUE_SIZE: z.coerce.number().int().min(-1).max(1000).refine((n) => n === -1 || n >= 2, 'use -1 (off) or at least 2').default(WORKER_BATCHING.localQueueSize),
    WORKER_COMPLETE_BATCH_DELAY_MS: z.coerce.number().int().min(-1).max(1000).default(WORKER_BATCHING.completeJobBatchDelay),
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
    /** mTLS to internal services: the metrics endpoint requires client certificates; the client certificate presented to an https Upstash bridge */
    ...INTERNAL_TLS_ENV,
  })
  .superRefine(databaseTlsRule(DATABASE_URLS))
  .superRefine(internalTlsRule)
  .superRefine(redisRule)
  .superRefine(kmsRule)
  .superRefine(externalHttpsRule(['WA_CLOUD_BASE_URL', 'WA_FONNTE_BASE_URL']));

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

/** The validated environment; DATABASE_SSL_*_FILE are already merged into the database URLs. */
export function loadWorkerConfig(source?: EnvSource): WorkerConfig {
  return withDatabaseTls(loadConfig('worker', workerConfigSchema, source), DATABASE_URLS);
}
