/**
 * Routers of a tenant: CRUD (credentials encrypted, never returned), status (DB row
 * written by router_sync, overlaid with the 1-minute live status cache), drift, an
 * on-demand sync job, live PPPoE sessions and kicking one.
 */
import { X509Certificate } from 'node:crypto';
import { sealSecret } from '../secrets/seal';
import { and, eq, sql } from 'drizzle-orm';
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { DriftItem, Router, RouterDetail } from '@rrnet/contracts';
import type { routerCreateInput, routerSyncInput, routerUpdateInput, routerKickInput } from '@rrnet/contracts';
import { tenantCustomers, tenantRouters } from '@rrnet/db/schema';
import type { TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { plainHttpRefusal, routerKey } from '@rrnet/routeros';
import type { RouterEndpoint, RouterOsClient } from '@rrnet/routeros';
import type { z } from 'zod';
import { conflictOnUnique } from '../unique_conflict';
import { ROUTER_STATUS_TTL_SECONDS, cacheKeys, invalidateMap } from './services';
import type { NetworkServices } from './services';

const routerColumns = {
  id: tenantRouters.id,
  name: tenantRouters.name,
  host: tenantRouters.host,
  port: tenantRouters.port,
  use_tls: tenantRouters.use_tls,
  tls_ca_pem: tenantRouters.tls_ca_pem,
  username: tenantRouters.username,
  status: tenantRouters.status,
  ros_version: tenantRouters.ros_version,
  identity: tenantRouters.identity,
  board_name: tenantRouters.board_name,
  uptime: tenantRouters.uptime,
  secret_count: tenantRouters.secret_count,
  active_count: tenantRouters.active_count,
  // spelled out: drizzle leaves columns unqualified in single-table selects, which would bind to the subquery's table
  customer_count: sql<number>`(SELECT count(*)::int FROM tenant_customers c WHERE c.tenant_id = tenant_routers.tenant_id AND c.router_id = tenant_routers.id AND c.status <> 'terminated')`,
  last_seen_at: tenantRouters.last_seen_at,
  last_sync_at: tenantRouters.last_sync_at,
  last_error: tenantRouters.last_error,
  drift_count: tenantRouters.drift_count,
  drift_checked_at: tenantRouters.drift_checked_at,
  address: tenantRouters.address,
  location: tenantRouters.location,
  created_at: tenantRouters.created_at,
};

type RouterRow = Omit<Router, 'location' | 'status' | 'tls_ca_fingerprint'> & { status: string; location: { x: number; y: number } | null };

export const toLatLng = (p: { x: number; y: number } | null) => (p ? { lat: p.y, lng: p.x } : null);
export const toPoint = (l: { lat: number; lng: number } | null | undefined) => (l ? { x: l.lng, y: l.lat } : l === null ? null : undefined);

function toRouter(row: RouterRow): Router {
  return { ...row, tls_ca_fingerprint: row.tls_ca_pem ? certificateFingerprint(row.tls_ca_pem) : null, status: row.status as Router['status'], location: toLatLng(row.location) };
}

/** SHA-256 of the certificate (colon hex, as browsers and RouterOS `/certificate print` show it); null when it does not parse. */
function certificateFingerprint(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

/**
 * The trust anchor an operator pasted, checked before it is stored: one parseable
 * certificate, not expired. The router's certificate must chain to it (or be it).
 */
function checkedCaPem(pem: string | null | undefined): string | null | undefined {
  if (pem === undefined || pem === null) return pem;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(pem);
  } catch {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('ca_unreadable'), details: { tls_ca_pem: FIELD_MESSAGES.pem_invalid } });
  }
  if (Date.parse(cert.validTo) < Date.now()) {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('ca_expired', { day: new Date(cert.validTo).toISOString().slice(0, 10) }), details: { tls_ca_pem: FIELD_MESSAGES.pem_expired } });
  }
  return pem;
}

/**
 * Where the deployment allows plain http only to loopback or through the tunnel
 * (production), a router saved without HTTPS elsewhere is refused with the reason,
 * rather than failing at every sync.
 */
function checkTransport(services: NetworkServices, r: { host: string; use_tls: boolean; tunnel_address: string | null }): void {
  const refusal = plainHttpRefusal({ host: r.host, useTls: r.use_tls, tunnelAddress: r.tunnel_address }, services.plainHttp ?? 'allowed');
  if (refusal) throw new AppError('VALIDATION_FAILED', { message: serverMessage('router_plain_http'), details: { use_tls: FIELD_MESSAGES.tls_required } });
}

/** The live status kept for a minute (spec TTL) by router_sync and by status probes. */
export interface CachedRouterStatus {
  status: 'online' | 'offline';
  ros_version: string | null;
  uptime: string | null;
  checked_at: string;
  error: string | null;
}

export async function cacheRouterStatus(services: NetworkServices, tenantId: string, routerId: string, value: CachedRouterStatus): Promise<void> {
  try {
    await services.redis.set(cacheKeys.routerStatus(services.cachePrefix, tenantId, routerId), value, { ex: ROUTER_STATUS_TTL_SECONDS });
  } catch (err) {
    services.logger.warn({ err }, 'router status cache unavailable');
  }
}

