/**
 * notifications: WhatsApp templates (per ISP, id/en, with variables), the outbox's
 * message statuses, the per-ISP gateway settings, and their API shapes.
 */
import { z } from 'zod';
import { text } from './validation';
import { phoneSchema, senderPhoneSchema } from './customers';
import { FIELD_MESSAGES } from './field_messages';

export const WA_TEMPLATE_CODES = [
  'invoice_issued',
  'payment_reminder',
  'overdue',
  'isolir_notice',
  'restore_notice',
  'payment_receipt',
  'outage_started',
  'outage_resolved',
  'ticket_update',
  'portal_code',
] as const;
export type WaTemplateCode = (typeof WA_TEMPLATE_CODES)[number];

export const WA_LANGUAGES = ['id', 'en'] as const;
export type WaLanguage = (typeof WA_LANGUAGES)[number];

/** Variables every template may use. */
export const WA_COMMON_VARIABLES = ['name', 'customer_code', 'company_name'] as const;

/** The variables each template may use beyond the common ones; anything else is refused on save. */
export const WA_TEMPLATE_VARIABLES: Readonly<Record<WaTemplateCode, readonly string[]>> = {
  invoice_issued: ['number', 'amount', 'period', 'due_date', 'payment_link'],
  payment_reminder: ['number', 'amount', 'due_date', 'days_left'],
  overdue: ['number', 'amount', 'due_date', 'days_overdue'],
  isolir_notice: ['number', 'amount'],
  restore_notice: [],
  payment_receipt: ['number', 'amount', 'paid_at', 'receipt'],
  outage_started: ['title', 'area', 'started_at'],
  outage_resolved: ['title', 'area', 'resolved_at'],
  ticket_update: ['ticket_number', 'ticket_status', 'message'],
  portal_code: ['code', 'minutes'],
};

/**
 * Notices a subscriber cannot opt out of and that quiet hours do not hold back: the
 * isolir notice and the restore are legally required / service-affecting, outages urgent,
 * a portal sign-in code useless unless it arrives at once.
 */
export const WA_URGENT_CODES: readonly WaTemplateCode[] = ['isolir_notice', 'restore_notice', 'outage_started', 'outage_resolved', 'portal_code'];
/** What "opt out of reminders" covers. */
export const WA_REMINDER_CODES: readonly WaTemplateCode[] = ['payment_reminder', 'overdue'];

/** The templates every ISP has until it edits them (seeded, and the fallback at render time). */
export const DEFAULT_WA_TEMPLATES: Readonly<Record<WaTemplateCode, Record<WaLanguage, string>>> = {
  invoice_issued: {
    id: 'Halo {{name}}, tagihan internet {{number}} periode {{period}} sebesar {{amount}} sudah terbit, jatuh tempo {{due_date}}. {{payment_link}} Terima kasih - {{company_name}}',
    en: 'Hello {{name}}, your internet invoice {{number}} for {{period}} of {{amount}} is issued, due {{due_date}}. {{payment_link}} Thank you - {{company_name}}',
  },
  payment_reminder: {
    id: 'Halo {{name}}, pengingat: tagihan {{number}} sebesar {{amount}} jatuh tempo {{due_date}} ({{days_left}} hari lagi). Terima kasih - {{company_name}}',
    en: 'Hello {{name}}, a reminder: invoice {{number}} of {{amount}} is due {{due_date}} (in {{days_left}} days). Thank you - {{company_name}}',
  },
  overdue: {
    id: 'Halo {{name}}, tagihan {{number}} sebesar {{amount}} sudah lewat jatuh tempo {{due_date}} ({{days_overdue}} hari). Mohon segera dibayar agar layanan tidak terganggu.',
    en: 'Hello {{name}}, invoice {{number}} of {{amount}} is past its due date {{due_date}} ({{days_overdue}} days). Please pay soon to keep your service running.',
  },
  isolir_notice: {
    id: 'Halo {{name}}, layanan internet Anda sementara dinonaktifkan karena tagihan {{number}} sebesar {{amount}} belum dibayar. Layanan aktif kembali otomatis setelah pembayaran.',
    en: 'Hello {{name}}, your internet service is suspended because invoice {{number}} of {{amount}} is unpaid. It comes back automatically once paid.',
  },
  restore_notice: {
    id: 'Halo {{name}}, layanan internet Anda sudah aktif kembali. Terima kasih - {{company_name}}',
    en: 'Hello {{name}}, your internet service is active again. Thank you - {{company_name}}',
  },
  payment_receipt: {
    id: 'Terima kasih {{name}}, pembayaran {{amount}} untuk tagihan {{number}} telah kami terima pada {{paid_at}} (kuitansi {{receipt}}).',
    en: 'Thank you {{name}}, we received {{amount}} for invoice {{number}} on {{paid_at}} (receipt {{receipt}}).',
  },
  outage_started: {
    id: 'Halo {{name}}, ada gangguan jaringan di area {{area}} sejak {{started_at}}: {{title}}. Tim teknisi sedang menangani.',
    en: 'Hello {{name}}, there is a network outage in {{area}} since {{started_at}}: {{title}}. Our technicians are on it.',
  },
  outage_resolved: {
    id: 'Halo {{name}}, gangguan jaringan di area {{area}} sudah teratasi ({{resolved_at}}). Mohon maaf atas ketidaknyamanannya.',
    en: 'Hello {{name}}, the network outage in {{area}} is resolved ({{resolved_at}}). Sorry for the inconvenience.',
  },
  ticket_update: {
    id: 'Halo {{name}}, tiket {{ticket_number}} Anda: {{ticket_status}}. {{message}}',
    en: 'Hello {{name}}, your ticket {{ticket_number}}: {{ticket_status}}. {{message}}',
  },
  portal_code: {
    id: '{{code}} adalah kode masuk portal {{company_name}}. Berlaku {{minutes}} menit. Jangan berikan kode ini kepada siapa pun.',
    en: '{{code}} is your {{company_name}} portal code. Valid for {{minutes}} minutes. Do not share this code with anyone.',
  },
};

