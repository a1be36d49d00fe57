/**
 * API metrics observed once per tRPC procedure call (REST /api/v1 runs through the same
 * procedures): response time by procedure and outcome, errors by spec error code.
 * The observer is handed to the tRPC chain through ApiServices.metrics; the chain
 * itself knows nothing of Prometheus.
 */
import client from 'prom-client';
import type { Registry } from 'prom-client';
import { ERROR_HTTP_STATUS } from '@rrnet/contracts';
import type { ErrorCode } from '@rrnet/contracts';
import type { ApiHistogramSnapshot } from '@rrnet/core/system/latency_rules';

export interface ProcedureObservation {
  /** procedure path, e.g. billing.invoices.list */
  path: string;
  durationSeconds: number;
  /** null when the procedure succeeded */
  errorCode: ErrorCode | null;
}

/** What packages/api calls (ApiServices.metrics); structurally the same type there. */
export interface ApiObserver {
  onProcedure: (observation: ProcedureObservation) => void;
  /** the response-time histogram summed over procedures, and the errors by code, as they are now */
  snapshot: () => Promise<ApiHistogramSnapshot>;
}

/** ok, or the class of the HTTP status the error answers with */
export type ApiOutcome = 'ok' | 'client_error' | 'server_error';

export function outcomeOf(errorCode: ErrorCode | null): ApiOutcome {
  if (errorCode === null) return 'ok';
  return ERROR_HTTP_STATUS[errorCode] >= 500 ? 'server_error' : 'client_error';
}

export const API_RESPONSE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function registerApiMetrics(registry: Registry): ApiObserver {
  const responseTime = new client.Histogram({
    name: 'rrnet_api_response_time_seconds',
    help: 'tRPC/REST procedure time through the whole middleware chain, by procedure and outcome',
    labelNames: ['procedure', 'outcome'],
    buckets: API_RESPONSE_BUCKETS,
    registers: [registry],
  });
  const errors = new client.Counter({
    name: 'rrnet_api_errors_total',
    help: 'Failed procedure calls by spec error code',
    labelNames: ['error_code'],
    registers: [registry],
  });
  return {
    onProcedure: ({ path, durationSeconds, errorCode }) => {
      responseTime.observe({ procedure: path, outcome: outcomeOf(errorCode) }, durationSeconds);
      if (errorCode !== null) errors.inc({ error_code: errorCode });
    },
    snapshot: async () => {
      const at = Date.now();
      const byLe = new Map<number, number>();
      for (const v of (await responseTime.get()).values) {
        if (v.metricName !== 'rrnet_api_response_time_seconds_bucket') continue;
        const bound = (v.labels as { le?: string | number }).le;
        const le = bound === '+Inf' ? Infinity : Number(bound);
        byLe.set(le, (byLe.get(le) ?? 0) + v.value);
      }
      const errorsByCode: Record<string, number> = {};
      for (const v of (await errors.get()).values) errorsByCode[String(v.labels.error_code)] = v.value;
      return { at, buckets: [...byLe].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le), errorsByCode };
    },
  };
}
