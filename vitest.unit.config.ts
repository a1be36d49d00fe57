import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

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
    pool: 'threads',
  },
});
