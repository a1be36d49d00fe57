/** The job platform on the real Postgres: priorities, retry schedules, dead letters, keys. */
import { Writable } from 'node:stream';
import { Logger as GraphileLogger } from 'graphile-worker';
import type { TaskList } from 'graphile-worker';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createLogger } from '@rrnet/logger';
import { JOB_CLASSES, JOBS, enqueue, makeTask, retryDelayMs, wakeJob } from '../../src';
import type { JobName, TaskDeps } from '../../src';
import { runOnceSettled } from '../../../../tests/graphile_jobs';
import { TEST_PG_URL } from '../../../../tests/services';

let db: TestDatabase;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let system: ReturnType<typeof createDatabase>;
let tenantA: string;
const logLines: Record<string, unknown>[] = [];
let deps: TaskDeps;

beforeAll(async () => {
  db = await createTestDatabase(TEST_PG_URL);
  const seed = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(generateKeySpec())) });
  tenantA = seed.tenants[0]!.id;
  admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(db.appUrl, { max: 4 });
  system = createDatabase(db.systemUrl, { max: 2 });
  const destination = new Writable({
    write(chunk, _e, cb) {
      logLines.push(JSON.parse(String(chunk)));
      cb();
    },
  });
  deps = { appSql: app.sql, systemSql: system.sql, logger: createLogger({ service: 'worker', level: 'debug', destination }), alertThreshold: 3 };
});
afterAll(async () => {
  await admin.end();
  await app.close();
  await system.close();
  await db.drop();
});
beforeEach(async () => {
  await admin`DELETE FROM graphile_worker._private_jobs`;
});

const runAll = (taskList: TaskList) => runOnceSettled({ connectionString: db.appUrl, taskList, concurrency: 1, noHandleSignals: true, logger: new GraphileLogger(() => () => {}) });
const jobsIn = () => admin<{ id: string; task_identifier: string; run_at: Date; payload: { meta: { attempt: number } }; key: string | null }[]>`
  SELECT j.id::text, t.identifier AS task_identifier, j.run_at, j.payload, j.key
  FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id ORDER BY j.id`;

describe('priorities', () => {
  it('with a backlog, critical jobs start before low ones', async () => {
    const started: string[] = [];
    const record = (label: string) => async () => {
      started.push(label);
    };
    for (let i = 0; i < 6; i++) await enqueue(app.sql as never, 'cleanup_jobs', {}, { tenantId: null, jobKey: `low-${i}` });
    for (let i = 0; i < 3; i++) await enqueue(app.sql as never, 'report_generation', { report_id: crypto.randomUUID() }, { tenantId: tenantA });
    for (let i = 0; i < 3; i++) await enqueue(app.sql as never, 'payment_processing', { gateway: 'midtrans', transaction_id: `t-${i}` }, { tenantId: tenantA });
    await enqueue(app.sql as never, 'outage_propagation', { outage_id: crypto.randomUUID() }, { tenantId: tenantA });
    await runAll({
      cleanup_jobs: makeTask('cleanup_jobs', record('low'), deps),
      report_generation: makeTask('report_generation', record('normal'), deps),
      payment_processing: makeTask('payment_processing', record('critical'), deps),
      outage_propagation: makeTask('outage_propagation', record('high'), deps),
    });
    expect(started).toEqual(['critical', 'critical', 'critical', 'high', 'normal', 'normal', 'normal', 'low', 'low', 'low', 'low', 'low', 'low']);
  });
});

