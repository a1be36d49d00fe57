/**
 * The keyset cursor of billing lists shown newest first — invoices by issue time,
 * payments by payment time: the last row's (timestamp, id), opaque to clients.
 */
import { AppError } from '@rrnet/contracts';

export const encodeTimeCursor = (at: Date, id: string): string => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');

export function decodeTimeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    if (!Array.isArray(v) || v.length !== 2 || Number.isNaN(Date.parse(v[0])) || !/^[0-9a-f-]{36}$/.test(v[1])) throw new Error('bad');
    return v;
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: 'The page cursor is not valid for this list.', details: { cursor: 'Start again from the first page' } });
  }
}
