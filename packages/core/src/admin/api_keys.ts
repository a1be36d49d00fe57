/** API keys for internal tools: per tenant, scoped to permissions, shown once, stored hashed. */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { Permission } from '@rrnet/contracts';
import { newApiKey } from '@rrnet/auth';
import { tenantApiKeys } from '@rrnet/db/schema';
import type { TenantTx } from '@rrnet/db';

const keyColumns = {
  id: tenantApiKeys.id,
  name: tenantApiKeys.name,
  prefix: tenantApiKeys.prefix,
  permissions: tenantApiKeys.permissions,
  created_at: tenantApiKeys.created_at,
  last_used_at: tenantApiKeys.last_used_at,
  expires_at: tenantApiKeys.expires_at,
  revoked_at: tenantApiKeys.revoked_at,
};

export function listApiKeys(tx: TenantTx) {
  return tx.db.select(keyColumns).from(tenantApiKeys).orderBy(desc(tenantApiKeys.created_at));
}

export async function createApiKey(
  tx: TenantTx,
  tenantId: string,
  input: { name: string; permissions: Permission[]; expires_in_days?: number | undefined },
  grantable: readonly Permission[],
  createdBy: string | null,
) {
  const beyond = input.permissions.filter((p) => !grantable.includes(p));
  if (beyond.length > 0) {
    throw new AppError('FORBIDDEN', { message: serverMessage('api_key_permissions'), details: { permissions: beyond.join(', ') } });
  }
  const { key, prefix, hash } = newApiKey(tenantId);
  const [row] = await tx.db
    .insert(tenantApiKeys)
    .values({
      tenant_id: tenantId,
      name: input.name,
      prefix,
      key_hash: hash,
      permissions: [...new Set(input.permissions)],
      created_by: createdBy,
      expires_at: input.expires_in_days ? sql`now() + make_interval(days => ${input.expires_in_days})` : null,
    })
    .onConflictDoNothing()
    .returning(keyColumns);
  if (!row) throw new AppError('CONFLICT', { message: serverMessage('api_key_name_taken'), details: { name: FIELD_MESSAGES.already_used } });
  return { ...row, key };
}

export async function revokeApiKey(tx: TenantTx, id: string) {
  const [row] = await tx.db
    .update(tenantApiKeys)
    .set({ revoked_at: sql`now()` })
    .where(and(eq(tenantApiKeys.id, id), isNull(tenantApiKeys.revoked_at)))
    .returning(keyColumns);
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('api_key_not_found') });
  return row;
}
