/**
 * Where the integration and e2e layers find the real services. Defaults are the
 * machine's PostgreSQL and Redis on 127.0.0.1 (.ci/run starts them when absent).
 */
export const TEST_PG_URL = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.RRNET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
