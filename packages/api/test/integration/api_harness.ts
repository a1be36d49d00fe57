/**
 * A real stack for procedure tests without HTTP: a seeded database, the real Redis (RESP
 * in-process as with REDIS_URL; `redis: 'bridge'` for Upstash REST through the bridge),
 * the same services the web app builds, and `createCaller`.
 */
import { randomUUID } from 'node:crypto';
import { AuthService, LoginGuard } from '@rrnet/auth';
import { createRateLimiters, createRedis, createUpstashBridge } from '@rrnet/cache';
import type { RateLimitPolicy, UpstashBridge } from '@rrnet/cache';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase } from '@rrnet/db';
import { RouterClientPool } from '@rrnet/routeros';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createLogger } from '@rrnet/logger';
import postgres from 'postgres';
import type { TokenPair } from '@rrnet/contracts';
import { createCaller } from '../../src/root';
import type { ApiServices, Context } from '../../src/context';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';

export const SECRET = 'integration-secret-0123456789-0123456789';
export const PASSWORD = 'rrnet-demo-2026';
export const UA = 'rrnet-integration-test/1.0';
const TOKEN = 'bridge-token-0123456789';

export interface Harness {
  db: TestDatabase;
  tenantA: string;
  tenantB: string;
  system: postgres.Sql;
  services: ApiServices;
  /** only with `redis: 'bridge'` */
  bridge: UpstashBridge | null;
  prefix: string;
  call: (authorization: string | null, extra?: Partial<Context>) => ReturnType<typeof createCaller>;
  login: (email: string, userAgent?: string) => Promise<TokenPair>;
  close: () => Promise<void>;
}

export async function startHarness(
  options: {
    redisUrl?: string;
    /** how the app reaches Redis: RESP in-process (REDIS_URL, the default) or Upstash REST through the bridge */
    redis?: 'resp' | 'bridge';
    policy?: RateLimitPolicy;
    routerBasePort?: number;
    /** a PostgreSQL server of the test's own (fault tests) */
    pgServerUrl?: string;
    /** how long the Redis breaker stays open (spec: 30 s; fault tests shorten it) */
    redisBreakerOpenMs?: number;
    /** every statement the app's pools send, tagged by pool */
    onStatement?: (pool: 'app' | 'system', statement: string) => void;
  } = {},
): Promise<Harness> {
  const db = await createTestDatabase(options.pgServerUrl ?? TEST_PG_URL);
  const secretBox = new SecretBox(new ConfigKeyProvider(generateKeySpec()));
  const seed = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox, ...(options.routerBasePort ? { routerBasePort: options.routerBasePort } : {}) });
  const bridge = options.redis === 'bridge' ? await createUpstashBridge({ redisUrl: options.redisUrl ?? TEST_REDIS_URL, token: TOKEN }) : null;
  const breaker = options.redisBreakerOpenMs === undefined ? {} : { breaker: { openMs: options.redisBreakerOpenMs } };
  const redis = createRedis(bridge ? { url: bridge.url, token: TOKEN } : { redisUrl: options.redisUrl ?? TEST_REDIS_URL }, breaker);
  const logger = createLogger({ service: 'test', level: 'silent' });
  const onStatement = options.onStatement;
  const app = createDatabase(db.appUrl, { max: 6, ...(onStatement ? { onStatement: (s: string) => onStatement('app', s) } : {}) });
  const sys = createDatabase(db.systemUrl, { max: 3, ...(onStatement ? { onStatement: (s: string) => onStatement('system', s) } : {}) });
  const prefix = `test:${randomUUID().slice(0, 8)}`;
  const services: ApiServices = {
    sql: app.sql,
    systemSql: sys.sql,
    redis,
    logger,
    auth: new AuthService({ systemSql: sys.sql, appSql: app.sql, redis, logger, guard: new LoginGuard(redis, logger, `${prefix}:login`), secret: SECRET }),
    limiters: createRateLimiters(redis, `${prefix}:rl`, options.policy),
    workerStaleAfterMs: 30_000,
    dlqAlertThreshold: 3,
    network: { redis, logger, secretBox, routers: new RouterClientPool(), cachePrefix: `${prefix}:cache` },
  };
  const system = postgres(db.systemUrl, { max: 1, onnotice: () => {} });
  const call = (authorization: string | null, extra: Partial<Context> = {}) =>
    createCaller({
      requestId: `req-${randomUUID().slice(0, 8)}`,
      traceId: randomUUID().replace(/-/g, ''),
      ip: '10.0.0.1',
      userAgent: UA,
      authorization: authorization ? `Bearer ${authorization}` : null,
      webSession: null,
      idempotencyKey: null,
      resHeaders: new Headers(),
      services,
      ...extra,
    });
  const login = async (email: string, userAgent = UA) =>
    call(null, { userAgent }).auth.login({ email, password: PASSWORD });
  return {
    db,
    tenantA: seed.tenants[0]!.id,
    tenantB: seed.tenants[1]!.id,
    system,
    services,
    bridge,
    prefix,
    call,
    login,
    close: async () => {
      await system.end();
      await app.close();
      await sys.close();
      await bridge?.close();
      await db.drop();
    },
  };
}

/** The spec error code of a rejected call (tRPC error data), or 'OK'. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (err) {
    const data = (err as { cause?: { code?: string } }).cause;
    const code = data?.code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code) && code !== 'INTERNAL_SERVER_ERROR') return code;
    const trpcCode = (err as { code?: string }).code;
    return trpcCode === 'BAD_REQUEST' ? 'VALIDATION_FAILED' : `UNEXPECTED:${trpcCode}:${(err as Error).message}`;
  }
}
