/**
 * Step 5 — RBAC: the caller's permissions (role table, or the API key's scopes) must
 * include the procedure's declared permission. A tenant procedure that declares none is
 * refused: the chain fails closed.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { Principal } from '@rrnet/auth';
import type { ProcedureMeta } from '../meta';

export function authorize(meta: ProcedureMeta | undefined, principal: Principal): void {
  if (!meta?.permission) throw new AppError('FORBIDDEN', { message: serverMessage('no_permission_declared') });
  if (!principal.permissions.includes(meta.permission)) {
    // the code's generic message (DEFAULT_ERROR_MESSAGES)
    throw new AppError('FORBIDDEN', {
      details: { permission: meta.permission },
    });
  }
}