/** queued → sending → sent → delivered → read, or failed (final unless a later delivered proves otherwise). */
export const WA_MESSAGE_STATUSES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed'] as const;
export type WaMessageStatus = (typeof WA_MESSAGE_STATUSES)[number];

export const WA_GATEWAYS = ['cloud', 'fonnte'] as const;
export type WaGateway = (typeof WA_GATEWAYS)[number];

// ── templates ──
export const waTemplateSchema = z.object({
  code: z.enum(WA_TEMPLATE_CODES),
  language: z.enum(WA_LANGUAGES),
  body: z.string(),
  is_active: z.boolean(),
  /** false: the shipped default text, switched on (the ISP has not changed it) */
  customised: z.boolean(),
  variables: z.array(z.string()),
});
export type WaTemplate = z.infer<typeof waTemplateSchema>;

export const waTemplateSaveInput = z.strictObject({
  code: z.enum(WA_TEMPLATE_CODES),
  language: z.enum(WA_LANGUAGES),
  body: text({ min: 1, max: 1024 }),
  is_active: z.boolean().default(true),
});
export type WaTemplateSaveInput = z.infer<typeof waTemplateSaveInput>;

export const waTemplatePreviewInput = z.strictObject({
  code: z.enum(WA_TEMPLATE_CODES),
  language: z.enum(WA_LANGUAGES),
  /** preview unsaved text; absent: the saved (or default) template */
  body: text({ min: 1, max: 1024 }).optional(),
  /** fill with this customer's real data (their latest invoice); absent: sample values */
  customer_id: z.string().uuid().optional(),
});
export const waTemplatePreviewSchema = z.object({ body: z.string(), values: z.record(z.string(), z.string()) });

// ── messages ──
export const waMessageSchema = z.object({
  id: z.string().uuid(),
  customer_id: z.string().uuid().nullable(),
  /** the customer's name for the log (null: a test message, or the customer was deleted) */
  customer_name: z.string().nullable(),
  template_code: z.string().nullable(),
  to_phone: z.string(),
  body: z.string(),
  status: z.enum(WA_MESSAGE_STATUSES),
  provider: z.string().nullable(),
  provider_message_id: z.string().nullable(),
  error: z.string().nullable(),
  error_code: z.string().nullable(),
  attempts: z.number().int(),
  scheduled_at: z.string(),
  created_at: z.string(),
  sent_at: z.string().nullable(),
  delivered_at: z.string().nullable(),
  read_at: z.string().nullable(),
  failed_at: z.string().nullable(),
});
export type WaMessage = z.infer<typeof waMessageSchema>;

