/**
 * The keyset cursor of billing lists shown newest first — invoices by issue time,
 * payments by payment time: the last row's (timestamp, id), opaque to clients.
 */
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';

const encodeTimeCursor = (at: Date, id: string): string => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');

export function decodeTimeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (!Array.isArray(v) || v.length !== 2 || Number.isNaN(Date.parse(v[0])) || !/^[0-9a-f-]{36}$/.test(v[1])) throw new Error('bad');
    return v;
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('invalid_list_cursor'), details: { cursor: FIELD_MESSAGES.start_again } });
  }
}

/**
 * One page of a newest-first list fetched with LIMIT limit + 1: the first `limit` rows,
 * and a cursor after the last of them when the extra row showed there is more.
 */
export function timePage<T extends { id: string }>(rows: T[], limit: number, at: (row: T) => Date): { items: T[]; next_cursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, next_cursor: rows.length > limit && last ? encodeTimeCursor(at(last), last.id) : null };
}
