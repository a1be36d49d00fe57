/**
 * The billing forms as typed, checked with the contracts' rules: recording a payment
 * (rupiah as typed, a blank receipt left to the API) and the billing settings (whole
 * days, the tax as a percentage rather than basis points; the form's values from the
 * stored settings, and the update input of only what changed).
 */
import { z } from 'zod';
import { midtransKeyInput, paymentGatewaySelectInput, paymentRecordInput, settingsUpdateInput } from '@rrnet/contracts';
import type { Locale, Settings } from '@rrnet/contracts';
import { bpFromPercent, parseRupiah, percentFromBp } from './billing';
import { blankToNull, parseNumber } from './form_values';

const payment = paymentRecordInput.shape;

/** The ways staff record a payment by hand (online payments arrive by themselves). */
export const RECORD_METHODS = payment.method.options;

export const recordPaymentForm = z.object({
  amount: z.string().transform(parseRupiah).pipe(payment.amount),
  method: payment.method,
  receipt_number: z
    .string()
    .transform((value) => blankToNull(value) ?? undefined)
    .pipe(payment.receipt_number),
});

const rules = settingsUpdateInput.shape;
const typedNumber = (value: string) => parseNumber(value) ?? Number.NaN;

export const billingSettingsForm = z.object({
  due_days: z.string().transform(typedNumber).pipe(rules.due_days.unwrap()),
  tax_percent: z.string().transform(bpFromPercent).pipe(rules.tax_rate_bp.unwrap()),
  grace_days: z.string().transform(typedNumber).pipe(rules.grace_days.unwrap()),
  isolir_mode: rules.isolir_mode.unwrap(),
  isolir_profile: rules.isolir_profile.unwrap(),
});
export type BillingSettingsValues = z.input<typeof billingSettingsForm>;
type Parsed = z.output<typeof billingSettingsForm>;

export function billingSettingsValues(settings: Settings, locale: Locale): BillingSettingsValues {
  return {
    due_days: String(settings.due_days),
    tax_percent: percentFromBp(settings.tax_rate_bp, locale),
    grace_days: String(settings.grace_days),
    isolir_mode: settings.isolir_mode,
    isolir_profile: settings.isolir_profile,
  };
}

/** The changed settings in the API's units (empty: nothing to save). */
export function billingSettingsChanges(settings: Settings, parsed: Parsed): z.input<typeof settingsUpdateInput> {
  const next = { due_days: parsed.due_days, grace_days: parsed.grace_days, tax_rate_bp: parsed.tax_percent, isolir_mode: parsed.isolir_mode, isolir_profile: parsed.isolir_profile };
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => settings[key as keyof typeof next] !== value));
}

/** The server's field messages on the form's fields (the tax rate is typed as a percentage). */
export function billingSettingsErrors(details: Record<string, string>): Record<string, string> {
  const { tax_rate_bp, ...rest } = details;
  return tax_rate_bp === undefined ? rest : { ...rest, tax_percent: tax_rate_bp };
}

/** The payment gateway's choice, as the API takes it. */
export const gatewayChoiceForm = paymentGatewaySelectInput;

/** Midtrans's environment, picked from a list rather than a yes/no flag. */
export const GATEWAY_MODES = ['sandbox', 'production'] as const;
export const midtransKeyForm = z
  .object({ server_key: midtransKeyInput.shape.server_key, mode: z.enum(GATEWAY_MODES) })
  .transform(({ server_key, mode }) => ({ server_key, production: mode === 'production' }));

/** The ISP's outage settings: detection after N minutes, and the optional outage credit (whole hours). */
export const outageSettingsForm = z.object({
  outage_detect_minutes: z.string().transform(typedNumber).pipe(rules.outage_detect_minutes.unwrap()),
  outage_credit_enabled: z.boolean(),
  outage_credit_threshold_hours: z.string().transform(typedNumber).pipe(rules.outage_credit_threshold_hours.unwrap()),
});
export type OutageSettingsValues = z.input<typeof outageSettingsForm>;

export function outageSettingsValues(settings: Settings): OutageSettingsValues {
  return {
    outage_detect_minutes: String(settings.outage_detect_minutes),
    outage_credit_enabled: settings.outage_credit_enabled,
    outage_credit_threshold_hours: String(settings.outage_credit_threshold_hours),
  };
}

/** The changed outage settings (empty: nothing to save). */
export function outageSettingsChanges(settings: Settings, parsed: z.output<typeof outageSettingsForm>): z.input<typeof settingsUpdateInput> {
  return Object.fromEntries(Object.entries(parsed).filter(([key, value]) => settings[key as keyof typeof parsed] !== value));
}
