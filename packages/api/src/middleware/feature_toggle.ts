/** Step 4 — feature toggle: the procedure's declared feature must be on (plan + overrides). */
import { AppError } from '@rrnet/contracts';
import type { Entitlements } from '@rrnet/core/saas/entitlements';
import type { ProcedureMeta } from '../meta';

export function checkFeature(meta: ProcedureMeta | undefined, entitlements: Entitlements): void {
  if (meta?.feature && !entitlements.features.includes(meta.feature)) {
    // the code's generic message (DEFAULT_ERROR_MESSAGES)
    throw new AppError('FEATURE_DISABLED', {
      details: { feature: meta.feature },
    });
  }
}
