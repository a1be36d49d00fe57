import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { UNIT_COVERAGE } from './tests/coverage_scope.mjs';

// Unit layer: pure logic, no network, no database.
export default defineConfig({
  resolve: {
    alias: {
      '~': fileURLToPath(new URL('./apps/web/src', import.meta.url)),
      'server-only': fileURLToPath(new URL('./tests/server_only_shim.ts', import.meta.url)),
    },
  },
  test: {
    name: 'unit',
    include: ['{apps,packages}/*/test/unit/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    environment: 'node',
    // measured when run with --coverage.enabled (npm test does); below the threshold the run fails
    coverage: {
      provider: 'v8',
      include: UNIT_COVERAGE.include,
      exclude: UNIT_COVERAGE.exclude,
      reporter: ['text-summary', 'json-summary', 'json'],
      reportsDirectory: '.rrnet/reports/coverage-unit',
      thresholds: { lines: UNIT_COVERAGE.threshold, statements: UNIT_COVERAGE.threshold },
    },
    pool: 'threads',
  },
});
