/**
 * A server message in the person's language. The server writes the messages of its
 * refusals in English, once, in `@rrnet/contracts/server_messages` (some with values:
 * "Invoice INV-1 is paid."); the catalogue `server` holds their translations under the same
 * keys and argument names. A message from elsewhere (an older server's) is shown as it is.
 */
import { parseServerMessage } from '@rrnet/contracts/server_messages';
import type { ServerMessageKey } from '@rrnet/contracts/server_messages';

export type ServerTranslator = (key: ServerMessageKey, values: Record<string, string>) => string;

/** `otherwise`: what to make of a text the catalogue does not know (e.g. a field message a rule also used as its refusal's message). */
export function translateServerMessage(t: ServerTranslator, message: string, otherwise: (message: string) => string = (m) => m): string {
  const parsed = parseServerMessage(message);
  return parsed ? t(parsed.key, parsed.values) : otherwise(message);
}
