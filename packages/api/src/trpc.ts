/**
 * tRPC setup: `initTRPC` with the request context and procedure meta, the error
 * formatter, and the procedure builders. Routers live in ./routers and are merged in
 * ./root.ts; the chain's steps live in ./middleware, one file each. You will rarely
 * need to touch this file.
 *
 * Builders (a procedure's security reads in its first line):
 *   publicProcedure    no caller needed (health, sign-in, refresh)
 *   authedProcedure    a signed-in user or API key, any tenant or none (me, sessions)
 *   tenantProcedure    the full spec §3 chain: authenticate → resolve tenant → rate
 *                      limit → feature toggle → RBAC → limit enforcement, then the
 *                      handler runs in the tenant's transaction (ctx.tx)
 *   platformProcedure  super admins only
 *
 * Errors: an `AppError` keeps its spec code; zod failures become VALIDATION_FAILED with
 * field details; anything else is INTERNAL_ERROR with a generic message (the cause is
 * logged, never sent). tRPC errors carry error_code, details and request_id; every 503
 * carries Retry-After.
 *
 * Before the chain, the admission gate (step 0) bounds the calls in flight and queued in
 * front of the database pools; past it a call is refused at once with 503.
 */
import { TRPCError, getTRPCErrorFromUnknown, initTRPC } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { ZodError } from 'zod';
import {
  AppError,
  DEFAULT_ERROR_MESSAGES,
  ERROR_HTTP_STATUS,
  SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS,
  isErrorCode,
  serverMessage,
  zodIssuesToDetails,
} from '@rrnet/contracts';
import type { ErrorCode, ErrorDetails } from '@rrnet/contracts';
import { transientKind } from '@rrnet/db';
import { getContext } from '@rrnet/logger';
import { AdmissionRefused } from '@rrnet/resilience';
import type { Context } from './context';
import type { ProcedureMeta } from './meta';

