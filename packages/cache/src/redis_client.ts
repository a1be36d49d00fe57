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
    enableTelemetry: false,
    automaticDeserialization: true,
  });
}
