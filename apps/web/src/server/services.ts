/**
 * Process-wide server services (pools, Redis client, logger), created once per process
 * from the validated config. Kept on globalThis so dev hot reloads do not leak pools.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { ApiServices } from '@rrnet/api';
import { AuthService, LoginGuard } from '@rrnet/auth';
import { RATE_LIMIT_POLICY, createPortalCodeLimiters, createRateLimiters, createRedis, redisConnectionOf } from '@rrnet/cache';
import { admissionLimits, routerPlainHttpPolicy, signInAdmissionLimits } from '@rrnet/config';
import { loadInternalTls } from '@rrnet/config/internal_tls';
import { createProcessSecrets } from '@rrnet/core/secrets/key_provider';
import { createDatabase } from '@rrnet/db';
import { RouterClientPool } from '@rrnet/routeros';
import { createLogger } from '@rrnet/logger';
import { createWebMetrics } from '@rrnet/metrics';
import type { WebMetrics } from '@rrnet/metrics';
import { AdmissionGate } from '@rrnet/resilience';
import type { GatewayCredentials } from '@rrnet/whatsapp';
import { platformWhatsApp } from '@rrnet/core/saas/platform_whatsapp';
import { createMailer } from '@rrnet/mail';
import { tunnelSettings } from '@rrnet/core/network/tunnels';
import { LatencyWindow } from '@rrnet/core/system/latency_rules';
import { SNAP_URLS } from '@rrnet/core/billing/midtrans';
import { webConfig } from '~/config';

const globalForServices = globalThis as unknown as { rrnetServices?: ApiServices; rrnetWebMetrics?: WebMetrics };

/** Cached reads behind /api/metrics (readiness, pools, Redis, queues, business metrics). */
const METRICS_CACHE_TTL_MS = 15_000;