async function cachedStatuses(services: NetworkServices, tenantId: string, ids: string[]): Promise<(CachedRouterStatus | null)[]> {
  if (ids.length === 0) return [];
  try {
    return await services.redis.mget<(CachedRouterStatus | null)[]>(...ids.map((id) => cacheKeys.routerStatus(services.cachePrefix, tenantId, id)));
  } catch (err) {
    services.logger.warn({ err }, 'router status cache unavailable; showing the last sync');
    return ids.map(() => null);
  }
}

function overlay(router: Router, live: CachedRouterStatus | null): Router {
  if (!live) return router;
  return {
    ...router,
    status: live.status,
    ros_version: live.ros_version ?? router.ros_version,
    uptime: live.uptime ?? router.uptime,
    last_error: live.error,
    last_seen_at: live.status === 'online' ? new Date(live.checked_at) : router.last_seen_at,
  };
}

export async function listRouters(tx: TenantTx): Promise<Router[]> {
  const rows = await tx.db.select(routerColumns).from(tenantRouters).orderBy(tenantRouters.name);
  return rows.map((r) => toRouter(r as RouterRow));
}

async function findRouter(tx: TenantTx, id: string): Promise<Router & { drift: DriftItem[] }> {
  const [row] = await tx.db
    .select({ ...routerColumns, drift: tenantRouters.drift })
    .from(tenantRouters)
    .where(eq(tenantRouters.id, id));
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('router_not_found') });
  const { drift, ...rest } = row;
  return { ...toRouter(rest as RouterRow), drift: drift as DriftItem[] };
}

/** A router's endpoint with its decrypted password (for the adapter only; never returned or logged), and its tunnel address in tunnel mode. */
export async function routerEndpoint(tx: TenantTx, services: NetworkServices, routerId: string): Promise<RouterEndpoint> {
  const [row] = await tx.db
    .select({
      host: tenantRouters.host,
      port: tenantRouters.port,
      use_tls: tenantRouters.use_tls,
      tls_ca_pem: tenantRouters.tls_ca_pem,
      username: tenantRouters.username,
      password_enc: tenantRouters.password_enc,
      tunnel_address: tenantRouters.tunnel_address,
    })
    .from(tenantRouters)
    .where(eq(tenantRouters.id, routerId));
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('router_not_found') });
  // tunnel mode: the adapter dials the router's tunnel address (see tunnels.ts)
  return {
    host: row.host,
    port: row.port,
    useTls: row.use_tls,
    username: row.username,
    password: await services.secretBox.decrypt(row.password_enc),
    tunnelAddress: row.tunnel_address,
    caPem: row.tls_ca_pem,
  };
}

export async function routerClient(tx: TenantTx, services: NetworkServices, tenantId: string, routerId: string): Promise<RouterOsClient> {
  return services.routers.get(routerKey(tenantId, routerId), await routerEndpoint(tx, services, routerId));
}

/**
 * Live status through the 1-minute cache: a miss asks the router (through its breaker)
 * and caches the answer, so pages that poll do not reach the router more than once a minute.
 */
async function liveStatus(tx: TenantTx, services: NetworkServices, tenantId: string, routerId: string): Promise<CachedRouterStatus> {
  const [cached] = await cachedStatuses(services, tenantId, [routerId]);
  if (cached) return cached;
  const client = await routerClient(tx, services, tenantId, routerId);
  let value: CachedRouterStatus;
  try {
    const resource = await client.resource();
    value = { status: 'online', ros_version: resource.version, uptime: resource.uptime, checked_at: new Date().toISOString(), error: null };
  } catch (err) {
    value = { status: 'offline', ros_version: null, uptime: null, checked_at: new Date().toISOString(), error: err instanceof Error ? err.message : String(err) };
  }
  await cacheRouterStatus(services, tenantId, routerId, value);
  return value;
}

export async function getRouter(tx: TenantTx, services: NetworkServices, tenantId: string, id: string): Promise<RouterDetail> {
  const router = await findRouter(tx, id);
  const live = await liveStatus(tx, services, tenantId, id);
  const breaker = services.routers.breakerState(routerKey(tenantId, id));
  return { ...overlay(router, live), drift: router.drift, breaker_state: breaker };
}

const uniqueName = conflictOnUnique(serverMessage('router_name_taken'), { name: FIELD_MESSAGES.already_used });

