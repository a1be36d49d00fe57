/** ESLint preset for the Next.js app: base rules + React hooks + Next.js + no literal UI strings. */
import nextPlugin from '@next/eslint-plugin-next';
import reactHooks from 'eslint-plugin-react-hooks';
import base from './base.js';
import i18n from './i18n.js';

export default [
  ...base,
  {
    plugins: { 'react-hooks': reactHooks, '@next/next': nextPlugin },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
  },
  ...i18n,
  // tests and the e2e specs hold the strings they look for
  { files: ['**/e2e/**', '**/test/**'], rules: { 'i18next/no-literal-string': 'off' } },
];
