/** @rrnet/payments: the payment gateways' HTTP adapters (Xendit's Invoice API) behind the spec's breaker and retry. */
export {
  XENDIT_API_URL,
  XENDIT_INVOICE_STATUSES,
  XENDIT_TIMEOUT_MS,
  XenditBreakers,
  XenditError,
  createXenditInvoice,
  defaultXenditBreakers,
  postXenditInvoice,
  verifyXenditCallbackToken,
  xenditAuthorization,
  xenditCallbackSchema,
  xenditInvoiceSchema,
} from './xendit';
export type { XenditCallback, XenditClientOptions, XenditCustomer, XenditErrorKind, XenditInvoice, XenditInvoiceRequest } from './xendit';
