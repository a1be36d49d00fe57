/**
 * What a worker needs besides its databases, for tests: an Upstash bridge on the real
 * Redis, an encryption key and the services the module tasks use (in-process or as env).
 */
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Logger as GraphileLogger } from 'graphile-worker';
import postgres from 'postgres';
import { createRedis, createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createVaultTransitSimulator } from '@rrnet/crypto/simulator';
import { createDatabase } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createLogger } from '@rrnet/logger';
import type { Logger } from '@rrnet/logger';
import { RouterClientPool } from '@rrnet/routeros';
import type { WorkerServices } from '../../src/services';
import { graphileConnectionString } from '../../src/graphile_pool';
import { buildTaskList } from '../../src/task_list';
import { runOnceSettled } from '../../../../tests/graphile_jobs';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';

const TOKEN = 'worker-test-bridge-token-0123';

export interface WorkerTestEnv {
  bridge: UpstashBridge;
  keySpec: string;
  secretBox: SecretBox;
  prefix: string;
  /** env vars for a worker process */
  env: Record<string, string>;
  /** `routers`: a pool with other timeouts or breaker settings (default: the production ones) */
  services: (logger: Logger, routers?: RouterClientPool) => WorkerServices;
  close: () => Promise<void>;
}

export async function startWorkerTestEnv(keySpec = generateKeySpec()): Promise<WorkerTestEnv> {
  const bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
  // worker processes run with NODE_ENV=production, which keeps the KEK in a KMS: Vault Transit (simulated)
  const vaultToken = `s.${randomUUID()}`;
  const vault = await createVaultTransitSimulator({ tokens: [vaultToken], keys: ['rrnet'] });
  const secretBox = new SecretBox(new ConfigKeyProvider(keySpec));
  const prefix = `wtest-${randomUUID().slice(0, 8)}`;
  return {
    bridge,
    keySpec,
    secretBox,
    prefix,
    env: {
      ENCRYPTION_KEYS: keySpec,
      KMS_PROVIDER: 'vault',
      VAULT_ADDR: vault.url,
      VAULT_TOKEN: vaultToken,
      VAULT_TRANSIT_KEY: 'rrnet',
      UPSTASH_REDIS_REST_URL: bridge.url,
      UPSTASH_REDIS_REST_TOKEN: TOKEN,
      REDIS_KEY_PREFIX: prefix,
    },
    services: (logger, routers = new RouterClientPool()) => ({
      network: { redis: createRedis({ url: bridge.url, token: TOKEN }), secretBox, routers, logger, cachePrefix: `${prefix}:cache` },
    }),
    close: async () => {
      await bridge.close();
      await vault.close();
    },
  };
}

/**
 * A seeded database with the worker's pools and task list, for task tests: the demo
 * seed, an owner connection for setup and checks, the app and system pools, a logger
 * whose JSON lines are kept in `lines`, and `runAll` (graphile-worker's runOnce over the
 * worker's real task list).
 */
export interface SeededWorker {
  env: WorkerTestEnv;
  db: TestDatabase;
  admin: postgres.Sql;
  app: ReturnType<typeof createDatabase>;
  system: ReturnType<typeof createDatabase>;
  tenantA: string;
  logger: Logger;
  lines: Record<string, unknown>[];
  /** the services the task list runs with */
  services: WorkerServices;
  runAll: () => Promise<void>;
  close: () => Promise<void>;
}

export async function startSeededWorker(options: { concurrency: number; routers?: RouterClientPool }): Promise<SeededWorker> {
  const env = await startWorkerTestEnv();
  const db = await createTestDatabase(TEST_PG_URL);
  const seed = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: env.secretBox });
  const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  const app = createDatabase(db.appUrl, { max: 3 });
  const system = createDatabase(db.systemUrl, { max: 2 });
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'worker',
    level: 'info',
    destination: new Writable({
      write(chunk, _e, cb) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        cb();
      },
    }),
  });
  const services = env.services(logger, options.routers);
  return {
    env,
    db,
    admin,
    app,
    system,
    tenantA: seed.tenants[0]!.id,
    logger,
    lines,
    services,
    runAll: () =>
      runOnceSettled({
        connectionString: graphileConnectionString(db.appUrl),
        concurrency: options.concurrency,
        noHandleSignals: true,
        logger: new GraphileLogger(() => () => {}),
        taskList: buildTaskList({ appSql: app.sql, systemSql: system.sql, logger }, services),
      }),
    close: async () => {
      await admin.end();
      await app.close();
      await system.close();
      await db.drop();
      await env.close();
    },
  };
}
