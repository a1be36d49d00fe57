/**
 * Form text → API values. Inputs keep strings while typing; on submit blanks become null
 * and numbers are parsed (garbage becomes NaN, which the API's schema reports on the
 * field, so the message comes from one place).
 */
import { z } from 'zod';
import type { LatLng } from '@rrnet/contracts';

/** A position as typed: the form fields `location.lat` and `location.lng` (the API's paths). */
export const locationTextSchema = z.object({ lat: z.string(), lng: z.string() });
export type LocationText = z.infer<typeof locationTextSchema>;

/** '' → null, otherwise the trimmed text. */
export function blankToNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** '' → null; accepts a decimal comma ("-6,225" as typed on Indonesian keyboards). */
export function parseNumber(value: string): number | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : Number(trimmed.replace(',', '.'));
}

/** Both blank → null (no position); one blank → NaN there, so the API names the field. */
export function toLocation(lat: string, lng: string): LatLng | null {
  const la = parseNumber(lat);
  const ln = parseNumber(lng);
  if (la === null && ln === null) return null;
  return { lat: la ?? Number.NaN, lng: ln ?? Number.NaN };
}

export function locationText(location: LatLng | null): LocationText {
  return location ? { lat: String(location.lat), lng: String(location.lng) } : { lat: '', lng: '' };
}

/** 10000 kbps → "10 Mbps", 1500 → "1,5 Mbps" (id) / "1.5 Mbps" (en), 512 → "512 kbps". */
export function formatSpeed(kbps: number, locale: 'id' | 'en'): string {
  if (kbps < 1000) return `${kbps} kbps`;
  const mbps = new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: 2 }).format(kbps / 1000);
  return `${mbps} Mbps`;
}

/** The Mbps field of a plan form → kbps (the API's unit); blank → NaN (reported by the API). */
export function mbpsToKbps(value: string): number {
  const mbps = parseNumber(value);
  return mbps === null ? Number.NaN : Math.round(mbps * 1000);
}
