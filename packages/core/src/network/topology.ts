/**
 * The passive network: OLT → ODC → ODP, each with a capacity; customers attach to ODPs.
 * A node's parent must be of the kind above it; an OLT may name the router it uplinks to.
 */
import { eq, sql } from 'drizzle-orm';
import { AppError, TOPOLOGY_PARENT, FIELD_MESSAGES, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { TopologyKind, TopologyNode, topologyNodeCreateInput, topologyNodeUpdateInput } from '@rrnet/contracts';
import { tenantRouters, tenantTopologyNodes } from '@rrnet/db/schema';
import type { TenantTx } from '@rrnet/db';
import type { z } from 'zod';
import { conflictOnUnique } from '../unique_conflict';
import { toLatLng, toPoint } from './routers';
import { invalidateMap } from './services';
import type { NetworkServices } from './services';

/** The field message for a parent of the wrong kind: the kind it must be. */
const CHOOSE_PARENT: Record<TopologyKind, string> = { olt: FIELD_MESSAGES.choose_olt, odc: FIELD_MESSAGES.choose_odc, odp: FIELD_MESSAGES.choose_odp };

const nodeColumns = {
  id: tenantTopologyNodes.id,
  kind: tenantTopologyNodes.kind,
  name: tenantTopologyNodes.name,
  parent_id: tenantTopologyNodes.parent_id,
  router_id: tenantTopologyNodes.router_id,
  capacity: tenantTopologyNodes.capacity,
  // spelled out: drizzle leaves columns unqualified in single-table selects, which would bind to the subquery's table
  used: sql<number>`CASE WHEN tenant_topology_nodes.kind = 'odp'
    THEN (SELECT count(*)::int FROM tenant_customers c WHERE c.tenant_id = tenant_topology_nodes.tenant_id AND c.odp_id = tenant_topology_nodes.id AND c.status <> 'terminated')
    ELSE (SELECT count(*)::int FROM tenant_topology_nodes n WHERE n.tenant_id = tenant_topology_nodes.tenant_id AND n.parent_id = tenant_topology_nodes.id) END`,
  address: tenantTopologyNodes.address,
  location: tenantTopologyNodes.location,
  created_at: tenantTopologyNodes.created_at,
};

type NodeRow = Omit<TopologyNode, 'kind' | 'location'> & { kind: string; location: { x: number; y: number } | null };
const toNode = (r: NodeRow): TopologyNode => ({ ...r, kind: r.kind as TopologyKind, location: toLatLng(r.location) });

export async function listNodes(tx: TenantTx): Promise<TopologyNode[]> {
  const rows = await tx.db
    .select(nodeColumns)
    .from(tenantTopologyNodes)
    .orderBy(sql`array_position(ARRAY['olt','odc','odp'], ${tenantTopologyNodes.kind})`, tenantTopologyNodes.name);
  return rows.map((r) => toNode(r as NodeRow));
}

async function getNode(tx: TenantTx, id: string): Promise<TopologyNode> {
  const [row] = await tx.db.select(nodeColumns).from(tenantTopologyNodes).where(eq(tenantTopologyNodes.id, id));
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('node_not_found') });
  return toNode(row as NodeRow);
}

async function checkLinks(tx: TenantTx, kind: TopologyKind, parentId: string | null | undefined, routerId: string | null | undefined, selfId?: string) {
  const parentKind = TOPOLOGY_PARENT[kind];
  if (parentId) {
    if (parentId === selfId) throw new AppError('VALIDATION_FAILED', { message: serverMessage('node_own_parent'), details: { parent_id: FIELD_MESSAGES.choose_other_node } });
    const [parent] = await tx.db.select({ kind: tenantTopologyNodes.kind }).from(tenantTopologyNodes).where(eq(tenantTopologyNodes.id, parentId));
    if (!parent) throw new AppError('VALIDATION_FAILED', { message: serverMessage('node_parent_missing'), details: { parent_id: FIELD_MESSAGES.unknown_node } });
    if (parent.kind !== parentKind) {
      throw new AppError('VALIDATION_FAILED', {
        message: parentKind ? serverMessage('node_parent_kind', { kind: kind.toUpperCase(), parent: parentKind.toUpperCase() }) : serverMessage('node_no_parent', { kind: kind.toUpperCase() }),
        details: { parent_id: parentKind ? CHOOSE_PARENT[parentKind] : FIELD_MESSAGES.olt_no_parent },
      });
    }
  } else if (parentId === undefined && selfId === undefined && parentKind) {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('node_needs_kind', { kind: kind.toUpperCase(), parent: parentKind.toUpperCase() }), details: { parent_id: FIELD_MESSAGES.required } });
  }
  if (routerId) {
    const [router] = await tx.db.select({ id: tenantRouters.id }).from(tenantRouters).where(eq(tenantRouters.id, routerId));
    if (!router) throw new AppError('VALIDATION_FAILED', { message: serverMessage('router_missing'), details: { router_id: FIELD_MESSAGES.unknown_router } });
  }
}

