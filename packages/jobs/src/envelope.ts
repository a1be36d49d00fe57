/**
 * What graphile-worker stores as a job's payload: the job's own data plus the context
 * that travels with it (tenant, the enqueuing request's trace and request ids) and our
 * attempt bookkeeping (graphile's own attempt counter also counts crash re-runs).
 *
 * Stored compact (storedEnvelope): a meta field at its default — no tenant, no request,
 * the first attempt, no failures — is left out and read back as that default. Every
 * job's payload is fetched, sent and parsed on each run; bench/worker measured the full
 * form at about 0.8 of plain graphile-worker's throughput for trivial jobs, the
 * difference being the payload's size alone.
 */
import { z } from 'zod';

export const jobEnvelopeSchema = z.object({
  v: z.literal(1),
  data: z.unknown(),
  meta: z.object({
    tenant_id: z.string().uuid().nullable().default(null),
    trace_id: z.string().nullable().default(null),
    request_id: z.string().nullable().default(null),
    attempt: z.number().int().min(1).default(1),
    first_failed_at: z.string().nullable().default(null),
    errors: z.array(z.object({ at: z.string(), attempt: z.number().int(), message: z.string() })).default([]),
  }),
});
export type JobEnvelope = z.output<typeof jobEnvelopeSchema>;

/** The envelope as stored: meta fields at their default left out (jobEnvelopeSchema restores them). */
export function storedEnvelope(envelope: JobEnvelope): { v: 1; data: unknown; meta: Partial<JobEnvelope['meta']> } {
  const { tenant_id, trace_id, request_id, attempt, first_failed_at, errors } = envelope.meta;
  const meta: Partial<JobEnvelope['meta']> = {};
  if (tenant_id !== null) meta.tenant_id = tenant_id;
  if (trace_id !== null) meta.trace_id = trace_id;
  if (request_id !== null) meta.request_id = request_id;
  if (attempt !== 1) meta.attempt = attempt;
  if (first_failed_at !== null) meta.first_failed_at = first_failed_at;
  if (errors.length > 0) meta.errors = errors;
  return { v: 1, data: envelope.data, meta };
}
