/**
 * The application's Redis: always the Upstash REST client (Upstash in production, the
 * local bridge elsewhere). Retries are short so a Redis outage is noticed quickly.
 */
import { Redis } from '@upstash/redis';

export interface RedisConnection {
  url: string;
  token: string;
}

export type { Redis };

export function createRedis(connection: RedisConnection): Redis {
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
