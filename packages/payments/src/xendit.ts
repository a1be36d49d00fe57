/**
 * Xendit's Invoice API (docs "Create invoice", "Invoice callback"), per ISP: each ISP has its
 * own Xendit account, secret API key and callback verification token.
 *   - `POST /v2/invoices`, Basic auth with the secret key as the username and an empty
 *     password; answers the invoice (`id`, `invoice_url`, `status: PENDING`, `expiry_date`…);
 *   - invoice callbacks are POSTed to the account's callback URL with the header
 *     `x-callback-token` = the account's callback verification token; the body is the
 *     invoice (`id`, `external_id`, `status: PAID | SETTLED | EXPIRED`, `paid_amount`…).
 * Calls go through the spec's breaker (per ISP) and retry only what surely never reached
 * Xendit (connection refused): a create that may have happened is not repeated here.
 */
import { timingSafeEqual } from 'node:crypto';
import { CircuitBreaker, createLinearRetryPolicy } from '@rrnet/resilience';
import type { BreakerState } from '@rrnet/resilience';
import { z } from 'zod';

export const XENDIT_API_URL = 'https://api.xendit.co';
export const XENDIT_TIMEOUT_MS = 10_000;
export const XENDIT_RETRY_ATTEMPTS = 2;
export const XENDIT_RETRY_BASE_MS = 500;

/** Invoice statuses of the Invoice API; PAID and SETTLED mean the money was received. */
export const XENDIT_INVOICE_STATUSES = ['PENDING', 'PAID', 'SETTLED', 'EXPIRED'] as const;

export interface XenditCustomer {
  given_names?: string;
  email?: string;
  mobile_number?: string;
}

/** The fields RRNet sends to `POST /v2/invoices` (Xendit's names). */
export interface XenditInvoiceRequest {
  external_id: string;
  amount: number;
  payer_email?: string;
  description: string;
  /** seconds until the invoice expires */
  invoice_duration: number;
  success_redirect_url?: string;
  failure_redirect_url?: string;
  currency: 'IDR';
  customer?: XenditCustomer;
}

export const xenditInvoiceSchema = z.looseObject({
  id: z.string().min(1),
  external_id: z.string().min(1),
  status: z.string().min(1),
  amount: z.number(),
  invoice_url: z.string().min(1),
  expiry_date: z.string().min(1),
});
export type XenditInvoice = z.infer<typeof xenditInvoiceSchema>;

/** The invoice callback's fields RRNet reads (others stay in the recorded payload). */
export const xenditCallbackSchema = z.looseObject({
  id: z.string().min(1).max(200),
  external_id: z.string().min(1).max(200),
  status: z.string().min(1).max(40),
  amount: z.number().nonnegative().optional(),
  paid_amount: z.number().nonnegative().optional(),
  currency: z.string().max(10).optional(),
  payment_method: z.string().max(100).optional(),
  payment_channel: z.string().max(100).optional(),
  paid_at: z.string().max(64).optional(),
});
export type XenditCallback = z.infer<typeof xenditCallbackSchema>;

export const XENDIT_ERROR_KINDS = ['unreachable', 'timeout', 'unknown_outcome', 'server', 'auth', 'rejected', 'circuit_open'] as const;
export type XenditErrorKind = (typeof XENDIT_ERROR_KINDS)[number];
const BREAKER_FAILURES: readonly XenditErrorKind[] = ['unreachable', 'timeout', 'unknown_outcome', 'server'];
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** What went wrong talking to Xendit; never carries the secret key. */
export class XenditError extends Error {
  override readonly name = 'XenditError';
  constructor(
    readonly kind: XenditErrorKind,
    message: string,
    readonly status?: number,
    readonly errorCode?: string,
  ) {
    super(message);
  }
}

const isXenditError = (e: unknown): e is XenditError => e instanceof XenditError;
const isBreakerFailure = (e: unknown) => isXenditError(e) && BREAKER_FAILURES.includes(e.kind);
const isSafeToRetry = (e: unknown) => isXenditError(e) && e.kind === 'unreachable';

