/**
 * No user-visible literal in a component: JSX text and the attributes people read
 * (aria-label, title, alt, placeholder, and the kit's label props) must come from the
 * message catalogues (next-intl `t()`), never be typed into the markup. The allow-list
 * holds what is the same in every language: the product's name, units, symbols.
 */
import i18next from 'eslint-plugin-i18next';

export const ALLOWED_LITERALS = [
  'RRNet',
  'RR',
  'main',
  'Rp',
  'IDR',
  'WIB',
  'kbps',
  'Mbps',
  'PPPoE',
  'API',
  'ID',
  'OK',
  'CSV',
  // acronyms and codes (TLS, ODP, OLT), numbers and punctuation alone
  '[A-Z][A-Z0-9_-]*',
  '[—–·←→↑↓−×•…⚠!/:,.()#%+\\-\\s0-9]+',
  // a message key (`title="isolir.title"` on OperatorPage): translated where it is shown,
  // and typed against the catalogues, so the compiler refuses one that does not exist
  '[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+',
];

export default [
  {
    files: ['**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': [
        'error',
        {
          mode: 'jsx-only',
          'jsx-attributes': {
            include: [
              '^(aria-label|aria-description|aria-placeholder|aria-roledescription|aria-valuetext|title|alt|placeholder|label|description|subtitle|empty|confirmLabel|busyLabel|reasonLabel|loadMoreLabel|caption|hint|legend)$',
            ],
          },
          words: { exclude: ALLOWED_LITERALS },
          // permission checks and the like inside JSX are not text
          callees: { exclude: ['t[a-zA-Z]?', 'can', 'useTranslations', 'includes', 'startsWith', 'endsWith', 'get', 'has', 'cn', 'format\\w*(\\.\\w+)?'] },
        },
      ],
    },
  },
];
