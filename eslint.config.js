// Root files outside the workspace packages: scripts, shared test helpers, benches.
import base from '@rrnet/eslint-config/base';

export default [
  { ignores: ['apps/**', 'packages/**', 'tooling/**', 'drizzle/**', '.rrnet/**'] },
  ...base,
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly', Buffer: 'readonly' },
    },
  },
];
