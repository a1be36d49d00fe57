/** Web configuration: the only place the web app reads its environment. */
import { LOG_LEVEL, NODE_ENV, POSTGRES_URL, loadConfig } from '@rrnet/config';
import { z } from 'zod';

export const webConfigSchema = z.object({
  NODE_ENV,
  LOG_LEVEL,
  /** rrnet_app login (no BYPASSRLS, owns nothing). */
  APP_DATABASE_URL: POSTGRES_URL,
  /** Upstash REST endpoint: Upstash in production, the local bridge elsewhere. */
  UPSTASH_REDIS_REST_URL: z.url(),
  UPSTASH_REDIS_REST_TOKEN: z.string().min(16),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  WORKER_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(30_000),
  LOG_PRETTY: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export type WebConfig = z.infer<typeof webConfigSchema>;

let cached: WebConfig | undefined;
export function webConfig(): WebConfig {
  cached ??= loadConfig('web', webConfigSchema);
  return cached;
}
