/**
 * The wake-ups against graphile-worker itself (the shipped batching, its local queue): a
 * job queued for a moment from now starts when due although the poll interval is a
 * minute — the pool's nudge makes the local queue fetch. Without the wake-up the same job
 * waits for the poll (checked too: 5 s later it has not started). The first job is queued
 * before the runner starts, so its first fetch finds it: queued after, its notification
 * could come before the runner listens and the job would wait for the one-minute poll.
 */
import { EventEmitter } from 'node:events';
import { Logger as GraphileLogger, quickAddJob, run } from 'graphile-worker';
import type { Runner, WorkerEvents } from 'graphile-worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { TEST_PG_URL } from '../../../../tests/services';
import { WORKER_BATCHING, graphileBatchingPreset, graphileConnectionString } from '../../src/graphile_pool';
import { createWakeups } from '../../src/wakeups';

const POLL_MS = 60_000;
const DUE_IN_MS = 1000;
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase(TEST_PG_URL);
});
afterAll(async () => {
  await db?.drop();
});

async function followUp(wake: boolean): Promise<{ firstRan: boolean; ranAfterMs: number | null }> {
  const name = wake ? 'woken' : 'polled';
  const events = new EventEmitter() as WorkerEvents;
  const wakeups = createWakeups({ pollIntervalMs: POLL_MS, events });
  let queuedAt = 0;
  let ran: () => void = () => {};
  const second = new Promise<void>((resolve) => (ran = resolve));
  let secondAt: number | null = null;
  const connectionString = graphileConnectionString(db.appUrl);
  await quickAddJob({ connectionString, logger: new GraphileLogger(() => () => {}) }, `${name}_first`, {});
  const runner: Runner = await run({
    connectionString,
    concurrency: 2,
    pollInterval: POLL_MS,
    preset: graphileBatchingPreset(WORKER_BATCHING),
    events,
    noHandleSignals: true,
    logger: new GraphileLogger(() => () => {}),
    // each case its own tasks: a job left by one is never taken by the other's runner
    taskList: {
      [`${name}_first`]: async (_payload, helpers) => {
        // a second ahead: far enough that no fetch graphile makes anyway (after this job, after the
        // insert's notification) can find it due on a loaded machine, so only the wake-up or the poll can
        const runAt = new Date(Date.now() + DUE_IN_MS);
        queuedAt = Date.now();
        await helpers.addJob(`${name}_second`, {}, { runAt });
        if (wake) wakeups.wakeAt(runAt);
      },
      [`${name}_second`]: async () => {
        secondAt = Date.now();
        ran();
      },
    },
  });
  try {
    // long enough for a woken job (due in 1 s), far shorter than the poll
    await Promise.race([second, new Promise((r) => setTimeout(r, 5_000))]);
    return { firstRan: queuedAt !== 0, ranAfterMs: secondAt === null ? null : secondAt - queuedAt };
  } finally {
    wakeups.stop();
    await runner.stop();
  }
}

describe('wake-ups of jobs queued a moment ahead', () => {
  it('a job due in 1 s starts then, with a one-minute poll', async () => {
    const { firstRan, ranAfterMs } = await followUp(true);
    expect(firstRan).toBe(true);
    expect(ranAfterMs).not.toBeNull();
    expect(ranAfterMs!).toBeGreaterThanOrEqual(DUE_IN_MS);
  });

  it('without the wake-up the same job waits for the poll', async () => {
    const { firstRan, ranAfterMs } = await followUp(false);
    expect(firstRan).toBe(true); // the first job ran and queued the second: only the second waits
    expect(ranAfterMs).toBeNull();
  });
});
