/**
 * What a worker needs besides its databases, for tests: an Upstash bridge on the real
 * Redis, an encryption key and the services the module tasks use (in-process or as env).
 */
import { randomUUID } from 'node:crypto';
import { createRedis, createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import type { Logger } from '@rrnet/logger';
import { RouterClientPool } from '@rrnet/routeros';
import type { WorkerServices } from '../../src/services';
import { TEST_REDIS_URL } from '../../../../tests/services';

const TOKEN = 'worker-test-bridge-token-0123';

export interface WorkerTestEnv {
  bridge: UpstashBridge;
  keySpec: string;
  secretBox: SecretBox;
  prefix: string;
  /** env vars for a worker process */
  env: Record<string, string>;
  services: (logger: Logger) => WorkerServices;
  close: () => Promise<void>;
}

export async function startWorkerTestEnv(keySpec = generateKeySpec()): Promise<WorkerTestEnv> {
  const bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
  const secretBox = new SecretBox(new ConfigKeyProvider(keySpec));
  const prefix = `wtest-${randomUUID().slice(0, 8)}`;
  return {
    bridge,
    keySpec,
    secretBox,
    prefix,
    env: { ENCRYPTION_KEYS: keySpec, UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: TOKEN, REDIS_KEY_PREFIX: prefix },
    services: (logger) => ({
      network: { redis: createRedis({ url: bridge.url, token: TOKEN }), secretBox, routers: new RouterClientPool(), logger, cachePrefix: `${prefix}:cache` },
    }),
    close: () => bridge.close(),
  };
}
