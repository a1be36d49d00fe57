/**
 * A procedure's declarations, read by the chain (never re-checked by hand):
 *   permission — RBAC (module.resource.action, see @rrnet/contracts access.ts)
 *   feature    — plan feature that must be on for the tenant
 *   limit      — plan limit the procedure consumes (counted in its transaction)
 *   openapi    — its REST route under /api/v1 (trpc-to-openapi)
 */
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { Feature, Permission, PlanLimit } from '@rrnet/contracts';

export interface ProcedureMeta extends OpenApiMeta {
  permission?: Permission;
  feature?: Feature;
  limit?: PlanLimit;
}
