/** The message catalogues as the unit tests read them (straight from apps/web/messages), and the arguments a message takes. */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';

export const MESSAGES_DIR = fileURLToPath(new URL('../../messages', import.meta.url));
export const LOCALES = ['id', 'en'] as const;

export type Tree = { [key: string]: string | Tree };

export function catalog(locale: (typeof LOCALES)[number]): Tree {
  const tree: Tree = {};
  for (const file of readdirSync(`${MESSAGES_DIR}/${locale}`).filter((f) => f.endsWith('.json'))) {
    tree[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(`${MESSAGES_DIR}/${locale}/${file}`, 'utf8')) as Tree;
  }
  return tree;
}

/** Every leaf as [dotted key, message]. */
export function flatten(tree: Tree, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : flatten(v, `${prefix}${k}.`)));
}

const FLAT = Object.fromEntries(LOCALES.map((l) => [l, new Map(flatten(catalog(l)))])) as Record<(typeof LOCALES)[number], Map<string, string>>;

/** The message of a full key, or undefined. */
export function message(locale: (typeof LOCALES)[number], key: string): string | undefined {
  return FLAT[locale].get(key);
}

/** Argument names of a parsed message (plural/select arguments included). */
export function argumentsOf(text: string): string[] {
  const names = new Set<string>();
  const walk = (elements: unknown[]) => {
    for (const el of elements as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (el.type !== 0 && el.type !== 7 && typeof el.value === 'string') names.add(el.value);
      for (const option of Object.values(el.options ?? {})) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(text, 'en').getAst());
  return [...names].sort();
}
