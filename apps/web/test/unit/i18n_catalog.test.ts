/**
 * The message catalogues (npm test's unit layer): both languages hold exactly the same
 * keys, every message is valid ICU MessageFormat with the same arguments in both
 * languages, plurals read right ("1 job", "2 jobs", "1 tugas"), and the module list the
 * server loads is the list of files.
 */
import { readdirSync } from 'node:fs';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { MESSAGE_MODULES } from '~/i18n/catalog';
import { LOCALES, MESSAGES_DIR, argumentsOf, catalog, flatten, message } from './catalog_files';

describe('message catalogues', () => {
  const id = new Map(flatten(catalog('id')));
  const en = new Map(flatten(catalog('en')));

  it('have the same modules in both languages, and the server loads each of them', () => {
    for (const locale of LOCALES) {
      const files = readdirSync(`${MESSAGES_DIR}/${locale}`).map((f) => f.replace(/\.json$/, '')).sort();
      expect(files).toEqual([...MESSAGE_MODULES].sort());
    }
  });

  it('have exactly the same keys in Indonesian and English', () => {
    expect([...en.keys()].filter((k) => !id.has(k))).toEqual([]);
    expect([...id.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  it('hold only non-empty, valid ICU messages with the same arguments in both languages', () => {
    const problems: string[] = [];
    for (const [key, text] of id) {
      const other = en.get(key) ?? '';
      try {
        if (!text.trim() || !other.trim()) problems.push(`${key}: empty`);
        const a = argumentsOf(text);
        const b = argumentsOf(other);
        if (a.join() !== b.join()) problems.push(`${key}: arguments ${a.join()} (id) vs ${b.join()} (en)`);
      } catch (err) {
        problems.push(`${key}: ${(err as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('count in each language by its own rules', () => {
    const format = (locale: 'id' | 'en', key: string, values: Record<string, number | string>) => new IntlMessageFormat(message(locale, key)!, locale).format(values);
    expect(format('en', 'dead_letters.count', { count: 1 })).toBe('1 job');
    expect(format('en', 'dead_letters.count', { count: 2 })).toBe('2 jobs');
    expect(format('id', 'dead_letters.count', { count: 1 })).toBe('1 pekerjaan');
    expect(format('en', 'customers.count', { count: 1 })).toBe('1 customer');
    expect(format('en', 'customers.count', { count: 1500 })).toBe('1,500 customers');
    expect(format('id', 'customers.count', { count: 1500 })).toBe('1.500 pelanggan');
    expect(format('en', 'arrears.days', { count: 1 })).toBe('1 day');
  });
});
