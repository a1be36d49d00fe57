/**
 * reports: the ISP's analytics for a period of its own calendar (revenue, collection,
 * arrears ageing, customer growth, isolir, days to pay, router sync, WhatsApp delivery)
 * beside the previous period of the same length.
 */
import { z } from 'zod';
import { FIELD_MESSAGES, REPORT_MAX_PERIOD_DAYS, fieldMessage } from './field_messages';

export const REPORT_PERIOD_PRESETS = ['this_month', 'last_month', 'last_3_months', 'last_12_months', 'custom'] as const;
export type ReportPeriodPreset = (typeof REPORT_PERIOD_PRESETS)[number];

/**
 * A period: a preset, or `custom` with `from` and `to` — both days of the ISP's calendar,
 * `to` included (the UI's picker). The service turns it into [from, to) with `to` exclusive.
 */
export const reportPeriodInput = z
  .strictObject({
    preset: z.enum(REPORT_PERIOD_PRESETS).default('this_month'),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.preset !== 'custom') return;
    if (!v.from) ctx.addIssue({ code: 'custom', path: ['from'], message: FIELD_MESSAGES.custom_period });
    if (!v.to) ctx.addIssue({ code: 'custom', path: ['to'], message: FIELD_MESSAGES.custom_period });
    if (v.from && v.to) {
      const days = (Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 + 1;
      if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: FIELD_MESSAGES.not_before_from });
      else if (days > REPORT_MAX_PERIOD_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: fieldMessage('report_period_max', { max_days: REPORT_MAX_PERIOD_DAYS }) });
    }
  });
export type ReportPeriodInput = z.input<typeof reportPeriodInput>;

/** [from, to): days of the ISP's calendar, `to` exclusive. */
export const reportSpanSchema = z.object({ from: z.iso.date(), to: z.iso.date() });
export type ReportSpan = z.infer<typeof reportSpanSchema>;

export const AGEING_BUCKETS = ['0_30', '31_60', '61_90', 'over_90'] as const;
export type AgeingBucket = (typeof AGEING_BUCKETS)[number];

const money = z.number().int();
const count = z.number().int().nonnegative();
const rate = z.number().min(0).max(1).nullable();

export const reportFiguresSchema = z.object({
  span: reportSpanSchema,
  /** completed payments received in the period */
  revenue: money,
  payments_count: count,
  /** invoices issued in the period (not void): their total and what is paid of it */
  invoiced: money,
  collected_on_invoiced: money,
  /** collected_on_invoiced / invoiced; null when nothing was invoiced */
  collection_rate: rate,
  revenue_by_month: z.array(z.object({ month: z.string(), amount: money })),
  revenue_by_plan: z.array(z.object({ plan_id: z.string().uuid().nullable(), plan_name: z.string().nullable(), amount: money, payments: count })),
  /** open invoices past due at the end of the period's last day, by days past due */
  arrears: z.object({
    as_of: z.iso.date(),
    total: money,
    invoices: count,
    buckets: z.array(z.object({ bucket: z.enum(AGEING_BUCKETS), amount: money, invoices: count })),
  }),
  growth: z.object({
    new: count,
    churned: count,
    net: z.number().int(),
    /** customers not terminated at the end of the period */
    active_at_end: count,
    by_month: z.array(z.object({ month: z.string(), new: count, churned: count })),
    by_plan: z.array(z.object({ plan_id: z.string().uuid(), plan_name: z.string(), new: count, churned: count, net: z.number().int() })),
    by_odp: z.array(z.object({ odp_id: z.string().uuid().nullable(), odp_name: z.string().nullable(), new: count, churned: count, net: z.number().int() })),
  }),
  isolir: z.object({ isolations: count, restores: count, failed: count }),
  /** mean days from issue to full payment of the invoices paid in the period; null when none */
  avg_days_to_pay: z.number().nullable(),
  whatsapp: z.object({ sent: count, delivered: count, read: count, failed: count, waiting: count, delivery_rate: rate }),
  /** minutes of the period inside a confirmed outage, overlapping outages counted once */
  outage_minutes: count,
});
export type ReportFigures = z.infer<typeof reportFiguresSchema>;

