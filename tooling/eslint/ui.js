/** ESLint preset for the component kit (packages/ui): base rules + React hooks + no literal UI strings. */
import reactHooks from 'eslint-plugin-react-hooks';
import base from './base.js';
import i18n from './i18n.js';

export default [
  ...base,
  {
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  ...i18n,
];
