/**
 * Pure rules of the audit viewer: which values are personal data to mask for a reader
 * without customers.pii.read, what an UPDATE changed, and the keyset cursor.
 *
 * The trail itself never holds phones, e-mails, addresses or national ids in clear
 * (sys_audit_mask masks them, top-level, when the row is written). The viewer masks again,
 * at any depth, those keys and the ones the trail keeps for auditing — the client IP of
 * sign-in events, other *_phone / *_email keys — with the same helper as the customer pages.
 */
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { AUDIT_BREAK_REASONS } from '@rrnet/contracts';
import { maskPii } from '@rrnet/logger';

const PII_KEYS = new Set(['phone', 'email', 'address', 'national_id', 'company_phone', 'company_address', 'to_phone', 'ip', 'from_ip']);

export function isPiiKey(key: string): boolean {
  return PII_KEYS.has(key) || key.endsWith('_phone') || key.endsWith('_email');
}

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskValue);
  if (value !== null && typeof value === 'object') return maskAuditValues(value as Record<string, unknown>);
  return value;
}

/** A row image or event details with personal data masked, at any depth. */
export function maskAuditValues(values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (values === null) return null;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    out[key] = isPiiKey(key) && typeof value === 'string' ? maskPii(value) : maskValue(value);
  }
  return out;
}

/** The keys whose values differ between the old and the new image, sorted; none unless both exist. */
export function changedKeys(oldValues: Record<string, unknown> | null, newValues: Record<string, unknown> | null): string[] {
  if (!oldValues || !newValues) return [];
  const keys = new Set([...Object.keys(oldValues), ...Object.keys(newValues)]);
  return [...keys].filter((k) => JSON.stringify(oldValues[k]) !== JSON.stringify(newValues[k])).sort();
}

const AT_US = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** The last row's (occurred_at to the microsecond, id), opaque to clients. */
export function encodeAuditCursor(atUs: string, id: string): string {
  return Buffer.from(JSON.stringify([atUs, id])).toString('base64url');
}

export function decodeAuditCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && AT_US.test(v[0]) && typeof v[1] === 'string' && /^[0-9]{1,19}$/.test(v[1])) {
      return [v[0], v[1]];
    }
  } catch {
    // falls through to the refusal
  }
  throw new AppError('VALIDATION_FAILED', { message: serverMessage('invalid_list_cursor'), details: { cursor: FIELD_MESSAGES.start_again } });
}

/** sys_audit_verify's reason as a code the UI words in the reader's language. */
export function breakReasonCode(reason: string | null): (typeof AUDIT_BREAK_REASONS)[number] | null {
  if (reason === null) return null;
  if (reason.startsWith('prev_hash')) return 'link';
  if (reason.startsWith('rows missing')) return 'tail';
  return 'content';
}
