/** network: routers (MikroTik), their sync/drift state, and the passive topology. */
import { z } from 'zod';
import { ROUTER_STATUSES } from './constants';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';

export { ROUTER_STATUSES };
export const TOPOLOGY_KINDS = ['olt', 'odc', 'odp'] as const;
export type TopologyKind = (typeof TOPOLOGY_KINDS)[number];
/** A node's parent kind: OLT → ODC → ODP. */
export const TOPOLOGY_PARENT: Record<TopologyKind, TopologyKind | null> = { olt: null, odc: 'olt', odp: 'odc' };

export const latLngSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
});
export type LatLng = z.infer<typeof latLngSchema>;

/** A PEM certificate the router's HTTPS must chain to (core parses it); empty clears it. */
const tlsCaPemSchema = z
  .string()
  .max(20_000, FIELD_MESSAGES.pem_length)
  .transform((v) => v.trim())
  .pipe(z.string().refine((v) => v === '' || /^-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----$/.test(v), FIELD_MESSAGES.pem_paste))
  .transform((v) => (v === '' ? null : v));

const hostSchema = text({ min: 1, max: 253 }).pipe(
  z.string().regex(/^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$|^\[?[0-9a-fA-F:]+\]?$/, FIELD_MESSAGES.host),
);

export const routerSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  host: z.string(),
  port: z.number().int(),
  use_tls: z.boolean(),
  /** the certificate (PEM, public) the router's HTTPS must chain to, and its SHA-256 fingerprint (colon hex); null: the public CAs */
  tls_ca_pem: z.string().nullable(),
  tls_ca_fingerprint: z.string().nullable(),
  username: z.string(),
  status: z.enum(ROUTER_STATUSES),
  ros_version: z.string().nullable(),
  identity: z.string().nullable(),
  board_name: z.string().nullable(),
  uptime: z.string().nullable(),
  secret_count: z.number().int().nullable(),
  active_count: z.number().int().nullable(),
  customer_count: z.number().int(),
  last_seen_at: z.date().nullable(),
  last_sync_at: z.date().nullable(),
  last_error: z.string().nullable(),
  drift_count: z.number().int(),
  drift_checked_at: z.date().nullable(),
  address: z.string().nullable(),
  location: latLngSchema.nullable(),
  created_at: z.date(),
});
export type Router = z.infer<typeof routerSchema>;

export const routerCreateInput = z.strictObject({
  name: text({ min: 2, max: 64 }),
  host: hostSchema,
  port: z.number().int().min(1).max(65535).default(443),
  use_tls: z.boolean().default(true),
  tls_ca_pem: tlsCaPemSchema.nullable().optional(),
  username: text({ min: 1, max: 64 }),
  /** stored encrypted; never returned */
  password: z.string().min(1, FIELD_MESSAGES.router_password).max(128),
  address: text({ max: 300 }).nullable().optional(),
  location: latLngSchema.nullable().optional(),
});
export type RouterCreateInput = z.input<typeof routerCreateInput>;

export const routerUpdateInput = z.strictObject({
  id: z.string().uuid(),
  name: text({ min: 2, max: 64 }).optional(),
  host: hostSchema.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  use_tls: z.boolean().optional(),
  tls_ca_pem: tlsCaPemSchema.nullable().optional(),
  username: text({ min: 1, max: 64 }).optional(),
  /** a new password; leave out to keep the stored one */
  password: z.string().min(1).max(128).optional(),
  address: text({ max: 300 }).nullable().optional(),
  location: latLngSchema.nullable().optional(),
});

export const idInput = z.strictObject({ id: z.string().uuid() });

export const DRIFT_KINDS = ['missing', 'extra', 'wrong_profile', 'wrong_state', 'wrong_password'] as const;
export type DriftKind = (typeof DRIFT_KINDS)[number];

export const secretStateSchema = z.object({ profile: z.string(), disabled: z.boolean() });
export const driftItemSchema = z.object({
  kind: z.enum(DRIFT_KINDS),
  pppoe_username: z.string(),
  customer_id: z.string().uuid().nullable(),
  customer_status: z.string().nullable(),
  /** what RRNet wants on the router (null: the secret should not exist) */
  expected: secretStateSchema.nullable(),
  /** what the router has (null: the secret is missing) */
  actual: secretStateSchema.nullable(),
});
export type DriftItem = z.infer<typeof driftItemSchema>;

export const routerDetailSchema = routerSchema.extend({
  drift: z.array(driftItemSchema),
  breaker_state: z.enum(['closed', 'open', 'half_open']).nullable(),
});
export type RouterDetail = z.infer<typeof routerDetailSchema>;

export const TUNNEL_REACHABILITY = ['up', 'down', 'never', 'unknown'] as const;

/**
 * A router's WireGuard tunnel: its address in the ISP's block, reachability from the
 * endpoint's last handshake (up ≤ 180 s, down after, never before the first, unknown
 * without an endpoint report) and the RouterOS v7 commands to paste (they hold the
 * router's private key: only for those who manage routers).
 */
export const routerTunnelSchema = z.object({
  id: z.string().uuid(),
  enabled: z.boolean(),
  /** the platform runs a tunnel endpoint (TUNNEL_* configured) */
  configured: z.boolean(),
  address: z.string().nullable(),
  block: z.string().nullable(),
  public_key: z.string().nullable(),
  reachability: z.enum(TUNNEL_REACHABILITY),
  handshake_age_seconds: z.number().int().nullable(),
  last_handshake_at: z.date().nullable(),
  endpoint: z.string().nullable(),
  commands: z.array(z.string()),
});
export type RouterTunnel = z.infer<typeof routerTunnelSchema>;

export const routerSyncInput = z.strictObject({
  id: z.string().uuid(),
  /** also fix the drift (create/update/disable/remove secrets) */
  apply: z.boolean().default(false),
});
export const jobQueuedSchema = z.object({ job_id: z.string(), queued: z.boolean() });

export const routerSessionSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  caller_id: z.string().nullable(),
  uptime: z.string(),
});
export const routerKickInput = z.strictObject({ id: z.string().uuid(), pppoe_username: text({ min: 1, max: 64 }) });

// ── topology ──
export const topologyNodeSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(TOPOLOGY_KINDS),
  name: z.string(),
  parent_id: z.string().uuid().nullable(),
  router_id: z.string().uuid().nullable(),
  capacity: z.number().int().nullable(),
  /** ODP: customers attached; OLT/ODC: child nodes */
  used: z.number().int(),
  address: z.string().nullable(),
  location: latLngSchema.nullable(),
  created_at: z.date(),
});
export type TopologyNode = z.infer<typeof topologyNodeSchema>;

export const topologyNodeCreateInput = z.strictObject({
  kind: z.enum(TOPOLOGY_KINDS),
  name: text({ min: 2, max: 64 }),
  parent_id: z.string().uuid().nullable().optional(),
  router_id: z.string().uuid().nullable().optional(),
  capacity: z.number().int().min(1).max(1024).nullable().optional(),
  address: text({ max: 300 }).nullable().optional(),
  location: latLngSchema.nullable().optional(),
});
export const topologyNodeUpdateInput = z.strictObject({
  id: z.string().uuid(),
  name: text({ min: 2, max: 64 }).optional(),
  parent_id: z.string().uuid().nullable().optional(),
  router_id: z.string().uuid().nullable().optional(),
  capacity: z.number().int().min(1).max(1024).nullable().optional(),
  address: text({ max: 300 }).nullable().optional(),
  location: latLngSchema.nullable().optional(),
});
