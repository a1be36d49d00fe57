/**
 * outages: a router or topology node (OLT, ODC, ODP) down, the customers below it, their
 * notices, resolution. The state machine: router_sync opens a `suspected` outage that
 * staff confirm (→ open) or dismiss; staff declare `open` ones directly; open → resolved.
 */
import { z } from 'zod';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';

export const OUTAGE_STATUSES = ['suspected', 'open', 'resolved', 'dismissed'] as const;
export type OutageStatus = (typeof OUTAGE_STATUSES)[number];
/** statuses in which an outage is going on (counted, shown on the dashboard) */
export const ACTIVE_OUTAGE_STATUSES = ['suspected', 'open'] as const satisfies readonly OutageStatus[];

export const OUTAGE_TRANSITIONS: Record<OutageStatus, readonly OutageStatus[]> = {
  suspected: ['open', 'dismissed'],
  open: ['resolved'],
  resolved: [],
  dismissed: [],
};
export function canOutageTransition(from: OutageStatus, to: OutageStatus): boolean {
  return OUTAGE_TRANSITIONS[from].includes(to);
}

export const OUTAGE_CAUSES = ['unknown', 'fiber_cut', 'power', 'equipment', 'maintenance', 'weather', 'upstream', 'other'] as const;
export type OutageCause = (typeof OUTAGE_CAUSES)[number];
export const OUTAGE_DETECTED_BY = ['manual', 'router_sync'] as const;
export type OutageDetectedBy = (typeof OUTAGE_DETECTED_BY)[number];
export const OUTAGE_SOURCE_KINDS = ['router', 'olt', 'odc', 'odp'] as const;
export type OutageSourceKind = (typeof OUTAGE_SOURCE_KINDS)[number];

const uuid = z.string().uuid();

export const outageDeclareInput = z
  .strictObject({
    /** one of the two: a topology node (OLT, ODC, ODP) or a router */
    node_id: uuid.optional(),
    router_id: uuid.optional(),
    title: text({ min: 3, max: 200 }),
    cause: z.enum(OUTAGE_CAUSES).default('unknown'),
    expected_restoration_at: z.iso.datetime({ offset: true }).nullable().optional(),
    notes: text({ max: 2000 }).nullable().optional(),
  })
  .refine((v) => (v.node_id ? 1 : 0) + (v.router_id ? 1 : 0) === 1, { message: FIELD_MESSAGES.router_or_node, path: ['node_id'] });
export type OutageDeclareInput = z.infer<typeof outageDeclareInput>;

export const outageUpdateInput = z.strictObject({
  id: uuid,
  title: text({ min: 3, max: 200 }).optional(),
  cause: z.enum(OUTAGE_CAUSES).optional(),
  expected_restoration_at: z.iso.datetime({ offset: true }).nullable().optional(),
  notes: text({ max: 2000 }).nullable().optional(),
});
export type OutageUpdateInput = z.infer<typeof outageUpdateInput>;

export const outageIdInput = z.strictObject({ id: uuid });

