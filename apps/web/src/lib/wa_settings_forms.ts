/**
 * The WhatsApp settings forms as typed, checked with the contracts' rules
 * (`waSettingsInput`): the sending rules (sender, language, quiet hours as two times —
 * both blank for none —, reminder and overdue days as a typed list "3, 0") and a
 * gateway's credentials (write-only: the API never returns them, so the form starts
 * blank and sends the whole set for the chosen kind). Values from the stored settings,
 * and the update input of only what changed.
 */
import { z } from 'zod';
import { FIELD_MESSAGES, WA_GATEWAYS, waGatewayInput, waSettingsInput } from '@rrnet/contracts';
import type { WaGateway, WaSettings } from '@rrnet/contracts';
import { blankToNull } from './form_values';

const rules = waSettingsInput.shape;

/** "3, 0" / "3 0" / "3;0" → [3, 0]; a part that is not a whole number → NaN (the schema names the field). */
export function parseDayList(value: string): number[] {
  return value
    .split(/[\s,;]+/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : Number.NaN));
}

/**
 * A typed list of days checked by the contracts' array schema, its mistakes reported on the
 * field itself (not on `field.1`, which no input shows).
 */
const dayList = (schema: z.ZodType<number[]>) =>
  z.string().transform((value, ctx) => {
    const days = parseDayList(value);
    if (days.some((d) => Number.isNaN(d))) {
      ctx.addIssue({ code: 'custom', message: FIELD_MESSAGES.day_list });
      return z.NEVER;
    }
    const checked = schema.safeParse(days);
    if (!checked.success) {
      ctx.addIssue({ code: 'custom', message: checked.error.issues[0]?.message ?? FIELD_MESSAGES.invalid });
      return z.NEVER;
    }
    return checked.data;
  });

const quietTimes = rules.quiet_hours.unwrap().unwrap().shape;
/** A quiet-hours time as typed: blank, or HH:MM by the contracts' rule. */
const quietTime = (part: 'start' | 'end') =>
  z
    .string()
    .transform((value) => value.trim())
    .superRefine((value, ctx) => {
      if (value === '') return;
      const checked = quietTimes[part].safeParse(value);
      if (!checked.success) ctx.addIssue({ code: 'custom', message: checked.error.issues[0]?.message ?? FIELD_MESSAGES.time_format });
    });

export const waRulesForm = z
  .object({
    sender: z
      .string()
      .transform((value) => blankToNull(value))
      .pipe(rules.sender.unwrap()),
    language: rules.language.unwrap(),
    quiet_start: quietTime('start'),
    quiet_end: quietTime('end'),
    reminder_days: dayList(rules.reminder_days.unwrap()),
    overdue_days: dayList(rules.overdue_days.unwrap()),
  })
  .superRefine(
    (v, ctx) => {
      // both blank: no quiet hours; one alone is not a range
      const start = String(v.quiet_start ?? '').trim();
      const end = String(v.quiet_end ?? '').trim();
      if ((start === '') !== (end === '')) ctx.addIssue({ code: 'custom', path: [start === '' ? 'quiet_start' : 'quiet_end'], message: FIELD_MESSAGES.time_format });
    },
    // checked even while other fields are wrong, so every mistake shows at once
    { when: () => true },
  );
export type WaRulesValues = z.input<typeof waRulesForm>;
type ParsedRules = z.output<typeof waRulesForm>;

