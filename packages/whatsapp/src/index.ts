/**
 * @rrnet/whatsapp: adapters for WhatsApp gateways behind one interface (WhatsApp Cloud
 * API, Fonnte), their webhooks, and the breaker/retry that guards them. The simulator is
 * a separate entry point, `@rrnet/whatsapp/simulator`, so production code never loads it.
 */
export { CloudApiGateway, CLOUD_DEFAULT_BASE_URL, CLOUD_DEFAULT_VERSION, cloudMessageBody } from './cloud';
export type { CloudGatewayOptions } from './cloud';
export { FonnteGateway, FONNTE_DEFAULT_BASE_URL, fonnteForm } from './fonnte';
export type { FonnteGatewayOptions } from './fonnte';
export {
  WhatsAppError,
  WA_ERROR_KINDS,
  AMBIGUOUS_KINDS,
  BREAKER_FAILURE_KINDS,
  CLOUD_RATE_LIMIT_CODES,
  isWhatsAppError,
  isBreakerFailure,
  isSafeToRetry,
  kindForHttpStatus,
  kindForNetworkError,
} from './errors';
export type { WaErrorKind } from './errors';
export { GatewayBreakers, SEND_RETRY_ATTEMPTS, SEND_RETRY_BASE_MS } from './resilient';
export type { GatewayBreakerOptions } from './resilient';
export { GATEWAY_TIMEOUT_MS } from './http';
export {
  cloudSignature,
  verifyCloudSignature,
  cloudVerificationChallenge,
  parseCloudStatuses,
  parseCloudInboundMessages,
  verifyFonnteSecret,
  fonnteDeliveryStatus,
  parseFonnteStatus,
} from './webhooks';
export type { InboundMessage } from './webhooks';
export type * from './types';
export { GATEWAY_KINDS, DELIVERY_STATUSES } from './types';