export const outageListInput = z.strictObject({
  /** active: suspected and open; history: resolved and dismissed */
  scope: z.enum(['active', 'history', 'all']).default('active'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type OutageListInput = z.infer<typeof outageListInput>;

export const outageSchema = z.object({
  id: uuid,
  title: z.string(),
  notes: z.string().nullable(),
  cause: z.enum(OUTAGE_CAUSES),
  status: z.enum(OUTAGE_STATUSES),
  detected_by: z.enum(OUTAGE_DETECTED_BY),
  source_kind: z.enum(OUTAGE_SOURCE_KINDS),
  node_id: uuid.nullable(),
  router_id: uuid.nullable(),
  /** the node's or router's name */
  source_name: z.string().nullable(),
  started_at: z.string(),
  expected_restoration_at: z.string().nullable(),
  confirmed_at: z.string().nullable(),
  resolution_proposed_at: z.string().nullable(),
  propagated_at: z.string().nullable(),
  resolved_at: z.string().nullable(),
  dismissed_at: z.string().nullable(),
  /** resolved_at (or dismissed_at, or now) − started_at */
  duration_seconds: z.number().int(),
  affected_count: z.number().int(),
  notified_count: z.number().int(),
  created_at: z.string(),
});
export type Outage = z.infer<typeof outageSchema>;
export const outagePageSchema = z.object({ items: z.array(outageSchema), next_cursor: z.string().nullable() });

export const outageCustomerListInput = z.strictObject({
  id: uuid,
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().max(200).optional(),
});
export const outageCustomerSchema = z.object({
  customer_id: uuid,
  code: z.string(),
  name: z.string(),
  status: z.string(),
  /** the ODP the customer hangs on, if any */
  odp_name: z.string().nullable(),
  notified_at: z.string().nullable(),
  resolved_notified_at: z.string().nullable(),
  /** the 'started' and 'resolved' notices and where they are (null: none was queued) */
  started_notice: z.object({ id: uuid, status: z.string() }).nullable(),
  resolved_notice: z.object({ id: uuid, status: z.string() }).nullable(),
  /** the outage credit this outage took for the customer, and the invoice it is on (null: none yet) */
  credit: z.object({ invoice_id: uuid, invoice_number: z.string(), minutes: z.number().int(), amount: z.number().int() }).nullable(),
});
export type OutageCustomer = z.infer<typeof outageCustomerSchema>;
export const outageCustomerPageSchema = z.object({ items: z.array(outageCustomerSchema), next_cursor: z.string().nullable() });

export const OUTAGE_EVENT_KINDS = ['started', 'declared', 'detected', 'propagated', 'confirmed', 'resolution_proposed', 'resolved', 'dismissed', 'expected_restoration'] as const;
export const outageDetailSchema = outageSchema.extend({
  timeline: z.array(z.object({ kind: z.enum(OUTAGE_EVENT_KINDS), at: z.string() })),
  /** notice delivery across the affected customers, by message status */
  notices: z.object({
    started: z.record(z.string(), z.number().int()),
    resolved: z.record(z.string(), z.number().int()),
  }),
  /** 'started' notices owed and not in the outbox yet: the WhatsApp drain releases them at its sending pace */
  notices_pending: z.number().int(),
  /** affected customers covered by another open outage (they were told once, by that one) */
  covered_elsewhere: z.number().int(),
  /** trouble tickets linked to this outage that are still open (once resolved: proposed for resolving) */
  open_tickets: z.number().int(),
});
export type OutageDetail = z.infer<typeof outageDetailSchema>;

export const outageSummarySchema = z.object({
  open: z.number().int(),
  suspected: z.number().int(),
  affected_customers: z.number().int(),
  /** mean time to resolve over the last 30 days, seconds (null: none resolved) */
  mean_resolution_seconds: z.number().nullable(),
  resolved_30d: z.number().int(),
});
export type OutageSummary = z.infer<typeof outageSummarySchema>;

// ── the map: open and suspected outages with their affected area ──
const mapLat = z.coerce.number().min(-90).max(90);
const mapLng = z.coerce.number().min(-180).max(180);
/** How many affected customers in view the map tints at most (the rest are inside the area drawn). */
export const OUTAGE_MAP_CUSTOMER_LIMIT = 5_000;
/** The visible box (flat GET query parameters, all four or none): the affected customers inside it are named for tinting. */
export const outageMapInput = z
  .strictObject({ min_lat: mapLat.optional(), min_lng: mapLng.optional(), max_lat: mapLat.optional(), max_lng: mapLng.optional() })
  .refine((b) => [b.min_lat, b.min_lng, b.max_lat, b.max_lng].every((v) => v === undefined) || [b.min_lat, b.min_lng, b.max_lat, b.max_lng].every((v) => v !== undefined), {
    message: FIELD_MESSAGES.bounds_all_or_none,
    path: ['min_lat'],
  })
  .refine((b) => b.min_lat === undefined || (b.min_lat <= b.max_lat! && b.min_lng! <= b.max_lng!), { message: FIELD_MESSAGES.bounds_order, path: ['max_lat'] });
export type OutageMapInput = z.infer<typeof outageMapInput>;

const latLng = z.object({ lat: z.number(), lng: z.number() });
export const outageMapItemSchema = z.object({
  id: uuid,
  title: z.string(),
  status: z.enum(ACTIVE_OUTAGE_STATUSES),
  cause: z.enum(OUTAGE_CAUSES),
  source_kind: z.enum(OUTAGE_SOURCE_KINDS),
  source_name: z.string().nullable(),
  /** where the outage's router or node is (null: not placed on the map) */
  source: latLng.nullable(),
  started_at: z.string(),
  expected_restoration_at: z.string().nullable(),
  affected_count: z.number().int(),
  /** affected customers with a location (those inside `area`) */
  located_count: z.number().int(),
  /** the affected customers' area: the convex hull of their locations (≥3 points), and a circle around it */
  area: z.object({ hull: z.array(latLng), center: latLng, radius_m: z.number() }).nullable(),
  /** the outage's router, its node and the nodes below it (markers tinted) */
  router_id: uuid.nullable(),
  node_ids: z.array(uuid),
});
export type OutageMapItem = z.infer<typeof outageMapItemSchema>;
export const outageMapSchema = z.object({
  outages: z.array(outageMapItemSchema),
  /** affected customers inside the requested box (tinted on the map), at most OUTAGE_MAP_CUSTOMER_LIMIT */
  customer_ids: z.array(uuid),
  truncated: z.boolean(),
});
export type OutageMap = z.infer<typeof outageMapSchema>;
