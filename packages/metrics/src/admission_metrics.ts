/**
 * The API admission gates (AdmissionGate, @rrnet/resilience) as Prometheus sees them, one
 * series per lane (`api`: every procedure's gate; `sign_in`: the password checks' own):
 * calls in flight and queued now, the bounds, and the calls refused by reason (`full`: in
 * flight and queue both at their bounds; `queue_timeout`: waited API_QUEUE_TIMEOUT_MS).
 * Refusals also count in rrnet_api_errors_total{error_code="SERVICE_UNAVAILABLE"}; this
 * counter says which of those were a gate and not the database.
 */
import client from 'prom-client';
import type { Registry } from 'prom-client';

/** What a gate offers (structurally AdmissionGate). */
export interface AdmissionSource {
  snapshot: () => { inFlight: number; queued: number; maxInFlight: number; maxQueued: number };
  onReject: (listener: (reason: 'full' | 'queue_timeout') => void) => void;
}

/** `lanes`: the gates by lane name (e.g. `{ api, sign_in }`). */
export function registerAdmissionMetrics(registry: Registry, lanes: Readonly<Record<string, AdmissionSource>>): void {
  const entries = Object.entries(lanes);
  new client.Gauge({
    name: 'rrnet_api_admission_in_flight',
    help: 'API calls running inside an admission gate now, by lane',
    labelNames: ['lane'],
    registers: [registry],
    collect() {
      for (const [lane, gate] of entries) this.set({ lane }, gate.snapshot().inFlight);
    },
  });
  new client.Gauge({
    name: 'rrnet_api_admission_queued',
    help: 'API calls waiting for an admission slot now, by lane',
    labelNames: ['lane'],
    registers: [registry],
    collect() {
      for (const [lane, gate] of entries) this.set({ lane }, gate.snapshot().queued);
    },
  });
  const limits = new client.Gauge({
    name: 'rrnet_api_admission_limit',
    help: 'Bounds of the admission gates: calls in flight and calls queued, by lane',
    labelNames: ['lane', 'bound'],
    registers: [registry],
  });
  const rejected = new client.Counter({
    name: 'rrnet_api_admission_rejected_total',
    help: 'API calls an admission gate refused with 503, by lane and reason (full, queue_timeout)',
    labelNames: ['lane', 'reason'],
    registers: [registry],
  });
  for (const [lane, gate] of entries) {
    const { maxInFlight, maxQueued } = gate.snapshot();
    limits.set({ lane, bound: 'in_flight' }, maxInFlight);
    limits.set({ lane, bound: 'queued' }, maxQueued);
    // both series exist from the start, so rate() sees the first refusal
    rejected.inc({ lane, reason: 'full' }, 0);
    rejected.inc({ lane, reason: 'queue_timeout' }, 0);
    gate.onReject((reason) => rejected.inc({ lane, reason }));
  }
}