const TRPC_CODE_FOR: Record<ErrorCode, TRPC_ERROR_CODE_KEY> = {
  VALIDATION_FAILED: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  FEATURE_DISABLED: 'FORBIDDEN',
  LIMIT_EXCEEDED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  INTERNAL_ERROR: 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

const APP_CODE_FOR: Partial<Record<TRPC_ERROR_CODE_KEY, ErrorCode>> = {
  BAD_REQUEST: 'VALIDATION_FAILED',
  PARSE_ERROR: 'VALIDATION_FAILED',
  // the REST adapter's refusals of a body it cannot take (wrong content type, too large)
  UNSUPPORTED_MEDIA_TYPE: 'VALIDATION_FAILED',
  PAYLOAD_TOO_LARGE: 'VALIDATION_FAILED',
  UNPROCESSABLE_CONTENT: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_SUPPORTED: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  TOO_MANY_REQUESTS: 'RATE_LIMITED',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

/** Converts an AppError into the TRPCError that carries its HTTP status. */
export function toTrpcError(err: AppError): TRPCError {
  return new TRPCError({ code: TRPC_CODE_FOR[err.code], message: err.message, cause: err });
}

export interface ClassifiedError {
  code: ErrorCode;
  message: string;
  details: ErrorDetails;
}

/** The spec code, safe message and details for any error tRPC reports. */
export function classifyError(error: TRPCError): ClassifiedError {
  const cause = error.cause;
  if (cause instanceof AppError) {
    return { code: cause.code, message: cause.message, details: cause.details ?? {} };
  }
  if (cause instanceof ZodError) {
    return {
      code: 'VALIDATION_FAILED',
      message: DEFAULT_ERROR_MESSAGES.VALIDATION_FAILED,
      details: zodIssuesToDetails(cause.issues),
    };
  }
  const code = APP_CODE_FOR[error.code] ?? 'INTERNAL_ERROR';
  const message = code === 'INTERNAL_ERROR' ? DEFAULT_ERROR_MESSAGES[code] : error.message;
  return { code: isErrorCode(code) ? code : 'INTERNAL_ERROR', message, details: {} };
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    transformer: superjson,
    errorFormatter({ shape, error, ctx }) {
      const classified = classifyError(error);
      return {
        ...shape,
        message: classified.message,
        data: {
          code: shape.data.code,
          httpStatus: ERROR_HTTP_STATUS[classified.code],
          path: shape.data.path,
          error_code: classified.code,
          details: classified.details,
          // ctx is missing when the failure came before it was built (e.g. an unknown path)
          request_id: ctx?.requestId ?? getContext()?.request_id ?? null,
        },
      };
    },
  });

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

/** Seconds a client is asked to wait when the database cannot be reached or the gate is full. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS;

/**
 * A database that cannot be reached, or a conflict that outlived its retries, is
 * SERVICE_UNAVAILABLE with Retry-After (spec §2 categories), never INTERNAL_ERROR.
 */
export function unavailableError(cause: unknown): AppError {
  return new AppError('SERVICE_UNAVAILABLE', {
    message: serverMessage('database_unavailable'),
    details: { retry_after_seconds: String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    cause,
  });
}

/** The admission gate refused the call: too many in flight and queued, or it waited too long. */
export function overloadedError(cause: AdmissionRefused): AppError {
  return new AppError('SERVICE_UNAVAILABLE', {
    message: serverMessage('server_busy'),
    details: { reason: 'overloaded', retry_after_seconds: String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    headers: { 'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
    cause,
  });
}

type MiddlewareOptions = Parameters<Parameters<typeof t.middleware>[0]>[0];
type MiddlewareResultOf = Awaited<ReturnType<MiddlewareOptions['next']>>;

/**
 * Every procedure starts here: AppErrors become TRPCErrors, a database that cannot be
 * reached becomes SERVICE_UNAVAILABLE, failures are logged once, and the call's time
 * through the whole chain and its outcome go to ctx.services.metrics. `run` is the rest of
 * the chain (`next`, or the admission gate around it: one middleware for both, since every
 * level of tRPC's middleware chain copies the call's options twice).
 */
async function bounded({ ctx, path, type }: MiddlewareOptions, run: () => Promise<MiddlewareResultOf>): Promise<MiddlewareResultOf> {
  const started = performance.now();
  let result: MiddlewareResultOf;
  try {
    result = await run();
  } catch (cause) {
    // what tRPC makes of a middleware that throws (the admission gate's refusal)
    result = { ok: false, error: getTRPCErrorFromUnknown(cause), marker: 'middlewareMarker' as never };
  }
  if (!result.ok && !(result.error.cause instanceof AppError) && transientKind(result.error.cause ?? result.error) !== null) {
    ctx.services.logger.warn({ err: result.error.cause, path, type }, 'database unavailable');
    result = { ...result, error: toTrpcError(unavailableError(result.error.cause)) } as typeof result;
  }
  let classified = result.ok ? null : classifyError(result.error);
  if (!result.ok && classified?.code === 'SERVICE_UNAVAILABLE' && !(result.error.cause instanceof AppError)) {
    // a 503 that did not come as an AppError (a TRPCError thrown with that code): it gets
    // one, so the transports send Retry-After with it like with every other 503
    const error = toTrpcError(new AppError('SERVICE_UNAVAILABLE', { message: classified.message, details: classified.details, cause: result.error.cause ?? result.error }));
    result = { ...result, error } as typeof result;
    classified = classifyError(error);
  }
  ctx.services.metrics?.onProcedure({ path, durationSeconds: (performance.now() - started) / 1000, errorCode: classified?.code ?? null });
  if (!result.ok && classified) {
    const err = result.error;
    if (classified.code === 'INTERNAL_ERROR') {
      ctx.services.logger.error({ err: err.cause ?? err, path, type }, 'procedure failed');
    } else {
      ctx.services.logger.info({ path, type, error_code: classified.code }, 'procedure refused');
    }
    if (err.cause instanceof AppError && err.code === 'INTERNAL_SERVER_ERROR') {
      return { ...result, error: toTrpcError(err.cause) } as typeof result;
    }
  }
  return result;
}

/**
 * Step 0, admission, before the spec §3 chain: every procedure runs inside the admission
 * gate (ApiServices.admission) in front of the database pools — authentication, tenant
 * resolution and the handler's transaction all take pool connections. Past the gate's
 * bounds the call is refused at once with 503 SERVICE_UNAVAILABLE + Retry-After: nothing
 * of the chain ran, so nothing changed and no rate-limit token was spent. Health and
 * readiness (probeProcedure, apps/web /api/health*) are never gated. Sign-in (`meta.lane:
 * 'sign_in'`) waits in a small gate of its own: its argon2 check is CPU-bound, and a burst
 * of sign-ins in the API's gate would hold every slot while signed-in work is refused.
 */
async function admitted({ ctx, meta, next }: MiddlewareOptions): Promise<MiddlewareResultOf> {
  const gate = meta?.lane === 'sign_in' ? (ctx.services.signInAdmission ?? ctx.services.admission) : ctx.services.admission;
  if (!gate) return next();
  try {
    return await gate.run(() => next());
  } catch (err) {
    if (err instanceof AdmissionRefused) throw toTrpcError(overloadedError(err));
    throw err;
  }
}

/** Health and readiness only: the error boundary without the gate (a probe must see the service, not its queue). */
export const probeBaseProcedure = t.procedure.use((opts) => bounded(opts, () => opts.next()));
/** Every other procedure: the error boundary around the admission gate (step 0). */
export const baseProcedure = t.procedure.use((opts) => bounded(opts, () => admitted(opts)));
