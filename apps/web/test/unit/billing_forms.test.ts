import { describe, expect, it } from 'vitest';
import type { Settings } from '@rrnet/contracts';
import { billingSettingsChanges, recordPaymentForm, billingSettingsErrors, billingSettingsForm, billingSettingsValues, gatewayChoiceForm, midtransKeyForm } from '../../src/lib/billing_forms';

const settings = { due_days: 10, grace_days: 3, tax_rate_bp: 1100, isolir_mode: 'profile', isolir_profile: 'isolir' } as Settings;

describe('the billing settings form', () => {
  it('shows the stored settings as typed, the tax as a percentage in the language', () => {
    expect(billingSettingsValues({ ...settings, tax_rate_bp: 1250 }, 'id')).toEqual({ due_days: '10', tax_percent: '12,5', grace_days: '3', isolir_mode: 'profile', isolir_profile: 'isolir' });
    expect(billingSettingsValues({ ...settings, tax_rate_bp: 1250 }, 'en').tax_percent).toBe('12.5');
  });

  it('sends only what changed, in the API units', () => {
    const parsed = billingSettingsForm.parse({ ...billingSettingsValues(settings, 'id'), grace_days: '5', tax_percent: '12,5' });
    expect(billingSettingsChanges(settings, parsed)).toEqual({ grace_days: 5, tax_rate_bp: 1250 });
    expect(billingSettingsChanges(settings, billingSettingsForm.parse(billingSettingsValues(settings, 'en')))).toEqual({});
  });

  it("checks the contracts' rules on the typed values", () => {
    const result = billingSettingsForm.safeParse({ ...billingSettingsValues(settings, 'id'), due_days: '91', tax_percent: 'abc', isolir_profile: '  ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual(['due_days', 'isolir_profile', 'tax_percent']);
  });

  it('puts the server message on the tax rate onto the percentage field', () => {
    expect(billingSettingsErrors({ tax_rate_bp: 'Too big', grace_days: 'x' })).toEqual({ tax_percent: 'Too big', grace_days: 'x' });
  });
});

describe('the record-payment form', () => {
  it('reads rupiah as typed and leaves a blank receipt to the API', () => {
    expect(recordPaymentForm.parse({ amount: 'Rp 150.000', method: 'cash', receipt_number: '  ' })).toEqual({ amount: 150_000, method: 'cash', receipt_number: undefined });
    expect(recordPaymentForm.parse({ amount: '150000', method: 'bank_transfer', receipt_number: ' TRF-1 ' }).receipt_number).toBe('TRF-1');
  });

  it("refuses what the API refuses: nothing, garbage or sen", () => {
    for (const amount of ['', '0', 'abc', '150.000,50']) expect(recordPaymentForm.safeParse({ amount, method: 'cash', receipt_number: '' }).success).toBe(false);
  });
});

describe('payment gateway forms', () => {
  it('turns Midtrans’s environment into the API’s production flag and checks the key’s length', () => {
    expect(midtransKeyForm.parse({ server_key: 'SB-Mid-server-0123456789', mode: 'production' })).toEqual({ server_key: 'SB-Mid-server-0123456789', production: true });
    expect(midtransKeyForm.parse({ server_key: 'SB-Mid-server-0123456789', mode: 'sandbox' })).toEqual({ server_key: 'SB-Mid-server-0123456789', production: false });
    expect(midtransKeyForm.safeParse({ server_key: 'short', mode: 'sandbox' }).success).toBe(false);
    expect(midtransKeyForm.safeParse({ server_key: 'SB-Mid-server-0123456789', mode: 'live' }).success).toBe(false);
  });

  it('offers only the gateways the API knows', () => {
    expect(gatewayChoiceForm.safeParse({ gateway: 'xendit' }).success).toBe(true);
    expect(gatewayChoiceForm.safeParse({ gateway: 'paypal' }).success).toBe(false);
  });
});
