/**
 * Login protection: failed attempts are limited per account (5 per 15 min) and all
 * attempts per IP (30 per 15 min), in Redis through @upstash/ratelimit. When Redis is
 * unreachable the guard falls back to an in-process window of the same size (per
 * instance), so brute force stays bounded and operators can still sign in.
 */
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@rrnet/cache';
import type { Logger } from '@rrnet/logger';

export const LOGIN_LIMITS = {
  accountFailures: { max: 5, windowSeconds: 15 * 60 },
  ipAttempts: { max: 30, windowSeconds: 15 * 60 },
};

export interface GuardVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
  scope?: 'account' | 'ip';
}

class MemoryWindow {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly max: number, private readonly windowMs: number) {}
  check(key: string, consume: boolean, now = Date.now()): { ok: boolean; retryMs: number } {
    const fresh = (this.hits.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (fresh.length >= this.max) {
      this.hits.set(key, fresh);
      return { ok: false, retryMs: this.windowMs - (now - fresh[0]!) };
    }
    if (consume) fresh.push(now);
    this.hits.set(key, fresh);
    return { ok: true, retryMs: 0 };
  }
  reset(key: string) {
    this.hits.delete(key);
  }
}

export class LoginGuard {
  private readonly account: Ratelimit;
  private readonly ip: Ratelimit;
  private readonly memoryAccount = new MemoryWindow(LOGIN_LIMITS.accountFailures.max, LOGIN_LIMITS.accountFailures.windowSeconds * 1000);
  private readonly memoryIp: MemoryWindow;

  /**
   * `ipScale` multiplies the per-IP attempt window only (RATE_LIMIT_SCALE, as for the API's
   * limits: the e2e suite signs in 40 times from one address within minutes). The
   * per-account failure limit never scales.
   */
  constructor(private readonly redis: Redis, private readonly logger: Logger, prefix = 'rrnet:login', ipScale = 1) {
    const ipMax = Math.max(1, Math.round(LOGIN_LIMITS.ipAttempts.max * ipScale));
    this.memoryIp = new MemoryWindow(ipMax, LOGIN_LIMITS.ipAttempts.windowSeconds * 1000);
    this.account = new Ratelimit({
      redis,
      prefix: `${prefix}:account`,
      limiter: Ratelimit.slidingWindow(LOGIN_LIMITS.accountFailures.max, `${LOGIN_LIMITS.accountFailures.windowSeconds} s`),
      timeout: 1000,
    });
    this.ip = new Ratelimit({
      redis,
      prefix: `${prefix}:ip`,
      limiter: Ratelimit.slidingWindow(ipMax, `${LOGIN_LIMITS.ipAttempts.windowSeconds} s`),
      timeout: 1000,
    });
  }

  /** Before checking a password: is this account/IP still allowed to try? (consumes an IP attempt) */
  async beforeAttempt(email: string, ip: string | null): Promise<GuardVerdict> {
    try {
      const [account, byIp] = await Promise.all([
        this.account.getRemaining(email),
        ip ? this.ip.limit(ip) : Promise.resolve(null),
      ]);
      if (byIp && !byIp.success) return { allowed: false, retryAfterSeconds: secondsUntil(byIp.reset), scope: 'ip' };
      if (account.remaining <= 0) return { allowed: false, retryAfterSeconds: secondsUntil(account.reset), scope: 'account' };
      return { allowed: true, retryAfterSeconds: 0 };
    } catch (err) {
      this.logger.warn({ err }, 'login guard: Redis unavailable, using the in-process window');
      const byIp = ip ? this.memoryIp.check(ip, true) : { ok: true, retryMs: 0 };
      if (!byIp.ok) return { allowed: false, retryAfterSeconds: Math.ceil(byIp.retryMs / 1000), scope: 'ip' };
      const account = this.memoryAccount.check(email, false);
      if (!account.ok) return { allowed: false, retryAfterSeconds: Math.ceil(account.retryMs / 1000), scope: 'account' };
      return { allowed: true, retryAfterSeconds: 0 };
    }
  }

  async recordFailure(email: string): Promise<void> {
    this.memoryAccount.check(email, true);
    await this.account.limit(email).catch(() => undefined);
  }

  async recordSuccess(email: string): Promise<void> {
    this.memoryAccount.reset(email);
    await this.account.resetUsedTokens(email).catch(() => undefined);
  }
}

function secondsUntil(resetMs: number): number {
  return Math.max(1, Math.ceil((resetMs - Date.now()) / 1000));
}
