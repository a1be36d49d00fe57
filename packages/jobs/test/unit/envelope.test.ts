import { describe, expect, it } from 'vitest';
import { jobEnvelopeSchema, storedEnvelope } from '../../src/envelope';
import type { JobEnvelope } from '../../src/envelope';

const TENANT = '9a2b3c4d-5e6f-4a70-8b91-c2d3e4f5a6b7';

/** What enqueue() writes: the job's data, its context and a first attempt. */
const fresh = (): JobEnvelope => ({
  v: 1,
  data: { invoice_id: 'a4b5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d' },
  meta: { tenant_id: TENANT, trace_id: '0af7651916cd43dd8448eb211c80319c', request_id: 'req-1', attempt: 1, first_failed_at: null, errors: [] },
});

/** Stored as JSON in graphile_worker.jobs: what the task reads back. */
const stored = (envelope: unknown): unknown => JSON.parse(JSON.stringify(envelope));

const failures = (payload: unknown) => {
  const parsed = jobEnvelopeSchema.safeParse(payload);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('jobEnvelopeSchema', () => {
  it('reads back what enqueue stored, data untouched', () => {
    const envelope = fresh();
    expect(jobEnvelopeSchema.parse(stored(envelope))).toEqual(envelope);
  });

  it('reads a retry: later attempt, the first failure’s time and the errors so far', () => {
    const retry: JobEnvelope = {
      ...fresh(),
      meta: {
        ...fresh().meta,
        attempt: 3,
        first_failed_at: '2026-11-26T03:00:00.000Z',
        errors: [
          { at: '2026-11-26T03:00:00.000Z', attempt: 1, message: 'router 10.0.0.1:443 unreachable' },
          { at: '2026-11-26T03:00:30.000Z', attempt: 2, message: 'timeout' },
        ],
      },
    };
    expect(jobEnvelopeSchema.parse(stored(retry))).toEqual(retry);
  });

  it('takes platform jobs without a tenant, a trace or a request', () => {
    const platform = { ...fresh(), data: null, meta: { ...fresh().meta, tenant_id: null, trace_id: null, request_id: null } };
    expect(jobEnvelopeSchema.parse(stored(platform))).toEqual(platform);
  });

  it('stores meta fields at their default left out, and reads them back whole', () => {
    const platform = { ...fresh(), meta: { ...fresh().meta, tenant_id: null, trace_id: 'trace-1', request_id: null } };
    expect(JSON.stringify(storedEnvelope(platform))).toBe('{"v":1,"data":{"invoice_id":"a4b5c6d7-e8f9-4a0b-9c1d-2e3f4a5b6c7d"},"meta":{"trace_id":"trace-1"}}');
    expect(jobEnvelopeSchema.parse(stored(storedEnvelope(platform)))).toEqual(platform);
    const retry = { ...fresh(), meta: { ...fresh().meta, attempt: 2, first_failed_at: '2026-11-26T03:00:00.000Z', errors: [{ at: '2026-11-26T03:00:00.000Z', attempt: 1, message: 'timeout' }] } };
    expect(storedEnvelope(retry).meta).toEqual(retry.meta);
    expect(jobEnvelopeSchema.parse(stored(storedEnvelope(retry)))).toEqual(retry);
  });

  it('takes any data: the job’s own schema checks it afterwards', () => {
    for (const data of [[1, 2], 'text', 0, { nested: { deep: true } }]) expect(jobEnvelopeSchema.parse({ ...fresh(), data }).data).toEqual(data);
  });

  it('refuses a payload that was not enqueued through enqueue() (no envelope), so it is dead-lettered unrun', () => {
    expect(failures({ invoice_id: 'x' })).toEqual(expect.arrayContaining(['v', 'meta']));
    expect(failures(null)).toEqual(['']);
    expect(failures('{"v":1}')).toEqual(['']);
  });

  it('refuses another envelope version', () => {
    expect(failures({ ...fresh(), v: 2 })).toEqual(['v']);
    expect(failures({ ...fresh(), v: '1' })).toEqual(['v']);
  });

  it('refuses a tenant that is not a uuid (the worker would open a tenant transaction with it)', () => {
    expect(failures({ ...fresh(), meta: { ...fresh().meta, tenant_id: 'tenant-1' } })).toEqual(['meta.tenant_id']);
    expect(failures({ ...fresh(), meta: { ...fresh().meta, tenant_id: '' } })).toEqual(['meta.tenant_id']);
  });

  it('refuses an attempt counter that is not a positive whole number', () => {
    for (const attempt of [0, -1, 1.5, '2', null]) expect(failures({ ...fresh(), meta: { ...fresh().meta, attempt } }), String(attempt)).toEqual(['meta.attempt']);
  });

  it('refuses malformed error history', () => {
    const bad = (errors: unknown) => failures({ ...fresh(), meta: { ...fresh().meta, errors } });
    expect(bad(null)).toEqual(['meta.errors']);
    expect(bad([{ at: '2026-11-26T03:00:00Z', attempt: 1 }])).toEqual(['meta.errors.0.message']);
    expect(bad([{ at: '2026-11-26T03:00:00Z', attempt: 1.5, message: 'x' }])).toEqual(['meta.errors.0.attempt']);
  });

  it('reads a missing meta field as its default (the stored form leaves defaults out), never a missing meta', () => {
    const defaults = { tenant_id: null, trace_id: null, request_id: null, attempt: 1, first_failed_at: null, errors: [] };
    for (const key of Object.keys(fresh().meta) as (keyof typeof defaults)[]) {
      const meta: Record<string, unknown> = { ...fresh().meta };
      delete meta[key];
      expect(jobEnvelopeSchema.parse({ ...fresh(), meta }).meta[key], key).toEqual(defaults[key]);
    }
    expect(failures({ v: 1, data: {} })).toEqual(['meta']);
  });
});
