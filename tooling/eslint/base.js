/**
 * Shared ESLint preset. Besides the recommended typescript-eslint rules it holds the
 * project's own bans: environment variables are read only in the validated config
 * modules (`config.ts` / `env.ts`, plus scripts, tests and benches); an AppError's message
 * is never a literal (tests excepted).
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

const TEST_FILES = ['**/test/**', '**/tests/**', '**/e2e/**', '**/*.test.ts'];

/**
 * An AppError's message is a server message (`serverMessage('key', { … })` from
 * @rrnet/contracts), never text typed at the throw: the web translates the catalogue's
 * messages by key (issue #14), a literal would reach every person in English.
 */
const APP_ERROR_MESSAGE = "NewExpression[callee.name='AppError'] > ObjectExpression > Property[key.name='message']";
const APP_ERROR_MESSAGE_LITERALS = [
  ...[`${APP_ERROR_MESSAGE} > :matches(Literal, TemplateLiteral)`, `${APP_ERROR_MESSAGE} > ConditionalExpression > :matches(Literal, TemplateLiteral)`].map((selector) => ({
    selector,
    message: "An AppError's message comes from SERVER_MESSAGES: serverMessage('key', { … }) (@rrnet/contracts/server_messages), so the web can translate it.",
  })),
  // a field message in `details` is FIELD_MESSAGES' (a plain literal there is a machine value: a code, a reason)
  ...[
    "NewExpression[callee.name='AppError'] > ObjectExpression > Property[key.name='details'] > ObjectExpression > Property > TemplateLiteral",
    "NewExpression[callee.name='AppError'] Property[key.name='details'] ArrowFunctionExpression > ArrayExpression > TemplateLiteral",
  ].map((selector) => ({
    selector,
    message: "A field message in an AppError's details comes from FIELD_MESSAGES: fieldMessage('key', { … }) (@rrnet/contracts/field_messages), so the web can translate it.",
  })),
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
      'no-restricted-syntax': ['error', ...APP_ERROR_MESSAGE_LITERALS],
    },
  },
  { files: CONFIG_FILES, rules: { 'no-restricted-properties': 'off' } },
  // tests construct AppErrors with texts of their own on purpose
  { files: TEST_FILES, rules: { 'no-restricted-syntax': 'off' } },
);