describe('retry schedules', () => {
  const cases: [JobName, Record<string, unknown>][] = [
    ['payment_processing', { gateway: 'midtrans', transaction_id: 'retry-1' }],
    ['outage_propagation', { outage_id: '11111111-1111-4111-8111-111111111111' }],
    ['report_generation', { report_id: '22222222-2222-4222-8222-222222222222' }],
    ['analytics', { day: '2026-01-01' }],
  ];
  for (const [name, payload] of cases) {
    const cls = JOBS[name].class;
    it(`${cls} (${name}): ${JOB_CLASSES[cls].maxAttempts} attempts with the class backoff, then the dead-letter queue`, async () => {
      let calls = 0;
      const taskList = { [name]: makeTask(name, async () => {
        calls++;
        throw new Error(`boom ${calls}`);
      }, deps) };
      await enqueue(app.sql as never, name, payload as never, { tenantId: tenantA });
      const delays: number[] = [];
      for (let attempt = 1; attempt <= JOB_CLASSES[cls].maxAttempts; attempt++) {
        await runAll(taskList);
        const pending = await jobsIn();
        if (attempt === JOB_CLASSES[cls].maxAttempts) {
          expect(pending).toHaveLength(0);
          break;
        }
        expect(pending).toHaveLength(1);
        expect(pending[0]!.payload.meta.attempt).toBe(attempt + 1);
        // the retry is a new job scheduled at (its enqueue moment + the class delay): measured
        // against its created_at, not against now(), which a loaded machine reaches seconds later
        const [{ delay }] = (await admin`SELECT extract(epoch FROM run_at - created_at) * 1000 AS delay FROM graphile_worker._private_jobs`) as unknown as [{ delay: number }];
        delays.push(Math.round(delay / 1000) * 1000);
        await admin`UPDATE graphile_worker._private_jobs SET run_at = now()`;
      }
      const expected = Array.from({ length: JOB_CLASSES[cls].maxAttempts - 1 }, (_, i) => retryDelayMs(cls, i + 1));
      expect(delays).toEqual(expected);
      expect(calls).toBe(JOB_CLASSES[cls].maxAttempts);
      const [dead] = await admin`SELECT * FROM sys_dead_letter_jobs WHERE task_identifier = ${name} ORDER BY created_at DESC LIMIT 1`;
      expect(dead).toMatchObject({ attempts: JOB_CLASSES[cls].maxAttempts, job_class: cls, tenant_id: tenantA, status: 'dead' });
      expect(dead!.errors).toEqual(Array.from({ length: calls }, (_, i) => `boom ${i + 1}`));
    });
  }

  it('the alert fires once the dead letters reach the threshold', async () => {
    const alerts = logLines.filter((l) => l.alert === 'dead_letter_threshold');
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    expect(alerts[0]).toMatchObject({ level: 'error', open_dead_letters: 3, threshold: 3 });
  });
});

