/** Web configuration: the only place the web app reads its environment. */
import {
  ADMISSION_ENV,
  DATABASE_TLS_ENV,
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
import { DEFAULT_TILE_ATTRIBUTION, DEFAULT_TILE_URL, isTileUrl } from './lib/map_tiles';

const DATABASE_URLS = ['APP_DATABASE_URL', 'SYSTEM_DATABASE_URL'] as const;

export const webConfigSchema = z
  .object({
    NODE_ENV,
    LOG_LEVEL,
    /** rrnet_app login (no BYPASSRLS, owns nothing). */
    APP_DATABASE_URL: POSTGRES_URL,
    /** rrnet_system login: sign-in and the other cross-tenant platform paths. */
    SYSTEM_DATABASE_URL: POSTGRES_URL,
    /** CA / client certificate for both URLs (production: the URLs must say sslmode=verify-full) */
    ...DATABASE_TLS_ENV,
    /** signs access tokens and the web session cookie (≥ 32 characters). */
    AUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
    /** public base URL, for the OpenAPI document */
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    /** envelope encryption's KMS (vault, aws; local in development) and the keys of older values */
    ...KMS_ENV,
    /** Midtrans Snap base URL override (a proxy or a test double); unset: Midtrans by each ISP's mode */
    MIDTRANS_SNAP_URL: z.url().optional(),
    /**
     * The platform's own Midtrans account: ISPs pay their SaaS invoices through Snap with it, and
     * its notifications (POST /api/v1/platform/webhooks/midtrans) are verified with it. A secret
     * (production: from the secret store, e.g. PLATFORM_MIDTRANS_SERVER_KEY_FILE); unset: SaaS
     * invoices are paid only as recorded by platform staff.
     */
    PLATFORM_MIDTRANS_SERVER_KEY: z.string().min(10, 'must be at least 10 characters').optional(),
    /** the platform's account is a production one (app.midtrans.com) rather than sandbox */
    PLATFORM_MIDTRANS_PRODUCTION: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .default(false),
    /** Xendit API base URL override (the simulator, a proxy); unset: https://api.xendit.co */
    XENDIT_API_URL: z.url().optional(),
    /** the platform's WhatsApp gateway for ISPs without their own (JSON {kind, credentials}): its webhooks are checked with it */
    WA_DEFAULT_GATEWAY: waGatewayEnv.optional(),
    /** where the platform's gateway is (the sign-up codes are sent from the web); unset: Meta's / Fonnte's */
    WA_CLOUD_BASE_URL: z.url().optional(),
    WA_CLOUD_API_VERSION: z.string().regex(/^v\d+\.\d+$/).default('v21.0'),
    WA_FONNTE_BASE_URL: z.url().optional(),
    WA_GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    /**
     * The platform's outbound e-mail (sign-up codes by e-mail): smtp://host:port (STARTTLS) or
     * smtps://host:port (TLS), the From address, and the credentials (secrets; SMTP_PASSWORD_FILE
     * reads a mounted secret). Unset: the e-mail channel is absent (codes by WhatsApp only).
     */
    SMTP_URL: z
      .url()
      .refine((v) => /^smtps?:\/\//.test(v), 'must be smtp://host:port or smtps://host:port')
      .refine((v) => !new URL(v).username && !new URL(v).password, 'put the credentials in SMTP_USER and SMTP_PASSWORD, not in the URL')
      .optional(),
    SMTP_FROM: z.string().min(3).max(200).regex(/@/, 'must hold an e-mail address, e.g. RRNet <no-reply@rrnet.id>').optional(),
    SMTP_USER: z.string().min(1).max(200).optional(),
    SMTP_PASSWORD: z.string().min(1).max(500).optional(),
    /** refuse to send unless the server upgrades to TLS (smtp:// URLs); production defaults to true */
    SMTP_REQUIRE_TLS: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
    SMTP_TIMEOUT_MS: z.coerce.number().int().min(500).max(60_000).default(10_000),
    /** ISP sign-up: leading zero bits of the proof of work, and days of the trial on the entry plan */
    SIGNUP_POW_DIFFICULTY: z.coerce.number().int().min(0).max(28).default(16),
    SIGNUP_TRIAL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
    /**
     * Redis: a redis:// URL (RESP in-process: development, CI, a self-hosted Redis) or the
     * Upstash REST endpoint and token (Upstash, or an Upstash-REST bridge); REDIS_URL wins.
     */
    REDIS_URL: REDIS_URL.optional(),
    UPSTASH_REDIS_REST_URL: z.url().optional(),
    UPSTASH_REDIS_REST_TOKEN: z.string().min(16).optional(),
    /** proxies in front of the app that append to X-Forwarded-For (0: clients connect to Next.js directly) */
    TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
    /**
     * Load tests only: multiplies every rate limit (they are still checked in Redis, but
     * do not trip), and enables /api/v1/bench/users-bare and customers-bare. Never set in production.
     */
    RATE_LIMIT_SCALE: z.coerce.number().min(1).max(1_000_000).default(1),
    BENCH_ROUTES: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .default(false),
    /** with BENCH_ROUTES: the secret the bench routes require in `x-bench-token` (a per-run random value) */
    BENCH_TOKEN: z.string().min(32).max(200).optional(),
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    /** the API's admission gate in front of the pools (bounds default from DATABASE_POOL_MAX) */
    ...ADMISSION_ENV,
    /** how long this instance may reuse a "session still active" answer (revocations elsewhere take effect within it) */
    SESSION_LOCAL_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
    /** prefix of rate-limit and sign-in-guard keys (separate stacks sharing one Redis) */
    REDIS_KEY_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]{1,40}$/)
      .default('rrnet'),
    DLQ_ALERT_THRESHOLD: z.coerce.number().int().min(1).default(10),
    /**
     * Bearer token for GET /api/metrics (Prometheus). Set: only requests carrying it are
     * served. Unset: in development and test only loopback clients are served; in
     * production the endpoint answers 404 (metrics off) — the app still starts.
     */
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    WORKER_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(30_000),
    LOG_PRETTY: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    /**
     * Router tunnels (routers behind NAT): where routers dial the platform's WireGuard
     * endpoint ("host[:port]") and its public key; both unset: tunnels off.
     */
    TUNNEL_ENDPOINT: z.string().min(1).max(260).optional(),
    TUNNEL_PUBLIC_KEY: WIREGUARD_KEY.optional(),
    TUNNEL_NETWORK,
    TUNNEL_BLOCK_PREFIX,
    /**
     * The map's tile server ({z}/{x}/{y} template; an ISP may self-host tiles) and its
     * attribution. The CSP allows its origin: set it when building too (next.config.ts).
     */
    MAP_TILE_URL: z.string().refine(isTileUrl, 'must be an http(s) URL template with {z}, {x} and {y}').default(DEFAULT_TILE_URL),
    MAP_TILE_ATTRIBUTION: z.string().max(500).default(DEFAULT_TILE_ATTRIBUTION),
    /** mTLS to internal services: the client certificate presented to an https Upstash bridge */
    ...INTERNAL_TLS_ENV,
  })
  .superRefine(databaseTlsRule(DATABASE_URLS))
  .superRefine(internalTlsRule)
  .superRefine(redisRule)
  .superRefine(kmsRule)
  .superRefine(externalHttpsRule(['MIDTRANS_SNAP_URL', 'XENDIT_API_URL', 'WA_CLOUD_BASE_URL', 'WA_FONNTE_BASE_URL']))
  .refine((c) => !c.BENCH_ROUTES || c.BENCH_TOKEN !== undefined, {
    message: 'BENCH_ROUTES needs BENCH_TOKEN: the bench routes skip authentication and answer only with that token',
    path: ['BENCH_TOKEN'],
  })
  .superRefine((c, ctx) => {
    if (c.SMTP_URL && !c.SMTP_FROM) ctx.addIssue({ code: 'custom', path: ['SMTP_FROM'], message: 'SMTP_URL needs SMTP_FROM (the From address)' });
    if ((c.SMTP_USER === undefined) !== (c.SMTP_PASSWORD === undefined)) {
      ctx.addIssue({ code: 'custom', path: [c.SMTP_USER === undefined ? 'SMTP_USER' : 'SMTP_PASSWORD'], message: 'SMTP_USER and SMTP_PASSWORD go together' });
    }
  })
  .refine((c) => (c.TUNNEL_ENDPOINT === undefined) === (c.TUNNEL_PUBLIC_KEY === undefined), {
    message: 'TUNNEL_ENDPOINT and TUNNEL_PUBLIC_KEY go together',
    path: ['TUNNEL_PUBLIC_KEY'],
  });

export type WebConfig = z.infer<typeof webConfigSchema>;

let cached: WebConfig | undefined;
/** The validated environment; DATABASE_SSL_*_FILE are already merged into the database URLs. */
export function webConfig(): WebConfig {
  cached ??= withDatabaseTls(loadConfig('web', webConfigSchema), DATABASE_URLS);
  return cached;
}
