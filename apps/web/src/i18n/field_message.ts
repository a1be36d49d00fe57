/**
 * A field's message in the person's language. The schemas and the server write field
 * messages in English, once, in `@rrnet/contracts/field_messages` (some with values:
 * "Same code as row 4"); the catalogue `field` holds their translations under the same keys
 * and argument names. A message from elsewhere (zod's own, already in the page's language)
 * is shown as it is.
 */
import { parseFieldMessage } from '@rrnet/contracts/field_messages';
import type { FieldMessageKey } from '@rrnet/contracts/field_messages';

export type FieldTranslator = (key: FieldMessageKey, values: Record<string, string>) => string;

export function translateFieldMessage(t: FieldTranslator, message: string): string {
  const parsed = parseFieldMessage(message);
  return parsed ? t(parsed.key, parsed.values) : message;
}
