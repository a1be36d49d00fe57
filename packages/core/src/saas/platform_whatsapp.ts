/**
 * RRNet's own WhatsApp messages (sign-up codes, dunning reminders to ISP owners): sent
 * through the platform's gateway (WA_DEFAULT_GATEWAY, the same adapters, endpoints and
 * breaker/retry as the ISPs' messages — notifications/services.ts), never through an
 * ISP's gateway or quota. Not an outbox: the callers record what they sent (a sign-up's
 * code must not rest in a table in clear; a reminder is claimed per invoice and stage).
 */
import type { GatewayCredentials, SendResult } from '@rrnet/whatsapp';
import { GatewayBreakers } from '@rrnet/whatsapp';
import { buildGateway } from '../notifications/services';
import type { GatewayEndpoints } from '../notifications/services';
import { cloudTemplateName } from '../notifications/template_rules';

/** The breakers' key for the platform's own gateway (ISPs' keys are their tenant ids). */
export const PLATFORM_GATEWAY_KEY = 'platform';

export interface PlatformMessage {
  /** RRNet's id of the message (echoed by the Cloud API) */
  id: string;
  /** E.164 */
  to: string;
  /** the approved template's code (Cloud API: rrnet_<code>) and its body parameters */
  template: string;
  parameters: string[];
  body: string;
  language: 'id' | 'en';
}

export interface PlatformWhatsApp {
  send(message: PlatformMessage): Promise<SendResult>;
}

/** The platform's sender, or null when no platform gateway is configured. */
export function platformWhatsApp(options: {
  gateway: GatewayCredentials | null | undefined;
  endpoints?: GatewayEndpoints;
  breakers?: GatewayBreakers;
}): PlatformWhatsApp | null {
  if (!options.gateway) return null;
  const breakers = options.breakers ?? new GatewayBreakers();
  const gateway = breakers.protect(PLATFORM_GATEWAY_KEY, buildGateway(options.endpoints ?? {}, options.gateway));
  return {
    send: (m) =>
      gateway.send({ id: m.id, to: m.to, body: m.body, template: { name: cloudTemplateName(m.template), language: m.language, parameters: m.parameters } }),
  };
}
