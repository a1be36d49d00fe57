/** api: stored results of REST mutations sent with an Idempotency-Key (kept 24 hours). */
import { index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, tenantIdColumn } from './columns';

export const tenantIdempotencyKeys = pgTable(
  'tenant_idempotency_keys',
  {
    tenant_id: tenantIdColumn(),
    key: text('key').notNull(),
    procedure: text('procedure').notNull(),
    request_hash: text('request_hash').notNull(),
    /** null while the first request is still running */
    response: jsonb('response'),
    created_at: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.key] }), index('tenant_idempotency_keys_created_at_idx').on(t.tenant_id, t.created_at)],
);
