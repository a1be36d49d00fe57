import { describe, expect, it } from 'vitest';
import { CUSTOMER_TRANSITIONS, canInvoiceTransition, canTransition, normalizePhone, planRateLimit, senderPhoneSchema } from '../../src';

describe('normalizePhone', () => {
  it('turns the ways Indonesians write a mobile number into +62…', () => {
    expect(normalizePhone('0812-3456-7890')).toBe('+6281234567890');
    expect(normalizePhone('62 812 3456 7890')).toBe('+6281234567890');
    expect(normalizePhone('+62 (812) 3456.7890')).toBe('+6281234567890');
  });
  it('refuses landlines, foreign and short numbers', () => {
    expect(normalizePhone('021-5551234')).toBeNull();
    expect(normalizePhone('+6012345678')).toBeNull();
    expect(normalizePhone('0812')).toBeNull();
  });
  it('a WhatsApp Business sender may be a fixed line too, still only Indonesian and valid', () => {
    expect(senderPhoneSchema.parse('021-5551234')).toBe('+62215551234');
    expect(senderPhoneSchema.parse('0812 3456 7890')).toBe('+6281234567890');
    expect(senderPhoneSchema.safeParse('+6012345678').success).toBe(false);
    expect(senderPhoneSchema.safeParse('12').success).toBe(false);
  });
});

describe('status machines', () => {
  it('customers: isolation is not a manual status change, and terminated is final', () => {
    expect(canTransition('active', 'suspended')).toBe(true);
    expect(canTransition('active', 'isolated')).toBe(false);
    expect(canTransition('isolated', 'active')).toBe(false);
    expect(CUSTOMER_TRANSITIONS.terminated).toEqual([]);
  });
  it('invoices: unpaid → paid | overdue | void, overdue → paid | void, paid and void final', () => {
    expect(canInvoiceTransition('unpaid', 'overdue')).toBe(true);
    expect(canInvoiceTransition('overdue', 'unpaid')).toBe(false);
    expect(canInvoiceTransition('paid', 'void')).toBe(false);
    expect(canInvoiceTransition('void', 'paid')).toBe(false);
  });
});

describe('planRateLimit', () => {
  it('is RouterOS rx/tx from the router: upload/download', () => {
    expect(planRateLimit({ download_kbps: 20_000, upload_kbps: 10_000 })).toBe('10000k/20000k');
  });
});
