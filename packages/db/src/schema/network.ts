/** network: MikroTik routers and the passive topology (OLT → ODC → ODP). */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  jsonb,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, location, tenantIdColumn, timestamptz, updatedAt } from './columns';

export const tenantRouters = pgTable(
  'tenant_routers',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull().default(443),
    use_tls: boolean('use_tls').notNull().default(true),
    /** HTTPS: the router's own trust anchor (PEM) — its private CA or its self-signed certificate (a pin); null: public CAs */
    tls_ca_pem: text('tls_ca_pem'),
    username: text('username').notNull(),
    /** AES-256-GCM, "keyid:iv:ciphertext:tag" (see @rrnet/crypto); never returned by the API */
    password_enc: text('password_enc').notNull(),
    status: text('status').notNull().default('unknown'),
    ros_version: text('ros_version'),
    last_seen_at: timestamptz('last_seen_at'),
    last_sync_at: timestamptz('last_sync_at'),
    /** what the last sync read from the router */
    identity: text('identity'),
    board_name: text('board_name'),
    uptime: text('uptime'),
    secret_count: integer('secret_count'),
    active_count: integer('active_count'),
    last_error: text('last_error'),
    /** PPPoE secrets that differ from RRNet's customers (see core/network/reconcile), as of drift_checked_at */
    drift: jsonb('drift').$type<unknown[]>().notNull().default([]),
    drift_count: integer('drift_count').notNull().default(0),
    drift_checked_at: timestamptz('drift_checked_at'),
    address: text('address'),
    location: location(),
    /**
     * Tunnel mode (routers behind NAT, see core/network/tunnel_rules.ts): the ISP's block of
     * the platform range (one ISP per block, an exclusion constraint across tenants), the
     * router's address in it and its WireGuard keys; all null for a router reached directly.
     */
    tunnel_block: integer('tunnel_block'),
    tunnel_address: text('tunnel_address'),
    tunnel_public_key: text('tunnel_public_key'),
    /** AES-256-GCM like password_enc; never returned except inside the commands to paste */
    tunnel_private_key_enc: text('tunnel_private_key_enc'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_routers_name_key').on(t.tenant_id, t.name),
    unique('tenant_routers_tunnel_address_key').on(t.tenant_id, t.tunnel_address),
    unique('tenant_routers_tunnel_public_key_key').on(t.tenant_id, t.tunnel_public_key),
    check(
      'tenant_routers_tunnel_check',
      sql`num_nulls(${t.tunnel_block}, ${t.tunnel_address}, ${t.tunnel_public_key}, ${t.tunnel_private_key_enc}) IN (0, 4)`,
    ),
    check('tenant_routers_status_check', sql`${t.status} IN ('unknown', 'online', 'offline')`),
    check('tenant_routers_port_check', sql`${t.port} BETWEEN 1 AND 65535`),
    index('tenant_routers_status_idx').on(t.tenant_id, t.status),
    index('tenant_routers_location_gist').using('gist', t.tenant_id, t.location),
  ],
);

export const tenantTopologyNodes = pgTable(
  'tenant_topology_nodes',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    parent_id: uuid('parent_id'),
    router_id: uuid('router_id'),
    capacity: integer('capacity'),
    address: text('address'),
    location: location(),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_topology_nodes_name_key').on(t.tenant_id, t.name),
    check('tenant_topology_nodes_kind_check', sql`${t.kind} IN ('olt', 'odc', 'odp')`),
    check('tenant_topology_nodes_capacity_check', sql`${t.capacity} IS NULL OR ${t.capacity} > 0`),
    foreignKey({ columns: [t.tenant_id, t.parent_id], foreignColumns: [t.tenant_id, t.id] }),
    foreignKey({ columns: [t.tenant_id, t.router_id], foreignColumns: [tenantRouters.tenant_id, tenantRouters.id] }),
    index('tenant_topology_nodes_router_idx').on(t.tenant_id, t.router_id),
    index('tenant_topology_nodes_parent_idx').on(t.tenant_id, t.parent_id),
    index('tenant_topology_nodes_location_gist').using('gist', t.tenant_id, t.location),
  ],
);
