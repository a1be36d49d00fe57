/**
 * Request rate limits (spec §3): per tenant 1000/hour, per user 100/minute, per IP
 * 1000/hour; WhatsApp 10 messages/second per tenant. In Redis via @upstash/ratelimit:
 * requests are admitted by sliding windows; WhatsApp messages are paced by a token
 * bucket (10 tokens back every second, never more than 10 held), so a busy ISP's drain
 * sends a whole batch of 10 at each refill instead of the few a sliding window frees as
 * its previous second fades — the same 10/s, in a third of the drains.
 */
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';

export const RATE_LIMIT_POLICY = {
  tenant: { limit: 1000, window: '1 h' },
  user: { limit: 100, window: '1 m' },
  ip: { limit: 1000, window: '1 h' },
  wa_messages: { limit: 10, window: '1 s', algorithm: 'token_bucket' },
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
  /** sliding_window (the default) admits requests; token_bucket paces a sender: `limit` tokens back each `window`, at most `limit` held */
  algorithm?: 'sliding_window' | 'token_bucket';
}
export type RateLimitPolicy = Record<RateLimitScope, RateLimitRule>;

function limiterOf(rule: RateLimitRule) {
  return rule.algorithm === 'token_bucket' ? Ratelimit.tokenBucket(rule.limit, rule.window, rule.limit) : Ratelimit.slidingWindow(rule.limit, rule.window);
}

/**
 * What a token bucket of ours holds now. @upstash/ratelimit's getRemaining reports the tokens
 * it stored at its last refill, not the refills due since: once `reset` has passed it is full
 * again, as it gets back each window as many tokens as it holds (`limit` both).
 */
export function tokensNow(stored: { remaining: number; reset: number; limit: number }, nowMs: number): number {
  return stored.reset <= nowMs ? stored.limit : stored.remaining;
}

/** The token-bucket limiters answer getRemaining with what they hold now (tokensNow). */
function withRefillsDue(limiter: Ratelimit): Ratelimit {
  const stored = limiter.getRemaining;
  limiter.getRemaining = async (identifier) => {
    const r = await stored(identifier);
    return { ...r, remaining: tokensNow(r, Date.now()) };
  };
  return limiter;
}

/** `policy` exists for tests that need short windows; production uses the spec's. */
export function createRateLimiters(
  redis: Redis,
  prefix = 'rrnet:rl',
  timeoutMs = 1000,
  policy: RateLimitPolicy = RATE_LIMIT_POLICY,
): RateLimiters {
  const make = (scope: RateLimitScope) => {
    const limiter = new Ratelimit({
      redis,
      prefix: `${prefix}:${scope}`,
      limiter: limiterOf(policy[scope]),
      timeout: timeoutMs,
      analytics: false,
    });
    return policy[scope].algorithm === 'token_bucket' ? withRefillsDue(limiter) : limiter;
  };
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

export function createPortalCodeLimiters(redis: Redis, prefix = 'rrnet:rl', timeoutMs = 1000, scale = 1): PortalCodeLimiters {
  const make = (scope: keyof typeof PORTAL_CODE_POLICY) =>
    new Ratelimit({
      redis,
      prefix: `${prefix}:portal_${scope}`,
      limiter: Ratelimit.slidingWindow(Math.round(PORTAL_CODE_POLICY[scope].limit * scale), PORTAL_CODE_POLICY[scope].window),
      timeout: timeoutMs,
      analytics: false,
    });
  return { send: make('send'), verify: make('verify') };
}
