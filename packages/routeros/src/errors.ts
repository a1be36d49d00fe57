/**
 * The one error type the adapter throws. Messages name the router by its key and the
 * request by method and path; they never carry the password or the Authorization header.
 */
import type { RouterErrorKind } from './types';

/** Kinds worth trying again: the router may answer the next time. */
export const TRANSIENT_KINDS: readonly RouterErrorKind[] = ['unreachable', 'timeout', 'server'];

export interface RouterOsErrorInit {
  kind: RouterErrorKind;
  routerKey: string;
  message: string;
  status?: number;
  /** RouterOS's `detail` field, e.g. "failure: secret with the same name already exists" */
  detail?: string;
  /** network error code, e.g. ECONNREFUSED */
  code?: string;
}

export class RouterOsError extends Error {
  override readonly name = 'RouterOsError';
  readonly kind: RouterErrorKind;
  readonly routerKey: string;
  readonly status?: number;
  readonly detail?: string;
  readonly code?: string;

  constructor(init: RouterOsErrorInit) {
    super(init.message);
    this.kind = init.kind;
    this.routerKey = init.routerKey;
    if (init.status !== undefined) this.status = init.status;
    if (init.detail !== undefined) this.detail = init.detail;
    if (init.code !== undefined) this.code = init.code;
  }
}

export function isRouterOsError(error: unknown): error is RouterOsError {
  return error instanceof RouterOsError;
}

/** True for `unreachable`, `timeout` and `server` (5xx): retried and counted by the breaker. */
export function isTransientRouterError(error: unknown): error is RouterOsError {
  return error instanceof RouterOsError && TRANSIENT_KINDS.includes(error.kind);
}

/** Maps an HTTP error status (and RouterOS's detail) to a kind. */
export function kindForStatus(status: number, detail: string | undefined): RouterErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'server';
  if (status === 400 && detail && /already (exists|have)/i.test(detail)) return 'conflict';
  return 'bad_request';
}
