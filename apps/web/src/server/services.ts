/**
 * Process-wide server services (pools, Redis client, logger), created once per process
 * from the validated config. Kept on globalThis so dev hot reloads do not leak pools.
 */
import 'server-only';
import type { ApiServices } from '@rrnet/api';
import { createRedis } from '@rrnet/cache';
import { createDatabase } from '@rrnet/db';
import { createLogger } from '@rrnet/logger';
import { webConfig } from '~/config';

const globalForServices = globalThis as unknown as { rrnetServices?: ApiServices };

export function services(): ApiServices {
  if (globalForServices.rrnetServices) return globalForServices.rrnetServices;
  const config = webConfig();
  const logger = createLogger({
    service: 'web',
    level: config.LOG_LEVEL,
    pretty: config.LOG_PRETTY ?? config.NODE_ENV === 'development',
  });
  const database = createDatabase(config.APP_DATABASE_URL, {
    max: config.DATABASE_POOL_MAX,
    applicationName: 'rrnet-web',
    connectTimeout: 2,
  });
  const redis = createRedis({
    url: config.UPSTASH_REDIS_REST_URL,
    token: config.UPSTASH_REDIS_REST_TOKEN,
  });
  globalForServices.rrnetServices = {
    sql: database.sql,
    redis,
    logger,
    workerStaleAfterMs: config.WORKER_STALE_AFTER_MS,
  };
  return globalForServices.rrnetServices;
}
