/** What every procedure receives: request ids, client traits and the process services. */
import type { AuthService, ClientInfo, WebSessionClaims } from '@rrnet/auth';
import type { ErrorCode } from '@rrnet/contracts';
import type { PortalCodeLimiters, Redis, RateLimiters } from '@rrnet/cache';
import type { Sql } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';
import type { AdmissionGate } from '@rrnet/resilience';
import type { NetworkServices } from '@rrnet/core/network/services';
import type { GatewayCredentials } from '@rrnet/whatsapp';
import type { ApiLatencySource } from '@rrnet/core/system/platform_metrics';
import type { SignupDeps } from '@rrnet/core/saas/signup';
import type { PlatformMidtrans } from '@rrnet/core/saas/saas_payments';

export interface ApiServices {
  /** rrnet_app pool: all tenant work (through withTenant) */
  sql: Sql;
  /** rrnet_system pool: the few cross-tenant platform paths */
  systemSql: Sql;
  redis: Redis;
  logger: Logger;
  auth: AuthService;
  limiters: RateLimiters;
  /** the portal's one-time code windows per IP; absent: made over `redis` with the default prefix */
  portalCodeLimiters?: PortalCodeLimiters;
  /** the portal cookie is sent with `Secure` (the site is served over https) */
  portalCookieSecure?: boolean;
  workerStaleAfterMs: number;
  /** open dead letters at which the admin area shows the alert */
  dlqAlertThreshold: number;
  /** cache, secrets and router clients of the network/customers/maps modules */
  network: NetworkServices;
  /** Midtrans Snap base URL override (tests, a proxy); null: Midtrans's own by the tenant's mode */
  midtransSnapUrl?: string | null;
  /** the platform's own Midtrans account (ISPs pay SaaS invoices through it); absent/null: not configured */
  platformMidtrans?: PlatformMidtrans | null;
  /** Xendit API base URL override (the simulator, a proxy); null: Xendit's own */
  xenditApiUrl?: string | null;
  /** the web app's public base URL (where a gateway sends the payer back); absent: no redirect */
  publicUrl?: string;
  /** bounds the calls in flight and queued in front of the pools (step 0 of the chain); absent: no bound */
  admission?: AdmissionGate;
  /** the sign-in lane's own gate (procedures with `meta.lane: 'sign_in'`); absent: they use `admission` */
  signInAdmission?: AdmissionGate;
  /** told of every procedure call (the web app's Prometheus metrics); absent: nothing observes */
  metrics?: ProcedureObserver;
  /** this web instance's API histogram for the platform's metrics page; absent: that section is null */
  apiLatency?: ApiLatencySource;
  /** the platform's WhatsApp gateway for ISPs without their own; absent: none */
  waPlatformDefault?: GatewayCredentials | null;
  /** an ISP signing itself up: the code's sender, proof-of-work difficulty, trial length; absent: sign-up is off (503) */
  signup?: Pick<SignupDeps, 'secret' | 'whatsapp' | 'email' | 'powDifficulty' | 'trialDays' | 'keyPrefix'>;
}

/** One finished procedure call, as the chain's outermost step saw it. */
export interface ProcedureObserver {
  onProcedure: (observation: { path: string; durationSeconds: number; errorCode: ErrorCode | null }) => void;
}

export interface Context {
  requestId: string;
  traceId: string;
  ip: string | null;
  userAgent: string | null;
  /** raw `Authorization` value (Bearer access token or API key), or the web session's token */
  authorization: string | null;
  /** the web app's signed-in session (next-auth cookie, already decrypted), if any */
  webSession: WebSessionClaims | null;
  /** the subscriber portal's session token (cookie `rrnet_portal`); never an operator credential */
  portalToken?: string | null;
  /** REST only: the Idempotency-Key header of a mutation */
  idempotencyKey: string | null;
  /** response headers the transport sends (rate-limit headers) */
  resHeaders: Headers | null;
  services: ApiServices;
}

export function clientInfo(ctx: Context): ClientInfo {
  return { ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId };
}
