/**
 * Request rate limits (spec §3): per tenant 1000/hour, per user 100/minute, per IP
 * 1000/hour; WhatsApp 10 messages/second per tenant. In Redis via @upstash/ratelimit:
 * requests are admitted by sliding windows; WhatsApp messages are paced by fixed windows
 * of one second (at most 10 in each second of the clock), so a busy ISP's drain sends a
 * whole batch of 10 in each second instead of the few a sliding window frees as its
 * previous second fades. Not a token bucket: @upstash/ratelimit's bucket key expires when
 * it would be full again counted from the take, not from its last refill, so a drain that
 * comes back a moment later than the previous one starts a new bucket from then — on a busy
 * worker each late start pushed every later batch back (batches 1.1–1.2 s apart); the
 * clock's seconds do not move with the drain.
 */
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';

export const RATE_LIMIT_POLICY = {
  tenant: { limit: 1000, window: '1 h' },
  user: { limit: 100, window: '1 m' },
  ip: { limit: 1000, window: '1 h' },
  wa_messages: { limit: 10, window: '1 s', algorithm: 'fixed_window' },
  /** sign-up per IP (issue #17): forms sent and codes tried, each its own key under this window */
  signup: { limit: 10, window: '1 h' },
} as const;

export type RateLimitScope = keyof typeof RATE_LIMIT_POLICY;

export interface RateLimiters {
  tenant: Ratelimit;
  user: Ratelimit;
  ip: Ratelimit;
  wa_messages: Ratelimit;
  signup: Ratelimit;
}

type Window = Parameters<typeof Ratelimit.slidingWindow>[1];
export interface RateLimitRule {
  limit: number;
  window: Window;
  /**
   * sliding_window (the default) admits requests; fixed_window paces a sender: at most `limit`
   * in each `window` of the clock (its `reset` is the next one's start). Its counter counts a
   * refused take too, so a sender asks getRemaining first and takes at most that.
   */
  algorithm?: 'sliding_window' | 'fixed_window';
}
export type RateLimitPolicy = Record<RateLimitScope, RateLimitRule>;

/**
 * @upstash/ratelimit's own timeout (a timer and a race per call: three per request) would
 * answer "allow, reason timeout" when Redis does not answer in time. Every client already
 * fails each request after REDIS_COMMAND_TIMEOUT_MS (createRedis), and the limit() call then
 * throws, which the callers fail open on the same way — so the limiters set no timer: on
 * bench:api the three timers cost ~0.04 of the chain's throughput ratio.
 */
const LIMITER_TIMEOUT = 0;

function limiterOf(rule: RateLimitRule) {
  return rule.algorithm === 'fixed_window' ? Ratelimit.fixedWindow(rule.limit, rule.window) : Ratelimit.slidingWindow(rule.limit, rule.window);
}

/** `policy` exists for tests that need short windows; production uses the spec's. */
export function createRateLimiters(redis: Redis, prefix = 'rrnet:rl', policy: RateLimitPolicy = RATE_LIMIT_POLICY): RateLimiters {
  const make = (scope: RateLimitScope) =>
    new Ratelimit({
      redis,
      prefix: `${prefix}:${scope}`,
      limiter: limiterOf(policy[scope]),
      timeout: LIMITER_TIMEOUT,
      analytics: false,
    });
  return { tenant: make('tenant'), user: make('user'), ip: make('ip'), wa_messages: make('wa_messages'), signup: make('signup') };
}

/**
 * The subscriber portal's one-time codes: per IP, at most 10 codes asked for and 30 codes
 * tried in 15 minutes (keys `send:<ip>` and `verify:<ip>`), on top of the spec's per-IP
 * window. Per phone number the portal counts the codes it stored (core/portal).
 */
export const PORTAL_CODE_POLICY = {
  send: { limit: 10, window: '15 m' },
  verify: { limit: 30, window: '15 m' },
} as const satisfies Record<string, { limit: number; window: Window }>;

export type PortalCodeLimiters = Record<keyof typeof PORTAL_CODE_POLICY, Ratelimit>;

export function createPortalCodeLimiters(redis: Redis, prefix = 'rrnet:rl', scale = 1): PortalCodeLimiters {
  const make = (scope: keyof typeof PORTAL_CODE_POLICY) =>
    new Ratelimit({
      redis,
      prefix: `${prefix}:portal_${scope}`,
      limiter: Ratelimit.slidingWindow(Math.round(PORTAL_CODE_POLICY[scope].limit * scale), PORTAL_CODE_POLICY[scope].window),
      timeout: LIMITER_TIMEOUT,
      analytics: false,
    });
  return { send: make('send'), verify: make('verify') };
}