export function services(): ApiServices {
  if (globalForServices.rrnetServices) return globalForServices.rrnetServices;
  const config = webConfig();
  const logger = createLogger({
    service: 'web',
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY ?? config.NODE_ENV === 'development',
  });
  // unique per process, so the pool metrics can find this process's connections in pg_stat_activity
  const applicationName = `rrnet-web-${randomUUID().slice(0, 8)}`;
  const appPoolMax = config.DATABASE_POOL_MAX;
  const systemPoolMax = Math.max(2, Math.ceil(config.DATABASE_POOL_MAX / 4));
  const database = createDatabase(config.APP_DATABASE_URL, {
    max: appPoolMax,
    applicationName,
    connectTimeout: 2,
  });
  const system = createDatabase(config.SYSTEM_DATABASE_URL, {
    max: systemPoolMax,
    applicationName: `${applicationName}-system`,
    connectTimeout: 2,
  });
  // RESP in-process with REDIS_URL; else Upstash REST (mTLS to a bridge when the
  // deployment configures INTERNAL_TLS_*)
  const redis = createRedis(redisConnectionOf(config, loadInternalTls(config)), {
    breaker: { onStateChange: (state) => logger.warn({ state }, 'Redis circuit breaker changed state') },
  });
  const auth = new AuthService({
    systemSql: system.sql,
    appSql: database.sql,
    redis,
    logger,
    guard: new LoginGuard(redis, logger, `${config.REDIS_KEY_PREFIX}:login`, config.RATE_LIMIT_SCALE),
    secret: config.AUTH_SECRET,
    localSessionCacheMs: config.SESSION_LOCAL_CACHE_MS,
  });
  // step 0 of every procedure: bounded calls in flight and queued in front of the pools
  const admission = new AdmissionGate(admissionLimits(config));
  // and a lane of its own for sign-in (argon2 is CPU-bound: a burst must not hold the gate's slots)
  const signInAdmission = new AdmissionGate(signInAdmissionLimits(config, availableParallelism()));
  const metrics = createWebMetrics({
    sql: database.sql,
    systemSql: system.sql,
    pools: [
      { name: 'app', sql: database.sql, applicationName, max: appPoolMax },
      { name: 'system', sql: system.sql, applicationName: `${applicationName}-system`, max: systemPoolMax },
    ],
    redis,
    logger,
    workerStaleAfterMs: config.WORKER_STALE_AFTER_MS,
    cacheTtlMs: METRICS_CACHE_TTL_MS,
    admission: { api: admission, sign_in: signInAdmission },
  });
  globalForServices.rrnetWebMetrics = metrics;
  globalForServices.rrnetServices = {
    sql: database.sql,
    systemSql: system.sql,
    redis,
    logger,
    auth,
    limiters: createRateLimiters(redis, `${config.REDIS_KEY_PREFIX}:rl`, scaledPolicy(config.RATE_LIMIT_SCALE)),
    portalCodeLimiters: createPortalCodeLimiters(redis, `${config.REDIS_KEY_PREFIX}:rl`, config.RATE_LIMIT_SCALE),
    portalCookieSecure: config.PUBLIC_URL.startsWith('https://'),
    workerStaleAfterMs: config.WORKER_STALE_AFTER_MS,
    dlqAlertThreshold: config.DLQ_ALERT_THRESHOLD,
    midtransSnapUrl: config.MIDTRANS_SNAP_URL ?? null,
    xenditApiUrl: config.XENDIT_API_URL ?? null,
    // the platform's own Midtrans account: ISPs pay SaaS invoices through its Snap (the simulator under npm start / e2e)
    platformMidtrans: config.PLATFORM_MIDTRANS_SERVER_KEY
      ? { serverKey: config.PLATFORM_MIDTRANS_SERVER_KEY, snapBaseUrl: config.MIDTRANS_SNAP_URL ?? (config.PLATFORM_MIDTRANS_PRODUCTION ? SNAP_URLS.production : SNAP_URLS.sandbox) }
      : null,
    publicUrl: config.PUBLIC_URL,
    admission,
    signInAdmission,
    metrics: metrics.api,
    apiLatency: { startedAt: new Date(), read: metrics.api.snapshot, window: new LatencyWindow(API_LATENCY_WINDOW_MS) },
    waPlatformDefault: (config.WA_DEFAULT_GATEWAY as GatewayCredentials | undefined) ?? null,
    signup: {
      secret: config.AUTH_SECRET,
      // the codes go out through the platform's own gateway (WA_DEFAULT_GATEWAY); none: sign-up answers 503
      whatsapp: platformWhatsApp({
        gateway: (config.WA_DEFAULT_GATEWAY as GatewayCredentials | undefined) ?? null,
        endpoints: {
          cloudBaseUrl: config.WA_CLOUD_BASE_URL,
          cloudVersion: config.WA_CLOUD_API_VERSION,
          fonnteBaseUrl: config.WA_FONNTE_BASE_URL,
          timeoutMs: config.WA_GATEWAY_TIMEOUT_MS,
        },
      }),
      // codes by e-mail through the platform's SMTP server (SMTP_URL); none: the channel is absent
      email: config.SMTP_URL
        ? createMailer({
            url: config.SMTP_URL,
            from: config.SMTP_FROM!,
            user: config.SMTP_USER,
            password: config.SMTP_PASSWORD,
            requireTls: config.SMTP_REQUIRE_TLS ?? (config.NODE_ENV === 'production' && config.SMTP_URL.startsWith('smtp://')),
            timeoutMs: config.SMTP_TIMEOUT_MS,
          })
        : null,
      powDifficulty: config.SIGNUP_POW_DIFFICULTY,
      trialDays: config.SIGNUP_TRIAL_DAYS,
      keyPrefix: config.REDIS_KEY_PREFIX,
    },
    network: {
      redis,
      logger,
      secretBox: createProcessSecrets(config, system.sql).secretBox,
      routers: new RouterClientPool({ client: { plainHttp: routerPlainHttpPolicy(config) } }),
      plainHttp: routerPlainHttpPolicy(config),
      cachePrefix: `${config.REDIS_KEY_PREFIX}:cache`,
      paymentGatewayUrls: { ...(config.MIDTRANS_SNAP_URL ? { midtransSnap: config.MIDTRANS_SNAP_URL } : {}), ...(config.XENDIT_API_URL ? { xenditApi: config.XENDIT_API_URL } : {}) },
      ...(config.TUNNEL_ENDPOINT && config.TUNNEL_PUBLIC_KEY
        ? {
            tunnel: tunnelSettings({
              network: config.TUNNEL_NETWORK,
              blockPrefix: config.TUNNEL_BLOCK_PREFIX,
              endpoint: config.TUNNEL_ENDPOINT,
              publicKey: config.TUNNEL_PUBLIC_KEY,
            }),
          }
        : {}),
    },
  };
  return globalForServices.rrnetServices;
}

/** This process's metrics registry (created with the services). */
/** the platform metrics page's recent window: Prometheus's usual rate() range */
const API_LATENCY_WINDOW_MS = 5 * 60_000;

export function webMetrics(): WebMetrics {
  services();
  return globalForServices.rrnetWebMetrics!;
}

function scaledPolicy(scale: number): typeof RATE_LIMIT_POLICY {
  if (scale === 1) return RATE_LIMIT_POLICY;
  const scaled = Object.fromEntries(
    Object.entries(RATE_LIMIT_POLICY).map(([scope, p]) => [scope, { ...p, limit: Math.round(p.limit * scale) }]),
  );
  return scaled as unknown as typeof RATE_LIMIT_POLICY;
}
