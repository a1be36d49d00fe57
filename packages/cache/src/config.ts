import { REDIS_URL, loadConfig } from '@rrnet/config';
import { z } from 'zod';

export function bridgeConfig() {
  return loadConfig(
    'upstash-bridge',
    z.object({
      REDIS_URL: REDIS_URL.default('redis://127.0.0.1:6379'),
      /** 127.0.0.1 locally; 0.0.0.0 in a container, where web and worker connect from other hosts */
      BRIDGE_HOST: z.string().min(1).default('127.0.0.1'),
      BRIDGE_PORT: z.coerce.number().int().min(1).max(65535).default(8079),
      BRIDGE_TOKEN: z.string().min(16),
    }),
  );
}
