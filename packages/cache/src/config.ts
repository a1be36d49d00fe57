import { INTERNAL_TLS_ENV, REDIS_URL, internalTlsRule, loadConfig } from '@rrnet/config';
import { z } from 'zod';

export function bridgeConfig() {
  return loadConfig(
    'upstash-bridge',
    z
      .object({
        REDIS_URL: REDIS_URL.default('redis://127.0.0.1:6379'),
        /** listen address: loopback unless the bridge serves other hosts (then with mTLS) */
        BRIDGE_HOST: z.string().min(1).default('127.0.0.1'),
        BRIDGE_PORT: z.coerce.number().int().min(1).max(65535).default(8079),
        BRIDGE_TOKEN: z.string().min(16),
        /** all three set: HTTPS, and only clients with a certificate from INTERNAL_TLS_CA_FILE are served */
        ...INTERNAL_TLS_ENV,
      })
      .superRefine(internalTlsRule),
  );
}