export const waMessageListInput = z.strictObject({
  status: z.enum(WA_MESSAGE_STATUSES).optional(),
  customer_id: z.string().uuid().optional(),
  template_code: z.enum(WA_TEMPLATE_CODES).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export const waMessagePageSchema = z.object({ items: z.array(waMessageSchema), next_cursor: z.string().nullable() });

export const waSendTestInput = z.strictObject({ to_phone: phoneSchema, body: text({ min: 1, max: 1024 }).optional() });
export const waIdInput = z.strictObject({ id: z.string().uuid() });

// ── settings ──
const cloudCredentialsInput = z.strictObject({
  phone_number_id: text({ min: 1, max: 64 }),
  access_token: text({ min: 8, max: 1024 }),
  app_secret: text({ min: 8, max: 256 }),
  verify_token: text({ min: 8, max: 256 }),
});
const fonnteCredentialsInput = z.strictObject({
  token: text({ min: 8, max: 256 }),
  webhook_secret: text({ min: 16, max: 256 }),
});
export const waGatewayInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('cloud'), credentials: cloudCredentialsInput }),
  z.strictObject({ kind: z.literal('fonnte'), credentials: fonnteCredentialsInput }),
]);
export type WaGatewayInput = z.infer<typeof waGatewayInput>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, FIELD_MESSAGES.time_format);

export const waSettingsInput = z.strictObject({
  /** null: the platform's default gateway */
  gateway: waGatewayInput.nullable().optional(),
  /** null: none */
  fallback: waGatewayInput.nullable().optional(),
  sender: senderPhoneSchema.nullable().optional(),
  /** no reminders between these local times (start may be after end: overnight); null: no quiet hours */
  quiet_hours: z.strictObject({ start: hhmm, end: hhmm }).nullable().optional(),
  /** days before the due date to remind (0 = on the due date) */
  reminder_days: z.array(z.number().int().min(0).max(30)).max(5).optional(),
  /** days after the due date to send the overdue notice (empty: none) */
  overdue_days: z.array(z.number().int().min(1).max(60)).max(5).optional(),
  language: z.enum(WA_LANGUAGES).optional(),
});
export type WaSettingsInput = z.infer<typeof waSettingsInput>;

export const waSettingsSchema = z.object({
  gateway: z.enum(WA_GATEWAYS).nullable(),
  gateway_configured: z.boolean(),
  fallback: z.enum(WA_GATEWAYS).nullable(),
  uses_platform_default: z.boolean(),
  sender: z.string().nullable(),
  quiet_hours: z.object({ start: z.string(), end: z.string() }).nullable(),
  reminder_days: z.array(z.number().int()),
  overdue_days: z.array(z.number().int()),
  language: z.enum(WA_LANGUAGES),
  /** the plan's monthly quota ran out at this moment this month (the UI shows a banner); null: not this month */
  quota_exceeded_at: z.string().nullable(),
  usage: z.object({ used: z.number().int(), max: z.number().int() }),
  webhook_paths: z.object({ cloud: z.string(), fonnte: z.string() }),
});
export type WaSettings = z.infer<typeof waSettingsSchema>;

export const waStatsSchema = z.object({
  queued: z.number().int(),
  sending: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  failed: z.number().int(),
  /** (delivered + read) / (everything that left: sent + delivered + read + failed); null without any */
  delivery_rate: z.number().nullable(),
});
export type WaStats = z.infer<typeof waStatsSchema>;

/** One day (the ISP's calendar) of messages by what became of them, for the delivery-rate chart. */
export const waDayCountsSchema = z.object({
  day: z.iso.date(),
  /** delivered or read */
  delivered: z.number().int(),
  /** left for the gateway, no delivery report yet */
  sent: z.number().int(),
  failed: z.number().int(),
  /** queued or sending */
  waiting: z.number().int(),
});
export type WaDayCounts = z.infer<typeof waDayCountsSchema>;

/** `notifications.stats`: the totals and one entry per day of the same window, oldest first. */
export const waStatsReportSchema = waStatsSchema.extend({ days: z.array(waDayCountsSchema) });
export type WaStatsReport = z.infer<typeof waStatsReportSchema>;

export const waOptOutInput = z.strictObject({ customer_id: z.string().uuid(), opt_out: z.boolean() });

/** WA_DEFAULT_GATEWAY (apps' config): the platform's gateway as JSON `{"kind":"fonnte","credentials":{…}}`. */
export const waGatewayEnv = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: FIELD_MESSAGES.gateway_json });
      return z.NEVER;
    }
  })
  .pipe(waGatewayInput);
