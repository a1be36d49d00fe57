/**
 * The procedure builders and the spec §3 chain, in this order and no other:
 *   0 admission gate (trpc.ts; every builder but probeProcedure)
 *   1 authenticate → 2 resolve tenant → 3 rate limit → 4 feature toggle → 5 RBAC
 *   → 6 limit enforcement (inside the tenant transaction the handler then uses).
 * Each step lives in ./middleware; this file only orders them. A procedure declares
 * permission / feature / limit in `.meta()`; nothing re-checks by hand.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { Principal } from '@rrnet/auth';
import { CommitOutcomeUnknown, retryTransient, transientKind, withTenant } from '@rrnet/db';
import type { TenantTx } from '@rrnet/db';
import type { Entitlements } from '@rrnet/core/saas/entitlements';
import { authenticate } from './middleware/authenticate';
import { checkFeature } from './middleware/feature_toggle';
import { claimIdempotencyKey } from './middleware/idempotency';
import { enforceLimit } from './middleware/limit_enforcement';
import { authenticatePortal } from './middleware/portal_session';
import { applyRateLimits, enforceRateLimits } from './middleware/rate_limit';
import { authorize } from './middleware/rbac';
import { resolveTenant } from './middleware/tenant_resolver';
import { baseProcedure, probeBaseProcedure, toTrpcError } from './trpc';

export { createTRPCRouter } from './trpc';

/** Anyone. */
export const publicProcedure = baseProcedure;

/**
 * Health and readiness probes: anyone, and never behind the admission gate (step 0), so a
 * load balancer sees whether the service works, not whether its queue is full.
 */
export const probeProcedure = probeBaseProcedure;

/** A signed-in user or API key, with or without a tenant (me, sessions, sign-out). */
export const authedProcedure = baseProcedure.use(async ({ ctx, next }) => {
  const principal = await authenticate(ctx).catch(rethrow);
  return next({ ctx: { principal } });
});

/**
 * How long a request may spend getting its tenant transaction going, retries included,
 * before it answers 503: a database that is down, restarting or saturated is said within
 * about a second instead of making the caller wait (spec §2; issue #13: "within a second or two").
 */
export const REQUEST_DB_BUDGET_MS = 1000;

/** Marks a failed handler result so the tenant transaction rolls back. */
class RollbackResult {
  constructor(readonly result: unknown) {}
}

/** A handler result that failed on a transient database error: rolled back, and worth running again. */
class TransientRollback extends Error {
  constructor(
    readonly result: unknown,
    cause: unknown,
  ) {
    super('transient database error', { cause });
  }
}

function failureCause(result: unknown): unknown {
  return (result as { error?: { cause?: unknown } }).error?.cause;
}

/** The full chain; the handler gets `ctx.tx` (its tenant transaction) and `ctx.tenant`. */
export const tenantProcedure = baseProcedure.use(async ({ ctx, meta, next, path, type, getRawInput }) => {
  let principal: Principal;
  let tenant: Entitlements;
  try {
    principal = await authenticate(ctx); // 1
    // a dunning-suspended ISP is read-only, except paying RRNet (meta.payingRrnet)
    tenant = await resolveTenant(ctx, principal, meta?.payingRrnet ? 'query' : type); // 2
    await enforceRateLimits(ctx, principal, tenant.tenant_id); // 3
    checkFeature(meta, tenant); // 4
    authorize(meta, principal); // 5
  } catch (err) {
    return rethrow(err);
  }
  const idempotencyKey = type === 'mutation' ? ctx.idempotencyKey : null;
  // The tenant transaction is retried with exponential backoff after a transient database
  // error (spec §2): it rolled back, so running it again in a fresh transaction is safe —
  // except when the connection died while committing (CommitOutcomeUnknown, never retried).
  // Handlers keep their non-database calls repeatable (router reads and state sets,
  // gateway links keyed by order id). What still fails answers 503 (trpc.ts).
  const deadline = performance.now() + REQUEST_DB_BUDGET_MS;
  // what the handler asks to run once its transaction has committed (a cache to drop:
  // dropped earlier, a concurrent request could cache the rows from before the commit)
  let afterCommit: (() => Promise<void>)[] = [];
  const attempt = () => {
    afterCommit = [];
    return withTenant(
      ctx.services.sql,
      { tenantId: tenant.tenant_id, userId: principal.userId, requestId: ctx.requestId },
      async (tx: TenantTx) => {
        const claim = idempotencyKey ? await claimIdempotencyKey(tx, tenant.tenant_id, idempotencyKey, path, await getRawInput()) : null;
        if (claim?.kind === 'replay') {
          ctx.resHeaders?.set('Idempotent-Replayed', 'true');
          return { ok: true as const, data: claim.output, marker: 'middlewareMarker' as never, ctx: {} };
        }
        await enforceLimit(tx, meta, tenant); // 6
        const result = await next({ ctx: { principal, tenant, tx, afterCommit: (fn: () => Promise<void>) => void afterCommit.push(fn) } });
        if (!result.ok) {
          const cause = failureCause(result);
          if (transientKind(cause) && !(cause instanceof CommitOutcomeUnknown)) throw new TransientRollback(result, cause);
          throw new RollbackResult(result);
        }
        if (claim?.kind === 'run') await claim.store(result.data);
        return result;
      },
      { acquireTimeoutMs: Math.max(50, Math.round(deadline - performance.now())) },
    );
  };
  try {
    const result = await retryTransient(attempt, {
      budgetMs: REQUEST_DB_BUDGET_MS,
      onRetry: ({ attempt: n, kind, delayMs }) => ctx.services.logger.warn({ path, attempt: n, kind, delay_ms: delayMs }, 'database transient error, retrying'),
    });
    for (const fn of afterCommit) await fn().catch((err: unknown) => ctx.services.logger.error({ err, path }, 'after-commit step failed'));
    return result;
  } catch (err) {
    if (err instanceof RollbackResult || err instanceof TransientRollback) return err.result as never;
    return rethrow(err);
  }
});

/**
 * The subscriber portal before sign-in (/portal/{isp-slug}: the ISP's brand, asking for and
 * checking a one-time code): anyone, within the per-IP window; the code procedures add the
 * portal's own per-IP code windows (middleware/rate_limit.ts limitPortalCodes).
 */
export const portalPublicProcedure = baseProcedure.use(async ({ ctx, next }) => {
  await applyRateLimits(ctx, { tenantId: null, subject: null }).catch(rethrow);
  return next();
});

/**
 * A signed-in subscriber (a portal session, never an operator's): authenticate the portal
 * cookie → the ISP usable → rate limits per subscriber and per IP (not the ISP's staff
 * window) → the procedure's feature. No RBAC: a subscriber has no permissions, only
 * their own rows — every handler works through `ctx.portal` (core/portal inPortal), whose
 * transactions carry the customer scope that Postgres enforces.
 */
export const portalProcedure = baseProcedure.use(async ({ ctx, meta, next, type }) => {
  try {
    const { portal, tenant } = await authenticatePortal(ctx, type);
    await applyRateLimits(ctx, { tenantId: null, subject: `portal:${portal.customerId}` });
    checkFeature(meta, tenant);
    return next({ ctx: { portal, tenant } });
  } catch (err) {
    return rethrow(err);
  }
});

/** Platform super admins (no tenant). */
export const platformProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (ctx.principal.role !== 'super_admin') throw toTrpcError(new AppError('FORBIDDEN', { message: serverMessage('platform_admins_only') }));
  return next();
});

function rethrow(err: unknown): never {
  if (err instanceof AppError) throw toTrpcError(err);
  throw err;
}
