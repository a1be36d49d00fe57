/**
 * A unique-constraint violation (23505) from a write is the caller's conflict, not a 500:
 * `.catch(conflictOnUnique(serverMessage('router_name_taken'), { name: FIELD_MESSAGES.already_used }))`.
 * Works for Drizzle errors (Postgres error in `cause`) and raw postgres.js errors. `details`
 * may depend on the violated constraint.
 */
import { AppError } from '@rrnet/contracts';
import type { ErrorDetails } from '@rrnet/contracts';

interface PgError {
  code?: string;
  constraint_name?: string;
}

export function conflictOnUnique(
  message: string | ((constraint: string) => string),
  details: ErrorDetails | ((constraint: string) => ErrorDetails),
  onlyConstraint?: string,
): (err: unknown) => never {
  return (err: unknown) => {
    const pg = ((err as { cause?: PgError }).cause ?? err) as PgError;
    const constraint = pg.constraint_name ?? '';
    if (pg.code === '23505' && (!onlyConstraint || constraint === onlyConstraint)) {
      throw new AppError('CONFLICT', {
        message: typeof message === 'function' ? message(constraint) : message,
        details: typeof details === 'function' ? details(constraint) : details,
      });
    }
    throw err;
  };
}
