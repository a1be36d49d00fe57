import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { outcomeOf, registerApiMetrics } from '../../src/api_metrics';

describe('API metrics', () => {
  it('classes an error code by the HTTP status it answers with', () => {
    expect(outcomeOf(null)).toBe('ok');
    expect(outcomeOf('VALIDATION_FAILED')).toBe('client_error');
    expect(outcomeOf('RATE_LIMITED')).toBe('client_error');
    expect(outcomeOf('INTERNAL_ERROR')).toBe('server_error');
    expect(outcomeOf('SERVICE_UNAVAILABLE')).toBe('server_error');
  });

  it('observes the duration by procedure and outcome and counts errors by code, in its own registry', async () => {
    const registry = new Registry();
    const api = registerApiMetrics(registry);
    api.onProcedure({ path: 'billing.invoices.list', durationSeconds: 0.03, errorCode: null });
    api.onProcedure({ path: 'billing.invoices.list', durationSeconds: 2, errorCode: 'INTERNAL_ERROR' });
    api.onProcedure({ path: 'auth.me', durationSeconds: 0.001, errorCode: 'UNAUTHENTICATED' });
    const text = await registry.metrics();
    expect(text).toContain('rrnet_api_response_time_seconds_bucket{le="0.05",procedure="billing.invoices.list",outcome="ok"} 1');
    expect(text).toContain('rrnet_api_response_time_seconds_bucket{le="1",procedure="billing.invoices.list",outcome="server_error"} 0');
    expect(text).toContain('rrnet_api_response_time_seconds_bucket{le="2.5",procedure="billing.invoices.list",outcome="server_error"} 1');
    expect(text).toContain('rrnet_api_response_time_seconds_count{procedure="auth.me",outcome="client_error"} 1');
    expect(text).toContain('rrnet_api_errors_total{error_code="INTERNAL_ERROR"} 1');
    expect(text).toContain('rrnet_api_errors_total{error_code="UNAUTHENTICATED"} 1');
    expect(text).not.toContain('error_code="null"');
  });
});
