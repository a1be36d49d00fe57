/** Worker configuration: the only place the worker reads its environment. */
import { LOG_LEVEL, NODE_ENV, POSTGRES_URL, loadConfig } from '@rrnet/config';
import { z } from 'zod';

export const workerConfigSchema = z.object({
  NODE_ENV,
  LOG_LEVEL,
  /** rrnet_app login: the worker never connects as owner or superuser. */
  APP_DATABASE_URL: POSTGRES_URL,
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  WORKER_POLL_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(2000),
  WORKER_HEARTBEAT_MS: z.coerce.number().int().min(1000).max(60_000).default(5000),
  LOG_PRETTY: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

export type WorkerConfig = z.infer<typeof workerConfigSchema>;

export function loadWorkerConfig(): WorkerConfig {
  return loadConfig('worker', workerConfigSchema);
}
