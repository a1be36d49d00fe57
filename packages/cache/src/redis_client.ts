/**
 * The application's Redis: always the Upstash REST client (Upstash in production, the
 * local bridge elsewhere). Retries are short so a Redis outage is noticed quickly.
 */
import { Redis } from '@upstash/redis';
import type { InternalTls } from '@rrnet/config/internal_tls';
import { MtlsRequester } from './mtls_requester';

export interface RedisConnection {
  url: string;
  token: string;
  /** client certificate for a bridge that requires mTLS (an https URL); Upstash itself needs none */
  tls?: InternalTls | null;
}

export type { Redis };

export function createRedis(connection: RedisConnection): Redis {
  if (connection.tls && connection.url.startsWith('https:')) {
    // a custom requester: results are deserialized as below; the library does not
    // auto-pipeline behind one (each command is its own request over a kept-alive connection)
    return new Redis(new MtlsRequester({ url: connection.url, token: connection.token, tls: connection.tls, retries: 1, backoff: () => 50 }));
  }
  return new Redis({
    url: connection.url,
    token: connection.token,
    retry: { retries: 1, backoff: () => 50 },
    // commands issued in the same tick (e.g. the three rate-limit windows) share one
    // HTTP request to Upstash / the bridge
    enableAutoPipelining: true,
    enableTelemetry: false,
    automaticDeserialization: true,
  });
}
