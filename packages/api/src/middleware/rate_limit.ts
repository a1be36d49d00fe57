/**
 * Step 3 — rate limits (spec §3): per tenant 1000/h, per user (or API key) 100/min, per
 * IP 1000/h, in Redis. Refusals are RATE_LIMITED with Retry-After and X-RateLimit-*
 * headers; allowed requests get the X-RateLimit-* headers of the tightest window.
 *
 * Redis down: the limiter fails OPEN — requests proceed, a warning is logged and the
 * `rate_limit_unavailable` counter is raised. Operators keep working through a cache
 * outage; the limits return by themselves with Redis (documented in README).
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { Principal } from '@rrnet/auth';
import { createPortalCodeLimiters } from '@rrnet/cache';
import type { PortalCodeLimiters } from '@rrnet/cache';
import type { Context } from '../context';

interface Verdict {
  scope: 'tenant' | 'user' | 'ip' | 'portal_codes';
  success: boolean;
  limit: number;
  remaining: number;
  reset: number;
}

export const RATE_LIMIT_STATS = { unavailable: 0 };

export async function enforceRateLimits(ctx: Context, principal: Principal, tenantId: string): Promise<void> {
  await applyRateLimits(ctx, { tenantId, subject: principal.userId ?? `api_key:${principal.apiKeyId}` });
}

/**
 * The windows that apply to one call: the tenant's (operators' traffic only: the portal's
 * subscribers never use up their ISP's staff budget), the subject's (a user, an API key, or
 * a portal subscriber as `portal:<customer id>`) and the client IP's.
 */
export async function applyRateLimits(ctx: Context, who: { tenantId: string | null; subject: string | null }): Promise<void> {
  const { limiters, logger } = ctx.services;
  let verdicts: Verdict[];
  try {
    // the windows' answers are awaited together and labelled afterwards (no promise per label)
    const checks: [Verdict['scope'], ReturnType<typeof limiters.ip.limit>][] = [];
    if (who.tenantId) checks.push(['tenant', limiters.tenant.limit(who.tenantId)]);
    if (who.subject) checks.push(['user', limiters.user.limit(who.subject)]);
    if (ctx.ip) checks.push(['ip', limiters.ip.limit(ctx.ip)]);
    if (checks.length === 0) return;
    const answers = await Promise.all(checks.map(([, check]) => check));
    verdicts = answers.map((answer, i) => ({ scope: checks[i]![0], ...answer }));
  } catch (err) {
    RATE_LIMIT_STATS.unavailable++;
    logger.warn({ err }, 'rate limiter unavailable: allowing the request (fail open)');
    return;
  }
  refuseOrAnnounce(ctx, verdicts);
}

/** RATE_LIMITED for the first window that refused; else the tightest window's X-RateLimit-* headers. */
function refuseOrAnnounce(ctx: Context, verdicts: Verdict[]): void {
  const denied = verdicts.find((v) => !v.success);
  const tightest = denied ?? [...verdicts].sort((a, b) => a.remaining / a.limit - b.remaining / b.limit)[0]!;
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(tightest.limit),
    'X-RateLimit-Remaining': String(Math.max(0, tightest.remaining)),
    'X-RateLimit-Reset': String(Math.ceil(tightest.reset / 1000)),
    'X-RateLimit-Scope': tightest.scope,
  };
  if (denied) {
    const retryAfter = Math.max(1, Math.ceil((denied.reset - Date.now()) / 1000));
    // the code's generic message (DEFAULT_ERROR_MESSAGES), which the web shows translated
    throw new AppError('RATE_LIMITED', {
      details: { scope: denied.scope, retry_after_seconds: String(retryAfter) },
      headers: { ...headers, 'Retry-After': String(retryAfter) },
    });
  }
  for (const [name, value] of Object.entries(headers)) ctx.resHeaders?.set(name, value);
}

/**
 * Payment-gateway notifications carry no principal, and the gateway sends every
 * merchant's notifications from a few shared addresses, so the per-IP window (spec §3,
 * 1000/h) is spent only by notifications that were *rejected* (bad signature, unreadable
 * body), per ISP and address: a flood of forged notifications stops being processed —
 * or recorded — after 1000 in an hour, while valid ones never count (once an address is
 * refused, everything it sends to that ISP waits for the window), and one ISP's
 * misconfigured server key cannot throttle another ISP's payments. A refused
 * notification is answered 429; Midtrans retries non-2xx answers by itself.
 * Redis down: fail open, as for the other limits.
 */
