/**
 * What the notifications module needs beyond the tenant transaction: the SecretBox for
 * gateway credentials, the `wa_messages` limiter (10/s per ISP, Redis), the process's
 * gateway breakers, where the gateways are (configurable so the simulator stands in) and
 * the platform's default gateway for ISPs without their own.
 */
import type { RateLimiters } from '@rrnet/cache';
import type { SecretBox } from '@rrnet/crypto';
import type { Logger } from '@rrnet/logger';
import { CloudApiGateway, FonnteGateway, GatewayBreakers } from '@rrnet/whatsapp';
import type { GatewayCredentials, WhatsAppGateway } from '@rrnet/whatsapp';

export interface GatewayEndpoints {
  cloudBaseUrl?: string;
  cloudVersion?: string;
  fonnteBaseUrl?: string;
  timeoutMs?: number;
}

export type SendOutcome = 'sent' | 'failed' | 'retry' | 'rescheduled' | 'unknown' | 'over_quota';

export interface NotificationServices {
  secretBox: SecretBox;
  /** the `wa_messages` limiter of createRateLimiters (at most 10 in each second of the clock) */
  limiter: Pick<RateLimiters['wa_messages'], 'limit' | 'getRemaining'>;
  breakers: GatewayBreakers;
  endpoints: GatewayEndpoints;
  /** for ISPs without their own gateway; null: none (their messages wait with an error) */
  platformDefault: GatewayCredentials | null;
  logger: Logger;
  /** counters (Prometheus in the worker) */
  onOutcome?: (outcome: SendOutcome, provider: string | null, tenantId: string) => void;
  /** a `sending` row is left alone this long before it is looked at again (tests shorten it) */
  sendingLeaseMs?: number;
  /** messages per drain batch at most (the limiter's window allows 10) */
  batchMax?: number;
}

export function buildGateway(endpoints: GatewayEndpoints, gw: GatewayCredentials): WhatsAppGateway {
  const timeoutMs = endpoints.timeoutMs;
  if (gw.kind === 'cloud') {
    return new CloudApiGateway({
      credentials: gw.credentials,
      ...(endpoints.cloudBaseUrl ? { baseUrl: endpoints.cloudBaseUrl } : {}),
      ...(endpoints.cloudVersion ? { version: endpoints.cloudVersion } : {}),
      ...(timeoutMs ? { timeoutMs } : {}),
    });
  }
  return new FonnteGateway({ credentials: gw.credentials, ...(endpoints.fonnteBaseUrl ? { baseUrl: endpoints.fonnteBaseUrl } : {}), ...(timeoutMs ? { timeoutMs } : {}) });
}

export { GatewayBreakers };
