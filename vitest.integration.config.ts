import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Integration layer: real PostgreSQL and Redis on 127.0.0.1 (RRNET_TEST_PG_URL,
// RRNET_TEST_REDIS_URL). Each file creates its own database and drops it.
export default defineConfig({
  resolve: {
    alias: {
      '~': fileURLToPath(new URL('./apps/web/src', import.meta.url)),
      'server-only': fileURLToPath(new URL('./tests/server_only_shim.ts', import.meta.url)),
    },
  },
  test: {
    name: 'integration',
    // next-auth imports 'next/server' without an extension; let Vite resolve it
    server: { deps: { inline: ['next-auth'] } },
    include: ['{apps,packages}/*/test/integration/**/*.test.ts', 'deploy/test/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
