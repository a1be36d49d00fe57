/**
 * Server messages reach the person in their language: the catalogue `server` holds a
 * translation for every message the server writes (SERVER_MESSAGES, and nothing else),
 * with the template's values as its arguments; what the API answers in English is read
 * back into key and values and comes out translated, values included. A text the
 * catalogue does not know is shown as it is.
 */
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { SERVER_MESSAGES, parseServerMessage, serverMessage } from '@rrnet/contracts/server_messages';
import type { ServerMessageKey } from '@rrnet/contracts/server_messages';
import { FIELD_MESSAGES } from '@rrnet/contracts/field_messages';
import { translateFieldMessage } from '~/i18n/field_message';
import { translateServerMessage } from '~/i18n/server_message';
import type { ServerTranslator } from '~/i18n/server_message';
import { LOCALES, argumentsOf, catalog } from './catalog_files';

const translator = (locale: 'id' | 'en'): ServerTranslator => {
  const t = createTranslator({ locale, messages: catalog(locale) as never, namespace: 'server' as never });
  return (key, values) => (t as unknown as (k: string, v: object) => string)(key, values);
};

const KEYS = Object.keys(SERVER_MESSAGES) as ServerMessageKey[];
const templateNames = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
/** Values that are counts and amounts: "Your plan allows {max} {limit}." tells its two values apart by the number. */
const NUMBERS = new Set(['max', 'count', 'rows', 'used', 'left', 'seconds', 'amount', 'paid', 'outstanding', 'capacity']);
/** Any message with made-up values (spaces, braces and quotes included: they must survive the way back). */
const written = (key: ServerMessageKey) => {
  const values = Object.fromEntries(templateNames(SERVER_MESSAGES[key]).map((name, i) => [name, NUMBERS.has(name) ? String(1200 + i) : `v${i} {{x}} “y”`]));
  return { values, text: (serverMessage as (k: ServerMessageKey, v: object) => string)(key, values) };
};

describe('server messages', () => {
  it('have a translation for exactly the contracts’ messages in both languages, with the template’s values as arguments', () => {
    for (const locale of LOCALES) {
      const server = catalog(locale).server as Record<string, string>;
      expect(Object.keys(server).sort()).toEqual([...KEYS].sort());
      const problems = KEYS.filter((key) => argumentsOf(server[key]!).join() !== [...templateNames(SERVER_MESSAGES[key])].sort().join());
      expect(problems, locale).toEqual([]);
    }
  });

  it('read back every message the server writes, and read in English as the API writes them', () => {
    const en = translator('en');
    for (const key of KEYS) {
      const { values, text } = written(key);
      expect(parseServerMessage(text), key).toEqual({ key, values });
      expect(translateServerMessage(en, text), key).toBe(text);
    }
  });

  it('translate the server’s messages into Indonesian, values and statuses included', () => {
    const id = translator('id');
    expect(translateServerMessage(id, serverMessage('customer_not_found'))).toBe('Pelanggan tidak ditemukan.');
    expect(translateServerMessage(id, serverMessage('invoice_not_open', { number: 'INV-2026-000123', status: 'paid' }))).toBe('Tagihan INV-2026-000123 berstatus lunas.');
    // the longer template wins over the shorter one whose value would swallow its tail
    expect(translateServerMessage(id, serverMessage('invoice_not_owed', { number: 'INV-7', status: 'void' }))).toBe('Tagihan INV-7 berstatus dibatalkan; tidak ada yang perlu dibayar.');
    expect(translateServerMessage(id, serverMessage('customer_transition_isolir', { from: 'active', to: 'isolated' }))).toBe(
      'Pelanggan berstatus aktif tidak dapat diubah menjadi terisolir di sini. Isolir dan pemulihan dilakukan lewat tindakan isolir.',
    );
    expect(translateServerMessage(id, serverMessage('plan_limit', { max: 50, limit: 'customers' }))).toBe('Paket Anda mengizinkan 50 pelanggan. Tingkatkan paket untuk menambah lagi.');
    // a status the catalogue does not name is shown as the server wrote it
    expect(translateServerMessage(id, serverMessage('isp_status', { status: 'archived' }))).toBe('ISP ini berstatus archived.');
    // a gateway's own text stays a value
    expect(translateServerMessage(id, serverMessage('midtrans_refused', { error: 'transaction_details.gross_amount is required' }))).toBe(
      'Midtrans menolak membuat tautan pembayaran: transaction_details.gross_amount is required',
    );
  });

  it('leave a message it does not know as it is', () => {
    expect(parseServerMessage('No customer with that id.')).toBeNull();
    expect(translateServerMessage(translator('id'), 'No customer with that id.')).toBe('No customer with that id.');
  });

  it('hand a text it does not know to the next reader (a logo refusal says a field message)', () => {
    const field = createTranslator({ locale: 'id', messages: catalog('id') as never, namespace: 'field' as never }) as unknown as (k: string, v?: object) => string;
    const text = FIELD_MESSAGES.logo_not_image;
    const read = translateServerMessage(translator('id'), text, (m) => translateFieldMessage((k, v) => field(k, v), m));
    expect(read).toBe(field('logo_not_image'));
    expect(read).not.toBe(text);
  });
});
