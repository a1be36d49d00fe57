/**
 * The one error type the WhatsApp adapters throw. Kinds decide what the sender does:
 *  - `unreachable`: the request never reached the gateway (connection refused, DNS) —
 *    safe to retry at once, counts for the breaker;
 *  - `server` (5xx) and `timeout`/`unknown_outcome` (no answer, connection dropped after
 *    the request went out) count for the breaker; the last two may have been sent;
 *  - `rate_limited`: Cloud API 131056 (too many messages to one user) or 130429 — try
 *    that message later, the gateway is fine;
 *  - `rejected` (4xx: invalid number, template) and `auth`: final for this message;
 *  - `circuit_open`: the breaker refused the call without making it.
 * Messages never carry the access token or the device token.
 */

export const WA_ERROR_KINDS = ['unreachable', 'timeout', 'unknown_outcome', 'server', 'rate_limited', 'rejected', 'auth', 'circuit_open'] as const;
export type WaErrorKind = (typeof WA_ERROR_KINDS)[number];

/** Kinds that count as a gateway failure for the breaker. */
export const BREAKER_FAILURE_KINDS: readonly WaErrorKind[] = ['unreachable', 'timeout', 'unknown_outcome', 'server'];

/** Kinds after which the message may have reached the gateway: never resent blindly. */
export const AMBIGUOUS_KINDS: readonly WaErrorKind[] = ['timeout', 'unknown_outcome'];

/** Cloud API error codes meaning "slow down" rather than "this message is bad". */
export const CLOUD_RATE_LIMIT_CODES = ['131056', '130429', '131048', '80007'] as const;

export class WhatsAppError extends Error {
  override readonly name = 'WhatsAppError';
  readonly kind: WaErrorKind;
  readonly status?: number;
  /** the gateway's error code (Cloud API `error.code`), as text */
  readonly code?: string;

  constructor(kind: WaErrorKind, message: string, extra: { status?: number; code?: string } = {}) {
    super(message);
    this.kind = kind;
    if (extra.status !== undefined) this.status = extra.status;
    if (extra.code !== undefined) this.code = extra.code;
  }
}

export function isWhatsAppError(error: unknown): error is WhatsAppError {
  return error instanceof WhatsAppError;
}

export function isBreakerFailure(error: unknown): boolean {
  return isWhatsAppError(error) && BREAKER_FAILURE_KINDS.includes(error.kind);
}

/** Retried inside one send (linear backoff): only what surely never reached the gateway. */
export function isSafeToRetry(error: unknown): boolean {
  return isWhatsAppError(error) && error.kind === 'unreachable';
}

/** An HTTP error answer to a kind. */
export function kindForHttpStatus(status: number, code: string | undefined): WaErrorKind {
  if (code && (CLOUD_RATE_LIMIT_CODES as readonly string[]).includes(code)) return 'rate_limited';
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status >= 500) return 'server';
  return 'rejected';
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** A failed request (no HTTP answer; undici's error or fetch's, whose cause is undici's) to a kind: refused before sending vs. lost after. */
export function kindForNetworkError(error: unknown): WaErrorKind {
  const e = error as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  const code = e?.code ?? e?.cause?.code;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError' || (code && TIMEOUT_CODES.has(code))) return 'timeout';
  if (code && UNREACHABLE_CODES.has(code)) return 'unreachable';
  return 'unknown_outcome';
}
