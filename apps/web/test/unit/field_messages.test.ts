/**
 * Field messages reach the person in their language: the catalogue `field` holds a
 * translation for every message the contracts and the server write (and nothing else), with
 * the same values; a schema's own message — as a browser form gets it from zod, or the
 * server in `details` or an import's row errors — comes out translated, values included.
 */
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { FIELD_MESSAGES, REPORT_MAX_PERIOD_DAYS, customerCreateInput, fieldMessage, parseFieldMessage, reportPeriodInput, zodIssuesToDetails } from '@rrnet/contracts';
import { translateFieldMessage } from '~/i18n/field_message';
import type { FieldTranslator } from '~/i18n/field_message';
import { catalog } from './catalog_files';

const translator = (locale: 'id' | 'en'): FieldTranslator => {
  const t = createTranslator({ locale, messages: catalog(locale) as never, namespace: 'field' as never });
  return (key, values) => (t as unknown as (k: string, v: object) => string)(key, values);
};

describe('field messages', () => {
  it('have a translation for exactly the contracts’ messages in both languages', () => {
    for (const locale of ['id', 'en'] as const) {
      expect(Object.keys(catalog(locale).field as object).sort()).toEqual(Object.keys(FIELD_MESSAGES).sort());
    }
  });

  it('read in English as the API writes them, values put back where they were', () => {
    const en = translator('en');
    for (const [key, text] of Object.entries(FIELD_MESSAGES)) {
      if (key === 'gateway_json') continue; // rephrased: ICU reads braces as arguments
      const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const values = Object.fromEntries(names.map((name, i) => [name, `v${i} {{x}} “y”`]));
      const written = fieldMessage(key as 'same_code_as_row', values as { row: string });
      expect(parseFieldMessage(written)).toEqual({ key, values });
      expect(translateFieldMessage(en, written)).toBe(written);
    }
  });

  it('translate a schema’s own message and the server’s details into Indonesian', () => {
    const id = translator('id');
    const parsed = customerCreateInput.safeParse({ name: 'Budi', phone: '12', plan_id: '00000000-0000-4000-8000-000000000001' });
    expect(parsed.success).toBe(false);
    const phone = parsed.error!.issues.find((i) => i.path[0] === 'phone')!;
    expect(phone.message).toBe(FIELD_MESSAGES.mobile_phone);
    expect(translateFieldMessage(id, phone.message)).toBe('Masukkan nomor HP seperti 0812 3456 7890');
    // the server's answer carries the same English text in `details`
    expect(translateFieldMessage(id, zodIssuesToDetails(parsed.error!.issues).phone!)).toBe('Masukkan nomor HP seperti 0812 3456 7890');
    expect(translateFieldMessage(id, FIELD_MESSAGES.already_used)).toBe('Sudah dipakai');
    expect(translateFieldMessage(id, fieldMessage('same_code_as_row', { row: 4 }))).toBe('Kode sama dengan baris 4');
    expect(translateFieldMessage(id, fieldMessage('no_plan_named', { name: 'Paket “Tidak” Ada' }))).toBe('Tidak ada paket bernama “Paket “Tidak” Ada”');
  });

  it('put the limit into the report period message in both languages', () => {
    const parsed = reportPeriodInput.safeParse({ preset: 'custom', from: '2020-01-01', to: '2026-01-01' });
    const message = parsed.error!.issues[0]!.message;
    expect(translateFieldMessage(translator('en'), message)).toBe(`At most ${REPORT_MAX_PERIOD_DAYS} days`);
    expect(translateFieldMessage(translator('id'), message)).toBe(`Paling lama ${REPORT_MAX_PERIOD_DAYS} hari`);
  });

  it('name the refused status and the limits of the server’s details in Indonesian', () => {
    const id = translator('id');
    expect(translateFieldMessage(id, fieldMessage('invoice_not_from', { from: 'paid' }))).toBe('Tidak boleh selama tagihan berstatus lunas');
    expect(translateFieldMessage(id, fieldMessage('customer_not_from', { from: 'terminated' }))).toBe('Tidak boleh selama pelanggan berstatus berhenti');
    // the same code in two machines: an open outage is under way, an open ticket is open
    expect(translateFieldMessage(id, fieldMessage('outage_not_from', { from: 'open' }))).toBe('Tidak boleh selama gangguan berstatus berlangsung');
    expect(translateFieldMessage(id, fieldMessage('ticket_not_from', { from: 'open' }))).toBe('Tidak boleh selama tiket berstatus terbuka');
    expect(translateFieldMessage(id, fieldMessage('invoice_is', { status: 'void' }))).toBe('Tagihan berstatus dibatalkan');
    expect(translateFieldMessage(id, fieldMessage('at_most_amount', { amount: 150000 }))).toBe('Paling banyak 150000');
    expect(translateFieldMessage(id, fieldMessage('plan_allows', { used: 14, max: 12 }))).toBe('Terpakai 14; paket mengizinkan 12');
    expect(translateFieldMessage(id, fieldMessage('code_tries_left', { count: 1 }))).toBe('Kode salah; sisa percobaan: 1');
    // "At most {max_days} days" is told apart from "At most {amount}"
    expect(parseFieldMessage(fieldMessage('report_period_max', { max_days: 731 }))?.key).toBe('report_period_max');
  });

  it('leave a message it does not know as it is', () => {
    expect(translateFieldMessage(translator('id'), 'Terlalu pendek')).toBe('Terlalu pendek');
  });
});