export async function createRouter(
  tx: TenantTx,
  services: NetworkServices,
  tenantId: string,
  input: z.output<typeof routerCreateInput>,
): Promise<Router> {
  checkTransport(services, { host: input.host, use_tls: input.use_tls, tunnel_address: null });
  const [row] = await tx.db
    .insert(tenantRouters)
    .values({
      tenant_id: tenantId,
      name: input.name,
      host: input.host,
      port: input.port,
      use_tls: input.use_tls,
      tls_ca_pem: checkedCaPem(input.tls_ca_pem) ?? null,
      username: input.username,
      password_enc: await sealSecret(tx, services.secretBox, input.password),
      address: input.address ?? null,
      location: toPoint(input.location) ?? null,
    })
    .returning({ id: tenantRouters.id })
    .catch(uniqueName);
  await invalidateMap(services, tenantId);
  // first contact right away: status, version, drift
  await enqueue(tx.sql, 'router_sync', { router_id: row!.id, apply: false }, { tenantId });
  return (await findRouter(tx, row!.id)) satisfies Router;
}

export async function updateRouter(
  tx: TenantTx,
  services: NetworkServices,
  tenantId: string,
  input: z.output<typeof routerUpdateInput>,
): Promise<Router> {
  await findRouter(tx, input.id);
  const { id, password, location, ...rest } = input;
  const changes: Partial<typeof tenantRouters.$inferInsert> = { ...rest, updated_at: new Date() };
  if (rest.tls_ca_pem !== undefined) changes.tls_ca_pem = checkedCaPem(rest.tls_ca_pem);
  if (rest.host !== undefined || rest.use_tls !== undefined) {
    const [current] = await tx.db.select({ host: tenantRouters.host, use_tls: tenantRouters.use_tls, tunnel_address: tenantRouters.tunnel_address }).from(tenantRouters).where(eq(tenantRouters.id, id));
    checkTransport(services, { host: rest.host ?? current!.host, use_tls: rest.use_tls ?? current!.use_tls, tunnel_address: current!.tunnel_address });
  }
  if (password !== undefined) changes.password_enc = await sealSecret(tx, services.secretBox, password);
  if (location !== undefined) changes.location = toPoint(location) ?? null;
  await tx.db.update(tenantRouters).set(changes).where(eq(tenantRouters.id, id)).catch(uniqueName);
  if (location !== undefined) await invalidateMap(services, tenantId);
  const connectionChanged = ['host', 'port', 'use_tls', 'tls_ca_pem', 'username'].some((k) => k in rest) || password !== undefined;
  if (connectionChanged) {
    try {
      await services.redis.del(cacheKeys.routerStatus(services.cachePrefix, tenantId, id));
    } catch (err) {
      services.logger.warn({ err }, 'router status cache unavailable');
    }
    await enqueue(tx.sql, 'router_sync', { router_id: id, apply: false }, { tenantId });
  }
  return findRouter(tx, id);
}

export async function removeRouter(tx: TenantTx, id: string): Promise<{ id: string }> {
  await findRouter(tx, id);
  const [used] = await tx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(tenantCustomers)
    .where(and(eq(tenantCustomers.router_id, id), sql`${tenantCustomers.status} <> 'terminated'`));
  if ((used?.n ?? 0) > 0) {
    throw new AppError('CONFLICT', { message: serverMessage('router_has_customers', { count: used!.n }) });
  }
  await tx.sql`UPDATE tenant_customers SET router_id = NULL WHERE router_id = ${id}`;
  await tx.sql`UPDATE tenant_topology_nodes SET router_id = NULL WHERE router_id = ${id}`;
  await tx.sql`UPDATE tenant_isolation_events SET router_id = NULL WHERE router_id = ${id}`;
  await tx.sql`UPDATE tenant_outages SET router_id = NULL WHERE router_id = ${id}`;
  await tx.db.delete(tenantRouters).where(eq(tenantRouters.id, id));
  return { id };
}

export async function queueRouterSync(tx: TenantTx, tenantId: string, input: z.output<typeof routerSyncInput>): Promise<{ job_id: string; queued: boolean }> {
  await findRouter(tx, input.id);
  const job = await enqueue(tx.sql, 'router_sync', { router_id: input.id, apply: input.apply }, { tenantId });
  return { job_id: job.id, queued: true };
}

function routerUnavailable(err: unknown): never {
  throw new AppError('SERVICE_UNAVAILABLE', {
    message: serverMessage('router_no_answer', { error: err instanceof Error ? err.message : String(err) }),
    cause: err,
  });
}

export async function listRouterSessions(tx: TenantTx, services: NetworkServices, tenantId: string, id: string) {
  await findRouter(tx, id);
  const client = await routerClient(tx, services, tenantId, id);
  const active = await client.listActive().catch(routerUnavailable);
  return active.map((s) => ({ id: s.id, name: s.name, address: s.address, caller_id: s.callerId, uptime: s.uptime }));
}

export async function kickSession(tx: TenantTx, services: NetworkServices, tenantId: string, input: z.output<typeof routerKickInput>) {
  await findRouter(tx, input.id);
  const client = await routerClient(tx, services, tenantId, input.id);
  const kicked = await client.kickByName(input.pppoe_username).catch(routerUnavailable);
  await tx.sql`SELECT sys_audit_event('admin', 'router.session_kicked', ${JSON.stringify({ router_id: input.id, pppoe_username: input.pppoe_username, kicked })}::text::jsonb)`;
  return { kicked };
}
