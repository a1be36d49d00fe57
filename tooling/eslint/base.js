/**
 * Shared ESLint preset. Besides the recommended typescript-eslint rules it holds the
 * project's own bans: environment variables are read only in the validated config
 * modules (`config.ts` / `env.ts`, plus scripts, tests and benches).
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export const CONFIG_FILES = [
  '**/config.ts',
  '**/env.ts',
  '**/*.config.ts',
  '**/*.config.mjs',
  '**/*.config.js',
  '**/scripts/**',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  '**/bench/**',
  '**/examples/**',
  '**/*.test.ts',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/.next/**', '**/dist/**', '**/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'warn',
        { prefer: 'type-imports', fixStyle: 'separate-type-imports' },
      ],
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through the validated config module (config.ts).',
        },
      ],
      eqeqeq: ['error', 'smart'],
    },
  },
  { files: CONFIG_FILES, rules: { 'no-restricted-properties': 'off' } },
);
