import { EventEmitter } from 'node:events';
import type { WorkerEvents } from 'graphile-worker';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WAKE_SLOT_MS, createWakeups } from '../../src/wakeups';

function poolEvents() {
  const events = new EventEmitter() as WorkerEvents;
  const nudges: number[] = [];
  const create = () => (events as unknown as EventEmitter).emit('pool:create', { workerPool: { nudge: (n: number) => nudges.push(n) } });
  return { events, nudges, create };
}

describe('worker wake-ups for jobs queued a moment ahead', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T10:00:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('nudges the pool once the job is due, not before', () => {
    const { events, nudges, create } = poolEvents();
    const w = createWakeups({ pollIntervalMs: 2000, events });
    create();
    w.wakeAt(new Date(Date.now() + 1000));
    vi.advanceTimersByTime(999);
    expect(nudges).toEqual([]);
    vi.advanceTimersByTime(WAKE_SLOT_MS + 1);
    expect(nudges).toEqual([1]);
    expect(w.pending()).toBe(0);
  });

  it('jobs due within one slot share a timer and one nudge for all of them', () => {
    const { events, nudges, create } = poolEvents();
    const w = createWakeups({ pollIntervalMs: 2000, events });
    create();
    const at = Math.ceil((Date.now() + 500) / WAKE_SLOT_MS) * WAKE_SLOT_MS;
    w.wakeAt(new Date(at - 1));
    w.wakeAt(new Date(at - 3));
    w.wakeAt(new Date(at + 300));
    expect(w.pending()).toBe(2);
    vi.advanceTimersByTime(at - Date.now() + 2);
    expect(nudges).toEqual([2]);
    vi.advanceTimersByTime(400);
    expect(nudges).toEqual([2, 1]);
  });

  it('leaves jobs due now or beyond the poll interval to graphile-worker, and nudges nothing without a pool or after stop', () => {
    const { events, nudges, create } = poolEvents();
    const w = createWakeups({ pollIntervalMs: 2000, events });
    w.wakeAt(new Date(Date.now() - 5));
    w.wakeAt(new Date(Date.now()));
    w.wakeAt(new Date(Date.now() + 2000));
    expect(w.pending()).toBe(0);
    w.wakeAt(new Date(Date.now() + 100)); // no pool yet: nothing to nudge when it fires
    vi.advanceTimersByTime(200);
    expect(nudges).toEqual([]);
    create();
    w.wakeAt(new Date(Date.now() + 100));
    w.stop();
    vi.advanceTimersByTime(200);
    expect(nudges).toEqual([]);
    expect(w.pending()).toBe(0);
  });
});
