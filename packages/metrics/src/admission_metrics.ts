/**
 * The API admission gate (AdmissionGate, @rrnet/resilience) as Prometheus sees it: calls
 * in flight and queued now, its bounds, and the calls it refused by reason (`full`: in
 * flight and queue both at their bounds; `queue_timeout`: waited API_QUEUE_TIMEOUT_MS).
 * Refusals also count in rrnet_api_errors_total{error_code="SERVICE_UNAVAILABLE"}; this
 * counter says which of those were the gate and not the database.
 */
import client from 'prom-client';
import type { Registry } from 'prom-client';

/** What the gate offers (structurally AdmissionGate). */
export interface AdmissionSource {
  snapshot: () => { inFlight: number; queued: number; maxInFlight: number; maxQueued: number };
  onReject: (listener: (reason: 'full' | 'queue_timeout') => void) => void;
}

export function registerAdmissionMetrics(registry: Registry, gate: AdmissionSource): void {
  new client.Gauge({
    name: 'rrnet_api_admission_in_flight',
    help: 'API calls running inside the admission gate now',
    registers: [registry],
    collect() {
      this.set(gate.snapshot().inFlight);
    },
  });
  new client.Gauge({
    name: 'rrnet_api_admission_queued',
    help: 'API calls waiting for an admission slot now',
    registers: [registry],
    collect() {
      this.set(gate.snapshot().queued);
    },
  });
  const limits = new client.Gauge({
    name: 'rrnet_api_admission_limit',
    help: 'Bounds of the admission gate: calls in flight and calls queued',
    labelNames: ['bound'],
    registers: [registry],
  });
  const { maxInFlight, maxQueued } = gate.snapshot();
  limits.set({ bound: 'in_flight' }, maxInFlight);
  limits.set({ bound: 'queued' }, maxQueued);
  const rejected = new client.Counter({
    name: 'rrnet_api_admission_rejected_total',
    help: 'API calls the admission gate refused with 503, by reason (full, queue_timeout)',
    labelNames: ['reason'],
    registers: [registry],
  });
  // both series exist from the start, so rate() sees the first refusal
  rejected.inc({ reason: 'full' }, 0);
  rejected.inc({ reason: 'queue_timeout' }, 0);
  gate.onReject((reason) => rejected.inc({ reason }));
}
