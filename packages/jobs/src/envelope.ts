/**
 * What graphile-worker stores as a job's payload: the job's own data plus the context
 * that travels with it (tenant, the enqueuing request's trace and request ids) and our
 * attempt bookkeeping (graphile's own attempt counter also counts crash re-runs).
 */
import { z } from 'zod';

export const jobEnvelopeSchema = z.object({
  v: z.literal(1),
  data: z.unknown(),
  meta: z.object({
    tenant_id: z.string().uuid().nullable(),
    trace_id: z.string().nullable(),
    request_id: z.string().nullable(),
    attempt: z.number().int().min(1),
    first_failed_at: z.string().nullable(),
    errors: z.array(z.object({ at: z.string(), attempt: z.number().int(), message: z.string() })),
  }),
});
export type JobEnvelope = z.infer<typeof jobEnvelopeSchema>;