/** One day of the ISP's calendar as the nightly rollup (tenant_analytics_daily) saw it, or today read live. */
export const reportDaySchema = z.object({
  day: z.iso.date(),
  active_customers: count,
  isolated_customers: count,
  routers_synced: count,
  routers_online: count,
  outage_minutes: count,
  source: z.enum(['rollup', 'live']),
});
export type ReportDay = z.infer<typeof reportDaySchema>;

/** The figures compared with the previous period on the stat cards. */
export const REPORT_COMPARED = ['revenue', 'collection_rate', 'arrears_total', 'new_customers', 'churned_customers', 'net_growth', 'isolations', 'avg_days_to_pay', 'wa_delivery_rate', 'outage_minutes'] as const;
export type ReportCompared = (typeof REPORT_COMPARED)[number];

const changeSchema = z.object({ change: z.number().nullable(), pct: z.number().nullable() });

export const reportOverviewSchema = z.object({
  timezone: z.string(),
  preset: z.enum(REPORT_PERIOD_PRESETS),
  current: reportFiguresSchema,
  previous: reportFiguresSchema,
  /** current minus previous, and that as a share of the previous (null when it was 0 or unknown) */
  changes: z.object({
    revenue: changeSchema,
    collection_rate: changeSchema,
    arrears_total: changeSchema,
    new_customers: changeSchema,
    churned_customers: changeSchema,
    net_growth: changeSchema,
    isolations: changeSchema,
    avg_days_to_pay: changeSchema,
    wa_delivery_rate: changeSchema,
    outage_minutes: changeSchema,
  } satisfies Record<ReportCompared, typeof changeSchema>),
  /**
   * the routers now: synced at least once, online, failing; and over the period, from the
   * daily rollups (a sync keeps no history): online / synced summed over its days
   */
  routers: z.object({
    total: count,
    synced: count,
    online: count,
    failing: count,
    sync_success_rate: rate,
    period: z.object({ days: count, sync_success_rate: rate }),
  }),
  /** the period's days before today from the nightly rollup, and today live */
  daily: z.array(reportDaySchema),
  generated_at: z.string(),
});
export type ReportOverview = z.infer<typeof reportOverviewSchema>;

// ── exports (report_generation) ──

export const REPORT_EXPORT_KINDS = ['customers', 'invoices', 'arrears'] as const;
export type ReportExportKind = (typeof REPORT_EXPORT_KINDS)[number];
export const REPORT_EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];
export const REPORT_EXPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type ReportExportStatus = (typeof REPORT_EXPORT_STATUSES)[number];

/**
 * An export's life: queued → running → completed | failed. A running export whose worker
 * died goes back to queued when its job is retried, and so does a failed one (a retried
 * dead letter); its file is then written again from the start. Completed is final (until
 * the file expires and the row is purged).
 */
export const REPORT_EXPORT_TRANSITIONS: Record<ReportExportStatus, readonly ReportExportStatus[]> = {
  queued: ['running', 'failed'],
  running: ['completed', 'failed', 'queued'],
  completed: [],
  failed: ['queued'],
};

export function canReportExportTransition(from: ReportExportStatus, to: ReportExportStatus): boolean {
  return REPORT_EXPORT_TRANSITIONS[from].includes(to);
}

/** Days an export's file is kept before cleanup_jobs purges it. */
export const REPORT_EXPORT_RETENTION_DAYS = 7;

export const reportExportCreateInput = z.strictObject({
  kind: z.enum(REPORT_EXPORT_KINDS),
  format: z.enum(REPORT_EXPORT_FORMATS),
  /** invoices: the period they were issued in (default this month); ignored by the other kinds */
  period: reportPeriodInput.optional(),
});
export type ReportExportCreateInput = z.input<typeof reportExportCreateInput>;

export const reportExportIdInput = z.strictObject({ id: z.uuid() });

export const reportExportSchema = z.object({
  id: z.uuid(),
  kind: z.enum(REPORT_EXPORT_KINDS),
  format: z.enum(REPORT_EXPORT_FORMATS),
  status: z.enum(REPORT_EXPORT_STATUSES),
  /** invoices: the period exported */
  span: reportSpanSchema.nullable(),
  total_rows: z.number().int().nullable(),
  processed_rows: z.number().int(),
  /** processed / total, 0..1; null until the rows are counted */
  progress: z.number().min(0).max(1).nullable(),
  file_name: z.string().nullable(),
  byte_size: z.number().int().nullable(),
  error: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  expires_at: z.string(),
});
export type ReportExport = z.infer<typeof reportExportSchema>;
