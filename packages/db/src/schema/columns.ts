/**
 * Column builders shared by every schema file. Money is integer rupiah (bigint), time
 * is timestamptz, ids are uuid, locations are native `point` (x = longitude,
 * y = latitude) with GiST indexes — no PostGIS needed, so the embedded Postgres works.
 */
import { bigint, point, timestamp, uuid } from 'drizzle-orm/pg-core';
import { saasTenants } from './saas';

/** `tenant_id uuid NOT NULL REFERENCES saas_tenants(id)`: the first column of every tenant_ table. */
export const tenantIdColumn = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => saasTenants.id, { onDelete: 'cascade' });

export const idColumn = () => uuid('id').notNull().defaultRandom();

export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
export const timestamptz = (name: string) => timestamp(name, { withTimezone: true });

/** Integer rupiah. */
export const rupiah = (name: string) => bigint(name, { mode: 'number' });

export const location = () => point('location', { mode: 'xy' });