export interface NotificationLimit {
  key: string;
  /** refuse with RATE_LIMITED when this address has used up its rejections */
  check: () => Promise<void>;
  /** count one rejected notification */
  reject: () => Promise<void>;
}

export function rejectedNotificationLimit(services: Pick<Context['services'], 'limiters' | 'logger'>, gateway: string, tenantSlug: string, ip: string | null): NotificationLimit {
  const { limiters, logger } = services;
  const key = `notification_rejected:${gateway}:${tenantSlug}:${ip ?? 'unknown'}`;
  return {
    key,
    check: async () => {
      if (!ip) return;
      let left: { remaining: number; reset: number };
      try {
        left = await limiters.ip.getRemaining(key);
      } catch (err) {
        RATE_LIMIT_STATS.unavailable++;
        logger.warn({ err }, 'rate limiter unavailable: allowing the notification (fail open)');
        return;
      }
      if (left.remaining > 0) return;
      const retryAfter = Math.max(1, Math.ceil((left.reset - Date.now()) / 1000));
      throw new AppError('RATE_LIMITED', {
        message: serverMessage('rejected_notifications'),
        details: { scope: 'ip', retry_after_seconds: String(retryAfter) },
        headers: { 'Retry-After': String(retryAfter), 'X-RateLimit-Scope': 'ip' },
      });
    },
    reject: async () => {
      if (!ip) return;
      await limiters.ip.limit(key).catch((err: unknown) => {
        RATE_LIMIT_STATS.unavailable++;
        logger.warn({ err }, 'rate limiter unavailable: rejected notification not counted');
      });
    },
  };
}

/**
 * The portal's one-time codes per client IP (`send`: codes asked for, `verify`: codes
 * tried), on top of the per-IP window. Redis down: fail open, like the other limits.
 */
export async function limitPortalCodes(ctx: Context, kind: 'send' | 'verify'): Promise<void> {
  if (!ctx.ip) return;
  const { logger } = ctx.services;
  let verdict: Verdict;
  try {
    verdict = { scope: 'portal_codes', ...(await portalCodeLimiters(ctx.services)[kind].limit(`${kind}:${ctx.ip}`)) };
  } catch (err) {
    RATE_LIMIT_STATS.unavailable++;
    logger.warn({ err }, 'rate limiter unavailable: allowing the request (fail open)');
    return;
  }
  refuseOrAnnounce(ctx, [verdict]);
}

const derived = new WeakMap<object, PortalCodeLimiters>();

/** The services' portal code limiters, or ones over the same Redis (harnesses that build services by hand). */
function portalCodeLimiters(services: Context['services']): PortalCodeLimiters {
  if (services.portalCodeLimiters) return services.portalCodeLimiters;
  let made = derived.get(services);
  if (!made) {
    made = createPortalCodeLimiters(services.redis, 'rrnet:rl');
    derived.set(services, made);
  }
  return made;
}

/**
 * Sign-up per IP (issue #17, no principal yet): `signup` window (10 per hour) per action
 * and address — forms sent, codes asked for again and codes tried count separately, so a
 * typo in the code does not spend a form. Refused: RATE_LIMITED with Retry-After. Redis down: fail open like the
 * other limits (the proof of work and the code's attempt cap still stand).
 */
export async function enforceSignupLimit(ctx: Context, action: 'start' | 'resend' | 'verify'): Promise<void> {
  const { limiters, logger } = ctx.services;
  let verdict: { success: boolean; limit: number; remaining: number; reset: number };
  try {
    verdict = await limiters.signup.limit(`${action}:${ctx.ip ?? 'unknown'}`);
  } catch (err) {
    RATE_LIMIT_STATS.unavailable++;
    logger.warn({ err }, 'rate limiter unavailable: allowing the sign-up (fail open)');
    return;
  }
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(verdict.limit),
    'X-RateLimit-Remaining': String(Math.max(0, verdict.remaining)),
    'X-RateLimit-Reset': String(Math.ceil(verdict.reset / 1000)),
    'X-RateLimit-Scope': 'ip',
  };
  if (!verdict.success) {
    const retryAfter = Math.max(1, Math.ceil((verdict.reset - Date.now()) / 1000));
    throw new AppError('RATE_LIMITED', {
      message: serverMessage('signup_attempts'),
      details: { scope: 'ip', retry_after_seconds: String(retryAfter) },
      headers: { ...headers, 'Retry-After': String(retryAfter) },
    });
  }
  for (const [name, value] of Object.entries(headers)) ctx.resHeaders?.set(name, value);
}
