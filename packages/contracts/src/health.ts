/** Readiness report shared by the health endpoint, the tRPC procedure and the web shell. */
import { z } from 'zod';
import { HEALTH_COMPONENTS } from './constants';

export { HEALTH_COMPONENTS };
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];

export const componentCheckSchema = z.object({
  ok: z.boolean(),
  latency_ms: z.number(),
  detail: z.string(),
});
export type ComponentCheck = z.infer<typeof componentCheckSchema>;

export const readinessSchema = z.object({
  ready: z.boolean(),
  checks: z.object({
    postgres: componentCheckSchema,
    redis: componentCheckSchema,
    worker: componentCheckSchema,
  }),
  failed: z.array(z.enum(HEALTH_COMPONENTS)),
});
export type Readiness = z.infer<typeof readinessSchema>;

/**
 * The platform's metrics page (issue #18): what an operator without Grafana needs to see,
 * read live. A section that could not be read is null with its reason in `errors`, so one
 * slow dependency never hides the rest.
 */
export const METRIC_RATE_NAMES = ['invoice_conversion_rate', 'saas_invoice_conversion_rate', 'router_sync_success_rate', 'wa_delivery_rate'] as const;
export type MetricRateName = (typeof METRIC_RATE_NAMES)[number];

const rateSchema = z.object({
  good: z.number().int(),
  total: z.number().int(),
  /** good / total; null with no denominator */
  rate: z.number().nullable(),
});

export const topStatementSchema = z.object({
  query_id: z.string(),
  query: z.string(),
  calls: z.number(),
  total_ms: z.number(),
  mean_ms: z.number(),
  rows: z.number(),
  /** share of the total execution time of the statements listed */
  share: z.number(),
});
export type TopStatement = z.infer<typeof topStatementSchema>;

export const platformMetricsSchema = z.object({
  generated_at: z.string(),
  readiness: readinessSchema.nullable(),
  /** this web instance's API since it started and over the recent window (the scrape window of Prometheus) */
  api: z
    .object({
      instance_started_at: z.string(),
      window_seconds: z.number(),
      requests: z.number(),
      errors: z.number(),
      error_rate: z.number().nullable(),
      p95_seconds: z.number().nullable(),
      window_requests: z.number(),
      window_error_rate: z.number().nullable(),
      window_p95_seconds: z.number().nullable(),
      errors_by_code: z.array(z.object({ code: z.string(), count: z.number() })),
    })
    .nullable(),
  database: z
    .object({
      by_state: z.array(z.object({ state: z.string(), connections: z.number().int() })),
      total: z.number().int(),
      max_connections: z.number().int(),
    })
    .nullable(),
  redis: z.object({ used_bytes: z.number(), max_bytes: z.number() }).nullable(),
  queues: z
    .object({
      classes: z.array(z.object({ job_class: z.string(), waiting: z.number().int(), running: z.number().int() })),
      dead_letters: z.number().int(),
    })
    .nullable(),
  business: z
    .object({
      rates: z.array(rateSchema.extend({ name: z.enum(METRIC_RATE_NAMES) })),
      outages: z.object({ open: z.number().int(), resolved_30d: z.number().int(), mean_resolution_seconds: z.number().nullable() }),
    })
    .nullable(),
  slow_queries: z.discriminatedUnion('available', [
    z.object({ available: z.literal(true), statements: z.array(topStatementSchema) }),
    /** not_installed: CREATE EXTENSION was not allowed; not_loaded: not in shared_preload_libraries */
    z.object({ available: z.literal(false), reason: z.enum(['not_installed', 'not_loaded', 'error']) }),
  ]),
  errors: z.array(z.object({ section: z.string(), message: z.string() })),
});
export type PlatformMetrics = z.infer<typeof platformMetricsSchema>;
