/**
 * A procedure's declarations, read by the chain (never re-checked by hand):
 *   permission — RBAC (module.resource.action, see @rrnet/contracts access.ts)
 *   feature    — plan feature that must be on for the tenant
 *   limit      — plan limit the procedure consumes (counted in its transaction)
 *   openapi    — its REST route under /api/v1 (trpc-to-openapi), with a summary and a
 *                description for the OpenAPI document
 *   errors     — error codes the handler itself may answer beyond those its chain, path
 *                parameters and feature/limit already imply (see openapi_responses.ts)
 *   lane       — the admission gate the call waits in (step 0): `sign_in` for the password
 *                checks (argon2, CPU-bound), whose small gate of their own keeps a burst of
 *                sign-ins from taking the slots of signed-in work; absent: the API's gate
 *   payingRrnet — a mutation an ISP suspended for unpaid RRNet invoices may still make (read-only
 *                otherwise): paying those invoices is what lifts the suspension
 */
import type { OpenApiMeta } from 'trpc-to-openapi';
import type { ErrorCode, Feature, Permission, PlanLimit } from '@rrnet/contracts';

export interface ProcedureMeta extends OpenApiMeta {
  permission?: Permission;
  feature?: Feature;
  limit?: PlanLimit;
  errors?: ErrorCode[];
  lane?: AdmissionLane;
  payingRrnet?: boolean;
}

/** Admission lanes besides the API's own gate. */
export type AdmissionLane = 'sign_in';
