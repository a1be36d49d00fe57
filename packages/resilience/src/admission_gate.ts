/**
 * Admission control in front of a scarce resource (the API's database pool): at most
 * `maxInFlight` calls run at once, at most `maxQueued` wait for a slot, and none waits
 * longer than `queueTimeoutMs`. Past either bound a call is refused at once with
 * `AdmissionRefused`, so overload is answered fast (503 + Retry-After) instead of making
 * everyone wait for a pool that cannot serve them.
 *
 * Built on cockatiel 4's bulkhead (`bulkhead(maxInFlight, maxQueued)`). cockatiel keeps
 * a cancelled caller in its queue until a slot frees (it is skipped then), so a timed-out
 * waiter is counted out of `queued` here at once while its queue entry may linger until
 * the next slot frees: the queue never holds more than `maxQueued` entries either way.
 */
import { BulkheadRejectedError, TaskCancelledError, bulkhead } from 'cockatiel';
import type { BulkheadPolicy } from 'cockatiel';

export type AdmissionRefusal = 'full' | 'queue_timeout';

const ADMISSION_REFUSED_BRAND = Symbol.for('rrnet.AdmissionRefused');

export class AdmissionRefused extends Error {
  /** holds across bundle copies of this module (Next.js may load it once per route bundle; the gate is per process) */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ADMISSION_REFUSED_BRAND] === true;
  }

  readonly [ADMISSION_REFUSED_BRAND] = true;

  constructor(readonly reason: AdmissionRefusal) {
    super(reason === 'full' ? 'admission gate full: too many requests in flight and queued' : 'admission gate: waited too long for a slot');
    this.name = 'AdmissionRefused';
  }
}

export interface AdmissionLimits {
  /** calls running at once */
  maxInFlight: number;
  /** calls waiting for a slot; 0: no queue */
  maxQueued: number;
  /** longest wait in the queue before the call is refused */
  queueTimeoutMs: number;
}

export interface AdmissionSnapshot extends AdmissionLimits {
  inFlight: number;
  queued: number;
}

export class AdmissionGate {
  readonly limits: AdmissionLimits;
  private readonly policy: BulkheadPolicy;
  private running = 0;
  private waiting = 0;
  private readonly rejectListeners: ((reason: AdmissionRefusal) => void)[] = [];

  constructor(limits: AdmissionLimits) {
    if (limits.maxInFlight < 1 || limits.maxQueued < 0 || limits.queueTimeoutMs < 0) throw new RangeError('admission limits out of range');
    this.limits = { ...limits };
    this.policy = bulkhead(limits.maxInFlight, limits.maxQueued);
  }

  /** calls running now */
  get inFlight(): number {
    return this.running;
  }

  /** calls waiting for a slot now */
  get queued(): number {
    return this.waiting;
  }

  snapshot(): AdmissionSnapshot {
    return { ...this.limits, inFlight: this.running, queued: this.waiting };
  }

  /** Called on every refusal (metrics). */
  onReject(listener: (reason: AdmissionRefusal) => void): void {
    this.rejectListeners.push(listener);
  }

  /** Runs `fn` once admitted; throws `AdmissionRefused` (without calling it) when not. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    // decided now, as cockatiel decides synchronously inside execute(): run, queue or refuse
    const queuing = this.policy.executionSlots <= 0 && this.policy.queueSlots > 0;
    if (queuing) this.waiting++;
    let waited = queuing;
    const cancel = new AbortController();
    const admitted = this.policy.execute(async () => {
      if (waited) {
        this.waiting--;
        waited = false;
      }
      this.running++;
      try {
        return await fn();
      } finally {
        this.running--;
      }
    }, cancel.signal);
    if (!queuing) return admitted.catch((err: unknown) => this.translate(err));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (!waited) return; // admitted meanwhile: the call runs to its end
        waited = false;
        this.waiting--;
        cancel.abort();
        reject(new AdmissionRefused('queue_timeout'));
      }, this.limits.queueTimeoutMs);
    });
    // the abandoned entry settles later with TaskCancelledError: nobody listens then
    admitted.catch(() => undefined);
    try {
      return await Promise.race([admitted.catch((err: unknown) => this.translate(err)), timeout]);
    } catch (err) {
      if (err instanceof AdmissionRefused && err.reason === 'queue_timeout') this.emit('queue_timeout');
      throw err;
    } finally {
      clearTimeout(timer);
      if (waited) {
        waited = false;
        this.waiting--;
      }
    }
  }

  private translate(err: unknown): never {
    if (err instanceof BulkheadRejectedError) {
      this.emit('full');
      throw new AdmissionRefused('full');
    }
    if (err instanceof TaskCancelledError) throw new AdmissionRefused('queue_timeout');
    throw err;
  }

  private emit(reason: AdmissionRefusal): void {
    for (const listener of this.rejectListeners) listener(reason);
  }
}