const uniqueName = conflictOnUnique(serverMessage('node_name_taken'), { name: FIELD_MESSAGES.already_used });

export async function createNode(tx: TenantTx, services: NetworkServices, tenantId: string, input: z.output<typeof topologyNodeCreateInput>): Promise<TopologyNode> {
  await checkLinks(tx, input.kind, input.parent_id, input.router_id);
  const [row] = await tx.db
    .insert(tenantTopologyNodes)
    .values({
      tenant_id: tenantId,
      kind: input.kind,
      name: input.name,
      parent_id: input.parent_id ?? null,
      router_id: input.router_id ?? null,
      capacity: input.capacity ?? null,
      address: input.address ?? null,
      location: toPoint(input.location) ?? null,
    })
    .returning({ id: tenantTopologyNodes.id })
    .catch(uniqueName);
  await invalidateMap(services, tenantId);
  return getNode(tx, row!.id);
}

export async function updateNode(tx: TenantTx, services: NetworkServices, tenantId: string, input: z.output<typeof topologyNodeUpdateInput>): Promise<TopologyNode> {
  const current = await getNode(tx, input.id);
  if (input.parent_id !== undefined || input.router_id !== undefined) await checkLinks(tx, current.kind, input.parent_id ?? null, input.router_id, current.id);
  if (input.parent_id === null && TOPOLOGY_PARENT[current.kind]) {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('node_needs_parent', { kind: current.kind.toUpperCase() }), details: { parent_id: FIELD_MESSAGES.required } });
  }
  if (input.capacity != null && input.capacity < current.used) {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('node_capacity_used', { count: current.used }), details: { capacity: fieldMessage('at_least', { count: current.used }) } });
  }
  const { id, location, ...rest } = input;
  const changes: Partial<typeof tenantTopologyNodes.$inferInsert> = { ...rest };
  if (location !== undefined) changes.location = toPoint(location) ?? null;
  if (Object.keys(changes).length > 0) await tx.db.update(tenantTopologyNodes).set(changes).where(eq(tenantTopologyNodes.id, id)).catch(uniqueName);
  await invalidateMap(services, tenantId);
  return getNode(tx, id);
}

export async function removeNode(tx: TenantTx, services: NetworkServices, tenantId: string, id: string): Promise<{ id: string }> {
  const node = await getNode(tx, id);
  if (node.used > 0) {
    throw new AppError('CONFLICT', {
      message: serverMessage(node.kind === 'odp' ? 'odp_has_customers' : 'node_has_children', { count: node.used }),
    });
  }
  await tx.sql`UPDATE tenant_customers SET odp_id = NULL WHERE odp_id = ${id}`; // terminated customers only
  await tx.db.delete(tenantTopologyNodes).where(eq(tenantTopologyNodes.id, id));
  await invalidateMap(services, tenantId);
  return { id };
}

/** For ODP assignment: refuses a full ODP. */
export async function assertOdpHasRoom(tx: TenantTx, odpId: string): Promise<void> {
  const node = await getNode(tx, odpId).catch(() => {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('odp_missing'), details: { odp_id: FIELD_MESSAGES.unknown_odp } });
  });
  if (node.kind !== 'odp') throw new AppError('VALIDATION_FAILED', { message: serverMessage('attach_to_odp'), details: { odp_id: FIELD_MESSAGES.choose_odp } });
  if (node.capacity !== null && node.used >= node.capacity) {
    throw new AppError('CONFLICT', { message: serverMessage('node_full', { node: node.name, capacity: node.capacity }), details: { odp_id: FIELD_MESSAGES.full } });
  }
}