describe('payloads, keys and context', () => {
  it('an invalid payload is refused on enqueue, and dead-lettered without running when it got in anyway', async () => {
    await expect(enqueue(app.sql as never, 'analytics', { day: 'yesterday' } as never, { tenantId: tenantA })).rejects.toThrow(/Invalid payload/);
    await app.sql`SELECT graphile_worker.add_job('analytics', '{"v":1,"data":{"day":"nope"},"meta":{"tenant_id":null,"trace_id":null,"request_id":null,"attempt":1,"first_failed_at":null,"errors":[]}}'::json)`;
    let ran = false;
    await runAll({ analytics: makeTask('analytics', async () => {
      ran = true;
    }, deps) });
    expect(ran).toBe(false);
    const [dead] = await admin`SELECT * FROM sys_dead_letter_jobs WHERE task_identifier = 'analytics' AND errors::text LIKE '%invalid payload%'`;
    expect(dead).toBeDefined();
    expect(await jobsIn()).toHaveLength(0);
  });

  it('a job dead-letters a piece of its own work (a WhatsApp message) through the platform: the row a retry needs, the count told to the observer, and the job itself completes', async () => {
    await enqueue(app.sql as never, 'wa_notifications', {}, { tenantId: tenantA });
    const told: number[] = [];
    const [open] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_dead_letter_jobs WHERE status = 'dead'`;
    const messageId = crypto.randomUUID();
    const finished: string[] = [];
    const observed = { ...deps, observer: { onDeadLetter: (e: { openDeadLetters: number }) => void told.push(e.openDeadLetters), onFinished: (e: { outcome: string }) => void finished.push(e.outcome) } };
    await runAll({
      wa_notifications: makeTask('wa_notifications', async (ctx) => {
        await ctx.deadLetter({
          name: 'wa_notifications',
          payload: { message_id: messageId },
          meta: { tenant_id: ctx.tenantId, trace_id: null, request_id: null, attempt: 2, first_failed_at: '2026-12-07T01:00:00.000Z', errors: [] },
          jobKey: `wa:${ctx.tenantId}`,
          queueName: `wa:${ctx.tenantId}`,
          errors: ['gateway answered 500'],
        });
      }, observed),
    });
    const [dead] = await admin<{ payload: { data: { message_id: string } }; tenant_id: string; job_key: string; queue_name: string; job_class: string; attempts: number; errors: string[]; first_failed_at: Date }[]>`
      SELECT payload, tenant_id, job_key, queue_name, job_class, attempts, errors, first_failed_at FROM sys_dead_letter_jobs WHERE payload->'data'->>'message_id' = ${messageId}`;
    expect(dead).toMatchObject({ tenant_id: tenantA, job_key: `wa:${tenantA}`, queue_name: `wa:${tenantA}`, job_class: JOBS.wa_notifications.class, attempts: 2, errors: ['gateway answered 500'] });
    expect(dead!.payload.data).toEqual({ message_id: messageId });
    expect(dead!.first_failed_at.toISOString()).toBe('2026-12-07T01:00:00.000Z');
    expect(told).toEqual([open!.n + 1]);
    expect(finished).toEqual(['completed']);
  });

  it('the same job enqueued twice with its job_key runs once', async () => {
    await enqueue(app.sql as never, 'analytics', { day: '2026-02-01' }, { tenantId: tenantA });
    await enqueue(app.sql as never, 'analytics', { day: '2026-02-01' }, { tenantId: tenantA });
    expect(await jobsIn()).toHaveLength(1);
    let runs = 0;
    await runAll({ analytics: makeTask('analytics', async () => {
      runs++;
    }, deps) });
    expect(runs).toBe(1);
  });

  it('enqueue inside a tenant transaction commits or rolls back with the data', async () => {
    const { withTenant } = await import('@rrnet/db');
    await expect(
      withTenant(app.sql, { tenantId: tenantA }, async ({ sql }) => {
        await enqueue(sql as never, 'analytics', { day: '2026-03-01' }, { tenantId: tenantA });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await jobsIn()).toHaveLength(0);
    await withTenant(app.sql, { tenantId: tenantA }, ({ sql }) => enqueue(sql as never, 'analytics', { day: '2026-03-01' }, { tenantId: tenantA }));
    expect(await jobsIn()).toHaveLength(1);
  });

  it('a job runs in its tenant transaction and logs the enqueuing request’s trace, tenant and job id', async () => {
    const { runWithContext } = await import('@rrnet/logger');
    await runWithContext({ trace_id: 'trace-from-request', request_id: 'req-42' }, () =>
      enqueue(app.sql as never, 'analytics', { day: '2026-04-01' }, { tenantId: tenantA }),
    );
    let seen: unknown;
    await runAll({
      analytics: makeTask('analytics', async (ctx) => {
        seen = await ctx.withTenant(async ({ sql }) => (await sql`SELECT current_setting('app.tenant_id') AS t, current_user AS u`)[0]);
        ctx.logger.info('inside the job');
      }, deps),
    });
    expect(seen).toEqual({ t: tenantA, u: 'rrnet_app' });
    const line = logLines.find((l) => l.message === 'inside the job');
    expect(line).toMatchObject({ trace_id: 'trace-from-request', request_id: 'req-42', tenant_id: tenantA, job_id: expect.any(String) });
  });
});

describe('wakeJob (one pending wake-up per key)', () => {
  const version = async (id: string) => (await admin<{ xmin: string }[]>`SELECT xmin::text FROM graphile_worker._private_jobs WHERE id = ${id}`)[0]?.xmin;

  it('adds the job once; a second wake-up while it is due writes nothing and keeps it from starting until it commits', async () => {
    const first = await wakeJob(app.sql, 'wa_notifications', {}, { tenantId: tenantA });
    const before = await version(first.id);
    const other = postgres(db.appUrl, { max: 1, onnotice: () => {} });
    try {
      await app.sql.begin(async (tx) => {
        const again = await wakeJob(tx, 'wa_notifications', {}, { tenantId: tenantA });
        expect(again.id).toBe(first.id);
        // what graphile-worker's fetch does: the share-locked job is skipped until this commits
        const fetchable = await other`SELECT id FROM graphile_worker._private_jobs WHERE id = ${first.id} FOR UPDATE SKIP LOCKED`;
        expect(fetchable).toHaveLength(0);
      });
      expect(await other`SELECT id FROM graphile_worker._private_jobs WHERE id = ${first.id} FOR UPDATE SKIP LOCKED`).toHaveLength(1);
    } finally {
      await other.end();
    }
    expect(await version(first.id)).toBe(before); // not rewritten
    expect((await jobsIn()).filter((j) => j.task_identifier === 'wa_notifications')).toHaveLength(1);
  });

  it('brings a pending job due later forward, and adds a new one beside a running (locked) one', async () => {
    const later = new Date(Date.now() + 3_600_000);
    const pending = await wakeJob(app.sql, 'wa_notifications', {}, { tenantId: tenantA, runAt: later });
    await wakeJob(app.sql, 'wa_notifications', {}, { tenantId: tenantA });
    const [row] = await jobsIn();
    expect(row!.id).toBe(pending.id);
    expect(row!.run_at.getTime()).toBeLessThanOrEqual(Date.now());
    await admin`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'test-worker' WHERE id = ${pending.id}`;
    const fresh = await wakeJob(app.sql, 'wa_notifications', {}, { tenantId: tenantA });
    expect(fresh.id).not.toBe(pending.id);
    expect((await jobsIn()).map((j) => j.id).sort()).toEqual([pending.id, fresh.id].sort());
  });
});
