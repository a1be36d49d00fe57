import { REDIS_URL, loadConfig } from '@rrnet/config';
import { z } from 'zod';

export function bridgeConfig() {
  return loadConfig(
    'upstash-bridge',
    z.object({
      REDIS_URL: REDIS_URL.default('redis://127.0.0.1:6379'),
      BRIDGE_PORT: z.coerce.number().int().min(1).max(65535).default(8079),
      BRIDGE_TOKEN: z.string().min(16),
    }),
  );
}
