/**
 * Input hygiene shared by every schema: strings are trimmed, control characters
 * stripped and lengths bounded; objects are strict (unknown keys are rejected).
 * Zod issues are flattened into the envelope's `details` ({ "field.path": "message" }).
 */
import { z } from 'zod';
import type { ErrorDetails } from './errors';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function sanitizeString(value: string): string {
  return value.replace(CONTROL_CHARS, '').trim();
}

/** A trimmed, control-character-free string of bounded length. */
export function text(options: { min?: number; max: number }) {
  return z
    .string()
    .transform(sanitizeString)
    .pipe(z.string().min(options.min ?? 0).max(options.max));
}

export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetails {
  const details: ErrorDetails = {};
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details[base ? `${base}.${key}` : key] ??= 'Unknown field';
      continue;
    }
    details[base || '_'] ??= issue.message;
  }
  return details;
}
