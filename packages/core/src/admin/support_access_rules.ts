/**
 * Support access (pure): a grant is active from its creation until it expires or the ISP
 * revokes it, whichever comes first; an ISP has at most one active grant (granting again
 * replaces it, so the ISP always sees one end time).
 */
import type { SupportGrantState } from '@rrnet/contracts';

export interface GrantTimes {
  expires_at: Date;
  revoked_at: Date | null;
}

export function supportGrantState(g: GrantTimes, now: Date): SupportGrantState {
  if (g.revoked_at && g.revoked_at <= now) return 'revoked';
  return g.expires_at > now ? 'active' : 'expired';
}

/** When a grant of `hours` made at `now` ends. */
export function supportGrantExpiry(now: Date, hours: number): Date {
  return new Date(now.getTime() + hours * 3_600_000);
}
