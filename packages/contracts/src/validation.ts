/**
 * Input hygiene shared by every schema: strings are trimmed, control characters
 * stripped, unpaired surrogates refused and lengths bounded; objects are strict (unknown keys are rejected).
 * Zod issues are flattened into the envelope's `details` ({ "field.path": "message" }).
 */
import { z } from 'zod';
import type { ErrorDetails } from './errors';
import { FIELD_MESSAGES } from './field_messages';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function sanitizeString(value: string): string {
  return value.replace(CONTROL_CHARS, '').trim();
}

/**
 * A UTF-16 surrogate without its pair ("\uD800"): JSON can carry one, but it is no
 * character — PostgreSQL's jsonb refuses it, URL encoding throws on it — so text holding
 * one is refused as invalid input rather than failing later as a server error.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

// eslint-disable-next-line no-control-regex
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;

/**
 * A payload received from outside (a gateway's notification, kept as evidence even when it is
 * refused) as PostgreSQL can store it: jsonb and text refuse NUL and unpaired surrogates, so
 * those become U+FFFD in strings and keys; everything else is kept as received.
 */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(UNSTORABLE, '\uFFFD');
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replace(UNSTORABLE, '\uFFFD'), storableJson(v)]));
  }
  return value;
}

/** A trimmed, control-character-free, well-formed (no lone surrogate) string of bounded length. */
export function text(options: { min?: number; max: number }) {
  return z
    .string()
    .refine(isWellFormedText, FIELD_MESSAGES.invalid_character)
    .transform(sanitizeString)
    .pipe(z.string().min(options.min ?? 0).max(options.max));
}

export function zodIssuesToDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetails {
  const details: ErrorDetails = {};
  // the first message per field wins; own keys only (a field named `constructor` or
  // `toString` must not find Object.prototype's member and be left out)
  const put = (field: string, message: string) => {
    if (!Object.prototype.hasOwnProperty.call(details, field)) details[field] = message;
  };
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) put(base ? `${base}.${key}` : key, FIELD_MESSAGES.unknown_field);
      continue;
    }
    put(base || '_', issue.message);
  }
  return details;
}
