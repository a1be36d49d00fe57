/** Platform admin over the dead-letter queue: list, inspect, retry, discard — audited. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobEnvelopeSchema } from '@rrnet/jobs';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
let platform: string;

async function addDeadLetter(day: string): Promise<string> {
  const [row] = await h.system`
    INSERT INTO sys_dead_letter_jobs (task_identifier, payload, tenant_id, job_class, attempts, errors, first_failed_at, last_failed_at)
    VALUES ('analytics', ${JSON.stringify({ data: { day }, meta: { tenant_id: h.tenantA } })}::text::jsonb, ${h.tenantA}, 'low', 1,
            '["tenant_analytics_daily: deadlock detected"]'::jsonb, now() - interval '5 minutes', now())
    RETURNING id`;
  return row!.id as string;
}

beforeAll(async () => {
  h = await startHarness();
  platform = (await h.login('admin@rrnet.demo')).access_token;
});
afterAll(async () => h.close());

describe('dead-letter administration', () => {
  it('is for platform admins only', async () => {
    const owner = await h.login('owner@sinarnet.demo');
    expect(await outcome(h.call(owner.access_token).platform.jobs.stats())).toBe('FORBIDDEN');
    expect(await outcome(h.call(owner.access_token).platform.jobs.deadLetters({ limit: 10 }))).toBe('FORBIDDEN');
    expect(await outcome(h.call(null).platform.jobs.stats())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(platform).platform.jobs.stats())).toBe('OK');
  });

  it('lists and filters, shows one, and raises the alert at the threshold', async () => {
    const ids = [await addDeadLetter('2026-01-01'), await addDeadLetter('2026-01-02'), await addDeadLetter('2026-01-03')];
    const list = await h.call(platform).platform.jobs.deadLetters({ status: 'dead', task: 'analytics', limit: 50 });
    expect(list.map((d) => d.id).sort()).toEqual([...ids].sort());
    const one = await h.call(platform).platform.jobs.deadLetter({ id: ids[0]! });
    expect(one).toMatchObject({ task_identifier: 'analytics', job_class: 'low', attempts: 1, errors: ['tenant_analytics_daily: deadlock detected'] });
    const stats = await h.call(platform).platform.jobs.stats();
    expect(stats.alert).toEqual({ active: true, threshold: 3, open: 3 });
    expect(stats.classes.map((c) => c.job_class)).toEqual(['critical', 'high', 'normal', 'low']);
  });

  it('retry re-enqueues with attempts reset; discard closes; both are audited and happen once', async () => {
    const [a, b] = await h.call(platform).platform.jobs.deadLetters({ status: 'dead', limit: 2 });
    const retried = await h.call(platform).platform.jobs.retry({ id: a!.id });
    expect(retried.status).toBe('retried');
    expect(retried.job_id).toBeTruthy();
    const [job] = await h.system`SELECT payload FROM graphile_worker._private_jobs WHERE id = ${retried.job_id}`;
    // stored compact (defaults left out); read as the worker reads it: a first attempt with no errors
    expect(jobEnvelopeSchema.parse(job!.payload)).toMatchObject({ data: (a!.payload as { data: unknown }).data, meta: { attempt: 1, tenant_id: h.tenantA, errors: [] } });
    expect(job!.payload).not.toHaveProperty('meta.errors');
    expect(await outcome(h.call(platform).platform.jobs.retry({ id: a!.id }))).toBe('CONFLICT');

    const discarded = await h.call(platform).platform.jobs.discard({ id: b!.id });
    expect(discarded).toMatchObject({ status: 'discarded', job_id: null });
    const audit = await h.system`SELECT action, actor_user_id, tenant_id, new_values FROM sys_audit_logs WHERE category = 'admin' ORDER BY id`;
    expect(audit.map((r) => r.action)).toEqual(['jobs.dead_letter.retried', 'jobs.dead_letter.discarded']);
    expect(audit[0]!.actor_user_id).toBeTruthy();
    expect(audit[0]!.tenant_id).toBe(h.tenantA);
    const stats = await h.call(platform).platform.jobs.stats();
    expect(stats.dead_letters).toEqual({ dead: 1, retried: 1, discarded: 1 });
    expect(stats.classes.find((c) => c.job_class === 'low')!.waiting).toBe(1);
  });
});
