/**
 * Admission control in front of a scarce resource (the API's database pool): at most
 * `maxInFlight` calls run at once, at most `maxQueued` wait for a slot, and none waits
 * longer than `queueTimeoutMs`. Past either bound a call is refused at once with
 * `AdmissionRefused`, so overload is answered fast (503 + Retry-After) instead of making
 * everyone wait for a pool that cannot serve them.
 *
 * Built on cockatiel 4's bulkhead (`bulkhead(maxInFlight, maxQueued)`). A timed-out waiter
 * is counted out of `queued` here at once while its queue entry lingers until the next slot
 * frees (its turn then passes at once, as a cancelled caller's does in cockatiel): the
 * queue never holds more than `maxQueued` entries either way.
 */
import { BulkheadRejectedError, bulkhead } from 'cockatiel';
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

  /**
   * Runs `fn` once admitted; throws `AdmissionRefused` (without calling it) when not.
   *
   * A waiter that timed out stays in cockatiel's queue until a slot frees, as a cancelled one
   * would (cockatiel then skips it): here its turn finds it `abandoned` and returns at once,
   * without calling `fn`. No AbortController per call: every request passes here, and an
   * AbortSignal is among the costlier objects Node makes (measured on bench:api).
   */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    // decided now, as cockatiel decides synchronously inside execute(): run, queue or refuse
    const queuing = this.policy.executionSlots <= 0 && this.policy.queueSlots > 0;
    if (!queuing) return this.policy.execute(() => this.occupy(fn)).catch((err: unknown) => this.translate(err));
    this.waiting++;
    let waited = true;
    let abandoned = false;
    const admitted = this.policy.execute(() => {
      if (abandoned) return Promise.resolve(undefined as T);
      waited = false;
      this.waiting--;
      return this.occupy(fn);
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        if (!waited) return; // admitted meanwhile: the call runs to its end
        waited = false;
        abandoned = true;
        this.waiting--;
        reject(new AdmissionRefused('queue_timeout'));
      }, this.limits.queueTimeoutMs);
    });
    try {
      return await Promise.race([admitted.catch((err: unknown) => this.translate(err)), timeout]);
    } catch (err) {
      if (err instanceof AdmissionRefused && err.reason === 'queue_timeout') this.emit('queue_timeout');
      throw err;
    } finally {
      clearTimeout(timer);
      if (waited) {
        // refused while still queued: its turn passes
        waited = false;
        abandoned = true;
        this.waiting--;
      }
    }
  }

  /** `fn` in a slot, counted while it runs. */
  private async occupy<T>(fn: () => Promise<T>): Promise<T> {
    this.running++;
    try {
      return await fn();
    } finally {
      this.running--;
    }
  }

  private translate(err: unknown): never {
    if (err instanceof BulkheadRejectedError) {
      this.emit('full');
      throw new AdmissionRefused('full');
    }
    throw err;
  }

  private emit(reason: AdmissionRefusal): void {
    for (const listener of this.rejectListeners) listener(reason);
  }
}
