/**
 * Which language a page renders in: the person's choice (a cookie the language switch
 * writes, so the server renders the same language the browser will — no hydration
 * mismatch), else the ISP's default (`tenant_settings.locale`), else Indonesian.
 */
import { SUPPORTED_LOCALES } from '@rrnet/contracts';
import type { Locale } from '@rrnet/contracts';

export const LOCALE_COOKIE = 'rrnet-locale';
export const DEFAULT_LOCALE: Locale = 'id';
/** a year: the choice outlives sessions on this browser */
export const LOCALE_COOKIE_MAX_AGE_S = 365 * 24 * 3600;

export function parseLocale(value: unknown): Locale | null {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value) ? (value as Locale) : null;
}

export function resolveLocale(choice: unknown, tenantDefault: unknown): Locale {
  return parseLocale(choice) ?? parseLocale(tenantDefault) ?? DEFAULT_LOCALE;
}

/** The cookie the language switch sets (read by the server on the next request). */
export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${LOCALE_COOKIE_MAX_AGE_S}; SameSite=Lax`;
}
