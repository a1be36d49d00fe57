import { describe, expect, it } from 'vitest';
import { AdmissionGate, AdmissionRefused } from '../../src/admission_gate';
import type { AdmissionRefusal } from '../../src/admission_gate';

/** A call that runs until the test lets it go. */
function held() {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { release, fn: () => gate.then(() => 'done') };
}

const settled = <T>(p: Promise<T>) =>
  p.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const tick = () => new Promise((r) => setTimeout(r, 0));

/** A call that queues while the slots are taken and is refused after the queue timeout; `ran`: whether it ever ran. */
async function refusedWaiter(gate: AdmissionGate) {
  let ran = false;
  const outcome = await settled(
    gate.run(async () => {
      ran = true;
    }),
  );
  expect(outcome.ok).toBe(false);
  expect((outcome as { error: AdmissionRefused }).error.reason).toBe('queue_timeout');
  return { ran: () => ran };
}

describe('AdmissionGate', () => {
  it('runs up to maxInFlight, queues up to maxQueued, refuses the rest at once, then drains to zero', async () => {
    const gate = new AdmissionGate({ maxInFlight: 2, maxQueued: 3, queueTimeoutMs: 60_000 });
    const refusals: AdmissionRefusal[] = [];
    gate.onReject((r) => refusals.push(r));
    const work = held();
    let started = 0;
    const calls = Array.from({ length: 9 }, () =>
      settled(
        gate.run(() => {
          started++;
          return work.fn();
        }),
      ),
    );
    await tick();
    expect(gate.snapshot()).toMatchObject({ inFlight: 2, queued: 3 });
    expect(started).toBe(2);
    expect(refusals).toEqual(['full', 'full', 'full', 'full']);
    // the refused ones are already settled while the admitted ones still run
    const early = await Promise.race([Promise.all(calls.slice(5)), tick().then(() => null)]);
    expect(early?.every((r) => !r.ok && r.error instanceof AdmissionRefused && r.error.reason === 'full')).toBe(true);
    work.release();
    const results = await Promise.all(calls);
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(started).toBe(5);
    expect(gate.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('refuses a queued call that waits past queueTimeoutMs and never runs it', async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 1, queueTimeoutMs: 20 });
    const refusals: AdmissionRefusal[] = [];
    gate.onReject((r) => refusals.push(r));
    const work = held();
    const first = settled(gate.run(work.fn));
    const second = await refusedWaiter(gate);
    expect(refusals).toEqual(['queue_timeout']);
    expect(gate.queued).toBe(0);
    work.release();
    expect((await first).ok).toBe(true);
    await tick();
    expect(second.ran()).toBe(false);
    expect(gate.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
    // the slot is free again
    expect(await gate.run(async () => 7)).toBe(7);
  });

  it("passes a timed-out waiter's turn on: the call queued behind it runs once the slot frees", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 2, queueTimeoutMs: 20 });
    const work = held();
    const first = settled(gate.run(work.fn));
    const second = await refusedWaiter(gate);
    // the refused waiter's entry is still in the queue; the next caller queues behind it
    const third = settled(gate.run(async () => 'third'));
    expect(gate.snapshot()).toMatchObject({ inFlight: 1, queued: 1 });
    work.release();
    expect(await first).toEqual({ ok: true, value: 'done' });
    expect(await third).toEqual({ ok: true, value: 'third' });
    expect(second.ran()).toBe(false);
    expect(gate.snapshot()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it("passes the call's own failure through and frees the slot", async () => {
    const gate = new AdmissionGate({ maxInFlight: 1, maxQueued: 0, queueTimeoutMs: 0 });
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.inFlight).toBe(0);
    expect(await gate.run(async () => 'again')).toBe('again');
  });

  it('refuses limits that cannot work', () => {
    expect(() => new AdmissionGate({ maxInFlight: 0, maxQueued: 0, queueTimeoutMs: 0 })).toThrow(RangeError);
  });
});
