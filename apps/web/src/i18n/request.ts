/**
 * next-intl's request configuration (no locale in URLs): the language is the person's
 * choice (the cookie the language switch writes), else the ISP's default
 * (`tenant_settings.locale`), else Indonesian; dates show in the ISP's timezone.
 */
import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { DEFAULT_TIMEZONE } from '@rrnet/contracts';
import { LOCALE_COOKIE, resolveLocale } from '~/lib/locale';
import { tenantPreferences } from '~/server/tenant_preferences';
import { loadMessages } from './catalog';
import { FORMATS } from './formats';

export default getRequestConfig(async () => {
  const [jar, tenant] = await Promise.all([cookies(), tenantPreferences()]);
  const locale = resolveLocale(jar.get(LOCALE_COOKIE)?.value, tenant?.locale);
  return {
    locale,
    messages: await loadMessages(locale),
    timeZone: tenant?.timezone ?? DEFAULT_TIMEZONE,
    formats: FORMATS,
  };
});
