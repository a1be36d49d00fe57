/**
 * The one application error type (spec §2). Every layer throws `AppError` with one of
 * these codes; transports map the code to an HTTP status and the spec's error envelope.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'FEATURE_DISABLED',
  'LIMIT_EXCEEDED',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_ERROR',
  'SERVICE_UNAVAILABLE',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_HTTP_STATUS: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  FEATURE_DISABLED: 403,
  LIMIT_EXCEEDED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** Messages shown when the thrower gave none; safe to show to any user. */
export const DEFAULT_ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'The request is invalid. Check the highlighted fields.',
  UNAUTHENTICATED: 'Please sign in to continue.',
  FORBIDDEN: 'You do not have permission to do this.',
  FEATURE_DISABLED: 'This feature is not enabled for your plan.',
  LIMIT_EXCEEDED: 'Your plan limit has been reached.',
  NOT_FOUND: 'The requested item was not found.',
  CONFLICT: 'This conflicts with the current state. Reload and try again.',
  RATE_LIMITED: 'Too many requests. Please wait and try again.',
  INTERNAL_ERROR: 'Something went wrong on our side. It has been logged.',
  SERVICE_UNAVAILABLE: 'The service is temporarily unavailable. Please try again shortly.',
};

export type ErrorDetails = Record<string, string>;

/**
 * Seconds a client is asked to wait after a 503. Every SERVICE_UNAVAILABLE answer says
 * when to come back: an AppError with that code carries `Retry-After` unless its thrower
 * set one of its own.
 */
export const SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

export interface AppErrorOptions {
  message?: string;
  details?: ErrorDetails;
  cause?: unknown;
  /** Extra headers a transport should send (e.g. Retry-After). */
  headers?: Record<string, string>;
}

const APP_ERROR_BRAND = Symbol.for('rrnet.AppError');

export class AppError extends Error {
  /**
   * `instanceof AppError` holds across bundle copies of this module (Next.js may load
   * @rrnet/contracts once per route bundle, while services are shared per process).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[APP_ERROR_BRAND] === true;
  }

  readonly [APP_ERROR_BRAND] = true;
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(code: ErrorCode, options: AppErrorOptions = {}) {
    super(options.message ?? DEFAULT_ERROR_MESSAGES[code], { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.headers =
      code === 'SERVICE_UNAVAILABLE' && !Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'retry-after')
        ? { ...options.headers, 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) }
        : options.headers;
  }

  get httpStatus(): number {
    return ERROR_HTTP_STATUS[this.code];
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}
