/**
 * The machinery of the message catalogues (`field_messages.ts`, `server_messages.ts`): a
 * catalogue is a record of key → English template, a template may name values (`Same code
 * as row {row}`). A message is rendered from its key and values; the web app reads the text
 * back into key and values and shows its translation under the same key. zod-free: the
 * browser loads it on every page.
 */

/** The names a template holds: 'Same code as row {row}' → 'row'. */
export type NamesOf<T extends string> = T extends `${string}{${infer Name}}${infer Rest}` ? Name | NamesOf<Rest> : never;
/** The values a template takes, one per name. */
export type TemplateValues<T extends string> = Record<NamesOf<T>, string | number>;

/** A message read back from its text: its key and the values put into its template. */
export interface ParsedMessage<K extends string> {
  key: K;
  values: Record<string, string>;
}

const NAME = /\{(\w+)\}/g;

/** The names of a template, in order: 'Invoice {number} is {status}.' → ['number', 'status']. */
export function templateNames(template: string): string[] {
  return [...template.matchAll(NAME)].map((m) => m[1]!);
}

/** A template with its values filled in; a name without a value stays as it is. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(NAME, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads a catalogue's messages back into key and values (null: a message from elsewhere).
 * A text without values is looked up as it is; the templates are tried with the most fixed
 * text first, so 'Invoice X is paid; nothing is owed on it.' is not read as
 * 'Invoice {number} is {status}.' with the status 'paid; nothing is owed on it'.
 */
export function catalogueReader<K extends string>(catalogue: Readonly<Record<K, string>>): (message: string) => ParsedMessage<K> | null {
  const keyOfText = new Map<string, K>();
  const templates: { key: K; names: string[]; fixed: number; pattern: RegExp }[] = [];
  for (const [key, text] of Object.entries(catalogue) as [K, string][]) {
    const names = templateNames(text);
    if (names.length === 0) {
      keyOfText.set(text, key);
      continue;
    }
    const parts = text.split(NAME);
    const fixed = parts.filter((_, i) => i % 2 === 0).join('');
    templates.push({ key, names, fixed: fixed.length, pattern: new RegExp(`^${parts.map((part, i) => (i % 2 === 1 ? '(.+?)' : escapeRegExp(part))).join('')}$`, 's') });
  }
  templates.sort((a, b) => b.fixed - a.fixed);
  return (message) => {
    const key = keyOfText.get(message);
    if (key !== undefined) return { key, values: {} };
    for (const template of templates) {
      const match = template.pattern.exec(message);
      if (match) return { key: template.key, values: Object.fromEntries(template.names.map((name, i) => [name, match[i + 1]!])) };
    }
    return null;
  };
}
