/** next-intl's types: the locales, the message keys (checked at compile time) and the named formats. */
import type { Locale } from '@rrnet/contracts';
import type { Messages } from './catalog';
import type { FORMATS } from './formats';

declare module 'next-intl' {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
    Formats: typeof FORMATS;
  }
}
