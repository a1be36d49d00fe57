/** @rrnet/resilience: the spec's breaker and linear retry for calls to external systems, shared by the adapters, and the API's admission gate. */
export { CircuitBreaker, BREAKER_FAILURE_THRESHOLD, BREAKER_HALF_OPEN_TRIALS, BREAKER_OPEN_MS } from './breaker';
export type { BreakerState, CircuitBreakerOptions } from './breaker';
export { createLinearRetryPolicy, linearDelays } from './retry';
export type { LinearRetryOptions } from './retry';
export { AdmissionGate, AdmissionRefused } from './admission_gate';
export type { AdmissionLimits, AdmissionRefusal, AdmissionSnapshot } from './admission_gate';
