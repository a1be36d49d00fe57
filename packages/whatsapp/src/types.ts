/** The one interface every WhatsApp gateway adapter implements, and what passes through it. */

export const GATEWAY_KINDS = ['cloud', 'fonnte'] as const;
export type GatewayKind = (typeof GATEWAY_KINDS)[number];

export interface OutboundMessage {
  /** RRNet's message id: sent along where the gateway echoes it back (Cloud API biz_opaque_callback_data) */
  id: string;
  /** E.164, e.g. +6281234567890 */
  to: string;
  /** the rendered text (Fonnte sends it as is) */
  body: string;
  /** the approved template and its body parameters in order (Cloud API) */
  template: { name: string; language: 'id' | 'en'; parameters: string[] };
}

export interface SendResult {
  /** the gateway's id for the message: status webhooks name it */
  providerMessageId: string;
}

export interface WhatsAppGateway {
  readonly kind: GatewayKind;
  send(message: OutboundMessage): Promise<SendResult>;
}

/** A delivery status as the gateways report it, normalised. */
export const DELIVERY_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface StatusUpdate {
  providerMessageId: string;
  status: DeliveryStatus;
  /** when the gateway says it happened; null when it does not say */
  at: Date | null;
  /** RRNet's message id when the gateway echoes it (Cloud API biz_opaque_callback_data) */
  callbackData: string | null;
  errorCode: string | null;
  errorTitle: string | null;
}

export interface CloudCredentials {
  phone_number_id: string;
  access_token: string;
  /** the Meta app secret: X-Hub-Signature-256 of webhooks */
  app_secret: string;
  /** what Meta sends as hub.verify_token when the webhook is registered */
  verify_token: string;
}

export interface FonnteCredentials {
  /** the device token (Authorization header) */
  token: string;
  /** secret in the webhook URL's query (?secret=): Fonnte signs nothing */
  webhook_secret: string;
}

export type GatewayCredentials = { kind: 'cloud'; credentials: CloudCredentials } | { kind: 'fonnte'; credentials: FonnteCredentials };
