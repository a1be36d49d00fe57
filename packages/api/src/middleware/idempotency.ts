/**
 * Idempotency-Key for REST mutations, inside the procedure's tenant transaction: the key
 * is claimed (INSERT … ON CONFLICT DO NOTHING waits for a concurrent holder to finish),
 * the handler runs, and its output is stored in the same transaction — so a retry
 * either replays the stored output or, if the first attempt rolled back, runs again.
 * The same key with a different request is a CONFLICT.
 */
import { createHash } from 'node:crypto';
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';

/** What an Idempotency-Key may look like (also documented in the OpenAPI parameter). */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,128}$/;

export type IdempotencyClaim = { kind: 'run'; store: (output: unknown) => Promise<void> } | { kind: 'replay'; output: unknown };

export async function claimIdempotencyKey(
  tx: TenantTx,
  tenantId: string,
  key: string,
  procedure: string,
  rawInput: unknown,
): Promise<IdempotencyClaim> {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new AppError('VALIDATION_FAILED', { details: { 'Idempotency-Key': FIELD_MESSAGES.idempotency_key } });
  }
  const hash = createHash('sha256').update(JSON.stringify(rawInput ?? null)).digest('hex');
  const { sql } = tx;
  const claimed = await sql`
    INSERT INTO tenant_idempotency_keys (tenant_id, key, procedure, request_hash)
    VALUES (${tenantId}, ${key}, ${procedure}, ${hash})
    ON CONFLICT (tenant_id, key) DO NOTHING RETURNING key`;
  if (claimed.length === 1) {
    return {
      kind: 'run',
      store: async (output) => {
        await sql`UPDATE tenant_idempotency_keys SET response = ${JSON.stringify(output ?? null)}::text::jsonb
                  WHERE tenant_id = ${tenantId} AND key = ${key}`;
      },
    };
  }
  const [existing] = await sql<{ procedure: string; request_hash: string; response: unknown }[]>`
    SELECT procedure, request_hash, response FROM tenant_idempotency_keys WHERE tenant_id = ${tenantId} AND key = ${key}`;
  if (!existing || existing.procedure !== procedure || existing.request_hash !== hash) {
    throw new AppError('CONFLICT', {
      message: serverMessage('idempotency_key_reused'),
      details: { 'Idempotency-Key': key },
    });
  }
  return { kind: 'replay', output: existing.response };
}