/** The Basic authorization header of a secret key (username = key, empty password). */
export function xenditAuthorization(secretKey: string): string {
  return `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
}

/** Constant-time comparison of a callback's `x-callback-token` with the ISP's token. */
export function verifyXenditCallbackToken(given: string | null | undefined, expected: string | null | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function kindOfNetworkError(error: unknown): XenditErrorKind {
  const e = error as { name?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError') return 'timeout';
  return e?.cause?.code && UNREACHABLE_CODES.has(e.cause.code) ? 'unreachable' : 'unknown_outcome';
}

export interface XenditClientOptions {
  baseUrl?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
  retryBaseMs?: number;
}

/** One `POST /v2/invoices`, every failure turned into a XenditError. */
export async function postXenditInvoice(secretKey: string, request: XenditInvoiceRequest, options: XenditClientOptions = {}): Promise<XenditInvoice> {
  const timeoutMs = options.timeoutMs ?? XENDIT_TIMEOUT_MS;
  let res: Response;
  try {
    res = await (options.fetch ?? fetch)(`${options.baseUrl ?? XENDIT_API_URL}/v2/invoices`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: xenditAuthorization(secretKey) },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const kind = kindOfNetworkError(error);
    throw new XenditError(kind, kind === 'timeout' ? `Xendit did not answer within ${timeoutMs} ms` : `Xendit unreachable (${(error as { cause?: { code?: string } }).cause?.code ?? 'network error'})`);
  }
  const body = (await res.json().catch(() => null)) as { error_code?: string; message?: string } | null;
  if (!res.ok) {
    const kind: XenditErrorKind = res.status === 401 || res.status === 403 ? 'auth' : res.status >= 500 ? 'server' : 'rejected';
    throw new XenditError(kind, `Xendit refused the invoice: ${body?.error_code ?? res.status}${body?.message ? ` ${body.message}` : ''}`, res.status, body?.error_code);
  }
  const parsed = xenditInvoiceSchema.safeParse(body);
  if (!parsed.success) throw new XenditError('unknown_outcome', 'Xendit answered an invoice RRNet cannot read', res.status);
  return parsed.data;
}

/** One breaker per ISP's Xendit account, for the process (spec §2: 5 failures → open 30 s → 3 trials). */
export class XenditBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();
  constructor(private readonly options: { failureThreshold?: number; openMs?: number; onStateChange?: (state: BreakerState, key: string) => void } = {}) {}

  get(tenantId: string): CircuitBreaker {
    let breaker = this.breakers.get(tenantId);
    if (!breaker) {
      breaker = new CircuitBreaker({
        key: `${tenantId}:xendit`,
        isFailure: isBreakerFailure,
        openError: (k, openMs) => new XenditError('circuit_open', `Xendit ${k}: circuit open after repeated failures, retry after ${Math.round(openMs / 1000)} s`),
        failureThreshold: this.options.failureThreshold,
        openMs: this.options.openMs,
        onStateChange: this.options.onStateChange,
      });
      this.breakers.set(tenantId, breaker);
    }
    return breaker;
  }
}

/** The process's breakers, unless a caller brings its own. */
export const defaultXenditBreakers = new XenditBreakers();

/** `POST /v2/invoices` for one ISP behind its breaker and the safe retry. */
export function createXenditInvoice(
  tenantId: string,
  secretKey: string,
  request: XenditInvoiceRequest,
  options: XenditClientOptions & { breakers?: XenditBreakers } = {},
): Promise<XenditInvoice> {
  const retry = createLinearRetryPolicy({ isRetryable: isSafeToRetry, attempts: XENDIT_RETRY_ATTEMPTS, baseDelayMs: options.retryBaseMs ?? XENDIT_RETRY_BASE_MS });
  return (options.breakers ?? defaultXenditBreakers).get(tenantId).execute(() => retry.execute(() => postXenditInvoice(secretKey, request, options)));
}
