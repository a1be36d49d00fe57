/**
 * Wake-ups for jobs that this worker queued to run a moment from now. graphile-worker
 * finds a job whose run_at lies in the future only by polling (WORKER_POLL_INTERVAL_MS,
 * 2 s by default): a WhatsApp drain that queues itself for the next second of its ISP's
 * limiter, up to a second away, would start up to 2 s late — the ISP then sends 10 messages
 * every 1–3 s instead of every second. A task that knows when its next job is due calls
 * `wakeAt(runAt)`; at that time the worker pool is nudged (graphile-worker's own reaction
 * to a `jobs:insert` notification: its local queue fetches), so the job starts when due
 * whatever the poll interval. Times within one slot (WAKE_SLOT_MS) share a timer; a time
 * beyond the poll interval is left to the poll.
 */
import type { WorkerEvents } from 'graphile-worker';

export const WAKE_SLOT_MS = 10;

interface Nudgeable {
  nudge(count: number): void;
}

export interface Wakeups {
  /** nudge the pool at `runAt` (a job that this worker queued for then) */
  wakeAt(runAt: Date): void;
  /** timers pending (diagnostics, tests) */
  pending(): number;
  stop(): void;
}

export function createWakeups(options: { pollIntervalMs: number; events?: WorkerEvents; now?: () => number }): Wakeups {
  const now = options.now ?? Date.now;
  let pool: Nudgeable | null = null;
  options.events?.on('pool:create', ({ workerPool }) => {
    pool = workerPool;
  });
  options.events?.on('pool:release', () => {
    pool = null;
  });
  const slots = new Map<number, { timer: NodeJS.Timeout; count: number }>();
  return {
    wakeAt(runAt) {
      const delay = runAt.getTime() - now();
      // due now: the job's own notification or the next fetch takes it; past the poll interval: the poll does
      if (delay <= 0 || delay >= options.pollIntervalMs) return;
      // the slot's end: never before the job is due (its run_at is compared with the database's clock)
      const slot = Math.ceil(runAt.getTime() / WAKE_SLOT_MS) * WAKE_SLOT_MS;
      const open = slots.get(slot);
      if (open) {
        open.count += 1;
        return;
      }
      const entry = {
        count: 1,
        timer: setTimeout(() => {
          slots.delete(slot);
          pool?.nudge(entry.count);
        }, slot - now() + 1),
      };
      entry.timer.unref();
      slots.set(slot, entry);
    },
    pending: () => slots.size,
    stop() {
      for (const { timer } of slots.values()) clearTimeout(timer);
      slots.clear();
      pool = null;
    },
  };
}