export function waRulesValues(settings: WaSettings): WaRulesValues {
  return {
    sender: settings.sender ?? '',
    language: settings.language,
    quiet_start: settings.quiet_hours?.start ?? '',
    quiet_end: settings.quiet_hours?.end ?? '',
    reminder_days: settings.reminder_days.join(', '),
    overdue_days: settings.overdue_days.join(', '),
  };
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** The changed rules in the API's shape (empty: nothing to save). */
export function waRulesChanges(settings: WaSettings, parsed: ParsedRules): z.input<typeof waSettingsInput> {
  const out: z.input<typeof waSettingsInput> = {};
  if (parsed.sender !== settings.sender) out.sender = parsed.sender;
  if (parsed.language !== settings.language) out.language = parsed.language;
  const quiet = parsed.quiet_start === '' && parsed.quiet_end === '' ? null : { start: parsed.quiet_start, end: parsed.quiet_end };
  if (JSON.stringify(quiet) !== JSON.stringify(settings.quiet_hours)) out.quiet_hours = quiet;
  if (!sameList(parsed.reminder_days, settings.reminder_days)) out.reminder_days = parsed.reminder_days;
  if (!sameList(parsed.overdue_days, settings.overdue_days)) out.overdue_days = parsed.overdue_days;
  return out;
}

/** The server's field messages on the rules form's fields (`quiet_hours.start` → quiet_start…). */
export function waRulesErrors(details: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(details)) {
    const key = field === 'quiet_hours.start' ? 'quiet_start' : field === 'quiet_hours.end' ? 'quiet_end' : field === 'quiet_hours' ? 'quiet_start' : field.split('.')[0]!;
    out[key] ??= message;
  }
  return out;
}

/** Which gateway slot the credentials form changes. */
export const WA_GATEWAY_SLOTS = ['gateway', 'fallback'] as const;
export type WaGatewaySlot = (typeof WA_GATEWAY_SLOTS)[number];
/** A slot's choice: a gateway with its credentials, or `none` (main: the platform's default; fallback: no fallback). */
export type WaGatewayChoice = WaGateway | 'none';
export const WA_GATEWAY_CHOICES: readonly WaGatewayChoice[] = [...WA_GATEWAYS, 'none'];

const gatewayOf = (kind: WaGateway) => waGatewayInput.options.find((o) => o.shape.kind.value === kind)!;
const cloud = gatewayOf('cloud').shape.credentials.shape;
const fonnte = gatewayOf('fonnte').shape.credentials.shape;

/** Every kind's fields are in the form; only the chosen kind's are checked and sent. */
export const waGatewayForm = z
  .object({
    slot: z.enum(WA_GATEWAY_SLOTS),
    kind: z.enum(['cloud', 'fonnte', 'none']),
    phone_number_id: z.string(),
    access_token: z.string(),
    app_secret: z.string(),
    verify_token: z.string(),
    token: z.string(),
    webhook_secret: z.string(),
  })
  .superRefine((v, ctx) => {
    const fields = v.kind === 'cloud' ? cloud : v.kind === 'fonnte' ? fonnte : {};
    for (const [key, schema] of Object.entries(fields) as [keyof typeof v, z.ZodType][]) {
      const checked = schema.safeParse(String(v[key]).trim());
      if (!checked.success) ctx.addIssue({ code: 'custom', path: [key], message: checked.error.issues[0]?.message ?? FIELD_MESSAGES.invalid });
    }
  });
export type WaGatewayValues = z.input<typeof waGatewayForm>;

export const EMPTY_GATEWAY_VALUES: WaGatewayValues = { slot: 'gateway', kind: 'cloud', phone_number_id: '', access_token: '', app_secret: '', verify_token: '', token: '', webhook_secret: '' };

/** The update input for the chosen slot: the gateway with its credentials, or null. */
export function waGatewayChange(values: z.output<typeof waGatewayForm>): z.input<typeof waSettingsInput> {
  const trim = (s: string) => s.trim();
  const gateway =
    values.kind === 'cloud'
      ? { kind: 'cloud' as const, credentials: { phone_number_id: trim(values.phone_number_id), access_token: trim(values.access_token), app_secret: trim(values.app_secret), verify_token: trim(values.verify_token) } }
      : values.kind === 'fonnte'
        ? { kind: 'fonnte' as const, credentials: { token: trim(values.token), webhook_secret: trim(values.webhook_secret) } }
        : null;
  return values.slot === 'gateway' ? { gateway } : { fallback: gateway };
}

/** The server's field messages (`gateway.credentials.token` → token) on the gateway form. */
export function waGatewayErrors(details: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(details)) {
    const last = field.split('.').at(-1)!;
    out[last in EMPTY_GATEWAY_VALUES ? last : 'kind'] ??= message;
  }
  return out;
}
