import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { INTEGRATION_COVERAGE } from './tests/coverage_scope.mjs';

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
    // the read-only host and horizontal scale tests need the production build the e2e layer
    // makes: npm test runs them in their own layer after e2e (RRNET_TEST_HOST=1), not here
    exclude: process.env.RRNET_TEST_HOST === '1' ? [] : ['deploy/test/readonly_host.test.ts', 'deploy/test/horizontal_scale.test.ts', '**/node_modules/**'],
    environment: 'node',
    // measured when run with --coverage.enabled (npm test does); below the threshold the run fails
    coverage: {
      provider: 'v8',
      include: INTEGRATION_COVERAGE.include,
      exclude: INTEGRATION_COVERAGE.exclude,
      reporter: ['text-summary', 'json-summary', 'json'],
      reportsDirectory: '.rrnet/reports/coverage-integration',
      thresholds: { lines: INTEGRATION_COVERAGE.threshold, statements: INTEGRATION_COVERAGE.threshold },
    },
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
