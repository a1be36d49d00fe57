/**
 * A server message in the person's language. The server writes the messages of its
 * refusals in English, once, in `@rrnet/contracts/server_messages` (some with values:
 * "Invoice INV-1 is paid."); the catalogue `server` holds their translations under the same
 * keys and argument names. A message from elsewhere (an older server's) is shown as it is.
 */
import { parseServerMessage } from '@rrnet/contracts/server_messages';
import type { ServerMessageKey } from '@rrnet/contracts/server_messages';

export type ServerTranslator = (key: ServerMessageKey, values: Record<string, string>) => string;

export function translateServerMessage(t: ServerTranslator, message: string): string {
  const parsed = parseServerMessage(message);
  return parsed ? t(parsed.key, parsed.values) : message;
}
